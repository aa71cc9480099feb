import * as chrono from "chrono-node/en";
import {
  addBusinessDays,
  addMonths,
  dayFromParts,
  formatIsoDay,
  lastDayOfMonth,
  partsOfDay,
} from "./calendar-date.js";

/** A date expression read at a fixed position: where it ends and the calendar date it names. */
export interface DateMatch {
  end: number;
  iso: string;
}

export interface ReadDateOptions {
  /**
   * Accept a bare duration ("2 weeks") as "that long from now". Only right after an explicit
   * deadline label or in a Due column: in prose a duration is usually an estimate or a window.
   */
  allowBareDuration?: boolean;
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  couple: 2,
  "a couple of": 2,
  "couple of": 2,
  "a few": 3,
  few: 3,
};

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const FRIDAY = 5;

// Every pattern is sticky and made of bounded or single-class repetitions, so reading at one
// position costs a few dozen steps whatever follows it.
const FILLER = /(?:on|the)\s{1,3}/iy;
const ISO_LIKE = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/y;
const QUARTER =
  /(?:end\s{1,3}of\s{1,3}(?:the\s{1,3})?)?(q|h)([1-4])(?:(?:\s{1,3}|\/|-)?(?:fy\s?)?'?(\d{4}|\d{2}))?\b/iy;
const END_OF =
  /(?:eo([dwmqy])|cob|end\s{1,3}of\s{1,3}(?:(?:the|this)\s{1,3}|(next)\s{1,3})?(day|business|week|month|quarter|year))\b/iy;
const THIS_NEXT_PERIOD = /(this|next)\s{1,3}(week|month|quarter|year)\b/iy;
const PLUS_DURATION = /\+\s?(\d{1,3})\s?(d|w|m|y|days?|weeks?|months?|years?)\b/iy;
const WORD_DURATION =
  /(?:(in|within)\s{1,3})?(?:the\s{1,3}next\s{1,3})?(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:a\s{1,3})?couple(?:\s{1,3}of)?|(?:a\s{1,3})?few)\s{1,3}(?:(business|working)\s{1,3})?(days?|weeks?|wks?|months?|quarters?|years?)\b/iy;
