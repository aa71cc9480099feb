/** The gateway reads and writes the digest adds: issues by number, comment deletes, installations. */
import nock from "nock";
import { describe, expect, it } from "vitest";
import { deleteComment, listInstallationRepos, readIssue } from "../../src/github/gateway.js";
import { FakeGitHub } from "../helpers/github-mock.js";
import { API, makeClient, REPO } from "../github/test-client.js";

describe("readIssue", () => {
  it("reads an issue, and gives null for one that is gone or is a pull request", async () => {
    const github = new FakeGitHub().issueRead();
    const human = github.addIssue({
      title: "Flaky deploys",
      body: null,
      labels: [],
      assignees: ["erin"],
      author: "erin",
    });
    github.addIssue({ title: "A PR", body: null, labels: [], assignees: [] }).pull_request = {
      url: "x",
    };
    const client = makeClient();

    expect(await readIssue(client, REPO, human.number)).toMatchObject({
      number: 1,
      title: "Flaky deploys",
      author: "erin",
      assignees: ["erin"],
      body: "",
    });
    expect(await readIssue(client, REPO, 2)).toBeNull();
    expect(await readIssue(client, REPO, 99)).toBeNull();
  });

  it("gives null for 410 (deleted) and throws on other failures", async () => {
    nock(API).get("/repos/acme/infra/issues/5").reply(410, { message: "This issue was deleted" });
    nock(API).get("/repos/acme/infra/issues/6").reply(403, { message: "Forbidden" });
    expect(await readIssue(makeClient(), REPO, 5)).toBeNull();
    await expect(readIssue(makeClient(), REPO, 6)).rejects.toThrow("Forbidden");
  });
});

describe("deleteComment", () => {
  it("deletes, and counts a comment already gone as deleted", async () => {
    const github = new FakeGitHub().commentDelete();
    const comment = github.addComment(1, "x", "2026-11-30T10:00:00Z");
    await deleteComment(makeClient(), REPO, comment.id);
    await deleteComment(makeClient(), REPO, comment.id);
    expect(github.comments).toEqual([]);
    expect(github.requests.map((r) => r.status)).toEqual([204, 404]);
  });
});

describe("listInstallationRepos", () => {
  it("flattens the repositories envelope, marks archived ones read-only and keeps pushed_at", async () => {
    new FakeGitHub().installationRepos();
    const listed = { defaultBranch: "main", pushedAt: "2026-11-26T10:00:00Z", openIssues: 0 };
    expect(await listInstallationRepos(makeClient())).toEqual([
      {
        owner: "acme",
        repo: "infra",
        url: "https://github.com/acme/infra",
        readOnly: false,
        ...listed,
      },
      {
        owner: "acme",
        repo: "old-infra",
        url: "https://github.com/acme/old-infra",
        readOnly: true,
        ...listed,
      },
    ]);
  });
});
