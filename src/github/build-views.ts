import type { Config } from "../config/schema.js";
import type { OwnerProblem } from "../core/plan-sync.js";
import type { PlannedItem } from "../core/types.js";
import type { DueView, OwnerView, PostmortemLinkView } from "../render/view-models.js";

/** Where a postmortem's links point: the repository's web URL and the commit it was read at. */
export interface DocumentAt {
  repoUrl: string;
  sha: string;
  path: string;
  title: string | null;
}

export function linkView(doc: DocumentAt): PostmortemLinkView {
  return { repoUrl: doc.repoUrl, sha: doc.sha, path: doc.path, title: doc.title };
}

export function ownerView(
  assignees: string[],
  problems: readonly OwnerProblem[],
  /** False when the postmortem was committed without a pull request (no author to fall back on). */
  viaPullRequest = true,
): OwnerView {
  const views: OwnerView["problems"] = problems.map((p) =>
    p.reason === "team-without-person"
      ? { kind: "team", team: p.owner }
      : { kind: "unassignable", login: p.owner },
  );
  if (assignees.length === 0 && views.length === 0)
    views.push(viaPullRequest ? { kind: "none" } : { kind: "no-pull-request" });
  return { assignees, problems: views };
}

export function dueView(item: PlannedItem, due: string, mergedOn: string, config: Config): DueView {
  if (due !== item.due) return { date: due, source: "kept" };
  return item.dueSource === "item"
    ? { date: due, source: "item" }
    : { date: due, source: "policy", days: config.deadlines[item.priority], from: mergedOn };
}

/** The labels of an action-item issue. */
export function itemLabels(item: PlannedItem, config: Config): string[] {
  return config.priorityLabels
    ? [config.label.name, priorityLabel(item.priority)]
    : [config.label.name];
}

export function priorityLabel(priority: string): string {
  return `priority: ${priority}`;
}

// Colours for priority labels the app creates: red to grey, most urgent first.
export const PRIORITY_COLORS: Record<string, string> = {
  P0: "b60205",
  P1: "d93f0b",
  P2: "fbca04",
  P3: "c5def5",
};
