import { renderMarker } from "../../src/core/issue-marker.js";
import type { AdoptedIssue, ItemMarker } from "../../src/core/tracked-issue.js";
import { renderDigestIssue, renderIssueBody, renderTrackingBody } from "../../src/render/render.js";
import { BOT_LOGIN, MERGE_SHA, REPO_URL, type FakeGitHub, type FakeIssue } from "./github-mock.js";

/*
 * A repository as the app leaves it after filing a postmortem: three item issues (#1–#3, by the
 * bot, labelled, with item markers) and their tracking issue (#4), rendered by the app's own
 * templates so that lifecycle and command tests start from real bodies.
 */

export const PATH = "postmortems/2026-05-01-outage.md";
/** The day the tests run on (a Thursday): handlers read it from the (faked) clock. */
export const TODAY = "2026-11-26";
export const LABEL = "postmortem-action";

export const ITEMS = [
  { key: "k1", text: "Add a canary stage to deploys", assignee: "alice" },
  { key: "k2", text: "Alert on error budget burn", assignee: "alice" },
  { key: "k3", text: "Write the failover runbook", assignee: null },
] as const;

export function itemMarker(index: number, due = "2026-12-26"): ItemMarker {
  return { v: 1, kind: "item", path: PATH, key: ITEMS[index]?.key ?? "k?", due, priority: "P2" };
}

/** An item issue body exactly as the sync renders it (P2 policy deadline from today's merge). */
export function itemBody(index: number): string {
  const item = ITEMS[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return renderIssueBody({
    postmortem: { repoUrl: REPO_URL, sha: MERGE_SHA, path: PATH, title: "Outage", summary: null },
    item: { text: item.text, line: 20 + index, priority: "P2" },
    owner: {
      assignees: item.assignee === null ? [] : [item.assignee],
      problems: item.assignee === null ? [{ kind: "none" }] : [],
    },
    due: { date: "2026-12-26", source: "policy", days: 30, from: TODAY },
    pr: 42,
    marker: renderMarker(itemMarker(index)),
  });
}

/** The tracking body with issues #1–#3, those in `closed` ticked. */
export function trackingBody(
  closed: readonly number[] = [],
  notPlanned: readonly number[] = [],
): string {
  return renderTrackingBody({
    postmortem: { repoUrl: REPO_URL, sha: MERGE_SHA, path: PATH, title: "Outage", summary: null },
    pr: 42,
    items: [1, 2, 3].map((issue) => ({
      kind: "filed",
      issue,
      closed: closed.includes(issue),
      wontDo: notPlanned.includes(issue),
    })),
    marker: renderMarker({ v: 1, kind: "tracking", path: PATH, pr: 42 }),
  });
}

export interface TrackedRepo {
  items: [FakeIssue, FakeIssue, FakeIssue];
  tracking: FakeIssue;
}

/** Adds #1–#3 and the tracking issue #4 to the store. */
export function seedTracked(gh: FakeGitHub): TrackedRepo {
  const add = (index: 0 | 1 | 2) =>
    gh.addIssue({
      title: ITEMS[index].text,
      body: itemBody(index),
      labels: [LABEL, "priority: P2"],
      assignees: ITEMS[index].assignee === null ? [] : [ITEMS[index].assignee],
    });
  const items: TrackedRepo["items"] = [add(0), add(1), add(2)];
  const tracking = gh.addIssue({
    title: "Postmortem: Outage",
    body: trackingBody(),
    labels: ["postmortem"],
    assignees: [],
  });
  return { items, tracking };
}

/** The digest issue body with this registry, as part 1 renders it. */
export function digestBody(adopted: AdoptedIssue[]): string {
  return renderDigestIssue({
    label: LABEL,
    adopted: adopted.map((a) => ({ number: a.number, due: a.due, priority: a.priority })),
    marker: renderMarker({ v: 1, kind: "digest", adopted }),
  });
}

/** Adds the app's digest issue with this registry. */
export function seedDigest(gh: FakeGitHub, adopted: AdoptedIssue[]): FakeIssue {
  return gh.addIssue({
    title: "Postmortem action items",
    body: digestBody(adopted),
    labels: ["postmortem"],
    assignees: [],
    author: BOT_LOGIN,
  });
}

/** A human's issue (not filed by the app). */
export function seedHumanIssue(
  gh: FakeGitHub,
  fields: { title?: string; body?: string; labels?: string[]; assignees?: string[] } = {},
): FakeIssue {
  const issue = gh.addIssue({
    title: fields.title ?? "Flaky backups",
    body: fields.body ?? "The nightly backup failed twice this week.",
    labels: fields.labels ?? [],
    assignees: fields.assignees ?? [],
    author: "carol",
  });
  issue.user.type = "User";
  return issue;
}
