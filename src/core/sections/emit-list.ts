import type { List, ListItem } from "mdast";
import { classifyHeading, type SectionKind } from "../classify-heading.js";
import type { Block } from "../markdown/read-blocks.js";
import { sliceSource } from "../markdown/read-blocks.js";
import { isEmphasisedLine, toPlain } from "../markdown/to-plain.js";
import { startsWithImperative } from "../text-patterns.js";
import {
  accept,
  FOLLOW_UP,
  LIST_WORDS,
  newReport,
  reasonFor,
  startLine,
  type Collected,
  type EmitContext,
} from "./emit-context.js";
import { countFields } from "../count-fields.js";

const LIST_INTRO =
  /\b(lessons|takeaways|learnings|going forward|action items|follow-?ups?|next steps|we will|we need to|to prevent|improvements)\b[^:]*:$/i;

/** "The lessons we take away are as follows:" + a list, in a section not named for follow-ups. */
export function emitIntroducedLists(blocks: Block[], text: string, out: Collected): void {
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    if (block.kind !== "paragraph" || next?.kind !== "list") return;
    const last = block.lines.at(-1);
    const intro = toPlain(last?.text ?? "");
    if (!LIST_INTRO.test(intro)) return;
    const kind: SectionKind = /lessons|takeaways|learnings/i.test(intro) ? "lessons" : "action";
    const report = newReport(kind, intro, last?.line ?? 1);
    out.sections.push(report);
    emitList(next.node, { kind, text, out, report });
  });
}

/**
 * `- **Follow-up actions**:` or `- **Next:**` with nested bullets, in a list of a section that is
 * not about actions (a summary of `**Label**: value` bullets): the nested bullets are the items.
 */
export function emitLabelledLists(blocks: Block[], text: string, out: Collected): void {
  for (const block of blocks) {
    if (block.kind !== "list") continue;
    for (const item of block.node.children) {
      const first = item.children[0];
      const children = item.children.filter((c): c is List => c.type === "list");
      if (first?.type !== "paragraph" || children.length === 0) continue;
      const own = sliceSource(first, text);
      const label = listLabel(own);
      if (label === null || classifyHeading(label) !== "action") continue;
      const report = newReport("action", label, startLine(item));
      out.sections.push(report);
      const where = `under the list label "${label}"`;
      for (const child of children) emitList(child, { kind: "action", text, out, report, where });
    }
  }
}

/** The label of `**Next:**`, `**Follow-up actions**:` or `Follow-ups:`; null for other text. */
function listLabel(source: string): string | null {
  const plain = toPlain(source.replace(/\n/g, " ")).trim();
  if (!plain.endsWith(":") && !isEmphasisedLine(source)) return null;
  const label = plain.replace(/:$/, "").trim();
  return countFields(label) <= 6 ? label : null;
}

export function emitList(list: List, ctx: EmitContext): void {
  if (isLegend(list, ctx.text)) return;
  for (const item of list.children) emitListItem(item, ctx);
}

function emitListItem(item: ListItem, ctx: EmitContext): void {
  const first = item.children[0];
  const own = first?.type === "paragraph" ? sliceSource(first, ctx.text) : "";
  const ownPlain = toPlain(own.replace(/\n/g, " "));
  const children = item.children.filter((c): c is List => c.type === "list");
  if (isLeadIn(own, ownPlain, children, ctx.text)) {
    emitCompletions(own, children, ctx);
    return;
  }
  if (ownPlain === "" || (children.length > 0 && isGroupLabel(own, ownPlain))) {
    const kind = ownPlain === "" ? null : classifyHeading(ownPlain.replace(/:$/, ""));
    if (kind !== null && !FOLLOW_UP.has(kind)) return;
    for (const child of children) emitList(child, ctx);
    return;
  }
  const fields = fieldLines(children, ctx.text);
  if (fields !== null) {
    // "- Add a disk alert" / "  - Owner: Ken" / "  - Due: 2026-04-01": the children are the
    // item's fields, read as if written after it in brackets.
    const source = `${own
      .split("\n")
      .map((l) => l.trim())
      .join(" ")} (${fields.join("; ")})`;
    const reason = reasonFor(ctx, "bullet");
    accept(
      ctx,
      ownPlain,
      { source, checked: item.checked ?? null, line: startLine(item), reason },
      false,
    );
    return;
  }
  if (childrenAreTasks(children, ctx.text)) {
    for (const child of children) emitList(child, ctx);
    return;
  }
  const source = own
    .split("\n")
    .map((l) => l.trim())
    .join(" ");
  const reason = reasonFor(ctx, "bullet");
  accept(
    ctx,
    ownPlain,
    { source, checked: item.checked ?? null, line: startLine(item), reason },
    false,
  );
}

