/**
 * The one rule for which issues and comments are the tracker's, and how the tracker's issues are
 * found whoever filed them. GitHub is the stateful fake; every request is counted.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/parse-config.js";
import { renderMarker } from "../../src/core/issue-marker.js";
import { listTrackerIssues } from "../../src/github/list-tracker-issues.js";
import { keepTrusted, makeAuthorTrust, TrustUnknownError } from "../../src/github/tracker-trust.js";
import { BOT_LOGIN, FakeGitHub } from "../helpers/github-mock.js";
import { makeClient, REPO } from "./test-client.js";
import { permissionJson } from "../helpers/github-json.js";

const R = "/repos/acme/infra";
const ITEM = renderMarker({
  v: 1,
  kind: "item",
  path: "pm/a.md",
  key: "k1",
  due: "2026-12-01",
  priority: "P2",
});

describe("makeAuthorTrust", () => {
  it.each([
    ["an app's bot", { author: BOT_LOGIN, authorType: "Bot" }, null, true],
    ["the Actions bot", { author: "github-actions[bot]", authorType: "Bot" }, null, true],
    ["another app's bot", { author: "renovate[bot]", authorType: "Bot" }, null, true],
    ["an admin", { author: "ada", authorType: "User" }, "admin", true],
    ["a maintainer", { author: "mia", authorType: "User" }, "maintain", true],
    ["a writer", { author: "wes", authorType: "User" }, "write", true],
    ["a triager", { author: "tia", authorType: "User" }, "triage", false],
    ["a reader", { author: "rea", authorType: "User" }, "read", false],
    ["a stranger (404)", { author: "sam", authorType: "User" }, undefined, false],
  ])("%s: %s", async (_who, author, role, trusted) => {
    const github = new FakeGitHub();
    if (author.authorType === "User") github.collaboratorPermission();
    if (typeof role === "string") github.roles.set(author.author, role);
    const trust = makeAuthorTrust(makeClient(), REPO, null);

    expect(await trust.trusts(author)).toBe(trusted);
    // Bots need no lookup; each person is asked once, however often they are met.
    expect(await trust.trusts(author)).toBe(trusted);
    const lookups = github.calls().filter((c) => c.endsWith("/permission"));
    expect(lookups).toEqual(
      author.authorType === "Bot" ? [] : [`GET ${R}/collaborators/${author.author}/permission`],
    );
  });

  it.each([
    ["a deleted account", { author: "ghost", authorType: "User" }],
    ["an organization", { author: "acme", authorType: "Organization" }],
    ["a mannequin", { author: "imported", authorType: "Mannequin" }],
  ])("%s is never trusted, without a request", async (_who, author) => {
    const github = new FakeGitHub();
    const trust = makeAuthorTrust(makeClient(), REPO, null);
    expect(await trust.trusts(author)).toBe(false);
    expect(github.requests).toEqual([]);
  });

  it("fails with TrustUnknownError naming the author when the role cannot be read, and asks again next time", async () => {
    const github = new FakeGitHub();
    const trust = makeAuthorTrust(makeClient(), REPO, null);
    const { default: nock } = await import("nock");
    nock("https://api.github.com")
      .get(`${R}/collaborators/dave/permission`)
      .reply(403, { message: "Resource not accessible by integration" })
      .get(`${R}/collaborators/dave/permission`)
      .reply(200, permissionJson("dave", "write"));

    const failure: unknown = await trust
      .trusts({ author: "dave", authorType: "User" })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TrustUnknownError);
    expect((failure as Error).message).toBe(
      "cannot tell whether @dave's issues in acme/infra are the tracker's: GitHub did not give their role (403 Resource not accessible by integration); the credentials need the \"Metadata: read\" permission",
    );
    expect(await trust.trusts({ author: "dave", authorType: "User" })).toBe(true);
    expect(github.requests).toEqual([]);
  });

  it("reads its own login only when asked, once", async () => {
    let reads = 0;
    const trust = makeAuthorTrust(makeClient(), REPO, () => {
      reads += 1;
      return Promise.resolve("mia");
    });
    expect(reads).toBe(0);
    expect(await trust.self()).toBe("mia");
    expect(await trust.self()).toBe("mia");
    expect(reads).toBe(1);
  });

  it("keepTrusted keeps the order and drops the untrusted", async () => {
    const github = new FakeGitHub().collaboratorPermission();
    github.roles.set("mia", "maintain");
    const trust = makeAuthorTrust(makeClient(), REPO, null);
    const kept = await keepTrusted(trust, [
      { id: 1, author: "mallory", authorType: "User" },
      { id: 2, author: "mia", authorType: "User" },
      { id: 3, author: "github-actions[bot]", authorType: "Bot" },
      { id: 4, author: "mia", authorType: "User" },
    ]);
    expect(kept.map((k) => k.id)).toEqual([2, 3, 4]);
    expect(github.calls()).toEqual([
      `GET ${R}/collaborators/mallory/permission`,
      `GET ${R}/collaborators/mia/permission`,
    ]);
  });
});

describe("listTrackerIssues", () => {
  const config = defaultConfig();

  function marked(github: FakeGitHub, author: string, labels: string[], body = ITEM) {
    return github.addIssue({
      title: `by ${author}`,
      body: `x\n${body}`,
      labels,
      assignees: [],
      author,
    });
  }

  it("finds the tracker's issues whoever filed them, and only those", async () => {
    const github = new FakeGitHub().issueList().collaboratorPermission();
    github.roles.set("mia", "maintain");
    github.roles.set("mallory", "read");
    const byApp = marked(github, BOT_LOGIN, ["postmortem-action"]);
    const byActions = marked(github, "github-actions[bot]", ["postmortem-action"]);
    const byMia = marked(github, "mia", ["postmortem"]);
    const forged = marked(github, "mallory", ["postmortem-action"]);
    // Filed by the Actions token, then someone removed its label: found through its author.
    const unlabelled = marked(github, "github-actions[bot]", []);
    github.addIssue({
      title: "no marker",
      body: "plain",
      labels: ["postmortem-action"],
      assignees: [],
    });

    const issues = await listTrackerIssues({
      client: makeClient(),
      repo: REPO,
      trust: makeAuthorTrust(makeClient(), REPO, BOT_LOGIN),
      config,
    });

    expect(issues.map((i) => i.number)).toEqual(
      [byApp, byActions, byMia, unlabelled].map((i) => i.number),
    );
    expect(issues.some((i) => i.number === forged.number)).toBe(false);
    const lists = github.requests.filter((r) => r.path === `${R}/issues`).map((r) => r.query);
    expect(lists).toEqual([
      { labels: "postmortem-action", state: "all", per_page: "100" },
      { labels: "postmortem", state: "all", per_page: "100" },
      { creator: BOT_LOGIN, state: "all", per_page: "100" },
      { creator: "github-actions[bot]", state: "all", per_page: "100" },
      { creator: "mia", state: "all", per_page: "100" },
    ]);
  });

  it("with no login of its own (an installation or Actions token), lists by label and by trusted filers", async () => {
    const github = new FakeGitHub().issueList();
    marked(github, "github-actions[bot]", ["postmortem-action"]);

    const issues = await listTrackerIssues({
      client: makeClient(),
      repo: REPO,
      trust: makeAuthorTrust(makeClient(), REPO, null),
      config,
    });

    expect(issues).toHaveLength(1);
    expect(github.requests.map((r) => r.query.labels ?? `creator:${r.query.creator}`)).toEqual([
      "postmortem-action",
      "postmortem",
      "creator:github-actions[bot]",
    ]);
  });

  it("fails with TrustUnknownError rather than answer without an author it cannot judge", async () => {
    const github = new FakeGitHub().issueList();
    marked(github, "dave", ["postmortem-action"]);
    const { default: nock } = await import("nock");
    nock("https://api.github.com")
      .get(`${R}/collaborators/dave/permission`)
      .reply(403, { message: "Resource not accessible by integration" });

    await expect(
      listTrackerIssues({
        client: makeClient(),
        repo: REPO,
        trust: makeAuthorTrust(makeClient(), REPO, null),
        config,
      }),
    ).rejects.toBeInstanceOf(TrustUnknownError);
  });
});
