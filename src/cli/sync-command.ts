import { parseArgs } from "node:util";
import { pino } from "pino";
import { syncRepository } from "../jobs/sync-repository.js";
import { openRepoSession } from "./github-env.js";
import type { CliIo } from "./io.js";

export const SYNC_USAGE =
  "usage: postmortem-tracker sync --repo OWNER/NAME [--dry-run] [--backfill]";

/** `sync`: files whatever is missing for the postmortems on the default branch. */
export async function runSync(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      backfill: { type: "boolean", default: false },
    },
  });
  const [owner, name, extra] = (values.repo ?? "").split("/");
  if (!owner || !name || extra !== undefined) {
    io.stderr(SYNC_USAGE);
    return 2;
  }
  const repo = { owner, repo: name };
  // Logs go to stderr as JSON lines; stdout carries only the report.
  const log = pino({ level: io.env.LOG_LEVEL ?? "info" }, pino.destination(2));
  const session = await openRepoSession(io.env, repo, log);
  const report = await syncRepository(session.client, repo, session, log, {
    backfill: values.backfill,
    dryRun: values["dry-run"],
    today: io.today(),
  });
  if (report.error !== null) {
    io.stderr(report.error);
    return 1;
  }
  const lines = [
    `${report.repo}: ${report.postmortems.length} postmortem(s)${values["dry-run"] ? " (dry run: nothing written)" : ""}`,
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
  io.stdout(lines.join("\n"));
  return 0;
}
