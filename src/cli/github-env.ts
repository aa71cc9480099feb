import { readFileSync } from "node:fs";
import type { Logger } from "probot";
import { Probot } from "probot";
import { makeAppOctokit, readWriteInterval } from "../github/app-octokit.js";
import {
  getAppIdentity,
  getRepoInstallationId,
  readTokenUser,
  type GitHubClient,
  type RepoRef,
} from "../github/gateway.js";
import { makeAuthorTrust, type AuthorTrust } from "../github/tracker-trust.js";

/** Where GitHub is, read from the environment exactly as the app (and GitHub Actions) name it. */
export function readGitHubHosts(env: Record<string, string | undefined>): {
  apiUrl: string;
  webUrl: string;
} {
  const protocol = env.GHE_PROTOCOL ?? "https";
  if (env.GITHUB_API_URL)
    return {
      apiUrl: env.GITHUB_API_URL.replace(/\/$/, ""),
      webUrl: (env.GITHUB_SERVER_URL ?? "https://github.com").replace(/\/$/, ""),
    };
  if (env.GHE_HOST)
    return {
      apiUrl: `${protocol}://${env.GHE_HOST}/api/v3`,
      webUrl: `${protocol}://${env.GHE_HOST}`,
    };
  return { apiUrl: "https://api.github.com", webUrl: "https://github.com" };
}

export interface RepoSession {
  client: GitHubClient;
  /** Whose markers count (tracker-trust.ts): the same rule whatever the credentials. */
  trust: AuthorTrust;
  repoUrl: string;
}

/**
 * A client for one repository from the environment: `GITHUB_TOKEN`, else the app's credentials
 * (`APP_ID` and `PRIVATE_KEY` or `PRIVATE_KEY_PATH`) and the repository's installation. Tokens
 * come only from the environment, never from flags (flags end up in shell history).
 */
export async function openRepoSession(
  env: Record<string, string | undefined>,
  repo: RepoRef,
  log: Logger,
): Promise<RepoSession> {
  const { apiUrl, webUrl } = readGitHubHosts(env);
  const repoUrl = `${webUrl}/${repo.owner}/${repo.repo}`;
  // The app's own throttling: writes one second apart, secondary rate limits retried.
  const Octokit = makeAppOctokit({ writeIntervalMs: readWriteInterval(env) });
  if (env.GITHUB_TOKEN) {
    const client = new Octokit({ auth: { token: env.GITHUB_TOKEN }, baseUrl: apiUrl, log });
    // A personal token's user is where its own issues are; other tokens cannot know who they are.
    const trust = makeAuthorTrust(client, repo, () => readTokenUser(client));
    return { client, trust, repoUrl };
  }
  const privateKey =
    env.PRIVATE_KEY ??
    (env.PRIVATE_KEY_PATH ? readFileSync(env.PRIVATE_KEY_PATH, "utf8") : undefined);
  if (!env.APP_ID || !privateKey)
    throw new Error(
      "no GitHub credentials: set GITHUB_TOKEN, or APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH)",
    );
  const probot = new Probot({ appId: env.APP_ID, privateKey, baseUrl: apiUrl, log, Octokit });
  const appClient = await probot.auth();
  const { botLogin } = await getAppIdentity(appClient);
  const client = await probot.auth(await getRepoInstallationId(appClient, repo));
  return { client, trust: makeAuthorTrust(client, repo, botLogin), repoUrl };
}

/**
 * The app itself, from `APP_ID` and `PRIVATE_KEY` (or `PRIVATE_KEY_PATH`), for commands that
 * act on every installation (`--all`): `probot.auth()` is the app, `probot.auth(id)` one
 * installation. `flag` names the option in the error when the credentials are missing.
 */
export function openAppFromEnv(
  env: Record<string, string | undefined>,
  log: Logger,
  flag = "--all",
): Probot {
  const privateKey =
    env.PRIVATE_KEY ??
    (env.PRIVATE_KEY_PATH ? readFileSync(env.PRIVATE_KEY_PATH, "utf8") : undefined);
  if (!env.APP_ID || !privateKey)
    throw new Error(
      `${flag} needs the app's credentials: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH)`,
    );
  const Octokit = makeAppOctokit({ writeIntervalMs: readWriteInterval(env) });
  const { apiUrl } = readGitHubHosts(env);
  return new Probot({ appId: env.APP_ID, privateKey, baseUrl: apiUrl, log, Octokit });
}
