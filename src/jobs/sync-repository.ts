import type { Logger } from "probot";
import { parseConfig } from "../config/parse-config.js";
import { DEFAULT_CONFIG_PATH } from "../config/config-path.js";
import { readMarker } from "../core/issue-marker.js";
import { makePostmortemMatcher } from "../core/match-postmortem-paths.js";
import { addDays } from "../core/calendar-date.js";
import {
  getBranchHead,
  getDefaultBranch,
  getFileText,
  findMergedPullForCommit,
  getLastCommit,
  listTreePaths,
  readRepoConfig,
  type GitHubClient,
  type RepoRef,
} from "../github/gateway.js";
import { syncPostmortems, type SyncCounts } from "../github/sync-postmortems.js";
import { listOwnIssues, type SyncTrigger } from "../github/sync-work.js";
import type { AuthorTrust } from "../github/tracker-trust.js";

export interface RepoSyncOptions {
  /** Also file untracked postmortems older than config `backfillDays`. */
  backfill: boolean;
  dryRun: boolean;
  /** Today, YYYY-MM-DD: the window for untracked postmortems ends here. */
  today: string;
  /** The config file; default the app's `.github/postmortem-tracker.yml`. */
  configPath?: string;
}

export interface PostmortemSyncReport {
  path: string;
  /** Why a postmortem was left alone, or null when it was synced. */
  skipped: string | null;
  counts: SyncCounts | null;
}

export interface RepoSyncReport {
  repo: string;
  error: string | null;
  postmortems: PostmortemSyncReport[];
}

/**
 * The reconcile: makes GitHub match every postmortem on the default branch, so a missed or
 * failed webhook is healed. Postmortems the app already tracks are always synced; untracked ones
 * only when changed in the last `backfillDays` (or with `backfill`), so that installing the app
 * does not file years of old postmortems.
 */
export async function syncRepository(
  client: GitHubClient,
  repo: RepoRef,
  identity: { trust: AuthorTrust; repoUrl: string },
  log: Logger,
  options: RepoSyncOptions,
): Promise<RepoSyncReport> {
  const name = `${repo.owner}/${repo.repo}`;
  const configPath = options.configPath ?? DEFAULT_CONFIG_PATH;
  const parsed = parseConfig((await readRepoConfig(client, repo, configPath)) ?? {}, configPath);
  if (!parsed.ok) return { repo: name, error: parsed.error, postmortems: [] };
  const config = { ...parsed.config, dryRun: parsed.config.dryRun || options.dryRun };
  const branch = await getDefaultBranch(client, repo);
  const sha = await getBranchHead(client, repo, branch);
  const tree = await listTreePaths(client, repo, sha);
  if (tree.truncated)
    log.warn({ repo: name }, "repository tree truncated by GitHub: some postmortems may be missed");
  const matches = makePostmortemMatcher(config);
  const target = {
    client,
    repo,
    repoUrl: identity.repoUrl,
    trust: identity.trust,
    config,
    log,
    writeNothing: options.dryRun,
  };
  // One listing serves every postmortem's first look; only markers in the app's own issues count.
  const issues = await listOwnIssues(target);
  const tracked = new Set(
    issues
      .map((i) => readMarker(i.body, "tracking")?.path)
      .filter((p): p is string => p !== undefined),
  );
  const since = addDays(options.today, -config.backfillDays);
  const reports: PostmortemSyncReport[] = [];
  for (const path of tree.paths.filter(matches)) {
    const last = await getLastCommit(client, repo, path, sha);
    const changed = last?.date?.slice(0, 10) ?? options.today;
    if (!tracked.has(path) && !options.backfill && changed < since) {
      reports.push({
        path,
        skipped: `last changed ${changed}, before the ${config.backfillDays}-day window (use --backfill)`,
        counts: null,
      });
      continue;
    }
    const text = await getFileText(client, repo, path, sha);
    if (text === null) continue;
    const counts = await syncPostmortems(
      { ...target, log: log.child({ postmortem: path }) },
      await mergeTrigger(client, repo, { sha, branch, changed, last: last?.sha ?? null }),
      [{ path, text }],
      issues,
    );
    reports.push({ path, skipped: null, counts });
  }
  return { repo: name, error: null, postmortems: reports };
}

/**
 * What the merge of this postmortem was, as the merge handler would have seen it: the pull
 * request that brought its last change to the default branch gives the number, the merge date
 * (relative deadlines count from it) and the author (owner of last resort). A postmortem
 * committed without a pull request has no author: its unowned items are filed unassigned, and
 * the issue says why.
 */
async function mergeTrigger(
  client: GitHubClient,
  repo: RepoRef,
  at: { sha: string; branch: string; changed: string; last: string | null },
): Promise<SyncTrigger> {
  const pull =
    at.last === null ? null : await findMergedPullForCommit(client, repo, at.last, at.branch);
  if (pull === null) return { sha: at.sha, date: at.changed, pr: null, author: null };
  return { sha: at.sha, date: pull.mergedAt.slice(0, 10), pr: pull.number, author: pull.author };
}
