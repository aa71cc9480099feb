import { describe, expect, it } from "vitest";
import {
  deliver,
  FakeGitHub,
  MERGE_SHA,
  pullRequestClosed,
  readFixture,
} from "../helpers/github-mock.js";
import { makeProbot } from "../helpers/probot.js";

/* Deliveries that must file nothing: a bad config, no postmortem, no merge, a dry run. */

const PATH = "postmortems/2026-05-01-outage.md";
const R = "/repos/acme/infra";
/**
 * The tracker's issues (by the items' label, by the tracking label, by the app's login); the
 * first listing in a process also learns the app's login for the creator query (cached).
 */
const LISTS_LEARNING_LOGIN = [`GET ${R}/issues`, `GET ${R}/issues`, "GET /app", `GET ${R}/issues`];
const TOKEN = "POST /app/installations/1/access_tokens";
const CONFIG = `GET ${R}/contents/.github/postmortem-tracker.yml`;
const ZWJ = "\u200D";
const OWNER_CONFIG = "GET /repos/acme/.github/contents/.github/postmortem-tracker.yml";

describe("nothing is filed", () => {
  it("8. an invalid config (deadlines.P1: -3): one PR comment naming deadlines.P1, no lock, no issue — 5 requests, 1 write", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .config("deadlines:\n  P1: -3\n")
      .pullFiles(42, [{ filename: PATH, status: "added" }])
      .commentList()
      .commentCreate();

    const failure = await deliver(probot, pullRequestClosed());

    expect(gh.calls()).toEqual([
      TOKEN,
      `GET ${R}/pulls/42/files`,
      CONFIG,
      // A bot's comment is the tracker's without knowing which bot runs: no GET /app.
      `GET ${R}/issues/42/comments`,
      `POST ${R}/issues/42/comments`,
    ]);
    expect(gh.writes()).toHaveLength(1);
    const comment = (gh.bodies("POST", `${R}/issues/42/comments`) as { body: string }[])[0];
    expect(comment?.body).toContain("deadlines.P1");
    expect(comment?.body).toContain("Nothing was filed.");
    expect(gh.issues).toEqual([]);
    expect(gh.labels.size).toBe(0);
    expect(failure).toBeUndefined();
  });

  it("8b. unreadable YAML: the PR comment names the file, the problem and its line, never an API URL", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()

      .config("paths: [postmortems/**\ndigest: {\n")
      .pullFiles(42, [{ filename: PATH, status: "added" }])
      .commentList()
      .commentCreate();

    const failure = await deliver(probot, pullRequestClosed());

    const comment = (gh.bodies("POST", `${R}/issues/42/comments`) as { body: string }[])[0];
    expect(comment?.body).toMatch(/invalid YAML: .* at line 2, column \d+/);
    expect(comment?.body).not.toMatch(/https?:\/\/api\.github\.com/);
    expect(gh.issues).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it("11. a merged template (postmortems/TEMPLATE.md, docs/postmortem-template.md): PR files and config only — 4 requests, no write", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .config(null)
      .pullFiles(42, [
        { filename: "postmortems/TEMPLATE.md", status: "added" },
        { filename: "docs/postmortem-template.md", status: "added" },
      ]);

    const failure = await deliver(probot, pullRequestClosed());

    expect(gh.calls()).toEqual([TOKEN, `GET ${R}/pulls/42/files`, CONFIG, OWNER_CONFIG]);
    expect(gh.writes()).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it.each([
    {
      case: "12a. a pull request closed without merging",
      delivery: () => pullRequestClosed({ merged: false, mergedAt: null }),
    },
    {
      case: "12b. a merge into a branch other than the default (release/2026.11)",
      delivery: () => pullRequestClosed({ baseRef: "release/2026.11" }),
    },
  ])("$case: no request at all", async ({ delivery }) => {
    const { probot } = await makeProbot();
    // No route at all: any request would be unmatched and fail the nock guard.
    const gh = new FakeGitHub();

    const failure = await deliver(probot, delivery());

    expect(gh.requests).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it("13. a dry run (dryRun: true): no lock, no issue write; one PR comment saying it is a dry run, listing the 5 items it would file", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .config("dryRun: true\n")
      .pullFiles(42, [{ filename: PATH, status: "added" }])
      .file(PATH, MERGE_SHA, readFixture("seed.md"))
      .issueList()
      .assigneeCheck()
      .commentList()
      .commentCreate();

    const failure = await deliver(probot, pullRequestClosed());

    expect(gh.calls()).toEqual([
      TOKEN,
      `GET ${R}/pulls/42/files`,
      CONFIG,
      `GET ${R}/contents/${PATH}`,
      ...LISTS_LEARNING_LOGIN,
      // A preview asks who can be assigned, as the real run would (see 13b).
      `GET ${R}/assignees/alice`,
      `GET ${R}/issues/42/comments`,
      `POST ${R}/issues/42/comments`,
    ]);
    expect(gh.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${R}/issues/42/comments`,
    ]);
    const comment = (gh.bodies("POST", `${R}/issues/42/comments`) as { body: string }[])[0];
    const body = comment?.body ?? "";
    expect(body).toContain("Dry run");
    expect(body.match(/^\| — \| /gm)).toHaveLength(5);
    expect(body).not.toContain("Tracking issue");
    expect(gh.issues).toEqual([]);
    expect(gh.labels.size).toBe(0);
    expect(failure).toBeUndefined();
  });

  it("13b. the dry-run preview names alice as the owner it would assign, as the real run would (it asks GET /assignees/alice like the real run)", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .config("dryRun: true\n")
      .pullFiles(42, [{ filename: PATH, status: "added" }])
      .file(PATH, MERGE_SHA, readFixture("seed.md"))
      .issueList()
      .assigneeCheck()
      .commentList()
      .commentCreate();
    gh.assignable.add("alice");

    const failure = await deliver(probot, pullRequestClosed());

    const comment = (gh.bodies("POST", `${R}/issues/42/comments`) as { body: string }[])[0];
    const rows = (comment?.body ?? "").match(/^\| — \| .*$/gm) ?? [];
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toContain(` | @${ZWJ}alice | Sat 26 Dec 2026 | P2 |`);
    expect(comment?.body).not.toContain("cannot be assigned");
    expect(gh.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${R}/issues/42/comments`,
    ]);
    expect(failure).toBeUndefined();
  });
});
