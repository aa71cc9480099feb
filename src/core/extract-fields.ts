/**
 * Per-item field extraction: from the markdown of one action item, the text a reader sees and the
 * owner, deadline, priority, status and issue references the item states. Pure; `now` is the
 * reference (merge) date. Table rows carry some fields in their own columns: the column parsers are
 * re-exported here so callers import one module.
 */
import { accept, merge, skipSpaces, findClose, type Findings } from "./annotation-places.js";
import { findDueCues, referenceDay } from "./extract-due.js";
import { findMentions, readSubjectOwners, type FoundOwner } from "./extract-owners.js";
import { findStatusEmoji } from "./extract-status.js";
import { collapseSpaces } from "./collapse-spaces.js";
import { findIssueRefs } from "./find-issue-refs.js";
import { flattenInline } from "./inline-markdown.js";
import {
  URL_MASK,
  readAnnotation,
  type AnnotationContext,
  type FoundDue,
} from "./read-annotation.js";
import { readLeading } from "./strip-leading.js";
import { cutLabelledTail, trimTrailing } from "./strip-trailing.js";
import { trimChars } from "./trim-chars.js";
import type { IssueRef, Priority } from "./types.js";

export { parseDue, type DueFields } from "./extract-due.js";
export { parseOwners } from "./extract-owners.js";
export { parsePriority } from "./extract-priority.js";
export { parseDone } from "./extract-status.js";
export { findIssueRefs } from "./find-issue-refs.js";

export interface ExtractInput {
  /** Markdown of the item's own text, list marker removed; may span wrapped lines. */
  source: string;
  /** GFM task-list state when the markdown parser saw a checkbox, else null. */
  checked: boolean | null;
  /** Reference date, YYYY-MM-DD (the merge date). */
  now: string;
}

export interface ExtractedFields {
  text: string;
  owners: string[];
  dueText: string | null;
  due: string | null;
  priority: Priority | null;
  done: boolean;
  refs: IssueRef[];
}

