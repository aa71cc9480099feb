import { repoParams, type GitHubClient, type RepoRef } from "./client.js";
import { hasStatus } from "./errors.js";
import { appSchema, parseResponse, tokenUserSchema } from "./response-schemas.js";

/** Who the app is on GitHub: its slug and the login its installation tokens act as. */
export interface AppIdentity {
  slug: string;
  botLogin: string;
}

/**
 * Reads the app's slug with an app (JWT) client; what its installation tokens write is authored
 * by `<slug>[bot]`. No other credential can learn it: `GET /app` needs the JWT, and `GET /user`
 * answers 403 to installation and Actions tokens. So whose issues are the tracker's is never
 * decided from an identity (see tracker-trust.ts); the app uses this only to skip its own events.
 */
export async function getAppIdentity(appClient: GitHubClient): Promise<AppIdentity> {
  const { data } = await appClient.rest.apps.getAuthenticated();
  const { slug } = parseResponse(appSchema, data, "GET /app");
  return { slug, botLogin: `${slug}[bot]` };
}

/**
 * The user a personal token acts as, or null for installation and Actions tokens, which are not
 * users (GitHub answers them 403). A hint of where the token's own issues are, never of trust.
 */
export async function readTokenUser(client: GitHubClient): Promise<string | null> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return parseResponse(tokenUserSchema, data, "GET /user").login;
  } catch (error) {
    if (hasStatus(error, 403)) return null;
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
