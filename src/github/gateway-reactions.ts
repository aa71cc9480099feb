import { repoParams, type GitHubClient, type RepoRef } from "./client.js";
import { runWrite } from "./errors.js";
import { parseResponse, reactionSchema } from "./response-schemas.js";

/** The reactions GitHub accepts. */
export type ReactionContent =
  "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

export interface Reaction {
  content: string;
  /** Who reacted ("ghost" for a deleted account). */
  user: string;
  /** GitHub's `user.type`: "Bot" for apps and GitHub Actions, "User" for people. */
  userType: string;
}

/** Every reaction on an issue comment (usually one page). */
export async function listCommentReactions(
  client: GitHubClient,
  repo: RepoRef,
  commentId: number,
): Promise<Reaction[]> {
  const items = await client.paginate(client.rest.reactions.listForIssueComment, {
    ...repoParams(repo),
    comment_id: commentId,
    per_page: 100,
  });
  return items.map((item) => {
    const reaction = parseResponse(reactionSchema, item, "GET issues/comments/{id}/reactions");
    return {
      content: reaction.content,
      user: reaction.user?.login ?? "ghost",
      userType: reaction.user?.type ?? "User",
    };
  });
}

/**
 * Reacts to an issue comment. GitHub answers an existing identical reaction with 200 instead of
 * adding another, so a retried or repeated call is harmless.
 */
export async function reactToComment(
  client: GitHubClient,
  repo: RepoRef,
  commentId: number,
  content: ReactionContent,
): Promise<void> {
  await runWrite(`react ${content} to comment ${commentId}`, () =>
    client.rest.reactions.createForIssueComment({
      ...repoParams(repo),
      comment_id: commentId,
      content,
    }),
  );
}
