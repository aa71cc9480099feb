/**
 * The Handlebars helpers of the one rendering environment (see render.ts), as pure functions.
 *
 * Templates are compiled with `noEscape`: the output is markdown, so no helper HTML-escapes, and
 * every piece of text that comes from a document or a user MUST go through one of the text helpers
 * below (`md`, `quote`, `oneLine`, `cell`, `link`). They all:
 *
 * - neutralise HTML: `<` before a tag start (`<a`, `</`, `<!`, `<?`) becomes `&lt;` (GitHub shows
 *   `<`), and `-->` becomes `--&gt;`, so text can neither hide content in a comment nor forge the
 *   app's hidden marker (`<!-- postmortem-tracker:v1 … -->`). Inside inline code spans, where
 *   HTML is shown literally, only `<!--` is broken up (with a zero-width joiner);
 * - backslash-escape what would change meaning at the start of a line (headings, quotes, list
 *   markers, fences, thematic breaks, setext underlines, table rows, link definitions);
 * - neutralise mentions (see {@link nomention}).
 *
 * Inline markdown (`**bold**`, `` `code` ``, links) is kept: item text is written in markdown.
 * `mention` is the only helper whose output can notify anyone.
 */

import { parseIsoDay, partsOfDay } from "../core/calendar-date.js";
import type { PostmortemLinkView } from "./view-models.js";

/**
 * U+200D ZERO WIDTH JOINER. Inserted right after `@` it stops GitHub from reading a mention (a
 * mention needs a login character right after `@`) while the text still reads `@everyone`.
 * Chosen over wrapping in backticks, which changes how the text looks and can pair up with
 * backticks already in the text.
 */
export const ZWJ = "\u200D";

// ---------------------------------------------------------------------------------------------
// Mentions

/**
 * Neutralises every `@login` / `@org/team` mention in free text by inserting a zero-width joiner
 * after the `@`. E-mail addresses (`ops@example.com`: a letter or digit before `@`) are left
 * alone; GitHub does not read them as mentions. Idempotent.
 */
export function nomention(text: string): string {
  return text.replace(/(?<![A-Za-z0-9])@(?=[A-Za-z0-9_])/g, `@${ZWJ}`);
}

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:\[bot\])?$/;
const TEAM = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** A GitHub login or `org/team` slug (with or without `@`), or null for anything else. */
function asHandle(name: string): string | null {
  const bare = name.startsWith("@") ? name.slice(1) : name;
  return LOGIN.test(bare) || TEAM.test(bare) ? bare : null;
}

/**
 * A live mention: `@alice`, `@org/sre`. Anything that is not a login or team slug (an owner
 * written as a name, "Jane Doe") is rendered as inert text instead.
 */
export function mention(login: string): string {
  const handle = asHandle(login);
  return handle === null ? inertName(login) : `@${handle}`;
}

/** Like {@link mention}, but never notifies: `@‍alice` (zero-width joiner after `@`). */
export function handle(login: string): string {
  const bare = asHandle(login);
  return bare === null ? inertName(login) : `@${ZWJ}${bare}`;
}

function inertName(name: string): string {
  return escapePipes(oneLine(name));
}

// ---------------------------------------------------------------------------------------------
// Markdown text

/** Markdown-safe text for a paragraph or block context; newlines are kept. */
export function md(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").replace(/^[ \t]+/gm, "");
  return splitCodeSpans(lines)
    .map((segment, index) =>
      segment.code ? escapeCodeSpan(segment.text) : escapeText(segment.text, index === 0),
    )
    .join("");
}

/** {@link md} on one line: every run of whitespace (newlines included) becomes one space. */
export function oneLine(text: string): string {
  return md(text.replace(/\s+/g, " ").trim());
}

/** {@link oneLine} for a GFM table cell: `|` is escaped too (also inside code spans, as GFM wants). */
export function cell(text: string): string {
  return escapePipes(oneLine(text));
}

/** {@link md} as a blockquote: every line prefixed with `> `. */
export function quote(text: string): string {
  return md(text.trim())
    .split("\n")
    .map((line) => (line.trim() === "" ? ">" : `> ${line}`))
    .join("\n");
}

/**
 * At most `max` characters (UTF-16 units, never splitting a surrogate pair), ending in ` …` when
 * cut. Apply before the escaping helpers: they may lengthen the text.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 2);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()} …`;
}

interface Segment {
  code: boolean;
  text: string;
}

/**
 * Splits text into inline code spans and the rest, by the CommonMark rule: a run of N backticks
 * opens a span closed by the next run of exactly N backticks, within one paragraph (a blank line
 * ends it). An unmatched run is plain text.
 */
function splitCodeSpans(text: string): Segment[] {
  const segments: Segment[] = [];
  const runs = /`+/g;
  let plainStart = 0;
  let match: RegExpExecArray | null;
  while ((match = runs.exec(text)) !== null) {
    const open = match[0];
    if (match.index > 0 && text[match.index - 1] === "\\") continue;
    const close = new RegExp(`(?<!\`)${open}(?!\`)`, "g");
    close.lastIndex = match.index + open.length;
    const end = close.exec(text);
    if (end === null) continue;
    const inside = text.slice(match.index + open.length, end.index);
    if (/\n[ \t]*\n/.test(inside)) continue;
    if (match.index > plainStart) {
      segments.push({ code: false, text: text.slice(plainStart, match.index) });
    }
    segments.push({ code: true, text: text.slice(match.index, end.index + open.length) });
    plainStart = end.index + open.length;
    runs.lastIndex = plainStart;
  }
  if (plainStart < text.length || segments.length === 0) {
    segments.push({ code: false, text: text.slice(plainStart) });
  }
  return segments;
}

