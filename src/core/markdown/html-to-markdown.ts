import { entityValue } from "./html-entities.js";

/**
 * Rewrites lines of block HTML (whole documents written in HTML, `<ol><li>` lists pasted into
 * markdown) as the markdown a reader sees, line for line, so line numbers stay true. Handles the
 * structure that matters for finding action items: headings, paragraphs, line breaks and (nested)
 * lists. Anything fancier is reduced to its text.
 */

function decodeEntities(text: string): string {
  return text.replace(
    /&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi,
    (whole, name: string) => entityValue(name) ?? whole,
  );
}

const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>/g;

/** Converts `lines[start..end)` in place; list nesting is tracked within the range. */
export function convertHtmlLines(lines: string[], start: number, end: number): void {
  const lists: ("ul" | "ol")[] = [];
  for (let i = start; i < end; i++) {
    const line = lines[i] ?? "";
    let prefix = "";
    let out = line.trim().replace(TAG, (tag, rawName: string) => {
      const name = rawName.toLowerCase();
      const closing = tag.startsWith("</");
      if (name === "ul" || name === "ol") {
        if (closing) lists.pop();
        else lists.push(name);
        return "";
      }
      if (name === "li") {
        if (closing) return "";
        const depth = Math.max(0, lists.length - 1);
        prefix = "   ".repeat(depth) + (lists.at(-1) === "ol" ? "1. " : "- ");
        return "";
      }
      const heading = /^h([1-6])$/.exec(name);
      if (heading && !closing) {
        prefix = "#".repeat(Number(heading[1])) + " ";
        return "";
      }
      if (name === "strong" || name === "b") return "**";
      if (name === "em" || name === "i") return "_";
      if (name === "code") return "`";
      return " ";
    });
    out = decodeEntities(out).replace(/\s+/g, " ").trim();
    // `**` left dangling by a tag split across lines would bold the rest of the paragraph.
    if ((out.match(/\*\*/g) ?? []).length % 2 === 1) out = out.replace(/\*\*/g, "");
    lines[i] = out === "" && prefix === "" ? "" : prefix + out;
  }
}
