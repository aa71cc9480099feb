import { classifyHeading, isStrongOther, type SectionKind } from "./classify-heading.js";
import type { Block, ReadDocument, SourceLine } from "./markdown/read-blocks.js";
import { toPlain } from "./markdown/to-plain.js";
import { COMMITMENT, startsWithAction } from "./text-patterns.js";
import {
  FOLLOW_UP,
  newReport,
  type Collected,
  type EmitContext,
  type SectionReport,
} from "./sections/emit-context.js";
import { emitLines } from "./sections/emit-lines.js";
import { emitIntroducedLists, emitLabelledLists, emitList } from "./sections/emit-list.js";
import { emitTable, isActionTable } from "./sections/emit-table.js";
import {
  EXAMPLE_LABEL,
  isSentence,
  numberedHeading,
  readPseudoHeading,
} from "./sections/read-pseudo-heading.js";
import { countFields } from "./count-fields.js";

export type { Candidate, Collected, SectionReport } from "./sections/emit-context.js";

interface Frame {
  level: number;
  kind: SectionKind;
  report: SectionReport | null;
}

const PSEUDO_LEVEL = 7;

/** Walks the blocks section by section and collects the action-item candidates. */
export function collectItems(doc: ReadDocument): Collected {
  const out: Collected = {
    candidates: [],
    sections: [],
    summary: null,
    ownerLine: null,
    severityLine: null,
  };
  const stack: Frame[] = [];
  let sub: Block[] = [];
  // After an "Example:" label, content illustrates rather than lists actions.
  let skipping = false;
  const top = (): Frame | undefined => stack.at(-1);
  const flush = (): void => {
    // Before the first heading, content belongs to no section: only self-evident structures count.
    const frame = top() ?? { level: 0, kind: "other", report: null };
    if (sub.length > 0) emitSubsection(frame, sub, doc.text, out);
    sub = [];
    skipping = false;
  };
  const open = (level: number, kind: SectionKind, title: string, line: number): void => {
    flush();
    while ((top()?.level ?? 0) >= level) stack.pop();
    const report = FOLLOW_UP.has(kind) ? newReport(kind, title, line) : null;
    if (report) out.sections.push(report);
    stack.push({ level, kind, report });
  };
  const titleIndex = findTitleHeading(doc.blocks);

  doc.blocks.forEach((block, index) => {
    if (block.kind === "heading") {
      const plain = toPlain(block.text);
      if (isSentence(plain)) {
        sub.push({ kind: "paragraph", lines: [{ text: block.text, line: block.line }] });
        return;
      }
      noteMeta(plain, out);
      const known = index === titleIndex ? "other" : classifyHeading(plain);
      const parent = stack.filter((f) => f.level < block.depth).at(-1);
      // Under "Action items", "### Investigation" or "### Process" is a category of actions.
      const inherit =
        parent !== undefined &&
        FOLLOW_UP.has(parent.kind) &&
        known === "other" &&
        !isStrongOther(plain);
      open(
        block.depth,
        inherit || known === null ? (parent?.kind ?? "other") : known,
        plain,
        block.line,
      );
      return;
    }
    const numbered = block.kind === "list" ? numberedHeading(block.node, doc.text) : null;
    if (numbered !== null) {
      noteMeta(numbered.title, out);
      open(PSEUDO_LEVEL, numbered.kind, numbered.title, numbered.line);
      return;
    }
    if (block.kind !== "paragraph") {
      if (!skipping) sub.push(block);
      return;
    }
    let lines: SourceLine[] = [];
    const pushLines = (): void => {
      if (lines.length > 0 && !skipping) sub.push({ kind: "paragraph", lines });
      lines = [];
    };
    for (const row of block.lines) {
      const plain = toPlain(row.text);
      const heading = readPseudoHeading(row.text, plain);
      noteMeta(plain, out);
      if (heading === null) {
        lines.push(row);
        continue;
      }
      // Under a follow-up heading, "Mitigation: we will add a standby" or "Detection: adding
      // alerts for …" labels one more action; only a label followed by facts opens a section.
      const current = top()?.kind;
      if (
        heading.rest !== "" &&
        current !== undefined &&
        FOLLOW_UP.has(current) &&
        readsAsWork(heading.rest)
      ) {
        lines.push(row);
        continue;
      }
      pushLines();
      if (heading.kind === null) {
        flush(); // an unnamed sub-label ("Tasks:", "**Immediate**") starts a subsection
        skipping = EXAMPLE_LABEL.test(heading.title);
        // Kept as a line: "…are as follows:" introduces the list that comes next.
        if (plain.endsWith(":")) lines.push(row);
      } else if (heading.rest !== "" && heading.kind === "action") {
        // "Improvements/Fixes: add rate limiting" is a heading and an item in one line.
        if (top()?.kind !== "action") open(PSEUDO_LEVEL, "action", heading.title, row.line);
        else flush();
        lines.push(row);
      } else {
        open(PSEUDO_LEVEL, heading.kind, heading.title, row.line);
      }
    }
    pushLines();
  });
  flush();
  return out;
}

