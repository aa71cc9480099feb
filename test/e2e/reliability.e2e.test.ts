import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { addDays } from "../../src/core/calendar-date.js";
import { readMarker, readMarkers, renderMarker } from "../../src/core/issue-marker.js";
import { makeItemKeys } from "../../src/core/item-key.js";
import { startServer, StartupRefused } from "../../src/server/start-server.js";
import { WebhookSender } from "../local-github/index.js";
import {
  builtStartScript,
  runChildCli,
  runStartScript,
  startChildApp,
  type ChildApp,
} from "./reliability/child-app.js";
import { formatLedger, ledger, record } from "./reliability/ledger.js";
import { BOT, PATH, SECRET, SEED, suiteLogs, suiteSecrets, World } from "./reliability/world.js";
import { redisAvailable, RedisServer } from "../ops/redis-server.js";

/*
 * The reliability and security suite: the real app server (what `npm start` runs) against the
 * local GitHub over HTTP, with redeliveries, concurrency, two processes, injected faults, a
 * killed process, hostile input and forged requests. Every case ends on GitHub's final state:
 * each item filed exactly once, nothing missing. The table printed at the end sums it up.
 */

const CREATE_ISSUE = "POST /repos/{owner}/{repo}/issues";
/** The seed postmortem has five action items. */
const SEED_ITEMS = 5;
const FIRST_ITEM =
  "Pushing all intended changes first to our test environments before shipping to the live server.";

let world: World | null = null;
let redis: RedisServer | null = null;
const children: ChildApp[] = [];

async function begin(options: Parameters<typeof World.start>[0] = {}): Promise<World> {
  world = await World.start(options);
  return world;
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null)
      child.process.kill("SIGKILL");
    await child.exited;
  }
  await world?.stop();
  world = null;
  await redis?.stop();
  redis = null;
});

afterAll(() => {
  // No token, JWT, private key or webhook secret in any log line of the whole suite.
  const text = suiteLogs.join("\n");
  // The check is only as good as what it looks for: when cases ran the app, tokens and JWTs
  // were issued and logs written (a filtered run, `-t`, may have run none).
  if (ledger.some((row) => row.deliveries > 1)) {
    expect([...suiteSecrets].some((s) => s.startsWith("ghs_"))).toBe(true);
    expect([...suiteSecrets].some((s) => s.startsWith("eyJ"))).toBe(true);
    expect(suiteLogs.length).toBeGreaterThan(0);
  }
  const leaked = [...suiteSecrets].filter((secret) => secret.length >= 8 && text.includes(secret));
  console.log(
    `\nreliability suite: ${ledger.length} cases, ${suiteLogs.length} log lines checked against ${suiteSecrets.size} secrets\n\n${formatLedger(ledger)}\n`,
  );
  expect(leaked.map((s) => `${s.slice(0, 6)}… (${s.length} chars)`)).toEqual([]);
  expect(ledger.filter((row) => row.duplicates > 0)).toEqual([]);
});

