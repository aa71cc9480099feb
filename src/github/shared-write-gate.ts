import { setTimeout as delay } from "node:timers/promises";
import Bottleneck from "bottleneck";
import type { Redis } from "ioredis";
import type { OctokitPlugin } from "./app-octokit.js";

interface GateOptions {
  method?: unknown;
}

interface WrappableOctokit {
  hook: {
    wrap: (
      name: "request",
      wrapper: (
        request: (options: GateOptions) => Promise<unknown>,
        options: GateOptions,
      ) => Promise<unknown>,
    ) => void;
  };
}

export interface SharedWriteGate {
  plugin: OctokitPlugin;
  /** Closes the gate's Redis connections (Bottleneck opens a subscriber of its own). */
  disconnect: () => Promise<void>;
}

/**
 * Writes to one installation, from every replica, one at a time and `intervalMs` apart, through
 * a Redis-backed Bottleneck limiter per installation (Bottleneck's own clustering; the same
 * library and store Probot's throttling uses with Redis).
 *
 * The spacing is counted from the end of one write to the start of the next: the slot is held
 * for `intervalMs` after the answer arrives (the caller has its answer at once). Bottleneck's
 * `minTime` counts from start to start, and GitHub sees a request when it arrives, so a slow
 * write followed by a fast one could reach GitHub less than a second apart; holding the slot
 * rules that out whatever the latencies. While Redis is away, scheduling fails and so does the
 * write: no write goes out unspaced.
 */
export function createSharedWriteGate(redis: Redis, intervalMs: number): SharedWriteGate {
  const connection = new Bottleneck.IORedisConnection({ client: redis });
  const limiters = new LimiterPool(connection, redis);
  const plugin = (octokit: WrappableOctokit, octokitOptions: { throttle?: { id?: unknown } }) => {
    // Probot sets the throttle id to the installation id; the app's JWT client has none.
    const rawId = octokitOptions.throttle?.id;
    const key = typeof rawId === "string" || typeof rawId === "number" ? String(rawId) : "app";
    octokit.hook.wrap("request", (request, options) => {
      if (options.method === "GET" || options.method === "HEAD") return request(options);
      return new Promise((resolve, reject) => {
        limiters
          .get(key)
          .schedule(async () => {
            try {
              resolve(await request(options));
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
            await delay(intervalMs);
          })
          .catch((error: unknown) => {
            // Redis is away (or was when this limiter was set up): a limiter whose set-up failed
            // stays broken in Bottleneck, so the next write builds a new one.
            limiters.drop(key);
            reject(error instanceof Error ? error : new Error(String(error)));
          });
      });
    });
  };
  return {
    plugin: plugin as unknown as OctokitPlugin,
    disconnect: async () => {
      limiters.close();
      // Stops the limiters' heartbeats and closes the client and Bottleneck's subscriber.
      await connection.disconnect(false);
    },
  };
}

/** How long an installation's limiter may sit unused before it is let go (its Redis keys too). */
const IDLE_MS = 5 * 60_000;

/**
 * One clustered Bottleneck limiter per installation, made on first use and let go after
 * `IDLE_MS` unused (each one heartbeats to Redis). Bottleneck's Group does the same, but keeps a
 * limiter whose set-up failed during a Redis outage, and cannot drop one while Redis is away.
 */
class LimiterPool {
  readonly #connection: Bottleneck.IORedisConnection;
  readonly #redis: Redis;
  readonly #limiters = new Map<string, { limiter: Bottleneck; usedAt: number }>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(connection: Bottleneck.IORedisConnection, redis: Redis) {
    this.#connection = connection;
    this.#redis = redis;
    this.#sweeper = setInterval(() => {
      this.#sweep();
    }, 60_000);
    this.#sweeper.unref();
  }

  get(key: string): Bottleneck {
    const found = this.#limiters.get(key);
    if (found !== undefined) {
      found.usedAt = Date.now();
      return found.limiter;
    }
    const limiter = new Bottleneck({
      id: `postmortem-tracker-writes-${key}`,
      maxConcurrent: 1,
      minTime: 0,
      datastore: "ioredis",
      clearDatastore: false,
      connection: this.#connection,
      // Redis forgets the limiter's state after this long unused.
      timeout: IDLE_MS * 2,
    });
    // Errors reach the scheduling caller; this only keeps them from being "unhandled".
    limiter.on("error", () => undefined);
    this.#limiters.set(key, { limiter, usedAt: Date.now() });
    return limiter;
  }

  drop(key: string): void {
    const found = this.#limiters.get(key);
    if (found === undefined) return;
    this.#limiters.delete(key);
    // Bottleneck's disconnect unsubscribes without handling a failure, which would crash the
    // process while Redis is away: it waits until Redis is back (the final close stops all).
    const disconnect = () => {
      Promise.resolve()
        .then(() => found.limiter.disconnect(false))
        .catch(() => undefined);
    };
    if (this.#redis.status === "ready") disconnect();
    else this.#redis.once("ready", disconnect);
  }

  /** Forgets every limiter; the connection's own disconnect then stops their heartbeats. */
  close(): void {
    clearInterval(this.#sweeper);
    this.#limiters.clear();
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, { limiter, usedAt }] of this.#limiters) {
      if (now - usedAt > IDLE_MS && limiter.empty()) this.drop(key);
    }
  }
}
