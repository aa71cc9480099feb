import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readMarker } from "../../src/core/issue-marker.js";
import { date } from "../../src/render/helpers.js";
import {
  deliver,
  FakeGitHub,
  HEAD_SHA,
  MERGE_SHA,
  pullRequestClosed,
  pullRequestEvent,
  readFixture,
} from "../helpers/github-mock.js";
import { makeProbot } from "../helpers/probot.js";

/*
 * The preview shows exactly what the merge files: the preview runs on PR #42's head, then the
 * same document is merged with the same config on the same day, and every row the check run
 * showed is compared with the request the merge sent for that item.
 */

const PATH = "postmortems/2026-11-20-checkout.md";
const R = "/repos/acme/infra";
const ZWJ = "\u200D";
/** The earlier merge (PR #41) that filed the first version, for the edit case. */
const FIRST_SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

interface ShownRow {
  title: string;
  owners: string[];
  /** As displayed, e.g. `Tue 15 Dec 2026`; null for "—". */
  due: string | null;
  priority: string | null;
  onMerge: string;
}

interface IssueWrite {
  title?: string;
  body?: string;
  assignees?: string[];
  labels?: string[];
  state?: string;
  state_reason?: string;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-26T12:00:00Z") });
});

afterEach(() => {
  vi.useRealTimers();
});

function repo(): FakeGitHub {
  const gh = new FakeGitHub();
  gh.assignable.add("carol");
  gh.assignable.add("dave");
  return gh
    .installationToken()
    .appIdentity()
    .config(null)
    .issueList()
    .assigneeCheck()
    .checkRunCreate()
    .lock()
    .issueCreate()
    .labelUpdate()
    .commentList()
    .commentCreate();
}

