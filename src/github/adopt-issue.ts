import { addDays } from "../core/calendar-date.js";
import type { AdoptedIssue } from "../core/tracked-issue.js";
import { PRIORITIES, type Priority } from "../core/types.js";
import { renderAdoptedComment, renderAdoptionStoppedComment } from "../render/render.js";
import { ensureDigestIssue, findDigestIssue, saveAdopted } from "./digest-issue.js";
import { findTrackerComments } from "./find-tracker-comments.js";
import { createComment, readIssue } from "./gateway.js";
import { withRepoLock } from "./repo-lock.js";
import { listOwnIssues, type SyncTarget } from "./sync-work.js";

/*
 * Hidden tags on the app's adoption comments. The registry (the digest issue's marker) is the
 * truth; the tags only tell a redelivery whether the comment that goes with the last change was
 * posted. Read only from comments the trust rule accepts.
 */
export const ADOPTED_TAG = "<!-- postmortem-tracker:adopted -->";
export const STOPPED_TAG = "<!-- postmortem-tracker:adoption-stopped -->";

/** A human's issue whose tracker label was just added or removed. */
export interface AdoptionEvent {
  number: number;
  /** Who added or removed the label. */
  sender: string | null;
  /** YYYY-MM-DD (UTC): the default deadline counts from it. */
  today: string;
}

export type AdoptionOutcome = "adopted" | "released" | "unchanged";

/** What the registry should say about the issue, from the issue as GitHub has it now. */
interface Wanted {
  /** The issue still exists (deleted or transferred issues get no comment). */
  exists: boolean;
  labelled: boolean;
  labels: string[];
}

/**
 * Records the issue in the registry of adopted issues when it carries the tracker label, removes
 * it when it does not, and says so once in a comment on the issue. The label is read from GitHub,
 * not from the event: deliveries can come late or out of order (a label added and removed at once
 * must end untracked, whichever delivery runs last). Idempotent: a redelivery finds the registry
 * right and only posts the comment if the first delivery failed before it. Registry writes are a
 * read-modify-write of one issue body, so they run under the repository lock and re-read both
 * the issue and the registry inside it.
 */
export async function reconcileAdoption(
  target: SyncTarget,
  event: AdoptionEvent,
): Promise<AdoptionOutcome> {
  const wanted = await readWanted(target, event.number);
  const listed = findDigestIssue(await listOwnIssues(target));
  const current = listed?.marker.adopted.find((a) => a.number === event.number) ?? null;
  if ((current !== null) === wanted.labelled) {
    await ensureComment(target, event, wanted, current);
    return "unchanged";
  }
  const result = await withRepoLock(target.client, target.repo, {}, async () => {
    const now = await readWanted(target, event.number);
    const issues = await listOwnIssues(target);
    if (now.labelled) {
      const digest = await ensureDigestIssue(target, issues);
      const found = digest.marker.adopted.find((a) => a.number === event.number);
      if (found !== undefined) return { now, changed: false, entry: found };
      const entry = adoptedEntry(target, event, now.labels);
      await saveAdopted(target, digest, [...digest.marker.adopted, entry]);
      return { now, changed: true, entry };
    }
    const digest = findDigestIssue(issues);
    if (digest?.marker.adopted.some((a) => a.number === event.number) !== true)
      return { now, changed: false, entry: null };
    const rest = digest.marker.adopted.filter((a) => a.number !== event.number);
    await saveAdopted(target, digest, rest);
    return { now, changed: true, entry: null };
  });
  if (!result.changed) {
    // Whoever changed it first comments too; a crash in between is what ensureComment covers.
    await ensureComment(target, event, result.now, result.entry);
    return "unchanged";
  }
  if (result.now.exists) await postComment(target, event, result.entry);
  target.log.info(
    { issue: event.number, due: result.entry?.due ?? null },
    result.entry === null ? "stopped tracking an issue" : "adopted a labelled issue",
  );
  return result.entry === null ? "released" : "adopted";
}

async function readWanted(target: SyncTarget, issueNumber: number): Promise<Wanted> {
  const issue = await readIssue(target.client, target.repo, issueNumber);
  const tracker = target.config.label.name.toLowerCase();
  const labels = issue?.labels ?? [];
  return {
    exists: issue !== null,
    labelled: labels.some((name) => name.toLowerCase() === tracker),
    labels,
  };
}

function adoptedEntry(
  target: SyncTarget,
  event: AdoptionEvent,
  labels: readonly string[],
): AdoptedIssue {
  const priority = priorityFromLabels(labels, target) ?? target.config.defaultPriority;
  return {
    number: event.number,
    due: addDays(event.today, target.config.deadlines[priority]),
    priority,
    since: event.today,
  };
}

/** The issue's own `priority: Px` label, when the app uses priority labels. */
function priorityFromLabels(labels: readonly string[], target: SyncTarget): Priority | null {
  if (!target.config.priorityLabels) return null;
  for (const label of labels) {
    const m = /^priority: (P[0-3])$/i.exec(label.trim());
    const p = m?.[1]?.toUpperCase();
    if (p !== undefined && (PRIORITIES as readonly string[]).includes(p)) return p as Priority;
  }
  return null;
}

/**
 * Posts the comment for the registry's state (`entry`: the issue's registry entry, or null when
 * it is not adopted) unless the app's last adoption comment on the issue already says it.
 */
async function ensureComment(
  target: SyncTarget,
  event: AdoptionEvent,
  wanted: Wanted,
  entry: AdoptedIssue | null,
): Promise<void> {
  if (!wanted.exists || (wanted.labelled && entry === null)) return;
  const comments = await findTrackerComments(
    target.client,
    target.repo,
    target.trust,
    event.number,
    (body) => body.includes(ADOPTED_TAG) || body.includes(STOPPED_TAG),
  );
  let last: "adopted" | "stopped" | null = null;
  for (const c of comments) {
    if (c.body.includes(ADOPTED_TAG)) last = "adopted";
    else if (c.body.includes(STOPPED_TAG)) last = "stopped";
  }
  if (wanted.labelled ? last === "adopted" : last !== "adopted") return;
  await postComment(target, event, entry);
}

async function postComment(
  target: SyncTarget,
  event: AdoptionEvent,
  entry: AdoptedIssue | null,
): Promise<void> {
  const label = target.config.label.name;
  const body =
    entry === null
      ? renderAdoptionStoppedComment({ login: event.sender, label, marker: STOPPED_TAG })
      : renderAdoptedComment({
          login: event.sender,
          label,
          due: entry.due,
          priority: entry.priority,
          days: target.config.deadlines[entry.priority],
          since: entry.since,
          marker: ADOPTED_TAG,
        });
  await createComment(target.client, target.repo, event.number, body);
}
