import type { Logger } from "probot";
import { parseConfig } from "../config/parse-config.js";
import { CONFIG_FILE } from "../config/schema.js";
import { readMarker } from "../core/issue-marker.js";
import { makePostmortemMatcher } from "../core/match-postmortem-paths.js";
import { addDays } from "../core/calendar-date.js";
import {
  getBranchHead,
  getDefaultBranch,
  getFileText,
  getLastCommitDate,
  listTreePaths,
  readRepoConfig,
  type GitHubClient,
  type RepoRef,
} from "../github/gateway.js";
import { syncPostmortems, type SyncCounts } from "../github/sync-postmortems.js";
import { listOwnIssues } from "../github/sync-work.js";

export interface RepoSyncOptions {
  /** Also file untracked postmortems older than config `backfillDays`. */
  backfill: boolean;
  dryRun: boolean;
  /** Today, YYYY-MM-DD: the window for untracked postmortems ends here. */
  today: string;
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
  identity: { botLogin: string; repoUrl: string },
  log: Logger,
  options: RepoSyncOptions,
): Promise<RepoSyncReport> {
  const name = `${repo.owner}/${repo.repo}`;
  const parsed = parseConfig(
    (await readRepoConfig(client, repo, CONFIG_FILE)) ?? {},
    `.github/${CONFIG_FILE}`,
  );
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
    botLogin: identity.botLogin,
    config,
    log,
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
    const changed =
      (await getLastCommitDate(client, repo, path, sha))?.slice(0, 10) ?? options.today;
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
      { sha, date: changed, pr: null, author: null },
      [{ path, text }],
      issues,
    );
    reports.push({ path, skipped: null, counts });
  }
  return { repo: name, error: null, postmortems: reports };
}