// Words that leave a sentence open: "Add paging alerts for:", "Rate-limit requests to" (the
// colon is often left out when the sentence visibly runs on into the bullets).
const OPEN_END =
  /\b(for|to|on|in|of|at|from|into|across|with|by|about|under|around|between|such as|including|like|the|a|an|our|all|each|every)\s*:?$/i;

/**
 * `- Add paging alerts for:` whose children (`- the billing API`) complete the sentence: an
 * imperative lead-in, not a label, whose children are fragments rather than tasks of their own.
 */
function isLeadIn(own: string, plain: string, children: List[], text: string): boolean {
  if (children.length === 0 || isEmphasisedLine(own)) return false;
  // Without a colon only a dangling preposition or article says the sentence goes on.
  if (!plain.endsWith(":") && !OPEN_END.test(plain)) return false;
  if (!startsWithImperative(plain) || LIST_WORDS.test(plain)) return false;
  const firsts = children
    .flatMap((l) => l.children)
    .map((i) => i.children[0])
    .map((p) => (p?.type === "paragraph" ? toPlain(sliceSource(p, text)) : ""));
  if (firsts.length === 0 || firsts.some((f) => f === "" || startsWithImperative(f))) return false;
  return OPEN_END.test(plain) || firsts.every((f) => /^[\p{Ll}\d]/u.test(f));
}

/** One item per child: the lead-in plus the child ("Add paging alerts for: the billing API"). */
function emitCompletions(own: string, children: List[], ctx: EmitContext): void {
  const lead = own
    .split("\n")
    .map((l) => l.trim())
    .join(" ");
  for (const item of children.flatMap((l) => l.children)) {
    const p = item.children[0];
    if (p?.type !== "paragraph") continue;
    const child = sliceSource(p, ctx.text)
      .split("\n")
      .map((l) => l.trim())
      .join(" ");
    const source = `${lead} ${child}`;
    const reason = reasonFor(ctx, "lead-in + child");
    accept(
      ctx,
      toPlain(source),
      { source, checked: item.checked ?? null, line: startLine(item), reason },
      false,
    );
  }
}

/** "P0 - Critical …", "Prevent - …": a list defining terms, not tasks. */
function isLegend(list: List, text: string): boolean {
  if (list.children.length < 2) return false;
  return list.children.every((item) => {
    const p = item.children[0];
    return (
      p?.type === "paragraph" && /^[*_]*[\p{L}\d]+[*_]*\s+[-–—]\s+\S/u.test(sliceSource(p, text))
    );
  });
}

/** `- **Tasks:**` or `1. **Enhance monitoring:**` with sub-items: a label, not a task. */
function isGroupLabel(source: string, plain: string): boolean {
  if (plain.endsWith(":") || isEmphasisedLine(source)) return true;
  return countFields(plain) <= 5 && classifyHeading(plain) !== null;
}

/** A goal whose sub-items are each a task of their own ("Improve probes" → "Create dashboard"…). */
function childrenAreTasks(children: List[], text: string): boolean {
  const items = children.flatMap((l) => l.children);
  if (items.length < 2) return false;
  return items.every((i) => {
    const p = i.children[0];
    return p?.type === "paragraph" && startsWithImperative(toPlain(sliceSource(p, text)));
  });
}

const FIELD_LINE =
  /^(?:owners?|assignees?|assigned to|dri|due|due date|deadline|eta|target date|priority|status)\s*:\s*\S/i;

/** The children's texts when every child is a field line ("Owner: Ken"); else null. */
function fieldLines(children: List[], text: string): string[] | null {
  const items = children.flatMap((l) => l.children);
  if (items.length === 0) return null;
  const lines: string[] = [];
  for (const i of items) {
    const p = i.children[0];
    const line =
      p?.type === "paragraph" && i.children.length === 1 ? toPlain(sliceSource(p, text)) : "";
    if (!FIELD_LINE.test(line) || /[()[\]]/.test(line)) return null;
    lines.push(line);
  }
  return lines;
}
