import type { Config } from "../../config/schema.js";
import { readMarker } from "../issue-marker.js";
import type { AdoptedIssue, TrackedIssue } from "../tracked-issue.js";
import type { Priority } from "../types.js";
import { digestSlot } from "./schedule.js";
import { daysBetween, localTime } from "./zoned-time.js";

/** One tracked issue as the digest sees it. */
export interface DigestItem {
  number: number;
  title: string;
  /** Deadline, YYYY-MM-DD. */
  due: string;
  priority: Priority;
  /** Whole days past the deadline; 0 when not overdue. */
  daysOverdue: number;
  assignees: string[];
  /** A team owner with no accountable person, or null. */
  team: string | null;
}

export interface Digest {
  /** ISO week in the digest time zone, `2026-W48`. */
  week: string;
  /** The local date the digest was computed for, YYYY-MM-DD. */
  today: string;
  /** Overdue items with assignees, one group per assignee (mentioned once). */
  overdue: { owner: string; items: DigestItem[] }[];
  /** Overdue items past the escalation threshold, and whom to mention; null when off or none. */
  escalation: { weeks: number; mention: string[]; items: DigestItem[] } | null;
  /** Open items due in the next 7 days. */
  dueSoon: (DigestItem & { daysLeft: number })[];
  /** Open items nobody is assigned to, or whose owner is a team. */
  unowned: DigestItem[];
  /** Issues closed this ISO week; "won't do" is closed as not planned. */
  closed: { number: number; title: string; wontDo: boolean }[];
  figures: {
    open: number;
    overdue: number;
    done: number;
    wontDo: number;
    /** Done out of done + open, as a whole percentage; null when both are 0. */
    completion: number | null;
    /** Median whole days from filing (or adoption) to done; null when nothing is done. */
    medianDaysToClose: number | null;
    oldestOverdue: { number: number; daysOverdue: number } | null;
  };
  /** One line per postmortem; adopted issues are one line of their own. */
  postmortems: {
    title: string;
    /** The postmortem's tracking issue, or null. */
    tracking: number | null;
    adopted: boolean;
    done: number;
    wontDo: number;
    /** Items that are or will be done: every item but the won't-do ones. */
    total: number;
  }[];
  /** Overdue open issues with assignees, by number: the ones a nudge would go to. */
  overdueAssigned: DigestItem[];
}

export interface DigestInput {
  /** The app's own issues (author checked): item markers are trusted only there. */
  ownIssues: readonly TrackedIssue[];
  /** Issues adopted by label, read live, with their registry entry (deadline, priority). */
  adopted: readonly { issue: TrackedIssue; entry: AdoptedIssue }[];
  now: Date;
  config: Pick<Config, "digest" | "escalation">;
}

/** Days in the "due soon" window, today included. */
const DUE_SOON_DAYS = 7;

/** A team owner's line in an item body (templates/partials/owner.hbs), written by the app. */
const TEAM_PROBLEM = /team @?([A-Za-z0-9-]+\/[A-Za-z0-9._-]+) has no accountable person/;

interface Tracked {
  issue: TrackedIssue;
  due: string;
  priority: Priority;
  /** Postmortem path; null for an adopted issue. */
  path: string | null;
  /** When tracking began: filing, or adoption. */
  start: string;
}

/**
 * The week's digest, or null when nothing is tracked (then nothing is posted). Pure: `now` is a
 * parameter and every date is read in the digest's time zone.
 */
