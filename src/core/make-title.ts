import { collapseSpaces } from "./collapse-spaces.js";
import { flattenInline } from "./inline-markdown.js";
import { trimChars } from "./trim-chars.js";

/** Our cap on issue titles (GitHub allows more, nobody reads more). */
export const TITLE_MAX_LENGTH = 256;
/** Texts longer than this are shortened: the full text is in the issue body anyway. */
export const TITLE_COMFORTABLE_LENGTH = 120;

// "Tasks: …", "Improvements/Fixes: …": a label, not a title; the description is the title.
const GENERIC_HEADS = new Set([
  "action",
  "action item",
  "actions",
  "corrective action",
  "fix",
  "fixes",
  "follow-up",
  "follow up",
  "improvement",
  "improvements",
  "improvements/fixes",
  "mitigation",
  "next step",
  "note",
  "prevention",
  "preventive measure",
  "recommendation",
  "runbook step",
  "step",
  "task",
  "tasks",
  "todo",
]);
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|approx|incl|mr|ms|mrs|dr|no|cf|\p{Lu})$/iu;
const SENTENCE_END = /[.!?](?=\s+["“'(]?[\p{Lu}\p{N}])/gu;
const CLAUSE_BREAK = / [-—–] | \(|; /g;
const COMMA = /, /g;

/**
 * A GitHub issue title for an action item's text: one line, no markdown, no trailing period, at
 * most TITLE_MAX_LENGTH characters. A long text is shortened to its "Title:" part when it is written
 * as "Title: description", else to its first sentence, else at a clause or word boundary.
 * Non-empty for any text with a visible character.
 */
export function makeTitle(text: string): string {
  const plain = toSingleLine(text);
  if (plain === "") return "";
  return fit(dropTrailingPeriod(plain), true);
}

function toSingleLine(text: string): string {
  const flat = collapseSpaces(flattenInline(text).text).trim();
  const withoutBlockMarks = trimChars(flat, "#> ", "start");
  return withoutBlockMarks === "" ? text.replace(/\s+/g, " ").trim() : withoutBlockMarks;
}

function dropTrailingPeriod(text: string): string {
  // An ellipsis or "etc." stays: the period is part of the word there.
  if (text.endsWith("...") || /\betc\.$/i.test(text.slice(-5))) return text;
  return trimChars(text, ".;:, ", "end") || text;
}

function fit(text: string, mayUseHead: boolean): string {
  if (text.length <= TITLE_COMFORTABLE_LENGTH) return text;
  if (mayUseHead) {
    const head = titleHead(text);
    if (head !== null) return head;
  }
  const sentence = firstSentence(text);
  if (sentence !== null) return sentence;
  return cutAtBoundary(text);
}

/** "Rate limiting: introduce …" → "Rate limiting"; a generic label gives way to its description. */
function titleHead(text: string): string | null {
  const colon = text.indexOf(": ");
  if (colon < 3 || colon > 80) return null;
  const head = text.slice(0, colon).trim();
  const description = text.slice(colon + 2).trim();
  if (/[.!?]/.test(head) || /https?:/i.test(head) || description === "") return null;
  if (GENERIC_HEADS.has(head.toLowerCase())) return fit(dropTrailingPeriod(description), false);
  const words = head.split(/\s+/).length;
  return words >= 2 && words <= 8 ? head : null;
}

function firstSentence(text: string): string | null {
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m !== null; m = SENTENCE_END.exec(text)) {
    if (m.index > TITLE_COMFORTABLE_LENGTH) return null;
    if (ABBREVIATION.test(text.slice(Math.max(0, m.index - 8), m.index))) continue;
    const sentence = dropTrailingPeriod(text.slice(0, m.index));
    return sentence.length >= 12 ? sentence : null;
  }
  return null;
}

function cutAtBoundary(text: string): string {
  const limit = TITLE_COMFORTABLE_LENGTH;
  // Prefer ending where a clause ends: the last dash, semicolon or parenthesis past 40 % of the
  // limit, else the first comma past it (later commas tend to sit inside lists).
  let clause = -1;
  CLAUSE_BREAK.lastIndex = 0;
  for (
    let m = CLAUSE_BREAK.exec(text);
    m !== null && m.index <= limit;
    m = CLAUSE_BREAK.exec(text)
  ) {
    if (m.index >= limit * 0.4) clause = m.index;
  }
  COMMA.lastIndex = 0;
  for (
    let m = COMMA.exec(text);
    clause < 0 && m !== null && m.index <= limit;
    m = COMMA.exec(text)
  ) {
    if (m.index >= limit * 0.4) clause = m.index;
  }
  if (clause > 0) return dropTrailingPeriod(text.slice(0, clause));
  const space = text.lastIndexOf(" ", limit - 1);
  const cut = space >= limit * 0.4 ? text.slice(0, space) : text.slice(0, limit - 1);
  return `${trimChars(cut, " ,;:-—–", "end")}…`;
}
