import { flattenInline } from "./inline-markdown.js";
import type { Priority } from "./types.js";

const WORD_PRIORITY: Record<string, Priority> = {
  critical: "P0",
  urgent: "P0",
  blocker: "P0",
  highest: "P0",
  high: "P1",
  medium: "P2",
  med: "P2",
  normal: "P2",
  moderate: "P2",
  low: "P3",
  lowest: "P3",
  minor: "P3",
  trivial: "P3",
};
const WORDS = Object.keys(WORD_PRIORITY).join("|");

/** A priority read at a fixed position. `strong` unless it is a bare word such as "high". */
export interface PriorityMatch {
  end: number;
  priority: Priority;
  strong: boolean;
}

function fromLevel(level: string): Priority {
  // Levels past P3 exist in some trackers; they are all "low" to us.
  const n = Math.min(3, Number(level));
  return `P${n}` as Priority;
}

function fromWord(word: string): Priority | null {
  return WORD_PRIORITY[word.toLowerCase()] ?? null;
}

const LABELLED = new RegExp(
  `(?:priority|prio|pri)\\s{0,2}[:=-]?\\s{0,2}(?:p-?(\\d)|(\\d)|(${WORDS}))(?![\\p{L}\\p{N}])`,
  "iuy",
);
const LEVEL = /p-?(\d)(?![\p{L}\p{N}])/iuy;
const WORD = new RegExp(`(${WORDS})(?:[\\s-]{1,2}(priority|prio|pri))?(?![\\p{L}\\p{N}])`, "iuy");

/** Reads `P1`, `Priority: High`, `high priority` or a bare priority word starting exactly at `at`. */
export function readPriorityAt(scan: string, at: number): PriorityMatch | null {
  LABELLED.lastIndex = at;
  const labelled = LABELLED.exec(scan);
  if (labelled) {
    const level = labelled[1] ?? labelled[2];
    const priority = level !== undefined ? fromLevel(level) : fromWord(labelled[3] ?? "");
    return priority === null ? null : { end: at + labelled[0].length, priority, strong: true };
  }
  LEVEL.lastIndex = at;
  const level = LEVEL.exec(scan);
  if (level)
    return { end: at + level[0].length, priority: fromLevel(level[1] ?? "3"), strong: true };
  WORD.lastIndex = at;
  const word = WORD.exec(scan);
  const priority = word ? fromWord(word[1] ?? "") : null;
  if (!word || priority === null) return null;
  return { end: at + word[0].length, priority, strong: word[2] !== undefined };
}

const ANY_LEVEL = /(?<![\p{L}\p{N}])p-?(\d)(?![\p{L}\p{N}])/iu;
const ANY_WORD = new RegExp(`(?<![\\p{L}\\p{N}])(${WORDS})(?![\\p{L}\\p{N}])`, "iu");
const BARE_LEVEL = /^\s*(\d)\s*$/;

/**
 * The priority a Priority table cell gives: "P1", "p0", "High", "🔴 Critical", "Medium (P2)", or a
 * bare level "1". Null for an empty or unknown cell.
 */
export function parsePriority(text: string): Priority | null {
  const plain = flattenInline(text).text;
  const level = ANY_LEVEL.exec(plain) ?? BARE_LEVEL.exec(plain);
  if (level) return fromLevel(level[1] ?? "3");
  const word = ANY_WORD.exec(plain);
  return word ? fromWord(word[1] ?? "") : null;
}
