import type { Table } from "mdast";
import { sliceSource } from "../markdown/read-blocks.js";
import { toPlain } from "../markdown/to-plain.js";
import { accept, reasonFor, startLine, type Candidate, type EmitContext } from "./emit-context.js";

const HEADER = {
  action:
    /action|task|item|description|what|follow|remediation|measure|acci[oó]n|todo|recommendation|title|change|fix|step/,
  owner: /owner|who|assignee|assigned|responsible|dri\b|lead|due[ñn]o|responsable|poc\b/,
  due: /due|deadline|target|eta\b|by when|fecha|date|when|completion|timeline/,
  priority: /priority|prio\b|^p$|urgency|importance/,
  status: /status|state|done|progress|resolved/,
  refs: /bug|issue|ticket|link|tracking|jira|^pr$|reference/,
  timeline: /^(time|timestamp|hora|date ?\/ ?time)$/,
};

function cellText(table: Table, row: number, col: number, text: string): string {
  const cell = table.children[row]?.children[col];
  return cell
    ? sliceSource(cell, text)
        .replace(/^\s*\|/, "")
        .replace(/\|\s*$/, "")
        .trim()
    : "";
}

function headerOf(table: Table, text: string): string[] {
  const width = table.children[0]?.children.length ?? 0;
  return Array.from({ length: width }, (_, c) =>
    toPlain(cellText(table, 0, c, text))
      .toLowerCase()
      .replace(/[\s:.]+$/, ""),
  );
}

/** A column that names the work itself: "Action item", "Task", "Remediation", "What". */
const TASK_COLUMN =
  /^(?:(?:corrective |preventive |preventative |follow-?up )?action(?: items?)?|actions|tasks?|remediations?(?: items?| actions?)?|what|follow-?ups?|to-?dos?|(?:corrective |preventive )?measures?)$/;
/** Columns only an action-item table has beside its task column. */
const TRACKING_COLUMN =
  /^(?:owners?|assignee|assigned to|type|kind|(?:tracking )?(?:bugs?|issues?|tickets?)|tracking|due|due (?:date|by)|deadline|target(?: date)?|eta|status|state|priority|prio)$/;
/**
 * Task columns named too vaguely to say so alone ("Item", "Description"): a table of components
 * has a Description and an Owner too, so these need a column only tracked work has (type, bug,
 * due, priority) and one more tracking column.
 */
const VAGUE_TASK_COLUMN = /^(?:items?|work items?|description|summary|title|fix(?:es)?|changes?)$/;
const WORK_COLUMN =
  /^(?:type|kind|(?:tracking )?(?:bugs?|issues?|tickets?)|tracking|due|due (?:date|by)|deadline|target(?: date)?|eta|priority|prio)$/;

/**
 * An action-item table recognisable by its header row alone, wherever it sits (before the first
 * heading, after a bold summary block, at the end of the document): a task column and at least
 * one owner, type, bug, due, status or priority column.
 */
export function isActionTable(table: Table, text: string, past = false): boolean {
  const header = headerOf(table, text);
  if (header.some((h) => HEADER.timeline.test(h))) return false;
  const task = header.findIndex((h) => TASK_COLUMN.test(h));
  const tracking = past ? FORWARD_COLUMN : TRACKING_COLUMN;
  if (task !== -1) return header.some((h, i) => i !== task && tracking.test(h));
  const vague = header.findIndex((h) => VAGUE_TASK_COLUMN.test(h));
  if (vague === -1) return false;
  const others = header.filter((h, i) => i !== vague && tracking.test(h));
  return others.length >= 2 && others.some((h) => WORK_COLUMN.test(h));
}

/** Under "Timeline" or "Resolution", only a deadline, priority or ticket column makes work to do. */
const FORWARD_COLUMN =
  /^(?:bug|bugs|issue|ticket|tracking|due|due date|deadline|target date|eta|priority|prio)$/;

export function emitTable(table: Table, ctx: EmitContext): void {
  const header = headerOf(table, ctx.text);
  if (header.some((h) => HEADER.timeline.test(h))) return;
  const find = (re: RegExp, not: number[] = []): number =>
    header.findIndex((h, i) => !not.includes(i) && re.test(h));
  let action = find(HEADER.action);
  const owner = find(HEADER.owner, [action]);
  if (action === -1 || action === owner) action = longestColumn(table, ctx.text, [owner]);
  const due = find(HEADER.due, [action, owner]);
  const priority = find(HEADER.priority, [action, owner, due]);
  const status = find(HEADER.status, [action, owner, due, priority]);
  const refs = find(HEADER.refs, [action, owner, due, priority, status]);
  for (let r = 1; r < table.children.length; r++) {
    const source = cellText(table, r, action, ctx.text);
    const get = (c: number): string | undefined =>
      c === -1 ? undefined : cellText(table, r, c, ctx.text);
    const cells: NonNullable<Candidate["cells"]> = {};
    for (const [name, col] of [
      ["owner", owner],
      ["due", due],
      ["priority", priority],
      ["status", status],
      ["refs", refs],
    ] as const) {
      const value = get(col);
      if (value !== undefined) cells[name] = value;
    }
    const row = table.children[r];
    accept(
      ctx,
      toPlain(source),
      {
        source,
        checked: null,
        line: row ? startLine(row) : 1,
        reason: reasonFor(ctx, "table row"),
        cells,
      },
      false,
    );
  }
}

function longestColumn(table: Table, text: string, not: number[]): number {
  const width = table.children[0]?.children.length ?? 0;
  let best = 0;
  let bestLength = -1;
  for (let c = 0; c < width; c++) {
    if (not.includes(c)) continue;
    let length = 0;
    for (let r = 1; r < table.children.length; r++) length += cellText(table, r, c, text).length;
    if (length > bestLength) [best, bestLength] = [c, length];
  }
  return best;
}
