import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import { run, type ApplicationFunction, type Logger, type Probot } from "probot";
import { makeAppOctokit, readWriteInterval } from "../github/app-octokit.js";
import {
  conditionalRequests,
  memoryEtagStore,
  redisEtagStore,
} from "../github/conditional-requests.js";
import { checkAppCredentials } from "../github/gateway-health.js";
import { redisLeases } from "../github/redis-lease.js";
import { releaseHeldLocks } from "../github/repo-lock.js";
import { createSharedWriteGate } from "../github/shared-write-gate.js";
import app from "../index.js";
import { checkEnvironment } from "./check-environment.js";
import { readSchedulerSetting } from "./digest-scheduler.js";
import { readLeaderTtl, startLeaderElection, type LeaderElection } from "./leader-lease.js";
import { startMetricsServer } from "./metrics-server.js";
import { createMetrics, readMetricsSetting, type AppMetrics } from "./metrics.js";
import { observeRequests } from "./observe-requests.js";
import { createOpsRoutes } from "./ops-routes.js";
import { createReadiness } from "./readiness.js";
import { readReconcileSetting } from "./reconcile-scheduler.js";
import { checkRedisUrl, connectRedis, isRedisReady } from "./redis-connection.js";
import { makeRedisSweepMemoryStore } from "./redis-sweep-memory.js";
import { makeSchedulers, type Schedulers } from "./schedulers.js";
import { createShutdown, readShutdownGrace, type ShutdownReport } from "./shutdown.js";
import {
  readWebhookAnswer,
  trackDeliveries,
  type InFlight,
  type WebhookAnswer,
} from "./track-deliveries.js";

/** The environment is not fit to serve: one sentence per problem, none of them with a value. */
export class StartupRefused extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join(" "));
    this.name = "StartupRefused";
    this.problems = problems;
  }
}

/** Probot's `Server` (its class is not exported from the package root). */
export type ProbotServer = Awaited<ReturnType<typeof run>>;

/** The running app server. */
/**
 * Entity tags for conditional GETs (see conditional-requests.ts): enough in memory for the
 * config and issue lists of a few thousand repositories; in Redis, kept a week, past the next
 * weekly digest.
 */
const ETAG_MEMORY_BYTES = 64 * 1024 * 1024;
const ETAG_TTL_MS = 7 * 24 * 3600 * 1000;

export interface RunningServer {
  probot: ProbotServer;
  /**
   * The graceful shutdown (SIGTERM): 503 to new deliveries, work in flight finished for up to
   * `SHUTDOWN_GRACE_S`, every lock released, everything closed. Resolves; never exits the process.
   */
  shutdown: () => Promise<ShutdownReport>;
  /** Stops at once: closes the servers and Redis without waiting for work in flight (tests). */
  stop: () => Promise<void>;
  /**
   * Resolves when no delivery is being handled. Probot answers a delivery after 9 s with 202 and
   * handles it on, so the HTTP answer alone does not say when the work is done.
   */
  idle: () => Promise<void>;
}

export interface StartServerOptions {
  /** Read instead of `process.env` (`npm start` passes `process.env` plus `.env`). */
  env: Record<string, string | undefined>;
  /** Probot builds its own from `LOG_LEVEL`/`LOG_FORMAT` when none is given. */
  log?: Logger;
}

const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

