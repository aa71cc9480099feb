/**
 * `postmortem-tracker digest` through `runCli`: credentials from the environment, GitHub as the
 * stateful fake, and the exit code, the report and the writes checked.
 */
import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";
import { API, FakeGitHub } from "../helpers/github-mock.js";
import { seedRepository } from "../jobs/digest-fixture.js";

const ENV = { GITHUB_TOKEN: "ghp_test", LOG_LEVEL: "silent", WRITE_INTERVAL_MS: "0" };
const NOW = "2026-11-30T10:00:00Z";

async function run(argv: string[], env: CliIo["env"] = ENV) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    today: () => "2026-11-30",
    env,
  };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

describe("postmortem-tracker digest", () => {
  it("--dry-run prints this week's comment and writes nothing", async () => {
    const github = new FakeGitHub().integrationToken().config(null).issueListPaged();
    seedRepository(github);

    const result = await run(["digest", "--repo", "acme/infra", "--dry-run", "--now", NOW]);

    expect(result).toMatchObject({ code: 0, stderr: "" });
    const [head, blank, ...body] = result.stdout.split("\n");
    expect([head, blank]).toEqual(["acme/infra, week 2026-W49: dry run, nothing written", ""]);
    expect(body[0]).toBe("## Postmortem action items, week 2026-W49");
    expect(body.join("\n")).toContain("@alice\n- #2 Add alerting on queue depth: 10 days overdue");
    expect(github.writes()).toEqual([]);
  });

  it("--repo posts the digest (creating its issue on first use)", async () => {
    const github = new FakeGitHub()
      .integrationToken()
      .config(null)
      .issueListPaged()
      .lock()
      .issueCreate()
      .labelUpdate()
      .commentCreateAt("2026-11-30T10:00:05Z")
      .commentListSince();
    seedRepository(github);

    const result = await run(["digest", "--repo", "acme/infra", "--now", NOW]);

    expect(result).toEqual({
      code: 0,
      stdout: "acme/infra, week 2026-W49: digest posted",
      stderr: "",
    });
    // The digest issue is created under the repository lock, once in the repository's life.
    expect(github.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      "POST /repos/acme/infra/labels",
      "POST /repos/acme/infra/issues",
      "PATCH /repos/acme/infra/labels/postmortem",
      "DELETE /repos/acme/infra/labels/postmortem-tracker-lock",
      "POST /repos/acme/infra/issues/9/comments",
    ]);
  });

  it.each([
    ["the Actions GITHUB_TOKEN", (g: FakeGitHub) => g.integrationToken("github-actions[bot]")],
    [
      "a maintainer's personal token",
      (g: FakeGitHub) => {
        // The digest issue it creates is mia's: her role is asked once, to trust its marker.
        g.collaboratorPermission().roles.set("mia", "maintain");
        return g.personalToken("mia");
      },
    ],
  ])("with %s, counts the issues the app filed and posts one digest", async (_kind, useToken) => {
    const github = useToken(
      new FakeGitHub()
        .config(null)
        .issueListPaged()
        .lock()
        .issueCreate()
        .labelUpdate()
        .commentCreateAt("2026-11-30T10:00:05Z")
        .commentListSince(),
    );
    seedRepository(github); // filed by the app: postmortem-tracker[bot]

    const first = await run(["digest", "--repo", "acme/infra", "--now", NOW]);
    const again = await run(["digest", "--repo", "acme/infra", "--now", NOW]);

    expect(first).toEqual({
      code: 0,
      stdout: "acme/infra, week 2026-W49: digest posted",
      stderr: "",
    });
    expect(again).toEqual({
      code: 0,
      stdout: "acme/infra, week 2026-W49: this week's digest is up to date",
      stderr: "",
    });
    const posted = github.comments.filter((c) => c.body.includes("week 2026-W49"));
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body).toContain("@alice\n- #2 Add alerting on queue depth: 10 days overdue");
  });

  it("stops with a clear message and posts nothing when an author's role cannot be read", async () => {
    const github = new FakeGitHub()
      .integrationToken("github-actions[bot]")
      .config(null)
      .issueListPaged();
    seedRepository(github);
    github.addIssue({
      title: "Pasted",
      body: github.issues[1]?.body ?? "",
      labels: ["postmortem-action"],
      assignees: [],
      author: "dave",
    });
    nock(API)
      .get("/repos/acme/infra/collaborators/dave/permission")
      .reply(403, { message: "Resource not accessible by integration", status: "403" });

    const result = await run(["digest", "--repo", "acme/infra", "--now", NOW]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^cannot tell whether @dave's issues in acme\/infra are the tracker's/,
    );
    expect(github.writes()).toEqual([]);
  });

  it("--all iterates the installations' repositories with the app's credentials", async () => {
    const privateKey = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
    }).privateKey;
    const github = new FakeGitHub()
      .appIdentity()
      .installationList()
      .installationToken()
      .installationRepos()
      .config("digest:\n  enabled: false\n");

    const result = await run(["digest", "--all", "--now", NOW], {
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      LOG_LEVEL: "silent",
      WRITE_INTERVAL_MS: "0",
    });

    expect(result).toEqual({
      code: 0,
      stdout: "acme/infra: digest disabled in the config",
      stderr: "",
    });
    // The archived repository is skipped without a request.
    expect(github.calls()).toEqual([
      "GET /app",
      "GET /app/installations",
      "POST /app/installations/1/access_tokens",
      "GET /installation/repositories",
      "GET /repos/acme/infra/contents/.github/postmortem-tracker.yml",
    ]);
  });

  it("--due-only leaves a repository alone before its local day and hour", async () => {
    const github = new FakeGitHub().config(
      "digest:\n  day: monday\n  hour: 9\n  timezone: America/New_York\n",
    );

    const result = await run(["digest", "--repo", "acme/infra", "--due-only", "--now", NOW]);

    expect(result).toEqual({
      code: 0,
      stdout: "acme/infra, week 2026-W49: not due yet",
      stderr: "",
    });
    expect(github.writes()).toEqual([]);
  });

  it.each([
    [["digest"]],
    [["digest", "--repo", "acme/infra", "--all"]],
    [["digest", "--repo", "acme"]],
    [["digest", "--repo", "acme/infra", "--now", "next tuesday"]],
  ])("rejects %j with the usage", async (argv) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "usage: postmortem-tracker digest (--repo OWNER/NAME | --all) [--due-only] [--state FILE] [--dry-run] [--now ISO-TIME]",
    );
  });

  it("--all without the app's credentials says what to set", async () => {
    const result = await run(["digest", "--all"], {
      GITHUB_TOKEN: "ghp_test",
      LOG_LEVEL: "silent",
    });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "--all needs the app's credentials: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH)",
    });
  });

  it("prints its usage line in its help", async () => {
    const result = await run(["help", "digest"]);
    expect(result.stdout).toContain(
      "digest (--repo OWNER/NAME | --all) [--due-only] [--state FILE] [--dry-run] [--now ISO-TIME]",
    );
  });
});
