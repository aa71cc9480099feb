/**
 * `npm run bench`: how fast the planner reads postmortems, against the goals the project set
 * (planner within 1.25× of the bare remark parse, the baseline they were set on; p99 under
 * 20 ms per document; a 1 MiB postmortem under 2 s), plus a linearity check and adversarial inputs that expose super-linear
 * code, how fast `postmortem-tracker plan` starts against `node -e 0` (cli-start.ts), and the
 * markdown parsers side by side: the one in use (markdown-it) and the alternatives issue 14 asked
 * for (parsers.ts). Prints one report; exits 1 only when the corpus is missing.
 *
 * Usage: `npm run bench [-- corpus-dir]`, which builds the app (`lib/`, for the CLI start section)
 * and compiles the bench into `.bench/` (bench/tsconfig.json), then runs
 * `node --expose-gc .bench/bench/run-bench.js [corpus-dir]`.
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import os from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultConfig } from "../src/config/parse-config.js";
import { parseMarkdown } from "../src/core/markdown/parse-markdown.js";
import { MAX_DOCUMENT_BYTES, parsePostmortem } from "../src/core/parse-postmortem.js";
import { planPostmortem } from "../src/core/plan-postmortem.js";
import type { CaseRequest, ChildMessage, Phase } from "./adversarial-child.js";
import { copyAssets } from "./checkout.js";
import { benchCliStart } from "./cli-start.js";
import { defaultCorpusDir, loadCorpus, type Corpus } from "./corpus.js";
import {
  formatBytes,
  formatMs,
  formatNumber,
  formatRatio,
  renderTable,
  verdict,
  type Goal,
} from "./format.js";
import { ADVERSARIAL_CASES, buildDocument, KiB, MiB, NOW } from "./inputs.js";
import { parseWithRemark, PARSERS } from "./parsers.js";
import {
  growthPerDoubling,
  megabytesPerSecond,
  summarize,
  type SizedRun,
  type Summary,
} from "./measure.js";

const GOAL_RATIO = 1.25;
const GOAL_P99_MS = 20;
const GOAL_LARGE_MS = 2000;
/** Growth per doubling above which the planner counts as super-linear (2 is linear). */
const LINEAR_GROWTH_LIMIT = 2.5;
const WARM_UP_ROUNDS = 1;
const ROUNDS = 4;
/** Per phase of an adversarial case: 3× the 1 MiB goal is already a clear miss. */
const PHASE_TIMEOUT_MS = 6000;
const CHILD = fileURLToPath(new URL("./adversarial-child.js", import.meta.url));

const config = defaultConfig();
const gc = (globalThis as { gc?: () => void }).gc;
// Every result feeds this and it is printed, so no call can be optimised away.
let sink = 0;

/** Sections 1 and 2: the planner beside both parses, and its ratio to each. */
const PLAN_VS_PARSE_COLUMNS = [
  "figure",
  "planPostmortem",
  "parse: markdown-it (in use)",
  "parse: remark (baseline)",
  "plan / markdown-it",
  "plan / remark",
];

function plan(text: string): number {
  return planPostmortem({ path: "bench.md", text, config, now: NOW }).items.length;
}

function parse(text: string): number {
  return parseMarkdown(text).children.length;
}

/** The bare parse the ratio goals were set against (issue 14: "planner / bare remark parse"). */
function parseRemark(text: string): number {
  return parseWithRemark(text).children.length;
}

interface Timed {
  samples: number[];
  /**
   * CPU time of the process per call, ms (µs resolution): unlike wall time it does not count the
   * time other processes held the CPU, but it counts every thread, the garbage collector's too.
   */
  cpu: number[];
  errors: string[];
}

/** Per-call wall time of `fn` on each text, over `rounds` rounds. */
function timeEach(texts: readonly string[], fn: (text: string) => number, rounds: number): Timed {
  const timed: Timed = { samples: [], cpu: [], errors: [] };
  for (let round = 0; round < rounds; round++) {
    for (const text of texts) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      try {
        sink += fn(text);
      } catch (error) {
        timed.errors.push(error instanceof Error ? error.message : String(error));
      }
      timed.samples.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      timed.cpu.push((used.user + used.system) / 1000);
    }
  }
  return timed;
}

