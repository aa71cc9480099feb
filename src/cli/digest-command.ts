import { pino } from "pino";
import { runDigest, sweepDigests, type DigestRunReport } from "../jobs/run-digest.js";
import { UsageError, type CommandArgs } from "./command-specs.js";
import { openAppFromEnv, openRepoSession } from "./github-env.js";
import type { CliIo } from "./io.js";
import { readConfigPathOption } from "./read-config-path-option.js";
import { readRepoTarget } from "./read-repo-target.js";
import { loadSweepMemory, saveSweepMemory } from "./sweep-state-file.js";

/**
 * `digest`: posts (or edits) this week's digest comment now, for one repository or, with the
 * app's credentials, for every repository of every installation. For cron, a Kubernetes
 * CronJob or a GitHub Actions schedule; `--due-only` follows each repository's `digest.day` and
 * `digest.hour` instead (run it hourly), and with `--state FILE` an hourly run reads only what may
 * have changed since the last (sweep-state-file.ts); `--dry-run` prints the comments instead of
 * posting.
 */
export async function runDigestCommand(args: CommandArgs, io: CliIo): Promise<number> {
  const nowText = args.text("now");
  const now = nowText === undefined ? new Date() : new Date(nowText);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now: not a date and time: ${nowText}`);
  const target = readRepoTarget(args.text("repo"), args.flag("all"));
  // Logs go to stderr as JSON lines; stdout carries only the report (and dry-run comments).
  const log = pino({ level: io.env.LOG_LEVEL ?? "info" }, pino.destination(2));
  // `--due-only`, for an hourly cron: only where digest.day/hour have passed and this week's is missing.
  const options = {
    now,
    dryRun: args.flag("dry-run"),
    onlyWhenDue: args.flag("due-only"),
    configPath: readConfigPathOption(args),
  };
  const statePath = args.text("state");
  if (statePath !== undefined && (target !== "all" || !options.onlyWhenDue))
    throw new UsageError(
      "--state: only with --all --due-only (an hourly run that may leave alone what it settled)",
    );
  let reports: DigestRunReport[];
  /** Why the state file could not be written, or null. */
  let saved: string | null = null;
  if (target !== "all") {
    const session = await openRepoSession(io.env, target, log);
    reports = [await runDigest(session.client, target, session, log, options)];
  } else {
    const probot = openAppFromEnv(io.env, log);
    const memory =
      statePath === undefined ? undefined : await loadSweepMemory(statePath, io.stderr);
    reports = await sweepDigests(
      { app: () => probot.auth(), installation: (id) => probot.auth(id) },
      log,
      { ...options, skip: memory?.skip(now), configCache: memory?.configCache },
    );
    if (memory !== undefined && statePath !== undefined && !options.dryRun) {
      memory.record(reports, now);
      saved = await saveSweepMemory(statePath, memory).then(
        () => null,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    }
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
  if (saved !== null) io.stderr(saved);
  return failed.length > 0 || saved !== null ? 1 : 0;
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
