import { readWriteInterval } from "../github/app-octokit.js";

/**
 * Reasons not to start the server, one sentence each; empty when the environment is fine.
 *
 * Probot v14 falls back to the publicly known webhook secret "development" when WEBHOOK_SECRET is
 * unset, so anyone could sign webhooks to a production deployment. We refuse that here instead.
 * Messages name variables, never their values: a secret must not reach a log.
 */
export function checkEnvironment(env: NodeJS.ProcessEnv): string[] {
  const interval = checkWriteInterval(env);
  if (env.NODE_ENV !== "production") {
    return interval;
  }
  if (interval.length === 0 && Number(env.WRITE_INTERVAL_MS ?? 1000) < 1000)
    interval.push(
      "WRITE_INTERVAL_MS is below 1000 in production: GitHub asks for at least one second between writes, and may block an app that writes faster. Leave it unset.",
    );
  return [...checkSecret(env), ...interval];
}

function checkWriteInterval(env: NodeJS.ProcessEnv): string[] {
  try {
    readWriteInterval(env);
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

function checkSecret(env: NodeJS.ProcessEnv): string[] {
  const secret = env.WEBHOOK_SECRET?.trim() ?? "";
  if (secret === "") {
    return [
      'WEBHOOK_SECRET is not set: refusing to start in production, because Probot would accept webhooks signed with the default secret "development". Set it to the webhook secret configured in the GitHub App settings.',
    ];
  }
  if (secret === "development") {
    return [
      'WEBHOOK_SECRET is "development", Probot\'s public default: refusing to start in production. Set a random secret here and in the GitHub App settings.',
    ];
  }
  return [];
}
