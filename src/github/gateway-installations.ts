import type { GitHubClient, RepoRef } from "./client.js";
import { installationRepoSchema, installationSchema, parseResponse } from "./response-schemas.js";

export interface Installation {
  id: number;
  /** The account the app is installed on. */
  account: string;
  suspended: boolean;
}

export interface InstallationRepo extends RepoRef {
  /** `html_url`, for permalinks (GitHub Enterprise hosts differ). */
  url: string;
  /** Archived or disabled: read-only, nothing to post. */
  readOnly: boolean;
}

/** Every installation of the app (needs the app's JWT client, `probot.auth()`). */
export async function listInstallations(appClient: GitHubClient): Promise<Installation[]> {
  const items = await appClient.paginate(appClient.rest.apps.listInstallations, { per_page: 100 });
  return items.map((item) => {
    const parsed = parseResponse(installationSchema, item, "GET /app/installations");
    return {
      id: parsed.id,
      account: parsed.account?.login ?? "ghost",
      suspended: parsed.suspended_at !== null && parsed.suspended_at !== undefined,
    };
  });
}

/** The repositories an installation may access (needs that installation's client). */
export async function listInstallationRepos(client: GitHubClient): Promise<InstallationRepo[]> {
  const items = await client.paginate(client.rest.apps.listReposAccessibleToInstallation, {
    per_page: 100,
  });
  return items.map((item) => {
    const repo = parseResponse(installationRepoSchema, item, "GET /installation/repositories");
    return {
      owner: repo.owner.login,
      repo: repo.name,
      url: repo.html_url,
      readOnly: repo.archived === true || repo.disabled === true,
    };
  });
}
