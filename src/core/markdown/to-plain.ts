import { collapseSpaces } from "../collapse-spaces.js";

// Every rewrite below but the whitespace one needs one of these characters.
const MARKUP = /[[<*_~`\\]/;
const EMPHASIS = /[*_~]/;
const LONE_MARKER = /[*_]/;

/** Inline markdown source to the text a reader sees: no emphasis, link targets, images or tags. */
export function toPlain(source: string): string {
  // Most lines have no markup: the planner calls this on every line, several times.
  if (!MARKUP.test(source)) return collapseSpaces(source).trim();
  // Each rewrite runs only when its pattern's first character is present: a rewrite adds no
  // markup characters (only spaces and parts of the text), so a skipped one could not match.
  let text = source;
  if (text.includes("[")) {
    // Bracket contents exclude "[" so each attempt stops at the next one: linear on "[[[[…".
    if (text.includes("![")) text = text.replace(/!\[[^[\]]*\]\([^()]*\)/g, " ");
    text = text
      .replace(/\[([^[\]]*)\]\([^()]*\)/g, "$1")
      .replace(/\[([^[\]]+)\]\[[^[\]]*\]/g, "$1");
  }
  if (text.includes("<")) text = text.replace(/<\/?[a-zA-Z][^<>]*>/g, " ");
  if (EMPHASIS.test(text))
    text = text
      .replace(/(\*\*|__|~~)(?=\S)([^*_~]{0,400}?\S)\1/g, "$2")
      .replace(/(^|[^\w*])[*_](?=\S)([^*_]{0,400}?\S)[*_](?=$|[^\w*])/g, "$1$2");
  if (text.includes("`")) text = text.replace(/`([^`]{0,2000})`/g, "$1");
  if (text.includes("\\")) text = text.replace(/\\([\\`*_{}[\]()#+\-.!|~])/g, "$1");
  text = collapseSpaces(text).trim();
  if (!LONE_MARKER.test(text)) return text;
  // Emphasis opened on one line and closed on another leaves a lone marker at either end.
  return text.replace(/^[*_]+(?=[\p{L}\p{N}])/u, "").replace(/(?<=[\p{L}\p{N}.!?:)])[*_]+$/u, "");
}

/** True when the whole line is emphasised (`**Heading**`, `*Heading:*`, `__Heading__:`). */
export function isEmphasisedLine(source: string): boolean {
  // Both shapes start with a marker; most lines have none.
  if (!LONE_MARKER.test(source)) return false;
  const t = source.trim().replace(/:\s*$/, "");
  if (/^(\*\*|__)[^]*(\*\*|__):?$/.test(t)) return (t.match(/\*\*|__/g) ?? []).length === 2;
  return /^[*_][^*_][^*_]*[*_]:?$/.test(t);
}
