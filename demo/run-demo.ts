/**
 * `npm run demo`: compiled by demo/tsconfig.json into `.demo/` and run from there.
 *
 * The app and the local GitHub find their data files (templates, package.json, the OpenAPI
 * subset, the example postmortem) relative to their own modules, which `.demo/` puts one level
 * deeper than in the checkout; so those files are copied next to the compiled code first.
 */
import { cpSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";

const ASSETS = ["package.json", "templates", "examples", "test/local-github/openapi"];

const here = new URL("./", import.meta.url);
const buildRoot = new URL("../", here);
const checkout = new URL("../", buildRoot);
// Under `.demo/demo/` the checkout is two levels up; copied on every run so none goes stale.
if (basename(fileURLToPath(buildRoot)) === ".demo") {
  for (const asset of ASSETS) {
    cpSync(fileURLToPath(new URL(asset, checkout)), fileURLToPath(new URL(asset, buildRoot)), {
      recursive: true,
    });
  }
}

const { runDemo } = await import("./demo.js");
try {
  const result = await runDemo({
    print: (text) => {
      process.stdout.write(`${text}\n`);
    },
  });
  if (result.items.length === 0) throw new Error("the demo filed no issues");
} catch (error) {
  console.error(
    `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
}