/** Future work: an imperative, a gerund action or a commitment ("we will add …"). */
function readsAsWork(text: string): boolean {
  return startsWithAction(text) || COMMITMENT.test(text);
}

/** The first `#` heading is the document's title when other headings follow it. */
function findTitleHeading(blocks: Block[]): number {
  const first = blocks.findIndex((b) => b.kind === "heading");
  const block = blocks[first];
  if (block?.kind !== "heading" || block.depth !== 1) return -1;
  const more = blocks.some((b, i) => i > first && b.kind === "heading");
  return more ? first : -1;
}

const OWNER_LINE = /^(?:post-?mortem |document |incident |report )?owners?\s*:\s*(\S.*)$/i;
const SEVERITY_LINE = /^(?:severity|sev|incident severity|priority level)\s*:\s*(\S.*)$/i;

function noteMeta(plain: string, out: Collected): void {
  out.ownerLine ??= OWNER_LINE.exec(plain)?.[1]?.trim() ?? null;
  out.severityLine ??= SEVERITY_LINE.exec(plain)?.[1]?.trim() ?? null;
}

/** Items come from lists and tables when a subsection has them; otherwise from its lines. */
function emitSubsection(frame: Frame, blocks: Block[], text: string, out: Collected): void {
  if (frame.kind === "summary") out.summary ??= summaryOf(blocks);
  const report = frame.report;
  if (report === null) {
    if (frame.kind === "instructions") return;
    if (frame.kind === "other") emitIntroducedLists(blocks, text, out);
    emitLabelledLists(blocks, text, out);
    emitHeadlessTables(blocks, text, out, frame.kind === "past");
    return;
  }
  const ctx: EmitContext = { kind: frame.kind, text, out, report };
  const tables = blocks.filter((b) => b.kind === "table");
  for (const b of tables) emitTable(b.node, ctx);
  // An action table is the list; bullets beside it are legends (priority or type definitions).
  if (report.items > 0 && tables.length > 0) return;
  const lists = blocks.filter((b) => b.kind === "list");
  for (const b of lists) emitList(b.node, ctx);
  if (lists.length > 0 || tables.length > 0) return;
  emitLines(
    blocks.flatMap((b) => (b.kind === "paragraph" ? [b.lines] : [])),
    ctx,
  );
}

/** Action-item tables outside any follow-up section, recognised by their header row. */
function emitHeadlessTables(blocks: Block[], text: string, out: Collected, past: boolean): void {
  for (const block of blocks) {
    if (block.kind !== "table" || !isActionTable(block.node, text, past)) continue;
    const line = block.node.position?.start.line ?? 1;
    const report = newReport("action", "action-item table", line);
    out.sections.push(report);
    emitTable(block.node, {
      kind: "action",
      text,
      out,
      report,
      where: "of an action-item table (recognised by its header row)",
    });
  }
}

function summaryOf(blocks: Block[]): string | null {
  for (const b of blocks) {
    if (b.kind !== "paragraph") continue;
    const text = toPlain(b.lines.map((l) => l.text).join(" "));
    if (countFields(text) >= 5) return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
  }
  return null;
}
