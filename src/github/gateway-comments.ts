import { NO_RETRY, repoParams, type GitHubClient, type RepoRef } from "./client.js";
import { GitHubWriteError, runWrite } from "./errors.js";
import { commentSchema, parseResponse } from "./response-schemas.js";

/** Where a comment lives: its id (to edit it) and its web URL. */
export interface CommentRef {
  id: number;
  url: string;
}

/** A comment as the app reads it back, e.g. to find its own digest by a hidden marker. */
export interface IssueComment {
  id: number;
  body: string;
  author: string;
  /** "Bot", "User"…: whose hidden markers count is decided from it (tracker-trust.ts). */
  authorType: string;
  createdAt: string;
}

/**
 * Posts a comment on an issue or pull request, once: never retried automatically, since a 5xx
 * may hide a comment that was posted. A `GitHubWriteError` with an unknown outcome tells the
 * caller to look (by marker) before posting again.
 */
export async function createComment(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  body: string,
): Promise<CommentRef> {
  const { data } = await runWrite(`comment on #${issueNumber}`, () =>
    client.rest.issues.createComment({
      ...repoParams(repo),
      issue_number: issueNumber,
      body,
      request: NO_RETRY,
    }),
  );
  const comment = parseResponse(commentSchema, data, "POST issues/{n}/comments");
  return { id: comment.id, url: comment.html_url };
}

/** Replaces a comment's body (edit the digest in place rather than post a new one). */
export async function updateComment(
  client: GitHubClient,
  repo: RepoRef,
  commentId: number,
  body: string,
): Promise<CommentRef> {
  const { data } = await runWrite(`update comment ${commentId}`, () =>
    client.rest.issues.updateComment({ ...repoParams(repo), comment_id: commentId, body }),
  );
  const comment = parseResponse(commentSchema, data, "PATCH issues/comments/{id}");
  return { id: comment.id, url: comment.html_url };
}

/** Lists an issue's comments, oldest first, optionally only those updated since an ISO time. */
export async function listComments(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  options: { since?: string } = {},
): Promise<IssueComment[]> {
  const items = await client.paginate(client.rest.issues.listComments, {
    ...repoParams(repo),
    issue_number: issueNumber,
    per_page: 100,
    ...(options.since === undefined ? {} : { since: options.since }),
  });
  return items.map((item) => {
    const comment = parseResponse(commentSchema, item, "GET issues/{n}/comments");
    return {
      id: comment.id,
      body: comment.body ?? "",
      author: comment.user?.login ?? "ghost",
      authorType: comment.user?.type ?? "User",
      createdAt: comment.created_at,
    };
  });
}

/** Deletes a comment; one already gone (404) counts as deleted. */
export async function deleteComment(
  client: GitHubClient,
  repo: RepoRef,
  commentId: number,
): Promise<void> {
  try {
    await runWrite(`delete comment ${commentId}`, () =>
      client.rest.issues.deleteComment({ ...repoParams(repo), comment_id: commentId }),
    );
  } catch (error) {
    if (error instanceof GitHubWriteError && error.status === 404) return;
    throw error;
  }
}
