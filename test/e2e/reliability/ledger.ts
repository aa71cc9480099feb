/**
 * The reliability suite's tally: one row per case, printed as a table when the suite ends.
 * Rows are added by the checks themselves (`expectFiledOnce`), so the table shows what was
 * measured, not what was hoped.
 */

export interface LedgerRow {
  case: string;
  faults: number;
  deliveries: number;
  expected: number;
  filed: number;
  duplicates: number;
}

export const ledger: LedgerRow[] = [];

export function record(row: LedgerRow): void {
  ledger.push(row);
}

export function formatLedger(rows: readonly LedgerRow[]): string {
  const header = ["case", "faults", "deliveries", "expected", "filed", "duplicates"];
  const total: LedgerRow = {
    case: `total (${rows.length} cases)`,
    faults: sum(rows, "faults"),
    deliveries: sum(rows, "deliveries"),
    expected: sum(rows, "expected"),
    filed: sum(rows, "filed"),
    duplicates: sum(rows, "duplicates"),
  };
  const cells = [...rows, total].map((r) => [
    r.case,
    String(r.faults),
    String(r.deliveries),
    String(r.expected),
    String(r.filed),
    String(r.duplicates),
  ]);
  const widths = header.map((h, c) =>
    Math.max(h.length, ...cells.map((row) => row[c]?.length ?? 0)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join(" | ");
  const rule = widths.map((w) => "-".repeat(w)).join("-|-");
  return [line(header), rule, ...cells.slice(0, -1).map(line), rule, line(cells.at(-1) ?? [])].join(
    "\n",
  );
}

function sum(
  rows: readonly LedgerRow[],
  key: "faults" | "deliveries" | "expected" | "filed" | "duplicates",
): number {
  return rows.reduce((n, r) => n + r[key], 0);
}
