import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/parse-config.js";
import { loginsToCheck, planSync, type ExistingItemIssue } from "../../src/core/plan-sync.js";
import type { ItemMarker, TrackedIssue } from "../../src/core/tracked-issue.js";
import type { PlannedItem, PostmortemPlan } from "../../src/core/types.js";

const PATH = "postmortems/outage.md";

function item(fields: Partial<PlannedItem> & { key: string; title: string }): PlannedItem {
  return {
    text: fields.title,
    owners: [],
    due: "2026-12-26",
    dueSource: "policy",
    priority: "P2",
    line: 10,
    status: "open",
    refs: [],
    ownerSource: "none",
    ...fields,
  };
}

function existing(
  number: number,
  title: string,
  marker: Partial<ItemMarker> & { key: string },
  state: "open" | "closed" = "open",
): ExistingItemIssue {
  const issue: TrackedIssue = {
    number,
    id: 1000 + number,
    title,
    body: "",
    state,
    stateReason: state === "closed" ? "completed" : null,
    assignees: [],
    labels: [],
    author: "postmortem-tracker[bot]",
    authorType: "Bot",
    updatedAt: "2026-11-01T00:00:00Z",
    url: `https://github.com/acme/infra/issues/${number}`,
    createdAt: "2026-11-01T00:00:00Z",
    closedAt: null,
  };
  return {
    issue,
    marker: { v: 1, kind: "item", path: PATH, due: "2026-12-26", priority: "P2", ...marker },
  };
}

function plan(...items: PlannedItem[]): PostmortemPlan {
  return { postmortem: { path: PATH, title: "Outage", severity: null }, items, warnings: [] };
}

function sync(items: PlannedItem[], issues: ExistingItemIssue[], assignable: string[] = []) {
  return planSync({
    plan: plan(...items),
    repo: "acme/infra",
    existing: issues,
    assignable: new Map(assignable.map((login) => [login, true])),
    config: defaultConfig(),
  });
}

describe("planSync: copies of one item (two writers raced past each other's lock)", () => {
  const a = item({ key: "k1", title: "Add alerting" });
  const dup = (n: number, state: "open" | "closed", reason: string | null) => {
    const e = existing(n, "Add alerting", { key: "k1" }, state);
    return { ...e, issue: { ...e.issue, stateReason: reason } };
  };

  it.each([
    {
      name: "the lowest number is the item's issue, whatever the listing order; open copies close",
      issues: [dup(9, "open", null), dup(4, "open", null), dup(7, "open", null)],
      keep: 4,
      close: [7, 9],
    },
    {
      name: "a copy already closed as a duplicate is never chosen, and not closed again",
      issues: [dup(4, "closed", "duplicate"), dup(9, "open", null)],
      keep: 9,
      close: [],
    },
    {
      name: "a closed (done) first issue stays the item's; the open copy closes",
      issues: [dup(4, "closed", "completed"), dup(9, "open", null)],
      keep: 4,
      close: [9],
    },
  ])("$name", ({ issues, keep, close }) => {
    const actions = sync([a], issues);
    const kept = actions.find((x) => x.kind === "keep" || x.kind === "update");
    expect(kept && "issue" in kept ? kept.issue.number : null).toBe(keep);
    expect(
      actions.flatMap((x) => (x.kind === "close-duplicate" ? [[x.issue.number, x.of]] : [])),
    ).toEqual(close.map((n) => [n, keep]));
    expect(actions.filter((x) => x.kind === "remove")).toEqual([]);
  });
});

describe("planSync", () => {
  it("files new items, assigning only owners GitHub accepts, and explains the others", () => {
    const actions = sync(
      [
        item({
          key: "k1",
          title: "Add alerting",
          owners: ["alice", "ghost", "acme/sre", "Jane Doe"],
        }),
      ],
      [],
      ["alice"],
    );
    expect(actions).toEqual([
      {
        kind: "create",
        item: expect.objectContaining({ key: "k1" }) as unknown,
        assignees: ["alice"],
        problems: [
          { owner: "ghost", reason: "not-assignable" },
          { owner: "acme/sre", reason: "team-without-person" },
          { owner: "Jane Doe", reason: "not-a-login" },
        ],
      },
    ]);
  });

  it.each([
    ["an unchanged item", {}, "keep"],
    ["a new title", { title: "Add alerting on lag" }, "update"],
    ["a new priority", { priority: "P1" as const }, "update"],
    ["a done item whose issue is open", { status: "done" as const }, "close-done"],
  ])("%s → %s", (_name, change, kind) => {
    const actions = sync(
      [item({ key: "k1", title: "Add alerting", ...change })],
      [existing(7, "Add alerting", { key: "k1" })],
    );
    expect(actions.map((a) => a.kind)).toEqual([kind]);
  });

  it("records a done item with no issue, links an item naming a local issue, and removes a vanished one", () => {
    const actions = sync(
      [
        item({ key: "done", title: "Rotate keys", status: "done" }),
        item({ key: "ref", title: "Fix retries (#12)", refs: [{ repo: null, number: 12 }] }),
      ],
      [existing(7, "Old item", { key: "gone" })],
    );
    expect(actions.map((a) => a.kind)).toEqual(["record-done", "link", "remove"]);
    expect(actions[2]).toMatchObject({ kind: "remove", close: true });
  });

  it("matches a reworded item to its issue by word similarity instead of filing it again", () => {
    const actions = sync(
      [item({ key: "new", title: "Add alerting on queue depth and consumer lag" })],
      [existing(7, "Add alerting on queue depth", { key: "old" })],
    );
    expect(actions).toMatchObject([{ kind: "update", reworded: true, issue: { number: 7 } }]);
  });

  describe("the deadline of an existing issue", () => {
    // The issue's marker says 2026-12-20; the document's own date is in `item.due`.
    it.each([
      ["policy date: the issue keeps its own", "policy", "2027-01-05", undefined, "2026-12-20"],
      [
        "document date unchanged since filing: a /due move survives",
        "item",
        "2026-12-10",
        "2026-12-10",
        "2026-12-20",
      ],
      [
        "document date changed in the postmortem: the document wins",
        "item",
        "2026-12-31",
        "2026-12-10",
        "2026-12-31",
      ],
      [
        "marker from before docDue existed: the document wins",
        "item",
        "2026-12-10",
        undefined,
        "2026-12-10",
      ],
    ] as const)("%s", (_name, dueSource, docDate, docDue, expected) => {
      const actions = sync(
        [item({ key: "k1", title: "Add alerting", due: docDate, dueSource })],
        [
          existing(7, "Add alerting", {
            key: "k1",
            due: "2026-12-20",
            ...(docDue ? { docDue } : {}),
          }),
        ],
      );
      const action = actions[0];
      const due =
        action?.kind === "update" ? action.due : action?.kind === "keep" ? "2026-12-20" : null;
      expect(due).toBe(expected);
      expect(action?.kind).toBe(expected === "2026-12-20" ? "keep" : "update");
    });
  });
});

describe("loginsToCheck", () => {
  it("lists each login once, lower-cased, skipping teams and names", () => {
    expect(
      loginsToCheck(
        plan(
          item({ key: "a", title: "A", owners: ["Alice", "acme/sre"] }),
          item({ key: "b", title: "B", owners: ["alice", "Jane Doe", "bob"] }),
        ),
      ),
    ).toEqual(["alice", "bob"]);
  });
});
