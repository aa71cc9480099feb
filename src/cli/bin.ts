import { processIo } from "./io.js";
import { runCli } from "./main.js";

// No top-level await: the build bundles this entry as CommonJS (scripts/cli/build-cli.mjs).
void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
