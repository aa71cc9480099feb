/**
 * Where the bench runs from. `npm run bench` runs it compiled, from `.bench/bench/`
 * (bench/tsconfig.json); its tests run it from source, in `bench/`. Paths into the checkout
 * (the CLI, fixtures, the corpus beside it) are taken from here so both work.
 */
import { cpSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";

const here = new URL("../", import.meta.url);
const compiled = basename(fileURLToPath(here)) === ".bench";

/** The repository's root directory, as a file URL ending in a slash. */
export const CHECKOUT = compiled ? new URL("../", here) : here;

/** `relative` (e.g. "bin/postmortem-tracker.cjs") under the repository root, as a path. */
export function inCheckout(relative: string): string {
  return fileURLToPath(new URL(relative, CHECKOUT));
}

// The app's modules and the local GitHub find their data files relative to themselves.
const ASSETS = ["package.json", "templates", "test/local-github/openapi"];

/**
 * Compiled, the app and the local GitHub sit one level deeper than in the checkout, so the data
 * files they read (templates, package.json, the OpenAPI subset) are copied next to them, on every
 * run so none goes stale. From source there is nothing to do.
 */
export function copyAssets(): void {
  if (!compiled) return;
  for (const asset of ASSETS) {
    cpSync(inCheckout(asset), fileURLToPath(new URL(asset, here)), { recursive: true });
  }
}
