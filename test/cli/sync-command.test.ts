/**
 * `postmortem-tracker sync` end to end through `runCli`: a token from the environment, GitHub as
 * the stateful fake, and the exit code, report and writes checked.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";
import { readMarker } from "../../src/core/issue-marker.js";
import { BOT_LOGIN, FakeGitHub, readFixture } from "../helpers/github-mock.js";

const HEAD = "b".repeat(40);
const PATH = "postmortems/2026-11-20-checkout.md";
// Spacing writes 1 s apart is the app's default; the fake needs none.
const ENV = { GITHUB_TOKEN: "ghp_test", LOG_LEVEL: "silent", WRITE_INTERVAL_MS: "0" };

async function run(argv: string[], env: CliIo["env"] = ENV) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    today: () => "2026-11-26",
    env,
  };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

/** A repository whose default branch holds the seed postmortem, changed six days ago. */
function repositoryWithSeed(): FakeGitHub {
  const github = new FakeGitHub()
    .config(null)
    .repository()
    .branchHead(HEAD)
    .tree(HEAD, [PATH, "postmortems/TEMPLATE.md", "README.md"])
    .lastCommit(PATH, HEAD, "2026-11-20T08:00:00Z")
    .file(PATH, HEAD, readFixture("seed.md"))
    .issueList();
  return github;
}

describe("postmortem-tracker sync", () => {
  it("files the missing items of the default branch's postmortems, then finds nothing to do", async () => {
    const github = repositoryWithSeed().tokenUser(BOT_LOGIN).lock().issueCreate().labelUpdate();

    const first = await run(["sync", "--repo", "acme/infra"]);

    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toBe(
      [
        "acme/infra: 1 postmortem(s)",
        `  ${PATH}: create 5; created 5, updated 0, closed 0, writes 9`,
      ].join("\n"),
    );
    // Under the repository lock: 5 items, the new labels recoloured once, the tracking issue.
    expect(github.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /repos/acme/infra/labels",
      "POST /repos/acme/infra/issues",
      // GitHub auto-created these grey with the first issue; they get their colours once.
      "PATCH /repos/acme/infra/labels/postmortem-action",
      "PATCH /repos/acme/infra/labels/priority: P2",
      ...Array<string>(4).fill("POST /repos/acme/infra/issues"),
      "POST /repos/acme/infra/issues",
      "PATCH /repos/acme/infra/labels/postmortem",
      "DELETE /repos/acme/infra/labels/postmortem-tracker-lock",
    ]);
    const items = github.issues.filter((i) => readMarker(i.body, "item")?.path === PATH);
    expect(items).toHaveLength(5);
    // No PR and no owner in the document: nobody to assign, and the body says so.
    expect(items.every((i) => i.assignees.length === 0)).toBe(true);
    expect(github.issues.filter((i) => readMarker(i.body, "tracking")?.path === PATH)).toHaveLength(
      1,
    );

    github.clearRequests();
    const again = await run(["sync", "--repo", "acme/infra"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${PATH}: keep 5; created 0, updated 0, closed 0, writes 0`);
    expect(github.writes()).toEqual([]);
  });

  it("--all reconciles every repository of every installation, with the app's credentials", async () => {
    const privateKey = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
    }).privateKey;
    const github = repositoryWithSeed()
      .appIdentity()
      .installationList()
      .installationToken()
      .installationRepos();

    const result = await run(["sync", "--all", "--dry-run"], {
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      LOG_LEVEL: "silent",
      WRITE_INTERVAL_MS: "0",
    });

    expect(result).toEqual({
      code: 0,
      stdout: [
        "acme/infra: 1 postmortem(s) (dry run: nothing written)",
        `  ${PATH}: create 5; created 0, updated 0, closed 0, writes 0`,
      ].join("\n"),
      stderr: "",
    });
    // The app's identity comes from GET /app; the archived repository costs no request.
    expect(github.calls().slice(0, 4)).toEqual([
      "GET /app",
      "GET /app/installations",
      "POST /app/installations/1/access_tokens",
      "GET /installation/repositories",
    ]);
    expect(github.writes()).toEqual([]);
  });

  it("--all without the app's credentials says what to set", async () => {
    const result = await run(["sync", "--all"], { GITHUB_TOKEN: "ghp_x", LOG_LEVEL: "silent" });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "--all needs the app's credentials: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH)",
    });
  });

  it("--dry-run reads and reports, and writes nothing", async () => {
    const github = repositoryWithSeed().tokenUser(BOT_LOGIN);

    const result = await run(["sync", "--repo", "acme/infra", "--dry-run"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "acme/infra: 1 postmortem(s) (dry run: nothing written)",
        `  ${PATH}: create 5; created 0, updated 0, closed 0, writes 0`,
      ].join("\n"),
    );
    expect(github.writes()).toEqual([]);
  });

  it.each([
    [["sync"], 2, /^usage: postmortem-tracker sync \(--repo OWNER\/NAME \| --all\)/],
    [["sync", "--repo", "acme/infra", "--all"], 2, /^usage: postmortem-tracker sync/],
    [["sync", "--repo", "acme"], 2, /^usage: postmortem-tracker sync/],
    [["sync", "--repo", "a/b/c"], 2, /^usage: postmortem-tracker sync/],
    [["sync", "--repo", "acme/infra", "--force"], 2, /Unknown option '--force'/],
  ])("refuses %j with exit %d", async (argv, code, message) => {
    const result = await run(argv);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });

  it("says which credentials are missing, and exits 1", async () => {
    const result = await run(["sync", "--repo", "acme/infra"], { LOG_LEVEL: "silent" });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "no GitHub credentials: set GITHUB_TOKEN, or APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH)",
    });
  });
});
