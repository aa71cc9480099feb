import { parseIsoDay } from "./calendar-date.js";
import { flattenInline } from "./inline-markdown.js";
import { readDueAt, type AnnotationContext, type FoundDue } from "./read-annotation.js";
import { readDateAt } from "./resolve-date.js";

/** The deadline as written and as resolved (YYYY-MM-DD, or null when it could not be read). */
export interface DueFields {
  dueText: string | null;
  due: string | null;
}

const CUE =
  /(?<![\p{L}\p{N}])(?:due|deadline|eta|target(?:ed)?|by|before|no[ \t]{1,3}later|not[ \t]{1,3}later|nlt|within)(?![\p{L}\p{N}])|(?<![\p{L}\p{N}+])\+(?=\s?\d{1,3}\s?[dwmy])/giu;
// Every cue costs a date read; a pathological item stops being searched after this many.
const MAX_CUES = 40;
const NO_DATE = /^(?:tbd|tba|n\/?a|none|nil|unknown|-+|—|–|\?+|\.+|x)$/i;
const WORD_START = /(?<![\p{L}\p{N}])[\p{L}\p{N}+]/gu;
const MAX_WORDS_SEARCHED = 20;

/** Parses the reference date, refusing anything but a real `YYYY-MM-DD`. */
export function referenceDay(now: string): number {
  const today = parseIsoDay(now);
  if (today === null)
    throw new RangeError(`Expected the reference date as YYYY-MM-DD, got "${now}".`);
  return today;
}

/**
 * Deadlines an item states with a cue, anywhere in `[start, end)`: "Due: June 1", "due Thursday",
 * "by 2026-12-01", "before Dec 15th", "deadline next Friday", "ETA Q1", "within 2 weeks". A date
 * with no cue ("the outage on May 1st", "until 2015-11-20") is not a deadline.
 */
export function findDueCues(ctx: AnnotationContext, start: number, end: number): FoundDue[] {
  const found: FoundDue[] = [];
  let tried = 0;
  CUE.lastIndex = start;
  for (let m = CUE.exec(ctx.scan); m !== null && m.index < end; m = CUE.exec(ctx.scan)) {
    tried += 1;
    if (tried > MAX_CUES) break;
    const due = readDueAt(ctx, m.index, end);
    if (due) found.push(due);
  }
  return found;
}

/**
 * Reads a Due / Target / Deadline table cell, where a bare date is the deadline: "2026-12-01",
 * "Dec 31 2026", "Q3 2025", "+7d", "2 weeks", "by Friday". "TBD", "-" or an empty cell give nulls;
 * anything else unreadable keeps its text with a null date, so the caller can warn.
 */
export function parseDue(text: string, now: string): DueFields {
  const today = referenceDay(now);
  const flat = flattenInline(text);
  const plain = flat.text.replace(/\s+/g, " ").trim();
  if (plain === "" || NO_DATE.test(plain)) return { dueText: null, due: null };
  const offset = flat.text.indexOf(plain.charAt(0));
  const ctx: AnnotationContext = { text: flat.text, scan: flat.scan, today };
  const cued = readDueAt(ctx, offset, flat.text.length);
  if (cued?.due) return { dueText: plain, due: cued.due };
  const bare = readDateAt(flat.scan, offset, today, { allowBareDuration: true });
  if (bare) return { dueText: plain, due: bare.iso };
  // "moved to 2026-01-15", "Done 2024-01-20": in a Due column, the first date anywhere is the deadline.
  WORD_START.lastIndex = offset + 1;
  let words = 0;
  for (let m = WORD_START.exec(flat.scan); m !== null; m = WORD_START.exec(flat.scan)) {
    words += 1;
    if (words > MAX_WORDS_SEARCHED) break;
    const date =
      readDueAt(ctx, m.index, flat.text.length)?.due ?? readDateAt(flat.scan, m.index, today)?.iso;
    if (date) return { dueText: plain, due: date };
  }
  return { dueText: plain, due: null };
}
