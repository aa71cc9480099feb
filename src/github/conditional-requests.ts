import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { OctokitPlugin } from "./app-octokit.js";

/** A GET answer kept with its entity tag, to be sent again when GitHub answers 304. */
export interface CachedAnswer {
  etag: string;
  /** The headers the app reads from an answer: pagination (`link`) and the tag itself. */
  headers: Record<string, string>;
  /** The answer's data, as JSON text: every hit parses its own copy, so no caller can alter it. */
  json: string;
}

/** Where entity tags live: the process's memory, or Redis shared by every replica. */
export interface EtagStore {
  get(key: string): Promise<CachedAnswer | undefined>;
  set(key: string, answer: CachedAnswer): Promise<void>;
}

/**
 * Entity tags in memory, least recently used first out once their JSON passes `maxBytes`. An
 * hourly digest sweep of an organisation reads each repository's config and issue lists; a tag
 * is only worth keeping while the next sweep may send it.
 */
export function memoryEtagStore(maxBytes: number): EtagStore {
  const entries = new Map<string, CachedAnswer>();
  let bytes = 0;
  const sizeOf = (key: string, answer: CachedAnswer) => key.length + answer.json.length + 200;
  return {
    get(key) {
      const answer = entries.get(key);
      if (answer !== undefined) {
        // Map keeps insertion order: moving a hit to the end makes the first entry the oldest.
        entries.delete(key);
        entries.set(key, answer);
      }
      return Promise.resolve(answer);
    },
    set(key, answer) {
      const previous = entries.get(key);
      if (previous !== undefined) {
        bytes -= sizeOf(key, previous);
        entries.delete(key);
      }
      const size = sizeOf(key, answer);
      if (size > maxBytes) return Promise.resolve();
      entries.set(key, answer);
      bytes += size;
      for (const [oldest, kept] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= sizeOf(oldest, kept);
      }
      return Promise.resolve();
    },
  };
}

/**
 * Entity tags in Redis (with `REDIS_URL`), shared by the replicas, so that whichever replica
 * leads the next sweep sends them. Each expires after `ttlMs`. Redis being away is a cache miss,
 * never a failed request.
 */
export function redisEtagStore(redis: Redis, ttlMs: number): EtagStore {
  const prefix = "postmortem-tracker:etag:";
  // While Redis reconnects, ioredis would hold each command until it gives up; a cache that
  // slows every read down is worse than none, so it is skipped until Redis is back.
  const ready = () => redis.status === "ready";
  return {
    async get(key) {
      if (!ready()) return undefined;
      try {
        const text = await redis.get(prefix + key);
        return text === null ? undefined : (JSON.parse(text) as CachedAnswer);
      } catch {
        return undefined;
      }
    },
    async set(key, answer) {
      if (!ready()) return;
      try {
        await redis.set(prefix + key, JSON.stringify(answer), "PX", ttlMs);
      } catch {
        // A tag not kept costs one full answer on the next sweep; nothing else.
      }
    },
  };
}

interface RequestOptions {
  method?: unknown;
  headers?: Record<string, unknown>;
  [key: string]: unknown;
}

interface Answer {
  status: number;
  url: string;
  headers: Record<string, unknown>;
  data: unknown;
}

interface HookedOctokit {
  hook: {
    wrap: (
      name: "request",
      wrapper: (
        request: (options: RequestOptions) => Promise<Answer>,
        options: RequestOptions,
      ) => Promise<Answer>,
    ) => void;
  };
  request: { endpoint: { parse: (options: RequestOptions) => { url: string } } };
}

interface ClientOptions {
  baseUrl?: unknown;
  auth?: unknown;
}

export interface ConditionalRequestEvents {
  /** GitHub answered 304: the kept answer was used, and no rate limit was spent. */
  onNotModified?: () => void;
}

/**
 * An Octokit plugin that sends every GET with the entity tag of the last answer to the same
 * request (`If-None-Match`) and, when GitHub answers 304 Not Modified, returns that answer again.
 * GitHub does not count a 304 against the rate limit, so a sweep that finds nothing changed
 * costs nothing. Tags are kept per installation (Probot's installation clients) or per token
 * (the CLI), never shared between credentials; the app's JWT client is left alone.
 */
export function conditionalRequests(
  store: EtagStore,
  events: ConditionalRequestEvents = {},
): OctokitPlugin {
  const plugin = (octokit: HookedOctokit, clientOptions: ClientOptions) => {
    const scope = scopeOf(clientOptions);
    if (scope === null) return;
    octokit.hook.wrap("request", async (request, options) => {
      const method = typeof options.method === "string" ? options.method.toUpperCase() : "GET";
      if (method !== "GET" || hasHeader(options.headers, "if-none-match")) return request(options);
      const key = `${scope} ${octokit.request.endpoint.parse(options).url}`;
      const kept = await store.get(key);
      // Changed in place: the hooks inside this one were bound to this options object, and an
      // object passed to `request` instead would lose the header on the way.
      if (kept !== undefined) options.headers = { ...options.headers, "if-none-match": kept.etag };
      let answer: Answer;
      try {
        answer = await request(options);
      } catch (error) {
        if (kept === undefined || statusOf(error) !== 304) throw error;
        events.onNotModified?.();
        return {
          status: 200,
          url: urlOf(error, key),
          headers: { ...kept.headers },
          data: JSON.parse(kept.json) as unknown,
        };
      }
      const etag = answer.headers.etag;
      if (answer.status === 200 && typeof etag === "string" && etag !== "") {
        const headers: Record<string, string> = { etag };
        if (typeof answer.headers.link === "string") headers.link = answer.headers.link;
        // JSON.stringify gives undefined for an answer with no data (typed as string regardless).
        const json = JSON.stringify(answer.data) as string | undefined;
        await store.set(key, { etag, headers, json: json ?? "null" });
      }
      return answer;
    });
  };
  return plugin as unknown as OctokitPlugin;
}

/** Whose answers these are: an installation, or a token (hashed; never kept as it is). */
function scopeOf(options: ClientOptions): string | null {
  const base = typeof options.baseUrl === "string" ? options.baseUrl : "https://api.github.com";
  const { auth } = options;
  // A plain token, as Octokit takes it (`auth: "…"`) or as Probot does (`auth: { token }`).
  const token =
    typeof auth === "string" ? auth : (auth as { token?: unknown } | null | undefined)?.token;
  if (typeof token === "string" && token !== "") {
    const digest = createHash("sha256").update(token).digest("hex").slice(0, 24);
    return `${base} token:${digest}`;
  }
  const id = (auth as { installationId?: unknown } | null | undefined)?.installationId;
  if (typeof id === "number" || typeof id === "string") return `${base} installation:${id}`;
  return null;
}

function hasHeader(headers: Record<string, unknown> | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((header) => header.toLowerCase() === name);
}

function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : null;
}

function urlOf(error: unknown, key: string): string {
  const url = (error as { response?: { url?: unknown } } | null)?.response?.url;
  return typeof url === "string" ? url : (key.split(" ").pop() ?? "");
}
