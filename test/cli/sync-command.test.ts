/**
 * `postmortem-tracker sync` end to end through `runCli`: a token from the environment, GitHub as
 * the stateful fake, and the exit code, report and writes checked.
 */
import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";
import { readMarker, renderMarker } from "../../src/core/issue-marker.js";
import { API, FakeGitHub, readFixture } from "../helpers/github-mock.js";

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

/**
 * A repository whose default branch holds the seed postmortem, changed six days ago: committed
 * straight to the branch, or merged by `pull`.
 */
function repositoryWithSeed(
  pull: { number: number; author: string; mergedAt: string } | null = null,
): FakeGitHub {
  const github = new FakeGitHub()
    .config(null)
    .repository()
    .branchHead(HEAD)
    .tree(HEAD, [PATH, "postmortems/TEMPLATE.md", "README.md"])
    .lastCommit(PATH, HEAD, "2026-11-20T08:00:00Z")
    .commitPulls(HEAD, pull === null ? [] : [pull])
    .file(PATH, HEAD, readFixture("seed.md"))
    .issueList();
  return github;
}

const itemsOf = (github: FakeGitHub) =>
  github.issues.filter((i) => readMarker(i.body, "item")?.path === PATH);

describe("postmortem-tracker sync", () => {
  it("files the missing items of a postmortem committed without a PR, unassigned and saying why, then finds nothing to do", async () => {
    const github = repositoryWithSeed().integrationToken().lock().issueCreate().labelUpdate();

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
    const items = itemsOf(github);
    expect(items).toHaveLength(5);
    // No PR and no owner in the document: nobody to assign, and the body says so.
    expect(items.every((i) => i.assignees.length === 0)).toBe(true);
    expect(items[0]?.body).toContain(
      "committed without a pull request whose author could own it — please assign someone",
    );
    expect(github.issues.filter((i) => readMarker(i.body, "tracking")?.path === PATH)).toHaveLength(
      1,
    );

    github.clearRequests();
    const again = await run(["sync", "--repo", "acme/infra"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${PATH}: keep 5; created 0, updated 0, closed 0, writes 0`);
    expect(github.writes()).toEqual([]);
  });

  it("gives unowned items to the author of the PR that merged the postmortem, as the merge does", async () => {
    const github = repositoryWithSeed({
      number: 42,
      author: "alice",
      mergedAt: "2026-11-20T08:00:00Z",
    })
      .integrationToken("github-actions[bot]")
      .lock()
      .assigneeCheck()
      .issueCreate()
      .labelUpdate()
      .commentList()
      .commentCreate();
    github.assignable.add("alice");

    const result = await run(["sync", "--repo", "acme/infra"]);

    expect(result).toMatchObject({ code: 0, stderr: "" });
    const items = itemsOf(github);
    expect(items.map((i) => i.assignees.map((a) => a.login))).toEqual(Array(5).fill(["alice"]));
    // Filed by the Actions token: the issues are github-actions[bot]'s.
    expect(items.every((i) => i.user.login === "github-actions[bot]")).toBe(true);
    expect(readMarker(github.issues.at(-1)?.body ?? "", "tracking")).toMatchObject({ pr: 42 });
  });

  describe.each([
    ["an installation token of the app", (g: FakeGitHub) => g.integrationToken()],
    ["the Actions GITHUB_TOKEN", (g: FakeGitHub) => g.integrationToken("github-actions[bot]")],
    [
      "a maintainer's personal token",
      (g: FakeGitHub) => {
        g.roles.set("mia", "maintain");
        return g.personalToken("mia");
      },
    ],
  ])("with %s, after the app filed the items", (_kind, useToken) => {
    /** The app's installation filed the seed's items and tracking issue on an earlier run. */
    async function filedByTheApp(github: FakeGitHub): Promise<void> {
      github.integrationToken().lock().issueCreate().labelUpdate();
      const first = await run(["sync", "--repo", "acme/infra"]);
      expect(first.code).toBe(0);
      expect(itemsOf(github)).toHaveLength(5);
      github.clearRequests();
    }

    it("recognises every issue: nothing filed, nothing written", async () => {
      const github = repositoryWithSeed();
      await filedByTheApp(github);
      const before = structuredClone(github.issues);
      useToken(github);

      const again = await run(["sync", "--repo", "acme/infra"]);

      expect(again).toMatchObject({ code: 0, stderr: "" });
      expect(again.stdout).toContain(`${PATH}: keep 5; created 0, updated 0, closed 0, writes 0`);
      expect(github.writes()).toEqual([]);
      expect(github.issues).toEqual(before);
    });

    it("ignores an outsider's issue carrying a copy of a real item's marker", async () => {
      const github = repositoryWithSeed();
      await filedByTheApp(github);
      useToken(github).issueUpdate().collaboratorPermission().roles.set("mallory", "read");
      const real = itemsOf(github)[0];
      if (real === undefined) throw new Error("the app filed nothing");
      const forged = github.addIssue({
        title: "Please close me",
        body: real.body,
        labels: ["postmortem-action"],
        assignees: [],
        author: "mallory",
      });
      // The real issue is gone from the list (deleted by an admin): only the forgery carries
      // the marker, so the item must be filed again, and the forgery left alone.
      github.issues.splice(github.issues.indexOf(real), 1);

      const result = await run(["sync", "--repo", "acme/infra"]);

      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(result.stdout).toContain(`${PATH}: create 1, keep 4; created 1`);
      expect(forged.state).toBe("open");
      expect(forged.body).toBe(real.body);
      expect(github.writes().some((w) => w.path.endsWith(`/issues/${forged.number}`))).toBe(false);
    });
  });

  it("stops with a clear message, writing nothing, when an author's role cannot be read", async () => {
    const github = new FakeGitHub()
      .config(null)
      .repository()
      .branchHead(HEAD)
      .tree(HEAD, [PATH])
      .issueList()
      .integrationToken("github-actions[bot]");
    github.addIssue({
      title: "Add alerting",
      body: `x\n${renderMarker({ v: 1, kind: "item", path: PATH, key: "k", due: "2026-12-01", priority: "P2" })}`,
      labels: ["postmortem-action"],
      assignees: [],
      author: "dave",
    });
    nock(API)
      .get("/repos/acme/infra/collaborators/dave/permission")
      .reply(403, { message: "Resource not accessible by integration", status: "403" });

    const result = await run(["sync", "--repo", "acme/infra"]);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^cannot tell whether @dave's issues in acme\/infra are the tracker's: GitHub did not give their role \(403 Resource not accessible by integration\)/,
    );
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
    const github = repositoryWithSeed().integrationToken();

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

  it("--dry-run on a postmortem merged by a PR writes nothing, not even the dry-run summary on the PR", async () => {
    const github = repositoryWithSeed({
      number: 42,
      author: "alice",
      mergedAt: "2026-11-20T08:00:00Z",
    })
      .integrationToken()
      .assigneeCheck();
    github.assignable.add("alice");

    const result = await run(["sync", "--repo", "acme/infra", "--dry-run"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${PATH}: create 5; created 0, updated 0, closed 0, writes 0`);
    expect(github.writes()).toEqual([]);
  });

  it("--config-path reads that file instead of .github/postmortem-tracker.yml: its paths decide what is a postmortem", async () => {
    const incident = "incidents/2026-11-20-checkout.md";
    const github = new FakeGitHub()
      .config('paths: ["incidents/**/*.md"]\n', ".github/pm.yml")
      .repository()
      .branchHead(HEAD)
      .tree(HEAD, [PATH, incident, "README.md"])
      .lastCommit(incident, HEAD, "2026-11-20T08:00:00Z")
      .commitPulls(HEAD, [])
      .file(incident, HEAD, readFixture("seed.md"))
      .issueList()
      .integrationToken();

    const result = await run([
      "sync",
      "--repo",
      "acme/infra",
      "--dry-run",
      "--config-path",
      ".github/pm.yml",
    ]);

    expect(result).toMatchObject({ code: 0, stderr: "" });
    // postmortems/… matches only the default paths: the custom file's paths replaced them.
    expect(result.stdout).toBe(
      [
        "acme/infra: 1 postmortem(s) (dry run: nothing written)",
        `  ${incident}: create 5; created 0, updated 0, closed 0, writes 0`,
      ].join("\n"),
    );
    expect(github.calls()).toContain("GET /repos/acme/infra/contents/.github/pm.yml");
    expect(github.calls()).not.toContain(
      "GET /repos/acme/infra/contents/.github/postmortem-tracker.yml",
    );
  });

  it.each([
    [["sync"], 2, /^missing option: --repo OWNER\/NAME or --all\n/],
    [["sync", "--repo", "acme/infra", "--all"], 2, /^--repo and --all exclude each other\n/],
    [["sync", "--repo", "acme"], 2, /^--repo must be OWNER\/NAME, got "acme"\n/],
    [["sync", "--repo", "a/b/c"], 2, /^--repo must be OWNER\/NAME, got "a\/b\/c"\n/],
    [["sync", "--repo", "acme/infra", "--force"], 2, /^Unknown option '--force'\n/],
    [
      ["sync", "--repo", "acme/infra", "--config-path", "../shared/pm.yml"],
      2,
      /^--config-path: "\.\.\/shared\/pm\.yml" must stay inside the repository: no \.\. segment\n/,
    ],
  ])("refuses %j with exit %d: one line, then the usage", async (argv, code, message) => {
    const result = await run(argv);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split("\n")[1]).toMatch(
      /^usage: postmortem-tracker sync \(--repo OWNER\/NAME \| --all\)/,
    );
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
