/**
 * The app and the local GitHub find their data files (templates, package.json, the OpenAPI
 * subset, the example postmortem) relative to their own modules, which a build directory such as
 * `.demo/` puts one level deeper than in the checkout; so those files are copied next to the
 * compiled code before it runs.
 */
import { cpSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";

const ASSETS = ["package.json", "templates", "examples", "test/local-github/openapi"];

/**
 * `buildRoot` is the directory holding the compiled `src/`; the checkout is its parent. Does
 * nothing when run uncompiled (from the checkout itself, as vitest does). Copied on every run so
 * that none goes stale.
 */
export function copyAssetsInto(buildRoot: URL, buildDirName: string): void {
  if (basename(fileURLToPath(buildRoot)) !== buildDirName) return;
  const checkout = new URL("../", buildRoot);
  for (const asset of ASSETS) {
    cpSync(fileURLToPath(new URL(asset, checkout)), fileURLToPath(new URL(asset, buildRoot)), {
      recursive: true,
    });
  }
}
