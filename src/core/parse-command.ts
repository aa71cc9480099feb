import { addMonths, formatIsoDay, parseIsoDay } from "./calendar-date.js";
import { readDateAt } from "./resolve-date.js";

/**
 * The slash commands people type in a comment on a tracked issue:
 *
 *     /due 2026-12-20 | /due +2w | /due next friday
 *     /snooze 1w            (no argument: one week)
 *     /wontfix <reason>     (the reason may go on over the following lines)
 *     /owner @login
 *
 * A command is a line of its own, outside code blocks and quotes (a reply quoting someone's
 * `/due` must not run it again). The first command of a comment wins; one comment, one command.
 * Unknown commands (`/assign`, another bot's) are not ours and yield null.
 */
export type Command =
  | { name: "due"; arg: string }
  | { name: "snooze"; arg: string }
  | { name: "wontfix"; reason: string }
  | { name: "owner"; arg: string };

export type CommandName = Command["name"];

const COMMAND_LINE = /^ {0,3}\/(due|snooze|wontfix|owner)(?:[ \t]+(.*))?$/i;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The comment's command, or null when it holds none of ours. Never throws. */
export function parseCommand(body: string | null | undefined): Command | null {
  if (typeof body !== "string" || !body.includes("/")) return null;
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  let fence: string | null = null;
  for (const [index, line] of lines.entries()) {
    const opening = FENCE.exec(line)?.[1];
    if (opening !== undefined) {
      if (fence === null) fence = opening;
      else if (opening.startsWith(fence.charAt(0)) && opening.length >= fence.length) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const match = COMMAND_LINE.exec(line.trimEnd());
    if (match === null) continue;
    const name = (match[1] ?? "").toLowerCase() as CommandName;
    const arg = (match[2] ?? "").trim();
    if (name === "wontfix") {
      const rest = [arg, ...lines.slice(index + 1)].join("\n").trim();
      return { name, reason: rest };
    }
    return { name, arg };
  }
  return null;
}

/** Why a command's argument could not be used; the reply tells the user which. */
export type ArgumentProblem = "unreadable" | "past" | "missing";

export type DueResult = { ok: true; due: string } | { ok: false; problem: ArgumentProblem };

/**
 * The deadline `/due <arg>` names, relative to `today` (YYYY-MM-DD, UTC): an ISO date, `+2w`,
 * `next friday`, `end of month`, `in 3 days`, `Dec 20`… The whole argument must be a date (a
 * trailing full stop is forgiven), so `/due friday or monday` is unreadable rather than a guess.
 * A date before today is refused: it is a typo far more often than a wish to be overdue.
 */
export function resolveDue(arg: string, today: string): DueResult {
  const todayDay = parseIsoDay(today);
  if (todayDay === null) throw new RangeError(`not a calendar date: ${today}`);
  const text = arg.trim().replace(/\.$/, "");
  if (text === "") return { ok: false, problem: "missing" };
  const match = readDateAt(text, 0, todayDay, { allowBareDuration: true });
  if (match === null || text.slice(match.end).trim() !== "") {
    return { ok: false, problem: "unreadable" };
  }
  const due = parseIsoDay(match.iso);
  if (due === null) return { ok: false, problem: "unreadable" };
  if (due < todayDay) return { ok: false, problem: "past" };
  return { ok: true, due: match.iso };
}

const SNOOZE = /^\+?\s?(\d{1,3}|an?|one)\s?(d|days?|w|wks?|weeks?|m|mos?|months?)$/i;

/**
 * The deadline `/snooze <arg>` moves `current` to: `1w`, `3d`, `2 weeks`, `+1m`, `a week`; an
 * empty argument is one week. Months keep the day of the month, clamped to the month's end.
 */
export function snoozeDue(current: string, arg: string): DueResult {
  const from = parseIsoDay(current);
  if (from === null) throw new RangeError(`not a calendar date: ${current}`);
  const text = arg.trim().replace(/\.$/, "");
  const match = text === "" ? ["1w", "1", "w"] : SNOOZE.exec(text);
  if (match === null) return { ok: false, problem: "unreadable" };
  const countText = (match[1] ?? "").toLowerCase();
  const amount = /^\d+$/.test(countText) ? Number(countText) : 1;
  if (amount <= 0) return { ok: false, problem: "unreadable" };
  const unit = (match[2] ?? "d").charAt(0).toLowerCase();
  const day = unit === "m" ? addMonths(from, amount) : from + amount * (unit === "w" ? 7 : 1);
  const iso = formatIsoDay(day);
  // Past year 2999 is no deadline (and no date the marker accepts).
  return parseIsoDay(iso) === null ? { ok: false, problem: "unreadable" } : { ok: true, due: iso };
}

const LOGIN = /^@?([A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?)$/;

/** The login `/owner` names (`@alice` or `alice`), or null for anything else (teams included). */
export function readOwnerLogin(arg: string): string | null {
  return LOGIN.exec(arg.trim())?.[1] ?? null;
}