describe("deliveries", { timeout: 60_000 }, () => {
  it("the same pull_request.closed delivered five more times files everything once", async () => {
    const w = await begin();
    const pr = await w.openPullRequest();
    const { closed } = w.merge(pr);
    const first = await w.hooks.deliver(closed);
    const writes = w.gh.writes().length;

    for (let i = 0; i < 5; i += 1) {
      const again = await w.hooks.deliver(closed, { id: first.id });
      expect(again.status).toBe(200);
    }

    expect(first.status).toBe(200);
    expect(w.gh.writes()).toHaveLength(writes);
    w.expectFiledOnce("redelivered 5 times", SEED_ITEMS);
    w.gh.assertNoViolations();
  });

  it("pull_request.closed and push of one merge, delivered at the same time, file everything once", async () => {
    const w = await begin();
    const pr = await w.openPullRequest();
    const { closed, push } = w.merge(pr);

    const answers = await Promise.all([w.hooks.deliver(closed), w.hooks.deliver(push)]);

    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    w.expectFiledOnce("closed + push concurrently", SEED_ITEMS);
    w.gh.assertNoViolations();
  });

  it("an item closed by its owner: issues.closed delivered three times ticks it once in the tracking issue", async () => {
    const w = await begin();
    const pr = await w.openPullRequest();
    const { closed } = w.merge(pr);
    expect((await w.hooks.deliver(closed)).status).toBe(200);
    const [number = 0] = [...w.itemsByKey().values()].map((n) => n[0] ?? 0);
    const item = w.repo.issues.get(number);
    if (item === undefined) throw new Error("no item");
    Object.assign(item, {
      state: "closed",
      stateReason: "completed",
      closedAt: w.gh.state.nowIso(),
    });
    const event = w.hooks.issues(w.repo, number, "closed", "alice");

    const first = await w.hooks.deliver(event);
    const writes = w.gh.writes().length;
    const again = [
      await w.hooks.deliver(event, { id: first.id }),
      await w.hooks.deliver(event, { id: first.id }),
    ];

    expect([first, ...again].map((d) => d.status)).toEqual([200, 200, 200]);
    expect(w.gh.writes()).toHaveLength(writes);
    const tracking = w.repo.issues.get(w.trackingIssues()[0] ?? 0)?.body ?? "";
    expect(tracking).toContain(`- [x] #${number}`);
    expect(tracking.match(/- \[x\]/g)).toHaveLength(1);
    w.expectFiledOnce("issues.closed redelivered 3 times", SEED_ITEMS);
    w.gh.assertNoViolations();
  });

  it.skipIf(!redisAvailable())(
    "two app processes on one Redis (REDIS_URL, as replicas must be) receiving the same deliveries file everything once",
    async () => {
      redis = await RedisServer.start();
      const w = await begin({ apps: 0 });
      for (let i = 0; i < 2; i += 1) await w.addApp({ REDIS_URL: redis.url });
      const pr = await w.openPullRequest();
      const { closed, push } = w.merge(pr);

      const answers = await Promise.all([w.deliverToAll(closed), w.deliverToAll(push)]);

      expect(answers.flat().map((a) => a.status)).toEqual([200, 200, 200, 200]);
      w.expectFiledOnce("two app processes, one Redis", SEED_ITEMS);
      w.gh.assertNoViolations();
    },
  );

  it("two app processes WITHOUT Redis (a misconfiguration) filing the same merge: one open issue per item, every copy closed as a duplicate of it", async () => {
    const w = await begin({ apps: 2 });
    const pr = await w.openPullRequest();
    const { closed, push } = w.merge(pr);

    await Promise.all([w.deliverToAll(closed), w.deliverToAll(push)]);

    // Without a shared lock both may file an item; each run reads back after filing and closes
    // its own copy when the other's was first. Not in the ledger: it is not exactly-once.
    for (const [key, numbers] of w.itemsByKey()) {
      const issues = numbers.map((n) => w.repo.issues.get(n));
      const open = issues.filter((i) => i?.state === "open");
      expect(open, key).toHaveLength(1);
      for (const copy of issues.filter((i) => i?.state === "closed")) {
        expect(copy?.stateReason).toBe("duplicate");
        expect(copy?.number).toBeGreaterThan(open[0]?.number ?? Infinity);
      }
    }
    expect(w.itemsByKey().size).toBe(SEED_ITEMS);
    w.gh.assertNoViolations();
  });
});

