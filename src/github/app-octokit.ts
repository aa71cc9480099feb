import Bottleneck from "bottleneck";
import type { Redis } from "ioredis";
import { ProbotOctokit } from "probot";
import { processLeases } from "./process-lease.js";
import { redisLeases } from "./redis-lease.js";
import type { SharedWriteGate } from "./shared-write-gate.js";

/** GitHub's guidance: "wait at least one second between each request" that mutates. */
export const GUIDANCE_WRITE_INTERVAL_MS = 1000;

/** How often a request that hit a secondary rate limit is tried again after `retry-after`. */
export const SECONDARY_LIMIT_RETRIES = 2;

interface ThrottleOptions {
  enabled?: boolean;
  [key: string]: unknown;
}

interface RetriedRequest {
  method: string;
  url: string;
}

interface LoggingOctokit {
  log: { warn: (message: string) => void };
}

/**
 * Probot's Octokit with the throttling GitHub asks for, and no slower.
 *
 * Out of the box, @octokit/plugin-throttling spaces writes 1 s apart but writes that notify
 * (issue and comment creates) 3 s apart, so a postmortem with 50 items takes about 2.5 minutes
 * to file, and Probot's handler never retries a secondary rate limit. GitHub's own guidance is
 * one second between mutations, serial, honouring `retry-after`. This class keeps every write in
 * the plugin's one-per-second `write` queue (shared per installation, and across processes when
 * Probot is given Redis), drops the extra notification queue, and retries a secondary limit after
 * the delay GitHub names. A request refused by a secondary limit was not carried out, so trying
 * it again cannot duplicate a create.
 *
 * `writeIntervalMs` other than 1000 is for a local GitHub stand-in (the demo, end-to-end tests).
 *
 * With `sharedWrites` (the server's `REDIS_URL`), writes to one installation stay
 * `writeIntervalMs` apart across every replica, and while Redis is away they fail instead of
 * going out unspaced. With `redis`, the clients carry the Redis lease store, and `withRepoLock`
 * takes a Redis lease instead of the label; with `processLocks`, a lease in this process's
 * memory. Without them the queue is per process.
 */
export function makeAppOctokit(options: AppOctokitOptions = {}): typeof ProbotOctokit {
  const interval = options.writeIntervalMs ?? GUIDANCE_WRITE_INTERVAL_MS;
  if (!Number.isInteger(interval) || interval < 0)
    throw new Error(`write interval must be a whole number of milliseconds, got ${interval}`);
  // With Redis the shared gate spaces writes; the plugin's own per-process gate must not add to it.
  const write =
    options.sharedWrites != null
      ? new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 })
      : interval === GUIDANCE_WRITE_INTERVAL_MS
        ? null
        : new Bottleneck.Group({ maxConcurrent: 1, minTime: interval });
  const repoLeases =
    options.redis != null
      ? redisLeases(options.redis)
      : options.processLocks === true
        ? processLeases()
        : null;
  const onSecondaryLimit = options.onSecondaryLimit ?? (() => undefined);
  let Octokit = ProbotOctokit.plugin(refreshTokenOn401, () => ({ repoLeases }));
  // Registered last, so each wraps the whole request, retries and throttling included.
  for (const plugin of options.plugins ?? []) Octokit = Octokit.plugin(plugin);
  if (options.sharedWrites != null) Octokit = Octokit.plugin(options.sharedWrites.plugin);
  return Octokit.defaults((instance: Record<string, unknown>) =>
    withAuthBaseUrl(withGuidanceThrottle(instance, write, onSecondaryLimit)),
  );
}

export interface AppOctokitOptions {
  writeIntervalMs?: number;
  /** Repository locks become Redis leases shared between replicas. */
  redis?: Redis | null;
  /**
   * Without `redis`: repository locks are leases in this process's memory instead of a label
   * (two writes per lock). For a server that is the only replica; the CLI and the Action, which
   * run beside it, leave this off.
   */
  processLocks?: boolean;
  /** Write spacing shared between replicas (see shared-write-gate.ts). */
  sharedWrites?: SharedWriteGate | null;
  /** Extra Octokit plugins (metrics). */
  plugins?: OctokitPlugin[];
  /** Called each time a secondary rate limit is met (metrics). */
  onSecondaryLimit?: () => void;
}

// The plugin type of ProbotOctokit.plugin, without importing @octokit/core directly.
export type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[0];

interface RequestWithDefaults {
  defaults: (options: { baseUrl: string }) => unknown;
}

