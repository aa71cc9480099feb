import type { SyncCounts } from "../github/sync-postmortems.js";

/** What one run did, for the Action's outputs: the counts and the issue numbers. */
export interface RunTally {
  filed: number;
  updated: number;
  closed: number;
  /** Items left as they were: already filed and up to date, done, or tracked elsewhere. */
  skipped: number;
  issues: number[];
}

export const EMPTY_TALLY: RunTally = { filed: 0, updated: 0, closed: 0, skipped: 0, issues: [] };

/** Adds a sync's counts to a tally. */
export function addCounts(tally: RunTally, counts: SyncCounts): RunTally {
  return {
    filed: tally.filed + counts.created,
    updated: tally.updated + counts.updated,
    closed: tally.closed + counts.closed,
    skipped: tally.skipped + counts.unchanged,
    issues: [...tally.issues, ...counts.issues.filter((n) => !tally.issues.includes(n))],
  };
}

/** The Action's step outputs, as strings (`issues` is a JSON array). */
export function tallyOutputs(tally: RunTally): Record<string, string> {
  return {
    filed: String(tally.filed),
    updated: String(tally.updated),
    closed: String(tally.closed),
    skipped: String(tally.skipped),
    issues: JSON.stringify(tally.issues),
  };
}

/**
 * The job summary of a sync (a push, or a reconcile): one row per postmortem with what was
 * planned and done, in the terms of `postmortem-tracker sync`, then the issues touched.
 */
export function describeSync(
  rows: readonly { path: string; skipped: string | null; counts: SyncCounts | null }[],
  dryRun: boolean,
  issueUrl: (n: number) => string,
): string {
  const lines = [`### Postmortem action items${dryRun ? " (dry run: nothing written)" : ""}`, ""];
  if (rows.length === 0) return [...lines, "No postmortem to sync."].join("\n");
  lines.push(
    "| Postmortem | Planned | Filed | Updated | Closed | Unchanged |",
    "|---|---|---|---|---|---|",
  );
  for (const row of rows) {
    if (row.counts === null) {
      lines.push(`| \`${row.path}\` | skipped: ${row.skipped ?? "?"} | | | | |`);
      continue;
    }
    const c = row.counts;
    const planned =
      Object.entries(c.planned)
        .map(([kind, n]) => `${kind} ${String(n)}`)
        .join(", ") || "no items";
    lines.push(
      `| \`${row.path}\` | ${planned} | ${String(c.created)} | ${String(c.updated)} | ${String(c.closed)} | ${String(c.unchanged)} |`,
    );
  }
  const touched = rows.flatMap((r) => r.counts?.issues ?? []);
  if (touched.length > 0)
    lines.push("", `Issues: ${touched.map((n) => `[#${String(n)}](${issueUrl(n)})`).join(", ")}`);
  return lines.join("\n");
}
