/** The clock and timers a scheduler uses; tests pass a fake one. */
export interface SchedulerClock {
  now: () => Date;
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** Real time, with timers that never keep the process alive on their own. */
export const systemClock: SchedulerClock = {
  now: () => new Date(),
  setTimeout: (run, ms) => {
    const timer = setTimeout(run, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/** An `on`/`off` environment switch (any case; empty means the default); anything else throws. */
export function readOnOff(
  env: Record<string, string | undefined>,
  name: string,
  byDefault: boolean,
): boolean {
  const value = (env[name] ?? "").trim().toLowerCase();
  if (value === "") return byDefault;
  if (value === "on") return true;
  if (value === "off") return false;
  throw new Error(`${name} must be "on" or "off", got ${JSON.stringify(env[name])}`);
}
