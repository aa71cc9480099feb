import type { SourceLine } from "../markdown/read-blocks.js";
import { toPlain } from "../markdown/to-plain.js";
import {
  COMMITMENT,
  splitSentences,
  startsWithAction,
  startsWithImperative,
} from "../text-patterns.js";
import { accept, LIST_WORDS, reasonFor, type EmitContext } from "./emit-context.js";
import { countFields } from "../count-fields.js";

/** Plain lines in a follow-up section without list markup: one action per line (the seed's style). */
/** "Load Testing: run load tests …": a titled action, whatever follows. */
const TITLED = /^[^:]{2,60}:\s+\S/;

export function emitLines(paragraphs: SourceLine[][], ctx: EmitContext): void {
  const units: { text: string; line: number; wrapped: boolean; last: boolean }[] = [];
  for (const lines of paragraphs) {
    if (isHardWrapped(lines)) {
      const text = lines.map((l) => l.text).join(" ");
      units.push({ text, line: lines[0]?.line ?? 1, wrapped: true, last: true });
    } else {
      lines.forEach((l, i) =>
        units.push({ text: l.text, line: l.line, wrapped: false, last: i === lines.length - 1 }),
      );
    }
  }
  for (let u = 0; u < units.length; u++) {
    const unit = units[u];
    if (unit === undefined) continue;
    const source = unit.text
      .replace(/^(?:[-*+•●▪◦‣]|\d+[.)])(?=[\p{L}\p{N}])/u, "")
      .replace(/^[•●▪◦‣]\s*/, "");
    const plain = toPlain(source);
    if (plain === "" || plain.endsWith("?") || isPointer(source) || !hasWords(plain)) continue;
    // Templates written as questions: "What can be improved? Add alerting." → the answer.
    const answer = QUESTION.exec(plain)?.[1];
    if (answer !== undefined) {
      accept(
        ctx,
        answer,
        { source: answer, checked: null, line: unit.line, reason: reasonFor(ctx, "answer") },
        true,
      );
      continue;
    }
    if (plain.endsWith(":") && startsWithImperative(plain) && !LIST_WORDS.test(plain)) {
      // "Alert on new files under:" + what follows is one action broken over lines.
      let text = source;
      let end = u;
      // The rest of this paragraph, or the next paragraph when the label ends its own.
      for (let next = units[end + 1]; next !== undefined; next = units[end + 1]) {
        if (readsAsAction(next.text)) break;
        text += ` ${next.text}`;
        end++;
        if (next.last) break;
      }
      u = end;
      const reason = reasonFor(ctx, "lead-in + following lines");
      accept(ctx, toPlain(text), { source: text, checked: null, line: unit.line, reason }, false);
      continue;
    }
    const sentences = splitSentences(plain);
    const first = sentences[0] ?? "";
    const discursive =
      plain.length > 300 ||
      VAGUE.test(first) ||
      !(startsWithAction(first) || COMMITMENT.test(first) || TITLED.test(first));
    if (unit.wrapped || (sentences.length >= 3 && discursive)) {
      ctx.report.prose++;
      emitProse(sentences, unit.line, ctx);
      continue;
    }
    accept(
      ctx,
      plain,
      { source, checked: null, line: unit.line, reason: reasonFor(ctx, "line") },
      true,
    );
  }
}

const QUESTION = /^(?:what|how|which|who|why|when|where)\b[^?]{5,}\?\s+(\S.*)$/i;

/** At least one ordinary word: paths, commands and numbers alone are not tasks. */
function hasWords(plain: string): boolean {
  return /(^|\s)[("'“]?\p{L}{3,}[.,;:)"'”]?(?=\s|$)/u.test(plain);
}

function readsAsAction(text: string): boolean {
  const plain = toPlain(text);
  return startsWithImperative(plain) && countFields(plain) > 3;
}

/** A line that only points elsewhere: an image, a bare link, "Progress is tracked in …". */
function isPointer(source: string): boolean {
  const t = source.trim();
  if (/^(!\[[^\]]*\]\([^)]*\)\s*)+$/.test(t) || /^\[[^\]]*\]\([^)]*\)$/.test(t)) return true;
  return /^(progress|status|updates?|more (details|information)|details)\b.{0,40}\b(tracked|found|followed|available)\b/i.test(
    toPlain(t),
  );
}

/** Hard-wrapped prose: a line that stops mid-sentence and a next line that carries on. */
function isHardWrapped(lines: SourceLine[]): boolean {
  for (let i = 0; i + 1 < lines.length; i++) {
    const here = lines[i]?.text ?? "";
    const next = lines[i + 1]?.text ?? "";
    if (!/[.!?:;)"”’]$/.test(here) && /^[\p{Ll}(*`/\d]/u.test(next)) return true;
  }
  return false;
}

/**
 * A discursive paragraph: an inline list after "…the following:" gives one item per sentence;
 * otherwise only explicit commitments ("We will…") and imperatives are items.
 */
const COUNTERFACTUAL = /\b(could|would|should|might) have (been|had|caught|prevented)\b/i;

/** Commitments to an attitude rather than to work: "we will be more careful", "we will strive to". */
const VAGUE =
  /\b(will|shall|must|should|need to)\s+(always\s+|all\s+)?(be (more |extra |very )?(careful|vigilant|mindful|diligent|cautious|aware|attentive)|strive|try (harder|our best)|do (better|our best)|learn from|keep (this|that|it) in mind|remember)\b/i;

function emitProse(sentences: string[], line: number, ctx: EmitContext): void {
  const intro = sentences.findIndex((s) => /:\s*\S/.test(s) || s.endsWith(":"));
  // A long essay on prevention with the odd "we will" in it discusses measures; it lists none.
  const actions = sentences.filter((s) => COMMITMENT.test(s) || startsWithAction(s)).length;
  if (intro === -1 && sentences.length >= 5 && actions * 3 < sentences.length) return;
  sentences.forEach((sentence, i) => {
    let text = sentence;
    if (i === intro) {
      const after = sentence.slice(sentence.indexOf(":") + 1).trim();
      if (after === "") return;
      text = after;
    } else if (intro === -1 || i < intro) {
      if (!COMMITMENT.test(sentence) && !startsWithImperative(sentence)) return;
    }
    if (COUNTERFACTUAL.test(text) || VAGUE.test(text)) return;
    const reason = reasonFor(ctx, "sentence of a paragraph");
    accept(ctx, text, { source: text, checked: null, line, reason }, true);
  });
}
