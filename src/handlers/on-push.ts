import type { Context } from "probot";
import { loadConfig } from "../config/load-config.js";
import { makePostmortemMatcher } from "../core/match-postmortem-paths.js";
import { findMergedPullForCommit } from "../github/gateway.js";
import { syncPostmortems, type SyncCounts } from "../github/sync-postmortems.js";
import { trustInRepo } from "./app-identity.js";
import { readSources } from "./read-sources.js";

const ZERO_SHA = /^0+$/;

/**
 * A push to the default branch that adds or changes postmortems: a direct push, or the push of a
 * merge (then the merged PR is found, so both events for one merge file the same issues once).
 * Resolves to what the sync did, or null when nothing was synced (not the default branch, no
 * postmortem touched, or an invalid config). `dryRun` (the Action's input) writes nothing;
 * `configPath` (the Action's input) is read instead of the app's config file.
 */
export function onPush(
  botLogin: () => Promise<string>,
  options: { dryRun?: boolean; configPath?: string } = {},
) {
  return async (context: Context<"push">): Promise<SyncCounts | null> => {
    const { payload } = context;
    const { repository } = payload;
    const log = context.log.child({ repo: repository.full_name, sha: payload.after });
    if (
      payload.ref !== `refs/heads/${repository.default_branch}` ||
      payload.deleted ||
      ZERO_SHA.test(payload.after)
    ) {
      log.debug({ ref: payload.ref }, "not a push to the default branch; nothing to file");
      return null;
    }
    const touched = new Set(
      payload.commits.flatMap((c) => [...(c.added ?? []), ...(c.modified ?? [])]),
    );
    const removed = new Set(payload.commits.flatMap((c) => c.removed ?? []));
    const config = await loadConfig(context, options.configPath);
    if (!config.ok) {
      log.warn({ error: config.error }, "invalid config: nothing filed");
      return null;
    }
    const matches = makePostmortemMatcher(config.config);
    const paths = [...touched].filter((p) => matches(p) && !removed.has(p));
    if (paths.length === 0) {
      log.debug("the push touches no postmortem");
      return null;
    }
    const repo = { owner: repository.full_name.split("/")[0] ?? "", repo: repository.name };
    const pull = await findMergedPullForCommit(
      context.octokit,
      repo,
      payload.after,
      repository.default_branch,
    );
    const sources = await readSources(context.octokit, repo, paths, payload.after, log);
    const date = (payload.head_commit?.timestamp ?? new Date().toISOString()).slice(0, 10);
    return syncPostmortems(
      {
        client: context.octokit,
        repo,
        repoUrl: repository.html_url,
        trust: trustInRepo(context.octokit, repo, botLogin),
        config: config.config,
        log,
        writeNothing: options.dryRun === true,
      },
      {
        sha: payload.after,
        date,
        pr: pull?.number ?? null,
        // A direct push has no pull request whose author could own its unowned items; the pusher
        // may only have fixed a typo. `sync` decides the same way for the same commit, so whichever
        // files first, an item gets the same owner.
        author: pull?.author ?? null,
      },
      sources,
    );
  };
}
