import { listComments, type GitHubClient, type IssueComment, type RepoRef } from "./gateway.js";
import { keepTrusted, type AuthorTrust } from "./tracker-trust.js";

/**
 * The tracker's comments on an issue or pull request that `matches` (a marker or tag in the
 * body), oldest first. Only authors the trust rule accepts count, so a copy of the tracker's
 * comment by an outsider is never edited, counted or mistaken for the tracker's.
 */
export async function findTrackerComments(
  client: GitHubClient,
  repo: RepoRef,
  trust: AuthorTrust,
  issueNumber: number,
  matches: (body: string) => boolean,
  options: { since?: string } = {},
): Promise<IssueComment[]> {
  const comments = await listComments(client, repo, issueNumber, options);
  const candidates = comments.filter((c) => matches(c.body)).sort((a, b) => a.id - b.id);
  return keepTrusted(trust, candidates);
}
