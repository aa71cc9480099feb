/**
 * A clock for the local GitHub that starts at a fixed instant, runs at real speed, and can be
 * moved forward to a fixed instant (say, the `--now` a digest runs at), so that what the stand-in
 * stamps agrees with the time the app or CLI is told. Every date a test derives from it is the
 * same whatever day the suite runs.
 */
export interface MovableClock {
  now(): Date;
  /** From now on the clock reads `iso`, then runs on from there. Only forward. */
  jumpTo(iso: string): void;
}

export function movableClock(startIso: string): MovableClock {
  let base = parse(startIso);
  let startedAt = performance.now();
  const now = () => new Date(base + (performance.now() - startedAt));
  return {
    now,
    jumpTo(iso) {
      const target = parse(iso);
      if (target < now().getTime()) throw new Error(`movableClock: ${iso} is in its past`);
      base = target;
      startedAt = performance.now();
    },
  };
}

function parse(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`movableClock: not an ISO time: ${iso}`);
  return ms;
}
