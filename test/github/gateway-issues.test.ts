import nock from "nock";
import { describe, expect, it } from "vitest";
import { GitHubWriteError, isUnassignableError } from "../../src/github/errors.js";
import {
  addSubIssue,
  canBeAssigned,
  closeIssue,
  createIssue,
  listIssuesBy,
  updateIssue,
} from "../../src/github/gateway-issues.js";
import { validationFailedJson } from "../helpers/github-json.js";
import {
  API,
  issueJson,
  makeClient,
  makeRetryingClient,
  nextLink,
  REPO,
  REPO_ID_PATH,
} from "./test-client.js";

const NEW_ISSUE = {
  title: "Add a circuit breaker to the payments client",
  body: "From the 2026-11-01 postmortem.",
  labels: ["postmortem-action", "P1"],
  assignees: ["alice"],
};

describe("listIssuesBy", () => {
  it("lists by label across pages, drops pull requests and keeps who wrote each issue", async () => {
    nock(API)
      .get("/repos/acme/infra/issues")
      .query({ labels: "postmortem-action", state: "all", per_page: "100" })
      .reply(
        200,
        [issueJson(1), issueJson(2, { pull_request: { url: "https://api.github.com/pulls/2" } })],
        nextLink(`${REPO_ID_PATH}/issues?labels=postmortem-action&page=2`),
      )
      .get(`${REPO_ID_PATH}/issues`)
      .query({ labels: "postmortem-action", page: "2" })
      .reply(200, [
        issueJson(3, {
          state: "closed",
          state_reason: "not_planned",
          closed_at: "2026-11-05T00:00:00Z",
          assignees: [],
          labels: ["postmortem-action"],
          user: null,
          body: null,
        }),
      ]);

    const issues = await listIssuesBy(makeClient(), REPO, { label: "postmortem-action" });

    expect(issues.map((issue) => issue.number)).toEqual([1, 3]);
    expect(issues[0]).toEqual({
      number: 1,
      id: 1001,
      title: "Issue 1",
      body: "Body 1",
      state: "open",
      stateReason: null,
      assignees: ["alice"],
      labels: ["postmortem-action"],
      author: "postmortem-tracker[bot]",
      authorType: "Bot",
      url: "https://github.com/acme/infra/issues/1",
      createdAt: "2026-11-01T10:00:00Z",
      updatedAt: "2026-11-01T10:00:00Z",
      closedAt: null,
    });
    // A deleted account is "ghost", a User: no role lookup vouches for it.
    expect(issues[1]).toMatchObject({
      state: "closed",
      stateReason: "not_planned",
      closedAt: "2026-11-05T00:00:00Z",
      assignees: [],
      author: "ghost",
      authorType: "User",
      body: "",
    });
  });

  it("lists by creator", async () => {
    nock(API)
      .get("/repos/acme/infra/issues")
      .query({ creator: "github-actions[bot]", state: "all", per_page: "100" })
      .reply(200, [
        issueJson(4, { user: { login: "github-actions[bot]", id: 41898282, type: "Bot" } }),
      ]);

    const issues = await listIssuesBy(makeClient(), REPO, { creator: "github-actions[bot]" });
    expect(issues.map((i) => [i.number, i.author, i.authorType])).toEqual([
      [4, "github-actions[bot]", "Bot"],
    ]);
  });
});

