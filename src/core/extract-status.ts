import { flattenInline } from "./inline-markdown.js";

/** A status marker read at a fixed position: where it ends and whether it says the work is done. */
export interface StatusMatch {
  end: number;
  done: boolean;
}

const DONE_WORDS =
  "done|completed?|fixed|closed|resolved|shipped|merged|finished|implemented|deployed|landed";
const OPEN_WORDS =
  "to[\\s-]?do|open|in[\\s-]progress|wip|planned|pending|not\\s{1,3}(?:started|done|yet\\s{1,3}started)|blocked|ongoing|backlog|proposed|in\\s{1,3}review|won'?t\\s{1,3}(?:fix|do)|wontfix|cancell?ed|dropped";

const DONE_EMOJI = /(?:\u2705|\u2714|\u2611|\u2713)\uFE0F?/y;
const OPEN_EMOJI =
  /(?:\u{1F504}|\u{1F4CB}|\u23F3|\u{1F6A7}|\u2B1C|\u23F8|\u274C|\u2717|\u2718|\u{1F532})\uFE0F?/uy;
const STATUS_WORD = new RegExp(
  `(?:status\\s{0,2}[:=]\\s{0,2})?(?:(${DONE_WORDS})|(${OPEN_WORDS}))(?![\\p{L}\\p{N}])`,
  "iuy",
);
// A status word only reads as a status when nothing but punctuation, the end, or a reference
// follows: "Done in staging, due in production" is prose, "Done (#12)" or "fixed in #12" is status.
const STATUS_TAIL =
  /\s{0,3}(?:[,;.:)\]|—–-]|(?:in|by|via|with)\s{1,3}(?:#\d|[\w.-]{1,100}\/[\w.-]{1,100}#\d|\uE001))/y;

/**
 * Reads a status marker (`DONE`, `in progress`, `Status: closed`, ✅) starting exactly at `at`;
 * `limit` is where the annotation being read ends.
 */
export function readStatusAt(scan: string, at: number, limit = scan.length): StatusMatch | null {
  DONE_EMOJI.lastIndex = at;
  const done = DONE_EMOJI.exec(scan);
  if (done) return { end: at + done[0].length, done: true };
  OPEN_EMOJI.lastIndex = at;
  const open = OPEN_EMOJI.exec(scan);
  if (open) return { end: at + open[0].length, done: false };
  STATUS_WORD.lastIndex = at;
  const word = STATUS_WORD.exec(scan);
  if (!word) return null;
  const end = at + word[0].length;
  if (end > limit) return null;
  let next = end;
  while (next < limit && /\s/.test(scan.charAt(next))) next += 1;
  if (next < limit) {
    STATUS_TAIL.lastIndex = end;
    if (!STATUS_TAIL.test(scan)) return null;
  }
  return { end, done: word[1] !== undefined };
}

const NON_ASCII = /[^\t-~]/;
const STATUS_EMOJI =
  /[\u2705\u2714\u2611\u2713\u23F3\u2B1C\u23F8\u274C\u2717\u2718]|\u{1F504}|\u{1F4CB}|\u{1F6A7}|\u{1F532}/gu;

/** Offsets of every done/open status emoji in `scan`: they are annotations wherever they stand. */
export function findStatusEmoji(scan: string): { start: number; end: number; done: boolean }[] {
  const found: { start: number; end: number; done: boolean }[] = [];
  // Every status emoji is outside ASCII; most items are ASCII only.
  if (!NON_ASCII.test(scan)) return found;
  for (const m of scan.matchAll(STATUS_EMOJI)) {
    const read = readStatusAt(scan, m.index);
    if (read) found.push({ start: m.index, end: read.end, done: read.done });
  }
  return found;
}

const NOT_DONE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${OPEN_WORDS}|not)(?![\\p{L}\\p{N}])`, "iu");
const IS_DONE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${DONE_WORDS}|yes)(?![\\p{L}\\p{N}])`, "iu");
const DONE_SYMBOL = /[\u2705\u2714\u2611\u2713]|\[[xX]\]|^\s*[xX]\s*$/u;

/**
 * Whether a Status (or Bug) table cell says the work is done: "**DONE**", "Closed", "✅ Done",
 * "n/a **DONE**". "TODO", "in progress", "Open", "not done" and an empty cell are not done.
 */
export function parseDone(text: string): boolean {
  const plain = flattenInline(text).text;
  if (NOT_DONE.test(plain)) return false;
  return IS_DONE.test(plain) || DONE_SYMBOL.test(plain);
}
