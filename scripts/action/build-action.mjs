// @ts-check
// Builds the GitHub Action's bundle, dist/action/index.mjs, from src/action/main.ts: everything the
// Action runs (Probot's Octokit, the handlers, @actions/core) in one file, so that a workflow
// needs no install step. The bundle is committed; CI runs this again and fails if it differs.
//
// The bundle sits two directories below the repository's root, as src/render/render.ts sits
// below it, so the templates it reads relative to itself (../../templates/) are the ones the
// tag checks out next to it.
import console from "node:console";
import { fileURLToPath, URL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../../", import.meta.url));

const result = await build({
  absWorkingDir: root,
  entryPoints: ["src/action/main.ts"],
  outfile: "dist/action/index.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Some dependencies are CommonJS and require Node's built-ins: give the ESM bundle a require.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
  },
  legalComments: "eof",
  metafile: true,
  logLevel: "warning",
});

const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`dist/action/index.mjs: ${(bytes / 1024).toFixed(0)} KiB`);
