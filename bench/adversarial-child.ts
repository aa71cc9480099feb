/**
 * Runs adversarial cases in a separate process, so the parent can kill a case that never ends
 * (a catastrophic regex cannot be interrupted from the same thread) and so a stack overflow
 * happens at the same depth as in the app, which runs on a main thread too.
 *
 * argv: corpusDir phase ("plan" or "parse"). Warms up, sends "ready", then answers each
 * { index } request with the time of its phase on ADVERSARIAL_CASES[index]. One process serves
 * every case until a case overruns and the parent kills it.
 */
import { defaultConfig } from "../src/config/parse-config.js";
import { parseMarkdown } from "../src/core/markdown/parse-markdown.js";
import { planPostmortem } from "../src/core/plan-postmortem.js";
import { loadCorpus } from "./corpus.js";
import { ADVERSARIAL_CASES, NOW } from "./inputs.js";

export type Phase = "plan" | "parse";

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
  const [corpusDir, phase] = process.argv.slice(2);
  if (corpusDir === undefined || (phase !== "plan" && phase !== "parse"))
    throw new Error("usage: adversarial-child.js corpusDir plan|parse");
  const config = defaultConfig();
  // Warm the JIT on real documents first: a case should measure the algorithm, not compilation.
  for (const doc of loadCorpus(corpusDir).documents.slice(0, WARM_UP_DOCUMENTS)) {
    planPostmortem({ path: doc.name, text: doc.text, config, now: NOW });
    parseMarkdown(doc.text);
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
        parseMarkdown(text);
      }
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    send({ kind: "result", index, ms: performance.now() - start, items, error });
  });
  send({ kind: "ready" });
}

main();
