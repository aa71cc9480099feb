import { pino } from "pino";
import { reconcileInstallations } from "../jobs/reconcile-installations.js";
import { syncRepository, type RepoSyncReport } from "../jobs/sync-repository.js";
import type { CommandArgs } from "./command-specs.js";
import { openAppFromEnv, openRepoSession } from "./github-env.js";
import type { CliIo } from "./io.js";
import { readConfigPathOption } from "./read-config-path-option.js";
import { readRepoTarget } from "./read-repo-target.js";

/**
 * `sync`: files whatever is missing for the postmortems on the default branch, of one
 * repository or (with the app's credentials) of every repository the app is installed on.
 */
export async function runSync(args: CommandArgs, io: CliIo): Promise<number> {
  const target = readRepoTarget(args.text("repo"), args.flag("all"));
  const dryRun = args.flag("dry-run");
  // Logs go to stderr as JSON lines; stdout carries only the report.
  const log = pino({ level: io.env.LOG_LEVEL ?? "info" }, pino.destination(2));
  const options = {
    backfill: args.flag("backfill"),
    dryRun,
    today: io.today(),
    configPath: readConfigPathOption(args),
  };
  let reports: RepoSyncReport[];
  if (target !== "all") {
    const session = await openRepoSession(io.env, target, log);
    reports = [await syncRepository(session.client, target, session, log, options)];
  } else {
    const probot = openAppFromEnv(io.env, log);
    reports = await reconcileInstallations(
      { app: () => probot.auth(), installation: (id) => probot.auth(id) },
      log,
      options,
    );
  }
  const lines = reports.flatMap((report) => describe(report, dryRun));
  if (lines.length > 0) io.stdout(lines.join("\n"));
  const failed = reports.filter((r) => r.error !== null);
  for (const report of failed)
    io.stderr(target !== "all" ? (report.error ?? "") : `${report.repo}: ${report.error ?? ""}`);
  return failed.length > 0 ? 1 : 0;
}

function describe(report: RepoSyncReport, dryRun: boolean): string[] {
  if (report.error !== null) return [];
  const lines = [
    `${report.repo}: ${report.postmortems.length} postmortem(s)${dryRun ? " (dry run: nothing written)" : ""}`,
  ];
  for (const pm of report.postmortems) {
    if (pm.skipped !== null) lines.push(`  ${pm.path}: skipped, ${pm.skipped}`);
    else if (pm.counts) {
      const planned =
        Object.entries(pm.counts.planned)
          .map(([k, n]) => `${k} ${n}`)
          .join(", ") || "no items";
      lines.push(
        `  ${pm.path}: ${planned}; created ${pm.counts.created}, updated ${pm.counts.updated}, closed ${pm.counts.closed}, writes ${pm.counts.writes}`,
      );
    }
  }
  return lines;
}
