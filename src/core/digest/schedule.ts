import type { Config } from "../../config/schema.js";
import { isoWeek, localTime } from "./zoned-time.js";

export type DigestSchedule = Config["digest"];

const WEEKDAY_NUMBER: Record<DigestSchedule["day"], number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

/** Where `now` falls for a repository's digest. */
export interface DigestSlot {
  /** ISO week of the local date, `2026-W48`: one digest comment per week. */
  week: string;
  /** The local date, YYYY-MM-DD (deadlines are compared with it). */
  today: string;
  /** The local day and hour of this week's digest have come (or passed: a late run catches up). */
  reached: boolean;
}

/**
 * The digest week and whether this week's digest time has been reached, in the schedule's zone.
 * Compared on local wall time (weekday, hour), so a DST change moves nothing: when the hour is
 * skipped (spring forward), the next local hour counts as past it; when it repeats, the first one
 * does, and the week's comment marker keeps the second from posting again.
 */
export function digestSlot(now: Date, schedule: DigestSchedule): DigestSlot {
  const local = localTime(now, schedule.timezone);
  const target = WEEKDAY_NUMBER[schedule.day];
  const reached =
    local.weekday > target || (local.weekday === target && local.hour >= schedule.hour);
  return { week: isoWeek(local.date), today: local.date, reached };
}

/**
 * Is this repository's digest due now: enabled, this week's local day and hour have passed, and
 * this week's comment (found by its marker) does not exist yet.
 */
export function isDigestDue(
  now: Date,
  schedule: DigestSchedule,
  postedWeeks: readonly string[],
): boolean {
  if (!schedule.enabled) return false;
  const slot = digestSlot(now, schedule);
  return slot.reached && !postedWeeks.includes(slot.week);
}