export function buildDigest(input: DigestInput): Digest | null {
  const { timezone } = input.config.digest;
  const slot = digestSlot(input.now, input.config.digest);
  const localDate = (iso: string) => localTime(new Date(iso), timezone).date;
  const tracked: Tracked[] = [];
  const trackingByPath = new Map<string, TrackedIssue>();
  for (const issue of input.ownIssues) {
    const item = readMarker(issue.body, "item");
    if (item !== null) {
      const start = localDate(issue.createdAt);
      tracked.push({ issue, due: item.due, priority: item.priority, path: item.path, start });
    }
    const t = readMarker(issue.body, "tracking");
    const known = t === null ? undefined : trackingByPath.get(t.path);
    if (t !== null && (known === undefined || issue.number < known.number))
      trackingByPath.set(t.path, issue);
  }
  for (const { issue, entry } of input.adopted) {
    const created = localDate(issue.createdAt);
    const start = created > entry.since ? created : entry.since;
    tracked.push({ issue, due: entry.due, priority: entry.priority, path: null, start });
  }
  if (tracked.length === 0) return null;

  const view = (t: Tracked): DigestItem => {
    const late = daysBetween(t.due, slot.today);
    const team = t.path === null ? null : (TEAM_PROBLEM.exec(t.issue.body)?.[1] ?? null);
    return {
      number: t.issue.number,
      title: t.issue.title,
      due: t.due,
      priority: t.priority,
      daysOverdue: Math.max(0, late),
      assignees: t.issue.assignees,
      team: t.issue.assignees.length === 0 ? team : null,
    };
  };
  const byDue = (a: DigestItem, b: DigestItem) =>
    a.due < b.due ? -1 : a.due > b.due ? 1 : a.number - b.number;
  const byLateness = (a: DigestItem, b: DigestItem) =>
    b.daysOverdue - a.daysOverdue || a.number - b.number;

  const open = tracked.filter((t) => t.issue.state === "open").map(view);
  const overdue = open.filter((i) => i.daysOverdue > 0);
  const closed = tracked.filter((t) => t.issue.state === "closed");
  const done = closed.filter((t) => !isWontDo(t.issue));

  // Logins are case-insensitive: one group (and one mention) per person however it is spelt.
  const groups = new Map<string, { owner: string; items: DigestItem[] }>();
  for (const item of overdue) {
    for (const owner of item.assignees) {
      const group = groups.get(owner.toLowerCase()) ?? { owner, items: [] };
      group.items.push(item);
      groups.set(owner.toLowerCase(), group);
    }
  }
  const overdueGroups = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => ({ owner: group.owner, items: group.items.sort(byLateness) }));

  const escalation = input.config.escalation;
  const escalated =
    escalation === null
      ? []
      : overdue.filter((i) => i.daysOverdue >= escalation.afterWeeks * 7).sort(byLateness);

  const closeDays = done.flatMap((t) =>
    t.issue.closedAt === null
      ? []
      : [Math.max(0, daysBetween(t.start, localDate(t.issue.closedAt)))],
  );
  const oldest = [...overdue].sort(byLateness)[0];

  return {
    week: slot.week,
    today: slot.today,
    overdue: overdueGroups,
    escalation:
      escalation === null || escalated.length === 0
        ? null
        : { weeks: escalation.afterWeeks, mention: escalation.mention, items: escalated },
    dueSoon: open
      .map((i) => ({ ...i, daysLeft: daysBetween(slot.today, i.due) }))
      .filter((i) => i.daysLeft >= 0 && i.daysLeft <= DUE_SOON_DAYS)
      .sort(byDue),
    unowned: open.filter((i) => i.assignees.length === 0).sort(byDue),
    closed: closed
      .filter((t) => t.issue.closedAt !== null && sameWeek(t.issue.closedAt))
      .sort(
        (a, b) =>
          (a.issue.closedAt ?? "").localeCompare(b.issue.closedAt ?? "") ||
          a.issue.number - b.issue.number,
      )
      .map((t) => ({ number: t.issue.number, title: t.issue.title, wontDo: isWontDo(t.issue) })),
    figures: {
      open: open.length,
      overdue: overdue.length,
      done: done.length,
      wontDo: closed.length - done.length,
      completion:
        done.length + open.length === 0
          ? null
          : Math.round((100 * done.length) / (done.length + open.length)),
      medianDaysToClose: median(closeDays),
      oldestOverdue:
        oldest === undefined ? null : { number: oldest.number, daysOverdue: oldest.daysOverdue },
    },
    postmortems: postmortemLines(tracked, trackingByPath),
    overdueAssigned: overdue
      .filter((i) => i.assignees.length > 0)
      .sort((a, b) => a.number - b.number),
  };

  function sameWeek(iso: string): boolean {
    return (
      digestSlot(new Date(iso), input.config.digest).week === slot.week &&
      iso <= input.now.toISOString()
    );
  }
}

/** Closed as not planned (or as a duplicate) is won't-do, not done. */
export function isWontDo(issue: TrackedIssue): boolean {
  return (
    issue.state === "closed" &&
    (issue.stateReason === "not_planned" || issue.stateReason === "duplicate")
  );
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round(value * 10) / 10;
}

function postmortemLines(tracked: Tracked[], trackingByPath: ReadonlyMap<string, TrackedIssue>) {
  const byPath = new Map<string | null, Tracked[]>();
  for (const t of tracked) byPath.set(t.path, [...(byPath.get(t.path) ?? []), t]);
  const line = (path: string | null, items: Tracked[]) => {
    const tracking = path === null ? undefined : trackingByPath.get(path);
    const wontDo = items.filter((t) => isWontDo(t.issue)).length;
    const done = items.filter((t) => t.issue.state === "closed").length - wontDo;
    return {
      title: tracking?.title.replace(/^Postmortem: /, "") ?? path ?? "",
      tracking: tracking?.number ?? null,
      adopted: path === null,
      done,
      wontDo,
      // Won't-do items are out of the count: they will never be done.
      total: items.length - wontDo,
    };
  };
  const paths = [...byPath.keys()].filter((p): p is string => p !== null).sort();
  const lines = paths.map((p) => line(p, byPath.get(p) ?? []));
  const adopted = byPath.get(null);
  if (adopted !== undefined) lines.push(line(null, adopted));
  return lines;
}
