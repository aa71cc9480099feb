import { z } from "zod";
import { digestSlot } from "../core/digest/schedule.js";
import {
  CONFIG_CACHE_ENTRIES,
  memoryConfigCache,
  type ConfigCache,
  type ConfigCacheEntry,
} from "../github/config-cache.js";
import { makeQuietRepositories, type QuietMemory } from "./quiet-repositories.js";
import type { DigestRunReport, ListedRepo } from "./run-digest.js";

/**
 * What an hourly digest sweep remembers for the next one, so that an hour in which nothing
 * changed costs almost nothing (issue 14, goal 4), whatever the token: GitHub binds an ETag to
 * the token it was answered to, and an installation token lasts an hour.
 * - digests settled for the week (posted, already posted): not read again until their next week;
 * - configs, by the listing's `pushed_at` (config-cache.ts);
 * - repositories where nothing is tracked (quiet-repositories.ts).
 * The server's digest scheduler keeps one in memory; `digest --all --due-only --state FILE`
 * keeps one in a file between cron runs (`state()`, {@link readSweepMemoryState}).
 */
export interface SweepMemory {
  /** The sweep's `skip` at `now`: asked of every repository in order, with its listing. */
  skip: (now: Date) => (repo: string, listed: ListedRepo) => boolean;
  /** After a sweep at `now`: what its reports teach. */
  record: (reports: readonly DigestRunReport[], now: Date) => void;
  /** Something happened to `owner/name`'s issues (a webhook): read it on the next sweep. */
  touch: (repo: string) => void;
  readonly configCache: ConfigCache;
  /** Repositories settled for their week, and with nothing tracked (for logs). */
  readonly sizes: { settled: number; quiet: number; configs: number };
  /** A plain, JSON-safe copy, for {@link makeSweepMemory} to start from. */
  state: () => SweepMemoryState;
}

/** Outcomes after which a repository needs nothing more this week. */
const SETTLED = new Set<DigestRunReport["outcome"]>(["posted", "already-posted", "lost-race"]);

export function makeSweepMemory(from?: SweepMemoryState): SweepMemory {
  // Repositories whose digest is settled for a week (in their own time zone): no reads until then.
  const settled = new Map<string, { week: string; timezone: string }>(from?.settled ?? []);
  const quiet = makeQuietRepositories(from?.quiet);
  const configCache = memoryConfigCache(CONFIG_CACHE_ENTRIES, from?.configs);
  const isSettled = (repo: string, now: Date) => {
    const done = settled.get(repo);
    if (done === undefined) return false;
    const slot = digestSlot(now, {
      enabled: true,
      day: "monday",
      hour: 0,
      timezone: done.timezone,
    });
    return slot.week === done.week;
  };
  return {
    skip: (now) => (repo, listed) => {
      // Asked first, always: it notes what the listing said, for `record`.
      const unchanged = quiet.isQuiet(repo, listed, now);
      return isSettled(repo, now) || unchanged;
    },
    record: (reports, now) => {
      for (const r of reports) {
        if (SETTLED.has(r.outcome) && r.week !== null && r.timezone !== null)
          settled.set(r.repo, { week: r.week, timezone: r.timezone });
        quiet.record(r.repo, r.outcome === "nothing-tracked", now);
      }
      // A week-old entry can settle nothing any more.
      for (const [repo] of settled) if (!isSettled(repo, now)) settled.delete(repo);
    },
    touch: (repo) => {
      quiet.touch(repo);
    },
    configCache,
    get sizes() {
      return { settled: settled.size, quiet: quiet.size, configs: configCache.size };
    },
    state: () => ({
      v: 1,
      settled: [...settled],
      quiet: quiet.memories(),
      configs: configCache.entries(),
    }),
  };
}

const configEntrySchema: z.ZodType<ConfigCacheEntry> = z.object({
  config: z.record(z.string(), z.unknown()).nullable(),
  pushedAt: z.string(),
  defaultBranch: z.string().nullable(),
  owner: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("not-consulted") }),
    z.object({
      kind: z.literal("github-repo"),
      pushedAt: z.string(),
      defaultBranch: z.string().nullable(),
    }),
    z.object({ kind: z.literal("absent") }),
  ]),
});

const quietMemorySchema: z.ZodType<QuietMemory> = z.object({
  pushedAt: z.string(),
  openIssues: z.number().int().nonnegative(),
  readAt: z.number(),
});

const stateSchema = z.object({
  v: z.literal(1),
  settled: z.array(z.tuple([z.string(), z.object({ week: z.string(), timezone: z.string() })])),
  quiet: z.array(z.tuple([z.string(), quietMemorySchema])),
  configs: z.array(z.tuple([z.string(), configEntrySchema])),
});

export type SweepMemoryState = z.infer<typeof stateSchema>;

/**
 * A state file's text as a memory to start from, or the reason it is not one
 * (then the sweep starts from nothing: it costs a first sweep's points and loses nothing).
 */
export function readSweepMemoryState(
  text: string,
): { ok: true; state: SweepMemoryState } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${error instanceof Error ? error.message : "?"})` };
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? "" : `${issue.path.join(".") || "(top)"}: ${issue.message}`;
    return { ok: false, reason: `not a sweep state of this version (${where})` };
  }
  return { ok: true, state: parsed.data };
}
