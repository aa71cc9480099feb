import { readMarker, renderMarker } from "../core/issue-marker.js";
import type { ItemAction } from "../core/plan-sync.js";
import type { ItemMarker, TrackedIssue } from "../core/tracked-issue.js";
import type { PostmortemPlan } from "../core/types.js";
import {
  renderDoneComment,
  renderDuplicateComment,
  renderIssueBody,
  renderRemovedComment,
} from "../render/render.js";
import { dueView, itemLabels, linkView, ownerView } from "./build-views.js";
import { buildWork, checkAssignees, planSources } from "./build-work.js";
import {
  closeIssue,
  createComment,
  createIssue,
  GitHubWriteError,
  isUnassignableError,
  updateIssue,
} from "./gateway.js";
import { fixNewLabels } from "./fix-new-labels.js";
import { withRepoLock } from "./repo-lock.js";
import { upsertPrSummary } from "./upsert-pr-summary.js";
import { trackingBody, upsertTracking } from "./upsert-tracking.js";
import {
  listOwnIssues,
  summaryOf,
  type PostmortemSource,
  type SyncCounts,
  type SyncTarget,
  type SyncTrigger,
  type Work,
} from "./sync-work.js";

export type { PostmortemSource, SyncCounts, SyncTarget, SyncTrigger } from "./sync-work.js";

/**
 * Files, updates and closes the issues of these postmortems so that GitHub matches the
 * documents. Safe to run any number of times, concurrently, from any replica: it reads first
 * and writes nothing when all is in place; otherwise it takes the repository lock, reads again
 * and writes only what is missing, looking each item up by its marker before creating it.
 */
export async function syncPostmortems(
  target: SyncTarget,
  trigger: SyncTrigger,
  sources: readonly PostmortemSource[],
  /** The app's issues, when the caller has just listed them (a reconcile of many postmortems). */
  knownIssues?: readonly TrackedIssue[],
): Promise<SyncCounts> {
  const { config } = target;
  const { plans, metas } = planSources(trigger, config, sources);
  const counts: SyncCounts = {
    planned: {},
    created: 0,
    updated: 0,
    closed: 0,
    unchanged: 0,
    writes: 0,
    issues: [],
  };
  const assignable = new Map<string, boolean>();
  // Only decides whether to write at all; writes re-read under the lock.
  const issues = knownIssues ? [...knownIssues] : await listOwnIssues(target);
  const first = buildWork(target, trigger, plans, metas, issues, assignable);
  counts.planned = summarize(first);
  if (!needsWrites(first, trigger, target)) {
    counts.unchanged = first.reduce((n, w) => n + w.actions.length, 0);
    target.log.info({ postmortems: plans.length }, "postmortem issues already up to date");
    return counts;
  }
  if (config.dryRun || target.writeNothing === true) {
    // A preview should say who will be assigned, which only GitHub knows.
    await checkAssignees(target, plans, assignable);
    const preview = buildWork(target, trigger, plans, metas, issues, assignable);
    if (target.writeNothing !== true) await upsertPrSummary(target, trigger, preview, true, counts);
    target.log.info({ actions: counts.planned }, "[dry-run] would sync postmortem issues");
    return counts;
  }
  return withRepoLock(target.client, target.repo, {}, async () => {
    // Read again under the lock: another delivery may have filed items meanwhile.
    const fresh = await listOwnIssues(target);
    // Whoever held the lock before us may have done it all.
    if (!needsWrites(buildWork(target, trigger, plans, metas, fresh, assignable), trigger, target))
      return counts;
    await checkAssignees(target, plans, assignable);
    const work = buildWork(target, trigger, plans, metas, fresh, assignable);
    for (const w of work) await applyItems(target, trigger, w, counts);
    if (counts.created > 0) await closeOwnRacingCopies(target, trigger, plans, metas, work, counts);
    // The summary is written before the tracking issues, so that a tracking issue existing means
    // its summary exists too: a redelivery then needs no read of the PR's comments.
    await upsertPrSummary(target, trigger, work, false, counts);
    for (const w of work) await upsertTracking(target, trigger, w, counts);
    target.log.info({ ...counts }, "synced postmortem issues");
    return counts;
  });
}

function needsWrites(work: Work[], trigger: SyncTrigger, target: SyncTarget): boolean {
  return work.some((w) => {
    if (w.plan.items.length === 0 && w.tracking === null) return false;
    if (w.actions.some((a) => a.kind !== "keep" && a.kind !== "record-done" && a.kind !== "link"))
      return true;
    if (w.tracking === null) return trigger.pr !== null || w.plan.items.length > 0;
    return trackingBody(w, trigger, target) !== w.tracking.body;
  });
}