/**
 * Probot hands the app's auth strategy a `request` without the API's base URL. Token requests
 * made inside a request's hook get the right host anyway, but a token asked for directly
 * (`octokit.auth({ refresh: true })`, see {@link refreshTokenOn401}) would go to api.github.com
 * even on GitHub Enterprise Server. Exported for tests.
 */
export function withAuthBaseUrl(instance: Record<string, unknown>): Record<string, unknown> {
  const { baseUrl, auth } = instance;
  if (typeof baseUrl !== "string" || typeof auth !== "object" || auth === null) return instance;
  const request = (auth as { request?: unknown }).request;
  if (typeof (request as Partial<RequestWithDefaults> | undefined)?.defaults !== "function")
    return instance;
  return {
    ...instance,
    auth: { ...auth, request: (request as RequestWithDefaults).defaults({ baseUrl }) },
  };
}

interface RequestOptions {
  method: string;
  url: string;
  request?: Record<string, unknown>;
  [key: string]: unknown;
}

interface PluginOctokit {
  hook: {
    error: (
      name: "request",
      handler: (error: unknown, options: RequestOptions) => Promise<unknown>,
    ) => void;
  };
  auth: (options: Record<string, unknown>) => Promise<unknown>;
  request: (options: RequestOptions) => Promise<unknown>;
  log: { info: (message: string) => void };
}

/**
 * An installation token that expires or is revoked in the middle of a run answers 401, and
 * @octokit/auth-app then gives up (it only retries 401 in the first 5 s of a token's life, for
 * replication lag). This asks for a new installation token once and sends the request again.
 * Clients that cannot mint one (a plain token, the app's JWT client) get the 401 as it was.
 */
export function refreshTokenOn401(octokit: PluginOctokit): void {
  octokit.hook.error("request", async (error, options) => {
    if (!hasStatus401(error) || options.request?.tokenRefreshed === true) throw error;
    let fresh: unknown;
    try {
      fresh = await octokit.auth({ type: "installation", refresh: true });
    } catch {
      throw error;
    }
    if (!isInstallationToken(fresh)) throw error;
    octokit.log.info(`installation token refused on ${options.method} ${options.url}: renewed it`);
    return octokit.request({ ...options, request: { ...options.request, tokenRefreshed: true } });
  });
}

function hasStatus401(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { status?: unknown }).status === 401
  );
}

function isInstallationToken(auth: unknown): boolean {
  return (
    typeof auth === "object" &&
    auth !== null &&
    (auth as { tokenType?: unknown }).tokenType === "installation"
  );
}

/**
 * The Octokit options with the throttle settings above; options whose throttling is switched off
 * (tests) are returned unchanged. Exported for tests.
 */
export function withGuidanceThrottle(
  instance: Record<string, unknown>,
  write: Bottleneck.Group | null,
  onSecondaryLimit: () => void = () => undefined,
): Record<string, unknown> {
  const throttle = (instance.throttle ?? {}) as ThrottleOptions;
  if (throttle.enabled === false) return instance;
  return {
    ...instance,
    throttle: {
      ...throttle,
      triggersNotification: () => false,
      ...(write === null ? {} : { write }),
      onSecondaryRateLimit: (
        retryAfter: number,
        request: RetriedRequest,
        octokit: LoggingOctokit,
        retryCount: number,
      ) => {
        onSecondaryLimit();
        return retrySecondaryLimit(retryAfter, request, octokit, retryCount);
      },
    },
  };
}

function retrySecondaryLimit(
  retryAfter: number,
  request: RetriedRequest,
  octokit: LoggingOctokit,
  retryCount: number,
): boolean {
  const retry = retryCount < SECONDARY_LIMIT_RETRIES;
  octokit.log.warn(
    `secondary rate limit on ${request.method} ${request.url}: ${
      retry ? `retrying in ${retryAfter} s` : "giving up"
    }`,
  );
  return retry;
}

/** `WRITE_INTERVAL_MS` from the environment: unset means GitHub's guidance. */
export function readWriteInterval(env: Record<string, string | undefined>): number {
  const raw = env.WRITE_INTERVAL_MS;
  if (raw === undefined || raw === "") return GUIDANCE_WRITE_INTERVAL_MS;
  if (!/^\d{1,7}$/.test(raw))
    throw new Error(`WRITE_INTERVAL_MS must be a whole number of milliseconds, got "${raw}"`);
  return Number(raw);
}
