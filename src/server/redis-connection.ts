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
    const code = (error as { code?: unknown }).code;
    const text = typeof code === "string" ? code : "error";
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
