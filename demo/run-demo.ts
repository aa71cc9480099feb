/**
 * `npm run demo`: compiled by demo/tsconfig.json into `.demo/` and run from there.
 */
import { copyAssetsInto } from "./build-assets.js";

copyAssetsInto(new URL("../", import.meta.url), ".demo");

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
