import { ProbotOctokit } from "probot";
import type { GitHubClient, RepoRef } from "../../src/github/client.js";
import { issueJson as githubIssueJson, type IssueFields } from "../helpers/github-json.js";

export const API = "https://api.github.com";
export const REPO: RepoRef = { owner: "acme", repo: "infra" };
/** Where GitHub's Link headers point for later pages: the repository by numeric id. */
export const REPO_ID_PATH = "/repositories/42";

/**
 * A token client as the app's handlers get, minus retries and throttling, so a mocked 5xx fails
 * at once and writes are not spaced 1–3 s apart. The FUNCTION form of `defaults` matters: the
 * object form leaves Probot v14's throttling on.
 */
export function makeClient(): GitHubClient {
  const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { enabled: false },
    throttle: { enabled: false },
  }));
  return new Octokit({ auth: { token: "test" } });
}

/**
 * A client with Probot's retry plugin ON (3 retries on 5xx, POST included), to prove that a
 * request opting out is sent once. `retryAfterBaseValue` (ms per retry "second") shortens the
 * wait when a test wants to see a retry happen.
 */
export function makeRetryingClient(retryAfterBaseValue = 1000): GitHubClient {
  const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { enabled: true, retryAfterBaseValue },
    throttle: { enabled: false },
  }));
  return new Octokit({ auth: { token: "test" } });
}

/** A Link header pointing at the next page, as GitHub sends it. */
export function nextLink(url: string): { link: string } {
  return { link: `<${API}${url}>; rel="next", <${API}${url}>; rel="last"` };
}

/**
 * An issue as GitHub answers it (helpers/github-json.ts), with the fields the gateway reads set
 * here and `extra` on top. `labels` and `user: null` (a deleted account) are kept as given: GitHub
 * sends labels as objects or as plain names, and both must be read.
 */
export function issueJson(number: number, extra: Record<string, unknown> = {}) {
  const { user, labels, ...rest } = extra;
  const json = githubIssueJson({
    id: 1000 + number,
    number,
    title: `Issue ${number}`,
    body: `Body ${number}`,
    user: { login: "postmortem-tracker[bot]", type: "Bot" },
    assignees: [{ login: "alice" }],
    labels: [{ name: "postmortem-action", color: "d73a4a" }],
    created_at: "2026-11-01T10:00:00Z",
    ...(rest as Partial<IssueFields>),
    ...(user === undefined || user === null ? {} : { user: user as IssueFields["user"] }),
  });
  return {
    ...json,
    ...(labels === undefined ? {} : { labels }),
    ...(user === null ? { user: null } : {}),
  };
}
