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
  const group = new Bottleneck.Group({
    id: "postmortem-tracker-writes",
    maxConcurrent: 1,
    minTime: 0,
    datastore: "ioredis",
    clearDatastore: false,
    connection,
  });
  const plugin = (octokit: WrappableOctokit, octokitOptions: { throttle?: { id?: unknown } }) => {
    // Probot sets the throttle id to the installation id; the app's JWT client has none.
    const rawId = octokitOptions.throttle?.id;
    const key = typeof rawId === "string" || typeof rawId === "number" ? String(rawId) : "app";
    octokit.hook.wrap("request", (request, options) => {
      if (options.method === "GET" || options.method === "HEAD") return request(options);
      return new Promise((resolve, reject) => {
        group
          .key(key)
          .schedule(async () => {
            try {
              resolve(await request(options));
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
            await delay(intervalMs);
          })
          .catch((error: unknown) => {
            reject(error instanceof Error ? error : new Error(String(error)));
          });
      });
    });
  };
  return {
    plugin: plugin as unknown as OctokitPlugin,
    disconnect: async () => {
      // Stops the limiters' heartbeats and closes the client and Bottleneck's subscriber.
      await connection.disconnect(false);
    },
  };
}
