import { renderMarker } from "../../src/core/issue-marker.js";
import type { Priority } from "../../src/core/types.js";
import { BOT_LOGIN, type FakeGitHub, type FakeIssue } from "../helpers/github-mock.js";

export const PM_PATH = "postmortems/2026-11-02-queue.md";

/** Now: Monday 30 Nov 2026, 10:00 UTC, in ISO week 2026-W49. */
export const NOW = new Date("2026-11-30T10:00:00Z");

interface ItemSpec {
  title: string;
  due: string;
  priority?: Priority;
  assignees?: string[];
  created?: string;
  closed?: { at: string; reason: "completed" | "not_planned" };
  /** Extra body text, e.g. the owner line of a team owner. */
  text?: string;
  path?: string;
}

/** Files an item issue as the app writes it (its marker last), in the fake's store. */
export function addItem(github: FakeGitHub, spec: ItemSpec, key = spec.title): FakeIssue {
  const marker = renderMarker({
    v: 1,
    kind: "item",
    path: spec.path ?? PM_PATH,
    key,
    due: spec.due,
    priority: spec.priority ?? "P2",
  });
  const issue = github.addIssue({
    title: spec.title,
    body: `${spec.text ?? "> An action item"}\n\n${marker}`,
    labels: ["postmortem-action"],
    assignees: spec.assignees ?? [],
  });
  issue.created_at = spec.created ?? "2026-11-02T12:00:00Z";
  issue.updated_at = issue.created_at;
  if (spec.closed) {
    issue.state = "closed";
    issue.state_reason = spec.closed.reason;
    issue.closed_at = spec.closed.at;
    issue.updated_at = spec.closed.at;
  }
  return issue;
}

export function addTracking(github: FakeGitHub, title: string, path = PM_PATH): FakeIssue {
  const issue = github.addIssue({
    title: `Postmortem: ${title}`,
    body: `Action items\n${renderMarker({ v: 1, kind: "tracking", path, pr: 42 })}`,
    labels: ["postmortem"],
    assignees: [],
  });
  issue.created_at = "2026-11-02T12:00:00Z";
  issue.updated_at = issue.created_at;
  return issue;
}

/**
 * The repository the digest tests read: one postmortem with overdue items (two owners, one item
 * shared), an item due soon, a team-owned item, and items closed this week (done, won't do) and
 * before.
 */
export function seedRepository(github: FakeGitHub): void {
  addTracking(github, "Queue outage"); // #1
  addItem(github, {
    title: "Add alerting on queue depth",
    due: "2026-11-20",
    priority: "P1",
    assignees: ["alice"],
  }); // #2
  addItem(github, {
    title: "Write the | runbook for @oncall",
    due: "2026-11-27",
    assignees: ["alice", "bob"],
  }); // #3
  addItem(github, { title: "Load test the consumer", due: "2026-12-04", assignees: ["carol"] }); // #4
  addItem(github, {
    title: "Decide on retention",
    due: "2026-12-02",
    text: "- **Owner:** unassigned — team @acme/sre has no accountable person — please assign someone",
  }); // #5
  addItem(github, {
    title: "Rotate credentials",
    due: "2026-12-10",
    assignees: ["bob"],
    created: "2026-11-20T12:00:00Z",
    closed: { at: "2026-11-30T08:00:00Z", reason: "completed" },
  }); // #6
  addItem(github, {
    title: "Migrate to the new broker",
    due: "2026-12-20",
    closed: { at: "2026-11-30T09:00:00Z", reason: "not_planned" },
  }); // #7
  addItem(github, {
    title: "Fix alert routing",
    due: "2026-11-15",
    assignees: ["alice"],
    created: "2026-11-02T12:00:00Z",
    closed: { at: "2026-11-06T12:00:00Z", reason: "completed" },
  }); // #8
}

export const BOT = BOT_LOGIN;

/** GitHub's default "bug" label, as the webhook examples carry it. */
export const BUG = { name: "bug", color: "d73a4a" };

/**
 * A person's issue, closed long ago, that the tracker has nothing to do with: a repository with
 * only this is one where nothing is tracked.
 */
export function addPersonsOldIssue(github: FakeGitHub): FakeIssue {
  const issue = github.addIssue({
    title: "Flaky deploy",
    body: "It failed twice.",
    labels: [],
    assignees: [],
    author: "alice",
  });
  issue.created_at = "2026-09-14T08:00:00Z";
  issue.state = "closed";
  issue.state_reason = "completed";
  issue.closed_at = "2026-10-01T12:00:00Z";
  issue.updated_at = issue.closed_at;
  return issue;
}

/**
 * A person adds "bug" to `issue` at `at` (before the webhook says so, as on GitHub): it moves
 * neither the repository's `pushed_at` nor its open-issue count.
 */
export function addBug(issue: FakeIssue, at: string): void {
  issue.labels.push(BUG);
  issue.updated_at = at;
}
