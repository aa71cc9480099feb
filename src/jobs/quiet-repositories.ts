import type { ListedRepo } from "./run-digest.js";

/**
 * The digest scheduler's memory of repositories whose last read found nothing tracked (most of
 * an organisation's). Each costs three issue lists an hour, and conditional requests cannot
 * spare them on github.com: an ETag is bound to the token it was answered to, and an
 * installation token lasts an hour, so every hourly sweep comes with a new token and no tag
 * matches. A repository is read again only when something may have made it tracked:
 * - the installation's listing (read every sweep anyway) shows a new `pushed_at` or a new
 *   `open_issues_count`: filing an item, reopening or transferring in an issue moves the count;
 * - an `issues` webhook for it reached this process (`touch`): what the count misses (one issue
 *   opened and another closed within the hour; a label added to an old issue);
 * - its hour of the day came (a fixed hour per repository, so the 1,600 repositories of a large
 *   organisation are spread over the day, 1/24 of them an hour), or a day passed since its last
 *   read: the net for an event that went to another replica or was never delivered.
 * At worst a repository that became tracked gets its first digest a day late; a digest already
 * posted or due again is never held back, since only "nothing tracked" is remembered.
 */
export interface QuietRepositories {
  /** Whether `repo` may be left alone now (and notes what the listing said of it). */
  isQuiet: (repo: string, listed: ListedRepo, now: Date) => boolean;
  /** After a sweep read `repo`: remembered when nothing is tracked there, forgotten otherwise. */
  record: (repo: string, nothingTracked: boolean, now: Date) => void;
  /** Something happened to `repo`'s issues: read it on the next sweep. */
  touch: (repo: string) => void;
  readonly size: number;
  /** What is remembered, oldest first (for a state file). */
  memories: () => [string, QuietMemory][];
}

const HOUR_MS = 3_600_000;
/** Older than this, a memory is read again whatever the hour (a sweep missed its hour). */
const MAX_AGE_MS = 25 * HOUR_MS;

/** A repository with nothing tracked, as the listing showed it when it was read (ms epoch). */
export interface QuietMemory {
  pushedAt: string;
  openIssues: number;
  readAt: number;
}

export function makeQuietRepositories(
  from: readonly (readonly [string, QuietMemory])[] = [],
  maxEntries = 50_000,
): QuietRepositories {
  const memories = new Map<string, QuietMemory>(from.map(([key, m]) => [key.toLowerCase(), m]));
  /** What the listing said of each repository in the sweep going on, and its touches then. */
  const listedNow = new Map<string, { listed: ListedRepo; touches: number | undefined }>();
  /** Touches per repository since its last read (not kept in a state: only a server has them). */
  const touched = new Map<string, number>();
  return {
    isQuiet: (repo, listed, now) => {
      const key = repo.toLowerCase();
      listedNow.set(key, { listed, touches: touched.get(key) });
      const memory = memories.get(key);
      return (
        memory !== undefined &&
        !touched.has(key) &&
        listed.pushedAt === memory.pushedAt &&
        listed.openIssues === memory.openIssues &&
        now.getTime() - memory.readAt < MAX_AGE_MS &&
        now.getUTCHours() !== hourOf(key)
      );
    },
    record: (repo, nothingTracked, now) => {
      const key = repo.toLowerCase();
      const seen = listedNow.get(key);
      listedNow.delete(key);
      // A touch that came after the read stays for the next sweep.
      if (touched.get(key) === seen?.touches) touched.delete(key);
      memories.delete(key);
      const listed = seen?.listed;
      if (!nothingTracked || listed?.pushedAt == null || listed.openIssues === null) return;
      memories.set(key, {
        pushedAt: listed.pushedAt,
        openIssues: listed.openIssues,
        readAt: now.getTime(),
      });
      // Insertion order: the oldest memory goes first when there is no more room.
      while (memories.size > maxEntries) {
        const oldest = memories.keys().next();
        if (oldest.done === true) break;
        memories.delete(oldest.value);
      }
    },
    touch: (repo) => {
      const key = repo.toLowerCase();
      touched.set(key, (touched.get(key) ?? 0) + 1);
    },
    get size() {
      return memories.size;
    },
    memories: () => [...memories].map(([key, m]) => [key, { ...m }]),
  };
}

/** The repository's hour of the day (UTC) to be read in any case: fixed, spread evenly. */
export function hourOf(repo: string): number {
  let hash = 2166136261;
  for (let i = 0; i < repo.length; i++) {
    hash ^= repo.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) % 24;
}
