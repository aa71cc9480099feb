/**
 * The app reads the process clock at its edge (the preview's "today"), and the local GitHub stamps
 * commits, merges and comments from it too; the dates both print are in the pictures. So the
 * whole process's clock is moved, not one of them: `new Date()` and `Date.now()` start at
 * `startIso` and run at real speed, so timestamps stay ordered and tokens still expire.
 * Returns a function that puts the real clock back.
 */
export function pinProcessClock(startIso: string): () => void {
  const RealDate = Date;
  const start = RealDate.parse(startIso);
  if (Number.isNaN(start)) throw new Error(`pinProcessClock: not an ISO time: ${startIso}`);
  const offset = start - RealDate.now();
  class PinnedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      // Any other form is a date the caller chose; Date's own constructor reads it.
      else super(...(args as [number, number]));
    }

    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = PinnedDate as DateConstructor;
  return () => {
    globalThis.Date = RealDate;
  };
}
