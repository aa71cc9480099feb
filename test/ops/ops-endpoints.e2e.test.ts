import { afterEach, describe, expect, it } from "vitest";
import { startServer, StartupRefused } from "../../src/server/start-server.js";
import { LocalGitHub, startApp, WebhookSender, type RunningApp } from "../local-github/index.js";
import { freePort } from "../e2e/reliability/child-app.js";
import { PATH, SEED } from "../e2e/reliability/world.js";

/*
 * /healthz, /readyz and /metrics over HTTP on the real server (startServer, as `npm start`
 * runs it) against the local GitHub: what they answer, and that none of them shows a secret.
 */

const SECRET = "ops-endpoints-webhook-secret-9d2f";
const SEED_ITEMS = 5;

let gh: LocalGitHub | null = null;
const apps: RunningApp[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  await gh?.close();
  gh = null;
});

async function world(env: Record<string, string> = {}) {
  gh = await LocalGitHub.start();
  const repo = gh.state.createRepository({
    owner: "acme",
    name: "infra",
    files: { "README.md": "# infra\n" },
  });
  gh.state.addCollaborator(repo, "alice", "write");
  gh.state.installApp("acme", [repo]);
  const app = await startApp(gh, { webhookSecret: SECRET, env });
  apps.push(app);
  const base = app.webhookUrl.replace(/\/api\/github\/webhooks$/, "");
  const hooks = new WebhookSender(gh.state, {
    url: app.webhookUrl,
    secret: SECRET,
    settle: () => app.idle(),
  });
  return { gh, repo, app, base, hooks };
}

async function get(url: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(url);
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    text: await res.text(),
  };
}

/** Every secret the stand-in knows of: the webhook secret, the key (whole and by line), tokens, JWTs. */
function secretsOf(local: LocalGitHub): string[] {
  const pem = local.app.privateKey;
  const lines = pem.split("\n").filter((l) => l !== "" && !l.startsWith("-----"));
  return [
    SECRET,
    pem,
    lines.join(""),
    ...lines,
    ...local.tokens.all(),
    ...local.credentials,
  ].filter((s) => s.length >= 8);
}

