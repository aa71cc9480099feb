import type { Priority } from "./types.js";

/**
 * Hidden metadata the app writes into the issues it files. GitHub is the database: these markers
 * are how a later run knows which item an issue tracks. Versioned so the format can evolve.
 */
export interface ItemMarker {
  v: 1;
  kind: "item";
  /** Postmortem path in the repository. */
  path: string;
  /** The item's stable key (see docs/parser.md "What a key survives"). */
  key: string;
  /** Deadline, YYYY-MM-DD. */
  due: string;
  priority: Priority;
  /**
   * The deadline the postmortem itself gave when the issue was last written, if it gave one. A
   * later sync lets the document's date win only when the document changed it, so a deadline
   * moved with `/due` survives edits elsewhere in the postmortem.
   */
  docDue?: string;
}

/** The tracking issue of one postmortem. */
export interface TrackingMarker {
  v: 1;
  kind: "tracking";
  path: string;
  /** The pull request whose merge filed the items, when there was one. */
  pr: number | null;
}

/** The app's summary comment on a pull request. */
export interface SummaryMarker {
  v: 1;
  kind: "summary";
  pr: number;
}

/**
 * An issue a human asked the app to track by adding the tracker label. Its body belongs to the
 * human, so the app records the deadline here, in the body of its own digest issue: the digest
 * then reads every deadline from one issue list, with no read per adopted issue.
 */
export interface AdoptedIssue {
  number: number;
  /** Deadline, YYYY-MM-DD. */
  due: string;
  priority: Priority;
  /** When the app adopted it, YYYY-MM-DD. */
  since: string;
}

/** The repository's digest issue ("Postmortem action items"): weekly comments go on it. */
export interface DigestMarker {
  v: 1;
  kind: "digest";
  /** Issues adopted by label, by issue number; kept sorted by number. */
  adopted: AdoptedIssue[];
}

/** One week's digest comment on the digest issue. */
export interface DigestWeekMarker {
  v: 1;
  kind: "digest-week";
  /** ISO week in the digest's time zone, `2026-W48`. */
  week: string;
  /** Overdue issues nudged this week (config `nudges`), so that a re-run does not nudge again. */
  nudged?: number[];
}

export type Marker = ItemMarker | TrackingMarker | SummaryMarker | DigestMarker | DigestWeekMarker;

/** An issue as the reconcile sees it: only what it needs, read at the API boundary. */
export interface TrackedIssue {
  number: number;
  /** REST `id` (sub-issue APIs want it). */
  id: number;
  title: string;
  body: string;
  state: "open" | "closed";
  /** "completed", "not_planned", "reopened" or null. */
  stateReason: string | null;
  assignees: string[];
  labels: string[];
  /** Login of the issue's author: whose markers count is decided from it (tracker-trust.ts). */
  author: string;
  /** The author's account type: "Bot" (apps, GitHub Actions), "User", "Organization"… */
  authorType: string;
  url: string;
  createdAt: string;
  /** Changes with any edit or new comment: the digest reads its own issue's activity from it. */
  updatedAt: string;
  closedAt: string | null;
}
