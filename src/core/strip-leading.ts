/** Annotations before the action: a checkbox, "[P1]", "[Alice]", "✅", "HIGH", "@bob:", "P1 -". */
import { accept, findClose, merge, skipSpaces, type Findings } from "./annotation-places.js";
import { findStatusEmoji } from "./extract-status.js";
import { readAnnotation, type AnnotationContext } from "./read-annotation.js";

const CHECKBOX = /\[([ xX])\](?=\s|$)/y;
const LEADING_CAPS =
  /(DONE|TODO|FIXED|CLOSED|RESOLVED|COMPLETED?|WIP|HIGH|MEDIUM|LOW|CRITICAL|URGENT|BLOCKER|P[0-9])(?=[ \t]+[^\s\p{Ll}])/uy;
const LEAD_SEPARATOR = /:|[ \t][-—–][ \t]|—|–/g;
const FIELD_LABEL = /^(?:owners?|assignee|assigned to|dri|due|due date|deadline|eta|priority)\s*$/i;

export interface Leading {
  start: number;
  checkbox: boolean | null;
  /** Where a leading checkbox ends, for the fallback text. */
  checkboxEnd: number;
}

/** Strips what precedes the action: a checkbox, "[P1]", "[Alice]", "✅", "HIGH", "@bob:", "P1 -". */
export function readLeading(ctx: AnnotationContext, findings: Findings): Leading {
  const { scan } = ctx;
  let at = 0;
  let checkbox: boolean | null = null;
  let checkboxEnd = 0;
  for (let guard = 0; guard < 8; guard += 1) {
    at = skipSpaces(scan, at);
    CHECKBOX.lastIndex = at;
    const box = CHECKBOX.exec(scan);
    if (box && checkbox === null) {
      checkbox = box[1] !== " ";
      at += box[0].length;
      checkboxEnd = at;
      continue;
    }
    const emoji = findStatusEmoji(scan.slice(at, at + 3))[0];
    if (emoji?.start === 0) {
      if (emoji.done) findings.done = true;
      at += emoji.end;
      continue;
    }
    if (scan[at] === "[" || scan[at] === "(") {
      const close = findClose(scan, at, scan.length);
      const annotation = close > 0 ? readAnnotation(ctx, at + 1, close) : null;
      const rest = close > 0 ? ctx.text.slice(close + 1) : "";
      const place = scan[at] === "[" ? "square-leading" : "leading-colon";
      if (/[\p{L}\p{N}]/u.test(rest) && accept(annotation, place)) {
        merge(findings, annotation);
        at = close + 1;
        continue;
      }
    }
    const separator = findLeadSeparator(scan, at);
    if (separator) {
      // "Owner: @jane — add a dashboard": the field's own colon is not where the action starts.
      const field = FIELD_LABEL.test(scan.slice(at, separator.start))
        ? findLeadSeparator(scan, separator.end)
        : null;
      const end = field && scan[field.start] !== ":" ? field : separator;
      const annotation = readAnnotation(ctx, at, end.start);
      if (accept(annotation, "leading-colon")) {
        merge(findings, annotation);
        at = end.end;
        continue;
      }
    }
    LEADING_CAPS.lastIndex = at;
    const caps = LEADING_CAPS.exec(scan);
    if (caps) {
      const annotation = readAnnotation(ctx, at, at + caps[0].length);
      if (annotation) {
        merge(findings, annotation);
        at += caps[0].length;
        continue;
      }
    }
    break;
  }
  return { start: at, checkbox, checkboxEnd };
}

function findLeadSeparator(scan: string, at: number): { start: number; end: number } | null {
  const window = scan.slice(at, at + 48);
  LEAD_SEPARATOR.lastIndex = 0;
  const m = LEAD_SEPARATOR.exec(window);
  if (!m || m.index === 0) return null;
  return { start: at + m.index, end: at + m.index + m[0].length };
}
