#!/usr/bin/env node
import module from "node:module";

// Node 22.1+ keeps the compiled code of the modules loaded below between runs (in the OS's temp
// directory, keyed by their content), so the CLI starts sooner the second time; Node 20 has no such
// cache. lib/cli/bin.js keeps its own, next to Node's, for `plan`'s chunk, on every version
// (src/cli/lazy/code-cache.ts). NODE_DISABLE_COMPILE_CACHE=1 turns both off.
module.enableCompileCache?.();
await import("../lib/cli/bin.js");
