import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The app's Prometheus metrics (prom-client), one registry per server so that several servers in
 * one process (tests) never share counts. Label values are bounded sets (event names, route
 * templates, status codes, installation ids): never a repository, a login or a token.
 */
export interface AppMetrics {
  registry: Registry;
  deliveries: Counter<"event" | "outcome">;
  handlingSeconds: Histogram<"event">;
  items: Counter<"action">;
  duplicates: Counter;
  githubRequests: Counter<"method" | "route" | "status">;
  githubRetries: Counter<"method" | "route">;
  secondaryLimitWaits: Counter;
  rateLimitRemaining: Gauge<"installation">;
  jobRuns: Counter<"job" | "outcome">;
  jobSeconds: Histogram<"job">;
  lastReconcileSuccess: Gauge;
  schedulerLeader: Gauge;
}

const PREFIX = "postmortem_tracker_";

/** Fresh metrics in their own registry, with Node's default process metrics next to them. */
export function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const registers = [registry];
  const lastReconcileSuccess = new Gauge({
    name: `${PREFIX}last_reconcile_success_timestamp_seconds`,
    help: "Unix time of the last reconcile that ended without error (0: none since start-up); alert on time() minus this.",
    registers,
  });
  lastReconcileSuccess.set(0);
  return {
    registry,
    deliveries: new Counter({
      name: `${PREFIX}webhook_deliveries_total`,
      help: "Webhook deliveries handled, by event (name.action) and outcome (ok, error, refused while shutting down).",
      labelNames: ["event", "outcome"],
      registers,
    }),
    handlingSeconds: new Histogram({
      name: `${PREFIX}webhook_handling_seconds`,
      help: "Time to handle a webhook delivery, by event; GitHub stops waiting at 10 s, the work goes on.",
      labelNames: ["event"],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 9, 15, 30, 60, 120, 300],
      registers,
    }),
    items: new Counter({
      name: `${PREFIX}items_total`,
      help: "Action-item issues written to GitHub, by action (filed, updated, closed).",
      labelNames: ["action"],
      registers,
    }),
    duplicates: new Counter({
      name: `${PREFIX}item_duplicates_total`,
      help: "Item issues this process filed for an item it had already filed (should stay 0).",
      registers,
    }),
    githubRequests: new Counter({
      name: `${PREFIX}github_requests_total`,
      help: "GitHub API requests, by method, route template and final status (0: no answer).",
      labelNames: ["method", "route", "status"],
      registers,
    }),
    githubRetries: new Counter({
      name: `${PREFIX}github_retries_total`,
      help: "Extra attempts the Octokit retry and throttle plugins made, by method and route template.",
      labelNames: ["method", "route"],
      registers,
    }),
    secondaryLimitWaits: new Counter({
      name: `${PREFIX}github_secondary_limit_waits_total`,
      help: "Secondary rate limits met (each is waited out per retry-after, or given up).",
      registers,
    }),
    rateLimitRemaining: new Gauge({
      name: `${PREFIX}github_rate_limit_remaining`,
      help: "x-ratelimit-remaining of the last answer, per installation id (app: the app's JWT).",
      labelNames: ["installation"],
      registers,
    }),
    jobRuns: new Counter({
      name: `${PREFIX}job_runs_total`,
      help: "Scheduled digest and reconcile sweeps, by job and outcome (ok, error).",
      labelNames: ["job", "outcome"],
      registers,
    }),
    jobSeconds: new Histogram({
      name: `${PREFIX}job_duration_seconds`,
      help: "Duration of a digest or reconcile sweep.",
      labelNames: ["job"],
      buckets: [1, 5, 15, 60, 300, 900, 1800, 3600, 7200],
      registers,
    }),
    lastReconcileSuccess,
    schedulerLeader: new Gauge({
      name: `${PREFIX}scheduler_leader`,
      help: "1 while this replica runs the digest and reconcile schedulers, else 0.",
      registers,
    }),
  };
}

export interface MetricsSetting {
  enabled: boolean;
  /** A separate port for /metrics; null: served on the app's own port. */
  port: number | null;
}

/** `METRICS` ("on"/"off", default off) and `METRICS_PORT` (optional); anything else throws. */
export function readMetricsSetting(env: Record<string, string | undefined>): MetricsSetting {
  const raw = (env.METRICS ?? "").trim().toLowerCase();
  if (raw !== "" && raw !== "on" && raw !== "off")
    throw new Error(`METRICS must be "on" or "off", got ${JSON.stringify(env.METRICS)}`);
  const enabled = raw === "on";
  const portText = (env.METRICS_PORT ?? "").trim();
  if (portText === "") return { enabled, port: null };
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535)
    throw new Error(
      `METRICS_PORT must be a port number (1-65535), got ${JSON.stringify(portText)}`,
    );
  if (!enabled) throw new Error("METRICS_PORT is set but METRICS is not on: set METRICS=on too");
  return { enabled, port };
}
