/**
 * Text-level repairs applied before parsing, each keeping the line count unchanged so that every
 * line number the parser reports is a line number of the original document.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/;

/** Normalises line endings and strips a BOM; the result has the same lines as the input. */
export function normalizeText(raw: string): string {
  let text = raw.startsWith("\uFEFF") ? raw.slice(1) : raw;
  if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
  return text;
}

/**
 * Blanks the opening line of fences a human reads as prose: a fence that is never closed (the
 * rest of the file would otherwise be one code block) and a ```markdown fence (a document pasted
 * as an example, which its readers read as markdown). Closing lines of markdown fences go too.
 */
export function unwrapProseFences(lines: string[]): boolean {
  let changed = false;
  let open: { index: number; char: string; size: number; markdown: boolean } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const m = FENCE.exec(line);
    if (!m) continue;
    const marker = m[1] ?? "";
    if (open === null) {
      const lang = (m[2] ?? "").toLowerCase();
      open = {
        index: i,
        char: marker.charAt(0),
        size: marker.length,
        markdown: lang === "markdown" || lang === "md",
      };
    } else if (
      marker.startsWith(open.char) &&
      marker.length >= open.size &&
      line.trim() === marker
    ) {
      if (open.markdown) {
        lines[open.index] = "";
        lines[i] = "";
        changed = true;
      }
      open = null;
    }
  }
  if (open !== null) {
    lines[open.index] = "";
    changed = true;
  }
  return changed;
}