async function applyItems(target: SyncTarget, trigger: SyncTrigger, w: Work, counts: SyncCounts) {
  const log = target.log.child({ postmortem: w.doc.path });
  const fixLabels = fixNewLabels(target);
  for (const [index, action] of w.actions.entries()) {
    switch (action.kind) {
      case "create": {
        const issue = await createItemIssue(target, trigger, w, action, counts);
        await fixLabels(issue.labelColors, counts);
        w.actions[index] = { kind: "keep", item: action.item, issue };
        counts.created++;
        counts.issues.push(issue.number);
        log.info({ issue: issue.number, key: action.item.key }, "filed action item");
        break;
      }
      case "update": {
        const body = issueBody(
          target,
          trigger,
          w,
          action.item,
          action.due,
          action.issue.assignees,
          [],
        );
        const issue = await updateIssue(target.client, target.repo, action.issue.number, {
          title: action.item.title,
          body,
        });
        counts.writes++;
        counts.updated++;
        counts.issues.push(issue.number);
        w.actions[index] = { kind: "keep", item: action.item, issue };
        break;
      }
      case "close-done": {
        const body = renderDoneComment({ postmortem: linkView(w.doc), pr: trigger.pr });
        await createComment(target.client, target.repo, action.issue.number, body);
        const issue = await closeIssue(
          target.client,
          target.repo,
          action.issue.number,
          "completed",
        );
        counts.writes += 2;
        counts.closed++;
        counts.issues.push(issue.number);
        w.actions[index] = { kind: "keep", item: action.item, issue };
        break;
      }
      case "remove": {
        const body = renderRemovedComment({
          postmortem: linkView(w.doc),
          pr: trigger.pr,
          closing: action.close,
        });
        await createComment(target.client, target.repo, action.issue.number, body);
        counts.writes++;
        if (action.close) {
          await closeIssue(target.client, target.repo, action.issue.number, "not_planned");
          counts.writes++;
          counts.closed++;
          counts.issues.push(action.issue.number);
        }
        break;
      }
      case "close-duplicate":
        await closeCopy(target, w, action.issue.number, action.of);
        counts.writes += 2;
        counts.closed++;
        log.warn({ issue: action.issue.number, of: action.of }, "closed a copy of an item");
        break;
      default:
        counts.unchanged++;
    }
  }
}

async function closeCopy(target: SyncTarget, w: Work, copy: number, of: number): Promise<void> {
  const body = renderDuplicateComment({ postmortem: linkView(w.doc), of });
  await createComment(target.client, target.repo, copy, body);
  await updateIssue(target.client, target.repo, copy, {
    state: "closed",
    stateReason: "duplicate",
  });
}

/**
 * The read-back that keeps filing exactly-once where no lock reaches: a server without the label
 * lock (one replica, or Redis) and the CLI or the Action, which lock with the label, can file the
 * same new item at the same moment. Issue numbers only grow, so whichever of two copies was
 * created second, its creator sees the first when it reads back, and closes its own copy. Only
 * copies this run created are closed here, so two runs never both close one; any other copy
 * (a crash between create and read-back) is closed by the next sync's plan.
 */
async function closeOwnRacingCopies(
  target: SyncTarget,
  trigger: SyncTrigger,
  plans: Parameters<typeof buildWork>[2],
  metas: Parameters<typeof buildWork>[3],
  work: Work[],
  counts: SyncCounts,
): Promise<void> {
  const created = new Set(counts.issues);
  const after = buildWork(target, trigger, plans, metas, await listOwnIssues(target), new Map());
  for (const w of after) {
    const own = work.find((x) => x.doc.path === w.doc.path) ?? w;
    for (const action of w.actions) {
      if (action.kind !== "close-duplicate" || !created.has(action.issue.number)) continue;
      await closeCopy(target, w, action.issue.number, action.of);
      counts.writes += 2;
      counts.created--;
      counts.issues = counts.issues.filter((n) => n !== action.issue.number);
      target.log.warn(
        { issue: action.issue.number, of: action.of },
        "another run filed this item at the same moment: closed this run's copy",
      );
      // The tracking issue written next lists the copy's original, not the copy.
      own.actions = own.actions.map((a) => {
        if (a.kind !== "keep" || a.issue.number !== action.issue.number) return a;
        const original = w.actions.find((x) => x.kind === "keep" && x.issue.number === action.of);
        return original ?? a;
      });
    }
  }
}

function issueBody(
  target: SyncTarget,
  trigger: SyncTrigger,
  w: Work,
  item: PostmortemPlan["items"][number],
  due: string,
  assignees: string[],
  problems: Parameters<typeof ownerView>[1],
): string {
  const marker: ItemMarker = {
    v: 1,
    kind: "item",
    path: w.doc.path,
    key: item.key,
    due,
    priority: item.priority,
    ...(item.dueSource === "item" ? { docDue: item.due } : {}),
  };
  return renderIssueBody({
    postmortem: { ...linkView(w.doc), summary: summaryOf(w) },
    item: { text: item.text, line: item.line, priority: item.priority },
    owner: ownerView(assignees, problems, trigger.pr !== null || trigger.author !== null),
    due: dueView(item, due, trigger.date, target.config),
    pr: trigger.pr,
    marker: renderMarker(marker),
  });
}

/**
 * Creates one item's issue exactly once. A create whose outcome is unknown (5xx, timeout) may
 * have happened, so the marker is looked up before trying again; a 422 on the assignees files the
 * issue unassigned and says why in its body.
 */
async function createItemIssue(
  target: SyncTarget,
  trigger: SyncTrigger,
  w: Work,
  action: Extract<ItemAction, { kind: "create" }>,
  counts: SyncCounts,
) {
  const { item } = action;
  let assignees = action.assignees;
  let problems = action.problems;
  for (let attempt = 0; ; attempt++) {
    const body = issueBody(target, trigger, w, item, item.due, assignees, problems);
    try {
      counts.writes++;
      return await createIssue(target.client, target.repo, {
        title: item.title,
        body,
        labels: itemLabels(item, target.config),
        assignees,
      });
    } catch (error) {
      if (isUnassignableError(error) && assignees.length > 0) {
        problems = [
          ...problems,
          ...assignees.map((owner) => ({ owner, reason: "not-assignable" as const })),
        ];
        assignees = [];
        continue;
      }
      if (!(error instanceof GitHubWriteError) || error.outcome !== "unknown" || attempt >= 2)
        throw error;
      const filed = (await listOwnIssues(target)).find((i) => {
        const m = readMarker(i.body, "item");
        return m?.path === w.doc.path && m.key === item.key;
      });
      if (filed) return { ...filed, labelColors: {} };
    }
  }
}

function summarize(work: Work[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of work) for (const a of w.actions) out[a.kind] = (out[a.kind] ?? 0) + 1;
  return out;
}
