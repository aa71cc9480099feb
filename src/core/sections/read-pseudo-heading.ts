import type { List } from "mdast";
import { classifyHeading, classifyPlainLine, type SectionKind } from "../classify-heading.js";
import { sliceSource } from "../markdown/read-blocks.js";
import { isEmphasisedLine, toPlain } from "../markdown/to-plain.js";
import { isMetadataLine, startsWithImperative } from "../text-patterns.js";
import { LIST_WORDS, startLine } from "./emit-context.js";
import { countFields } from "../count-fields.js";

export const EXAMPLE_LABEL = /^(for )?(examples?|e\.g\.?|sample( output)?|results?|output)$/i;

/** `17. Remediation` or `4. Detection`: a numbered plain heading that markdown reads as a list. */
export function numberedHeading(
  list: List,
  text: string,
): { kind: SectionKind; title: string; line: number } | null {
  const item = list.children[0];
  if (list.ordered !== true || list.children.length !== 1 || item?.children.length !== 1)
    return null;
  const para = item.children[0];
  if (para?.type !== "paragraph") return null;
  const source = sliceSource(para, text);
  if (source.includes("\n")) return null;
  const heading = readPseudoHeading(source);
  if (heading?.rest !== "") return null;
  // An unnamed label counts only as a Title Case line ("23. MITRE ATT&CK Context"), not as a
  // lone emphasised item ("1. **Add replica lag alerting**").
  if (heading.kind === null && !isTitleLine(toPlain(source))) return null;
  // A numbered title ("23. MITRE ATT&CK Context") is a sibling section of "22. Recommendations".
  return { kind: heading.kind ?? "other", title: heading.title, line: startLine(item) };
}

export function isSentence(plain: string): boolean {
  return countFields(plain) > 12 || /[.!?]$/.test(plain);
}

/**
 * A short Title Case line ("Service Enablement") or one framed by emoji ("🚨 The Big Outage 🚨"):
 * a label in word-processor documents. Items are sentences, so none look like this.
 */
function isTitleLine(plain: string): boolean {
  if (/^\p{Extended_Pictographic}.*\p{Extended_Pictographic}\uFE0F?$/u.test(plain)) return true;
  const words = plain.split(" ");
  if (words.length < 2 || words.length > 5 || /[.!?,;:]$/.test(plain)) return false;
  return words.every(
    (w) => /^[\p{Lu}\d&(]/u.test(w) || /^(of|and|or|the|to|for|in|on|a|an)$/.test(w),
  );
}

export interface PseudoHeading {
  kind: SectionKind | null;
  title: string;
  /** Text after the heading's colon on the same line. */
  rest: string;
}

/**
 * A paragraph line that acts as a heading: bold or italic alone, `Label:`, or a known plain name.
 * `plain` is `toPlain(source)`, for a caller that has it already (every line is read this way).
 */
export function readPseudoHeading(source: string, plain = toPlain(source)): PseudoHeading | null {
  if (plain === "" || plain.length > 100) return null;
  // Read only when a rule needs it: most lines are sentences that fail the cheap tests first.
  let known: boolean | undefined;
  const isEmphasised = (): boolean => (known ??= isEmphasisedLine(source));
  const colon = plain.includes(":") ? /^([^:]{2,80}):\s*(.*)$/.exec(plain) : null;
  if (colon && colon[2] !== "" && !isEmphasised()) {
    // "Summary of the review: …", "Review date: …": a document fact, not a section.
    if (isMetadataLine(plain)) return null;
    const label = colon[1] ?? "";
    const kind = countFields(label) <= 6 ? classifyHeading(label) : null;
    const rest = colon[2] ?? "";
    const words = rest.split(" ").filter((w) => /^\p{L}{2,}/u.test(w));
    // "Action item: AI-2025-DR-01 (closed)" names a tracked id; it is no heading and no new item.
    if (kind === null || words.length < 4 || /^[A-Z]{1,6}-\d/.test(rest)) return null;
    return { kind, title: label, rest: colon[2] ?? "" };
  }
  if (/[.!?,;]$/.test(plain)) return null;
  const words = countFields(plain);
  if (words > 14) return null;
  if (plain.endsWith(":") && startsWithImperative(plain) && !LIST_WORDS.test(plain)) return null;
  const emphasised = isEmphasised();
  // "**Add replica lag alerting**" is an emphasised task, not a heading.
  if (emphasised && !plain.endsWith(":") && startsWithImperative(plain)) return null;
  if (emphasised || plain.endsWith(":")) {
    // A long line ending in ":" introduces a list; only a short one names a section.
    const kind = words <= 6 || emphasised ? classifyHeading(plain) : classifyHeading(plain, false);
    return {
      kind: words <= 6 || emphasised || kind === "instructions" ? kind : null,
      title: plain.replace(/:$/, ""),
      rest: "",
    };
  }
  if (startsWithImperative(plain)) return null;
  const kind = classifyPlainLine(plain);
  if (kind !== null) return { kind, title: plain, rest: "" };
  return isTitleLine(plain) ? { kind: null, title: plain, rest: "" } : null;
}
