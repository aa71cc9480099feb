import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { readMarker } from "../../src/core/issue-marker.js";
import { LocalGitHub, WebhookSender, type Repository } from "../local-github/index.js";
import {
  builtStartScript,
  runChildCli,
  startChildApp,
  type ChildApp,
} from "../e2e/reliability/child-app.js";
import {
  appEnv,
  cliEnv,
  logLines,
  TEN_ITEMS,
  TEN_ITEMS_PATH,
  TEN_ITEMS_POSTMORTEM,
  WEBHOOK_SECRET,
} from "./fixtures.js";

/*
 * The graceful shutdown on the real server process (`node lib/start.js`, as `npm start` and the
 * container run it): SIGTERM in the middle of filing a merge of ten items.
 */

const CREATE_ISSUE = "POST /repos/{owner}/{repo}/issues";
const BOT = "postmortem-tracker[bot]";

let gh: LocalGitHub | null = null;
const children: ChildApp[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null)
      child.process.kill("SIGKILL");
    await child.exited;
  }
  await gh?.close();
  gh = null;
});

function itemsFiled(repo: Repository): Map<string, number> {
  const byKey = new Map<string, number>();
  for (const issue of repo.issues.values()) {
    const marker = readMarker(issue.body, "item");
    if (marker === null || issue.user.login !== BOT) continue;
    byKey.set(marker.key, (byKey.get(marker.key) ?? 0) + 1);
  }
  return byKey;
}

async function mergeTenItems(writeIntervalMs: number, graceS: number) {
  // Real time: the reconcile looks at postmortems merged in the last 30 days of its own today.
  gh = await LocalGitHub.start();
  const local = gh;
  const repo = local.state.createRepository({
    owner: "acme",
    name: "infra",
    files: { "README.md": "# infra\n" },
  });
  local.state.addCollaborator(repo, "alice", "write");
  local.state.installApp("acme", [repo]);
  const logs: string[] = [];
  const script = builtStartScript();
  const child = await startChildApp(
    script,
    appEnv(local, { WRITE_INTERVAL_MS: String(writeIntervalMs), SHUTDOWN_GRACE_S: String(graceS) }),
    logs,
  );
  children.push(child);
  const exit = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.process.once("exit", (code) => {
      resolve({ code, at: Date.now() });
    }),
  );
  const pr = local.state.openPullRequest(repo, {
    author: "alice",
    title: "PM",
    branch: "pm",
    changes: { [TEN_ITEMS_PATH]: TEN_ITEMS_POSTMORTEM },
  });
  local.state.mergePullRequest(repo, pr.number, { by: "alice", method: "squash" });
  const hooks = new WebhookSender(local.state, { url: child.webhookUrl, secret: WEBHOOK_SECRET });
  // SIGTERM once the third item is filed: the merge is in full swing.
  let creates = 0;
  let signalledAt = 0;
  const signalled = new Promise<void>((resolve) => {
    local.onAnswered((r) => {
      if (r.operation === CREATE_ISSUE && r.status === 201 && ++creates === 3) {
        signalledAt = Date.now();
        child.process.kill("SIGTERM");
        resolve();
      }
    });
  });
  const closed = hooks.pullRequest(repo, pr.number, "closed");
  const first = hooks.deliver(closed, { id: randomUUID() }).then(
    (d) => d.status,
    () => "no answer" as const,
  );
  await signalled;
  return {
    local,
    repo,
    script,
    logs,
    child,
    exit,
    first,
    hooks,
    closed,
    signalledAt: () => signalledAt,
  };
}

describe("graceful shutdown on SIGTERM", { timeout: 120_000 }, () => {
  it("during a merge of ten items: new deliveries get 503, the merge finishes, exit 0", async () => {
    const run = await mergeTenItems(150, 25);
    // A delivery arriving while shutting down is refused, so GitHub records a failure. (The
    // signal reaches the process a moment after it is sent: wait until it says so.)
    while (
      logLines(run.logs, "shutting down: refusing new deliveries, finishing those in flight")
        .length === 0
    )
      await delay(20);
    const late = await run.hooks.deliver(run.closed, { id: randomUUID() });
    expect(late.status).toBe(503);
    const { code } = await run.exit;
    expect(code).toBe(0);
    expect(await run.first).toBe(200);
    const [report] = logLines(run.logs, "shut down");
    expect(report).toMatchObject({ drained: true });
    expect(report?.tookMs).toBeLessThan(25_000);
    console.log(`shutdown with the merge in flight: drained in ${String(report?.tookMs)} ms`);
    expect([...itemsFiled(run.repo).values()]).toEqual(Array<number>(TEN_ITEMS).fill(1));
    expect(run.local.state.findLabel(run.repo, "postmortem-tracker-lock")).toBeUndefined();
    // The reconcile finds nothing to do.
    const sync = await runChildCli(
      run.script,
      ["sync", "--repo", "acme/infra"],
      cliEnv(run.local),
      run.logs,
    );
    expect(sync.code, sync.stdout).toBe(0);
    expect(sync.stdout).toMatch(/created 0, updated 0, closed 0/);
    run.local.assertNoViolations();
  });

  it("when the grace period ends first: locks released, exit 0, the reconcile files the rest once", async () => {
    // One second of grace, writes 400 ms apart: seven items cannot be filed in time.
    const run = await mergeTenItems(400, 1);
    const { code } = await run.exit;
    expect(code).toBe(0);
    // Answered at once (WEBHOOK_ANSWER=at-once): GitHub saw a 200 before the work was cut off.
    expect(await run.first).toBe(200);
    const [report] = logLines(run.logs, "shut down");
    expect(report).toMatchObject({ drained: false });
    console.log(
      `shutdown cut off by a 1 s grace period: exited after ${String(report?.tookMs)} ms`,
    );
    const filedBefore = itemsFiled(run.repo).size;
    expect(filedBefore).toBeGreaterThanOrEqual(3);
    expect(filedBefore).toBeLessThan(TEN_ITEMS);
    // The lock was handed back: the reconcile need not wait for it to expire.
    expect(run.local.state.findLabel(run.repo, "postmortem-tracker-lock")).toBeUndefined();
    const sync = await runChildCli(
      run.script,
      ["sync", "--repo", "acme/infra"],
      cliEnv(run.local),
      run.logs,
    );
    expect(sync.code, sync.stdout).toBe(0);
    expect(sync.stdout).toMatch(new RegExp(`created ${String(TEN_ITEMS - filedBefore)}, `));
    expect([...itemsFiled(run.repo).values()]).toEqual(Array<number>(TEN_ITEMS).fill(1));
    run.local.assertNoViolations();
  });

  it("a second SIGTERM exits at once", async () => {
    const run = await mergeTenItems(400, 25);
    // Signals sent back to back can merge into one: send the second once the first is seen.
    while (
      logLines(run.logs, "shutting down: refusing new deliveries, finishing those in flight")
        .length === 0
    )
      await delay(20);
    run.child.process.kill("SIGTERM");
    const { code } = await run.exit;
    expect(code).toBe(143);
    expect(itemsFiled(run.repo).size).toBeLessThan(TEN_ITEMS);
  });
});
