import type { ProbotOctokit } from "probot";

/** An authenticated Probot Octokit: an installation, app (JWT) or token client. */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

/** The repository a gateway call acts on; passed explicitly because an App serves many. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/**
 * Per-request options that switch off @octokit/plugin-retry for one request. The plugin reads
 * `options.request.retries` before its own default (3) and retries 5xx/429 even for POSTs, so a
 * create that timed out server-side would be sent again and could exist twice.
 */
export const NO_RETRY = { retries: 0 } as const;

/**
 * The owner/repo request parameters. Copied field by field so that a caller passing a richer
 * object (say, a webhook's repository) cannot leak extra keys into query strings or bodies.
 */
export function repoParams(repo: RepoRef): { owner: string; repo: string } {
  return { owner: repo.owner, repo: repo.repo };
}
