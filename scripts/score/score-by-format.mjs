// @ts-check
/**
 * `npm run score`: the confusion report for the parser. Plans every labelled postmortem once with
 * the CLI (`plan --json`), then scores the plans with the shared scorer
 * (../shared/tools/score-corpus.mjs): overall, and once per label `format`, so that a rule that
 * helps one style of postmortem and hurts another shows. Every missed and spurious item is listed,
 * tagged with its document's format. The CLI runs once per document, not once per score.
 *
 * Usage: node scripts/score/score-by-format.mjs [LABEL_DIR...]   (after `npm run build`)
 * Default dirs: ../shared/corpus/seed and ../shared/corpus/dev, relative to the repository root.
 * Internal: `--cached CACHE_DIR FILE.md` prints the cached plan of FILE.md (the scorer's CMD).
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import console from "node:console";
import process from "node:process";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SCORER = resolve(root, "../shared/tools/score-corpus.mjs");
const CLI = join(root, "bin/postmortem-tracker.cjs");
const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);

/** A cache file name for a document path: its real path, flattened. */
const cacheName = (/** @type {string} */ md) =>
  realpathSync(md).replace(/[^\w.-]+/g, "_") + ".json";

if (args[0] === "--cached") {
  const [, cache = "", md = ""] = args;
  const file = join(cache, cacheName(md));
  if (existsSync(file)) process.stdout.write(readFileSync(file, "utf8"));
  else process.exit(1);
  process.exit(0);
}

const dirs =
  args.length > 0
    ? args.map((a) => resolve(a))
    : ["seed", "dev"].map((d) => resolve(root, "../shared/corpus", d));
if (!existsSync(SCORER)) {
  console.error(`score: the shared scorer is missing: ${SCORER}`);
  process.exit(1);
}
if (!existsSync(join(root, "lib/cli/bin.cjs"))) {
  console.error("score: run `npm run build` first");
  process.exit(1);
}

/** @type {{ md: string; json: string; format: string }[]} */
const docs = [];
for (const dir of dirs) {
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()) {
    const md = join(dir, f.replace(/\.json$/, ".md"));
    if (!existsSync(md)) continue;
    docs.push({ md, json: join(dir, f), format: readFormat(join(dir, f)) });
  }
}

const work = mkdtempSync(join(tmpdir(), "pm-score-"));
try {
  const cache = join(work, "plans");
  mkdirSync(cache);
  planAll(
    docs.map((d) => d.md),
    cache,
  );

  const formats = [...new Set(docs.map((d) => d.format))].sort();
  const byFormat = new Map();
  for (const format of formats) {
    // The scorer reads whole directories: give each format one of links to its documents.
    const dir = join(work, "by-format", format);
    mkdirSync(dir, { recursive: true });
    for (const d of docs.filter((x) => x.format === format)) {
      const name = `${basename(dirname(d.md))}-${basename(d.md, ".md")}`;
      symlinkSync(d.md, join(dir, `${name}.md`));
      symlinkSync(d.json, join(dir, `${name}.json`));
    }
    byFormat.set(format, score([dir], cache, false).line);
  }
  const overall = score(dirs, cache, true);
  const formatOf = new Map(docs.map((d) => [d.md, d.format]));

  console.log("Misses and spurious items (format, document):");
  let current = "";
  for (const row of overall.details.split("\n")) {
    if (row.startsWith("--- ")) {
      current = row.slice(4);
      console.log(`--- [${formatOf.get(current) ?? "?"}] ${current}`);
    } else if (row.trim() !== "") console.log(row);
  }
  console.log("\nScore per format:");
  const width = Math.max(...formats.map((f) => f.length));
  for (const format of formats) {
    const n = docs.filter((d) => d.format === format).length;
    console.log(
      `  ${format.padEnd(width)}  ${byFormat.get(format)}`.replace(/ docs \d+/, ` docs ${n}`),
    );
  }
  console.log(`\nOverall:\n  ${overall.line}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** The label's `format` field ("sre-table", "template", …). @param {string} file */
function readFormat(file) {
  /** @type {unknown} */
  const label = JSON.parse(readFileSync(file, "utf8"));
  if (typeof label !== "object" || label === null || !("format" in label)) return "unknown";
  return typeof label.format === "string" ? label.format : "unknown";
}

/**
 * Plans every document with one CLI run (it takes several files and prints an array); when that
 * run fails, plans them one by one, so one unreadable file costs only its own score.
 * @param {string[]} files
 * @param {string} cache
 */
function planAll(files, cache) {
  const run = (/** @type {string[]} */ paths) =>
    spawnSync(process.execPath, [CLI, "plan", "--json", ...paths], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
  const batch = run(files);
  if (batch.status === 0) {
    const plans = /** @type {unknown} */ (JSON.parse(batch.stdout));
    const list = Array.isArray(plans) ? plans : [plans];
    files.forEach((f, i) => {
      writeFileSync(join(cache, cacheName(f)), JSON.stringify(list[i]));
    });
    return;
  }
  for (const f of files) {
    const one = run([f]);
    if (one.status === 0) writeFileSync(join(cache, cacheName(f)), one.stdout);
  }
}

/**
 * @param {string[]} labelDirs
 * @param {string} cache
 * @param {boolean} verbose
 */
function score(labelDirs, cache, verbose) {
  const r = spawnSync(
    process.execPath,
    [
      SCORER,
      ...(verbose ? ["-v"] : []),
      ...labelDirs,
      "--",
      process.execPath,
      self,
      "--cached",
      cache,
    ],
    { encoding: "utf8", maxBuffer: 1 << 26 },
  );
  const line = r.stdout.trim().split("\n").at(-1) ?? "(no score)";
  return { line, details: r.stderr };
}
