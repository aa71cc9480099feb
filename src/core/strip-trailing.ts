/**
 * Annotations after the action: a labelled tail ("Owner: Priya. Due Thursday."), bracket groups,
 * dash- or comma-separated owner/deadline/priority runs, status words, reference links, handles.
 */
import { accept, findOpen, merge, type Findings } from "./annotation-places.js";
import { isIssueUrl } from "./find-issue-refs.js";
import {
  URL_MASK,
  readAnnotation,
  readTokenAt,
  type Annotation,
  type AnnotationContext,
  type FoundDue,
} from "./read-annotation.js";

const TRAILING_CAPS =
  /(?<=\s)(?:DONE|TODO|FIXED|CLOSED|RESOLVED|COMPLETED?|WIP|HIGH|MEDIUM|LOW|CRITICAL|URGENT|BLOCKER|P[0-9])$/u;
const LABELLED_TAIL =
  /(?<![\p{L}\p{N}])(?:owners?|assignees?|dri|due(?:[ \t]{1,3}date)?|deadline|eta|target(?:[ \t]{1,3}date)?|priority|status)[ \t]{0,2}[:=](?!\/\/)/giu;
const TAIL_WINDOW = 240;
const MAX_TAIL_SEPARATORS = 8;
const MAX_LABELS = 40;

