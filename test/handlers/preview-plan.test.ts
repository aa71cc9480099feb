import { describe, expect, it } from "vitest";
import { configSchema, type ConfigInput } from "../../src/config/schema.js";
import { checkProposedConfig } from "../../src/core/check-proposed-config.js";
import { renderMarker } from "../../src/core/issue-marker.js";
import {
  planPreview,
  splitConfigError,
  strictRules,
  withProposedConfigProblems,
} from "../../src/core/plan-preview.js";
import type { ItemAction } from "../../src/core/plan-sync.js";
import type { TrackedIssue } from "../../src/core/tracked-issue.js";
import type { PlannedItem, PostmortemPlan } from "../../src/core/types.js";

/* The pure part of the preview: rows, annotations, strict rules, conclusion, config problems. */

const PATH = "postmortems/x.md";

function item(fields: Partial<PlannedItem> = {}): PlannedItem {
  return {
    key: "k1",
    title: "Add alerting on queue depth",
    text: "Add alerting on queue depth",
    owners: ["alice"],
    due: "2026-12-26",
    dueSource: "policy",
    priority: "P2",
    line: 9,
    status: "open",
    refs: [],
    ownerSource: "item",
    ...fields,
  };
}

function plan(items: PlannedItem[], warnings: PostmortemPlan["warnings"] = []): PostmortemPlan {
  return { postmortem: { path: PATH, title: "Queue", severity: null }, items, warnings };
}

function issue(number: number, fields: Partial<TrackedIssue> = {}): TrackedIssue {
  return {
    number,
    id: 5000 + number,
    title: "Add alerting on queue depth",
    body: "",
    state: "open",
    stateReason: null,
    assignees: ["alice"],
    labels: [],
    author: "postmortem-tracker[bot]",
    authorType: "Bot",
    url: `https://github.com/acme/infra/issues/${number}`,
    createdAt: "2026-11-01T00:00:00Z",
    updatedAt: "2026-11-01T00:00:00Z",
    closedAt: null,
    ...fields,
  };
}

function preview(
  items: PlannedItem[],
  actions: ItemAction[],
  config: ConfigInput = {},
  warnings: PostmortemPlan["warnings"] = [],
) {
  return planPreview({
    postmortems: [{ plan: plan(items, warnings), actions }],
    config: configSchema.parse(config),
    repo: "acme/infra",
  });
}

describe("strictRules", () => {
  it.each([
    [false, { owners: false, deadlines: false, warnings: false }],
    [true, { owners: true, deadlines: true, warnings: true }],
    [
      { owners: true, deadlines: false, warnings: false },
      { owners: true, deadlines: false, warnings: false },
    ],
  ] as const)("%j → %j", (strict, rules) => {
    expect(strictRules(strict)).toEqual(rules);
  });

  it("accepts a partial object in the config and fills the rest with false", () => {
    expect(configSchema.parse({ strict: { deadlines: true } }).strict).toEqual({
      owners: false,
      deadlines: true,
      warnings: false,
    });
  });
});