describe("injected faults", { timeout: 90_000 }, () => {
  it("a create answered 502 after GitHub committed it is not filed again", async () => {
    const w = await begin();
    const pr = await w.openPullRequest();
    const { closed } = w.merge(pr);
    w.gh.faults.add({
      operation: CREATE_ISSUE,
      skip: 2,
      action: { kind: "after-commit", status: 502 },
    });

    const delivery = await w.hooks.deliver(closed);

    expect(delivery.status).toBe(200);
    expect(w.gh.faults.injected).toHaveLength(1);
    w.expectFiledOnce("502 after a committed create", SEED_ITEMS);
    w.gh.assertNoViolations();
  });

  it.each([8])(
    "500s and dropped connections on 20 % of requests (seed %i) converge to exactly once",
    async (seed) => {
      const w = await begin({ seed });
      const pr = await w.openPullRequest();
      const { closed, push } = w.merge(pr);
      // About 20 % of every request the app makes: half answered 500, half cut off (a timeout:
      // the app sets no request timeout, so a hung request is modelled as a dropped one), some
      // of those after GitHub already carried the request out. The seed hits an issue create
      // after it was committed.
      w.gh.faults.add({
        probability: 0.1,
        times: Infinity,
        action: { kind: "status", status: 500 },
      });
      w.gh.faults.add({
        probability: 0.05,
        times: Infinity,
        action: { kind: "reset", afterCommit: false },
      });
      w.gh.faults.add({
        probability: 0.06,
        times: Infinity,
        action: { kind: "reset", afterCommit: true },
      });

      // GitHub does not retry a failed delivery; people (or a redelivery job) do, and `sync`.
      const first = await w.hooks.deliver(closed);
      const statuses = [first.status, (await w.hooks.deliver(push)).status];
      let attempts = 0;
      for (;;) {
        // 202: Probot answered at its 9 s limit and the run goes on; let it finish first.
        if (statuses.includes(202)) await w.quiet(10_000);
        if (converged(w, pr) || attempts >= 10) break;
        attempts += 1;
        statuses.push((await w.hooks.deliver(closed, { id: first.id })).status);
      }

      console.log(
        `20 % faults: ${w.gh.faults.injected.length} injected over ${w.gh.requests.length} requests ` +
          `(${w.gh.faults.injected.map((f) => `${f.rule.action.kind === "reset" && f.rule.action.afterCommit ? "reset-after-commit" : f.rule.action.kind} ${f.method} ${f.path}`).join("; ")}); ` +
          `deliveries answered ${statuses.join(", ")}`,
      );
      expect(w.gh.faults.injected.length).toBeGreaterThan(0);
      w.expectFiledOnce(`20 % 500s and dropped connections, seed ${seed}`, SEED_ITEMS);
    },
  );

  it("a secondary rate limit with retry-after is waited out", async () => {
    const w = await begin();
    const pr = await w.openPullRequest();
    const { closed } = w.merge(pr);
    w.gh.faults.add({
      operation: CREATE_ISSUE,
      skip: 1,
      action: { kind: "secondary-rate-limit", status: 403, retryAfterSeconds: 1 },
    });

    const delivery = await w.hooks.deliver(closed);

    expect(delivery.status).toBe(200);
    expect(w.gh.faults.injected).toHaveLength(1);
    w.expectFiledOnce("secondary rate limit (retry-after 1 s)", SEED_ITEMS);
    w.gh.assertNoViolations();
  });

  it("an installation token that expires in the middle of a run is renewed", async () => {
    const w = await begin();
    const pr = await w.openPullRequest();
    const { closed } = w.merge(pr);
    let creates = 0;
    let expired = 0;
    w.gh.onAnswered((r) => {
      if (r.operation === CREATE_ISSUE && r.status === 201 && ++creates === 2) {
        expired = w.gh.expireTokens();
        w.extraFaults += 1;
      }
    });

    const delivery = await w.hooks.deliver(closed);

    expect(expired).toBeGreaterThan(0);
    expect(w.gh.requests.filter((r) => r.status === 401).length).toBeGreaterThan(0);
    w.expectFiledOnce("installation token expired mid-run", SEED_ITEMS);
    expect(delivery.status).toBe(200);
    w.gh.assertNoViolations();
  });

  it.each([
    [1, "redelivery"],
    [4, "reconcile"],
  ] as const)(
    "the app killed after %i of 5 creates and restarted: the %s files the rest, once",
    async (k, recovery) => {
      const w = await begin({ apps: 0 });
      const script = builtStartScript();
      const env = {
        APP_ID: String(w.gh.app.id),
        PRIVATE_KEY: w.gh.app.privateKey,
        WEBHOOK_SECRET: SECRET,
        GHE_HOST: w.gh.host,
        GHE_PROTOCOL: "http",
        WRITE_INTERVAL_MS: "5",
        LOG_LEVEL: "debug",
      };
      const cliEnv = {
        APP_ID: env.APP_ID,
        PRIVATE_KEY: env.PRIVATE_KEY,
        // The stand-in's web URLs are github.com's (as in its webhooks); the CLI must agree.
        GITHUB_API_URL: `${w.gh.url}/api/v3`,
        GITHUB_SERVER_URL: "https://github.com",
        WRITE_INTERVAL_MS: "5",
        LOG_LEVEL: "debug",
      };
      const first = await startChildApp(script, env, suiteLogs);
      children.push(first);
      const pr = w.gh.state.openPullRequest(w.repo, {
        author: "alice",
        title: "Postmortem of the May 1 outage",
        branch: "pm",
        changes: { [PATH]: SEED },
      });
      const { closed } = w.merge(pr.number);
      let creates = 0;
      let hold: (() => void) | null = null;
      w.gh.onAnswered((r) => {
        if (r.operation === CREATE_ISSUE && r.status === 201 && ++creates === k) {
          first.process.kill("SIGKILL");
          w.extraFaults += 1;
          // Until the signal lands, nothing else the dying process sends is carried out.
          hold = w.gh.faults.add({ times: Infinity, action: { kind: "status", status: 503 } });
        }
      });

      const id = randomUUID();
      const hooks = new WebhookSender(w.gh.state, { url: first.webhookUrl, secret: SECRET });
      // The server answers at once and works on (WEBHOOK_ANSWER=at-once), so GitHub saw a 200
      // before the kill; with after-handling the connection would drop instead.
      const answer = await hooks.deliver(closed, { id }).catch(() => null);
      if (answer !== null) expect(answer.status).toBe(200);
      w.extraDeliveries += 1;
      await first.exited;
      (hold as (() => void) | null)?.();
      expect(w.itemsByKey().size).toBe(k);
      // The server's lock was a lease in its memory: it died with the process, so the restarted
      // server (or the CLI) goes on at once instead of waiting out a label's 90 s.
      expect(w.lockHeld()).toBe(false);

      const second = await startChildApp(script, env, suiteLogs);
      children.push(second);
      const restarted = new WebhookSender(w.gh.state, { url: second.webhookUrl, secret: SECRET });
      if (recovery === "redelivery") {
        expect((await restarted.deliver(closed, { id })).status).toBe(200);
        w.extraDeliveries += 1;
        // Answered at once: the child process works on until GitHub hears nothing more.
        await w.quiet(1000);
      } else {
        const sync = await runChildCli(script, ["sync", "--repo", "acme/infra"], cliEnv, suiteLogs);
        expect(sync.code, sync.stdout).toBe(0);
        expect(sync.stdout).toMatch(new RegExp(`created ${SEED_ITEMS - k}, updated 0, closed 0`));
      }
      expect(w.itemsByKey().size).toBe(SEED_ITEMS);

      // Then the other path files nothing more. A sync after the redelivery writes nothing at
      // all (bar minting a token); a redelivery after the sync still posts the PR's comment,
      // which the killed run never reached and `sync` does not write.
      const writes = w.gh.writes().length;
      if (recovery === "redelivery") {
        const sync = await runChildCli(script, ["sync", "--repo", "acme/infra"], cliEnv, suiteLogs);
        expect(sync.code, sync.stdout).toBe(0);
        expect(sync.stdout).toMatch(/keep 5; created 0, updated 0, closed 0, writes 0$/m);
        expect(
          w.gh
            .writes()
            .slice(writes)
            .filter((r) => r.caller !== "app"),
        ).toEqual([]);
      } else {
        expect((await restarted.deliver(closed, { id })).status).toBe(200);
        w.extraDeliveries += 1;
        await w.quiet(1000);
        expect(
          w.gh
            .writes()
            .slice(writes)
            .filter((r) => r.operation === CREATE_ISSUE),
        ).toEqual([]);
      }
      const prComments = [...w.repo.comments.values()].filter((c) => c.issueNumber === pr.number);
      expect(prComments.map((c) => c.user.login)).toEqual([BOT]);
      w.expectFiledOnce(`killed after ${k} of 5 creates; ${recovery}`, SEED_ITEMS);
      w.gh.assertNoViolations();
    },
  );
});

