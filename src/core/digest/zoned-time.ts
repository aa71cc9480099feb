import { dayFromParts, formatIsoDay, partsOfDay } from "../calendar-date.js";

/**
 * Wall-clock reading of an instant in an IANA time zone. `Intl.DateTimeFormat` applies the zone's
 * rules (DST included) from the runtime's ICU data, so no offset arithmetic happens here.
 */
export interface LocalTime {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local hour, 0-23. */
  hour: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    // h23: some locales/ICU versions render midnight as 24 with hour12 off.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local date, ISO weekday and hour of `instant` in `timeZone` (throws on an unknown zone). */
export function localTime(instant: Date, timeZone: string): LocalTime {
  if (Number.isNaN(instant.getTime())) throw new RangeError("not a valid instant");
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const day = dayFromParts(Number(parts.year), Number(parts.month), Number(parts.day));
  if (day === null) throw new RangeError(`unexpected local date in ${timeZone}`);
  const weekday = partsOfDay(day).weekday;
  return {
    date: formatIsoDay(day),
    weekday: weekday === 0 ? 7 : weekday,
    hour: Number(parts.hour),
  };
}

/**
 * The ISO 8601 week of a calendar date, `2026-W48`: weeks start on Monday and week 1 is the one
 * holding the year's first Thursday, so 2027-01-01 (a Friday) is in 2026-W53.
 */
export function isoWeek(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = match ? dayFromParts(Number(match[1]), Number(match[2]), Number(match[3])) : null;
  if (day === null) throw new RangeError(`not a calendar date: ${date}`);
  const weekday = partsOfDay(day).weekday || 7;
  // The Thursday of this week decides the week's year.
  const thursday = day + 4 - weekday;
  const year = partsOfDay(thursday).year;
  const jan1 = dayFromParts(year, 1, 1) ?? thursday;
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = match ? dayFromParts(Number(match[1]), Number(match[2]), Number(match[3])) : null;
  if (day === null) throw new RangeError(`not a calendar date: ${date}`);
  return day;
}

/**
 * The first instant of the ISO week holding `now`, in `timeZone` (local Monday 00:00, or the first
 * instant after it should a DST change skip midnight). Found by bisection on whole minutes, which
 * every zone's week boundary falls on, so no offset arithmetic can go wrong around a DST change.
 */
export function weekStart(now: Date, timeZone: string): Date {
  const week = isoWeek(localTime(now, timeZone).date);
  const minute = 60_000;
  // A week plus a DST hour is under 8 days: the week began after `low`.
  let low = Math.floor(now.getTime() / minute) - 8 * 24 * 60;
  let high = Math.floor(now.getTime() / minute);
  if (isoWeek(localTime(new Date(high * minute), timeZone).date) !== week) high += 1;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (isoWeek(localTime(new Date(mid * minute), timeZone).date) === week) high = mid;
    else low = mid;
  }
  return new Date(high * minute);
}
