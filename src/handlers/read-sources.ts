import type { Logger } from "probot";
import { getFileText, type GitHubClient, type RepoRef } from "../github/gateway.js";
import type { PostmortemSource } from "../github/sync-postmortems.js";

/** Reads the postmortems at `sha`; a file gone by then is skipped with a log line. */
export async function readSources(
  client: GitHubClient,
  repo: RepoRef,
  paths: readonly string[],
  sha: string,
  log: Logger,
): Promise<PostmortemSource[]> {
  const sources: PostmortemSource[] = [];
  for (const path of paths) {
    const text = await getFileText(client, repo, path, sha);
    if (text === null) log.warn({ path, sha }, "postmortem not found at the commit; skipped");
    else sources.push({ path, text });
  }
  return sources;
}
