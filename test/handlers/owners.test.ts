import { describe, expect, it } from "vitest";
import { readMarker } from "../../src/core/issue-marker.js";
import {
  deliver,
  FakeGitHub,
  LOCK_LABEL,
  MERGE_SHA,
  pullRequestClosed,
  readFixture,
} from "../helpers/github-mock.js";
import { makeProbot } from "../helpers/probot.js";

/*
 * Owners GitHub will not take as assignees: the issue is still filed, unassigned, and its body
 * says why, so a human can pick it up. One item per fixture, merged in PR #42 by alice.
 */

const PATH = "postmortems/2026-11-20-queue-backlog.md";
const R = "/repos/acme/infra";
const ZWJ = "\u200D";

interface IssueBody {
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
}

/** The repository for a one-item postmortem; routes beyond these are added per case. */
function queueRepo(fixture: string, config: string | null): FakeGitHub {
  return new FakeGitHub()
    .installationToken()
    .appIdentity()
    .config(config)
    .pullFiles(42, [{ filename: PATH, status: "added" }])
    .file(PATH, MERGE_SHA, readFixture(fixture))
    .issueList()
    .lock()
    .issueCreate()
    .labelUpdate()
    .commentList()
    .commentCreate();
}

/** The bodies sent to POST /issues for the action item (the tracking issue excluded). */
function itemCreates(gh: FakeGitHub): IssueBody[] {
  return (gh.bodies("POST", `${R}/issues`) as IssueBody[]).filter((b) =>
    b.labels.includes("postmortem-action"),
  );
}

describe("an owner who cannot be assigned", () => {
  it.each([
    {
      case: "6a. @ghost, whom GET /assignees/ghost answers 404: created unassigned at once",
      fixture: "unassignable-owner.md",
      login: "ghost",
      title: "Add a dead-letter queue for poison messages",
      assignable: false,
      refusedOnCreate: false,
      sent: [[]],
    },
    {
      case: "6b. @bob, whom GET /assignees answers 204 but the create refuses (422 assignees invalid): sent again without assignees",
      fixture: "assignee-rejected.md",
      login: "bob",
      title: "Load-test the consumer before each release",
      assignable: true,
      refusedOnCreate: true,
      sent: [["bob"], []],
    },
  ])("$case", async ({ fixture, login, title, assignable, refusedOnCreate, sent }) => {
    const { probot } = await makeProbot();
    const gh = queueRepo(fixture, null).assigneeCheck();
    if (assignable) gh.assignable.add(login);
    if (refusedOnCreate) gh.rejectedOnCreate.add(login);

    const failure = await deliver(probot, pullRequestClosed());

    const checks = gh.requests.filter((r) => r.path.startsWith(`${R}/assignees/`));
    expect(checks.map((r) => [r.path, r.status])).toEqual([
      [`${R}/assignees/${login}`, assignable ? 204 : 404],
    ]);
    const creates = itemCreates(gh);
    expect(creates.map((c) => c.assignees)).toEqual(sent);
    expect(creates.map((c) => c.title)).toEqual(sent.map(() => title));
    const statuses = gh.requests
      .filter((r) => r.method === "POST" && r.path === `${R}/issues`)
      .map((r) => r.status);
    expect(statuses).toEqual([...(refusedOnCreate ? [422] : []), 201, 201]);

    const filed = gh.issuesLabelled("postmortem-action");
    expect(filed).toHaveLength(1);
    expect(filed[0]?.assignees).toEqual([]);
    const body = filed[0]?.body ?? "";
    expect(body).toContain(
      `**Owner:** unassigned — @${ZWJ}${login} cannot be assigned in this repository`,
    );
    expect(readMarker(body, "item")).toMatchObject({ path: PATH, due: "2026-12-26" });
    expect(gh.issuesLabelled("postmortem")).toHaveLength(1);
    expect(gh.labels.has(LOCK_LABEL)).toBe(false);
    expect(failure).toBeUndefined();
  });
});

describe("a team owner (@acme/sre)", () => {
  it("7a. with no accountable person in config: filed unassigned, the body asks the team for one, no assignability check", async () => {
    const { probot } = await makeProbot();
    // No assignee route: a team is no login, so the app must not ask GET /assignees about it.
    const gh = queueRepo("team-owner.md", null);

    const failure = await deliver(probot, pullRequestClosed());

    expect(gh.requests.filter((r) => r.path.includes("/assignees/"))).toEqual([]);
    const creates = itemCreates(gh);
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({
      title: "Document the consumer rollback runbook",
      assignees: [],
    });
    expect(creates[0]?.body).toContain(
      "**Owner:** unassigned — team @acme/sre has no accountable person — please assign someone",
    );
    expect(failure).toBeUndefined();
  });

  it("7b. with `teams: { acme/sre: sam }` in .github/postmortem-tracker.yml: assigned to sam", async () => {
    const { probot } = await makeProbot();
    // The repository has the file, so Probot reads no fallback from acme/.github.
    const gh = queueRepo("team-owner.md", "teams:\n  acme/sre: sam\n").assigneeCheck();
    gh.assignable.add("sam");

    const failure = await deliver(probot, pullRequestClosed());

    expect(gh.calls()).toContain(`GET ${R}/assignees/sam`);
    expect(gh.calls()).not.toContain(
      "GET /repos/acme/.github/contents/.github/postmortem-tracker.yml",
    );
    const creates = itemCreates(gh);
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({
      title: "Document the consumer rollback runbook",
      assignees: ["sam"],
    });
    expect(creates[0]?.body).toContain("**Owner:** @sam\n");
    expect(gh.issuesLabelled("postmortem-action")[0]?.assignees).toEqual([{ login: "sam" }]);
    expect(failure).toBeUndefined();
  });
});
