import { readMarker, renderMarker } from "../core/issue-marker.js";
import type { TrackedIssue, TrackingMarker } from "../core/tracked-issue.js";
import { renderTrackingBody } from "../render/render.js";
import type { TrackingItemView } from "../render/view-models.js";
import { linkView } from "./build-views.js";
import { fixNewLabels } from "./fix-new-labels.js";
import { createIssue, GitHubWriteError, updateIssue } from "./gateway.js";
import {
  listOwnIssues,
  summaryOf,
  type SyncCounts,
  type SyncTarget,
  type SyncTrigger,
  type Work,
} from "./sync-work.js";

function trackingItems(w: Work): TrackingItemView[] {
  return w.actions.flatMap((a): TrackingItemView[] => {
    switch (a.kind) {
      case "keep":
      case "update":
      case "close-done":
        return [{ kind: "filed", issue: a.issue.number, ...checklistState(a.issue) }];
      case "record-done":
        return [{ kind: "done", title: a.item.title, line: a.item.line }];
      case "link":
        return [{ kind: "tracked", number: a.ref.number, repo: a.ref.repo }];
      default:
        return [];
    }
  });
}

/** How the tracking issue shows a filed item: ticked when closed, "won't do" when not planned. */
export function checklistState(issue: TrackedIssue): { closed: boolean; wontDo: boolean } {
  const closed = issue.state === "closed";
  return { closed, wontDo: closed && issue.stateReason === "not_planned" };
}

export function trackingBody(w: Work, trigger: SyncTrigger, _target: SyncTarget): string {
  // The tracking issue keeps the PR that first filed it; a later push does not erase it.
  const pr = w.trackingMarker?.pr ?? trigger.pr;
  const marker: TrackingMarker = { v: 1, kind: "tracking", path: w.doc.path, pr };
  return renderTrackingBody({
    postmortem: { ...linkView(w.doc), summary: summaryOf(w) },
    pr,
    items: trackingItems(w),
    marker: renderMarker(marker),
  });
}

export async function upsertTracking(
  target: SyncTarget,
  trigger: SyncTrigger,
  w: Work,
  counts: SyncCounts,
) {
  const body = trackingBody(w, trigger, target);
  if (w.tracking === null) {
    if (w.plan.items.length === 0) return;
    const title = `Postmortem: ${w.doc.title ?? w.doc.path}`.slice(0, 256);
    counts.writes++;
    try {
      const created = await createIssue(target.client, target.repo, {
        title,
        body,
        labels: [target.config.trackingLabel],
        assignees: [],
      });
      w.tracking = created;
      await fixNewLabels(target)(created.labelColors, counts);
    } catch (error) {
      // As for items: a create with an unknown outcome may exist; look before trying again.
      if (!(error instanceof GitHubWriteError) || error.outcome !== "unknown") throw error;
      const found = (await listOwnIssues(target)).find(
        (i) => readMarker(i.body, "tracking")?.path === w.doc.path,
      );
      if (found === undefined) throw error;
      w.tracking = found;
      if (found.body !== body)
        await updateIssue(target.client, target.repo, found.number, { body });
    }
  } else if (w.tracking.body !== body) {
    w.tracking = await updateIssue(target.client, target.repo, w.tracking.number, { body });
    counts.writes++;
  }
}