/**
 * Everything a merge should leave is in place: the items, the tracking issue, the PR's comment,
 * and the lock released. (A delivery answered 202 goes on in the background: Probot answers after
 * 9 s, GitHub's limit being 10, and the app's retries back off 1 s, 4 s, 9 s.)
 */
function converged(w: World, pr: number): boolean {
  return (
    w.itemsByKey().size === SEED_ITEMS &&
    w.trackingIssues().length === 1 &&
    [...w.repo.comments.values()].some((c) => c.issueNumber === pr && c.user.login === BOT) &&
    !w.lockHeld()
  );
}

describe("security", { timeout: 60_000 }, () => {
  it.each(["wrong", "missing"] as const)(
    "a webhook with a %s signature is refused and nothing runs",
    async (signature) => {
      const w = await begin();
      const pr = w.gh.state.openPullRequest(w.repo, {
        author: "alice",
        title: "t",
        branch: "b",
        changes: { [PATH]: SEED },
      });
      const { closed } = w.merge(pr.number);

      const delivery = await w.hooks.deliver(closed, { signature });

      expect(delivery.status).toBe(400);
      expect(w.gh.requests).toEqual([]);
      w.expectFiledOnce(`${signature} signature refused`, 0, { trackingIssues: 0 });
    },
  );

  it("in production the server refuses to start without WEBHOOK_SECRET", async () => {
    const env = {
      NODE_ENV: "production",
      APP_ID: "1",
      PRIVATE_KEY: "k",
      PORT: "1",
      HOST: "127.0.0.1",
    };

    const refused = await startServer({ env }).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(StartupRefused);
    expect((refused as StartupRefused).problems).toEqual([
      expect.stringMatching(/^WEBHOOK_SECRET is not set: refusing to start in production/),
    ]);
  });

  it.each([
    [{}, /^postmortem-tracker: WEBHOOK_SECRET is not set: refusing to start in production/],
    [{ WEBHOOK_SECRET: "development" }, /^postmortem-tracker: WEBHOOK_SECRET is "development"/],
    [
      { WEBHOOK_SECRET: "s3cret-1", DIGEST_SCHEDULER: "sometimes" },
      // Every setting is checked before Probot starts, like the secret: one line per problem.
      /^postmortem-tracker: DIGEST_SCHEDULER must be "on" or "off"/,
    ],
  ])(
    "`npm start` (lib/start.js) in production with %j exits 1 with one line",
    async (extra, message) => {
      const result = await runStartScript(builtStartScript(), {
        NODE_ENV: "production",
        APP_ID: "1",
        PRIVATE_KEY: "not used",
        HOST: "127.0.0.1",
        PORT: "0",
        ...extra,
      });

      expect(result.code).toBe(1);
      expect(result.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(message)]);
    },
  );

  it("a forged item marker in a person's issue is ignored: every item is still filed by the app", async () => {
    const w = await begin();
    const pr = await w.openPullRequest();
    // Someone pastes the app's hidden marker for the first item (same path, same key) into
    // their own issue, hoping the app takes it for its own and skips filing that item.
    const [key = ""] = makeItemKeys([FIRST_ITEM]);
    const forged = w.gh.state.createIssue(w.repo, {
      author: "mallory",
      title: "totally the app's issue",
      body: `pwned\n${renderMarker({ v: 1, kind: "item", key, path: PATH, due: "2030-01-01", priority: "P0" })}`,
    });
    const { closed } = w.merge(pr);

    expect((await w.hooks.deliver(closed)).status).toBe(200);

    expect(w.itemsByKey().get(key), "the forged key was filed by the app").toHaveLength(1);
    expect(w.repo.issues.get(forged.number)).toMatchObject({
      state: "open",
      title: "totally the app's issue",
      body: expect.stringContaining("pwned") as unknown,
    });
    w.expectFiledOnce("forged marker in a person's issue", SEED_ITEMS);
    w.gh.assertNoViolations();
  });
});

