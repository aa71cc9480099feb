import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readMarker } from "../../src/core/issue-marker.js";
import {
  LocalGitHub,
  startApp,
  WebhookSender,
  type Issue,
  type Repository,
  type RunningApp,
} from "../local-github/index.js";
import type { Installation } from "../local-github/state.js";
import type { WebhookEvent } from "../local-github/webhooks.js";
import { movableClock, type MovableClock } from "./movable-clock.js";
import { machineEnv } from "./reliability/child-app.js";

/*
 * The GitHub Action as the runner runs it (issue 12): `node` on the file action.yml names, in a
 * child process, with the Actions environment (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH holding a
 * webhook payload of the real shape, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, INPUT_*) and an Actions
 * token of the local GitHub, which acts as github-actions[bot] on one repository and gets 403 on
 * GET /user.
 *
 * Every clock is pinned: the stand-in's starts on the merge day and jumps to each run's time, and
 * the Action's process runs under faketime at that same instant (its clock is the runner's).
 */

const ROOT = new URL("../../", import.meta.url);
const SECRET = "action-webhook-secret-4be1";
const PATH = "postmortems/2026-05-01-outage.md";
const SEED = readFileSync(new URL("test/fixtures/postmortems/seed.md", ROOT), "utf8");
const ITEMS = 5;
const ACTIONS_BOT = "github-actions[bot]";
const APP_BOT = "postmortem-tracker[bot]";
const CONFIG = ".github/postmortem-tracker.yml";
/** The Action's `config-path` input, when a test gives it. */
const CUSTOM_CONFIG = ".github/pm.yml";
/** The merge day: the seed's P2 items are due 30 days later, on 2026-12-26. */
const MERGED_AT = "2026-11-26T10:00:00Z";

/** libfaketime, which pins the Action's clock; CI installs it (.ci/run), as the runner has a clock. */
const FAKETIME_LIB = "/usr/$LIB/faketime/libfaketime.so.1";
const FAKETIME_FILE = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

let entry = "";
/** Requests per Action run, printed at the end (docs/action.md quotes them). */
const ledger: string[] = [];

afterAll(() => {
  if (ledger.length > 0)
    console.log(`requests per Action run (reads + writes):\n${ledger.join("\n")}`);
});

beforeAll(() => {
  const action = parse(readFileSync(new URL("action.yml", ROOT), "utf8")) as {
    runs: { using: string; main: string };
  };
  expect(action.runs.using).toBe("node24");
  entry = fileURLToPath(new URL(action.runs.main, ROOT));
  if (!existsSync(entry)) throw new Error(`${action.runs.main} missing: npm run build:action`);
});

/**
 * Whether libfaketime is here. CI must have it (.ci/run installs it, and a CI run without it
 * fails); elsewhere the suite is skipped with a loud notice, as the Redis tests are, so that
 * `npm test` on a fresh machine does not fail for want of a Debian package.
 */
function faketimeAvailable(): boolean {
  if (existsSync(FAKETIME_FILE)) return true;
  if (process.env.CI) throw new Error(`no ${FAKETIME_FILE}: CI must install faketime (.ci/run)`);
  console.warn(
    [
      "",
      "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
      "!!  SKIPPING the GitHub Action end-to-end tests: no libfaketime on this machine. !!",
      "!!  Install it (apt-get install -y faketime); CI has it (.ci/run).                !!",
      "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
      "",
    ].join("\n"),
  );
  return false;
}
const HAVE_FAKETIME = faketimeAvailable();

interface World {
  gh: LocalGitHub;
  clock: MovableClock;
  repo: Repository;
  /** The app's installation on acme (for installation tokens, as create-github-app-token mints). */
  installation: Installation;
  hooks: WebhookSender;
  app: RunningApp | null;
  dir: string;
}

let world: World | null = null;

afterEach(async () => {
  const w = world;
  world = null;
  if (w === null) return;
  await w.app?.stop();
  await w.gh.close();
  rmSync(w.dir, { recursive: true, force: true });
});

