import type { PostmortemPlan } from "../core/types.js";

const WIDTH = { title: 60, owners: 20 };

function fit(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

/** The human-readable `plan` output: one row per item, then the warnings. */
export function formatPlanTable(plan: PostmortemPlan): string {
  const { postmortem, items, warnings } = plan;
  const head = `${postmortem.path}: ${postmortem.title ?? "(untitled)"}${postmortem.severity ? ` [${postmortem.severity}]` : ""}`;
  const lines = [head, `${items.length} action item${items.length === 1 ? "" : "s"}`];
  if (items.length > 0) {
    lines.push(
      `${"line".padStart(5)}  ${fit("title", WIDTH.title)}  ${fit("owner", WIDTH.owners)}  due         prio  status`,
    );
    for (const item of items) {
      const owners = item.owners.length > 0 ? item.owners.map((o) => `@${o}`).join(", ") : "-";
      const due = `${item.due}${item.dueSource === "policy" ? "*" : " "}`;
      lines.push(
        `${String(item.line).padStart(5)}  ${fit(item.title, WIDTH.title)}  ${fit(owners, WIDTH.owners)}  ${due}  ${item.priority}    ${item.status}`,
      );
    }
    lines.push("  * deadline from the priority policy");
  }
  for (const w of warnings) lines.push(`warning: line ${w.line}: ${w.message}`);
  return lines.join("\n");
}