/** The table rows of the check run's summary, read back from the markdown GitHub shows. */
function shownRows(gh: FakeGitHub): ShownRow[] {
  const [create] = gh.bodies("POST", `${R}/check-runs`) as { output: { summary: string } }[];
  const lines = (create?.output.summary ?? "").split("\n");
  return lines
    .filter((l) => l.startsWith("| ") && !l.startsWith("| Action item") && !l.startsWith("| ---"))
    .map((l) => {
      const [title = "", owner = "", due = "", priority = "", onMerge = ""] = l
        .slice(2, -2)
        .split(" | ");
      const assigned = owner.startsWith("unassigned") || owner === "—" ? "" : owner;
      return {
        title: title.replace(/^\[(.*)\]\(.*\)$/, "$1"),
        owners: assigned
          .replace(/ (—|\().*$/, "")
          .split(", ")
          .filter(Boolean)
          .map((o) => o.replace(`@${ZWJ}`, "")),
        due: due === "—" ? null : due.replace(/ \((policy|kept)\)$/, ""),
        priority: priority === "—" ? null : priority,
        onMerge,
      };
    });
}

/** What the merge sent for an item issue, in the shape the preview shows it. */
function filed(write: IssueWrite, fallbackAssignees: string[]) {
  const marker = readMarker(write.body, "item");
  return {
    title: write.title,
    owners: write.assignees ?? fallbackAssignees,
    due: marker ? date(marker.due) : null,
    priority: marker?.priority ?? null,
  };
}

function itemCreates(gh: FakeGitHub): IssueWrite[] {
  return (gh.bodies("POST", `${R}/issues`) as IssueWrite[]).filter((b) =>
    (b.labels ?? []).includes("postmortem-action"),
  );
}

function issueWrites(gh: FakeGitHub, number: number): IssueWrite[] {
  return gh.bodies("PATCH", `${R}/issues/${number}`) as IssueWrite[];
}

describe("what the preview shows is what the merge files", () => {
  it("16. a new SRE-style postmortem: every 'new issue' row is one create with the same title, assignees, due date and priority; the linked row files nothing", async () => {
    const { probot } = await makeProbot();
    const gh = repo()
      .pullFiles(42, [{ filename: PATH, status: "added" }])
      .file(PATH, HEAD_SHA, readFixture("sre-table.md"))
      .file(PATH, MERGE_SHA, readFixture("sre-table.md"));

    const previewed = await deliver(probot, pullRequestEvent("opened"));
    const shown = shownRows(gh);
    const merged = await deliver(probot, pullRequestClosed());

    expect(shown.map((r) => r.onMerge)).toEqual([
      "**new issue**",
      "**new issue**",
      "**new issue**",
      "**new issue**",
      "tracked by #7",
    ]);
    const toFile = shown.filter((r) => r.onMerge === "**new issue**");
    expect(itemCreates(gh).map((w) => filed(w, []))).toEqual(
      toFile.map(({ title, owners, due, priority }) => ({ title, owners, due, priority })),
    );
    // The linked item's issue is not filed again: 4 items + the tracking issue.
    expect(gh.bodies("POST", `${R}/issues`)).toHaveLength(5);
    expect([previewed, merged]).toEqual([undefined, undefined]);
  });

  it("17. an edit of a filed postmortem: 'tracked' rows write nothing, 'updates #n' is the PATCH of #n, 'done: closes #n' and 'removed: closes #n' close them, the new row is the one create", async () => {
    const { probot } = await makeProbot();
    const gh = repo()
      .issueUpdate()
      .pullFiles(41, [{ filename: PATH, status: "added" }])
      .file(PATH, FIRST_SHA, readFixture("sre-table.md"))
      .pullFiles(42, [{ filename: PATH, status: "modified" }])
      .file(PATH, HEAD_SHA, readFixture("sre-table-v2.md"))
      .file(PATH, MERGE_SHA, readFixture("sre-table-v2.md"));
    const setUp = await deliver(
      probot,
      pullRequestClosed({ id: "first-merge", number: 41, mergeCommitSha: FIRST_SHA }),
    );
    // #1–#4 the items of the first version in document order, #5 its tracking issue.
    expect(gh.issues.map((i) => i.title)).toEqual([
      "Alert on cache hit ratio below 80%",
      "Drain cache nodes one at a time in the runbook",
      "Add a load test of checkout with a cold cache",
      "Document the cache topology",
      "Postmortem: Checkout latency incident",
    ]);
    gh.clearRequests();

    const previewed = await deliver(probot, pullRequestEvent("synchronize"));
    const shown = shownRows(gh);
    gh.clearRequests();
    const merged = await deliver(probot, pullRequestClosed());

    expect(shown).toEqual([
      {
        title: "Alert on cache hit ratio below 80%",
        owners: ["carol"],
        due: "Tue 15 Dec 2026",
        priority: "P1",
        onMerge: "already tracked as #1",
      },
      {
        title: "Drain cache nodes one at a time in the runbook",
        owners: ["dave"],
        due: "Sun 20 Dec 2026",
        priority: "P2",
        onMerge: "updates #2",
      },
      {
        title: "Add a load test of checkout with a cold cache",
        owners: [],
        due: "Sun 1 Nov 2026",
        priority: "P0",
        onMerge: "done: closes #3",
      },
      {
        title: "Page the cache owner from the checkout alert",
        owners: [],
        due: null,
        priority: null,
        onMerge: "tracked by #7",
      },
      {
        title: "Warm the cache before a deploy shifts traffic",
        owners: ["dave"],
        due: "Thu 31 Dec 2026",
        priority: "P1",
        onMerge: "**new issue**",
      },
      {
        title: "Document the cache topology",
        owners: [],
        due: "Mon 25 Jan 2027",
        priority: "P3",
        onMerge: "removed: closes #4 as not planned",
      },
    ]);

    // new → the one item create.
    const created = shown.filter((r) => r.onMerge === "**new issue**");
    expect(itemCreates(gh).map((w) => filed(w, []))).toEqual(
      created.map(({ title, owners, due, priority }) => ({ title, owners, due, priority })),
    );
    // tracked → no write to #1.
    expect(issueWrites(gh, 1)).toEqual([]);
    // updates #2 → its PATCH has the row's title, date and priority (assignees untouched).
    const [update] = issueWrites(gh, 2);
    expect(filed(update ?? {}, gh.issues[1]?.assignees.map((a) => a.login) ?? [])).toEqual({
      title: "Drain cache nodes one at a time in the runbook",
      owners: ["dave"],
      due: "Sun 20 Dec 2026",
      priority: "P2",
    });
    // done / removed → closed, as completed / not planned.
    expect(issueWrites(gh, 3)).toEqual([{ state: "closed", state_reason: "completed" }]);
    expect(issueWrites(gh, 4)).toEqual([{ state: "closed", state_reason: "not_planned" }]);
    expect([setUp, previewed, merged]).toEqual([undefined, undefined, undefined]);
  });
});