// Brackets end a URL: "(see https://…/pull/34)" is far more common than a URL with parentheses.
const URL = /\b(?:https?|ftp):\/\/[^\s<>"'()[\]\uE000]{1,2000}/gi;
// Bounds how many bracket groups one item may cost: real items have a handful.
const MAX_INTERIOR_GROUPS = 64;

/**
 * Reads one action item. `text` is what a person reads: markup, checkbox, status markers and the
 * owner / deadline / priority / reference annotations around the action are removed, a
 * "Title: description" item is kept whole, and it is never empty when the source has words.
 */
export function extractItemFields(input: ExtractInput): ExtractedFields {
  const today = referenceDay(input.now);
  const flat = flattenInline(input.source);
  const ctx: AnnotationContext = {
    text: flat.text,
    scan: maskUrls(flat.scan),
    today,
    links: new Map(flat.links.map((l) => [l.start, l.end])),
  };
  const findings: Findings = { owners: [], dues: [], priorities: [], done: false };

  const lead = readLeading(ctx, findings);
  let end = cutLabelledTail(ctx, lead.start, ctx.text.length, findings);
  const cues = findDueCues(ctx, 0, ctx.text.length);
  findings.dues.push(...cues);
  end = trimTrailing(ctx, lead.start, end, findings, cues);
  const removed = interiorAnnotations(ctx, lead.start, end, findings);
  findings.owners.push(...findMentions(ctx.scan));
  findings.owners.push(...readSubjectOwners(ctx.scan, skipSpaces(ctx.scan, lead.start)));

  const checked = input.checked ?? lead.checkbox;
  const done = checked === true || findings.done || isStruckThrough(input.source);
  const due = pickDue(findings.dues);
  return {
    text: composeText(ctx.text, lead.start, end, removed, lead.checkboxEnd),
    owners: orderedOwners(findings.owners),
    dueText: due?.dueText ?? null,
    due: due?.due ?? null,
    priority: [...findings.priorities].sort((a, b) => a.at - b.at)[0]?.priority ?? null,
    done,
    refs: findIssueRefs(input.source),
  };
}

function maskUrls(scan: string): string {
  // Every URL the pattern reads has "://"; most items have none.
  if (!scan.includes("://")) return scan;
  return scan.replace(URL, (url) => {
    // Sentence punctuation after a URL belongs to the sentence.
    const kept = trimChars(url, ".,;:!?", "end");
    return URL_MASK.repeat(kept.length) + url.slice(kept.length);
  });
}

/** Bracketed annotations inside the text ("Fix X (owner: Bob) and Y") and status emoji anywhere. */
function interiorAnnotations(
  ctx: AnnotationContext,
  start: number,
  end: number,
  findings: Findings,
): [number, number][] {
  const { scan } = ctx;
  const removed: [number, number][] = [];
  let examined = 0;
  for (let i = start; i < end && examined < MAX_INTERIOR_GROUPS; i += 1) {
    const ch = scan.charAt(i);
    if (ch !== "(" && ch !== "[") continue;
    examined += 1;
    const close = findClose(scan, i, end);
    if (close < 0) continue;
    const annotation = readAnnotation(ctx, i + 1, close);
    if (accept(annotation, "paren-interior")) {
      merge(findings, annotation);
      removed.push([i, close + 1]);
      i = close;
    }
  }
  for (const emoji of findStatusEmoji(scan.slice(start, end))) {
    if (emoji.done) findings.done = true;
    removed.push([start + emoji.start, start + emoji.end]);
  }
  return removed.sort((a, b) => a[0] - b[0]);
}

function composeText(
  text: string,
  start: number,
  end: number,
  removed: [number, number][],
  checkboxEnd: number,
): string {
  let kept = "";
  let cursor = start;
  for (const [from, to] of removed) {
    if (to <= cursor) continue;
    kept += `${text.slice(cursor, Math.max(cursor, from))} `;
    cursor = Math.max(cursor, to);
  }
  kept += text.slice(cursor, Math.max(cursor, end));
  const cleaned = tidy(kept);
  if (HAS_WORDS.test(cleaned)) return cleaned;
  // Everything read as annotation ("@alice", "DONE"): better the words as written than nothing.
  const afterCheckbox = tidy(text.slice(checkboxEnd));
  return HAS_WORDS.test(afterCheckbox) ? afterCheckbox : tidy(text);
}

const HAS_WORDS = /[\p{L}\p{N}]/u;
const EDGE_PUNCTUATION = " \t\n\r\u00a0,;:|—–-";

// Anything one of tidy's rewrites would change: without it they all leave the text as it is.
const UNTIDY = / [,.;:!?)\]]|[([] |\(\)|\[\]| {2}/;

function tidy(text: string): string {
  const spaced = collapseSpaces(text);
  if (!UNTIDY.test(spaced)) return trimChars(spaced, EDGE_PUNCTUATION);
  const collapsed = spaced
    .replace(/ ([,.;:!?)\]])/g, "$1")
    .replace(/([([]) /g, "$1")
    .replace(/\(\)|\[\]/g, "")
    .replace(/ {2,}/g, " ");
  return trimChars(collapsed, EDGE_PUNCTUATION);
}

function isStruckThrough(source: string): boolean {
  const trimmed = source.trim().replace(/^\[[ xX]\]\s*/, "");
  return (
    trimmed.length > 4 &&
    trimmed.startsWith("~~") &&
    trimmed.indexOf("~~", 2) === trimmed.length - 2
  );
}

function pickDue(dues: FoundDue[]): FoundDue | null {
  let best: FoundDue | null = null;
  for (const due of dues) {
    if (!best || due.rank < best.rank || (due.rank === best.rank && due.at < best.at)) best = due;
  }
  return best;
}

function orderedOwners(owners: FoundOwner[]): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const { name } of [...owners].sort((a, b) => a.at - b.at)) {
    const clean = name.replace(/^@/, "").trim();
    const key = clean.toLowerCase();
    if (clean === "" || seen.has(key)) continue;
    seen.add(key);
    names.push(clean);
  }
  return names;
}
