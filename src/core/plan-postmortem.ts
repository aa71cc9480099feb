import type { Config } from "../config/schema.js";
import { addDays } from "./calendar-date.js";
import { makeItemKeys } from "./item-key.js";
import { makeTitle } from "./make-title.js";
import { parsePostmortem } from "./parse-postmortem.js";
import type {
  OwnerSource,
  ParsedItem,
  PlannedItem,
  PlanWarning,
  PostmortemMeta,
  PostmortemPlan,
  Priority,
} from "./types.js";

export interface PlanInput {
  path: string;
  text: string;
  config: Config;
  /** The merge date, YYYY-MM-DD: relative deadlines and the priority policy count from it. */
  now: string;
  /** Login of the PR author: the owner of last resort. */
  author?: string | null;
}

/**
 * What merging this postmortem files: every action item with its owner, deadline and priority
 * resolved by the documented rules. Pure and total: the same input always gives the same plan.
 */
export function planPostmortem(input: PlanInput): PostmortemPlan {
  return planPostmortemWithMeta(input).plan;
}

/** `planPostmortem`, plus the document facts the contract leaves out (summary, owner, date). */
export function planPostmortemWithMeta(input: PlanInput): {
  plan: PostmortemPlan;
  meta: PostmortemMeta;
} {
  const parsed = parsePostmortem(input.text, input.now);
  const warnings: PlanWarning[] = [...parsed.warnings];
  const keys = makeItemKeys(parsed.items.map((i) => i.text));
  const firstLine = new Map<string, number>();
  const items = parsed.items.map((item, index): PlannedItem => {
    const key = keys[index] ?? String(index);
    const base = key.replace(/-\d+$/, "");
    const original = firstLine.get(base);
    if (original === undefined) firstLine.set(base, item.line);
    else warnings.push({ line: item.line, message: `Duplicate of the item on line ${original}.` });
    return planItem(item, key, parsed.meta, input, warnings);
  });
  warnings.sort((a, b) => a.line - b.line);
  const plan = {
    postmortem: { path: input.path, title: parsed.meta.title, severity: parsed.meta.severity },
    items,
    warnings,
  };
  return { plan, meta: parsed.meta };
}

function planItem(
  item: ParsedItem,
  key: string,
  meta: PostmortemMeta,
  input: PlanInput,
  warnings: PlanWarning[],
): PlannedItem {
  const { config } = input;
  const priority =
    item.priority ?? severityPriority(meta.severity, config) ?? config.defaultPriority;
  const title = makeTitle(item.text);
  if (title.endsWith("…"))
    warnings.push({
      line: item.line,
      message: "Item too long for an issue title; the title is shortened.",
    });
  if (item.due !== null && item.due < input.now && item.status === "open")
    warnings.push({ line: item.line, message: `Deadline ${item.due} is before ${input.now}.` });
  const { owners, ownerSource } = resolveOwners(item, meta, input);
  for (const owner of owners) {
    if (owner.includes("/") && teamLead(owner, config) === null)
      warnings.push({
        line: item.line,
        message: `Team @${owner} has no accountable person (config "teams"): the issue will mention the team and need an owner.`,
      });
  }
  return {
    key,
    title,
    text: item.text,
    owners: owners.map((o) => stripAt(teamLead(o, config) ?? o)),
    due: item.due ?? addDays(input.now, config.deadlines[priority]),
    dueSource: item.due === null ? "policy" : "item",
    priority,
    line: item.line,
    status: item.status,
    refs: item.refs,
    ownerSource,
    reason: item.reason,
  };
}

/** The accountable person config names for a team (keys may be written with or without @). */
function teamLead(team: string, config: Config): string | null {
  return config.teams[team] ?? config.teams[`@${team}`] ?? null;
}

function stripAt(login: string): string {
  return login.replace(/^@/, "");
}

function resolveOwners(
  item: ParsedItem,
  meta: PostmortemMeta,
  input: PlanInput,
): { owners: string[]; ownerSource: OwnerSource } {
  if (item.owners.length > 0) return { owners: item.owners, ownerSource: "item" };
  if (meta.owner !== null) return { owners: [stripAt(meta.owner)], ownerSource: "postmortem" };
  if (input.config.defaultOwner !== null)
    return { owners: [stripAt(input.config.defaultOwner)], ownerSource: "config" };
  if (input.author) return { owners: [stripAt(input.author)], ownerSource: "author" };
  return { owners: [], ownerSource: "none" };
}

function severityPriority(severity: string | null, config: Config): Priority | null {
  if (severity === null) return null;
  const wanted = severity.replace(/[\s-]/g, "").toUpperCase();
  for (const [name, priority] of Object.entries(config.severities)) {
    if (name.replace(/[\s-]/g, "").toUpperCase() === wanted) return priority;
  }
  return null;
}
