import type { SchedulerClock } from "../../src/server/scheduler-clock.js";

/** A clock whose time moves only when the test says; due timers fire in order. */
export class FakeClock implements SchedulerClock {
  private timers: { at: number; run: () => void; id: number }[] = [];
  private nextId = 1;
  private time: number;
  constructor(start: number) {
    this.time = start;
  }
  now = () => new Date(this.time);
  setTimeout = (run: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, run, id });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };
  get pending(): number {
    return this.timers.length;
  }
  /** Moves time forward, firing each timer that comes due. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.sort((a, b) => a.at - b.at)[0];
      if (next === undefined || next.at > end) break;
      this.timers.shift();
      this.time = next.at;
      next.run();
    }
    this.time = end;
  }
}
