// Any whitespace but a lone space: only then does collapsing change the text.
const UNCOLLAPSED = /[^\S ]| {2}/;

/**
 * `text.replace(/\s+/g, " ")`, without that call's cost on text that is already collapsed: the
 * global replace builds a new string even when every run is one space, and most lines are.
 */
export function collapseSpaces(text: string): string {
  return UNCOLLAPSED.test(text) ? text.replace(/\s+/g, " ") : text;
}
