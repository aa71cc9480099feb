import { readFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { readMarker, renderMarker } from "../../src/core/issue-marker.js";
import {
  handled,
  LocalGitHub,
  startApp,
  WebhookSender,
  type Issue,
  type Repository,
  type RunningApp,
} from "../local-github/index.js";
import type { Installation } from "../local-github/state.js";
import { movableClock, type MovableClock } from "./movable-clock.js";
import { builtStartScript, runChildCli } from "./reliability/child-app.js";

/*
 * Exactly once, whatever credential runs it (issue 10): the real app server files a merged
 * postmortem, then the real CLI (`postmortem-tracker sync` and `digest`, the built bin in child
 * processes) runs against the same local GitHub with each kind of credential GitHub issues: the
 * app's own (APP_ID + PRIVATE_KEY), an installation token of the app, the Actions GITHUB_TOKEN
 * and a maintainer's personal token. None may file a second copy, touch the app's issues, post
 * more than one digest a week, or trust a marker that an outsider copied into an issue.
 *
 * Every clock is pinned: the stand-in's starts on the merge day and jumps to each digest's
 * `--now`; sync runs with --backfill where the window would depend on the machine's date.
 */

const SECRET = "matrix-webhook-secret-5d2e71";
const PATH = "postmortems/2026-05-01-outage.md";
const SEED = readFileSync(new URL("../fixtures/postmortems/seed.md", import.meta.url), "utf8");
const ITEMS = 5;
const ITEM_LABEL = "postmortem-action";
/** The merge day: the seed's P2 items are due 30 days later, on 2026-12-26. */
const MERGED_AT = "2026-11-26T10:00:00Z";
/** Two runs in ISO week 2027-W01 (Monday 2027-01-04), after the digest's Monday 09:00 UTC. */
const DIGEST_AT = ["2027-01-05T10:00:00Z", "2027-01-06T15:30:00Z"] as const;
const APP_BOT = "postmortem-tracker[bot]";
const PERMISSION = "GET /repos/{owner}/{repo}/collaborators/{username}/permission";

type Kind = "app credentials" | "installation token" | "Actions token" | "maintainer PAT";
const KINDS: Kind[] = ["app credentials", "installation token", "Actions token", "maintainer PAT"];
/** Who each kind writes as on GitHub. */
const WRITES_AS: Record<Kind, string> = {
  "app credentials": APP_BOT,
  "installation token": APP_BOT,
  "Actions token": "github-actions[bot]",
  "maintainer PAT": "maggie",
};

let script = "";
const logs: string[] = [];

beforeAll(() => {
  // Compiles src/ into a cache when lib/ is older than the sources (see child-app.ts).
  script = builtStartScript();
}, 180_000);

interface World {
  gh: LocalGitHub;
  clock: MovableClock;
  repo: Repository;
  installation: Installation;
  app: RunningApp;
  hooks: WebhookSender;
}

let world: World | null = null;

afterEach(async () => {
  const w = world;
  world = null;
  if (w === null) return;
  await w.app.stop();
  await w.gh.close();
});

/**
 * acme/infra with alice (write: she opens the postmortem PRs), maggie (maintain: her personal
 * token is one of the credentials) and olly (read: the outsider who forges), the app installed
 * and running.
 */
async function begin(): Promise<World> {
  const clock = movableClock(MERGED_AT);
  const gh = await LocalGitHub.start({ clock });
  const repo = gh.state.createRepository({
    owner: "acme",
    name: "infra",
    files: { "README.md": "# infra\n" },
  });
  gh.state.addCollaborator(repo, "alice", "write");
  gh.state.addCollaborator(repo, "maggie", "maintain");
  gh.state.addCollaborator(repo, "olly", "read");
  const installation = gh.state.installApp("acme", [repo]);
  const app = await startApp(gh, { webhookSecret: SECRET });
  const hooks = new WebhookSender(gh.state, {
    url: app.webhookUrl,
    secret: SECRET,
    settle: () => app.idle(),
  });
  world = { gh, clock, repo, installation, app, hooks };
  return world;
}

/** The CLI's environment for `kind`: GitHub's address and one kind of credential, nothing else. */
function cliEnv(w: World, kind: Kind): Record<string, string> {
  const base = {
    // The stand-in's web URLs are github.com's (as in its webhooks); the CLI must agree.
    GITHUB_API_URL: `${w.gh.url}/api/v3`,
    GITHUB_SERVER_URL: "https://github.com",
    WRITE_INTERVAL_MS: "5",
    LOG_LEVEL: "info",
  };
  switch (kind) {
    case "app credentials":
      return { ...base, APP_ID: String(w.gh.app.id), PRIVATE_KEY: w.gh.app.privateKey };
    case "installation token":
      return { ...base, GITHUB_TOKEN: w.gh.issueInstallationToken(w.installation) };
    case "Actions token":
      return { ...base, GITHUB_TOKEN: w.gh.issueActionsToken(w.repo) };
    case "maintainer PAT":
      return { ...base, GITHUB_TOKEN: w.gh.issuePersonalToken("maggie") };
  }
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function cli(w: World, kind: Kind, args: string[]): Promise<CliRun> {
  const lines: string[] = [];
  const { code, stdout } = await runChildCli(script, args, cliEnv(w, kind), lines);
  logs.push(...lines);
  return { code, stdout, stderr: lines.join("\n") };
}

const sync = (w: World, kind: Kind, ...extra: string[]) =>
  cli(w, kind, ["sync", "--repo", "acme/infra", ...extra]);

/** `digest` at `at`; the stand-in's clock first moves there, as GitHub's would be. */
function digest(w: World, kind: Kind, at: string): Promise<CliRun> {
  w.clock.jumpTo(at);
  return cli(w, kind, ["digest", "--repo", "acme/infra", "--now", at]);
}

/** alice opens a PR changing the postmortem, the app hears of it, and she merges it (squash). */
async function mergePostmortem(
  w: World,
  text: string,
  options: { deliver: boolean } = { deliver: true },
): Promise<number> {
  const pr = w.gh.state.openPullRequest(w.repo, {
    author: "alice",
    title: "Postmortem of the May 1 outage",
    branch: `postmortem-${w.repo.nextNumber}`,
    changes: { [PATH]: text },
  });
  if (options.deliver) {
    const opened = await w.hooks.deliver(w.hooks.pullRequest(w.repo, pr.number, "opened"));
    await handled(w.app, opened);
  }
  w.gh.state.mergePullRequest(w.repo, pr.number, { by: "alice", method: "squash" });
  if (options.deliver) {
    const closed = await w.hooks.deliver(w.hooks.pullRequest(w.repo, pr.number, "closed"));
    await handled(w.app, closed);
  }
  return pr.number;
}

function issuesOnly(w: World): Issue[] {
  return [...w.repo.issues.values()].filter((i) => i.pullNumber === null);
}

function labelNames(w: World, i: Issue): string[] {
  return i.labelIds.map((id) => w.repo.labels.get(id)?.name ?? "?").sort();
}

/** Everything about an issue that a run must not change without a reason. */
function snapshot(w: World): Map<number, unknown> {
  return new Map(
    issuesOnly(w).map((i) => [
      i.number,
      {
        title: i.title,
        body: i.body,
        state: i.state,
        stateReason: i.stateReason,
        updatedAt: i.updatedAt,
        user: i.user.login,
        assignees: i.assignees.map((a) => a.login),
        labels: labelNames(w, i),
        comments: [...w.repo.comments.values()].filter((c) => c.issueNumber === i.number).length,
      },
    ]),
  );
}

/** Item issues by key, from the accounts that may file them (never the outsider). */
function itemsByKey(w: World): Map<string, Issue[]> {
  const byKey = new Map<string, Issue[]>();
  for (const i of issuesOnly(w)) {
    const marker = readMarker(i.body, "item");
    if (marker === null || i.user.login === "olly") continue;
    byKey.set(marker.key, [...(byKey.get(marker.key) ?? []), i]);
  }
  return byKey;
}

function trackingIssues(w: World): Issue[] {
  return issuesOnly(w).filter((i) => i.user.login !== "olly" && readMarker(i.body, "tracking"));
}

/**
 * The outsider olly (read access, type User) opens two issues with copies of a real item's
 * marker: an exact copy of its body (GitHub tells the app), and one whose marker names an item
 * the postmortem does not have, which also carries the item label (as if labelled while the app
 * was not listening), so that every listing by label finds it. Trusted, the first would be a
 * duplicate of the item and the second an item to close as removed.
 */
async function forge(w: World): Promise<{ copy: Issue; removed: Issue }> {
  const [real] = [...itemsByKey(w).values()].map((list) => list[0]);
  if (real === undefined) throw new Error("nothing to copy");
  const copy = w.gh.state.createIssue(w.repo, {
    author: "olly",
    title: real.title,
    body: real.body ?? "",
  });
  const opened = await w.hooks.deliver(w.hooks.issues(w.repo, copy.number, "opened", "olly"));
  await handled(w.app, opened);
  const marker = readMarker(real.body, "item");
  if (marker === null) throw new Error("no marker");
  const removed = w.gh.state.createIssue(w.repo, {
    author: "olly",
    title: "Decommission the legacy load balancer",
    body: `Closing this would look like the tracker's doing.\n\n${renderMarker({ ...marker, key: "decommission-the-legacy-load-balancer" })}`,
  });
  const label = w.gh.state.findLabel(w.repo, ITEM_LABEL);
  if (label === undefined) throw new Error("no item label");
  removed.labelIds = [label.id];
  return { copy, removed };
}

function digestComments(w: World) {
  return [...w.repo.comments.values()].filter((c) => readMarker(c.body, "digest-week") !== null);
}

describe("every credential kind: sync and digest after the app filed", { timeout: 120_000 }, () => {
  it.each(KINDS)(
    "%s: two syncs and two digests in one week file nothing, touch nothing, post one digest and ignore forged markers",
    async (kind) => {
      const w = await begin();
      const pr = await mergePostmortem(w, SEED);
      expect(itemsByKey(w).size).toBe(ITEMS);
      expect(trackingIssues(w)).toHaveLength(1);
      const forged = await forge(w);
      const before = snapshot(w);
      const items = [...itemsByKey(w).values()].flat();
      expect(items.every((i) => i.user.login === APP_BOT)).toBe(true);
      expect(items.every((i) => i.assignees.map((a) => a.login).join() === "alice")).toBe(true);

      const syncs = [await sync(w, kind), await sync(w, kind)];
      const digests = [await digest(w, kind, DIGEST_AT[0]), await digest(w, kind, DIGEST_AT[1])];

      for (const run of [...syncs, ...digests]) expect(run.code, run.stderr).toBe(0);
      for (const run of syncs) {
        expect(run.stdout).toContain(`${PATH}:`);
        expect(run.stdout).toMatch(/created 0, updated 0, closed 0, writes 0$/m);
      }
      expect(digests[0]?.stdout).toMatch(/week 2027-W01: digest posted/);
      // A day later the days overdue have changed: the second run edits the same comment.
      expect(digests[1]?.stdout).toMatch(
        /week 2027-W01: this week's digest (edited|is up to date)$/m,
      );

      // No new item or tracking issue: the one new issue is the digest's, opened by its first run.
      const added = issuesOnly(w).filter((i) => !before.has(i.number));
      expect(added.map((i) => [readMarker(i.body, "digest") !== null, i.user.login])).toEqual([
        [true, WRITES_AS[kind]],
      ]);
      // Every issue that was there, the app's and the outsider's, is as it was.
      const after = snapshot(w);
      for (const [number, was] of before) expect(after.get(number), `#${number}`).toEqual(was);
      expect(itemsByKey(w).size).toBe(ITEMS);
      expect(trackingIssues(w)).toHaveLength(1);

      // One digest comment for the week, by this credential, naming the overdue owner.
      const comments = digestComments(w);
      expect(comments).toHaveLength(1);
      const [comment] = comments;
      expect(comment?.user.login).toBe(WRITES_AS[kind]);
      expect(comment?.issueNumber).toBe(added[0]?.number);
      expect(comment?.body).toContain("@alice");
      expect(comment?.body).toContain(`**${ITEMS} overdue**, ${ITEMS} open, 0 done.`);
      for (const item of items) expect(comment?.body).toContain(`#${item.number}`);
      // The forged issues are not counted, adopted or even named.
      for (const f of [forged.copy, forged.removed]) {
        expect(comment?.body).not.toMatch(new RegExp(`#${f.number}\\b`));
        expect(readMarker(added[0]?.body, "digest")?.adopted.map((a) => a.number)).not.toContain(
          f.number,
        );
      }
      expect(w.repo.comments.size).toBe(2); // the PR's summary and the digest
      expect([...w.repo.comments.values()].map((c) => c.issueNumber)).toContain(pr);
      w.gh.assertNoViolations();
    },
  );
});

describe("the other way round: sync files, the app recognises", { timeout: 120_000 }, () => {
  /** The seed with one more action item, as a second PR would add it. */
  const EDITED = SEED.replace(
    "Develop and document incident response procedures",
    "Add a canary stage to the deployment pipeline.\nDevelop and document incident response procedures",
  );

  it.each([
    ["merged while the app heard nothing", "Actions token", "pr"],
    ["committed straight to the default branch", "Actions token", "direct"],
    ["merged while the app heard nothing", "maintainer PAT", "pr"],
  ] as const)(
    "a postmortem %s, filed by sync with the %s, then edited in a merged PR: no second issue",
    async (_, filer, how) => {
      const w = await begin();
      if (how === "pr") await mergePostmortem(w, SEED, { deliver: false });
      else
        w.gh.state.commitToBranch(
          w.repo,
          "main",
          { [PATH]: SEED },
          { message: "Add the postmortem", author: w.gh.state.account("alice") },
        );
      expect(issuesOnly(w)).toEqual([]);

      // --backfill: whether the file is inside the backfill window must not depend on today.
      const filed = await sync(w, filer, "--backfill");

      expect(filed.code, filed.stderr).toBe(0);
      expect(filed.stdout).toMatch(new RegExp(`created ${ITEMS}, updated 0, closed 0`));
      const first = itemsByKey(w);
      expect(first.size).toBe(ITEMS);
      const bySync = [...first.values()].flat();
      expect(bySync.every((i) => i.user.login === WRITES_AS[filer])).toBe(true);
      // The owner of last resort is the author of the PR that brought the file, as on a merge;
      // a direct commit has none, and the issue says so.
      for (const i of bySync) {
        if (how === "pr") expect(i.assignees.map((a) => a.login)).toEqual(["alice"]);
        else {
          expect(i.assignees).toEqual([]);
          expect(i.body).toContain("committed without a pull request whose author could own it");
        }
      }
      const numbers = new Map([...first].map(([key, list]) => [key, list[0]?.number]));

      await mergePostmortem(w, EDITED);

      const after = itemsByKey(w);
      for (const [key, list] of after) expect(list, key).toHaveLength(1);
      for (const [key, number] of numbers) expect(after.get(key)?.[0]?.number, key).toBe(number);
      expect(after.size).toBe(ITEMS + 1);
      const added = [...after.values()].flat().filter((i) => !bySync.includes(i));
      expect(added.every((i) => i.user.login === APP_BOT)).toBe(true);
      expect(trackingIssues(w)).toHaveLength(1);
      w.gh.assertNoViolations();
    },
  );
});

describe("filed with one credential, recognised by every other", { timeout: 120_000 }, () => {
  const FILERS: Kind[] = ["installation token", "Actions token", "maintainer PAT"];
  const pairs = FILERS.flatMap((filer) => KINDS.map((reader) => [filer, reader] as const));

  it.each(pairs)(
    "filed by sync with the %s; sync twice and digest with the %s: nothing filed again, one digest",
    async (filer, reader) => {
      const w = await begin();
      await mergePostmortem(w, SEED, { deliver: false });
      const filed = await sync(w, filer, "--backfill");
      expect(filed.code, filed.stderr).toBe(0);
      expect(itemsByKey(w).size).toBe(ITEMS);
      const forged = await forge(w);
      const before = snapshot(w);

      const runs = [
        await sync(w, reader),
        await sync(w, reader),
        await digest(w, reader, DIGEST_AT[0]),
      ];

      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      expect(runs[0]?.stdout).toMatch(/created 0, updated 0, closed 0, writes 0$/m);
      expect(runs[1]?.stdout).toMatch(/created 0, updated 0, closed 0, writes 0$/m);
      const added = issuesOnly(w).filter((i) => !before.has(i.number));
      expect(added.map((i) => [readMarker(i.body, "digest") !== null, i.user.login])).toEqual([
        [true, WRITES_AS[reader]],
      ]);
      const after = snapshot(w);
      for (const [number, was] of before) expect(after.get(number), `#${number}`).toEqual(was);
      const comments = digestComments(w);
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain("@alice");
      expect(comments[0]?.body).toContain(`**${ITEMS} overdue**, ${ITEMS} open, 0 done.`);
      for (const f of [forged.copy, forged.removed])
        expect(comments[0]?.body).not.toMatch(new RegExp(`#${f.number}\\b`));
      w.gh.assertNoViolations();
    },
  );
});

describe("when the trust rule cannot be applied", { timeout: 180_000 }, () => {
  it.each([
    [500, "a 500, every time"],
    [403, "a 403"],
  ] as const)(
    "the permission lookup answers %i (%s): sync and digest exit 1, say why, and write nothing",
    async (status, _why) => {
      const w = await begin();
      await mergePostmortem(w, SEED);
      // A labelled issue by a person: only their role says whether its marker counts.
      await forge(w);
      // A second postmortem the app never heard of: sync would file it if it could.
      w.gh.state.commitToBranch(
        w.repo,
        "main",
        { "postmortems/2026-06-02-dns.md": SEED.replace("May 1st", "June 2nd") },
        { message: "Add the DNS postmortem", author: w.gh.state.account("alice") },
      );
      const before = snapshot(w);
      const comments = w.repo.comments.size;
      w.gh.faults.add({
        operation: PERMISSION,
        times: Infinity,
        action: {
          kind: "status",
          status,
          body:
            status === 403
              ? { message: "Resource not accessible by integration" }
              : { message: "Server Error" },
        },
      });
      const writes = w.gh.writes().length;

      const runs = [
        await sync(w, "Actions token", "--backfill"),
        await digest(w, "Actions token", DIGEST_AT[0]),
      ];

      for (const run of runs) {
        expect(run.code, run.stdout).toBe(1);
        expect(run.stderr).toContain("cannot tell whether @olly's issues in acme/infra");
      }
      expect(w.gh.writes().slice(writes)).toEqual([]);
      expect(snapshot(w)).toEqual(before);
      expect(w.repo.comments.size).toBe(comments);
      expect(w.gh.requests.some((r) => r.operation === PERMISSION && r.status === status)).toBe(
        true,
      );
      w.gh.assertNoViolations();
    },
  );
});
