// @ts-check
// Bundles the CLI's `plan` command, the one a person runs by hand and waits for, so that it starts
// fast (issue 14, goal 2). Run by `npm run build` and `prepare` after tsc: it replaces tsc's
// lib/cli/plan-command.js with one minified file holding everything `plan` loads (the parser,
// markdown-it, yaml, chrono), which spares Node hundreds of module resolutions and file reads.
// `node scripts/cli/build-cli.mjs OUT_DIR` builds into OUT_DIR/cli/ instead of lib/cli/ (the
// tests' cached build).
//
// What stays out of the bundle, on purpose:
// - ./command-specs.js, which main.js also imports: one module instance, so that main.js's
//   `instanceof UsageError` still recognises the errors plan throws;
// - sync and digest, which main.js imports from tsc's output only when they run; they need the
//   GitHub stack (Probot, Octokit), which `plan` must never load (checked below).
// `plan --config FILE` loads the config validator (zod) through a dynamic import, which becomes a
// chunk of its own (plan-*.js next to plan-command.js), loaded only then.
//
// With tsc alone (no bundle), lib/cli/plan-command.js is tsc's: the CLI works the same, slower.
import console from "node:console";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath, URL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../../", import.meta.url));
const outdir = join(resolve(root, process.argv[2] ?? "lib"), "cli");
const CHUNK_PREFIX = "plan-chunk-";

if (!existsSync(join(outdir, "main.js"))) {
  console.error(`${outdir}/main.js is missing: run tsc first (npm run build does both)`);
  process.exit(1);
}
// Chunk names carry a content hash: remove the previous build's, which nothing imports any more.
for (const name of readdirSync(outdir)) {
  if (name.startsWith(CHUNK_PREFIX)) rmSync(join(outdir, name));
}

/** Packages of the GitHub stack, which `plan` works without. */
const GITHUB_STACK = /node_modules\/(probot|@probot\/|@octokit\/|octokit|ioredis|prom-client|pino)/;

const result = await build({
  absWorkingDir: root,
  entryPoints: { "plan-command": "src/cli/plan-command.ts" },
  outdir,
  allowOverwrite: true,
  chunkNames: `${CHUNK_PREFIX}[hash]`,
  bundle: true,
  splitting: true,
  minify: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Maps for --enable-source-maps, as tsc writes for the rest of lib/; they point at src/ and
  // node_modules rather than carrying a copy of every source (1.4 MB more).
  sourcemap: true,
  sourcesContent: false,
  // yaml is CommonJS and requires Node's built-ins: give the ESM bundle a require.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
  },
  plugins: [
    {
      name: "keep-shared-cli-modules-external",
      setup(b) {
        b.onResolve({ filter: /^\.\/command-specs\.js$/ }, (args) => ({
          path: args.path,
          external: true,
        }));
      },
    },
  ],
  legalComments: "eof",
  metafile: true,
  logLevel: "warning",
});

const inputs = Object.keys(result.metafile.inputs);
const github = inputs.filter((path) => GITHUB_STACK.test(path));
if (github.length > 0) {
  console.error(`plan's bundle must not contain the GitHub stack, but has:\n${github.join("\n")}`);
  process.exit(1);
}
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith(".map")) console.log(`${file}: ${(output.bytes / 1024).toFixed(0)} KiB`);
}