const SEPARATOR_BEFORE = /[([—–|-]\s*$|[.;,]\s*$/;

/**
 * "Add an index. Owner: Priya. Done in staging, due in production by Friday.": from the first
 * labelled field after the action, the rest of the item is annotation. Returns the new end.
 */
export function cutLabelledTail(
  ctx: AnnotationContext,
  start: number,
  end: number,
  findings: Findings,
): number {
  LABELLED_TAIL.lastIndex = start + 1;
  let tried = 0;
  for (
    let m = LABELLED_TAIL.exec(ctx.scan);
    m !== null && m.index < end;
    m = LABELLED_TAIL.exec(ctx.scan)
  ) {
    tried += 1;
    if (tried > MAX_LABELS) break;
    const before = ctx.scan.slice(Math.max(start, m.index - 4), m.index);
    const capitalised = /\p{Lu}/u.test(ctx.scan.charAt(m.index));
    // Inside brackets, "(owner: Bob)" is a bracket annotation and the text after it still counts;
    // an unclosed bracket ("Improve alerting (Owner: Jane Doe") opens a tail that runs to the end.
    const bracket = /[([]\s*$/.exec(before);
    if (bracket) {
      const close = ctx.scan.charAt(m.index - before.length + bracket.index) === "(" ? ")" : "]";
      if (ctx.scan.slice(m.index, end).includes(close)) continue;
      const open = m.index - before.length + bracket.index;
      if (ctx.text.slice(start, open).trim() === "" || !readTokenAt(ctx, m.index, end)) continue;
      const annotation = readAnnotation(ctx, m.index, end, "lenient");
      if (annotation) merge(findings, annotation);
      return open;
    }
    // "(Owner: Ken, Priority: P1)": a later field inside a closed bracket belongs to the
    // bracket group, which the trailing-bracket reader takes whole.
    if (insideClosedBracket(ctx.scan, start, m.index, end)) continue;
    if (!capitalised && !SEPARATOR_BEFORE.test(before)) continue;
    if (ctx.text.slice(start, m.index).trim() === "") continue;
    if (!readTokenAt(ctx, m.index, end)) continue;
    const annotation = readAnnotation(ctx, m.index, end, "lenient");
    if (annotation) merge(findings, annotation);
    return m.index;
  }
  return end;
}

/** Whether `at` sits inside a bracket opened after `start` and closed before `end`. */
function insideClosedBracket(scan: string, start: number, at: number, end: number): boolean {
  const before = scan.slice(start, at);
  const open = Math.max(before.lastIndexOf("("), before.lastIndexOf("["));
  if (open === -1) return false;
  const closer = before.charAt(open) === "(" ? ")" : "]";
  if (before.slice(open).includes(closer)) return false;
  return scan.slice(at, end).includes(closer);
}

function trimEnd(scan: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s.,;:!?—–|-]/.test(scan.charAt(e - 1))) e -= 1;
  return e;
}

interface Separator {
  start: number;
  end: number;
  strong: boolean;
}

/** Separators before `e`, nearest first: dashes and pipes are strong, commas and sentences weak. */
function tailSeparators(scan: string, start: number, e: number): Separator[] {
  const found: Separator[] = [];
  const floor = Math.max(start + 1, e - TAIL_WINDOW);
  for (let i = e - 1; i >= floor && found.length < MAX_TAIL_SEPARATORS; i -= 1) {
    const ch = scan.charAt(i);
    const next = scan.charAt(i + 1);
    const prev = scan.charAt(i - 1);
    if (ch === "—" || ch === "–" || ch === "|") {
      found.push({ start: i, end: i + 1, strong: true });
    } else if (ch === "-" && /\s/.test(prev) && /\s/.test(next)) {
      found.push({ start: i, end: i + 1, strong: true });
    } else if ((ch === "," || ch === ";") && /\s/.test(next)) {
      found.push({ start: i, end: i + 1, strong: false });
    } else if (ch === "." && /\s/.test(next) && !/(?:^|[\s.])\p{Lu}$/u.test(scan.slice(i - 2, i))) {
      // A period after a lone capital is an initial ("T. Reyes"), not a sentence end.
      found.push({ start: i, end: i + 1, strong: false });
    }
  }
  return found;
}

/** Strips trailing annotations, repeatedly: "(owner: Bob)", "— @alice, by Friday", "[P1]", "DONE". */
export function trimTrailing(
  ctx: AnnotationContext,
  start: number,
  initialEnd: number,
  findings: Findings,
  cues: FoundDue[],
): number {
  const { scan } = ctx;
  let end = initialEnd;
  for (let guard = 0; guard < 12; guard += 1) {
    const e = trimEnd(scan, start, end);
    if (e <= start) break;
    const last = scan.charAt(e - 1);
    if (last === ")" || last === "]") {
      const open = findOpen(scan, e - 1, start);
      const annotation = open > start ? readAnnotation(ctx, open + 1, e - 1) : null;
      if (accept(annotation, last === "]" ? "square-edge" : "paren-trailing")) {
        merge(findings, annotation);
        end = open;
        continue;
      }
    }
    const url = trailingReferenceUrl(ctx, start, e);
    if (url !== null) {
      end = url;
      continue;
    }
    const caps = TRAILING_CAPS.exec(scan.slice(Math.max(start, e - 12), e));
    if (caps) {
      const capsStart = e - caps[0].length;
      const annotation = readAnnotation(ctx, capsStart, e);
      if (annotation && capsStart > start) {
        merge(findings, annotation);
        end = capsStart;
        continue;
      }
    }
    let best: { start: number; annotation: Annotation } | null = null;
    for (const separator of tailSeparators(scan, start, e)) {
      const annotation = readAnnotation(ctx, separator.end, e);
      if (accept(annotation, separator.strong ? "strong-tail" : "weak-tail")) {
        best = { start: separator.start, annotation };
      }
    }
    if (best) {
      merge(findings, best.annotation);
      end = best.start;
      continue;
    }
    // "Lower the alert threshold by Friday": a cued deadline ending the item is an annotation.
    const cue = cues.find((c) => c.end === e && c.at > start && c.due !== null);
    if (cue && ctx.text.slice(start, cue.at).trim() !== "") {
      end = cue.at;
      continue;
    }
    const handles = trailingHandles(scan, start, e);
    if (handles !== null) {
      end = handles;
      continue;
    }
    break;
  }
  return end;
}

// After these words an @mention is the object of the sentence ("Ask @alice"), not its owner.
const MENTION_OBJECT_WORDS = new Set(
  "ask ping with to from by cc thank thanks tell contact notify via and or for loop involve sync pair".split(
    " ",
  ),
);
const HANDLE_BEFORE = /(?:^|[\s,&])@[A-Za-z0-9][\w/.-]{0,139}$/;
const LIST_BEFORE = /(?:\s*(?:,|&|\band\b))?\s*$/;
const LAST_WORD = /([\p{L}]{1,20})\s*$/u;

/** "Add replica lag alerting @alice": a run of handles ending the item is an owner annotation. */
function trailingHandles(scan: string, start: number, e: number): number | null {
  let runStart = e;
  for (let i = 0; i < 8; i += 1) {
    const window = scan.slice(Math.max(start, runStart - 140), runStart);
    const handle = HANDLE_BEFORE.exec(window);
    if (!handle) break;
    const at = runStart - window.length + handle.index + (/^[\s,&]/.test(handle[0]) ? 1 : 0);
    runStart = at;
    const gap = LIST_BEFORE.exec(scan.slice(Math.max(start, runStart - 8), runStart));
    if (gap) runStart -= gap[0].length;
  }
  if (runStart >= e || runStart <= start) return null;
  const word = LAST_WORD.exec(scan.slice(Math.max(start, runStart - 24), runStart))?.[1];
  if (word !== undefined && MENTION_OBJECT_WORDS.has(word.toLowerCase())) return null;
  return scan.slice(start, runStart).trim() === "" ? null : runStart;
}

// After these words a URL is the object of the sentence ("publish it at https://…"), not a reference.
const URL_OBJECT_WORDS = new Set(
  "per via at to from in on into of with using use like under visit open read follow and or is are".split(
    " ",
  ),
);
const WORD_BEFORE = /([\p{L}.:]{1,20})\s{1,3}$/u;
const REFERENCE_LEAD = /^(?:see|cf\.?|ref:?|refs:?|tracking|tracked)$/i;

/**
 * "… slow to stop https://github.com/o/r/issues/1677": a trailing issue link is a reference, as is
 * any link after "see". Returns where the text now ends, or null to keep the URL.
 */
function trailingReferenceUrl(ctx: AnnotationContext, start: number, e: number): number | null {
  const { scan } = ctx;
  if (scan.charAt(e - 1) !== URL_MASK) return null;
  let urlStart = e;
  while (urlStart > start && scan.charAt(urlStart - 1) === URL_MASK) urlStart -= 1;
  const before = WORD_BEFORE.exec(scan.slice(Math.max(start, urlStart - 24), urlStart));
  if (urlStart <= start || !before) return null;
  const word = (before[1] ?? "").toLowerCase();
  const wordStart = urlStart - before[0].length;
  if (REFERENCE_LEAD.test(word)) return wordStart > start ? wordStart : null;
  if (URL_OBJECT_WORDS.has(word) || !isIssueUrl(ctx.text.slice(urlStart, e))) return null;
  return urlStart;
}
