import { entityValue } from "./markdown/html-entities.js";
/**
 * Inline markdown of one item, flattened to what a reader sees.
 *
 * `text` is the reading (markup, link targets and HTML tags gone). `scan` is the same string,
 * character for character, with code-span contents replaced by CODE_MASK: field extraction searches
 * `scan` so that `@scope/pkg` or `#1` inside code never reads as an owner or an issue, and cuts
 * `text` at the same offsets.
 */

export const CODE_MASK = "\uE000";

export interface FlatText {
  text: string;
  scan: string;
  /** Offsets in `text` of each link's text, so "— [jira](…)" can be read as a link reference. */
  links: { start: number; end: number }[];
}

export interface CodeSpan {
  /** Offset of the opening backtick run. */
  open: number;
  /** Offset just after the closing backtick run. */
  close: number;
  /** Length of the backtick runs. */
  fence: number;
}

/** Status words a link may carry as its text (`[FIXED](…)`): kept in brackets, as an annotation. */
const STATUS_LINK_TEXT =
  /^\s*(?:done|fixed|closed|resolved|completed?|merged|shipped|todo|to do|open|wip|in progress)\s*$/i;

const LINK_TEXT_LIMIT = 500;
const LINK_TARGET_LIMIT = 2000;
const TAG_LIMIT = 300;

/**
 * Backtick code spans, paired the CommonMark way (an opening run closes at the next run of the same
 * length). Linear: one queue of runs per length, each consumed once.
 */
export function findCodeSpans(source: string): CodeSpan[] {
  const runs: { pos: number; len: number }[] = [];
  for (let i = 0; i < source.length; i += 1) {
    const ch = source.charCodeAt(i);
    if (ch === 92 /* \ */) {
      i += 1;
      continue;
    }
    if (ch !== 96 /* ` */) continue;
    let j = i;
    while (j < source.length && source.charCodeAt(j) === 96) j += 1;
    runs.push({ pos: i, len: j - i });
    i = j - 1;
  }
  const byLength = new Map<number, number[]>();
  runs.forEach((run, index) => {
    const list = byLength.get(run.len) ?? [];
    list.push(index);
    byLength.set(run.len, list);
  });
  const cursor = new Map<number, number>();
  const spans: CodeSpan[] = [];
  let k = 0;
  while (k < runs.length) {
    const run = runs[k];
    if (run === undefined) break;
    const list = byLength.get(run.len) ?? [];
    let p = cursor.get(run.len) ?? 0;
    while (p < list.length && (list[p] ?? Infinity) <= k) p += 1;
    cursor.set(run.len, p);
    const closeIndex = list[p];
    const closeRun = closeIndex === undefined ? undefined : runs[closeIndex];
    if (closeIndex === undefined || closeRun === undefined) {
      k += 1;
      continue;
    }
    spans.push({ open: run.pos, close: closeRun.pos + closeRun.len, fence: run.len });
    cursor.set(run.len, p + 1);
    k = closeIndex + 1;
  }
  return spans;
}

/** The source with code-span contents (and their backticks) replaced by CODE_MASK, same length. */
export function maskCodeSpans(source: string): string {
  const spans = findCodeSpans(source);
  if (spans.length === 0) return source;
  let out = "";
  let last = 0;
  for (const span of spans) {
    out += source.slice(last, span.open) + CODE_MASK.repeat(span.close - span.open);
    last = span.close;
  }
  return out + source.slice(last);
}

const ENTITY = /&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/iy;

/** The character an HTML entity at `at` stands for, and its length; null when there is none. */
function readEntity(source: string, at: number): { value: string; length: number } | null {
  ENTITY.lastIndex = at;
  const m = ENTITY.exec(source);
  const name = m?.[1];
  if (!m || name === undefined) return null;
  const value = entityValue(name);
  return value === null ? null : { value, length: m[0].length };
}

const TAG_NAME = /\/?([A-Za-z][A-Za-z0-9-]{0,30})(?=[\s/>])/y;
const BLOCK_TAGS = /^(?:br|p|div|li|tr|td|th|ul|ol|table)$/i;

/** Length of the HTML comment or tag at `at` and what it reads as; null when it is not one. */
function readHtml(source: string, at: number): { value: string; length: number } | null {
  if (source.startsWith("<!--", at)) {
    const end = source.indexOf("-->", at + 4);
    return { value: " ", length: (end < 0 ? source.length : end + 3) - at };
  }
  TAG_NAME.lastIndex = at + 1;
  const name = TAG_NAME.exec(source);
  if (!name) return null;
  const limit = Math.min(source.length, at + TAG_LIMIT);
  for (let i = at + 1; i < limit; i += 1) {
    const ch = source[i];
    if (ch === "<") return null;
    if (ch === ">") return { value: BLOCK_TAGS.test(name[1] ?? "") ? " " : "", length: i + 1 - at };
  }
  return null;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || /\s/.test(ch);
}

/**
 * Pairs every `[` with its `]` and every `(` with its `)` (nesting respected, escapes and code spans
 * skipped) in one pass, so looking up a link's end costs nothing however many brackets are open.
 */
