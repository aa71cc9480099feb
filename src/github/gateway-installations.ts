import type { GitHubClient, RepoRef } from "./client.js";
import { installationRepoSchema, installationSchema, parseResponse } from "./response-schemas.js";

export interface Installation {
  id: number;
  /** The account the app is installed on. */
  account: string;
  suspended: boolean;
  /**
   * "all": every repository of the account, present and future, is in the installation;
   * "selected": only those chosen; null when GitHub did not say.
   */
  repositorySelection: "all" | "selected" | null;
}

export interface InstallationRepo extends RepoRef {
  /** `html_url`, for permalinks (GitHub Enterprise hosts differ). */
  url: string;
  /** Archived or disabled: read-only, nothing to post. */
  readOnly: boolean;
  /** `default_branch`, or null when GitHub did not say. */
  defaultBranch: string | null;
  /**
   * `pushed_at`: moves with every push to any branch (a web edit is one), so a file of the
   * repository cannot have changed while it stays the same. Null when GitHub did not say.
   */
  pushedAt: string | null;
  /**
   * `open_issues_count` (issues and pull requests): opening, reopening, closing or transferring
   * an issue moves it. Null when GitHub did not say.
   */
  openIssues: number | null;
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
      repositorySelection:
        parsed.repository_selection === "all" || parsed.repository_selection === "selected"
          ? parsed.repository_selection
          : null,
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
      defaultBranch: repo.default_branch ?? null,
      pushedAt: repo.pushed_at ?? null,
      openIssues: repo.open_issues_count ?? null,
    };
  });
}