/**
 * The app's server as `npm start`, the demo and the end-to-end tests all run it: our start-up
 * checks, then Probot's own `run` with the app's Octokit, plus what an operator needs: `/healthz`,
 * `/readyz`, `/metrics` (METRICS=on), a graceful shutdown, and with `REDIS_URL` the write spacing,
 * repository locks and scheduler leadership shared between replicas. Throws
 * {@link StartupRefused} when the environment is unfit, and Probot's plain errors for missing
 * production credentials.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { env } = options;
  const settings = readSettings(env);
  const metrics = settings.metrics.enabled ? createMetrics() : null;
  // Probot's logger exists only once the app function runs; Redis may complain before that.
  const logRef: { current: Logger | null } = { current: options.log ?? null };
  const redis =
    settings.redisUrl === null ? null : connectRedis(settings.redisUrl, lazyLog(logRef));
  let draining = false;
  let inFlight: InFlight | null = null;
  let probot: Probot | null = null;

  const appFn: ApplicationFunction = (instance, appOptions) => {
    probot = instance;
    logRef.current = instance.log;
    refuseWhileDraining(instance, settings.webhookPath, () => draining, metrics);
    inFlight = trackDeliveries(instance, metrics, settings.webhookAnswer);
    app(instance);
    appOptions.addHandler(
      createOpsRoutes({
        readiness: createReadiness({
          checkGitHub: async () => {
            await checkAppCredentials(await instance.auth());
          },
          localProblem: () => {
            if (draining) return "shutting down";
            if (redis !== null && !isRedisReady(redis))
              return "Redis is unreachable: no filing until it is back";
            return null;
          },
        }),
        metrics: metrics !== null && settings.metrics.port === null ? metrics.registry : null,
      }),
    );
  };

  const writeIntervalMs = readWriteInterval(env);
  const sharedWrites = redis === null ? null : createSharedWriteGate(redis, writeIntervalMs);
  const Octokit = makeAppOctokit({
    writeIntervalMs,
    redis,
    // One replica without Redis: its own deliveries take turns in memory (no lock label writes).
    processLocks: true,
    sharedWrites,
    // The conditional requests come last, around the metrics: a 304 is counted as a 304.
    plugins: [
      ...(metrics === null ? [] : [observeRequests(metrics)]),
      conditionalRequests(
        redis === null ? memoryEtagStore(ETAG_MEMORY_BYTES) : redisEtagStore(redis, ETAG_TTL_MS),
      ),
    ],
    onSecondaryLimit: () => metrics?.secondaryLimitWaits.inc(),
  });
  let server: ProbotServer;
  try {
    server = await run(appFn, {
      // Probot given REDIS_URL would cluster all its throttling groups, reads included, over a
      // client of its own that it fetches with npx at run time and that waits out a Redis outage
      // instead of failing. Our own gate (shared-write-gate.ts) does the sharing; Probot's
      // throttling stays per process.
      env: { ...env, REDIS_URL: undefined },
      ...(options.log === undefined ? {} : { log: options.log }),
      Octokit,
    });
  } catch (error) {
    await sharedWrites?.disconnect();
    redis?.disconnect();
    throw error;
  }

  const loaded = probot as Probot | null;
  // Setup mode (no credentials outside production) loads only Probot's setup pages.
  const schedulers =
    loaded === null
      ? null
      : makeSchedulers(loaded, settings.schedulers, metrics, {
          memoryStore: redis === null ? undefined : makeRedisSweepMemoryStore(redis),
        });
  const leader = startLeadership(loaded, redis, schedulers, settings, metrics);
  const metricsServer =
    metrics !== null && settings.metrics.port !== null
      ? await startMetricsServer(metrics.registry, settings.metrics.port, env.HOST ?? "localhost")
      : null;

  const stopBackground = async () => {
    await (leader !== null ? leader.stop() : schedulers?.stop());
  };
  const close = async (drained: boolean) => {
    // Node's server.close waits for every open request; one cut off by the grace period would
    // hold the shutdown until its work ends, which is what the grace period is there to bound.
    const closing = server.stop();
    if (drained) await closing;
    else closing.catch(() => undefined);
    if (metricsServer !== null) await closeHttp(metricsServer);
    await sharedWrites?.disconnect();
    redis?.disconnect();
  };
  const shutdown = createShutdown({
    log: logRef.current ?? silentLog,
    graceMs: settings.graceMs,
    drain: () => {
      draining = true;
    },
    inFlightIdle: () => inFlight?.idle() ?? Promise.resolve(),
    inFlightCount: () => inFlight?.count ?? 0,
    stopSchedulers: stopBackground,
    releaseLocks: releaseHeldLocks,
    close,
  });
  return {
    probot: server,
    shutdown,
    stop: async () => {
      draining = true;
      await stopBackground();
      await close(true);
    },
    idle: () => inFlight?.idle() ?? Promise.resolve(),
  };
}

interface Settings {
  webhookPath: string;
  graceMs: number;
  metrics: ReturnType<typeof readMetricsSetting>;
  redisUrl: string | null;
  leaderTtlMs: number;
  schedulers: { digest: boolean; reconcile: boolean };
  webhookAnswer: WebhookAnswer;
}

/** Every setting read and checked up front: a misconfiguration stops the start, loudly. */
function readSettings(env: Record<string, string | undefined>): Settings {
  const problems = checkEnvironment(env);
  const read = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return fallback;
    }
  };
  const redisUrl = (env.REDIS_URL ?? "").trim() === "" ? null : (env.REDIS_URL ?? "").trim();
  const redisProblem = redisUrl === null ? null : checkRedisUrl(redisUrl);
  if (redisProblem !== null) problems.push(redisProblem);
  const settings: Settings = {
    webhookPath: env.WEBHOOK_PATH ?? DEFAULT_WEBHOOK_PATH,
    webhookAnswer: read(() => readWebhookAnswer(env), "at-once"),
    graceMs: read(() => readShutdownGrace(env), 0),
    metrics: read(() => readMetricsSetting(env), { enabled: false, port: null }),
    redisUrl,
    leaderTtlMs: read(() => readLeaderTtl(env), 0),
    schedulers: {
      // RECONCILE_SCHEDULER (on by default): catch up on merges missed while down, then daily.
      reconcile: read(() => readReconcileSetting(env), false),
      // DIGEST_SCHEDULER=on: post the weekly digests from this process (or from the leader).
      digest: read(() => readSchedulerSetting(env), false),
    },
  };
  if (problems.length > 0) throw new StartupRefused(problems);
  return settings;
}

