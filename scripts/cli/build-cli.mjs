// @ts-check
// Bundles the CLI, so that `plan`, the command a person runs by hand and waits for, starts fast
// (issue 14, goal 2). Run by `npm run build` and `prepare` after tsc. `node
// scripts/cli/build-cli.mjs OUT_DIR` builds into OUT_DIR/cli/ instead of lib/cli/ (the tests'
// cached build). It writes, into lib/cli/:
// - bin.cjs, which bin/postmortem-tracker.cjs runs: the CLI's entry, argument parsing and help,
//   small. CommonJS, because Node starts a CommonJS module graph sooner than an ES one (about
//   15 ms on Node 20, 20 ms on Node 22, of a `plan` that takes 150 to 180 ms). It sits next to
//   tsc's output, which it imports only for the commands that need it: sync and digest (they need
//   the GitHub stack, Probot and Octokit, which `plan` must never load, checked below) and
//   --version's reader of package.json. tsc's bin.js, the same entry unbundled, stays beside it.
// - cli-chunk-plan.cjs: `plan` and all it loads (the parser, markdown-it) in one minified file,
//   which spares Node the resolution, reading and compiling of hundreds of modules. bin.cjs runs it
//   as a vm script (src/cli/lazy/run-script-chunk.ts), so that V8's compiled code for it is kept
//   between runs, on every Node version (src/cli/lazy/code-cache.ts).
// - a CommonJS chunk for each package `plan` needs only for some documents (LAZY below) and one
//   for --config's validator (zod): loaded at their first use, so that most runs never compile
//   them.
//
// `node lib/cli/bin.js` (tsc's) runs the same CLI unbundled, slower to start.
import console from "node:console";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath, URL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../../", import.meta.url));
const outdir = join(resolve(root, process.argv[2] ?? "lib"), "cli");
const CHUNK_PREFIX = "cli-chunk-";
/** Earlier builds' chunk names: removed like ours, so that a rebuilt lib/ holds no stale file. */
const OLD_CHUNK_PREFIX = "plan-chunk-";

if (!existsSync(join(outdir, "bin.js"))) {
  console.error(`${outdir}/bin.js is missing: run tsc first (npm run build does both)`);
  process.exit(1);
}
for (const name of readdirSync(outdir)) {
  if (name.startsWith(CHUNK_PREFIX) || name.startsWith(OLD_CHUNK_PREFIX))
    rmSync(join(outdir, name));
}

/**
 * Packages `plan` needs only for some documents, each loaded at its first use from a CommonJS
 * chunk (synchronously: their callers are): in the bundle, an import of the package gets the
 * module of src/cli/lazy/ that stands for it, which loads the chunk. A chunk holds only the
 * exports that module forwards; its name is in that module too.
 */
const LAZY = [
  // Front matter and --config files.
  { name: "yaml", exports: ["parse"], standIn: "src/cli/lazy/yaml.ts", chunk: "yaml" },
  // Absolute dates in prose.
  {
    name: "chrono-node/en",
    exports: ["casual"],
    standIn: "src/cli/lazy/chrono-en.ts",
    chunk: "chrono-en",
  },
  // markdown-it's entity decoding, for link reference definitions with "&" or "\".
  {
    name: "entities",
    exports: ["decodeHTMLStrict"],
    standIn: "src/cli/lazy/entities.ts",
    chunk: "entities",
  },
];

/** Modules left to tsc's output: what the entry imports instead, from lib/cli/. */
const EXTERNAL = new Map([
  ["src/cli/sync-command.js", "./sync-command.js"],
  ["src/cli/digest-command.js", "./digest-command.js"],
  ["src/read-package-info.js", "../read-package-info.js"],
]);
/**
 * The chunks' too: the command specs, which plan's chunk gets from the entry (run-script-chunk.ts
 * answers its require of them), so that the two share one UsageError.
 */
const CHUNK_EXTERNAL = new Map([...EXTERNAL, ["src/cli/command-specs.js", "./command-specs.js"]]);

/** Modules of ours replaced by a stand-in that loads them from a chunk. */
const STAND_INS = new Map([
  // In the bundle: `plan`, a script chunk whose compiled code is cached between runs.
  ["src/cli/plan-command.js", "src/cli/lazy/plan-command.ts"],
  // In `plan`'s chunk, which cannot import(): --config's validator.
  ["src/config/parse-config.js", "src/cli/lazy/parse-config.ts"],
]);

/** Packages of the GitHub stack, which `plan` works without. */
const GITHUB_STACK = /node_modules\/(probot|@probot\/|@octokit\/|octokit|ioredis|prom-client|pino)/;
/** Packages that must reach `plan` only through a chunk of their own. */
const CHUNKED = /node_modules\/(yaml|chrono-node|entities|zod)\//;

