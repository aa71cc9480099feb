/**
 * Calendar-date arithmetic on whole days counted from 1970-01-01.
 *
 * Deadlines are calendar dates, not instants: computing on a UTC day number keeps results independent
 * of the machine's time zone (a merge on 2026-05-20 must give the same due date in Tokyo and in Lima).
 */

const MS_PER_DAY = 86_400_000;

/** Years outside this range are typos or version numbers, never deadlines. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

export interface CalendarParts {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/** The day number of a real calendar date, or null for impossible dates (Feb 30, month 13). */
export function dayFromParts(year: number, month: number, day: number): number | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function partsOfDay(dayNumber: number): CalendarParts {
  const date = new Date(dayNumber * MS_PER_DAY);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
  };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function lastDayOfMonth(year: number, month: number): number {
  // Always valid: the day count comes from the same month.
  return Date.UTC(year, month - 1, daysInMonth(year, month)) / MS_PER_DAY;
}

/** Adds calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(dayNumber: number, months: number): number {
  const { year, month, day } = partsOfDay(dayNumber);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const clamped = Math.min(day, daysInMonth(targetYear, targetMonth));
  return Date.UTC(targetYear, targetMonth - 1, clamped) / MS_PER_DAY;
}

/** Adds Monday–Friday days; weekends are skipped. */
export function addBusinessDays(dayNumber: number, count: number): number {
  let current = dayNumber;
  let left = count;
  while (left > 0) {
    current += 1;
    const weekday = partsOfDay(current).weekday;
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return current;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict `YYYY-MM-DD`; null when malformed or not a real date. */
export function parseIsoDay(text: string): number | null {
  const match = ISO_DAY.exec(text);
  if (!match) return null;
  return dayFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function formatIsoDay(dayNumber: number): string {
  const { year, month, day } = partsOfDay(dayNumber);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Adds whole days to a YYYY-MM-DD date (no time zone can shift the day). */
export function addDays(date: string, days: number): string {
  const day = parseIsoDay(date);
  if (day === null) throw new RangeError(`not a calendar date: ${date}`);
  return formatIsoDay(day + days);
}
