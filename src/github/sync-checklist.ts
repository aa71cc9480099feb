import { readMarker } from "../core/issue-marker.js";
import type { TrackedIssue } from "../core/tracked-issue.js";
import { setItemState } from "../core/tracking-checklist.js";
import { checklistState } from "./upsert-tracking.js";
import { updateIssue } from "./gateway.js";
import { listTrackerIssues } from "./list-tracker-issues.js";
import { withRepoLock } from "./repo-lock.js";
import type { SyncTarget } from "./sync-work.js";

/** What reading and writing the tracker's issues needs: no permalinks. */
export type RepoActor = Pick<SyncTarget, "client" | "repo" | "trust" | "config" | "log">;

export type ChecklistOutcome = "updated" | "unchanged" | "not-listed";

interface ChecklistChange {
  tracking: TrackedIssue;
  body: string;
}

/**
 * Makes the tracking issue of item issue `itemNumber` show it as it is now: ticked when closed
 * (completed or not planned, as the sync renders it), unticked when open. The item's state is
 * read from GitHub, not from the event, so a late or repeated delivery cannot undo a newer
 * change. Reads once without the lock; only a change takes the lock, reads again and writes.
 */
export async function syncChecklist(
  actor: RepoActor,
  itemNumber: number,
): Promise<ChecklistOutcome> {
  const first = planChange(await listTrackerIssues(actor), itemNumber);
  if (first === "not-listed" || first === "unchanged") return first;
  return withRepoLock(actor.client, actor.repo, {}, async () => {
    const change = planChange(await listTrackerIssues(actor), itemNumber);
    if (change === "not-listed" || change === "unchanged") return change;
    await updateIssue(actor.client, actor.repo, change.tracking.number, { body: change.body });
    actor.log.info(
      { issue: itemNumber, tracking: change.tracking.number },
      "updated the tracking issue's checklist",
    );
    return "updated";
  });
}

function planChange(
  issues: readonly TrackedIssue[],
  itemNumber: number,
): ChecklistChange | "unchanged" | "not-listed" {
  const item = issues.find((i) => i.number === itemNumber);
  const path = item === undefined ? undefined : readMarker(item.body, "item")?.path;
  if (item === undefined || path === undefined) return "not-listed";
  // Oldest tracking issue of the postmortem wins, as in the sync.
  let tracking: TrackedIssue | undefined;
  for (const issue of issues) {
    if (readMarker(issue.body, "tracking")?.path !== path) continue;
    if (tracking === undefined || issue.number < tracking.number) tracking = issue;
  }
  if (tracking === undefined) return "not-listed";
  const body = setItemState(tracking.body, itemNumber, checklistState(item));
  if (body === null) return "not-listed";
  return body === tracking.body ? "unchanged" : { tracking, body };
}
