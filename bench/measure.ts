/**
 * The p-th percentile (0–100) of `values`, interpolating linearly between the two closest ranks
 * (the "R-7" definition used by numpy, Excel's PERCENTILE.INC and most benchmark tools), so that
 * p50 of an even-sized sample is the mean of its two middle values. NaN for an empty sample.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  if (values.length === 0) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const lower = sorted[below] ?? NaN;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] ?? NaN;
  return lower + (upper - lower) * (rank - below);
}

export interface Summary {
  count: number;
  totalMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The figures the report prints for a set of per-document wall times (ms). */
export function summarize(samples: readonly number[]): Summary {
  let total = 0;
  let max = 0;
  for (const s of samples) {
    total += s;
    max = Math.max(max, s);
  }
  return {
    count: samples.length,
    totalMs: total,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: max,
  };
}

/** Throughput in MB/s, with MB = 10^6 bytes (the usual unit for throughput). */
export function megabytesPerSecond(bytes: number, ms: number): number {
  return ms > 0 ? bytes / 1e6 / (ms / 1000) : Infinity;
}

export interface SizedRun {
  bytes: number;
  ms: number;
}

/**
 * How much the time grows each time the input doubles, between two runs: 2 for linear work, 4
 * for quadratic. Exact for any size ratio, as the sizes are only roughly powers of two.
 */
export function growthPerDoubling(smaller: SizedRun, larger: SizedRun): number {
  const doublings = Math.log2(larger.bytes / smaller.bytes);
  return doublings > 0 ? (larger.ms / smaller.ms) ** (1 / doublings) : NaN;
}