// A duration followed by one of these is measured from something else ("within 2 weeks of the
// incident", "3 days after launch", "2 weeks ago"): not a deadline we can compute.
const ANCHORED_ELSEWHERE = /\s{0,3}(?:of|after|from|before|since|following|ago|later|prior)\b/iy;
const TODAY_TOMORROW = /(today|tonight|tomorrow)\b/iy;
const PART_OF_MONTH =
  /(mid[-\s]{1,2}|late\s{1,3}|end\s{1,3}of\s{1,3})(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?(?:,?\s{1,3}(\d{4}))?(?![a-z\d])/iy;
const WEEKDAY =
  /(?:(this|next|coming)\s{1,3})?(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)(?![a-z])\.?/iy;
const MONTH_NAMES = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
];
// Only worth handing to chrono when it starts like an absolute calendar date.
const ABSOLUTE_START =
  /(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,7}\.?(?:\s|,|\d|$)|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?,?\s{1,3}(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/iy;

const LOWERCASE_MAY = /may\b/y;
// "Monday's deploy", "June-ish": the date is part of a longer word, so not a date at all.
const WORD_CONTINUES = /^(?:[\p{L}\p{N}]|['’-]\p{L})/u;

const CHRONO_WINDOW = 64;

/**
 * Reads a deadline expression that starts exactly at `start` in `text` ("2026-12-01", "June 1",
 * "next Friday", "end of Q1", "+7d", "within 2 weeks"), resolved against `today` (a day number).
 * Year-less dates resolve to their next occurrence on or after today. Null when nothing date-like
 * starts there, or when it names a time of day or a span shorter than a day.
 */
export function readDateAt(
  text: string,
  start: number,
  today: number,
  options: ReadDateOptions = {},
): DateMatch | null {
  let position = start;
  for (let i = 0; i < 2; i += 1) {
    const filler = stickyMatch(FILLER, text, position);
    if (!filler) break;
    position += filler[0].length;
  }
  const iso = readIsoLike(text, position);
  // "2026-13-05" is a typo for some date, not an invitation to find another one in it.
  if (iso !== undefined) return iso && !continuesWord(text, iso.end) ? iso : null;
  const match =
    readQuarter(text, position, today) ??
    readEndOfPeriod(text, position, today) ??
    readDuration(text, position, today, options) ??
    readTodayTomorrow(text, position, today) ??
    readPartOfMonth(text, position, today) ??
    readAbsoluteWithChrono(text, position, today) ??
    readWeekday(text, position, today);
  if (match && continuesWord(text, match.end)) return null;
  return match;
}

function continuesWord(text: string, end: number): boolean {
  const next = text.slice(end, end + 2);
  // An ISO timestamp ("2026-12-01T10:00") is still its date.
  return WORD_CONTINUES.test(next) && !/^T\d/.test(next);
}

function stickyMatch(pattern: RegExp, text: string, position: number): RegExpExecArray | null {
  pattern.lastIndex = position;
  return pattern.exec(text);
}

function matchAt(end: number, day: number | null): DateMatch | null {
  return day === null ? null : { end, iso: formatIsoDay(day) };
}

/** Undefined when no ISO-shaped date starts here; null when one does but names no real day. */
function readIsoLike(text: string, position: number): DateMatch | null | undefined {
  const m = stickyMatch(ISO_LIKE, text, position);
  if (!m) return undefined;
  return matchAt(position + m[0].length, dayFromParts(Number(m[1]), Number(m[2]), Number(m[3])));
}

function quarterEnd(year: number, kind: "q" | "h", index: number): number {
  const month = kind === "q" ? index * 3 : index * 6;
  return lastDayOfMonth(year, month);
}

function readQuarter(text: string, position: number, today: number): DateMatch | null {
  const m = stickyMatch(QUARTER, text, position);
  if (!m) return null;
  const kind = (m[1] ?? "q").toLowerCase() === "h" ? "h" : "q";
  const index = Number(m[2]);
  if (kind === "h" && index > 2) return null;
  const end = position + m[0].length;
  const yearText = m[3];
  if (yearText !== undefined) {
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    if (dayFromParts(year, 1, 1) === null) return null;
    return matchAt(end, quarterEnd(year, kind, index));
  }
  const { year } = partsOfDay(today);
  const thisYear = quarterEnd(year, kind, index);
  return matchAt(end, thisYear >= today ? thisYear : quarterEnd(year + 1, kind, index));
}

type Period = "day" | "week" | "month" | "quarter" | "year";

function endOfPeriod(today: number, period: Period, next: boolean): number {
  const { year, month, weekday } = partsOfDay(today);
  switch (period) {
    case "day":
      return today + (next ? 1 : 0);
    case "week": {
      // A week's deadline is the Friday of its Monday-to-Sunday week; on a weekend that Friday
      // has passed, so "end of week" means the coming one.
      const friday = today + (FRIDAY - 1 - ((weekday + 6) % 7));
      if (next) return friday + 7;
      return friday >= today ? friday : friday + 7;
    }
    case "month":
      return next
        ? lastDayOfMonth(month === 12 ? year + 1 : year, (month % 12) + 1)
        : lastDayOfMonth(year, month);
    case "quarter": {
      const quarter = Math.ceil(month / 3) + (next ? 1 : 0);
      return quarter > 4 ? quarterEnd(year + 1, "q", 1) : quarterEnd(year, "q", quarter);
    }
    case "year":
      return lastDayOfMonth(year + (next ? 1 : 0), 12);
  }
}

const PERIOD_BY_LETTER: Record<string, Period> = {
  d: "day",
  w: "week",
  m: "month",
  q: "quarter",
  y: "year",
};

function readEndOfPeriod(text: string, position: number, today: number): DateMatch | null {
  const m = stickyMatch(END_OF, text, position);
  if (m) {
    const letter = m[1]?.toLowerCase();
    const word = m[3]?.toLowerCase();
    const period: Period | undefined =
      letter !== undefined
        ? PERIOD_BY_LETTER[letter]
        : word === undefined || word === "business"
          ? "day"
          : (word as Period);
    if (period === undefined) return null;
    return matchAt(position + m[0].length, endOfPeriod(today, period, m[2] !== undefined));
  }
  const p = stickyMatch(THIS_NEXT_PERIOD, text, position);
  if (!p) return null;
  const period = (p[2] ?? "week").toLowerCase() as Period;
  return matchAt(
    position + p[0].length,
    endOfPeriod(today, period, p[1]?.toLowerCase() === "next"),
  );
}

function unitFrom(text: string): "d" | "w" | "m" | "q" | "y" {
  const first = text.charAt(0).toLowerCase();
  return first === "w" || first === "m" || first === "q" || first === "y" ? first : "d";
}

function addDuration(today: number, amount: number, unit: string, business: boolean): number {
  switch (unitFrom(unit)) {
    case "d":
      return business ? addBusinessDays(today, amount) : today + amount;
    case "w":
      return business ? addBusinessDays(today, amount * 5) : today + amount * 7;
    case "m":
      return addMonths(today, amount);
    case "q":
      return addMonths(today, amount * 3);
    case "y":
      return addMonths(today, amount * 12);
  }
}

function readDuration(
  text: string,
  position: number,
  today: number,
  options: ReadDateOptions,
): DateMatch | null {
  const plus = stickyMatch(PLUS_DURATION, text, position);
  if (plus) {
    return matchAt(
      position + plus[0].length,
      addDuration(today, Number(plus[1]), plus[2] ?? "d", false),
    );
  }
  const m = stickyMatch(WORD_DURATION, text, position);
  if (!m) return null;
  if (m[1] === undefined && options.allowBareDuration !== true) return null;
  const end = position + m[0].length;
  if (stickyMatch(ANCHORED_ELSEWHERE, text, end)) return null;
  const countText = (m[2] ?? "").toLowerCase().replace(/\s+/g, " ");
  const amount = NUMBER_WORDS[countText] ?? Number(countText);
  if (!Number.isFinite(amount) || amount <= 0) return null;
  return matchAt(end, addDuration(today, amount, m[4] ?? "d", m[3] !== undefined));
}

function readTodayTomorrow(text: string, position: number, today: number): DateMatch | null {
  const m = stickyMatch(TODAY_TOMORROW, text, position);
  if (!m) return null;
  const tomorrow = (m[1] ?? "").toLowerCase() === "tomorrow";
  return matchAt(position + m[0].length, today + (tomorrow ? 1 : 0));
}

function resolveYearless(month: number, day: number | null, today: number): number | null {
  const { year } = partsOfDay(today);
  for (const candidate of [year, year + 1]) {
    const date =
      day === null ? lastDayOfMonth(candidate, month) : dayFromParts(candidate, month, day);
    if (date !== null && date >= today) return date;
  }
  // Feb 29 in a non-leap year and the next: give up rather than invent a date.
  return null;
}

function readPartOfMonth(text: string, position: number, today: number): DateMatch | null {
  const m = stickyMatch(PART_OF_MONTH, text, position);
  if (!m) return null;
  const month = MONTH_NAMES.indexOf((m[2] ?? "").toLowerCase()) + 1;
  const mid = (m[1] ?? "").toLowerCase().startsWith("mid");
  const end = position + m[0].length;
  if (m[3] === undefined) return matchAt(end, resolveYearless(month, mid ? 15 : null, today));
  const year = Number(m[3]);
  return matchAt(end, mid ? dayFromParts(year, month, 15) : lastOfMonthIfValid(year, month));
}

function lastOfMonthIfValid(year: number, month: number): number | null {
  return dayFromParts(year, month, 1) === null ? null : lastDayOfMonth(year, month);
}

function readAbsoluteWithChrono(text: string, position: number, today: number): DateMatch | null {
  if (!stickyMatch(ABSOLUTE_START, text, position)) return null;
  // Lower-case "may" is the verb far more often than the month.
  if (stickyMatch(LOWERCASE_MAY, text, position)) return null;
  const window = text.slice(position, position + CHRONO_WINDOW);
  // Only certain components are read back, so the reference instant and time zone cannot shift the
  // result; forward resolution of year-less dates is done here, in calendar days.
  const reference = { instant: new Date(today * 86_400_000 + 43_200_000), timezone: 0 };
  const result = chrono.casual.parse(window, reference)[0];
  if (result?.index !== 0) return null;
  const { start } = result;
  const month = start.get("month");
  if (!start.isCertain("month") || month === null) return null;
  const day = start.isCertain("day") ? start.get("day") : null;
  const year = start.isCertain("year") ? start.get("year") : null;
  let date: number | null;
  if (year === null) date = resolveYearless(month, day, today);
  else date = day === null ? lastOfMonthIfValid(year, month) : dayFromParts(year, month, day);
  return matchAt(position + result.text.length, date);
}

function readWeekday(text: string, position: number, today: number): DateMatch | null {
  const m = stickyMatch(WEEKDAY, text, position);
  if (!m) return null;
  const target = WEEKDAYS.indexOf((m[2] ?? "").slice(0, 3).toLowerCase());
  if (target < 0) return null;
  const { weekday } = partsOfDay(today);
  let date = today + ((target - weekday + 7) % 7);
  if ((m[1] ?? "").toLowerCase() === "next") {
    // "next Friday" said on a Wednesday is the Friday of next week, said on a Saturday the coming one.
    if (date - today <= (7 - weekday) % 7) date += 7;
  }
  return matchAt(position + m[0].length, date);
}
