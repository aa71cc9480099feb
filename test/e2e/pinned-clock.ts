/**
 * A clock for the local GitHub that starts at a fixed instant and runs at real speed: timestamps
 * stay ordered as requests happen, and every date a test derives from them (a merge date, a due
 * date, the digest's week) is the same whatever day the suite runs.
 */
export function pinnedClock(startIso: string): { now: () => Date } {
  const start = Date.parse(startIso);
  if (Number.isNaN(start)) throw new Error(`pinnedClock: not an ISO time: ${startIso}`);
  const startedAt = performance.now();
  return { now: () => new Date(start + (performance.now() - startedAt)) };
}
