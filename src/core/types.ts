/** Domain types shared by the pure core. Nothing here knows about Octokit, env or the clock. */

export const PRIORITIES = ["P0", "P1", "P2", "P3"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** A problem worth telling the author about, anchored to a 1-based line of the document. */
export interface PlanWarning {
  line: number;
  message: string;
}

/** A reference to an existing issue or PR found in an item (`#123`, `org/repo#4`, an issue URL). */
export interface IssueRef {
  /** `owner/repo` when the reference names a repository, else null (this repository). */
  repo: string | null;
  number: number;
}

export type ItemStatus = "open" | "done";

/** What the parser reads off one action item, before defaults are applied. */
export interface ParsedItem {
  /** Item text as a reader sees it: list marker, checkbox, markup, status and trailing annotations removed. */
  text: string;
  /** Owners named by the item itself: logins without `@`, `org/team`, or names as written. */
  owners: string[];
  /** The deadline as written (`by Friday`, `2026-12-01`), or null. */
  dueText: string | null;
  /** The deadline resolved to YYYY-MM-DD against the reference date, or null when absent or unreadable. */
  due: string | null;
  priority: Priority | null;
  status: ItemStatus;
  refs: IssueRef[];
  /** 1-based line of the item's first line in the document. */
  line: number;
  /** Why it was read as an action item: its shape and section (`bullet under "Next steps"`). */
  reason: string;
}

/** Document-level facts (front matter, title, owner line, incident summary). */
export interface PostmortemMeta {
  title: string | null;
  severity: string | null;
  owner: string | null;
  date: string | null;
  id: string | null;
  /** The incident summary paragraph, when the document has one (used in issue bodies). */
  summary: string | null;
}

export interface ParsedPostmortem {
  meta: PostmortemMeta;
  items: ParsedItem[];
  warnings: PlanWarning[];
}

export type DueSource = "item" | "policy";
export type OwnerSource = "item" | "postmortem" | "config" | "author" | "none";

/** One item of the `plan --json` contract (see docs/cli.md), plus additive fields. */
export interface PlannedItem {
  /** Stable id: survives re-bulleting, re-wrapping and moving the item (see docs/parser.md). */
  key: string;
  /** Issue title, at most 256 characters. */
  title: string;
  text: string;
  owners: string[];
  due: string;
  dueSource: DueSource;
  priority: Priority;
  line: number;
  /** Additive fields beyond DESIGN.md's contract. */
  status: ItemStatus;
  refs: IssueRef[];
  ownerSource: OwnerSource;
  /**
   * Why the parser took the item (`table row under "Action items"`, `lead-in + child under …`),
   * so that the preview can show it. Always set by `planPostmortem`; optional for plans built
   * elsewhere.
   */
  reason?: string;
}

/** The `plan --json` document for one postmortem. */
export interface PostmortemPlan {
  postmortem: { path: string; title: string | null; severity: string | null };
  items: PlannedItem[];
  warnings: PlanWarning[];
}
