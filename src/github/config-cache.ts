import type { GitHubClient } from "./client.js";
import { readRepoConfigSources, type RepoConfigRead } from "./gateway-contents.js";
import type { Installation, InstallationRepo } from "./gateway-installations.js";

/**
 * A memory of config reads across the digest scheduler's hourly sweeps (issue 14, goal 4): a
 * repository without a config file costs two reads answered 404 (its own, then the owner's
 * `.github`), and GitHub puts no ETag on a 404, so conditional requests cannot spare them.
 * A read is reused only when what it depended on cannot have changed, as the installation's
 * listing (`GET /installation/repositories`, read every sweep anyway) shows:
 * - the repository's file: its `pushed_at` (every push moves it) and default branch;
 * - the owner's `.github` fallback, when it was consulted: that repository's `pushed_at` (and
 *   default branch) when the
 *   installation lists it, or, when the installation has every repository of the account
 *   (`repository_selection: "all"`) and lists none named `.github`, the fact that it does not
 *   exist. Otherwise (a selection that leaves `.github` out: a public one is still readable)
 *   the fallback is read every time.
 * Reads that followed `_extends` (to any repository) are never kept, nor errors.
 */

/** What the owner-level fallback of a read depended on. */
export type OwnerFallback =
  /** The repository's own file was found (or it is the `.github` repository): not consulted. */
  | { kind: "not-consulted" }
  /** The owner's `.github` repository, at this `pushed_at` and default branch (the one read). */
  | { kind: "github-repo"; pushedAt: string; defaultBranch: string | null }
  /** Every repository of the account is in the installation, and none is `.github`. */
  | { kind: "absent" };

export interface ConfigCacheEntry {
  config: Record<string, unknown> | null;
  /** The repository's `pushed_at` and default branch when it was read. */
  pushedAt: string;
  defaultBranch: string | null;
  owner: OwnerFallback;
}

export interface ConfigCache {
  get: (key: string) => ConfigCacheEntry | undefined;
  set: (key: string, entry: ConfigCacheEntry) => void;
  delete: (key: string) => void;
  readonly size: number;
  /** Every entry, least recently used first (for a state file). */
  entries: () => [string, ConfigCacheEntry][];
}

/** Room for this many repositories' configs (a few hundred bytes each); least recently used go. */
export const CONFIG_CACHE_ENTRIES = 20_000;

/** A memory cache of at most `maxEntries` repositories (least recently used dropped first). */
export function memoryConfigCache(
  maxEntries = CONFIG_CACHE_ENTRIES,
  from: readonly (readonly [string, ConfigCacheEntry])[] = [],
): ConfigCache {
  const entries = new Map<string, ConfigCacheEntry>(from.slice(-maxEntries));
  return {
    get: (key) => {
      const entry = entries.get(key);
      if (entry !== undefined) {
        // Map keeps insertion order: re-inserting makes it the most recently used.
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry;
    },
    set: (key, entry) => {
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
    },
    delete: (key) => {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
    entries: () => [...entries].map(([key, entry]) => [key, structuredClone(entry)]),
  };
}

/** One installation's listing, as a sweep read it: what a cached read is checked against. */
export interface InstallationListing {
  repositorySelection: Installation["repositorySelection"];
  /** Every repository listed (archived and disabled ones too), by `owner/name`. */
  repos: ReadonlyMap<string, InstallationRepo>;
}

export function installationListing(
  installation: Pick<Installation, "repositorySelection">,
  repos: readonly InstallationRepo[],
): InstallationListing {
  return {
    repositorySelection: installation.repositorySelection,
    repos: new Map(repos.map((r) => [repoKey(r), r])),
  };
}

const repoKey = (r: { owner: string; repo: string }) => `${r.owner}/${r.repo}`.toLowerCase();

/** The owner's `.github` fallback as the listing shows it now; null when it cannot be known. */
export function ownerFallbackNow(
  listing: InstallationListing,
  owner: string,
): OwnerFallback | null {
  const dotGithub = listing.repos.get(repoKey({ owner, repo: ".github" }));
  if (dotGithub !== undefined)
    return dotGithub.pushedAt === null
      ? null
      : {
          kind: "github-repo",
          pushedAt: dotGithub.pushedAt,
          defaultBranch: dotGithub.defaultBranch,
        };
  return listing.repositorySelection === "all" ? { kind: "absent" } : null;
}

/** Whether a cached read still holds for `repo` as listed now. */
export function isFresh(
  entry: ConfigCacheEntry,
  repo: InstallationRepo,
  listing: InstallationListing,
): boolean {
  if (repo.pushedAt === null || entry.pushedAt !== repo.pushedAt) return false;
  if (entry.defaultBranch !== repo.defaultBranch) return false;
  if (entry.owner.kind === "not-consulted") return true;
  const now = ownerFallbackNow(listing, repo.owner);
  return now !== null && sameFallback(now, entry.owner);
}

function sameFallback(a: OwnerFallback, b: OwnerFallback): boolean {
  if (a.kind === "github-repo")
    return (
      b.kind === "github-repo" && a.pushedAt === b.pushedAt && a.defaultBranch === b.defaultBranch
    );
  return a.kind === b.kind;
}

/**
 * What a fresh read depended on, or null when it must not be kept: it followed `_extends` (the
 * plugin drops the key but lists the files it read), or its owner fallback cannot be tracked.
 */
export function entryFor(
  read: RepoConfigRead,
  repo: InstallationRepo,
  listing: InstallationListing,
): ConfigCacheEntry | null {
  if (repo.pushedAt === null) return null;
  const [own, fallback, ...more] = read.sources;
  if (own?.owner !== repo.owner || own.repo !== repo.repo || more.length > 0) return null;
  const base = { config: read.config, pushedAt: repo.pushedAt, defaultBranch: repo.defaultBranch };
  if (fallback === undefined) {
    // Found in the repository; or not found in the `.github` repository itself (no fallback).
    return own.found || repo.repo === ".github"
      ? { ...base, owner: { kind: "not-consulted" } }
      : null;
  }
  // Two files: the repository's 404 then the owner's `.github`; anything else followed `_extends`.
  if (own.found || fallback.owner !== repo.owner || fallback.repo !== ".github") return null;
  const owner = ownerFallbackNow(listing, repo.owner);
  return owner === null ? null : { ...base, owner };
}

/**
 * {@link readRepoConfig} through `cache`: the cached config when {@link isFresh}, otherwise a
 * read (kept when {@link entryFor} allows). An error is thrown as is and leaves nothing cached.
 */
export async function readRepoConfigCached(
  client: GitHubClient,
  repo: InstallationRepo,
  file: string,
  cache: ConfigCache,
  listing: InstallationListing,
): Promise<Record<string, unknown> | null> {
  const key = `${repo.owner}/${repo.repo}:${file}`;
  const cached = cache.get(key);
  // A copy: the caller may change what it is given.
  if (cached !== undefined && isFresh(cached, repo, listing)) return structuredClone(cached.config);
  cache.delete(key);
  const read = await readRepoConfigSources(client, repo, file);
  const entry = entryFor(read, repo, listing);
  if (entry !== null) cache.set(key, { ...entry, config: structuredClone(read.config) });
  return read.config;
}
