import type { SectionKind } from "../classify-heading.js";
import {
  COMMITMENT,
  isInstruction,
  isIntroOrOutro,
  isMetadataLine,
  isQuestion,
  isPastTense,
  isPlaceholder,
  isRejectedProposal,
} from "../text-patterns.js";
import { countWordsUpToTwo } from "../count-fields.js";

/** A piece of the document that reads as one action item, before its fields are extracted. */
export interface Candidate {
  /** Markdown source of the item's own text. */
  source: string;
  checked: boolean | null;
  line: number;
  /** Why the parser took it ("bullet under \"Action items\"", "lead-in + child"), for the author. */
  reason: string;
  /** Table rows: the cells of the owner, due, priority, status and issue columns. */
  cells?: Partial<Record<"owner" | "due" | "priority" | "status" | "refs", string>>;
}

/** What a follow-up section held, so that an empty result can say why. */
export interface SectionReport {
  kind: SectionKind;
  title: string;
  line: number;
  items: number;
  placeholders: number;
  instructions: number;
  prose: number;
}

export interface Collected {
  candidates: Candidate[];
  sections: SectionReport[];
  summary: string | null;
  ownerLine: string | null;
  severityLine: string | null;
}

/** Sections whose content is follow-up work (in whole or in part). */
export const FOLLOW_UP: ReadonlySet<SectionKind> = new Set(["action", "remediation", "lessons"]);

export function newReport(kind: SectionKind, title: string, line: number): SectionReport {
  return { kind, title, line, items: 0, placeholders: 0, instructions: 0, prose: 0 };
}

/** Words that make a line ending in ":" an introduction to a list rather than a task. */
export const LIST_WORDS = /\b(following|below|these|this list)\b/i;

export function startLine(node: { position?: { start: { line: number } } | undefined }): number {
  return node.position?.start.line ?? 1;
}

export interface EmitContext {
  kind: SectionKind;
  text: string;
  out: Collected;
  report: SectionReport;
  /** Where the items sit when no heading names their section ("of an action-item table"). */
  where?: string;
}

/** What an item is and where it sits, as the preview tells the author: `bullet under "Next steps"`. */
export function reasonFor(ctx: EmitContext, shape: string): string {
  return `${shape} ${ctx.where ?? `under "${ctx.report.title}"`}`;
}

// An item that is one word and an issue reference ("#12") still names work.
const ISSUE_REF = /(^|\s)#\d+\b|\/(issues|pull)\/\d+/;

/** Applies the section's rule and the filters shared by every kind of candidate. */
export function accept(
  ctx: EmitContext,
  plain: string,
  candidate: Candidate,
  loose: boolean,
): void {
  if (isPlaceholder(plain)) {
    ctx.report.placeholders++;
    return;
  }
  const words = countWordsUpToTwo(plain);
  if (words === 0 || (words < 2 && !ISSUE_REF.test(candidate.source))) return;
  // A question is a template's prompt ("What could be improved?"), never a task.
  if (isInstruction(plain) || isQuestion(plain)) {
    ctx.report.instructions++;
    return;
  }
  if (isMetadataLine(plain) || isRejectedProposal(plain)) return;
  if (loose && (plain.endsWith(":") || isIntroOrOutro(plain))) return;
  if (ctx.kind === "remediation" && isPastTense(plain)) return;
  if (ctx.kind === "lessons" && !isCommittedLesson(plain, candidate.source)) return;
  ctx.report.items++;
  ctx.out.candidates.push(candidate);
}

/** "**Test before you ship.** We pushed …": a lesson stated as a bold maxim and its explanation. */
const MAXIM = /^\s*(?:\*\*|__)[^*_]{3,120}?[.!]\s*(?:\*\*|__)\s*\S/;

/**
 * In a lessons section only commitments are work. A bold maxim's "we should …" is its moral, not
 * a promise: after a maxim only a firm commitment ("we will", "we are adding") counts.
 */
function isCommittedLesson(plain: string, source: string): boolean {
  const commitment = COMMITMENT.exec(plain)?.[0];
  if (commitment === undefined) return false;
  return !(MAXIM.test(source) && /\b(should|must|need to)$/i.test(commitment));
}
