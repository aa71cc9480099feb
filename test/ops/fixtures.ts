/** Shared bits of the ops tests: a postmortem of ten items, the app's environment, log reading. */
import type { LocalGitHub } from "../local-github/index.js";

export const TEN_ITEMS_PATH = "postmortems/2026-05-01-database-failover.md";
export const TEN_ITEMS = 10;

/** A postmortem with ten action items, each with its own owner and due date. */
export const TEN_ITEMS_POSTMORTEM = [
  "# Database failover outage",
  "",
  "## Action items",
  "",
  ...Array.from(
    { length: TEN_ITEMS },
    (_, i) =>
      `- [ ] Harden failover step ${String(i + 1)} of the primary database runbook @alice by 2026-06-${String(i + 10)}`,
  ),
  "",
].join("\n");

export const WEBHOOK_SECRET = "ops-webhook-secret-5e1f0c";

/** The environment of the app as a child process (`node lib/start.js`) against the stand-in. */
export function appEnv(
  gh: LocalGitHub,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    APP_ID: String(gh.app.id),
    PRIVATE_KEY: gh.app.privateKey,
    WEBHOOK_SECRET,
    GHE_HOST: gh.host,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "debug",
    RECONCILE_SCHEDULER: "off",
    ...extra,
  };
}

/** The environment of the CLI (`postmortem-tracker sync`) against the stand-in. */
export function cliEnv(
  gh: LocalGitHub,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    APP_ID: String(gh.app.id),
    PRIVATE_KEY: gh.app.privateKey,
    GITHUB_API_URL: `${gh.url}/api/v3`,
    GITHUB_SERVER_URL: "https://github.com",
    WRITE_INTERVAL_MS: "5",
    LOG_LEVEL: "debug",
    ...extra,
  };
}

/** The JSON log lines whose message is `msg`. */
export function logLines(logs: string[], msg: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const line of logs) {
    if (!line.startsWith("{")) continue;
    const parsed = JSON.parse(line) as Record<string, unknown>;
    if (parsed.msg === msg) found.push(parsed);
  }
  return found;
}
