import { NO_RETRY, repoParams, type GitHubClient, type RepoRef } from "./client.js";
import { GitHubWriteError, hasErrorCode, hasStatus, runWrite } from "./errors.js";
import { labelSchema, parseResponse } from "./response-schemas.js";

/** A repository label. Colours are 6 hex digits without "#". */
export interface Label {
  name: string;
  color: string;
  description: string | null;
}

/** What `createLabel` sends. Names are at most 50 characters, descriptions at most 100. */
export interface NewLabel {
  name: string;
  color: string;
  description: string;
}

/**
 * Creates a label, or reports "exists" (GitHub answers 422 `already_exists`, atomically, which
 * repo-lock.ts relies on). Sent once: a retry after a 5xx would turn our own success into "exists".
 */
export async function createLabel(
  client: GitHubClient,
  repo: RepoRef,
  label: NewLabel,
): Promise<"created" | "exists"> {
  try {
    await client.rest.issues.createLabel({ ...repoParams(repo), ...label, request: NO_RETRY });
    return "created";
  } catch (error) {
    if (hasErrorCode(error, "already_exists")) return "exists";
    throw new GitHubWriteError(`create label ${label.name}`, error);
  }
}

/** Sets an existing label's colour and description (e.g. one GitHub auto-created grey). */
export async function updateLabel(
  client: GitHubClient,
  repo: RepoRef,
  name: string,
  change: { color: string; description: string },
): Promise<Label> {
  const { data } = await runWrite(`update label ${name}`, () =>
    client.rest.issues.updateLabel({ ...repoParams(repo), name, ...change }),
  );
  return toLabel(parseResponse(labelSchema, data, "PATCH labels/{name}"));
}

/** Reads a label; null if the repository has none by that name. */
export async function getLabel(
  client: GitHubClient,
  repo: RepoRef,
  name: string,
): Promise<Label | null> {
  try {
    const { data } = await client.rest.issues.getLabel({ ...repoParams(repo), name });
    return toLabel(parseResponse(labelSchema, data, "GET labels/{name}"));
  } catch (error) {
    if (hasStatus(error, 404)) return null;
    throw error;
  }
}

/** Deletes a label (removing it from every issue); "missing" if it was already gone. */
export async function deleteLabel(
  client: GitHubClient,
  repo: RepoRef,
  name: string,
): Promise<"deleted" | "missing"> {
  try {
    await client.rest.issues.deleteLabel({ ...repoParams(repo), name });
    return "deleted";
  } catch (error) {
    if (hasStatus(error, 404)) return "missing";
    throw new GitHubWriteError(`delete label ${name}`, error);
  }
}

function toLabel(label: { name: string; color: string; description?: string | null }): Label {
  return { name: label.name, color: label.color, description: label.description ?? null };
}