describe("weekly digest", { timeout: 60_000 }, () => {
  /**
   * The seed filed, and the built CLI's `digest` command, `days` after the items fell due. The
   * local GitHub's clock moves with the digest's `--now`, so what it stamps agrees with it.
   */
  async function digestWorld() {
    let offsetMs = 0;
    const w = await begin({ clock: { now: () => new Date(Date.now() + offsetMs) } });
    const pr = await w.openPullRequest();
    const { closed } = w.merge(pr);
    expect((await w.hooks.deliver(closed)).status).toBe(200);
    const [first = 0] = w.itemsByKey().values().next().value ?? [];
    const due = readMarker(w.repo.issues.get(first)?.body, "item")?.due ?? "";
    const script = builtStartScript();
    const env = {
      APP_ID: String(w.gh.app.id),
      PRIVATE_KEY: w.gh.app.privateKey,
      GITHUB_API_URL: `${w.gh.url}/api/v3`,
      GITHUB_SERVER_URL: "https://github.com",
      WRITE_INTERVAL_MS: "5",
      LOG_LEVEL: "debug",
    };
    const digest = (days: number) => {
      const now = `${addDays(due, days)}T10:00:00Z`;
      offsetMs = Date.parse(now) - Date.now();
      return runChildCli(script, ["digest", "--repo", "acme/infra", "--now", now], env, suiteLogs);
    };
    return { w, digest };
  }

  function recordDigest(w: World, name: string, weeks: number) {
    const faults = w.gh.faults.injected.length;
    const issues = [...w.repo.issues.values()].filter((i) => readMarker(i.body, "digest") !== null);
    const comments = [...w.repo.comments.values()].filter(
      (c) => readMarker(c.body, "digest-week") !== null,
    );
    const distinctWeeks = new Set(comments.map((c) => readMarker(c.body, "digest-week")?.week));
    record({
      case: name,
      faults,
      deliveries: 0,
      expected: weeks,
      filed: distinctWeeks.size,
      duplicates: comments.length - distinctWeeks.size + Math.max(0, issues.length - 1),
    });
    return { issues, comments };
  }

  it("two digest runs at the same moment, once the digest issue exists, leave one comment for the week", async () => {
    const { w, digest } = await digestWorld();
    expect((await digest(3)).code).toBe(0);

    const runs = await Promise.all([digest(10), digest(10)]);

    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const { issues, comments } = recordDigest(w, "two digest runs at once (weekly comments)", 2);
    expect(issues).toHaveLength(1);
    expect(comments).toHaveLength(2);
    expect(comments.at(-1)?.body).toContain("**5 overdue**, 5 open, 0 done.");
    w.expectFiledOnce("items, after the digest runs", SEED_ITEMS);
    w.gh.assertNoViolations();
  });

  it("the first digest run of two at the same moment creates one digest issue", async () => {
    const { w, digest } = await digestWorld();
    // A slow GitHub: the first create of the digest issue takes 1.5 s, long enough for the other
    // run to look for the issue too. Without it the race is won or lost by process start-up.
    w.gh.faults.add({ operation: CREATE_ISSUE, action: { kind: "delay", ms: 1500 } });

    const runs = await Promise.all([digest(10), digest(10)]);

    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const { issues, comments } = recordDigest(w, "first two digest runs at once (comments)", 1);
    expect(issues, "digest issues").toHaveLength(1);
    expect(comments, "digest comments").toHaveLength(1);
    w.gh.assertNoViolations();
  });
});