describe("createIssue", () => {
  it("sends title, body, labels and assignees and returns the issue with label colours", async () => {
    nock(API)
      .post("/repos/acme/infra/issues", NEW_ISSUE)
      .reply(
        201,
        issueJson(12, {
          title: NEW_ISSUE.title,
          body: NEW_ISSUE.body,
          labels: [
            { name: "postmortem-action", color: "d73a4a" },
            { name: "P1", color: "ededed" },
          ],
        }),
      );

    const created = await createIssue(makeClient(), REPO, NEW_ISSUE);

    expect(created).toMatchObject({
      number: 12,
      id: 1012,
      title: NEW_ISSUE.title,
      labels: ["postmortem-action", "P1"],
      labelColors: { "postmortem-action": "d73a4a", P1: "ededed" },
    });
  });

  it("is sent exactly once on a 502 even with retries on, and the outcome is unknown", async () => {
    nock(API).post("/repos/acme/infra/issues", NEW_ISSUE).reply(502, { message: "Bad Gateway" });

    const error = await createIssue(makeRetryingClient(), REPO, NEW_ISSUE).catch((e: unknown) => e);

    // A second POST would find no interceptor, and the global nock guard would fail the test.
    expect(error).toBeInstanceOf(GitHubWriteError);
    expect(error).toMatchObject({ status: 502, outcome: "unknown", outcomeUnknown: true });
  });

  it("(control) the same client does retry a create that does not opt out", async () => {
    nock(API)
      .post("/repos/acme/infra/issues", NEW_ISSUE)
      .reply(502, { message: "Bad Gateway" })
      .post("/repos/acme/infra/issues", NEW_ISSUE)
      .reply(201, issueJson(12));

    const client = makeRetryingClient(1);
    const { status } = await client.rest.issues.create({ ...REPO, ...NEW_ISSUE });
    expect(status).toBe(201);
  });

  it("treats a network failure as an unknown outcome", async () => {
    nock(API).post("/repos/acme/infra/issues", NEW_ISSUE).replyWithError("socket hang up");

    await expect(createIssue(makeRetryingClient(), REPO, NEW_ISSUE)).rejects.toMatchObject({
      name: "GitHubWriteError",
      status: 500,
      outcome: "unknown",
    });
  });

  it("reports an unassignable assignee as a rejected 422 that isUnassignableError detects", async () => {
    nock(API)
      .post("/repos/acme/infra/issues", NEW_ISSUE)
      .reply(
        422,
        validationFailedJson({
          resource: "Issue",
          field: "assignees",
          code: "invalid",
          message: "assignees alice cannot be assigned to this issue",
        }),
      );

    const error = await createIssue(makeClient(), REPO, NEW_ISSUE).catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 422, outcome: "rejected", outcomeUnknown: false });
    expect(isUnassignableError(error)).toBe(true);
  });

  it("does not mistake another 422 for an unassignable assignee", async () => {
    nock(API)
      .post("/repos/acme/infra/issues", NEW_ISSUE)
      .reply(
        422,
        validationFailedJson({
          resource: "Issue",
          field: "title",
          code: "custom",
          message: "title is too long",
        }),
      );

    const error = await createIssue(makeClient(), REPO, NEW_ISSUE).catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 422, outcome: "rejected" });
    expect(isUnassignableError(error)).toBe(false);
  });
});

describe("updateIssue and closeIssue", () => {
  it("sends only the fields in the patch, with state_reason in GitHub's spelling", async () => {
    nock(API)
      .patch("/repos/acme/infra/issues/5", {
        title: "New title",
        state: "open",
        state_reason: "reopened",
        assignees: [],
      })
      .reply(200, issueJson(5, { title: "New title", assignees: [] }));

    const issue = await updateIssue(makeClient(), REPO, 5, {
      title: "New title",
      state: "open",
      stateReason: "reopened",
      assignees: [],
    });
    expect(issue).toMatchObject({ number: 5, title: "New title", assignees: [] });
  });

  it("closes as not planned", async () => {
    nock(API)
      .patch("/repos/acme/infra/issues/5", { state: "closed", state_reason: "not_planned" })
      .reply(200, issueJson(5, { state: "closed", state_reason: "not_planned" }));

    const issue = await closeIssue(makeClient(), REPO, 5, "not_planned");
    expect(issue).toMatchObject({ state: "closed", stateReason: "not_planned" });
  });

  it("wraps a failure in GitHubWriteError", async () => {
    nock(API)
      .patch("/repos/acme/infra/issues/5", { state: "closed", state_reason: "completed" })
      .reply(410, { message: "This issue was deleted" });

    await expect(closeIssue(makeClient(), REPO, 5, "completed")).rejects.toMatchObject({
      name: "GitHubWriteError",
      status: 410,
      outcome: "rejected",
    });
  });
});

describe("canBeAssigned", () => {
  it("is true on 204", async () => {
    nock(API).get("/repos/acme/infra/assignees/alice").reply(204);
    expect(await canBeAssigned(makeClient(), REPO, "alice")).toBe(true);
  });

  it("is false on 404", async () => {
    nock(API).get("/repos/acme/infra/assignees/mallory").reply(404, { message: "Not Found" });
    expect(await canBeAssigned(makeClient(), REPO, "mallory")).toBe(false);
  });

  it("throws on other errors rather than guessing", async () => {
    nock(API).get("/repos/acme/infra/assignees/alice").reply(500, { message: "Server Error" });
    await expect(canBeAssigned(makeClient(), REPO, "alice")).rejects.toMatchObject({
      status: 500,
    });
  });
});

describe("addSubIssue", () => {
  it("sends the child's id, not its number", async () => {
    nock(API)
      .post("/repos/acme/infra/issues/3/sub_issues", { sub_issue_id: 1012 })
      .reply(201, issueJson(3));

    await addSubIssue(makeClient(), REPO, 3, 1012);
  });
});
