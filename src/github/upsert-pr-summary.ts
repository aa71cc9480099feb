import { readMarker, renderMarker } from "../core/issue-marker.js";
import { renderPrSummary } from "../render/render.js";
import type { PrSummaryPostmortemView } from "../render/view-models.js";
import { linkView, ownerView } from "./build-views.js";
import { findTrackerComments } from "./find-tracker-comments.js";
import { createComment, GitHubWriteError, updateComment } from "./gateway.js";
import type { SyncCounts, SyncTarget, SyncTrigger, Work } from "./sync-work.js";

/** Creates or updates the app's one summary comment on the pull request (found by its marker). */
export async function upsertPrSummary(
  target: SyncTarget,
  trigger: SyncTrigger,
  work: Work[],
  dryRun: boolean,
  counts: SyncCounts,
): Promise<void> {
  if (trigger.pr === null) return;
  const marker = renderMarker({ v: 1, kind: "summary", pr: trigger.pr });
  const body = renderPrSummary({
    dryRun,
    postmortems: work.map((w) => summaryView(w, dryRun)),
    marker,
  });
  const findOurs = async (pr: number) => (await findSummaryComments(target, pr))[0];
  let existing = await findOurs(trigger.pr);
  if (existing === undefined) {
    counts.writes++;
    try {
      await createComment(target.client, target.repo, trigger.pr, body);
      return;
    } catch (error) {
      // The comment may have been posted anyway: look for it before posting a second one.
      if (!(error instanceof GitHubWriteError) || error.outcome !== "unknown") throw error;
      existing = await findOurs(trigger.pr);
      if (existing === undefined) {
        await createComment(target.client, target.repo, trigger.pr, body);
        return;
      }
    }
  }
  if (existing.body !== body) {
    await updateComment(target.client, target.repo, existing.id, body);
    counts.writes++;
  }
}

function summaryView(w: Work, dryRun: boolean): PrSummaryPostmortemView {
  const view: PrSummaryPostmortemView = {
    postmortem: linkView(w.doc),
    items: [],
    notFiled: [],
    warnings: w.plan.warnings,
    tracking: dryRun ? null : (w.tracking?.number ?? null),
  };
  for (const a of w.actions) {
    if (a.kind === "create" || a.kind === "keep" || a.kind === "update") {
      const issue = a.kind === "create" ? null : a.issue;
      view.items.push({
        issue: dryRun ? null : (issue?.number ?? null),
        title: a.item.title,
        owner: ownerView(
          issue?.assignees ?? (a.kind === "create" ? a.assignees : []),
          a.kind === "create" ? a.problems : [],
        ),
        due: a.kind === "update" ? a.due : a.item.due,
        priority: a.item.priority,
        line: a.item.line,
      });
    } else if (a.kind === "record-done" || a.kind === "close-done") {
      view.notFiled.push({ title: a.item.title, line: a.item.line, reason: { kind: "done" } });
    } else if (a.kind === "link") {
      view.notFiled.push({
        title: a.item.title,
        line: a.item.line,
        reason: { kind: "tracked", number: a.ref.number, repo: a.ref.repo },
      });
    } else if (a.kind === "remove") {
      view.notFiled.push({
        title: a.issue.title,
        line: null,
        reason: { kind: "removed", issue: a.issue.number, closed: a.close },
      });
    }
  }
  return view;
}

/** The tracker's summary comments on pull request `pr`, oldest first. */
export function findSummaryComments(
  target: Pick<SyncTarget, "client" | "repo" | "trust">,
  pr: number,
) {
  return findTrackerComments(
    target.client,
    target.repo,
    target.trust,
    pr,
    (body) => readMarker(body, "summary")?.pr === pr,
  );
}
