#!/usr/bin/env node
"use strict";
// CommonJS, as is the bundle it runs (scripts/cli/build-cli.mjs says why).

// Node 22.1+ keeps the compiled code of the modules loaded below between runs (in the OS's temp
// directory, keyed by their content), so the CLI starts sooner the second time; Node 20 has no such
// cache. lib/cli/bin.cjs keeps its own, next to Node's, for `plan`'s chunk, on every version
// (src/cli/lazy/code-cache.ts). NODE_DISABLE_COMPILE_CACHE=1 turns both off.
require("node:module").enableCompileCache?.();
// V8 runs a regular expression's first match in its interpreter and compiles it to machine code on
// the second. Compiling the interpreter's bytecode is the dear part for the planner's long
// alternations (86 KB for the action-heading pattern, 7 ms), and in a run this short nearly every
// pattern reaches the second match anyway, so each would be compiled twice. Straight to machine
// code takes about a quarter off what `plan` adds to Node's own start (npm run bench, section 5).
// Set before any pattern is compiled; only this process is affected. Unknown flags are reported on
// stderr, which the built-binary test checks is empty on each Node that CI runs.
require("node:v8").setFlagsFromString("--no-regexp-tier-up");
require("../lib/cli/bin.cjs");