/**
 * Resolves the stand-ins (of LAZY and STAND_INS) and `external`; `self`, the stand-in of the
 * module being built, is left alone.
 * @param {string | undefined} self
 * @param {Map<string, string>} external
 * @returns {import("esbuild").Plugin}
 */
function resolveCliModules(self, external) {
  return {
    name: "cli-modules",
    setup(b) {
      for (const { name, standIn } of LAZY) {
        const filter = new RegExp(`^${name.replace(/[/.-]/g, "\\$&")}$`);
        b.onResolve({ filter }, () => ({ path: join(root, standIn) }));
      }
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const from = relative(root, join(args.resolveDir, args.path));
        const standIn = STAND_INS.get(from);
        if (standIn !== undefined && from !== self) return { path: join(root, standIn) };
        const path = external.get(from);
        return path === undefined ? undefined : { path, external: true };
      });
    },
  };
}

/** @type {import("esbuild").BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  platform: "node",
  target: "node20",
  // Maps for --enable-source-maps, as tsc writes for the rest of lib/; they point at src/ and
  // node_modules rather than carrying a copy of every source.
  sourcemap: true,
  sourcesContent: false,
  legalComments: "eof",
  metafile: true,
  logLevel: "warning",
};

// The chunks are CommonJS, loaded synchronously (their callers are). src/cli/lazy/load-chunk.ts
// finds its siblings through import.meta.url, which CommonJS lacks: give them one.
/** @type {import("esbuild").BuildOptions} */
const cjs = {
  ...common,
  format: "cjs",
  banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__importMetaUrl" },
};

const builds = await Promise.all([
  // The entry, argument parsing and help; it import()s tsc's ES modules for sync and digest.
  build({
    ...cjs,
    entryPoints: ["src/cli/bin.ts"],
    outfile: join(outdir, "bin.cjs"),
    plugins: [resolveCliModules(undefined, EXTERNAL)],
  }),
  build({
    ...cjs,
    entryPoints: ["src/cli/plan-command.ts"],
    outfile: join(outdir, `${CHUNK_PREFIX}plan.cjs`),
    plugins: [resolveCliModules("src/cli/plan-command.js", CHUNK_EXTERNAL)],
  }),
  build({
    ...cjs,
    entryPoints: ["src/config/parse-config.ts"],
    outfile: join(outdir, `${CHUNK_PREFIX}config.cjs`),
    plugins: [resolveCliModules("src/config/parse-config.js", CHUNK_EXTERNAL)],
  }),
  ...LAZY.map(({ name, exports, chunk }) =>
    build({
      ...common,
      format: "cjs",
      stdin: {
        contents: `export { ${exports.join(", ")} } from ${JSON.stringify(name)};`,
        resolveDir: root,
      },
      outfile: join(outdir, `${CHUNK_PREFIX}${chunk}.cjs`),
    }),
  ),
]);

const [entry, plan] = builds;
const inputs = [entry, plan].flatMap((result) => Object.keys(result.metafile.inputs));
const github = inputs.filter((path) => GITHUB_STACK.test(path));
if (github.length > 0) {
  console.error(
    `the CLI's bundle and plan's chunk must not contain the GitHub stack, but has:\n${github.join("\n")}`,
  );
  process.exit(1);
}
if (Object.keys(entry.metafile.inputs).some((path) => path.startsWith("src/core/"))) {
  console.error("the CLI's entry must leave the planner to plan's chunk");
  process.exit(1);
}
const imports = Object.values(plan.metafile.outputs).flatMap((output) => output.imports);
if (imports.some((i) => i.kind === "dynamic-import")) {
  console.error("plan's chunk must not import(): it runs as a vm script, which cannot");
  process.exit(1);
}
const chunked = inputs.filter((path) => CHUNKED.test(path));
if (chunked.length > 0) {
  console.error(
    `the CLI's bundle and plan's chunk must load these from their chunks only:\n${chunked.join("\n")}`,
  );
  process.exit(1);
}
const warnings = builds.flatMap((result) => result.warnings);
if (warnings.length > 0) {
  // A stand-in without an export its package has, for one: the bundle would read undefined.
  console.error(`${warnings.length} warning(s) from esbuild (above): fix them`);
  process.exit(1);
}
// The digest src/cli/lazy/run-script-chunk.ts keys the code cache with, so that it need not hash
// the chunk on every run. Appended after the source map's line, which maps the lines above it.
const planChunk = join(outdir, `${CHUNK_PREFIX}plan.cjs`);
const digest = createHash("sha1").update(readFileSync(planChunk, "utf8")).digest("hex");
appendFileSync(planChunk, `\n//# contentDigest=${digest}\n`);

for (const result of builds) {
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith(".map")) console.log(`${file}: ${(output.bytes / 1024).toFixed(0)} KiB`);
  }
}
