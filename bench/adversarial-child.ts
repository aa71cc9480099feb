/**
 * Runs adversarial cases in a separate process, so the parent can kill a case that never ends
 * (a catastrophic regex cannot be interrupted from the same thread) and so a stack overflow
 * happens at the same depth as in the app, which runs on a main thread too.
 *
 * argv: corpusDir phase: "plan", "parse" (the parser the planner uses), or "remark" or
 * "micromark" (the alternatives of section 5). Warms up, sends "ready", then answers each
 * { index } request with the time of its phase on ADVERSARIAL_CASES[index]. One process serves
 * every case until a case overruns and the parent kills it.
 */
import { defaultConfig } from "../src/config/parse-config.js";
import { parseMarkdown, type MarkdownParser } from "../src/core/markdown/parse-markdown.js";
import { planPostmortem } from "../src/core/plan-postmortem.js";
import { loadCorpus } from "./corpus.js";
import { ADVERSARIAL_CASES, NOW } from "./inputs.js";
import { parseWithFewerExtensions, parseWithRemark } from "./parsers.js";

export const PHASES = ["plan", "parse", "remark", "micromark"] as const;
export type Phase = (typeof PHASES)[number];

const PARSE_PHASES: Record<Exclude<Phase, "plan">, MarkdownParser> = {
  parse: parseMarkdown,
  remark: parseWithRemark,
  micromark: parseWithFewerExtensions,
};

export interface CaseRequest {
  index: number;
}

export type ChildMessage =
  | { kind: "ready" }
  | { kind: "result"; index: number; ms: number; items: number | null; error: string | null };

const WARM_UP_DOCUMENTS = 8;

function send(message: ChildMessage): void {
  process.send?.(message);
}

function main(): void {
  const [corpusDir, arg] = process.argv.slice(2);
  const phase = PHASES.find((p) => p === arg);
  if (corpusDir === undefined || phase === undefined)
    throw new Error(`usage: adversarial-child.js corpusDir ${PHASES.join("|")}`);
  const config = defaultConfig();
  const parse = phase === "plan" ? parseMarkdown : PARSE_PHASES[phase];
  // Warm the JIT on real documents first: a case should measure the algorithm, not compilation.
  for (const doc of loadCorpus(corpusDir).documents.slice(0, WARM_UP_DOCUMENTS)) {
    planPostmortem({ path: doc.name, text: doc.text, config, now: NOW });
    parse(doc.text);
  }
  process.on("message", (raw) => {
    const { index } = raw as CaseRequest;
    const text = ADVERSARIAL_CASES[index]?.build() ?? "";
    let items: number | null = null;
    let error: string | null = null;
    const start = performance.now();
    try {
      if (phase === "plan") {
        items = planPostmortem({ path: "adversarial.md", text, config, now: NOW }).items.length;
      } else {
        parse(text);
      }
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    send({ kind: "result", index, ms: performance.now() - start, items, error });
  });
  send({ kind: "ready" });
}

main();