function matchBrackets(source: string, spans: CodeSpan[]): Map<number, number> {
  const matches = new Map<number, number>();
  const squares: number[] = [];
  const rounds: number[] = [];
  let span = 0;
  for (let i = 0; i < source.length; i += 1) {
    while ((spans[span]?.close ?? Infinity) <= i) span += 1;
    const code = spans[span];
    if (code?.open === i) {
      i = code.close - 1;
      continue;
    }
    const ch = source[i];
    if (ch === "\\") i += 1;
    else if (ch === "[") squares.push(i);
    else if (ch === "(") rounds.push(i);
    else if (ch === "]") {
      const open = squares.pop();
      if (open !== undefined && i - open <= LINK_TEXT_LIMIT) matches.set(open, i);
    } else if (ch === ")") {
      const open = rounds.pop();
      if (open !== undefined && i - open <= LINK_TARGET_LIMIT) matches.set(open, i);
    }
  }
  return matches;
}

// Every character the loop below treats specially: code spans and link ends start with one too.
const SPECIAL = /[`\\![\]<&*_~]/g;
const MAY_HOLD_MARKUP = /[`\\![\]<&*_~\r]/;

const AUTOLINK =
  /<((?:https?|ftp|mailto):[^\s<>]{1,2000}|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8})>/iy;

/**
 * Flattens one item's inline markdown: emphasis and strikethrough markers, code ticks, link targets,
 * images' URLs, autolink brackets, HTML tags and entities go; link text, code content and every
 * other character stay. Line breaks become spaces. Linear in the input length.
 */
export function flattenInline(source: string): FlatText {
  // Without a character that may start markup (or a carriage return) the loop below emits the
  // input in one piece: most items, and every cell of a large table, take this path.
  if (!MAY_HOLD_MARKUP.test(source)) {
    const plain = source.replace(/[\n\t]/g, " ");
    return { text: plain, scan: plain, links: [] };
  }
  const input = source.replace(/\r\n?/g, "\n");
  const spans = findCodeSpans(input);
  const codeAt = new Map(spans.map((s) => [s.open, s]));
  const closing = matchBrackets(input, spans);
  const closeOf = (open: number): number => closing.get(open) ?? -1;
  const text: string[] = [];
  const scan: string[] = [];
  let length = 0;
  const emit = (chunk: string, masked = false): void => {
    const plain = chunk.replace(/[\n\t]/g, " ");
    text.push(plain);
    scan.push(masked ? CODE_MASK.repeat(plain.length) : plain);
    length += plain.length;
  };
  // `]` offsets of links being read → where reading resumes and whether to keep the brackets.
  const linkEnds = new Map<number, { resume: number; keepBrackets: boolean; textStart: number }>();
  const links: { start: number; end: number }[] = [];

  let i = 0;
  while (i < input.length) {
    const span = codeAt.get(i);
    if (span) {
      let content = input
        .slice(span.open + span.fence, span.close - span.fence)
        .replace(/\n/g, " ");
      if (
        content.length > 2 &&
        content.startsWith(" ") &&
        content.endsWith(" ") &&
        content.trim() !== ""
      )
        content = content.slice(1, -1);
      emit(content, true);
      i = span.close;
      continue;
    }
    const ch = input[i] ?? "";
    const link = linkEnds.get(i);
    if (link) {
      links.push({ start: link.textStart, end: length });
      if (link.keepBrackets) emit("]");
      linkEnds.delete(i);
      i = link.resume;
      continue;
    }
    if (ch === "\\" && i + 1 < input.length && /[!-/:-@[-`{-~]/.test(input[i + 1] ?? "")) {
      emit(input[i + 1] ?? "");
      i += 2;
      continue;
    }
    if (ch === "!" && input[i + 1] === "[") {
      const close = closeOf(i + 1);
      if (close > 0 && input[close + 1] === "(" && closeOf(close + 1) > 0) {
        i += 1;
        continue;
      }
    }
    if (ch === "[") {
      const close = closeOf(i);
      let resume = -1;
      if (close > 0 && input[close + 1] === "(") {
        const end = closeOf(close + 1);
        if (end > 0) resume = end + 1;
      } else if (close > 0 && input[close + 1] === "[") {
        // A reference link, "[text][ref]"; "[text][]" too.
        const end = closeOf(close + 1);
        if (end > 0 && end - close < 200) resume = end + 1;
      }
      if (resume > 0) {
        const keepBrackets = STATUS_LINK_TEXT.test(input.slice(i + 1, close));
        if (keepBrackets) emit("[");
        linkEnds.set(close, { resume, keepBrackets, textStart: length });
        i += 1;
        continue;
      }
    }
    if (ch === "<") {
      AUTOLINK.lastIndex = i;
      const auto = AUTOLINK.exec(input);
      const read = auto ? { value: auto[1] ?? "", length: auto[0].length } : readHtml(input, i);
      if (read) {
        emit(read.value);
        i += read.length;
        continue;
      }
    }
    if (ch === "&") {
      const entity = readEntity(input, i);
      if (entity) {
        emit(entity.value);
        i += entity.length;
        continue;
      }
    }
    if (ch === "*" || ch === "_" || ch === "~") {
      let j = i;
      while (j < input.length && input[j] === ch) j += 1;
      const before = input[i - 1];
      const after = input[j];
      const run = input.slice(i, j);
      let drop: boolean;
      if (ch === "~") drop = run.length >= 2;
      else if (ch === "_") drop = !(isWordChar(before) && isWordChar(after));
      else
        drop =
          !(isSpace(before) && isSpace(after)) &&
          !(/\d/.test(before ?? "") && /\d/.test(after ?? ""));
      if (!drop) emit(run);
      i = j;
      continue;
    }
    // Plain text up to the next character that may start markup, in one piece.
    SPECIAL.lastIndex = i + 1;
    const next = SPECIAL.exec(input);
    const stop = next ? next.index : input.length;
    emit(input.slice(i, stop));
    i = stop;
  }
  return { text: text.join(""), scan: scan.join(""), links };
}
