import { repoParams, type GitHubClient, type RepoRef } from "./client.js";
import { hasStatus } from "./errors.js";
import { appSchema, parseResponse, userLoginSchema } from "./response-schemas.js";

/** Who the app is on GitHub: its slug and the login its installation tokens act as. */
export interface AppIdentity {
  slug: string;
  botLogin: string;
}

/** The login GitHub Actions' GITHUB_TOKEN acts as; such tokens cannot read `GET /user`. */
export const ACTIONS_BOT_LOGIN = "github-actions[bot]";

/** Reads the app's slug with an app (JWT) client; issues it writes are authored by `<slug>[bot]`. */
export async function getAppIdentity(appClient: GitHubClient): Promise<AppIdentity> {
  const { data } = await appClient.rest.apps.getAuthenticated();
  const { slug } = parseResponse(appSchema, data, "GET /app");
  return { slug, botLogin: `${slug}[bot]` };
}

/** Reads the login a token client acts as; Actions tokens get 403 there, so fall back to their bot. */
export async function getTokenIdentity(client: GitHubClient): Promise<string> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return parseResponse(userLoginSchema, data, "GET /user").login;
  } catch (error) {
    if (hasStatus(error, 403)) return ACTIONS_BOT_LOGIN;
    throw error;
  }
}

/** The installation of this app on a repository (App JWT client). */
export async function getRepoInstallationId(
  appClient: GitHubClient,
  repo: RepoRef,
): Promise<number> {
  const { data } = await appClient.rest.apps.getRepoInstallation(repoParams(repo));
  return data.id;
}
