import { parse as parseYaml } from "yaml";
import { collectItems, type Candidate, type Collected } from "./collect-items.js";
import {
  extractItemFields,
  findIssueRefs,
  parseDone,
  parseDue,
  parseOwners,
  parsePriority,
} from "./extract-fields.js";
import type { MarkdownParser } from "./markdown/parse-markdown.js";
import { readBlocks } from "./markdown/read-blocks.js";
import { toPlain } from "./markdown/to-plain.js";
import type { ParsedItem, ParsedPostmortem, PlanWarning, PostmortemMeta } from "./types.js";

/** Larger documents are refused with a warning rather than parsed: no postmortem is this big. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/**
 * Reads a postmortem the way a person does and returns its action items with whatever owners,
 * deadlines, priorities and status the document gives them. Pure: `now` (YYYY-MM-DD, the merge
 * date) is the reference for relative dates. Never throws; problems become warnings. `parse`, the
 * markdown parser, is replaceable so that the tests can compare parsers on the same documents.
 */
export function parsePostmortem(
  text: string,
  now: string,
  parse?: MarkdownParser,
): ParsedPostmortem {
  const empty = (message: string): ParsedPostmortem => ({
    meta: emptyMeta(),
    items: [],
    warnings: [{ line: 1, message }],
  });
  if (text.includes("\u0000"))
    return empty("The file looks binary (it has NUL bytes): no action items read.");
  if (text.length > MAX_DOCUMENT_BYTES)
    return empty(
      `The document is larger than ${MAX_DOCUMENT_BYTES / 1048576} MiB: no action items read.`,
    );
  if (text.trim() === "") return empty("The document is empty: no action items.");

  const doc = readBlocks(text, parse);
  const collected = collectItems(doc);
  const warnings: PlanWarning[] = doc.repairs
    .filter((r) => r.message.startsWith("Code fence"))
    .slice(0, 1)
    .map((r) => ({ line: r.line, message: `${r.message} Its content was read as the document.` }));
  const items = collected.candidates.map((c) => toItem(c, now));
  for (const item of items) {
    if (item.dueText !== null && item.due === null)
      warnings.push({ line: item.line, message: `Could not read the deadline "${item.dueText}".` });
  }
  if (items.length === 0)
    warnings.push({ line: 1, message: explainNoItems(collected, doc.blocks) });
  return { meta: readMeta(doc.frontMatter, doc.blocks, collected), items, warnings };
}

function toItem(candidate: Candidate, now: string): ParsedItem {
  const fields = extractItemFields({ source: candidate.source, checked: candidate.checked, now });
  const cells = candidate.cells;
  if (cells) {
    const owners = cells.owner === undefined ? [] : parseOwners(cells.owner);
    if (owners.length > 0) fields.owners = owners;
    if (cells.due !== undefined) {
      const due = parseDue(cells.due, now);
      if (due.dueText !== null) Object.assign(fields, due);
    }
    const priority = cells.priority === undefined ? null : parsePriority(cells.priority);
    if (priority !== null) fields.priority = priority;
    for (const cell of [cells.status, cells.refs]) {
      if (cell === undefined) continue;
      if (parseDone(cell)) fields.done = true;
      fields.refs = [...fields.refs, ...findIssueRefs(cell)];
    }
  }
  return {
    text: fields.text,
    owners: fields.owners,
    dueText: fields.dueText,
    due: fields.due,
    priority: fields.priority,
    status: fields.done ? "done" : "open",
    refs: dedupeRefs(fields.refs),
    line: candidate.line,
    reason: candidate.reason,
  };
}

function dedupeRefs(refs: ParsedItem["refs"]): ParsedItem["refs"] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const id = `${r.repo ?? ""}#${r.number}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function explainNoItems(
  collected: Collected,
  blocks: ReturnType<typeof readBlocks>["blocks"],
): string {
  const sections = collected.sections;
  const blank = emptySections(blocks);
  // A skeleton of headings with nothing under most of them is a template nobody filled in.
  const template =
    blank.total >= 4 && blank.empty * 2 >= blank.total
      ? `Looks like a template: ${blank.empty} of ${blank.total} sections are empty. `
      : "";
  if (sections.length === 0)
    return `${template}No action-item section found (a heading such as "Action items", "Corrective and preventive measures", "Follow-ups" or "Next steps").`;
  const names = sections.map((s) => `"${s.title}" (line ${s.line})`).join(", ");
  const placeholders = sections.reduce((n, s) => n + s.placeholders + s.instructions, 0);
  if (placeholders > 0)
    return `${template || "Looks like a template: "}the follow-up section ${names} holds only placeholders or instructions, no action items.`;
  if (sections.some((s) => s.prose > 0))
    return `${template}The follow-up section ${names} is prose with no concrete action: write one action per line or bullet.`;
  return `${template}The follow-up section ${names} has no action items.`;
}

/** How many headings the document has, and how many have nothing under them. */
function emptySections(blocks: ReturnType<typeof readBlocks>["blocks"]): {
  total: number;
  empty: number;
} {
  let total = 0;
  let empty = 0;
  blocks.forEach((b, i) => {
    if (b.kind !== "heading") return;
    total++;
    // Only the breaks right after this heading are skipped: linear over the document.
    let j = i + 1;
    while (blocks[j]?.kind === "break") j++;
    const next = blocks[j];
    // A heading followed by its own sub-headings is a parent, not an empty section.
    if (next === undefined || (next.kind === "heading" && next.depth <= b.depth)) empty++;
  });
  return { total, empty };
}

function emptyMeta(): PostmortemMeta {
  return { title: null, severity: null, owner: null, date: null, id: null, summary: null };
}

function readMeta(
  frontMatter: string | null,
  blocks: ReturnType<typeof readBlocks>["blocks"],
  collected: Collected,
): PostmortemMeta {
  const meta = emptyMeta();
  const fm = readFrontMatter(frontMatter);
  const str = (v: unknown): string | null =>
    typeof v === "string" && v.trim() !== ""
      ? v.trim()
      : typeof v === "number"
        ? String(v)
        : v instanceof Date
          ? v.toISOString().slice(0, 10)
          : null;
  meta.title = str(fm.title);
  meta.severity = str(fm.severity ?? fm.sev);
  meta.owner = str(fm.owner ?? (Array.isArray(fm.owners) ? fm.owners[0] : fm.owners));
  meta.date = str(fm.date);
  meta.id = str(fm.id);
  meta.summary = str(fm.summary) ?? collected.summary;
  meta.title ??= titleOf(blocks);
  if (meta.owner === null && collected.ownerLine !== null) {
    meta.owner = parseOwners(collected.ownerLine)[0] ?? null;
  }
  meta.severity ??= collected.severityLine?.split(/[\s(,]/)[0] ?? null;
  return meta;
}

/** The first heading, else the first short line (documents written without markup). */
function titleOf(blocks: ReturnType<typeof readBlocks>["blocks"]): string | null {
  const heading = blocks.find((b) => b.kind === "heading");
  if (heading?.kind === "heading") return toPlain(heading.text) || null;
  const first = blocks.find((b) => b.kind === "paragraph");
  const line = first?.kind === "paragraph" ? toPlain(first.lines[0]?.text ?? "") : "";
  return line !== "" && line.length <= 120 ? line : null;
}

function readFrontMatter(source: string | null): Record<string, unknown> {
  if (source === null) return {};
  try {
    const value: unknown = parseYaml(source);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {}; // TOML or broken YAML: the document is still readable without its metadata
  }
}
