import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { readLeaderTtl } from "../../src/server/leader-lease.js";
import { createMetrics, readMetricsSetting } from "../../src/server/metrics.js";
import { routeTemplate } from "../../src/server/observe-requests.js";
import { createReadiness } from "../../src/server/readiness.js";
import { createShutdown, readShutdownGrace } from "../../src/server/shutdown.js";

const silent = pino({ level: "silent" });

describe("readiness", () => {
  it("asks GitHub at most once a minute, shares a check between concurrent probes, and says why not", async () => {
    let now = Date.parse("2026-11-26T12:00:00Z");
    let calls = 0;
    let failWith: Error | null = null;
    const readiness = createReadiness({
      now: () => now,
      checkGitHub: () => {
        calls += 1;
        return failWith === null ? Promise.resolve() : Promise.reject(failWith);
      },
      localProblem: () => null,
    });
    expect(await Promise.all([readiness(), readiness()])).toEqual([
      { ready: true, reason: null },
      { ready: true, reason: null },
    ]);
    expect(calls).toBe(1);
    failWith = Object.assign(new Error("Bad credentials: ghs_secret"), {
      status: 401,
      response: {},
    });
    now += 59_999;
    expect(await readiness()).toEqual({ ready: true, reason: null });
    now += 1;
    expect(await readiness()).toEqual({
      ready: false,
      reason: "GitHub answered 401 to GET /app with the app's credentials",
    });
    expect(calls).toBe(2);
    now += 60_000;
    failWith = Object.assign(new Error("fetch failed"), {
      status: 500,
      cause: Object.assign(new Error("x"), { cause: { code: "ENOTFOUND" } }),
    });
    expect(await readiness()).toEqual({
      ready: false,
      reason: "GitHub is unreachable (ENOTFOUND)",
    });
  });

  it("a local problem wins at once, without asking GitHub", async () => {
    let calls = 0;
    const readiness = createReadiness({
      checkGitHub: () => {
        calls += 1;
        return Promise.resolve();
      },
      localProblem: () => "shutting down",
    });
    expect(await readiness()).toEqual({ ready: false, reason: "shutting down" });
    expect(calls).toBe(0);
  });
});

describe("shutdown", () => {
  it("drains, waits for work in flight, releases locks, closes; once however often it is called", async () => {
    const steps: string[] = [];
    let finish: () => void = () => undefined;
    const work = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const shutdown = createShutdown({
      log: silent,
      graceMs: 60_000,
      drain: () => steps.push("drain"),
      inFlightIdle: () => work.then(() => void steps.push("idle")),
      inFlightCount: () => 1,
      stopSchedulers: () => Promise.resolve(void steps.push("schedulers stopped")),
      releaseLocks: () => Promise.resolve(void steps.push("locks released")),
      close: (drained) => Promise.resolve(void steps.push(`closed drained=${String(drained)}`)),
    });
    const first = shutdown();
    expect(shutdown()).toBe(first);
    await Promise.resolve();
    expect(steps).toEqual(["drain", "schedulers stopped"]);
    finish();
    expect((await first).drained).toBe(true);
    expect(steps).toEqual([
      "drain",
      "schedulers stopped",
      "idle",
      "locks released",
      "closed drained=true",
    ]);
  });

  it("gives up waiting after the grace period, and still releases and closes", async () => {
    const steps: string[] = [];
    const report = await createShutdown({
      log: silent,
      graceMs: 0,
      drain: () => undefined,
      inFlightIdle: () => new Promise<void>(() => undefined),
      inFlightCount: () => 1,
      stopSchedulers: () => Promise.resolve(),
      releaseLocks: () => Promise.reject(new Error("GitHub is down")),
      close: (drained) => Promise.resolve(void steps.push(`closed drained=${String(drained)}`)),
    })();
    expect(report.drained).toBe(false);
    expect(steps).toEqual(["closed drained=false"]);
  });
});

describe("settings", () => {
  it("METRICS and METRICS_PORT", () => {
    expect(readMetricsSetting({})).toEqual({ enabled: false, port: null });
    expect(readMetricsSetting({ METRICS: "ON" })).toEqual({ enabled: true, port: null });
    expect(readMetricsSetting({ METRICS: "on", METRICS_PORT: "9464" })).toEqual({
      enabled: true,
      port: 9464,
    });
    expect(() => readMetricsSetting({ METRICS: "true" })).toThrow(/METRICS must be "on" or "off"/);
    expect(() => readMetricsSetting({ METRICS: "on", METRICS_PORT: "0" })).toThrow(/METRICS_PORT/);
    expect(() => readMetricsSetting({ METRICS_PORT: "9464" })).toThrow(/METRICS is not on/);
  });

  it("SHUTDOWN_GRACE_S and LEADER_LEASE_TTL_MS", () => {
    expect(readShutdownGrace({})).toBe(25_000);
    expect(readShutdownGrace({ SHUTDOWN_GRACE_S: "0" })).toBe(0);
    expect(() => readShutdownGrace({ SHUTDOWN_GRACE_S: "2.5" })).toThrow(/whole seconds/);
    expect(() => readShutdownGrace({ SHUTDOWN_GRACE_S: "3601" })).toThrow(/whole seconds/);
    expect(readLeaderTtl({})).toBe(30_000);
    expect(readLeaderTtl({ LEADER_LEASE_TTL_MS: "1500" })).toBe(1500);
    expect(() => readLeaderTtl({ LEADER_LEASE_TTL_MS: "10" })).toThrow(/from 1000/);
  });
});

describe("metrics", () => {
  it("route templates never carry an owner, a repository or a number", () => {
    expect(routeTemplate("/repos/{owner}/{repo}/issues")).toBe("/repos/{owner}/{repo}/issues");
    expect(
      routeTemplate("https://ghe.example.com/api/v3/repos/acme/infra/issues/12/comments?page=2"),
    ).toBe("/repos/{owner}/{repo}/issues/{number}/comments");
    expect(routeTemplate("https://api.github.com/orgs/acme/installation")).toBe(
      "/orgs/{name}/installation",
    );
    expect(routeTemplate(undefined)).toBe("");
  });

  it("every metric the operations guide lists exists, in a registry of its own", async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.duplicates.inc();
    const text = await b.registry.metrics();
    expect(text).toMatch(/^postmortem_tracker_item_duplicates_total 0$/m);
    for (const name of [
      "webhook_deliveries_total",
      "webhook_handling_seconds",
      "items_total",
      "github_requests_total",
      "github_retries_total",
      "github_secondary_limit_waits_total",
      "github_rate_limit_remaining",
      "job_runs_total",
      "job_duration_seconds",
      "last_reconcile_success_timestamp_seconds",
      "scheduler_leader",
    ])
      expect(text).toContain(`# TYPE postmortem_tracker_${name} `);
  });
});