describe("planPreview", () => {
  it("a clean item to file: success, one 'new' row, no annotation", () => {
    const it1 = item();
    const p = preview([it1], [{ kind: "create", item: it1, assignees: ["alice"], problems: [] }]);
    expect(p.conclusion).toBe("success");
    expect(p.title).toBe("1 issue to file");
    expect(p.annotations).toEqual([]);
    expect(p.postmortems[0]?.rows).toEqual([
      {
        status: "new",
        title: "Add alerting on queue depth",
        line: 9,
        issue: null,
        ref: null,
        assignees: ["alice"],
        problems: [],
        ownerSource: "item",
        due: "2026-12-26",
        dueSource: "policy",
        priority: "P2",
        closing: false,
      },
    ]);
  });

  it.each([
    {
      case: "an owner written as a name is a warning",
      strict: false,
      problem: { owner: "Jane Doe", reason: "not-a-login" as const },
      expected: [
        [
          "warning",
          "Owner is not a GitHub login",
          '"Jane Doe" is not a GitHub login: the issue will be filed unassigned. Write the owner as @login.',
        ],
      ],
    },
    {
      case: "a team with no accountable person under strict.owners fails (its warning comes from the plan)",
      strict: { owners: true },
      problem: { owner: "acme/sre", reason: "team-without-person" as const },
      expected: [["failure", "No owner", "strict.owners: this item would be filed unassigned."]],
    },
  ])("$case", ({ strict, problem, expected }) => {
    const it1 = item({ owners: [problem.owner] });
    const p = preview([it1], [{ kind: "create", item: it1, assignees: [], problems: [problem] }], {
      strict,
    });
    expect(p.annotations.map((a) => [a.level, a.title, a.message])).toEqual(expected);
  });

  it("strict.owners names the fallback an item would go to (config defaultOwner)", () => {
    const it1 = item({ owners: ["bob"], ownerSource: "config" });
    const p = preview([it1], [{ kind: "create", item: it1, assignees: ["bob"], problems: [] }], {
      strict: { owners: true },
    });
    expect(p.annotations.map((a) => a.message)).toEqual([
      `strict.owners: name this item's owner (e.g. "(owner: @login)") or the postmortem's; it would go to config "defaultOwner".`,
    ]);
    expect(p.conclusion).toBe("failure");
  });

  it("strict.deadlines flags policy dates only; strict.warnings makes plan warnings failures", () => {
    const own = item({ key: "a", line: 9, dueSource: "item", due: "2026-12-01" });
    const policy = item({ key: "b", line: 10, title: "Write the runbook" });
    const p = preview(
      [own, policy],
      [
        { kind: "create", item: own, assignees: ["alice"], problems: [] },
        { kind: "create", item: policy, assignees: ["alice"], problems: [] },
      ],
      { strict: { deadlines: true, warnings: true } },
      [{ line: 10, message: "Duplicate of the item on line 9." }],
    );
    expect(p.annotations.map((a) => [a.line, a.level, a.title])).toEqual([
      [10, "failure", "Action item warning"],
      [10, "failure", "No deadline"],
    ]);
    expect(p.title).toBe("2 issues to file, 2 failures");
  });

  it("rows for every action: tracked keeps the issue's own date, done, linked and removed say what happens", () => {
    const kept = item({ key: "a", line: 9 });
    const done = item({ key: "b", line: 10, status: "done", title: "Done thing" });
    const linked = item({ key: "c", line: 11, refs: [{ repo: null, number: 7 }], title: "Linked" });
    const marker = renderMarker({
      v: 1,
      kind: "item",
      path: PATH,
      key: "a",
      due: "2026-12-05",
      priority: "P2",
    });
    const p = preview(
      [kept, done, linked],
      [
        { kind: "keep", item: kept, issue: issue(1, { body: `text\n\n${marker}` }) },
        { kind: "close-done", item: done, issue: issue(2) },
        { kind: "link", item: linked, ref: { repo: null, number: 7 } },
        {
          kind: "remove",
          issue: issue(3, { title: "Gone" }),
          marker: { v: 1, kind: "item", path: PATH, key: "z", due: "2027-01-01", priority: "P3" },
          close: false,
        },
      ],
    );
    expect(
      p.postmortems[0]?.rows.map((r) => [r.status, r.issue, r.due, r.dueSource, r.closing]),
    ).toEqual([
      ["tracked", 1, "2026-12-05", "issue", false],
      ["done", 2, "2026-12-26", "policy", true],
      ["linked", null, "2026-12-26", "policy", false],
      ["removed", 3, "2027-01-01", "issue", false],
    ]);
    expect(p.counts).toEqual({ new: 0, updated: 0, tracked: 1, done: 1, linked: 1, removed: 1 });
    expect(p.title).toBe("1 already tracked, 1 done, 1 linked, 1 removed");
  });

  it("problems in the PR's own config file are failures on that file", () => {
    const p = withProposedConfigProblems(preview([], []), ".github/postmortem-tracker.yml", [
      { line: 3, path: "deadlines.P1", message: "Too small" },
    ]);
    expect(p.conclusion).toBe("failure");
    expect(p.title).toBe("No action items found, invalid config in this pull request");
    expect(p.annotations).toEqual([
      {
        path: ".github/postmortem-tracker.yml",
        line: 3,
        level: "failure",
        title: "Invalid config in this pull request",
        message:
          "deadlines.P1: Too small. Merged as is, this config makes the app file nothing until it is fixed.",
      },
    ]);
  });
});

describe("splitConfigError", () => {
  it.each([
    [
      "Invalid config in .github/postmortem-tracker.yml: deadlines.P1: Too small; (top level): Unrecognized key",
      [
        { path: "deadlines.P1", message: "Too small" },
        { path: "", message: "Unrecognized key" },
      ],
    ],
    [
      "Invalid config in .github/postmortem-tracker.yml: not valid YAML (bad indent)",
      [{ path: "", message: "not valid YAML (bad indent)" }],
    ],
  ])("%s", (error, expected) => {
    expect(splitConfigError(error)).toEqual(expected);
  });
});

describe("checkProposedConfig", () => {
  it.each([
    ["a valid file", "defaultPriority: P1\n", []],
    ["_extends is set aside", "_extends: acme/.github\ndryRun: true\n", []],
    [
      "a nested field, at its own line",
      "paths:\n  - pm/*.md\ndeadlines:\n  P0: 3\n  P1: -1\n",
      [{ line: 5, path: "deadlines.P1", message: "Too small: expected number to be >=1" }],
    ],
    [
      "a list entry",
      "paths:\n  - pm/*.md\n  - ''\n",
      [{ line: 3, path: "paths.1", message: "Too small: expected string to have >=1 characters" }],
    ],
    [
      "an unknown key names itself (line 1: zod reports it on the object)",
      "dryrun: true\n",
      [{ line: 1, path: "", message: 'Unrecognized key: "dryrun"' }],
    ],
  ])("%s", (_case, text, expected) => {
    expect(checkProposedConfig(text)).toEqual(expected);
  });

  it("reports YAML syntax errors at their line", () => {
    const [problem] = checkProposedConfig("paths:\n  - a\nlabel: [\n");
    expect(problem?.path).toBe("");
    expect(problem).toEqual({
      line: 4,
      path: "",
      message:
        "not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ])",
    });
  });
});