// Each test starts the real server and merges a postmortem over HTTP: seconds on a busy machine.
describe("health, readiness and metrics over HTTP", { timeout: 30_000 }, () => {
  it("/healthz says ok; /readyz asks GitHub with the app's JWT once and reuses the answer", async () => {
    const { gh: local, base } = await world();
    expect(await get(`${base}/healthz`)).toMatchObject({ status: 200, text: '{"status":"ok"}\n' });
    const probes = await Promise.all([get(`${base}/readyz`), get(`${base}/readyz`)]);
    probes.push(await get(`${base}/readyz`));
    for (const probe of probes)
      expect(probe).toMatchObject({ status: 200, text: '{"status":"ready"}\n' });
    const appReads = local.requests.filter((r) => r.operation === "GET /app");
    expect(appReads.map((r) => [r.status, r.caller])).toEqual([[200, "app"]]);
    // Metrics are off unless METRICS=on.
    expect((await get(`${base}/metrics`)).status).toBe(404);
    local.assertNoViolations();
  });

  it("/readyz answers 503 with the reason when GitHub refuses the app's credentials", async () => {
    const { gh: local, base } = await world();
    local.faults.add({
      operation: "GET /app",
      times: Infinity,
      action: { kind: "status", status: 401 },
    });
    const probe = await get(`${base}/readyz`);
    expect(probe.status).toBe(503);
    expect(JSON.parse(probe.text)).toEqual({
      status: "not ready",
      reason: "GitHub answered 401 to GET /app with the app's credentials",
    });
    expect((await get(`${base}/healthz`)).status).toBe(200);
  });

  it("/readyz answers 503 when GitHub cannot be reached", async () => {
    const { gh: local, base } = await world();
    await local.close();
    gh = null;
    const probe = await get(`${base}/readyz`);
    expect(probe.status).toBe(503);
    expect(JSON.parse(probe.text)).toEqual({
      status: "not ready",
      reason: "GitHub is unreachable (ECONNREFUSED)",
    });
  });

  it("METRICS=on: deliveries, items, GitHub requests by route, rate limit; no secret anywhere", async () => {
    const { gh: local, repo, base, hooks } = await world({ METRICS: "on" });
    const pr = local.state.openPullRequest(repo, {
      author: "alice",
      title: "PM",
      branch: "pm",
      changes: { [PATH]: SEED },
    });
    local.state.mergePullRequest(repo, pr.number, { by: "alice", method: "squash" });
    expect((await hooks.deliver(hooks.pullRequest(repo, pr.number, "closed"))).status).toBe(200);
    await get(`${base}/readyz`);

    const metrics = await get(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const lines = metrics.text.split("\n");
    const value = (series: string) => {
      const line = lines.find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    const p = "postmortem_tracker_";
    expect(value(`${p}webhook_deliveries_total{event="pull_request.closed",outcome="ok"}`)).toBe(1);
    expect(value(`${p}webhook_handling_seconds_count{event="pull_request.closed"}`)).toBe(1);
    expect(value(`${p}items_total{action="filed"}`)).toBe(SEED_ITEMS);
    expect(value(`${p}item_duplicates_total`)).toBe(0);
    const creates = local.requests.filter(
      (r) => r.operation === "POST /repos/{owner}/{repo}/issues",
    ).length;
    expect(
      value(
        `${p}github_requests_total{method="POST",route="/repos/{owner}/{repo}/issues",status="201"}`,
      ),
    ).toBe(creates);
    const installation = [...local.state.installations.keys()][0];
    expect(value(`${p}github_rate_limit_remaining{installation="${String(installation)}"}`)).toBe(
      4999,
    );
    expect(value(`${p}github_secondary_limit_waits_total`)).toBe(0);
    // No fault was injected: nothing was retried.
    expect(lines.filter((l) => l.startsWith(`${p}github_retries_total{`))).toEqual([]);
    expect(value(`${p}last_reconcile_success_timestamp_seconds`)).toBe(0);
    expect(value(`${p}scheduler_leader`)).toBe(0);
    // Routes are templates: no repository, owner or issue number in a label.
    expect(lines.filter((l) => l.includes("acme") || l.includes("infra"))).toEqual([]);

    const bodies = [
      metrics.text,
      (await get(`${base}/healthz`)).text,
      (await get(`${base}/readyz`)).text,
    ];
    const secrets = secretsOf(local);
    expect(secrets.some((s) => s.startsWith("ghs_"))).toBe(true);
    const leaked = secrets.filter((s) => bodies.some((b) => b.includes(s)));
    expect(leaked.map((s) => `${s.slice(0, 6)}… (${s.length} chars)`)).toEqual([]);
    local.assertNoViolations();
  });

  it("METRICS_PORT serves /metrics on its own port, and not on the webhook port", async () => {
    const port = await freePort();
    const { base } = await world({ METRICS: "on", METRICS_PORT: String(port) });
    expect((await get(`${base}/metrics`)).status).toBe(404);
    const own = await get(`http://127.0.0.1:${port}/metrics`);
    expect(own.status).toBe(200);
    expect(own.text).toContain("postmortem_tracker_webhook_deliveries_total");
    expect((await get(`http://127.0.0.1:${port}/healthz`)).status).toBe(404);
  });

  it("refuses to start on a malformed METRICS, METRICS_PORT, SHUTDOWN_GRACE_S or REDIS_URL", async () => {
    const refused = await startServer({
      env: {
        METRICS: "yes",
        METRICS_PORT: "70000",
        SHUTDOWN_GRACE_S: "-1",
        REDIS_URL: "http://user:hunter2@cache:6379",
      },
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StartupRefused);
    const problems = (refused as StartupRefused).problems;
    expect(problems).toEqual([
      "REDIS_URL must start with redis:// or rediss://",
      expect.stringMatching(/^SHUTDOWN_GRACE_S must be/),
      expect.stringMatching(/^METRICS must be "on" or "off"/),
    ]);
    expect(problems.join(" ")).not.toContain("hunter2");
  });
});
