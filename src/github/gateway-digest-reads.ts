import type { TrackedIssue } from "../core/tracked-issue.js";
import { repoParams, type GitHubClient, type RepoRef } from "./client.js";
import { hasStatus } from "./errors.js";
import { toTrackedIssue } from "./gateway-issues.js";
import { issueSchema, parseResponse } from "./response-schemas.js";

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