describe("slash commands", { timeout: 60_000 }, () => {
  it("a read-only user's /due is refused with a reply; a writer's is applied", async () => {
    const w = await begin();
    w.gh.state.addCollaborator(w.repo, "bob", "read");
    const pr = await w.openPullRequest();
    const { closed } = w.merge(pr);
    expect((await w.hooks.deliver(closed)).status).toBe(200);
    const [number = 0] = [...w.itemsByKey().values()].map((n) => n[0] ?? 0);
    const dueOf = () => readMarker(w.repo.issues.get(number)?.body, "item")?.due;
    const before = dueOf();

    // A date far enough ahead to be "from today on" whatever day the suite runs.
    const bobs = w.gh.state.addComment(w.repo, number, "bob", "/due 2099-03-01");
    expect((await w.hooks.deliver(w.hooks.issueComment(w.repo, bobs.id))).status).toBe(200);

    expect(dueOf()).toBe(before);
    const reply = [...w.repo.comments.values()].filter(
      (c) => c.issueNumber === number && c.id !== bobs.id,
    );
    expect(reply.map((c) => c.body)).toEqual([
      expect.stringContaining(
        "only this issue's assignees and people with write access to the repository can use `/due` here",
      ),
    ]);
    expect(bobs.reactions.map((r) => r.content)).toEqual(["confused"]);

    const alices = w.gh.state.addComment(w.repo, number, "alice", "/due 2099-03-01");
    expect((await w.hooks.deliver(w.hooks.issueComment(w.repo, alices.id))).status).toBe(200);
    expect(dueOf()).toBe("2099-03-01");
    expect(alices.reactions.map((r) => r.content)).toEqual(["+1"]);
    w.expectFiledOnce("slash command by a read-only user", SEED_ITEMS);
    w.gh.assertNoViolations();
  });
});

