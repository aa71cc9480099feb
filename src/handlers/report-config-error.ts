import type { Context } from "probot";
import { splitConfigError } from "../core/plan-preview.js";
import { renderMarker } from "../core/issue-marker.js";
import { createComment, updateComment, type RepoRef } from "../github/gateway.js";
import type { AuthorTrust } from "../github/tracker-trust.js";
import { findSummaryComments } from "../github/upsert-pr-summary.js";
import { renderConfigError } from "../render/render.js";

/**
 * Tells the pull request that the config is invalid, in the slot of the app's summary comment
 * (so the summary replaces it once the config is fixed and the items are filed).
 */
export async function reportConfigError(
  context: Context,
  repo: RepoRef,
  pr: number,
  trust: AuthorTrust,
  failure: { error: string; source: string },
): Promise<void> {
  const errors = splitConfigError(failure.error);
  const marker = renderMarker({ v: 1, kind: "summary", pr });
  const body = renderConfigError({ file: failure.source, errors, marker });
  const [mine] = await findSummaryComments({ client: context.octokit, repo, trust }, pr);
  if (mine === undefined) await createComment(context.octokit, repo, pr, body);
  else if (mine.body !== body) await updateComment(context.octokit, repo, mine.id, body);
}