/** acme/infra with alice (write: she opens the postmortem PRs) and olly (read). */
async function begin(files: Record<string, string> = {}): Promise<World> {
  const clock = movableClock(MERGED_AT);
  const gh = await LocalGitHub.start({ clock });
  const repo = gh.state.createRepository({
    owner: "acme",
    name: "infra",
    files: { "README.md": "# infra\n", ...files },
  });
  gh.state.addCollaborator(repo, "alice", "write");
  gh.state.addCollaborator(repo, "olly", "read");
  const installation = gh.state.installApp("acme", [repo]);
  const hooks = new WebhookSender(gh.state, { url: "http://127.0.0.1:9/unused", secret: SECRET });
  const dir = mkdtempSync(join(tmpdir(), "pmt-action-"));
  world = { gh, clock, repo, installation, hooks, app: null, dir };
  return world;
}

interface ActionRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  /** Requests the run made that change something. */
  writes: string[];
  requests: number;
}

/**
 * Runs the Action once for `event` at `at` (the stand-in's clock jumps there first), with a fresh
 * Actions token unless `token` is given, and reads back its outputs and job summary.
 */
async function runAction(
  w: World,
  event: WebhookEvent,
  at: string,
  options: { token?: string; inputs?: Record<string, string> } = {},
): Promise<ActionRun> {
  if (Date.parse(at) > w.clock.now().getTime()) w.clock.jumpTo(at);
  const eventPath = join(w.dir, "event.json");
  const outputPath = join(w.dir, "output");
  const summaryPath = join(w.dir, "summary.md");
  writeFileSync(eventPath, JSON.stringify(event.payload));
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  const inputs = {
    token: options.token ?? w.gh.issueActionsToken(w.repo),
    "dry-run": "false",
    backfill: "false",
    ...options.inputs,
  };
  const machine = Object.fromEntries(
    Object.entries(machineEnv()).filter(([name]) => !name.startsWith("FAKETIME")),
  );
  const requestsBefore = w.gh.requests.length;
  const child = spawn(process.execPath, [entry], {
    cwd: w.dir,
    env: {
      ...machine,
      // The runner's clock, pinned: the Action reads the time as a runner would give it.
      TZ: "UTC",
      LD_PRELOAD: FAKETIME_LIB,
      FAKETIME: `@${at.replace("T", " ").replace(/(\.\d+)?Z$/, "")}`,
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: "acme/infra",
      GITHUB_API_URL: `${w.gh.url}/api/v3`,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_WORKSPACE: w.dir,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_RUN_ID: "4711",
      // The stand-in needs no second between writes; GitHub gets the guidance's 1000 ms.
      WRITE_INTERVAL_MS: "5",
      ...Object.fromEntries(
        Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
      ),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  clearTimeout(timer);
  const recorded = w.gh.requests.slice(requestsBefore);
  const writes = recorded.filter((r) => r.method !== "GET").length;
  const action = typeof event.payload.action === "string" ? `.${event.payload.action}` : "";
  ledger.push(
    `  ${event.name}${action}: ${String(recorded.length - writes)} + ${String(writes)} (exit ${String(code)})`,
  );
  return {
    code,
    stdout,
    outputs: readOutputs(readFileSync(outputPath, "utf8")),
    summary: readFileSync(summaryPath, "utf8"),
    writes: recorded.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`),
    requests: recorded.length,
  };
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<DELIMITER`, the value, `DELIMITER`. */
function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(pattern)) outputs[m[1] ?? ""] = m[3] ?? "";
  return outputs;
}

/** alice opens a PR with the postmortem and merges it (squash); nobody hears of it yet. */
function mergePostmortem(w: World, text = SEED, path = PATH): { pr: number; push: WebhookEvent } {
  const before = w.repo.branches.get("main") ?? "";
  const pr = openPostmortemPull(w, text, path);
  w.gh.state.mergePullRequest(w.repo, pr, { by: "alice", method: "squash" });
  return { pr, push: w.hooks.push(w.repo, { before, pusher: "alice" }) };
}

function openPostmortemPull(w: World, text = SEED, path = PATH): number {
  return w.gh.state.openPullRequest(w.repo, {
    author: "alice",
    title: "Postmortem of the May 1 outage",
    branch: `postmortem-${String(w.repo.nextNumber)}`,
    changes: { [path]: text },
  }).number;
}

function labelsOf(w: World, issue: Issue): string[] {
  return issue.labelIds.map((id) => w.repo.labels.get(id)?.name ?? `#${String(id)}`);
}

function issuesOnly(w: World): Issue[] {
  return [...w.repo.issues.values()].filter((i) => i.pullNumber === null);
}

function items(w: World): Issue[] {
  return issuesOnly(w).filter((i) => readMarker(i.body, "item") !== null);
}

function trackingIssues(w: World): Issue[] {
  return issuesOnly(w).filter((i) => readMarker(i.body, "tracking") !== null);
}

/** Everything a run must not change without a reason. */
function snapshot(w: World): unknown {
  return {
    issues: issuesOnly(w).map((i) => [
      i.number,
      i.title,
      i.body,
      i.state,
      i.updatedAt,
      i.user.login,
    ]),
    comments: [...w.repo.comments.values()].map((c) => [c.id, c.body, c.updatedAt]),
    checkRuns: w.repo.checkRuns.size,
  };
}

describe.skipIf(!HAVE_FAKETIME)(
  "the Action, run as the runner runs it",
  { timeout: 120_000 },
  () => {
    it("push of a merge: files the 5 items once, assigned to the PR's author; the same event again writes nothing", async () => {
      const w = await begin();
      const { pr, push } = mergePostmortem(w);

      const first = await runAction(w, push, "2026-11-26T10:05:00Z");

      expect(first.code, first.stdout).toBe(0);
      const filed = items(w);
      expect(filed).toHaveLength(ITEMS);
      expect(filed.every((i) => i.user.login === ACTIONS_BOT)).toBe(true);
      expect(filed.every((i) => i.assignees.map((a) => a.login).join() === "alice")).toBe(true);
      expect(trackingIssues(w)).toHaveLength(1);
      // The PR's summary comment, found through GET /commits/{sha}/pulls as the app finds it.
      const summaries = [...w.repo.comments.values()].filter((c) => c.issueNumber === pr);
      expect(summaries.map((c) => c.user.login)).toEqual([ACTIONS_BOT]);
      expect(first.outputs).toMatchObject({ filed: "5", updated: "0", closed: "0" });
      expect((JSON.parse(first.outputs.issues ?? "[]") as number[]).sort()).toEqual(
        filed.map((i) => i.number).sort(),
      );
      expect(first.summary).toMatch(/\| Postmortem \| Planned \| Filed \|/);
      expect(first.summary).toContain(
        `https://github.com/acme/infra/issues/${String(filed[0]?.number)}`,
      );
      expect(first.stdout).toContain("::group::postmortem-tracker: push on acme/infra");
      const before = snapshot(w);

      const again = await runAction(w, push, "2026-11-26T10:20:00Z");

      expect(again.code, again.stdout).toBe(0);
      expect(again.writes).toEqual([]);
      expect(again.outputs).toMatchObject({ filed: "0", updated: "0", closed: "0", issues: "[]" });
      expect(snapshot(w)).toEqual(before);
      w.gh.assertNoViolations();
    });

    it.each<{ file: string; inputs: Record<string, string> }>([
      { file: CONFIG, inputs: {} },
      { file: CUSTOM_CONFIG, inputs: { "config-path": CUSTOM_CONFIG } },
    ])(
      "an invalid config ($file): an error annotation on its line, exit 1, nothing filed",
      async ({ file, inputs }) => {
        const w = await begin({
          [file]: "label:\n  name: postmortem-action\ndigest:\n  hour: 31\n",
        });
        const { push } = mergePostmortem(w);

        const run = await runAction(w, push, "2026-11-26T10:05:00Z", { inputs });

        expect(run.code).toBe(1);
        const escaped = file.replace(/[./]/g, (c) => `\\${c}`);
        expect(run.stdout).toMatch(
          new RegExp(`^::error (title=[^,]*,)?file=${escaped},line=4::digest\\.hour: Too big`, "m"),
        );
        expect(run.writes).toEqual([]);
        expect(issuesOnly(w)).toEqual([]);
        expect(run.outputs.filed).toBe("0");
        w.gh.assertNoViolations();
      },
    );

    it("config-path: the Action reads its own file (incidents/, label pm-item), not the app's .github/postmortem-tracker.yml", async () => {
      const incident = "incidents/2026-05-01-outage.md";
      const w = await begin({
        [CUSTOM_CONFIG]: 'paths: ["incidents/**/*.md"]\nlabel:\n  name: pm-item\n',
        // The app's file, invalid: were it read, the run would fail and file nothing.
        [CONFIG]: "digest:\n  hour: 31\n",
      });
      const { push } = mergePostmortem(w, SEED, incident);

      const run = await runAction(w, push, "2026-11-26T10:05:00Z", {
        inputs: { "config-path": CUSTOM_CONFIG },
      });

      expect(run.code, run.stdout).toBe(0);
      const filed = items(w);
      expect(filed).toHaveLength(ITEMS);
      expect(filed.map((i) => readMarker(i.body, "item")?.path)).toEqual(
        Array<string>(ITEMS).fill(incident),
      );
      expect(filed.every((i) => labelsOf(w, i).includes("pm-item"))).toBe(true);
      expect([...w.repo.labels.values()].map((l) => l.name)).not.toContain("postmortem-action");
      expect(run.outputs.filed).toBe("5");
      expect(run.stdout).not.toMatch(/^::error/m);
      w.gh.assertNoViolations();
    });

    it.each([
      ["../shared/pm.yml", "must stay inside the repository: no .. segment"],
      ["/etc/pm.yml", "must be relative to the repository's root, not absolute"],
      [".github/pm.json", "must name a YAML file (.yml or .yaml)"],
    ])("config-path %j: one ::error:: line saying why, exit 1, no request", async (path, why) => {
      const w = await begin();
      const { push } = mergePostmortem(w);

      const run = await runAction(w, push, "2026-11-26T10:05:00Z", {
        inputs: { "config-path": path },
      });

      expect(run.code).toBe(1);
      expect(run.stdout.split("\n")).toContain(`::error::input config-path: "${path}" ${why}`);
      expect(run.requests).toBe(0);
      expect(issuesOnly(w)).toEqual([]);
    });

    it("pull_request.opened: the preview as a check run by GitHub Actions, and the same table in the job summary", async () => {
      const w = await begin();
      const pr = openPostmortemPull(w);

      const run = await runAction(
        w,
        w.hooks.pullRequest(w.repo, pr, "opened"),
        "2026-11-25T12:00:00Z",
      );

      expect(run.code, run.stdout).toBe(0);
      const runs = [...w.repo.checkRuns.values()];
      expect(runs.map((r) => [r.name, r.app?.slug, r.headSha])).toEqual([
        ["Postmortem action items", "github-actions", w.repo.pulls.get(pr)?.head.sha],
      ]);
      const checkSummary = runs[0]?.output.summary ?? "";
      expect(checkSummary).not.toBe("");
      expect(run.summary).toContain(checkSummary.trim());
      expect(issuesOnly(w)).toEqual([]);
      w.gh.assertNoViolations();
    });

    it("dry-run: a preview goes to the job summary only, and a slash command is not run", async () => {
      const w = await begin();
      const pr = openPostmortemPull(w);
      const dryRun = { inputs: { "dry-run": "true" } };

      const preview = await runAction(
        w,
        w.hooks.pullRequest(w.repo, pr, "opened"),
        "2026-11-25T12:00:00Z",
        dryRun,
      );
      const issue = w.gh.state.createIssue(w.repo, { author: "alice", title: "Rotate the keys" });
      const comment = w.gh.state.addComment(w.repo, issue.number, "alice", "/due 2026-12-20");
      const command = await runAction(
        w,
        w.hooks.issueComment(w.repo, comment.id),
        "2026-11-25T12:05:00Z",
        dryRun,
      );

      for (const run of [preview, command]) {
        expect(run.code, run.stdout).toBe(0);
        expect(run.writes).toEqual([]);
      }
      expect(preview.summary).toMatch(/^### .*\n\n[\s\S]*\| /);
      expect(w.repo.checkRuns.size).toBe(0);
      expect(command.summary).toContain("dry run: a slash command is not run");
      expect(command.requests).toBe(0);
      w.gh.assertNoViolations();
    });

    it("pull_request with a token that may not create check runs (a personal token): the preview in one PR comment, not posted twice", async () => {
      const w = await begin();
      w.gh.state.addCollaborator(w.repo, "maggie", "maintain");
      const pr = openPostmortemPull(w);
      const token = w.gh.issuePersonalToken("maggie");

      const opened = await runAction(
        w,
        w.hooks.pullRequest(w.repo, pr, "opened"),
        "2026-11-25T12:00:00Z",
        { token },
      );
      const again = await runAction(
        w,
        w.hooks.pullRequest(w.repo, pr, "synchronize"),
        "2026-11-25T12:30:00Z",
        { token },
      );

      for (const run of [opened, again]) expect(run.code, run.stdout).toBe(0);
      expect(opened.stdout).toMatch(/^::warning::this token may not create check runs/m);
      expect(w.repo.checkRuns.size).toBe(0);
      const comments = [...w.repo.comments.values()];
      expect(comments.map((c) => [c.issueNumber, c.user.login])).toEqual([[pr, "maggie"]]);
      expect(again.writes.filter((r) => r.startsWith("POST") && r.endsWith("/comments"))).toEqual(
        [],
      );
      expect(opened.summary).toContain("the preview is also in a comment on the pull request");
      w.gh.assertNoViolations();
    });

    it("a push with a token that may not write issues: one line names the missing permission, exit 1", async () => {
      const w = await begin();
      const { push } = mergePostmortem(w);

      const run = await runAction(w, push, "2026-11-26T10:05:00Z", {
        token: w.gh.issueActionsToken(w.repo, { readOnly: true }),
      });

      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^::error::GitHub refused \(403\): the workflow's permissions: block most likely lacks "issues: write"/m,
      );
      expect(items(w)).toEqual([]);
      w.gh.assertNoViolations();
    });

    it("pull_request from a fork (read-only token): the preview in the job summary only, a warning, exit 0, no write", async () => {
      const w = await begin();
      const pr = openPostmortemPull(w);
      const event = w.hooks.pullRequest(w.repo, pr, "opened");
      const head = (event.payload.pull_request as { head: { repo: Record<string, unknown> } }).head;
      head.repo = { ...head.repo, full_name: "mallory/infra", name: "infra", fork: true };

      const run = await runAction(w, event, "2026-11-25T12:00:00Z", {
        token: w.gh.issueActionsToken(w.repo, { readOnly: true }),
      });

      expect(run.code, run.stdout).toBe(0);
      expect(run.writes).toEqual([]);
      expect(run.stdout).toMatch(
        /^::warning::This pull request comes from a fork \(mallory\/infra\)/m,
      );
      expect(run.summary).toContain("GITHUB_TOKEN is read-only");
      expect(run.summary).toContain("| ");
      expect(w.repo.checkRuns.size).toBe(0);
      expect(w.repo.comments.size).toBe(0);
      w.gh.assertNoViolations();
    });

    it("schedule: the digest at the config's local day and hour (Monday 09:00 in Auckland), one comment that week, edited when its figures change", async () => {
      const w = await begin({
        [CONFIG]: "digest:\n  day: monday\n  hour: 9\n  timezone: Pacific/Auckland\n",
      });
      const { push } = mergePostmortem(w);
      expect((await runAction(w, push, "2026-11-26T10:05:00Z")).code).toBe(0);
      const schedule = { name: "schedule", payload: { schedule: "17 * * * *" } };

      // Sunday 19:17 UTC is Monday 08:17 in Auckland: not yet.
      const early = await runAction(w, schedule, "2027-01-03T19:17:00Z");
      // An hour later it is 09:17 there: due, ten days after the deadlines.
      const due = await runAction(w, schedule, "2027-01-03T20:17:00Z");
      const comments = () =>
        [...w.repo.comments.values()].filter((c) => readMarker(c.body, "digest-week") !== null);
      const posted = comments()[0]?.body;
      // Two days on, the items are two days more overdue: the same comment is edited.
      const later = await runAction(w, schedule, "2027-01-05T10:17:00Z");
      const edited = comments()[0]?.body;
      // Half an hour on, still the same local day in Auckland: nothing changed, nothing is written.
      const quiet = await runAction(w, schedule, "2027-01-05T10:47:00Z");

      for (const run of [early, due, later, quiet]) expect(run.code, run.stdout).toBe(0);
      expect(early.writes).toEqual([]);
      expect(due.writes.filter((r) => r.startsWith("POST"))).not.toEqual([]);
      expect(later.writes).toEqual([
        expect.stringMatching(/^PATCH \/repos\/acme\/infra\/issues\/comments\/\d+$/),
      ]);
      expect(edited).not.toBe(posted);
      expect(quiet.writes).toEqual([]);
      const digests = comments();
      expect(digests).toHaveLength(1);
      expect(digests[0]?.user.login).toBe(ACTIONS_BOT);
      expect(readMarker(digests[0]?.body, "digest-week")?.week).toBe("2027-W01");
      expect(digests[0]?.body).toContain(`**${String(ITEMS)} overdue**`);
      expect(due.summary).toContain(`**${String(ITEMS)} overdue**`);
      w.gh.assertNoViolations();
    });

    it("issue_comment: a slash command from a read-only user is refused, once", async () => {
      const w = await begin();
      const { push } = mergePostmortem(w);
      expect((await runAction(w, push, "2026-11-26T10:05:00Z")).code).toBe(0);
      const [item] = items(w);
      if (item === undefined) throw new Error("nothing filed");
      const body = item.body;
      const comment = w.gh.state.addComment(w.repo, item.number, "olly", "/snooze 2w");
      const event = w.hooks.issueComment(w.repo, comment.id);

      const run = await runAction(w, event, "2026-11-27T09:00:00Z");
      const rerun = await runAction(w, event, "2026-11-27T09:10:00Z");

      expect(run.code, run.stdout).toBe(0);
      expect(rerun.code, rerun.stdout).toBe(0);
      expect(item.body).toBe(body);
      const replies = [...w.repo.comments.values()].filter(
        (c) => c.issueNumber === item.number && c.id !== comment.id,
      );
      expect(replies.map((c) => c.user.login)).toEqual([ACTIONS_BOT]);
      expect(comment.reactions.map((r) => [r.content, r.user.login])).toEqual([
        ["confused", ACTIONS_BOT],
      ]);
      expect(rerun.writes).toEqual([]);
      expect(run.summary).toContain("refused");
      w.gh.assertNoViolations();
    });

    it("issue_comment with an app's installation token: the command runs once, and a re-run of the same event writes nothing", async () => {
      const w = await begin();
      const { push } = mergePostmortem(w);
      expect((await runAction(w, push, "2026-11-26T10:05:00Z")).code).toBe(0);
      const [item] = items(w);
      if (item === undefined) throw new Error("nothing filed");
      expect(readMarker(item.body, "item")?.due).toBe("2026-12-26");
      // alice is the item's assignee: she may snooze it.
      const comment = w.gh.state.addComment(w.repo, item.number, "alice", "/snooze 1w");
      const event = w.hooks.issueComment(w.repo, comment.id);
      // What actions/create-github-app-token hands the workflow: it acts as postmortem-tracker[bot]
      // and, like GITHUB_TOKEN, gets 403 on GET /user, so the run cannot learn its own login.
      const token = () => w.gh.issueInstallationToken(w.installation);

      const run = await runAction(w, event, "2026-11-27T09:00:00Z", { token: token() });
      const snoozed = item.body;
      // "Re-run jobs": the same event, a new token of the same installation.
      const rerun = await runAction(w, event, "2026-11-27T09:10:00Z", { token: token() });

      expect(run.code, run.stdout).toBe(0);
      expect(rerun.code, rerun.stdout).toBe(0);
      expect(readMarker(snoozed, "item")?.due).toBe("2027-01-02");
      expect(run.writes).toContain(`PATCH /repos/acme/infra/issues/${String(item.number)}`);
      expect(comment.reactions.map((r) => [r.content, r.user.login, r.user.type])).toEqual([
        ["+1", APP_BOT, "Bot"],
      ]);
      expect(rerun.writes).toEqual([]);
      expect(item.body).toBe(snoozed);
      expect(rerun.summary).not.toContain("applied");
      w.gh.assertNoViolations();
    });

    it("issues.closed: the item is ticked in its tracking issue", async () => {
      const w = await begin();
      const { push } = mergePostmortem(w);
      expect((await runAction(w, push, "2026-11-26T10:05:00Z")).code).toBe(0);
      const [item] = items(w);
      if (item === undefined) throw new Error("nothing filed");
      w.clock.jumpTo("2026-12-01T09:00:00Z");
      item.state = "closed";
      item.stateReason = "completed";
      item.closedAt = w.gh.state.nowIso();
      item.updatedAt = item.closedAt;

      const run = await runAction(
        w,
        w.hooks.issues(w.repo, item.number, "closed", "alice"),
        "2026-12-01T09:01:00Z",
      );

      expect(run.code, run.stdout).toBe(0);
      expect(trackingIssues(w)[0]?.body).toMatch(
        new RegExp(`- \\[x\\] #${String(item.number)}\\b`),
      );
      w.gh.assertNoViolations();
    });

    it("workflow_dispatch: dry-run plans and writes nothing; then a backfill files the 5 items", async () => {
      const w = await begin();
      const { push } = mergePostmortem(w);
      const dispatch = w.hooks.build("workflow_dispatch", null, {
        inputs: { backfill: true, "dry-run": true },
        ref: "refs/heads/main",
        workflow: ".github/workflows/postmortem-tracker.yml",
        repository: push.payload.repository,
        sender: push.payload.sender,
      });

      const dry = await runAction(w, dispatch, "2027-03-01T08:00:00Z", {
        inputs: { "dry-run": "true", backfill: "true" },
      });
      expect(dry.code, dry.stdout).toBe(0);
      expect(dry.writes).toEqual([]);
      expect(dry.summary).toContain("dry run: nothing written");
      expect(dry.summary).toContain(`| \`${PATH}\` | create 5 |`);

      const real = await runAction(w, dispatch, "2027-03-01T08:05:00Z", {
        inputs: { backfill: "true" },
      });
      expect(real.code, real.stdout).toBe(0);
      expect(items(w)).toHaveLength(ITEMS);
      expect(real.outputs.filed).toBe("5");
      w.gh.assertNoViolations();
    });
  },
);

describe.skipIf(!HAVE_FAKETIME)(
  "the app and the Action on one repository",
  { timeout: 120_000 },
  () => {
    it("the app filed the items; the Action's push run files nothing again", async () => {
      const w = await begin();
      const app = await startApp(w.gh, { webhookSecret: SECRET });
      w.app = app;
      const hooks = new WebhookSender(w.gh.state, {
        url: app.webhookUrl,
        secret: SECRET,
        settle: () => app.idle(),
      });
      const { pr, push } = mergePostmortem(w);
      expect((await hooks.deliver(hooks.pullRequest(w.repo, pr, "closed"))).status).toBe(200);
      expect(items(w).every((i) => i.user.login === APP_BOT)).toBe(true);
      expect(items(w)).toHaveLength(ITEMS);
      const before = snapshot(w);

      const run = await runAction(w, push, "2026-11-26T10:05:00Z");

      expect(run.code, run.stdout).toBe(0);
      expect(run.writes).toEqual([]);
      expect(snapshot(w)).toEqual(before);
      w.gh.assertNoViolations();
    });

    it("the Action filed the items; the app, told of the merge later, files nothing again", async () => {
      const w = await begin();
      const { pr, push } = mergePostmortem(w);
      expect((await runAction(w, push, "2026-11-26T10:05:00Z")).code).toBe(0);
      expect(items(w)).toHaveLength(ITEMS);
      const before = snapshot(w);
      const app = await startApp(w.gh, { webhookSecret: SECRET });
      w.app = app;
      const hooks = new WebhookSender(w.gh.state, {
        url: app.webhookUrl,
        secret: SECRET,
        settle: () => app.idle(),
      });

      expect((await hooks.deliver(hooks.pullRequest(w.repo, pr, "closed"))).status).toBe(200);

      expect(snapshot(w)).toEqual(before);
      expect(items(w).every((i) => i.user.login === ACTIONS_BOT)).toBe(true);
      w.gh.assertNoViolations();
    });
  },
);