/**
 * Without Redis the schedulers start here; with it, on whichever replica holds the leader lease,
 * so `DIGEST_SCHEDULER=on` and `RECONCILE_SCHEDULER=on` are safe on every replica.
 */
function startLeadership(
  probot: Probot | null,
  redis: Redis | null,
  schedulers: Schedulers | null,
  settings: Settings,
  metrics: AppMetrics | null,
): LeaderElection | null {
  if (probot === null || schedulers === null) return null;
  if (!settings.schedulers.digest && !settings.schedulers.reconcile) return null;
  if (redis === null) {
    schedulers.start();
    return null;
  }
  return startLeaderElection({
    leases: redisLeases(redis),
    token: randomUUID(),
    log: probot.log.child({ name: "scheduler-leader" }),
    ttlMs: settings.leaderTtlMs,
    onElected: () => {
      metrics?.schedulerLeader.set(1);
      schedulers.start();
    },
    onDeposed: async () => {
      metrics?.schedulerLeader.set(0);
      await schedulers.stop();
    },
  });
}

type NodeMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: () => void,
) => Promise<boolean>;

/**
 * While shutting down, deliveries get 503 before Probot reads them: GitHub records the failure
 * and the reconcile (or a redelivery) picks the event up later. Probot's server puts its webhook
 * middleware before any handler an app can add, so the middleware itself is wrapped, on this
 * one instance, before the server asks for it.
 */
function refuseWhileDraining(
  probot: Probot,
  webhookPath: string,
  isDraining: () => boolean,
  metrics: AppMetrics | null,
): void {
  const original = probot.getNodeMiddleware.bind(probot);
  const wrapped = async (options?: Parameters<Probot["getNodeMiddleware"]>[0]) => {
    const middleware = (await original(options)) as NodeMiddleware;
    const guarded: NodeMiddleware = async (req, res, next) => {
      if (isDraining() && (req.url ?? "").split("?")[0] === webhookPath) {
        const event = req.headers["x-github-event"];
        metrics?.deliveries.inc({
          event: typeof event === "string" ? event : "unknown",
          outcome: "refused",
        });
        res.writeHead(503, { "content-type": "application/json", connection: "close" });
        res.end(`${JSON.stringify({ error: "shutting down; the reconcile picks this up" })}\n`);
        return true;
      }
      return middleware(req, res, next);
    };
    return guarded;
  };
  (probot as { getNodeMiddleware: unknown }).getNodeMiddleware = wrapped;
}

function closeHttp(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}

const noop = () => undefined;
const silentLog = {
  info: noop,
  warn: noop,
  error: noop,
  debug: noop,
  child: () => silentLog,
} as unknown as Logger;

/** A logger that writes to Probot's once it exists (Redis may report before the app loads). */
function lazyLog(ref: { current: Logger | null }): Logger {
  return {
    info: (obj: object, msg?: string) => {
      ref.current?.info(obj, msg);
    },
    warn: (obj: object, msg?: string) => {
      ref.current?.warn(obj, msg);
    },
  } as unknown as Logger;
}
