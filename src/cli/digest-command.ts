import { parseArgs } from "node:util";
import { pino } from "pino";
import { runDigest, sweepDigests, type DigestRunReport } from "../jobs/run-digest.js";
import { openAppFromEnv, openRepoSession } from "./github-env.js";
import type { CliIo } from "./io.js";
import { readRepoTarget } from "./read-repo-target.js";

export const DIGEST_USAGE =
  "usage: postmortem-tracker digest (--repo OWNER/NAME | --all) [--due-only] [--dry-run] [--now ISO-TIME]";

/**
 * `digest`: posts (or edits) this week's digest comment now, for one repository or, with the
 * app's credentials, for every repository of every installation. For cron, a Kubernetes
 * CronJob or a GitHub Actions schedule; `--due-only` follows each repository's `digest.day` and
 * `digest.hour` instead (run it hourly); `--dry-run` prints the comments instead of posting.
 */
export async function runDigestCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: "string" },
      all: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      // For an hourly cron: only where digest.day/hour have passed and this week's is missing.
      "due-only": { type: "boolean", default: false },
      now: { type: "string" },
    },
  });
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) {
    io.stderr(`--now: not a date and time: ${values.now}\n${DIGEST_USAGE}`);
    return 2;
  }
  const target = readRepoTarget(values.repo, values.all);
  if (target === null) {
    io.stderr(DIGEST_USAGE);
    return 2;
  }
  // Logs go to stderr as JSON lines; stdout carries only the report (and dry-run comments).
  const log = pino({ level: io.env.LOG_LEVEL ?? "info" }, pino.destination(2));
  const options = { now, dryRun: values["dry-run"], onlyWhenDue: values["due-only"] };
  let reports: DigestRunReport[];
  if (target !== "all") {
    const session = await openRepoSession(io.env, target, log);
    reports = [await runDigest(session.client, target, session, log, options)];
  } else {
    const probot = openAppFromEnv(io.env, log);
    reports = await sweepDigests(
      { app: () => probot.auth(), installation: (id) => probot.auth(id) },
      log,
      options,
    );
  }
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(describe(report));
    if (report.outcome === "dry-run" && report.body !== null) lines.push("", report.body);
  }
  if (lines.length === 0) lines.push("no repositories");
  io.stdout(lines.join("\n"));
  const failed = reports.filter((r) => r.error !== null);
  for (const report of failed) io.stderr(`${report.repo}: ${report.error}`);
  return failed.length > 0 ? 1 : 0;
}

const OUTCOMES: Record<DigestRunReport["outcome"], string> = {
  posted: "digest posted",
  updated: "this week's digest edited",
  unchanged: "this week's digest is up to date",
  "lost-race": "another run posted this week's digest at the same time",
  "nothing-tracked": "nothing tracked, nothing posted",
  disabled: "digest disabled in the config",
  "not-due": "not due yet",
  "already-posted": "already posted this week",
  "dry-run": "dry run, nothing written",
  "config-error": "invalid config, skipped",
  failed: "failed",
};

function describe(report: DigestRunReport): string {
  const week = report.week === null ? "" : `, week ${report.week}`;
  const nudged =
    report.nudged.length === 0
      ? ""
      : ` (${report.outcome === "dry-run" ? "would nudge" : "nudged"} ${report.nudged.map((n) => `#${n}`).join(", ")})`;
  return `${report.repo}${week}: ${OUTCOMES[report.outcome]}${nudged}`;
}