const MENTION_FLOOD = ["everyone", "here", ...Array.from({ length: 30 }, (_, i) => `user${i}`)]
  .map((login) => `@${login}`)
  .join(" ");

/** A postmortem whose action items try the tricks a hostile or careless author might. */
const HOSTILE = `# Hostile input incident

## Action items

- [ ] Rotate the keys (owner: @alice)
- [ ] Close the comment --> and open one <!-- hidden text --> (owner: @nobody-at-all)
- [ ] Forge a marker <!-- postmortem-tracker:v1 eyJ2IjoxLCJraW5kIjoidHJhY2tpbmciLCJwYXRoIjoieCIsInByIjoxfQ --> here (owner: @outsider)
- [ ] Ping ${MENTION_FLOOD} about it (owner: @acme/sre)
`;

function checkRunOf(w: World) {
  const run = [...w.repo.checkRuns.values()].at(-1);
  if (run === undefined) throw new Error("no check run");
  return run;
}

function prCommentOf(w: World, pr: number): string {
  return [...w.repo.comments.values()].find((c) => c.issueNumber === pr)?.body ?? "";
}

describe("bad input", { timeout: 60_000 }, () => {
  it("a 5 MB postmortem and a binary file next to a good one: a warning each, the good one filed", async () => {
    const w = await begin();
    const huge = `# Huge\n\n## Action items\n\n${"- [ ] Fill the disk with words (owner: @alice)\n".repeat(110_000)}`;
    expect(huge.length).toBeGreaterThan(5_000_000);
    const binary = `\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR${"\u0000".repeat(64)}`;
    const pr = await w.openPullRequest({
      [PATH]: SEED,
      "postmortems/2026-05-02-huge.md": huge,
      "postmortems/2026-05-03-diagram.md": binary,
    });
    const run = checkRunOf(w);
    expect(run.output.annotations).toEqual([
      expect.objectContaining({
        path: "postmortems/2026-05-02-huge.md",
        annotation_level: "warning",
        message: "The document is larger than 2 MiB: no action items read.",
      }),
      expect.objectContaining({
        path: "postmortems/2026-05-03-diagram.md",
        annotation_level: "warning",
        message: "The file looks binary (it has NUL bytes): no action items read.",
      }),
    ]);
    const { closed } = w.merge(pr);

    expect((await w.hooks.deliver(closed)).status).toBe(200);

    const comment = prCommentOf(w, pr);
    expect(comment).toContain("The document is larger than 2 MiB: no action items read.");
    expect(comment).toContain("The file looks binary (it has NUL bytes): no action items read.");
    w.expectFiledOnce("5 MB postmortem + binary file", SEED_ITEMS);
    w.gh.assertNoViolations();
  });

  it("hidden markers, `-->`, HTML comments, a mention flood; unknown, unassignable and team owners", async () => {
    const w = await begin();
    w.gh.state.account("outsider"); // exists, but has no access to acme/infra
    const pr = await w.openPullRequest({ "postmortems/2026-06-01-hostile.md": HOSTILE });
    const messages = checkRunOf(w).output.annotations.map(
      (a) => `${String(a.start_line)}: ${String(a.message)}`,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        "6: @nobody-at-all cannot be assigned in acme/infra (not a collaborator, or no such account): the issue will be filed unassigned.",
        "7: @outsider cannot be assigned in acme/infra (not a collaborator, or no such account): the issue will be filed unassigned.",
        '8: Team @acme/sre has no accountable person (config "teams"): the issue will mention the team and need an owner.',
      ]),
    );
    const { closed } = w.merge(pr);

    expect((await w.hooks.deliver(closed)).status).toBe(200);

    w.expectFiledOnce("hostile text, bad owners", 4);
    const issues = [...w.repo.issues.values()].filter((i) => i.pullNumber === null);
    for (const issue of issues) {
      // One marker each, the app's own: the forged one in the text did not survive.
      expect(readMarkers(issue.body), `#${issue.number}`).toHaveLength(1);
      expect(issue.body).not.toContain("hidden text");
      // No mention of anyone but the owner and the team notifies: the flood is neutralised.
      expect(issue.body ?? "").not.toMatch(/(^|[^\u200d\w])@(everyone|here|user\d+)\b/);
    }
    const [rotate, close, forge, ping] = [...w.itemsByKey().values()].map((n) =>
      w.repo.issues.get(n[0] ?? 0),
    );
    expect(rotate?.assignees.map((a) => a.login)).toEqual(["alice"]);
    expect(close).toMatchObject({ title: "Close the comment --> and open one", assignees: [] });
    expect(close?.body).toContain("@\u200dnobody-at-all cannot be assigned in this repository");
    expect(close?.body).toContain("Close the comment --&gt; and open one");
    expect(forge).toMatchObject({ title: "Forge a marker here", assignees: [] });
    expect(ping?.body).toContain(
      "team @acme/sre has no accountable person — please assign someone",
    );
    w.gh.assertNoViolations();
  });

  it("an item written in Handlebars syntax is filed literally or named in a warning, and its neighbours are filed", async () => {
    const w = await begin();
    const text = [
      "# Template-looking incident",
      "",
      "## Action items",
      "",
      "- [ ] Rotate the keys (owner: @alice)",
      "- [ ] Render {{#each this}}{{this}}{{/each}} and {{> evil}} literally (owner: @alice)",
      "- [ ] Audit the access logs (owner: @alice)",
      "",
    ].join("\n");
    const pr = await w.openPullRequest({ "postmortems/2026-06-02-braces.md": text });
    const { closed } = w.merge(pr);

    expect((await w.hooks.deliver(closed)).status).toBe(200);

    const titles = [...w.itemsByKey().values()].map((n) => w.repo.issues.get(n[0] ?? 0)?.title);
    expect(titles).toEqual(expect.arrayContaining(["Rotate the keys", "Audit the access logs"]));
    const literal = titles.includes(
      "Render {{#each this}}{{this}}{{/each}} and {{> evil}} literally",
    );
    const warned = checkRunOf(w).output.annotations.some((a) => a.start_line === 6);
    expect(literal || warned, "the Handlebars item was dropped without a word").toBe(true);
    w.expectFiledOnce("Handlebars syntax in an item", literal ? 3 : 2);
    w.gh.assertNoViolations();
  });

  it.each([
    [
      "invalid YAML",
      "paths: [postmortems/**\ndigest: {",
      /could not read `\.github\/postmortem-tracker\.yml`:\*\*[\s\S]*invalid YAML/,
    ],
    [
      "invalid values",
      "defaultPriority: P9\ndigest:\n  hour: 25\n",
      /defaultPriority: Invalid option: expected one of "P0"\|"P1"\|"P2"\|"P3"\ndigest\.hour: Too big: expected number to be <=23/,
    ],
  ])(
    "a config with %s: a clear message on the PR, and every item filed once it is fixed",
    async (name, yaml, message) => {
      const w = await begin();
      const alice = w.gh.state.account("alice");
      w.gh.state.commitToBranch(
        w.repo,
        "main",
        { ".github/postmortem-tracker.yml": yaml },
        { message: "config", author: alice },
      );
      const pr = await w.openPullRequest();
      expect(checkRunOf(w)).toMatchObject({
        conclusion: "failure",
        output: { title: "Invalid config: nothing will be filed" },
      });
      const { closed } = w.merge(pr);

      expect((await w.hooks.deliver(closed)).status).toBe(200);

      expect(prCommentOf(w, pr)).toMatch(message);
      expect(prCommentOf(w, pr)).toContain("Nothing was filed. Fix the file on the default branch");
      expect(w.itemsByKey().size).toBe(0);
      // Fixed on the default branch; the redelivered merge files everything, and the comment says so.
      w.gh.state.commitToBranch(
        w.repo,
        "main",
        { ".github/postmortem-tracker.yml": "defaultPriority: P2\n" },
        { message: "fix", author: alice },
      );
      expect((await w.hooks.deliver(closed)).status).toBe(200);
      expect(prCommentOf(w, pr)).toContain("### Postmortem action items");
      w.expectFiledOnce(`config with ${name}, then fixed`, SEED_ITEMS);
      w.gh.assertNoViolations();
    },
  );
});
