import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { readMarker } from "../../src/core/issue-marker.js";
import {
  LocalGitHub,
  WebhookSender,
  type RecordedRequest,
  type Repository,
  type WebhookEvent,
} from "../local-github/index.js";
import {
  builtStartScript,
  runChildCli,
  startChildApp,
  type ChildApp,
} from "../e2e/reliability/child-app.js";
import { PATH as SEED_PATH, SEED } from "../e2e/reliability/world.js";
import {
  appEnv,
  cliEnv,
  logLines,
  TEN_ITEMS,
  TEN_ITEMS_PATH,
  TEN_ITEMS_POSTMORTEM,
  WEBHOOK_SECRET,
} from "./fixtures.js";
import { RedisServer, redisAvailable } from "./redis-server.js";

/*
 * Several replicas of the real server (`node lib/start.js`) sharing one real redis-server,
 * against one local GitHub, as a deployment behind a load balancer would run: the same merges,
 * redeliveries and pushes spread across them, a leader killed, Redis stopped mid-run.
 */

const HAVE_REDIS = redisAvailable();
const BOT = "postmortem-tracker[bot]";
const CREATE_ISSUE = "POST /repos/{owner}/{repo}/issues";
const SEED_ITEMS = 5;

interface Replica {
  child: ChildApp;
  logs: string[];
  base: string;
  hooks: WebhookSender;
}

let gh: LocalGitHub | null = null;
let redis: RedisServer | null = null;
const replicas: Replica[] = [];

afterEach(async () => {
  for (const { child } of replicas.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null)
      child.process.kill("SIGKILL");
    await child.exited;
  }
  await gh?.close();
  gh = null;
  await redis?.stop();
  redis = null;
});

async function setUp(count: number, env: Record<string, string> = {}) {
  redis = await RedisServer.start();
  gh = await LocalGitHub.start();
  const local = gh;
  const repo = local.state.createRepository({
    owner: "acme",
    name: "infra",
    files: { "README.md": "# infra\n" },
  });
  local.state.addCollaborator(repo, "alice", "write");
  local.state.installApp("acme", [repo]);
  const script = builtStartScript();
  for (let i = 0; i < count; i += 1) {
    const logs: string[] = [];
    const child = await startChildApp(
      script,
      appEnv(local, { REDIS_URL: redis.url, METRICS: "on", ...env }),
      logs,
    );
    replicas.push({
      child,
      logs,
      base: child.webhookUrl.replace(/\/api\/github\/webhooks$/, ""),
      hooks: new WebhookSender(local.state, { url: child.webhookUrl, secret: WEBHOOK_SECRET }),
    });
  }
  // Every write the stand-in answered, with the time of its answer (the write is committed
  // before it is answered, so this is a lower bound of the spacing GitHub would see).
  const answered: { at: number; request: RecordedRequest }[] = [];
  local.onAnswered((request) => {
    answered.push({ at: performance.now(), request });
  });
  return { local, repo, script, answered, redisServer: redis };
}

function merge(local: LocalGitHub, repo: Repository, path: string, text: string) {
  const pr = local.state.openPullRequest(repo, {
    author: "alice",
    title: `Postmortem ${path}`,
    branch: `pm-${String(repo.nextNumber)}`,
    changes: { [path]: text },
  });
  const before = repo.branches.get(repo.defaultBranch) ?? "";
  local.state.mergePullRequest(repo, pr.number, { by: "alice", method: "squash" });
  const events = replicas[0]?.hooks;
  if (events === undefined) throw new Error("no replica");
  return {
    closed: events.pullRequest(repo, pr.number, "closed"),
    push: events.push(repo, { before, pusher: "alice" }),
  };
}

