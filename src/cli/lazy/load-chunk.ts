import { createRequire } from "node:module";

/**
 * Loads, synchronously, a CommonJS chunk that scripts/cli/build-cli.mjs writes next to the CLI's
 * bundle. Only the bundle uses the modules of this folder (the build puts them in place of a
 * package): they let `plan` skip compiling and running a library that most documents never need,
 * at no cost to the callers, which stay synchronous.
 */
export function loadChunk(name: string): unknown {
  return createRequire(import.meta.url)(`./${name}`);
}
