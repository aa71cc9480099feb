import { Redis } from "ioredis";
import type { Logger } from "probot";

/**
 * The Redis connection replicas share (`REDIS_URL`). Requests fail fast while Redis is away
 * (one retry per request), so writes fail closed instead of waiting; ioredis keeps reconnecting
 * in the background, and everything works again as soon as Redis is back. The URL may hold a
 * password: it is never logged, and errors are logged by code only.
 */
export function connectRedis(url: string, log: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let lastCode: string | null = null;
  redis.on("error", (error: unknown) => {
    const text = readRedisErrorCode(error) ?? "error";
    // One line per change of trouble, not one per reconnect attempt.
    if (text !== lastCode) log.warn({ code: text }, "redis connection problem");
    lastCode = text;
  });
  redis.on("ready", () => {
    if (lastCode !== null) log.info({}, "redis connection back");
    lastCode = null;
  });
  return redis;
}

/**
 * A Redis failure's code, the only part of it that is logged: a connection error's (ECONNREFUSED),
 * or a reply error's first word (WRONGTYPE). The message may carry the host, the URL a password.
 */
export function readRedisErrorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  if (error instanceof Error && error.name === "ReplyError")
    return /^[A-Z]+/.exec(error.message)?.[0] ?? null;
  return null;
}

/** Whether Redis answers now (the readiness probe's view). */
export function isRedisReady(redis: Redis): boolean {
  return redis.status === "ready";
}

/** Fails loudly on a malformed REDIS_URL at start-up instead of retrying it forever. */
export function checkRedisUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "REDIS_URL is not a URL: expected redis://[:password@]host:port[/db]";
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:")
    return "REDIS_URL must start with redis:// or rediss://";
  return null;
}
