import type { Context } from "probot";
import { loadConfig } from "../config/load-config.js";
import { defaultConfig } from "../config/parse-config.js";
import { makePostmortemMatcher } from "../core/match-postmortem-paths.js";
import { listPullFiles } from "../github/gateway.js";
import { syncPostmortems } from "../github/sync-postmortems.js";
import { trustInRepo } from "./app-identity.js";
import { readSources } from "./read-sources.js";
import { reportConfigError } from "./report-config-error.js";

/**
 * A pull request merged into the default branch (any merge strategy): file its postmortems'
 * action items. guards → config → files → plan and apply (syncPostmortems).
 */
export function onPullRequestClosed(botLogin: () => Promise<string>) {
  return async (context: Context<"pull_request.closed">): Promise<void> => {
    const { pull_request: pr, repository } = context.payload;
    const log = context.log.child({ repo: repository.full_name, pr: pr.number });
    if (!pr.merged || pr.merged_at === null || pr.merge_commit_sha === null) {
      log.debug("pull request closed without merging; nothing to file");
      return;
    }
    if (pr.base.ref !== repository.default_branch) {
      log.debug(
        { base: pr.base.ref },
        "merged into another branch than the default; nothing to file",
      );
      return;
    }
    const repo = { owner: repository.owner.login, repo: repository.name };
    const trust = trustInRepo(context.octokit, repo, botLogin);
    const files = await listPullFiles(context.octokit, repo, pr.number);
    const config = await loadConfig(context);
    const matches = makePostmortemMatcher(config.ok ? config.config : defaultConfig());
    const paths = files.filter((f) => f.status !== "removed" && matches(f.path)).map((f) => f.path);
    if (paths.length === 0) {
      log.debug("the pull request touches no postmortem");
      return;
    }
    if (!config.ok) {
      log.warn({ error: config.error }, "invalid config: nothing filed");
      await reportConfigError(context, repo, pr.number, trust, config);
      return;
    }
    const sources = await readSources(context.octokit, repo, paths, pr.merge_commit_sha, log);
    await syncPostmortems(
      {
        client: context.octokit,
        repo,
        repoUrl: repository.html_url,
        trust,
        config: config.config,
        log,
      },
      {
        sha: pr.merge_commit_sha,
        date: pr.merged_at.slice(0, 10),
        pr: pr.number,
        author: pr.user.login,
      },
      sources,
    );
  };
}
