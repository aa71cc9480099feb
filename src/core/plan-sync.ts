import type { Config } from "../config/schema.js";
import { normalizeForKey } from "./item-key.js";
import type { ItemMarker, TrackedIssue } from "./tracked-issue.js";
import type { IssueRef, PlannedItem, PostmortemPlan } from "./types.js";

/** An issue the app filed for one item of this postmortem, with its decoded marker. */
export interface ExistingItemIssue {
  issue: TrackedIssue;
  marker: ItemMarker;
}

/** Why an owner is not an assignee, told in the issue body so a human can fix it. */
export interface OwnerProblem {
  owner: string;
  reason: "not-assignable" | "team-without-person" | "not-a-login";
}

export type ItemAction =
  | { kind: "create"; item: PlannedItem; assignees: string[]; problems: OwnerProblem[] }
  | {
      kind: "update";
      item: PlannedItem;
      issue: TrackedIssue;
      /** The deadline to keep: the document's own date, else whatever the issue already has. */
      due: string;
      reworded: boolean;
    }
  | { kind: "keep"; item: PlannedItem; issue: TrackedIssue }
  | { kind: "close-done"; item: PlannedItem; issue: TrackedIssue }
  | { kind: "record-done"; item: PlannedItem }
  | { kind: "link"; item: PlannedItem; ref: IssueRef }
  | { kind: "remove"; issue: TrackedIssue; marker: ItemMarker; close: boolean }
  /** A second issue for an item another issue already tracks: two runs filed it at once. */
  | { kind: "close-duplicate"; issue: TrackedIssue; of: number };

export interface SyncInput {
  plan: PostmortemPlan;
  /** `owner/repo`: references to it count as this repository. */
  repo: string;
  existing: readonly ExistingItemIssue[];
  /** Assignability of every login the plan names (the caller checks them before planning). */
  assignable: ReadonlyMap<string, boolean>;
  config: Config;
}

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/;
// Dice similarity of word sets above which an unmatched item and issue are the same, reworded.
const REWORD_THRESHOLD = 0.5;

/**
 * Decides, for one postmortem, what each item needs: a new issue, an update, nothing, a close.
 * Pure. Items match their issues by key first, then (for rewording) by word similarity; issues
 * left without an item were removed from the document.
 */
export function planSync(input: SyncInput): ItemAction[] {
  const { plan } = input;
  const { canonical: existing, copies } = splitCopies(input.existing);
  const byKey = new Map(existing.map((e) => [e.marker.key, e]));
  const matched = new Map<PlannedItem, ExistingItemIssue>();
  for (const item of plan.items) {
    const found = byKey.get(item.key);
    if (found) {
      matched.set(item, found);
      byKey.delete(item.key);
    }
  }
  const reworded = matchReworded(
    plan.items.filter(
      (i) => !matched.has(i) && i.status === "open" && localRef(i, input.repo) === null,
    ),
    [...byKey.values()],
  );
  for (const [item, issue] of reworded) {
    matched.set(item, issue);
    byKey.delete(issue.marker.key);
  }

  const actions: ItemAction[] = plan.items.map((item) => {
    const found = matched.get(item);
    if (found) return actionForMatch(item, found, reworded.has(item));
    if (item.status === "done") return { kind: "record-done", item };
    const ref = localRef(item, input.repo);
    if (ref !== null) return { kind: "link", item, ref };
    return { kind: "create", item, ...chooseAssignees(item, input) };
  });
  for (const gone of byKey.values()) {
    if (gone.issue.state === "open")
      actions.push({ kind: "remove", ...gone, close: input.config.closeRemoved });
  }
  for (const { issue, of } of copies)
    if (issue.state === "open") actions.push({ kind: "close-duplicate", issue, of });
  return actions;
}

/**
 * One issue per key: the first filed (lowest number) that was not closed as a duplicate. Two
 * runs that raced past each other's lock each filed a copy; the others are copies of it.
 */