function escapeCodeSpan(text: string): string {
  return nomention(text.replace(/<!--/g, `<${ZWJ}!--`));
}

/** Line-start constructs, each escaped by a backslash before its first character. */
const LINE_START = [
  /^#{1,6}(?=[ \t]|$)/, // ATX heading
  /^>/, // blockquote
  /^[-+*](?=[ \t]|$)/, // bullet list item
  /^\d{1,9}[.)](?=[ \t]|$)/, // ordered list item (escape goes before the `.` or `)`)
  /^[-*_=][-*_= \t]*$/, // thematic break or setext underline
  /^(?:```|~~~)/, // code fence
  /^\|/, // table row
  /^\[[^\]\n]*\]:/, // link reference definition or footnote
];

function escapeLineStart(line: string): string {
  for (const pattern of LINE_START) {
    const match = pattern.exec(line);
    if (match === null) continue;
    const ordered = /^(\d+)([.)])/.exec(match[0]);
    if (ordered !== null) {
      const digits = ordered[1] ?? "";
      return `${digits}\\${line.slice(digits.length)}`;
    }
    return `\\${line}`;
  }
  return line;
}

function escapeText(text: string, startsLine: boolean): string {
  const lines = text
    .split("\n")
    .map((line, index) => (index > 0 || startsLine ? escapeLineStart(line) : line));
  return nomention(
    lines
      .join("\n")
      .replace(/<(?=[A-Za-z/!?])/g, "&lt;")
      .replace(/-->/g, "--&gt;"),
  );
}

/** `|` → `\|`; backslashes already before a pipe are dropped, so it is escaped exactly once. */
function escapePipes(text: string): string {
  return text.replace(/\\*\|/g, "\\|");
}

// ---------------------------------------------------------------------------------------------
// Links and references

/**
 * A markdown link. The text is {@link oneLine} with `[`, `]` and `|` escaped (so a link is safe in
 * a table cell); the URL must be http(s) and has parentheses, pipes and spaces percent-encoded.
 */
export function link(text: string, url: string): string {
  const label = escapePipes(oneLine(text.replace(/[\\[\]]/g, "\\$&")));
  return `[${label}](${safeUrl(url)})`;
}

/** An absolute http(s) URL made safe to put between `(` and `)` in markdown. Throws otherwise. */
export function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new Error(`Refusing to link to a ${parsed.protocol} URL`);
  }
  return parsed.href.replace(/[()|\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** An issue or PR reference GitHub links and titles: `#12`, or `acme/api#12` for another repo. */
export function ref(number: number, repo: string | null = null): string {
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new Error(`Not an issue number: ${String(number)}`);
  }
  if (repo === null) return `#${number}`;
  if (!REPO.test(repo)) throw new Error(`Not an owner/repo: ${repo}`);
  return `${repo}#${number}`;
}

/** The document's title, or its path when it has none. Plain text: pass it to `link`/`oneLine`. */
export function docTitle(doc: PostmortemLinkView): string {
  const title = doc.title?.trim() ?? "";
  return title === "" ? doc.path : title;
}

/**
 * Permalink to the postmortem at the pinned commit, to a line when given:
 * `https://github.com/acme/api/blob/<sha>/docs/pm/x.md#L12`.
 */
export function sourceUrl(doc: PostmortemLinkView, line: number | null = null): string {
  const path = doc.path.split("/").filter(Boolean).map(encodeURIComponent).join("/");
  const anchor = line === null ? "" : `#L${positiveInt(line, "line")}`;
  return safeUrl(`${repoBase(doc)}/blob/${checkSha(doc.sha)}/${path}${anchor}`);
}

/** `[`abc1234`](…/commit/<sha>)`: a link to the pinned commit of `doc`. */
export function commitLink(doc: PostmortemLinkView): string {
  const sha = checkSha(doc.sha);
  return `[\`${sha.slice(0, 7)}\`](${safeUrl(`${repoBase(doc)}/commit/${sha}`)})`;
}

function repoBase(doc: PostmortemLinkView): string {
  return safeUrl(doc.repoUrl).replace(/\/+$/, "");
}

function checkSha(sha: string): string {
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) throw new Error(`Not a commit SHA: ${sha}`);
  return sha;
}

function positiveInt(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`Not a ${what}: ${String(value)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Dates and numbers

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

/** `2026-12-26` → `Sat 26 Dec 2026`: a calendar date, independent of locale and time zone. */
export function date(iso: string): string {
  const day = parseIsoDay(iso);
  if (day === null) throw new Error(`Not a YYYY-MM-DD date: ${iso}`);
  const parts = partsOfDay(day);
  return `${WEEKDAYS[parts.weekday] ?? ""} ${parts.day} ${MONTHS[parts.month - 1] ?? ""} ${parts.year}`;
}

/** `plural(1, "item")` → `1 item`; `plural(3, "item")` → `3 items`; irregular forms as a 3rd argument. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`Not a count: ${String(count)}`);
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** A finite number as plain digits (`7`, `5.5`); anything else throws instead of rendering. */
export function figure(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Not a number: ${String(value)}`);
  return String(value);
}

/** Equality, for choosing a branch by a union's `kind` in templates. */
export function eq(a: unknown, b: unknown): boolean {
  return a === b;
}

/**
 * Wraps text in a fenced code block whose fence is longer than any backtick run inside, so the
 * text cannot close it. `<!--` is broken up (the app's marker must not appear in raw bodies) and
 * mentions are neutralised; nothing else needs escaping in a code block. Ends with a newline.
 */
export function codeBlock(text: string): string {
  const body = nomention(text.replace(/<!--/g, `<${ZWJ}!--`)).replace(/\n+$/, "");
  const longest = Math.max(0, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}text\n${body}\n${fence}\n`;
}
