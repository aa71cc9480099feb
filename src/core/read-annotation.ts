/**
 * Reads an annotation: the short run of owner / deadline / priority / status / reference tokens
 * people append to or prepend before an action ("— @alice, by 2026-12-01", "(owner: Bob, P1)",
 * "[High]", "n/a **DONE**"). Callers decide where to look (a bracket group, the text after the
 * last dash, a labelled tail) and how much evidence they need before removing it from the text.
 */
import { readNameListAt, type FoundOwner } from "./extract-owners.js";
import { readPriorityAt } from "./extract-priority.js";
import { readStatusAt } from "./extract-status.js";
import { formatIsoDay } from "./calendar-date.js";
import { readDateAt } from "./resolve-date.js";
import { trimChars } from "./trim-chars.js";
import type { Priority } from "./types.js";

/** Replaces URL characters in the scan string, as CODE_MASK replaces code. */
export const URL_MASK = "\uE001";

export interface AnnotationContext {
  /** The flattened item text (what a reader sees). */
  text: string;
  /** `text` with code and URLs masked, same length: what patterns search. */
  scan: string;
  /** The reference date as a day number. */
  today: number;
  /** Link texts: start offset → end offset. */
  links?: ReadonlyMap<number, number>;
}

/**
 * How much a deadline is to be trusted: an explicit label ("Due: June 1") beats a cue ("by June 1"),
 * which beats a bare date in an annotation, which beats a label whose date could not be read.
 */
export const DueRank = { labelled: 0, cue: 1, bare: 2, unreadable: 3 } as const;
export type DueRank = (typeof DueRank)[keyof typeof DueRank];

export interface FoundDue {
  at: number;
  end: number;
  dueText: string;
  due: string | null;
  rank: DueRank;
}

export interface Annotation {
  owners: FoundOwner[];
  dues: FoundDue[];
  priorities: { at: number; priority: Priority }[];
  statuses: { at: number; done: boolean }[];
  /** Tokens that can only be annotations: handles, labels, cue + date, `P1`, status, references. */
  strong: number;
  /** Capitalised words read as names without any label: "Alice". */
  weakNames: number;
  /** Dates with no cue: "2026-12-01", "Friday". */
  weakDates: number;
  /** Priority words with no label: "high". */
  weakPriorities: number;
  /** Placeholders such as "n/a", "TBD", "-". */
  fillers: number;
}

export type Token =
  | { kind: "owners"; end: number; owners: FoundOwner[]; strong: boolean }
  | { kind: "due"; end: number; due: FoundDue; strong: boolean }
  | { kind: "priority"; end: number; priority: Priority; strong: boolean }
  | { kind: "status"; end: number; done: boolean }
  | { kind: "ref"; end: number }
  | { kind: "filler"; end: number };

const OWNER_LABEL =
  /(?:owners?|assignees?|assigned(?:[ \t]{1,3}to)?|dri|responsible|who|owned[ \t]{1,3}by|poc|point[ \t]{1,3}of[ \t]{1,3}contact)(?![\p{L}\p{N}])[ \t]{0,3}([:=]|-(?=\s))?[ \t]{0,3}/iuy;
const DUE_LABEL =
  /(due(?:[ \t]{1,3}date)?|deadline|eta|target(?:[ \t]{1,3}date)?|targeted[ \t]{1,3}for|by[ \t]{1,3}when)(?![\p{L}\p{N}])[ \t]{0,3}([:=]|-(?=\s))?[ \t]{0,3}/iuy;
const DUE_TO = /to(?![\p{L}\p{N}])/iuy;
const DUE_CUE =
  /(?:by|before|no[ \t]{1,3}later[ \t]{1,3}than|not[ \t]{1,3}later[ \t]{1,3}than|nlt)[ \t]{1,3}/iy;
const RELATIVE_START = /(?:\+|in[ \t]|within[ \t])/iy;
const REF_LEAD =
  /(?:see|cf\.?|refs?:?|re:|tracked[ \t]{1,3}(?:in|by)|tracking|issue|bug|pr|pull[ \t]{1,3}request|ticket)[ \t]{1,3}/iy;
const REF = new RegExp(
  `(?:${REF_LEAD.source})?(?:[A-Za-z0-9][\\w.-]{0,99}\\/[\\w.-]{1,100}#\\d{1,9}|#\\d{1,9}|GH-\\d{1,9}|\\uE001+)(?![\\p{L}\\p{N}])`,
  "iuy",
);
const FILLER = /(?:n\/a|none|tbd|tba|nil|[—–-]|\?)(?![\p{L}\p{N}])/iuy;
// "+" separates "T. Reyes + M. Tan" but starts "+7d".
const SEPARATORS = /(?:[\s,;|/&·:—–-]|\+(?!\s?\d)|and(?![\p{L}\p{N}]))+/iuy;
const LENIENT_SEPARATORS = /(?:[\s,;|/&·:—–.()[\]-]|\+(?!\s?\d)|and(?![\p{L}\p{N}]))+/iuy;
const SKIP_WORD = /[^\s,;|()[\]]{1,200}/y;
const UNREADABLE_VALUE = /[^,;|)\]]{1,60}/y;
const NO_DATE = /^(?:tbd|tba|n\/a|none|-+|\?+|unknown|nil)$/i;

