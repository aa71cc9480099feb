import type { Probot } from "probot";
import { getAppIdentity, type GitHubClient, type RepoRef } from "../github/gateway.js";
import { makeAuthorTrust, type AuthorTrust } from "../github/tracker-trust.js";

/**
 * The app's own login (`slug[bot]`), read once per process with the app's JWT: to skip the app's
 * own events and reactions. A failed read is retried on the next delivery.
 */
export function memoizeBotLogin(app: Probot): () => Promise<string> {
  let pending: Promise<string> | null = null;
  return () => {
    pending ??= app
      .auth()
      .then((client) => getAppIdentity(client))
      .then((identity) => identity.botLogin)
      .catch((error: unknown) => {
        pending = null;
        throw error;
      });
    return pending;
  };
}

/**
 * The trust rule (tracker-trust.ts) for a delivery's repository. The app's own login is only a
 * hint of where its issues are; what counts is the rule, so issues that `sync` or the Action
 * filed under other identities are the app's too.
 */
export function trustInRepo(
  client: GitHubClient,
  repo: RepoRef,
  botLogin: () => Promise<string>,
): AuthorTrust {
  return makeAuthorTrust(client, repo, botLogin);
}
