export type Verdict = "PASS" | "MISS";

/** A goal line of the bench summary: run-bench.ts prints every section's side by side. */
export interface Goal {
  name: string;
  measured: string;
  target: string;
  result: Verdict;
}

export function verdict(ok: boolean): Verdict {
  return ok ? "PASS" : "MISS";
}

/** Milliseconds with about three significant digits, switching to seconds past 10 s. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** Input sizes in binary units, as the size goals are stated (1 MiB, 2 MiB). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(2)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "—";
}

export function formatNumber(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "—";
}

/**
 * A plain-text table: the first column left-aligned, the others right-aligned (they hold numbers)
 * unless `leftColumns` says otherwise. Every line is indented by two spaces. Widths count UTF-16
 * units, which is exact for the BMP-only text the bench prints.
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  leftColumns: readonly number[] = [0],
): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, c) => {
        const pad = " ".repeat((widths[c] ?? 0) - cell.length);
        return leftColumns.includes(c) ? cell + pad : pad + cell;
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return ["  " + line(header), "  " + rule, ...rows.map((r) => "  " + line(r))].join("\n");
}