function sticky(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** The deadline as written, without the sentence's closing punctuation. */
function writtenDue(ctx: AnnotationContext, from: number, to: number): string {
  return trimChars(ctx.text.slice(from, to), " \t\n.,;:", "both");
}

function readOwnerToken(ctx: AnnotationContext, at: number, limit: number): Token | null {
  const label = sticky(OWNER_LABEL, ctx.scan, at);
  if (label) {
    // Without a colon, "who"/"assigned" are ordinary words: demand a capitalised name or handle.
    const colon = label[1] !== undefined;
    if (!colon && /^(?:who|assigned)\b/i.test(label[0]) && !/^assigned\s+to\b/i.test(label[0]))
      return null;
    const list = readNameListAt(ctx.scan, at + label[0].length, colon);
    if (!list || list.end > limit) return null;
    return { kind: "owners", end: list.end, owners: list.owners, strong: true };
  }
  if (ctx.scan[at] !== "@") return null;
  const list = readNameListAt(ctx.scan, at, false);
  if (!list || list.end > limit) return null;
  return { kind: "owners", end: list.end, owners: list.owners, strong: true };
}

function readCueDate(
  ctx: AnnotationContext,
  at: number,
  limit: number,
  allowBareDuration: boolean,
): { end: number; iso: string } | null {
  const cue = sticky(DUE_CUE, ctx.scan, at);
  const dateAt = cue ? at + cue[0].length : at;
  const date = readDateAt(ctx.scan, dateAt, ctx.today, {
    allowBareDuration: allowBareDuration && !cue,
  });
  if (!date || date.end > limit) return null;
  return date;
}

/** Reads a labelled or cued deadline ("Due: June 1", "by Friday", "within 2 weeks") at `at`. */
export function readDueAt(ctx: AnnotationContext, at: number, limit: number): FoundDue | null {
  const token = readDueToken(ctx, at, limit);
  return token?.kind === "due" ? token.due : null;
}

function readDueToken(ctx: AnnotationContext, at: number, limit: number): Token | null {
  const label = sticky(DUE_LABEL, ctx.scan, at);
  if (label) {
    const valueAt = at + label[0].length;
    if (/^due$/i.test(label[1] ?? "") && sticky(DUE_TO, ctx.scan, valueAt)) return null;
    const colon = label[2] !== undefined;
    const date = readCueDate(ctx, valueAt, limit, true);
    if (date) {
      const due: FoundDue = {
        at,
        end: date.end,
        dueText: writtenDue(ctx, valueAt, date.end),
        due: date.iso,
        rank: colon ? DueRank.labelled : DueRank.cue,
      };
      return { kind: "due", end: date.end, due, strong: true };
    }
    if (!colon) return null;
    const value = sticky(UNREADABLE_VALUE, ctx.scan, valueAt);
    const end = Math.min(limit, valueAt + (value?.[0].length ?? 0));
    const dueText = ctx.text.slice(valueAt, end).trim();
    if (dueText === "" || NO_DATE.test(dueText)) return { kind: "filler", end };
    if (dueText.split(/\s+/).length > 6) return null;
    const due: FoundDue = { at, end, dueText, due: null, rank: DueRank.unreadable };
    return { kind: "due", end, due, strong: true };
  }
  if (sticky(DUE_CUE, ctx.scan, at) || sticky(RELATIVE_START, ctx.scan, at)) {
    const date = readCueDate(ctx, at, limit, false);
    if (!date) return null;
    const due: FoundDue = {
      at,
      end: date.end,
      dueText: writtenDue(ctx, at, date.end),
      due: date.iso,
      rank: DueRank.cue,
    };
    return { kind: "due", end: date.end, due, strong: true };
  }
  return null;
}

function readBareDate(ctx: AnnotationContext, at: number, limit: number): Token | null {
  const date = readDateAt(ctx.scan, at, ctx.today);
  if (!date || date.end > limit) return null;
  // With no cue, a date before the reference date is when something happened, not a deadline.
  if (date.iso < formatIsoDay(ctx.today)) return null;
  const due: FoundDue = {
    at,
    end: date.end,
    dueText: writtenDue(ctx, at, date.end),
    due: date.iso,
    rank: DueRank.bare,
  };
  return { kind: "due", end: date.end, due, strong: false };
}

/** A whole link ("[jira](…)", "see [the PR](…)") standing where annotations stand is a reference. */
function readLinkAt(ctx: AnnotationContext, at: number, limit: number): Token | null {
  if (!ctx.links) return null;
  const lead = sticky(REF_LEAD, ctx.scan, at);
  const linkAt = at + (lead ? lead[0].length : 0);
  const end = ctx.links.get(linkAt);
  return end !== undefined && end <= limit && end > linkAt ? { kind: "ref", end } : null;
}

/** Reads one annotation token starting exactly at `at` and ending by `limit`. */
export function readTokenAt(ctx: AnnotationContext, at: number, limit: number): Token | null {
  const { scan } = ctx;
  const status = readStatusAt(scan, at, limit);
  if (status && status.end <= limit) {
    const ref = sticky(/[ \t]{1,3}(?:in|by|via|with)[ \t]{1,3}/iy, scan, status.end);
    const refEnd = ref ? sticky(REF, scan, status.end + ref[0].length) : null;
    const end = ref && refEnd ? status.end + ref[0].length + refEnd[0].length : status.end;
    return end <= limit ? { kind: "status", end, done: status.done } : null;
  }
  const link = readLinkAt(ctx, at, limit);
  if (link) return link;
  const owners = readOwnerToken(ctx, at, limit);
  if (owners) return owners;
  const due = readDueToken(ctx, at, limit);
  if (due) return due;
  const priority = readPriorityAt(scan, at);
  if (priority && priority.end <= limit) {
    return {
      kind: "priority",
      end: priority.end,
      priority: priority.priority,
      strong: priority.strong,
    };
  }
  const ref = sticky(REF, scan, at);
  if (ref && at + ref[0].length <= limit) return { kind: "ref", end: at + ref[0].length };
  const filler = sticky(FILLER, scan, at);
  if (filler && at + filler[0].length <= limit)
    return { kind: "filler", end: at + filler[0].length };
  const bareDate = readBareDate(ctx, at, limit);
  if (bareDate) return bareDate;
  const names = readNameListAt(scan, at, false);
  if (names && names.end <= limit)
    return { kind: "owners", end: names.end, owners: names.owners, strong: false };
  return null;
}

function emptyAnnotation(): Annotation {
  return {
    owners: [],
    dues: [],
    priorities: [],
    statuses: [],
    strong: 0,
    weakNames: 0,
    weakDates: 0,
    weakPriorities: 0,
    fillers: 0,
  };
}

function addToken(annotation: Annotation, token: Token, at: number): void {
  switch (token.kind) {
    case "owners":
      annotation.owners.push(...token.owners);
      if (token.strong) annotation.strong += 1;
      else annotation.weakNames += 1;
      break;
    case "due":
      annotation.dues.push(token.due);
      if (token.strong) annotation.strong += 1;
      else annotation.weakDates += 1;
      break;
    case "priority":
      annotation.priorities.push({ at, priority: token.priority });
      if (token.strong) annotation.strong += 1;
      else annotation.weakPriorities += 1;
      break;
    case "status":
      annotation.statuses.push({ at, done: token.done });
      annotation.strong += 1;
      break;
    case "ref":
      annotation.strong += 1;
      break;
    case "filler":
      annotation.fillers += 1;
      break;
  }
}

/**
 * Reads `[start, end)` as a sequence of annotation tokens. Strict mode fails (null) on anything
 * else, so prose is never mistaken for an annotation. Lenient mode, for a labelled tail such as
 * "Owner: Priya. Done in staging, due in production by Friday.", skips unknown words and keeps only
 * tokens that cannot be prose (no bare names or dates).
 */
export function readAnnotation(
  ctx: AnnotationContext,
  start: number,
  end: number,
  mode: "strict" | "lenient" = "strict",
): Annotation | null {
  const annotation = emptyAnnotation();
  const separators = mode === "strict" ? SEPARATORS : LENIENT_SEPARATORS;
  let at = start;
  let tokens = 0;
  let previousWasName = false;
  for (let guard = 0; guard < 64 && at < end; guard += 1) {
    const gap = sticky(separators, ctx.scan, at);
    if (gap) {
      at = Math.min(end, at + gap[0].length);
      if (at >= end) break;
    }
    const token = readTokenAt(ctx, at, end);
    if (token && token.end > at) {
      const isName = token.kind === "owners" && !token.strong;
      // A bare name must be set off by a list separator: "— Alice, 2026-12-01", not
      // "April 2025 Full Failover".
      const listed = gap !== null && /[,;|/&+]|and/i.test(gap[0]);
      if (mode === "strict" && tokens > 0 && (isName || previousWasName) && !listed) return null;
      if (mode === "strict" || ("strong" in token ? token.strong : true)) {
        addToken(annotation, token, at);
        tokens += 1;
      }
      previousWasName = isName;
      at = token.end;
      continue;
    }
    if (mode === "strict") return null;
    const word = sticky(SKIP_WORD, ctx.scan, at);
    at += word ? word[0].length : 1;
  }
  if (at < end && mode === "strict") return null;
  return tokens > 0 || mode === "lenient" ? annotation : null;
}
