import type { TrackedIssue } from "../core/tracked-issue.js";
import { repoParams, type GitHubClient, type RepoRef } from "./client.js";
import { hasStatus } from "./errors.js";
import { toTrackedIssue } from "./gateway-issues.js";
import { issueSchema, issueWithActivitySchema, parseResponse } from "./response-schemas.js";

/** An issue and when it last changed (a new comment changes it too). */
export type IssueWithActivity = TrackedIssue & { updatedAt: string };

/**
 * The issues (open and closed, no pull requests) opened by `creator`, 100 per page, with their
 * `updated_at`: the digest reads from it whether its issue was commented on this week.
 */
export async function listIssuesWithActivity(
  client: GitHubClient,
  repo: RepoRef,
  creator: string,
): Promise<IssueWithActivity[]> {
  const items = await client.paginate(client.rest.issues.listForRepo, {
    ...repoParams(repo),
    creator,
    state: "all",
    per_page: 100,
  });
  return items
    .map((item) => parseResponse(issueWithActivitySchema, item, "GET /repos/{o}/{r}/issues"))
    .filter((issue) => issue.pull_request === undefined)
    .map((issue) => ({ ...toTrackedIssue(issue), updatedAt: issue.updated_at }));
}

/**
 * One issue, or null when it is gone (404 deleted or not visible, 410 transferred or deleted) or
 * is a pull request.
 */
export async function readIssue(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
): Promise<TrackedIssue | null> {
  try {
    const { data } = await client.rest.issues.get({
      ...repoParams(repo),
      issue_number: issueNumber,
    });
    const issue = parseResponse(issueSchema, data, "GET /repos/{o}/{r}/issues/{n}");
    // A pull request answers to its number here too; it is not an issue to track.
    return issue.pull_request === undefined ? toTrackedIssue(issue) : null;
  } catch (error) {
    if (hasStatus(error, 404) || hasStatus(error, 410)) return null;
    throw error;
  }
}