/** One warm run of `fn`; a throw is reported, not fatal, so one bad input cannot end the report. */
function timeOnce(fn: () => number): { ms: number; value: number | null } {
  gc?.();
  const start = performance.now();
  let value: number | null = null;
  try {
    value = fn();
    sink += value;
  } catch (error) {
    console.log(`  ! THREW: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { ms: performance.now() - start, value };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** `text` as a paragraph of lines at most `width` wide, each indented by two spaces. */
function paragraph(text: string, width = 100): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width - 2) {
      lines.push(`  ${line}`);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(`  ${line}`);
  return lines.join("\n");
}

function section(title: string): void {
  gc?.();
  console.log(`\n${title}`);
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(1);
}

function readCorpus(): Corpus {
  const arg = process.argv[2];
  const dir = arg === undefined ? defaultCorpusDir() : resolve(arg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    fail(
      `corpus directory not found: ${dir}\n` +
        "  Pass a directory of postmortem .md files, or check out the corpus at ../shared/corpus " +
        "(relative to the repository root).",
    );
  }
  const corpus = loadCorpus(dir);
  if (corpus.documents.length === 0) fail(`no .md postmortems under ${dir}`);
  return corpus;
}

// ---------------------------------------------------------------------------------------------

interface CorpusResult {
  plan: Summary;
  /** markdown-it's parse, the one the planner does. */
  parse: Summary;
  /** remark's parse, the goals' baseline. */
  remark: Summary;
  /** The same calls measured in CPU time (Timed.cpu). */
  cpu: { plan: Summary; parse: Summary };
  bytesPerRound: number;
}

function benchCorpus(corpus: Corpus, goals: Goal[]): CorpusResult {
  const texts = corpus.documents.map((d) => d.text);
  const bytesPerRound = corpus.documents.reduce((n, d) => n + d.bytes, 0);
  section(
    `1. Corpus throughput: ${plural(WARM_UP_ROUNDS, "warm-up round")}, then ${plural(ROUNDS, "measured round")} over ` +
      `${texts.length} documents; wall time per document (performance.now)`,
  );
  for (let i = 0; i < WARM_UP_ROUNDS; i++) {
    timeEach(texts, plan, 1);
    timeEach(texts, parse, 1);
    timeEach(texts, parseRemark, 1);
  }
  // Rounds alternate so that drift in machine load hits every column alike.
  const planSamples: number[] = [];
  const parseSamples: number[] = [];
  const remarkSamples: number[] = [];
  const planCpu: number[] = [];
  const parseCpu: number[] = [];
  const errors: string[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    gc?.();
    const p = timeEach(texts, plan, 1);
    gc?.();
    const q = timeEach(texts, parse, 1);
    gc?.();
    const r = timeEach(texts, parseRemark, 1);
    planSamples.push(...p.samples);
    parseSamples.push(...q.samples);
    remarkSamples.push(...r.samples);
    planCpu.push(...p.cpu);
    parseCpu.push(...q.cpu);
    errors.push(...p.errors, ...q.errors, ...r.errors);
  }
  const planSummary = summarize(planSamples);
  const parseSummary = summarize(parseSamples);
  const remarkSummary = summarize(remarkSamples);
  const cpuSummary = { plan: summarize(planCpu), parse: summarize(parseCpu) };
  const bytes = bytesPerRound * ROUNDS;
  const docs = texts.length * ROUNDS;
  const ratios = (f: (s: Summary) => number): string[] => [
    formatRatio(f(planSummary) / f(parseSummary)),
    formatRatio(f(planSummary) / f(remarkSummary)),
  ];
  const row = (label: string, f: (s: Summary) => string, ratio: string[] = []): string[] => [
    label,
    f(planSummary),
    f(parseSummary),
    f(remarkSummary),
    ...ratio,
  ];
  const totalRatio = planSummary.totalMs / remarkSummary.totalMs;
  const p99Ratio = planSummary.p99Ms / remarkSummary.p99Ms;
  console.log(
    renderTable(PLAN_VS_PARSE_COLUMNS, [
      row("input per round", () => `${formatNumber(bytesPerRound / 1e6, 3)} MB`),
      row(
        `total time, ${ROUNDS} rounds`,
        (s) => formatMs(s.totalMs),
        ratios((s) => s.totalMs),
      ),
      row("throughput, MB/s", (s) => formatNumber(megabytesPerSecond(bytes, s.totalMs))),
      row("documents/s", (s) => formatNumber(docs / (s.totalMs / 1000), 0)),
      row(
        "p50 per document",
        (s) => formatMs(s.p50Ms),
        ratios((s) => s.p50Ms),
      ),
      row(
        "p99 per document",
        (s) => formatMs(s.p99Ms),
        ratios((s) => s.p99Ms),
      ),
      row("max per document", (s) => formatMs(s.maxMs)),
      [
        "CPU time: total",
        formatMs(cpuSummary.plan.totalMs),
        formatMs(cpuSummary.parse.totalMs),
        "",
        formatRatio(cpuSummary.plan.totalMs / cpuSummary.parse.totalMs),
      ],
      [
        "CPU time: p99 per document",
        formatMs(cpuSummary.plan.p99Ms),
        formatMs(cpuSummary.parse.p99Ms),
        "",
        formatRatio(cpuSummary.plan.p99Ms / cpuSummary.parse.p99Ms),
      ],
    ]),
  );
  console.log(
    `  (MB = 10^6 bytes; ${docs} samples per column; wall time is what the goals measure, CPU time ` +
      "leaves out the time other processes held the CPU but counts the garbage collector's threads)",
  );
  if (errors.length > 0) console.log(`  ${errors.length} calls THREW, first: ${errors[0] ?? ""}`);
  goals.push(
    {
      name: "planner / bare remark parse, total time (corpus)",
      measured: formatRatio(totalRatio),
      target: `≤ ${GOAL_RATIO}×`,
      result: verdict(totalRatio <= GOAL_RATIO),
    },
    {
      name: "planner / bare remark parse, per-document p99 (corpus)",
      measured: formatRatio(p99Ratio),
      target: `≤ ${GOAL_RATIO}×`,
      result: verdict(p99Ratio <= GOAL_RATIO),
    },
    {
      name: "planner p99 per document (corpus)",
      measured: formatMs(planSummary.p99Ms),
      target: `< ${GOAL_P99_MS} ms`,
      result: verdict(planSummary.p99Ms < GOAL_P99_MS),
    },
  );
  return {
    plan: planSummary,
    parse: parseSummary,
    remark: remarkSummary,
    cpu: cpuSummary,
    bytesPerRound,
  };
}

// ---------------------------------------------------------------------------------------------

function benchLarge(
  texts: readonly string[],
  goals: Goal[],
): { ms: number; bytes: number; text: string } {
  const text = buildDocument(texts, MiB);
  const bytes = Buffer.byteLength(text);
  section(
    `2. A 1 MiB postmortem: ${bytes.toLocaleString("en-US")} bytes of corpus documents, ` +
      "concatenated whole, the last one cut at a line",
  );
  const { ms: planMs, value: planned } = timeOnce(() => plan(text));
  const { ms: parseMs } = timeOnce(() => parse(text));
  const { ms: remarkMs } = timeOnce(() => parseRemark(text));
  const items = planned ?? 0;
  const ratio = planMs / remarkMs;
  console.log(
    renderTable(PLAN_VS_PARSE_COLUMNS, [
      [
        "time (one warm run)",
        formatMs(planMs),
        formatMs(parseMs),
        formatMs(remarkMs),
        formatRatio(planMs / parseMs),
        formatRatio(ratio),
      ],
      [
        "throughput, MB/s",
        ...[planMs, parseMs, remarkMs].map((ms) => formatNumber(megabytesPerSecond(bytes, ms))),
      ],
    ]),
  );
  console.log(`  ${items} action items planned, ${text.split("\n").length} lines`);
  goals.push(
    {
      name: "planner, 1 MiB postmortem",
      measured: formatMs(planMs),
      target: `< ${GOAL_LARGE_MS / 1000} s`,
      result: verdict(planMs < GOAL_LARGE_MS && items > 0),
    },
    {
      name: "planner / bare remark parse, 1 MiB postmortem",
      measured: formatRatio(ratio),
      target: `≤ ${GOAL_RATIO}×`,
      result: verdict(ratio <= GOAL_RATIO),
    },
  );
  return { ms: planMs, bytes, text };
}

// ---------------------------------------------------------------------------------------------

function benchLinearity(
  texts: readonly string[],
  oneMiB: { ms: number; bytes: number },
  goals: Goal[],
): void {
  // The largest size stays within the planner's cap, or it would measure the refusal.
  const largest = Math.min(2 * MiB, MAX_DOCUMENT_BYTES);
  const sizes = [256 * KiB, 512 * KiB, MiB, largest];
  section(
    "3. Linearity: planPostmortem on growing concatenations of the corpus " +
      "(one warm run each; growth ≈ 2 per doubling is linear)",
  );
  const rows: string[][] = [];
  const runs: SizedRun[] = [];
  for (const size of sizes) {
    let ms: number;
    let bytes: number;
    let items = "(section 2)";
    if (size === MiB) {
      ({ ms, bytes } = oneMiB);
    } else {
      const text = buildDocument(texts, size);
      bytes = Buffer.byteLength(text);
      const run = timeOnce(() => plan(text));
      ms = run.ms;
      items = run.value === null ? "threw" : String(run.value);
    }
    const previous = runs.at(-1);
    const growth = previous === undefined ? NaN : growthPerDoubling(previous, { ms, bytes });
    runs.push({ ms, bytes });
    rows.push([
      formatBytes(size),
      String(bytes),
      items,
      formatMs(ms),
      formatNumber((ms * 1000) / (bytes / KiB), 0),
      Number.isFinite(growth) ? formatNumber(growth) : "",
    ]);
  }
  console.log(
    renderTable(["size", "bytes", "items", "plan time", "µs per KiB", "growth per doubling"], rows),
  );
  // Over the whole range, as one step's factor swings with machine noise.
  const first = runs[0];
  const last = runs.at(-1);
  const overall = first && last ? growthPerDoubling(first, last) : NaN;
  console.log(
    `  growth per doubling over the whole range, ${formatBytes(sizes[0] ?? NaN)} to ` +
      `${formatBytes(largest)}: ${formatNumber(overall)}`,
  );
  goals.push({
    name: "planner growth per doubling, 256 KiB to 2 MiB",
    measured: formatNumber(overall),
    target: `≤ ${LINEAR_GROWTH_LIMIT} (2 = linear)`,
    result: verdict(overall <= LINEAR_GROWTH_LIMIT),
  });
}

// ---------------------------------------------------------------------------------------------

type Outcome =
  | { kind: "done"; ms: number; items: number | null; error: string | null }
  | { kind: "timeout" }
  | { kind: "failed"; reason: string };

/**
 * One child process that runs one phase of the adversarial cases, one case at a time. A case that
 * overruns gets the child killed; the next case starts a fresh one.
 */
class PhaseRunner {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private listener: ((message: ChildMessage) => void) | null = null;
  private stderr = "";
  private readonly corpusDir: string;
  private readonly phase: Phase;

  constructor(corpusDir: string, phase: Phase) {
    this.corpusDir = corpusDir;
    this.phase = phase;
  }

  private start(): Promise<void> {
    this.stderr = "";
    const child = fork(CHILD, [this.corpusDir, this.phase], {
      execArgv: [],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    this.child = child;
    child.stderr?.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.on("message", (raw) => this.listener?.(raw as ChildMessage));
    return new Promise((ready, failed) => {
      this.listener = (message) => {
        if (message.kind === "ready") ready();
      };
      child.once("exit", () => {
        failed(new Error(this.lastError()));
      });
    });
  }

  private lastError(): string {
    return this.stderr.trim().split("\n").at(-1) ?? "";
  }

  async run(index: number): Promise<Outcome> {
    try {
      this.ready ??= this.start();
      await this.ready;
    } catch (error) {
      this.stop();
      return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
    }
    const child = this.child;
    if (child === null) return { kind: "failed", reason: "no child process" };
    return new Promise((done) => {
      const timer = setTimeout(() => {
        this.stop();
        done({ kind: "timeout" });
      }, PHASE_TIMEOUT_MS);
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        clearTimeout(timer);
        this.child = null;
        this.ready = null;
        const status = code === null ? (signal ?? "unknown") : `code ${code}`;
        done({ kind: "failed", reason: `child exited (${status}) ${this.lastError()}`.trim() });
      };
      child.once("exit", onExit);
      this.listener = (message) => {
        if (message.kind !== "result" || message.index !== index) return;
        clearTimeout(timer);
        child.off("exit", onExit);
        const { ms, items, error } = message;
        done({ kind: "done", ms, items, error });
      };
      child.send({ index } satisfies CaseRequest);
    });
  }

  stop(): void {
    const child = this.child;
    this.child = null;
    this.ready = null;
    if (child === null) return;
    child.removeAllListeners("exit");
    child.kill("SIGKILL");
  }
}

// With a core for each, the plan and the parse run side by side: half the wall time.
const CONCURRENT_PHASES = os.availableParallelism() >= 2;

async function runCase(
  index: number,
  planRunner: PhaseRunner,
  parseRunner: PhaseRunner,
): Promise<[Outcome, Outcome]> {
  if (CONCURRENT_PHASES) return Promise.all([planRunner.run(index), parseRunner.run(index)]);
  return [await planRunner.run(index), await parseRunner.run(index)];
}

function describeOutcome(outcome: Outcome): string {
  if (outcome.kind === "timeout") return `> ${formatMs(PHASE_TIMEOUT_MS)}`;
  if (outcome.kind === "failed") return "crashed";
  return outcome.error === null ? formatMs(outcome.ms) : `threw after ${formatMs(outcome.ms)}`;
}

async function benchAdversarial(
  corpus: Corpus,
  corpusRate: number,
  goals: Goal[],
): Promise<Outcome[]> {
  section(
    "4. Adversarial inputs: plan and parse each in a child process warmed on the corpus" +
      (CONCURRENT_PHASES ? ", the two side by side" : "") +
      `; a phase is killed after ${formatMs(PHASE_TIMEOUT_MS)}. Goal: no throw, plan < ${GOAL_LARGE_MS / 1000} s`,
  );
  const rows: string[][] = [];
  const notes: string[] = [];
  const parses: Outcome[] = [];
  let passed = 0;
  const planRunner = new PhaseRunner(corpus.dir, "plan");
  const parseRunner = new PhaseRunner(corpus.dir, "parse");
  for (const [index, adversarial] of ADVERSARIAL_CASES.entries()) {
    const [planOutcome, parseOutcome] = await runCase(index, planRunner, parseRunner);
    parses.push(parseOutcome);
    const planMs = planOutcome.kind === "done" ? planOutcome.ms : NaN;
    const parseMs = parseOutcome.kind === "done" ? parseOutcome.ms : NaN;
    const bytes = Buffer.byteLength(adversarial.build());
    const timedOut = planOutcome.kind === "timeout";
    const cost = (timedOut ? PHASE_TIMEOUT_MS : planMs) / bytes / corpusRate;
    const ok =
      planOutcome.kind === "done" && planOutcome.error === null && planOutcome.ms < GOAL_LARGE_MS;
    if (ok) passed++;
    for (const [phase, outcome] of [
      ["planPostmortem", planOutcome],
      ["parseMarkdown", parseOutcome],
    ] as const) {
      if (outcome.kind === "done" && outcome.error !== null)
        notes.push(`${adversarial.name}: ${phase} threw ${outcome.error}`);
      if (outcome.kind === "failed") notes.push(`${adversarial.name}: ${phase} ${outcome.reason}`);
    }
    rows.push([
      adversarial.name,
      formatBytes(bytes),
      describeOutcome(planOutcome),
      describeOutcome(parseOutcome),
      formatRatio(planMs / parseMs),
      `${timedOut ? "> " : ""}${formatNumber(cost, 1)}×`,
      planOutcome.kind === "done" && planOutcome.items !== null ? String(planOutcome.items) : "",
      verdict(ok),
    ]);
  }
  planRunner.stop();
  parseRunner.stop();
  console.log(
    renderTable(
      [
        "case",
        "size",
        "plan",
        "parse",
        "plan / parse",
        "plan cost/byte vs corpus",
        "items",
        "result",
      ],
      rows,
    ),
  );
  for (const note of notes) console.log(`  ! ${note}`);
  goals.push({
    name: "adversarial inputs: no throw, plan < 2 s",
    measured: `${passed} of ${ADVERSARIAL_CASES.length}`,
    target: `${ADVERSARIAL_CASES.length} of ${ADVERSARIAL_CASES.length}`,
    result: verdict(passed === ADVERSARIAL_CASES.length),
  });
  return parses;
}

// ---------------------------------------------------------------------------------------------

interface ParserResult {
  name: string;
  corpusMs: number;
}

/**
 * Issue 14 asked for the parsers side by side: remark as the planner used it, micromark with only
 * the extensions the planner reads, and markdown-it (what the planner uses now). Each on the
 * corpus, the 1 MiB postmortem and the adversarial inputs, and whether it keeps every position
 * the planner needs: the corpus planned with it must give the same plans as the parser in use.
 */
async function benchParsers(
  corpus: Corpus,
  oneMiB: string,
  inUse: readonly Outcome[],
  planTotalMs: number,
): Promise<ParserResult[]> {
  const texts = corpus.documents.map((d) => d.text);
  const bytes = corpus.documents.reduce((n, d) => n + d.bytes, 0) * ROUNDS;
  section(
    `8. Markdown parsers side by side: ${plural(ROUNDS, "measured round")} over the corpus after ` +
      `${plural(WARM_UP_ROUNDS, "warm-up round")}, one warm run of the 1 MiB postmortem, and the ` +
      `adversarial inputs in child processes (killed after ${formatMs(PHASE_TIMEOUT_MS)})`,
  );
  const reference = texts.map((t) => JSON.stringify(parsePostmortem(t, NOW)));
  const rows: string[][] = [];
  const results: ParserResult[] = [];
  for (const { name, parse } of PARSERS) {
    const fn = (text: string): number => parse(text).children.length;
    for (let i = 0; i < WARM_UP_ROUNDS; i++) timeEach(texts, fn, 1);
    gc?.();
    const timed = summarize(timeEach(texts, fn, ROUNDS).samples);
    const large = timeOnce(() => fn(oneMiB));
    const same = texts.filter(
      (t, i) => JSON.stringify(parsePostmortem(t, NOW, parse)) === reference[i],
    ).length;
    results.push({ name, corpusMs: timed.totalMs });
    rows.push([
      name,
      formatMs(timed.totalMs),
      formatNumber(megabytesPerSecond(bytes, timed.totalMs)),
      formatMs(timed.p99Ms),
      formatMs(large.ms),
      `${same} of ${texts.length}`,
      formatRatio(planTotalMs / timed.totalMs),
    ]);
  }
  console.log(
    renderTable(
      [
        "parser",
        `corpus, ${ROUNDS} rounds`,
        "MB/s",
        "p99 per document",
        "1 MiB postmortem",
        "same plans as in use",
        "planner / this parse",
      ],
      rows,
    ),
  );

  const remarkRunner = new PhaseRunner(corpus.dir, "remark");
  const micromarkRunner = new PhaseRunner(corpus.dir, "micromark");
  const adversarial: string[][] = [];
  for (const [index, adversarialCase] of ADVERSARIAL_CASES.entries()) {
    const [remark, micromark] = CONCURRENT_PHASES
      ? await Promise.all([remarkRunner.run(index), micromarkRunner.run(index)])
      : [await remarkRunner.run(index), await micromarkRunner.run(index)];
    const current = inUse[index];
    adversarial.push([
      adversarialCase.name,
      describeOutcome(remark),
      describeOutcome(micromark),
      current === undefined ? "" : describeOutcome(current),
    ]);
  }
  remarkRunner.stop();
  micromarkRunner.stop();
  console.log("");
  console.log(
    renderTable(["adversarial case, parse only", ...PARSERS.map((p) => p.name)], adversarial),
  );
  const [remark, micromark, markdownIt] = results;
  if (remark && micromark && markdownIt) {
    console.log(
      paragraph(
        "In use: markdown-it's block parser with our rules (src/core/markdown/parse-markdown.ts). " +
          `It parses the corpus ${formatRatio(remark.corpusMs / markdownIt.corpusMs)} as fast as remark ` +
          `and ${formatRatio(micromark.corpusMs / markdownIt.corpusMs)} as fast as micromark with fewer ` +
          "extensions, and keeps every position the planner reads: the same plans (column above), " +
          "the same blocks at the same offsets (test/core/parse-markdown.test.ts checks them against " +
          "remark on the corpus, the fixtures and generated documents). micromark with fewer " +
          "extensions keeps the positions too, but its tokenizer stays the floor shown above.",
      ),
    );
  }
  return results;
}

/**
 * The ratio goals' baseline: remark's parse, on which issue 14 set them. Says why they are not
 * measured against the parse the planner does now, with this run's figures for both.
 */
function explainRatio(corpus: CorpusResult): void {
  const parseMs = corpus.parse.totalMs;
  const ownMs = corpus.plan.totalMs - parseMs;
  console.log("");
  console.log(
    paragraph(
      `planner p99: ${formatMs(corpus.plan.p99Ms)} wall time, ${formatMs(corpus.cpu.plan.p99Ms)} CPU ` +
        `time, load average ${formatNumber(os.loadavg()[0] ?? NaN)}. Wall time also counts the time ` +
        "other processes held the CPU; CPU time counts every thread of the process, the garbage " +
        "collector's helpers too, so it can be the larger.",
    ),
  );
  console.log("");
  console.log(
    paragraph(
      `planner / bare remark parse: issue 14 set the ${GOAL_RATIO}× goals against the bare remark ` +
        "parse (remark-parse, remark-gfm, front matter), when that parse was the planner's floor, " +
        "and asked to switch to a faster parser that keeps every position the planner needs. The " +
        `planner now parses with markdown-it, ${formatRatio(corpus.remark.totalMs / parseMs)} as ` +
        `fast as remark on the corpus, so the goals stay on the parse they were set on. Against the ` +
        `parse it does now the planner is ${formatRatio(corpus.plan.totalMs / parseMs)} (total) and ` +
        `${formatRatio(corpus.plan.p99Ms / corpus.parse.p99Ms)} (p99): its own passes (sections, ` +
        `fields, owners, dates: plan − parse) take ${formatMs(ownMs)}, ` +
        `${formatRatio(ownMs / parseMs)} the parse, and no planner that reads the words of every ` +
        `line can come within ${GOAL_RATIO}× of a parse that only splits blocks. Those ratios are ` +
        "shown above and are not goals.",
    ),
  );
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const corpus = readCorpus();
  const texts = corpus.documents.map((d) => d.text);
  const load = os.loadavg()[0] ?? NaN;
  console.log("postmortem-tracker planner benchmark");
  console.log(
    `  node ${process.version} on ${process.platform} ${process.arch}, ${os.availableParallelism()} CPUs, ` +
      `load average ${formatNumber(load)} at start (other processes skew timings)`,
  );
  console.log(
    `  corpus ${corpus.dir}: ${texts.length} documents` +
      (corpus.skipped.length > 0 ? ` (not counted: ${corpus.skipped.join(", ")})` : ""),
  );
  console.log(
    `  planPostmortem({ config: defaultConfig(), now: "${NOW}" }) vs parseMarkdown; ` +
      `gc between sections: ${gc ? "yes" : "no (run with --expose-gc)"}`,
  );

  const goals: Goal[] = [];
  const took: string[] = [];
  let mark = performance.now();
  const lap = (name: string): void => {
    took.push(`${name} ${formatMs(performance.now() - mark)}`);
    mark = performance.now();
  };
  const corpusResult = benchCorpus(corpus, goals);
  lap("corpus");
  const oneMiB = benchLarge(texts, goals);
  lap("1 MiB");
  benchLinearity(texts, oneMiB, goals);
  lap("linearity");
  const corpusRate = corpusResult.plan.totalMs / (corpusResult.bytesPerRound * ROUNDS);
  const inUse = await benchAdversarial(corpus, corpusRate, goals);
  lap("adversarial");
  goals.push(benchCliStart());
  lap("CLI start");
  goals.push(...(await (await import("./webhook-answer.js")).benchWebhookAnswer()));
  lap("webhook answer");
  goals.push(...(await (await import("./sync-cost.js")).benchSyncCost()));
  lap("merge cost");
  goals.push(...(await (await import("./sweep-cost.js")).benchSweepCost()));
  lap("digest sweep");
  await benchParsers(corpus, oneMiB.text, inUse, corpusResult.plan.totalMs);
  lap("parsers");

  section("Goals");
  console.log(
    renderTable(
      ["goal", "measured", "target", "result"],
      goals.map((g) => [g.name, g.measured, g.target, g.result]),
      [0, 2],
    ),
  );
  explainRatio(corpusResult);
  console.log(
    `\n  ${goals.filter((g) => g.result === "PASS").length} of ${goals.length} goals met; ` +
      `bench took ${formatMs(performance.now() - started)} (${took.join(", ")}; ` +
      `load average ${formatNumber(os.loadavg()[0] ?? NaN)} at end; checksum ${sink})`,
  );
}

copyAssets();
await main();
await (await import("./digest-cost.js")).benchDigestCost();