function filedByKey(repo: Repository): Map<string, number> {
  const byKey = new Map<string, number>();
  for (const issue of repo.issues.values()) {
    const marker = readMarker(issue.body, "item");
    if (marker === null || issue.user.login !== BOT) continue;
    const key = `${marker.path}#${marker.key}`;
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  return byKey;
}

function trackingIssues(repo: Repository): number {
  return [...repo.issues.values()].filter(
    (i) => i.user.login === BOT && readMarker(i.body, "tracking") !== null,
  ).length;
}

/** Resolves once the stand-in has had no request for `ms`. */
async function quiet(local: LocalGitHub, ms: number): Promise<void> {
  let seen = -1;
  while (seen !== local.requests.length) {
    seen = local.requests.length;
    await delay(ms);
  }
}

async function deliverTo(replica: Replica | undefined, event: WebhookEvent, id: string) {
  if (replica === undefined) throw new Error("no such replica");
  return replica.hooks.deliver(event, { id }).then(
    (d) => d.status,
    () => 0,
  );
}

/** How many pull_request.closed deliveries the replica's handlers have finished with `outcome`. */
async function finished(replica: Replica, outcome: "ok" | "error"): Promise<number> {
  const text = await (await fetch(`${replica.base}/metrics`)).text();
  const series = `postmortem_tracker_webhook_deliveries_total{event="pull_request.closed",outcome="${outcome}"}`;
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/**
 * Delivers an event and waits until the replica's handler has ended; returns how it ended.
 * GitHub is answered 200 or 500 when the handler ends within Probot's 9 s, and 202 when it is
 * still running then (a busy machine): the answer depends on timing, the outcome does not.
 */
async function deliverAndFinish(
  replica: Replica | undefined,
  event: WebhookEvent,
  id: string,
): Promise<"ok" | "error"> {
  if (replica === undefined) throw new Error("no such replica");
  const ok = await finished(replica, "ok");
  const failed = await finished(replica, "error");
  expect([200, 202, 500]).toContain(await deliverTo(replica, event, id));
  for (;;) {
    if ((await finished(replica, "error")) > failed) return "error";
    if ((await finished(replica, "ok")) > ok) return "ok";
    await delay(50);
  }
}

async function readyz(replica: Replica): Promise<{ status: number; reason?: string }> {
  const res = await fetch(`${replica.base}/readyz`);
  const body = (await res.json()) as { reason?: string };
  return { status: res.status, ...(body.reason === undefined ? {} : { reason: body.reason }) };
}

describe.skipIf(!HAVE_REDIS)("replicas sharing Redis", { timeout: 240_000 }, () => {
  it("three replicas, two merges delivered, redelivered and pushed across them: no duplicate, writes ≥ 1 s apart", async () => {
    // WRITE_INTERVAL_MS unset: GitHub's one second, the production spacing.
    const { local, repo, answered } = await setUp(3);
    const first = merge(local, repo, SEED_PATH, SEED);
    const second = merge(local, repo, TEN_ITEMS_PATH, TEN_ITEMS_POSTMORTEM);
    const [r0, r1, r2] = replicas;
    const firstId = randomUUID();
    const secondId = randomUUID();
    const statuses = await Promise.all([
      deliverTo(r0, first.closed, firstId),
      deliverTo(r1, first.closed, firstId), // a redelivery, to another replica
      deliverTo(r2, first.push, randomUUID()),
      deliverTo(r1, second.closed, secondId),
      deliverTo(r2, second.closed, secondId),
      deliverTo(r0, second.push, randomUUID()),
    ]);
    // 200 when done within 9 s, 202 when Probot stopped waiting and the work went on.
    for (const status of statuses) expect([200, 202]).toContain(status);
    await quiet(local, 1500);

    const filed = filedByKey(repo);
    expect(filed.size).toBe(SEED_ITEMS + TEN_ITEMS);
    expect([...filed.values()].filter((n) => n > 1)).toEqual([]);
    expect(trackingIssues(repo)).toBe(2);
    // The lock lives in Redis: no lock label was ever written (only read, for a CLI's lock).
    expect(
      local.requests.filter(
        (r) => r.path.includes("postmortem-tracker-lock") && r.method !== "GET",
      ),
    ).toEqual([]);

    const writes = answered.filter(
      (a) => a.request.method !== "GET" && a.request.caller === "installation",
    );
    expect(writes.length).toBeGreaterThan(SEED_ITEMS + TEN_ITEMS);
    const gaps = writes.slice(1).map((w, i) => w.at - (writes[i]?.at ?? 0));
    const closest = Math.min(...gaps);
    console.log(
      `three replicas: ${String(writes.length)} writes to one installation, closest two ${closest.toFixed(0)} ms apart`,
    );
    expect(closest).toBeGreaterThanOrEqual(1000);
    // Each replica's metrics agree: nothing filed twice.
    for (const replica of replicas) {
      const text = await (await fetch(`${replica.base}/metrics`)).text();
      expect(text).toMatch(/^postmortem_tracker_item_duplicates_total 0$/m);
    }
    local.assertNoViolations();
  });

  it("the scheduler leader moves to another replica when its holder is killed", async () => {
    await setUp(3, { RECONCILE_SCHEDULER: "on", LEADER_LEASE_TTL_MS: "1500" });
    const leaderOf = () =>
      replicas.filter((r) => logLines(r.logs, "became the scheduler leader").length > 0);
    while (leaderOf().length === 0) await delay(50);
    const [leader] = leaderOf();
    expect(leaderOf()).toHaveLength(1);
    const gauge = async (r: Replica) =>
      /^postmortem_tracker_scheduler_leader (\d)$/m.exec(
        await (await fetch(`${r.base}/metrics`)).text(),
      )?.[1];
    expect(await Promise.all(replicas.map(gauge))).toEqual(
      replicas.map((r) => (r === leader ? "1" : "0")),
    );

    leader?.child.process.kill("SIGKILL");
    await leader?.child.exited;
    const others = replicas.filter((r) => r !== leader);
    const newLeaders = () =>
      others.filter((r) => logLines(r.logs, "became the scheduler leader").length > 0);
    while (newLeaders().length === 0) await delay(50);
    expect(newLeaders()).toHaveLength(1);
    const [next] = newLeaders();
    expect(await Promise.all(others.map(gauge))).toEqual(
      others.map((r) => (r === next ? "1" : "0")),
    );
  });

  it("Redis stopped mid-run, then restarted: writes fail closed, readiness 503, recovery by itself; nothing twice, nothing lost after the reconcile", async () => {
    const { local, repo, script, redisServer } = await setUp(2, { WRITE_INTERVAL_MS: "200" });
    const [r0, r1] = replicas;
    if (r0 === undefined || r1 === undefined) throw new Error("no replicas");
    const { closed } = merge(local, repo, TEN_ITEMS_PATH, TEN_ITEMS_POSTMORTEM);
    let creates = 0;
    const stopped = new Promise<void>((resolve) => {
      local.onAnswered((r) => {
        if (r.operation === CREATE_ISSUE && r.status === 201 && ++creates === 3)
          void redisServer.stop().then(resolve);
      });
    });
    const first = deliverAndFinish(r0, closed, randomUUID());
    await stopped;
    // The run in flight cannot write without Redis: it fails (and GitHub records the failure
    // when that happens within its timeout).
    expect(await first).toBe("error");
    const filedWhileUp = filedByKey(repo).size;
    expect(filedWhileUp).toBeGreaterThanOrEqual(3);
    expect(filedWhileUp).toBeLessThan(TEN_ITEMS);
    // No filing without the lock: a redelivery to the other replica while Redis is away fails
    // and files nothing.
    expect(await deliverAndFinish(r1, closed, randomUUID())).toBe("error");
    expect(filedByKey(repo).size).toBe(filedWhileUp);
    for (const replica of replicas)
      expect(await readyz(replica)).toEqual({
        status: 503,
        reason: "Redis is unreachable: no filing until it is back",
      });

    await redisServer.restart();
    for (const replica of replicas) while ((await readyz(replica)).status !== 200) await delay(100);

    // The next reconcile (the CLI's `sync`, as a cron job runs it) files the rest, once.
    const logs: string[] = [];
    const sync = await runChildCli(script, ["sync", "--repo", "acme/infra"], cliEnv(local), logs);
    expect(sync.code, sync.stdout).toBe(0);
    expect(sync.stdout).toMatch(new RegExp(`created ${String(TEN_ITEMS - filedWhileUp)}, `));
    // And the replicas work again: a redelivery now finds everything filed.
    expect(await deliverAndFinish(r1, closed, randomUUID())).toBe("ok");
    await quiet(local, 500);
    const filed = filedByKey(repo);
    expect(filed.size).toBe(TEN_ITEMS);
    expect([...filed.values()].filter((n) => n > 1)).toEqual([]);
    expect(trackingIssues(repo)).toBe(1);
    local.assertNoViolations();
  });
});
