import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { openCodeCache } from "./code-cache.js";

/** The last line of a chunk: the digest of all before it, which the build computes. */
const DIGEST_LINE = /\n\/\/# contentDigest=([0-9a-f]{40})\n?$/;

/**
 * Runs a CommonJS chunk that scripts/cli/build-cli.mjs writes next to the CLI's bundle, as
 * Node's `require` would, but compiled through node:vm so that V8's code for it is kept between
 * runs (code-cache.ts). `provided` answers the chunk's `require` of those names, so that it
 * shares modules with the bundle (one UsageError class) instead of loading copies. The chunk must
 * not use `import()`, which a vm script cannot (the build checks).
 */
export function runScriptChunk(name: string, provided: Record<string, unknown>): unknown {
  const path = join(dirname(fileURLToPath(import.meta.url)), name);
  const source = readFileSync(path, "utf8");
  // Hashing 160 KB would take ~2 ms (and loading node:crypto for --help): the build's digest
  // spares it. A chunk without one (not built by build-cli.mjs) is compiled without a cache.
  const digest = DIGEST_LINE.exec(source.slice(-64))?.[1];
  const cache = openCodeCache(name, digest);
  // The wrapper on a line of its own, so that stack traces give the file's own line numbers.
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {\n${source}\n})`,
    { filename: path, lineOffset: -1, cachedData: cache.data },
  );
  if (cache.data === undefined || script.cachedDataRejected === true) {
    // At exit, so that the data holds every function this run compiled, not only the top level.
    process.once("exit", () => {
      cache.save(() => script.createCachedData());
    });
  }
  const load = createRequire(path);
  const require = (id: string): unknown => (Object.hasOwn(provided, id) ? provided[id] : load(id));
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, require, module, path, dirname(path));
  return module.exports;
}
