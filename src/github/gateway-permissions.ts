import { repoParams, type GitHubClient, type RepoRef } from "./client.js";
import { hasStatus } from "./errors.js";
import { collaboratorPermissionSchema, parseResponse } from "./response-schemas.js";

/**
 * The user's role on the repository (`role_name`: `admin`, `maintain`, `write`, `triage`, `read`
 * or a custom role), or null when GitHub knows no such user here (404). Unlike the legacy
 * `permission` field, `role_name` tells maintain from write and triage from read.
 */
export async function getRepoRole(
  client: GitHubClient,
  repo: RepoRef,
  username: string,
): Promise<string | null> {
  try {
    const { data } = await client.rest.repos.getCollaboratorPermissionLevel({
      ...repoParams(repo),
      username,
    });
    return parseResponse(
      collaboratorPermissionSchema,
      data,
      "GET collaborators/{username}/permission",
    ).role_name;
  } catch (error) {
    if (hasStatus(error, 404)) return null;
    throw error;
  }
}
