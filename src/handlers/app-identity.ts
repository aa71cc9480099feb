import type { Probot } from "probot";
import { getAppIdentity } from "../github/gateway.js";

/**
 * The app's own login (`slug[bot]`), read once per process with the app's JWT: markers are
 * trusted only in issues this login wrote. A failed read is retried on the next delivery.
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
