import type { Config } from "../config/schema.js";
import { readMarker } from "../core/issue-marker.js";
import { planPostmortemWithMeta } from "../core/plan-postmortem.js";
import { loginsToCheck, planSync } from "../core/plan-sync.js";
import type { ItemMarker, TrackedIssue, TrackingMarker } from "../core/tracked-issue.js";
import type { PostmortemMeta, PostmortemPlan } from "../core/types.js";
import { canBeAssigned } from "./gateway.js";
import type { PostmortemSource, SyncTarget, SyncTrigger, Work } from "./sync-work.js";

/*
 * What merging (or previewing) these postmortems does to GitHub, item by item. The merge and the
 * pull request preview both go through here, so the preview shows exactly what the merge files.
 */

/**
 * Asks GitHub, once per distinct login, whether the logins the plans name can be assigned;
 * answers already in `known` (this delivery) are not asked again.
 */
export async function checkAssignees(
  target: SyncTarget,
  plans: PostmortemPlan[],
  known: Map<string, boolean>,
): Promise<void> {
  for (const login of new Set(plans.flatMap(loginsToCheck))) {
    if (!known.has(login)) known.set(login, await canBeAssigned(target.client, target.repo, login));
  }
}

/** Pairs each plan with the app's issues for its path and decides every item's action. */
export function buildWork(
  target: SyncTarget,
  trigger: SyncTrigger,
  plans: PostmortemPlan[],
  metas: ReadonlyMap<PostmortemPlan, PostmortemMeta>,
  issues: TrackedIssue[],
  assignable: ReadonlyMap<string, boolean>,
): Work[] {
  const repo = `${target.repo.owner}/${target.repo.repo}`;
  return plans.map((plan) => {
    const path = plan.postmortem.path;
    const existing: { issue: TrackedIssue; marker: ItemMarker }[] = [];
    let tracking: TrackedIssue | null = null;
    let trackingMarker: TrackingMarker | null = null;
    for (const issue of issues) {
      const item = readMarker(issue.body, "item");
      if (item?.path === path) existing.push({ issue, marker: item });
      const t = readMarker(issue.body, "tracking");
      // Oldest tracking issue wins, should a crash ever have left two.
      if (t?.path === path && (tracking === null || issue.number < tracking.number)) {
        tracking = issue;
        trackingMarker = t;
      }
    }
    const actions = planSync({ plan, repo, existing, assignable, config: target.config });
    const doc = { repoUrl: target.repoUrl, sha: trigger.sha, path, title: plan.postmortem.title };
    return { plan, meta: metas.get(plan), doc, actions, tracking, trackingMarker };
  });
}

/** Plans every postmortem of a sync or a preview, so that both see exactly the same plan. */
export function planSources(
  trigger: SyncTrigger,
  config: Config,
  sources: readonly PostmortemSource[],
): { plans: PostmortemPlan[]; metas: Map<PostmortemPlan, PostmortemMeta> } {
  const planned = sources.map((s) =>
    planPostmortemWithMeta({
      path: s.path,
      text: s.text,
      config,
      now: trigger.date,
      author: trigger.author,
    }),
  );
  return {
    plans: planned.map((p) => p.plan),
    metas: new Map(planned.map((p) => [p.plan, p.meta])),
  };
}
