import { NO_RETRY, type GitHubClient } from "./client.js";

/**
 * Asks GitHub who the app is (`GET /app`) with the app's JWT: it answers only when the app id and
 * private key are right and GitHub is reachable. Not retried: a readiness probe wants the answer
 * now, and the next probe asks again.
 */
export async function checkAppCredentials(appClient: GitHubClient): Promise<void> {
  await appClient.rest.apps.getAuthenticated({ request: NO_RETRY });
}
