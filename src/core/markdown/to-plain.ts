// Every rewrite below but the whitespace one needs one of these characters.
const MARKUP = /[[<*_~`\\]/;

/** Inline markdown source to the text a reader sees: no emphasis, link targets, images or tags. */
export function toPlain(source: string): string {
  // Most lines have no markup: the planner calls this on every line, several times.
  if (!MARKUP.test(source)) return source.replace(/\s+/g, " ").trim();
  return (
    source
      // Bracket contents exclude "[" so each attempt stops at the next one: linear on "[[[[…".
      .replace(/!\[[^[\]]*\]\([^()]*\)/g, " ")
      .replace(/\[([^[\]]*)\]\([^()]*\)/g, "$1")
      .replace(/\[([^[\]]+)\]\[[^[\]]*\]/g, "$1")
      .replace(/<\/?[a-zA-Z][^<>]*>/g, " ")
      .replace(/(\*\*|__|~~)(?=\S)([^*_~]{0,400}?\S)\1/g, "$2")
      .replace(/(^|[^\w*])[*_](?=\S)([^*_]{0,400}?\S)[*_](?=$|[^\w*])/g, "$1$2")
      .replace(/`([^`]{0,2000})`/g, "$1")
      .replace(/\\([\\`*_{}[\]()#+\-.!|~])/g, "$1")
      .replace(/\s+/g, " ")
      .trim()
      // Emphasis opened on one line and closed on another leaves a lone marker at either end.
      .replace(/^[*_]+(?=[\p{L}\p{N}])/u, "")
      .replace(/(?<=[\p{L}\p{N}.!?:)])[*_]+$/u, "")
  );
}

/** True when the whole line is emphasised (`**Heading**`, `*Heading:*`, `__Heading__:`). */
export function isEmphasisedLine(source: string): boolean {
  const t = source.trim().replace(/:\s*$/, "");
  if (/^(\*\*|__)[^]*(\*\*|__):?$/.test(t)) return (t.match(/\*\*|__/g) ?? []).length === 2;
  return /^[*_][^*_][^*_]*[*_]:?$/.test(t);
}
