import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";
import { hourOf } from "../../src/jobs/quiet-repositories.js";
import {
  isInstallationsAccountFault,
  LocalGitHub,
  type RecordedRequest,
} from "../local-github/index.js";
import { movableClock } from "./movable-clock.js";

/*
 * `digest --all --due-only --state FILE`, run hourly by cron: each run is a new process with a
 * new installation token, so no ETag helps (GitHub binds them to the token); the state file
 * carries what the last run learnt. Against the local GitHub, the CLI in-process.
 */

const CONFIG = ".github/postmortem-tracker.yml";
/** Monday of 2026-W49, after the digest's default hour (09:00 UTC). */
const HOURS = ["2026-11-30T10:00:00Z", "2026-11-30T11:00:00Z", "2026-11-30T12:00:00Z"];
const REPOS = ["api", "web", "tools"];

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function organisation() {
  const clock = movableClock("2026-11-30T09:30:00Z");
  const gh = await LocalGitHub.start({ clock });
  const dir = mkdtempSync(join(tmpdir(), "pmt-state-"));
  cleanup = async () => {
    await gh.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const repos = REPOS.map((name) =>
    gh.state.createRepository({
      owner: "acme",
      name,
      files: {
        "README.md": `# ${name}\n`,
        ...(name === "tools" ? { [CONFIG]: "digest:\n  enabled: false\n" } : {}),
      },
    }),
  );
  gh.state.installApp("acme", repos, { repositorySelection: "all" });
  const env = {
    GITHUB_API_URL: `${gh.url}/api/v3`,
    GITHUB_SERVER_URL: "https://github.com",
    APP_ID: String(gh.app.id),
    PRIVATE_KEY: gh.app.privateKey,
    LOG_LEVEL: "silent",
    WRITE_INTERVAL_MS: "0",
  };
  const state = join(dir, "sweep.json");
  /** One cron run at `at` (a new process: a new token), and what it asked GitHub. */
  const digest = async (at: string, ...extra: string[]) => {
    clock.jumpTo(at);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CliIo = {
      stdout: (text) => stdout.push(text),
      stderr: (text) => stderr.push(text),
      today: () => at.slice(0, 10),
      env,
    };
    const from = gh.requests.length;
    const code = await runCli(
      ["digest", "--all", "--due-only", "--now", at, "--state", state, ...extra],
      io,
    );
    const asked = gh.requests
      .slice(from)
      .filter((r: RecordedRequest) => r.caller !== "app")
      .map((r) => `${r.method} ${r.path}`);
    return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n"), asked };
  };
  return { gh, repos, state, digest };
}

describe("digest --all --due-only --state FILE", { timeout: 60_000 }, () => {
  it("an hour later reads only the listing, and reads again a repository whose listing moved", async () => {
    // None of the three is in its own hour of the day (read in any case) at 10, 11 or 12 UTC.
    expect(REPOS.map((r) => hourOf(`acme/${r}`)).filter((h) => [10, 11, 12].includes(h))).toEqual(
      [],
    );
    const { gh, repos, digest } = await organisation();

    const first = await digest(HOURS[0] ?? "");
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout.split("\n")).toEqual([
      "acme/api, week 2026-W49: nothing tracked, nothing posted",
      "acme/web, week 2026-W49: nothing tracked, nothing posted",
      "acme/tools: digest disabled in the config",
    ]);
    // The listing, three configs, acme/.github's once, three lists in each bare repository.
    expect(first.asked).toHaveLength(1 + 3 + 1 + 2 * 3);
    expect(first.asked.filter((r) => r.includes("/acme/.github/"))).toHaveLength(1);

    const second = await digest(HOURS[1] ?? "");
    expect(second).toMatchObject({
      code: 0,
      stdout: "acme/tools: digest disabled in the config",
      stderr: "",
    });
    expect(second.asked).toEqual(["GET /installation/repositories"]);

    // An issue opened in acme/web: its open-issue count moves, so it is read again.
    const web = repos[1];
    if (web === undefined) throw new Error("no acme/web");
    gh.state.createIssue(web, { author: "alice", title: "Flaky deploy" });
    const third = await digest(HOURS[2] ?? "");
    expect(third.stdout.split("\n")).toEqual([
      "acme/web, week 2026-W49: nothing tracked, nothing posted",
      "acme/tools: digest disabled in the config",
    ]);
    expect(third.asked).toEqual([
      "GET /installation/repositories",
      ...Array<string>(3).fill("GET /repos/acme/web/issues"),
    ]);
    gh.assertNoViolations(isInstallationsAccountFault);
  });

  it("a state file that is not one is reported, the run reads everything, and the file is replaced", async () => {
    const { gh, state, digest } = await organisation();
    writeFileSync(state, '{"v": 1, "settled": 3}');

    const run = await digest(HOURS[0] ?? "");

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^--state .*sweep\.json: not a sweep state of this version \(settled: .*\); this run reads every repository and replaces it$/,
    );
    expect(run.asked).toHaveLength(1 + 3 + 1 + 2 * 3);
    expect(JSON.parse(readFileSync(state, "utf8"))).toMatchObject({ v: 1 });
    expect((await digest(HOURS[1] ?? "")).asked).toEqual(["GET /installation/repositories"]);
    gh.assertNoViolations(isInstallationsAccountFault);
  });

  it.each([
    [["digest", "--all", "--state", "s.json"]],
    [["digest", "--repo", "acme/api", "--due-only", "--state", "s.json"]],
  ])("%j is refused: --state needs --all --due-only", async (argv) => {
    const stderr: string[] = [];
    const code = await runCli(argv, {
      stdout: () => undefined,
      stderr: (text) => stderr.push(text),
      today: () => "2026-11-30",
      env: { LOG_LEVEL: "silent" },
    });
    expect(code).toBe(2);
    expect(stderr.join("\n")).toContain("--state: only with --all --due-only");
  });
});
