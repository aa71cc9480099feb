import type { Context } from "probot";
import { loadConfig } from "../config/load-config.js";
import { defaultConfig } from "../config/parse-config.js";
import { DEFAULT_CONFIG_PATH } from "../config/config-path.js";
import { makePostmortemMatcher } from "../core/match-postmortem-paths.js";
import { getFileText, listPullFiles, type RepoRef } from "../github/gateway.js";
import {
  runPreview,
  type PreviewPublish,
  type PreviewPull,
  type PreviewReport,
} from "../github/run-preview.js";
import { trustInRepo } from "./app-identity.js";
import { readSources } from "./read-sources.js";

export interface PreviewTarget {
  repo: RepoRef;
  repoUrl: string;
  defaultBranch: string;
  /** The branch the pull request would merge into: only the default branch files anything. */
  baseRef: string;
  /** Where the preview goes (run-preview.ts); the app's default is a check run. */
  publish?: PreviewPublish;
  /** The config file; default the app's `.github/postmortem-tracker.yml`. */
  configPath?: string | undefined;
}

/**
 * The steps both preview triggers share: guards → the PR's files → config (default branch) →
 * the postmortems at the head commit → runPreview. No postmortem touched: no check run at all
 * (and null).
 */
export async function previewPullRequest(
  context: Context,
  target: PreviewTarget,
  pull: PreviewPull,
  botLogin: () => Promise<string>,
  today: string,
): Promise<PreviewReport | null> {
  const { repo } = target;
  const configPath = target.configPath ?? DEFAULT_CONFIG_PATH;
  const log = context.log.child({ repo: `${repo.owner}/${repo.repo}`, pr: pull.number });
  if (target.baseRef !== target.defaultBranch) {
    log.debug({ base: target.baseRef }, "not a pull request into the default branch; no preview");
    return null;
  }
  const files = await listPullFiles(context.octokit, repo, pull.number);
  const config = await loadConfig(context, configPath);
  const matches = makePostmortemMatcher(config.ok ? config.config : defaultConfig());
  const paths = files.filter((f) => f.status !== "removed" && matches(f.path)).map((f) => f.path);
  if (paths.length === 0) {
    log.debug("the pull request touches no postmortem; no check run");
    return null;
  }
  if (!config.ok) log.warn({ error: config.error }, "invalid config: the check run says so");
  const configFile = files.find((f) => f.path === configPath || f.previousPath === configPath);
  // The merge files with the config the pull request brings: check it before it lands.
  const proposedConfig =
    configFile?.path === configPath && configFile.status !== "removed"
      ? await getFileText(context.octokit, repo, configPath, pull.headSha)
      : null;
  const sources = config.ok
    ? await readSources(context.octokit, repo, paths, pull.headSha, log)
    : [];
  return runPreview({
    client: context.octokit,
    repo,
    repoUrl: target.repoUrl,
    defaultBranch: target.defaultBranch,
    trust: trustInRepo(context.octokit, repo, botLogin),
    log,
    pull,
    date: today,
    config,
    configPath,
    configEdited: configFile !== undefined,
    proposedConfig,
    paths,
    sources,
    publish: target.publish ?? "check-run",
  });
}