function splitCopies(existing: readonly ExistingItemIssue[]): {
  canonical: ExistingItemIssue[];
  copies: { issue: TrackedIssue; of: number }[];
} {
  const ranked = [...existing].sort(
    (a, b) =>
      Number(a.issue.stateReason === "duplicate") - Number(b.issue.stateReason === "duplicate") ||
      a.issue.number - b.issue.number,
  );
  const first = new Map<string, ExistingItemIssue>();
  const copies: { issue: TrackedIssue; of: number }[] = [];
  for (const e of ranked) {
    const kept = first.get(e.marker.key);
    if (kept === undefined) first.set(e.marker.key, e);
    else copies.push({ issue: e.issue, of: kept.issue.number });
  }
  return { canonical: [...first.values()], copies };
}

function actionForMatch(
  item: PlannedItem,
  found: ExistingItemIssue,
  reworded: boolean,
): ItemAction {
  const { issue, marker } = found;
  if (item.status === "done")
    return issue.state === "open"
      ? { kind: "close-done", item, issue }
      : { kind: "keep", item, issue };
  const due = keptDue(item, marker);
  const changed =
    reworded ||
    issue.title !== item.title ||
    marker.key !== item.key ||
    due !== marker.due ||
    item.priority !== marker.priority;
  return changed ? { kind: "update", item, issue, due, reworded } : { kind: "keep", item, issue };
}

/**
 * The deadline an existing issue should have. The document's own date wins when it is new or
 * changed since the issue was written (`docDue`); otherwise the issue keeps its deadline, which
 * may have been moved on GitHub (`/due`, `/snooze`) and must not snap back on the next edit.
 * Markers written before `docDue` existed let the document win, as they always did.
 */
function keptDue(item: PlannedItem, marker: ItemMarker): string {
  if (item.dueSource !== "item") return marker.due;
  return marker.docDue === item.due ? marker.due : item.due;
}

/** A reference to an issue of this repository (`#12`, or `owner/repo#12` naming this one). */
function localRef(item: PlannedItem, repo: string): IssueRef | null {
  return (
    item.refs.find((r) => r.repo === null || r.repo.toLowerCase() === repo.toLowerCase()) ?? null
  );
}

function chooseAssignees(
  item: PlannedItem,
  input: SyncInput,
): { assignees: string[]; problems: OwnerProblem[] } {
  const assignees: string[] = [];
  const problems: OwnerProblem[] = [];
  for (const owner of item.owners) {
    if (owner.includes("/")) problems.push({ owner, reason: "team-without-person" });
    else if (!LOGIN.test(owner)) problems.push({ owner, reason: "not-a-login" });
    else if (input.assignable.get(owner.toLowerCase()) === true) assignees.push(owner);
    else problems.push({ owner, reason: "not-assignable" });
  }
  // GitHub accepts at most 10 assignees on an issue.
  return { assignees: assignees.slice(0, 10), problems };
}

/** The logins whose assignability the caller must check before calling planSync. */
export function loginsToCheck(plan: PostmortemPlan): string[] {
  const logins = new Set<string>();
  for (const item of plan.items) {
    for (const owner of item.owners) if (LOGIN.test(owner)) logins.add(owner.toLowerCase());
  }
  return [...logins].sort();
}

function words(text: string): Set<string> {
  return new Set(normalizeForKey(text).split(" ").filter(Boolean));
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Pairs reworded items with the issues of removed keys, most similar first, one to one. */
function matchReworded(
  items: PlannedItem[],
  issues: ExistingItemIssue[],
): Map<PlannedItem, ExistingItemIssue> {
  const pairs: { score: number; item: PlannedItem; issue: ExistingItemIssue }[] = [];
  for (const item of items) {
    const a = words(item.text);
    for (const issue of issues) {
      const score = dice(a, words(issue.issue.title));
      if (score >= REWORD_THRESHOLD) pairs.push({ score, item, issue });
    }
  }
  pairs.sort((x, y) => y.score - x.score || x.issue.issue.number - y.issue.issue.number);
  const out = new Map<PlannedItem, ExistingItemIssue>();
  const used = new Set<ExistingItemIssue>();
  for (const p of pairs) {
    if (out.has(p.item) || used.has(p.issue)) continue;
    out.set(p.item, p.issue);
    used.add(p.issue);
  }
  return out;
}
