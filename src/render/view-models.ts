/**
 * What each template is given. Plain data, built by the caller from a plan and what GitHub said.
 *
 * Optional facts are `T | null`, never `?:`: templates are compiled in strict mode, where a
 * missing field throws, and `null` is how a view model says "known to be absent".
 * Dates are `YYYY-MM-DD`; logins have no `@`; text is raw (templates escape it).
 */
import type { Digest, DigestItem } from "../core/digest/build-digest.js";
import type { PlanWarning, Priority } from "../core/types.js";

/** A postmortem document, for permalinks pinned to one commit. */
export interface PostmortemLinkView {
  /** The repository's web URL (`repository.html_url`), e.g. `https://github.com/acme/payments`. */
  repoUrl: string;
  /** The commit links are pinned to: the merge commit, or the PR head for a preview. */
  sha: string;
  /** Path of the postmortem in the repository. */
  path: string;
  /** The document's title; null shows the path instead. */
  title: string | null;
}

/** A postmortem with its incident summary, for issue and tracking bodies. */
export interface PostmortemView extends PostmortemLinkView {
  /** The incident summary paragraph, or null when the document has none. */
  summary: string | null;
}

/** Why an owner named (or not named) by the postmortem is not an assignee. */
export type OwnerProblemView =
  /** GitHub refused the login as an assignee (not a collaborator, no such user…). */
  | { kind: "unassignable"; login: string }
  /** A team with no accountable person mapped in config: the team is mentioned instead. */
  | { kind: "team"; team: string }
  /** Nobody is named anywhere and there is no fallback. */
  | { kind: "none" }
  /** Nobody is named, and the postmortem came without a pull request whose author could own it. */
  | { kind: "no-pull-request" };

export interface OwnerView {
  /** Logins the issue is (or will be) assigned to. */
  assignees: string[];
  /** Why someone named is not assigned, or why nobody is; empty when all is well. */
  problems: OwnerProblemView[];
}

/** The deadline and where it came from. */
export type DueView =
  /** Written in the postmortem. */
  | { date: string; source: "item" }
  /** From the priority policy: `days` after the merge date `from`. */
  | { date: string; source: "policy"; days: number; from: string }
  /** The issue's own deadline, kept over the document's: moved on GitHub, or set at an earlier merge. */
  | { date: string; source: "kept" };

/** templates/issue-body.hbs: the body of one action-item issue. */
export interface IssueBodyView {
  postmortem: PostmortemView;
  item: {
    /** The full item text, as the planner read it. */
    text: string;
    /** 1-based line of the item in the document at `postmortem.sha`. */
    line: number;
    priority: Priority;
  };
  owner: OwnerView;
  due: DueView;
  /** The pull request whose merge filed the item, or null (direct push, `sync`). */
  pr: number | null;
  /** The item marker line, from `renderMarker`; written last. */
  marker: string;
}

/** One line of the tracking issue's task list, in document order. */
export type TrackingItemView =
  /** An issue the app filed; `wontDo`: closed as not planned. */
  | { kind: "filed"; issue: number; closed: boolean; wontDo: boolean }
  /** Checked off in the postmortem itself, so never filed. */
  | { kind: "done"; title: string; line: number }
  /** The item links an existing issue (`#123`), which tracks it (`repo` null: this repository). */
  | { kind: "tracked"; number: number; repo: string | null };

/** templates/tracking-issue.hbs: the parent issue of one postmortem. */
export interface TrackingBodyView {
  postmortem: PostmortemView;
  pr: number | null;
  items: TrackingItemView[];
  /** The tracking marker line, from `renderMarker`; written last. */
  marker: string;
}

/** One row of a PR summary table: an issue filed (or, in a dry run, to be filed). */
export interface PrSummaryItemView {
  /** The issue; null in a dry run. */
  issue: number | null;
  title: string;
  owner: OwnerView;
  due: string;
  priority: Priority;
  line: number;
}

/** Why an item has no row in the table. */
export type NotFiledReasonView =
  | { kind: "done" }
  /** Already tracked by an existing issue (`repo` null: this repository). */
  | { kind: "tracked"; number: number; repo: string | null }
  /** Gone from the postmortem: its issue was closed as not planned, or left open by config. */
  | { kind: "removed"; issue: number; closed: boolean }
  | { kind: "dry-run" };

export interface NotFiledItemView {
  title: string;
  /** Line in the document, or null when the item is no longer in it. */
  line: number | null;
  reason: NotFiledReasonView;
}

export interface PrSummaryPostmortemView {
  postmortem: PostmortemLinkView;
  items: PrSummaryItemView[];
  notFiled: NotFiledItemView[];
  warnings: PlanWarning[];
  /** The tracking issue, or null (dry run, nothing filed). */
  tracking: number | null;
}

/** templates/pr-summary.hbs: the one summary comment on a pull request. */
export interface PrSummaryView {
  /** Preview: nothing was filed. */
  dryRun: boolean;
  postmortems: PrSummaryPostmortemView[];
  /** A hidden one-line HTML comment the caller finds its comment by; written last. */
  marker: string;
}

/** One problem in the config file. */
export interface ConfigErrorLineView {
  /** Field path, e.g. `priorities.P1.days`; empty for the file as a whole (YAML syntax). */
  path: string;
  message: string;
}

/** templates/config-error.hbs: a comment (or check summary) saying the config is invalid. */
export interface ConfigErrorView {
  /** The config file that is invalid, e.g. `.github/postmortem-tracker.yml`. */
  file: string;
  errors: ConfigErrorLineView[];
  /** A hidden one-line HTML comment the caller finds its comment by, or null; written last. */
  marker: string | null;
}

/** templates/item-removed.hbs: the comment on an issue whose item left the postmortem. */
export interface ItemDuplicateView {
  postmortem: PostmortemLinkView;
  /** The issue that tracks the item. */
  of: number;
}

export interface ItemRemovedView {
  /** The postmortem, pinned to the commit that removed the item. */
  postmortem: PostmortemLinkView;
  /** The pull request that removed it, or null. */
  pr: number | null;
  /** True: the issue is being closed as not planned; false: config keeps it open. */
  closing: boolean;
}

/** templates/item-done.hbs: the comment on an issue whose item the postmortem marks done. */
export interface ItemDoneView {
  /** The postmortem, pinned to the commit that marked the item done. */
  postmortem: PostmortemLinkView;
  pr: number | null;
}

/** templates/digest-issue.hbs: the body of the repository's digest issue. */
export interface DigestIssueView {
  /** The tracker label (`trackingLabel`) a human adds to have an issue tracked. */
  label: string;
  adopted: { number: number; due: string; priority: Priority }[];
  marker: string;
}

/** One action item as the digest lists it (computed by the pure core, src/core/digest/). */
export type DigestItemView = DigestItem;

/** An issue closed this ISO week; "won't do" is closed as not planned. */
export type DigestClosedView = Digest["closed"][number];

/**
 * templates/digest-comment.hbs: one ISO week's digest comment on the digest issue. The digest as
 * the core computed it (see `Digest` for each field), plus how many rows each list left out to fit
 * in a GitHub comment, and the `digest-week` marker line, written last.
 */
export type DigestCommentView = Omit<Digest, "overdueAssigned"> & {
  hidden: {
    overdue: number;
    dueSoon: number;
    unowned: number;
    closed: number;
    postmortems: number;
  };
  marker: string;
};

/** One row of the preview table: an item and what merging does with it. */
export interface CheckPreviewRowView {
  /** "new", "updated", "tracked", "done", "linked" or "removed". */
  status: string;
  title: string;
  /** Line in the document at the PR head; null for an item no longer in it. */
  line: number | null;
  /** The app's issue for the item, when there is one. */
  issue: number | null;
  /** The existing issue a "linked" item names (`repo` null: this repository). */
  ref: { number: number; repo: string | null } | null;
  /** Null for items that get no issue of their own (done and not filed, linked). */
  owner: OwnerView | null;
  /** Where the owner came from when the item names none ("the pull request's author"…), or null. */
  ownerNote: string | null;
  due: string | null;
  /** "policy" (priority policy), "kept" (the issue's own) or null (written in the postmortem). */
  dueNote: string | null;
  priority: Priority | null;
  /** done: the merge closes the issue; removed: closes it as not planned. */
  closing: boolean;
}

export interface CheckPreviewPostmortemView {
  /** Pinned to the pull request's head commit. */
  postmortem: PostmortemLinkView;
  rows: CheckPreviewRowView[];
  /** Rows left out to fit GitHub's limit (0 when all are shown). */
  hiddenRows: number;
  /** The file's annotations, also listed here for readers of the summary or the comment. */
  notes: { line: number; level: "notice" | "warning" | "failure"; message: string }[];
  hiddenNotes: number;
}

/** templates/check-summary.hbs: the check run's summary (and, with a marker, the preview comment). */
export interface CheckSummaryView {
  counts: {
    new: number;
    updated: number;
    tracked: number;
    done: number;
    linked: number;
    removed: number;
  };
  warnings: number;
  failures: number;
  /** The date relative deadlines and the policy count from in this preview (the merge uses its own). */
  date: string;
  /** The active `strict` rules ("owners", "deadlines", "warnings"). */
  strict: string[];
  /** The config file the preview reads, e.g. `.github/postmortem-tracker.yml`. */
  configFile: string;
  /** The pull request edits the config file: the preview still uses the default branch's. */
  configEdited: {
    file: string;
    branch: string;
    /** What is wrong with the file's new version (empty when it is valid). */
    problems: { line: number; path: string; message: string }[];
  } | null;
  /** The default branch's config is invalid: nothing is planned. Null when it is valid. */
  configErrors: ConfigErrorLineView[] | null;
  postmortems: CheckPreviewPostmortemView[];
}

/** templates/check-summary.hbs with a marker: the optional PR comment carrying the same preview. */
export interface PreviewCommentView {
  /** The same preview as the check run's summary. */
  preview: CheckSummaryView;
  /** A hidden one-line HTML comment the caller finds its comment by; written last. */
  marker: string;
}

/** templates/command-reply.hbs: why a slash command changed nothing. Text is raw. */
export type CommandReplyView =
  /** The commenter is neither an assignee nor a writer. */
  | { kind: "refused"; login: string; command: string }
  /** `text` is not a date (`/due`) or a duration (`/snooze`). */
  | { kind: "unreadable"; command: string; text: string }
  | { kind: "missing"; command: string }
  | { kind: "past"; command: string; text: string }
  | { kind: "bad-login"; command: string; text: string }
  | { kind: "unassignable"; command: string; login: string }
  | { kind: "no-reason"; command: string }
  /** Neither filed nor adopted by the app; `label` adopts it. */
  | { kind: "not-tracked"; command: string; label: string }
  /** `file`: the config file that is invalid. */
  | { kind: "invalid-config"; command: string; file: string };

/** templates/command-wontfix.hbs: the comment recording why an item will not be done. */
export interface CommandWontfixView {
  login: string;
  reason: string;
  /** The `/wontfix` comment. */
  commentUrl: string;
}

/** templates/command-due-line.hbs: the issue body's due line after `/due` or `/snooze`. */
export interface CommandDueLineView {
  due: string;
  login: string;
  command: "due" | "snooze";
}

/** templates/adopted.hbs: the comment on an issue the app starts tracking by its label. */
export interface AdoptedView {
  /** Who added the label, or null when unknown. */
  login: string | null;
  label: string;
  due: string;
  priority: Priority;
  /** The policy's days for `priority`. */
  days: number;
  /** The adoption date the deadline counts from. */
  since: string;
  /** A hidden one-line HTML comment the app finds its comment by; written last. */
  marker: string;
}

/** templates/adopted-stopped.hbs: the comment on an issue the app stops tracking. */
export interface AdoptionStoppedView {
  login: string | null;
  label: string;
  marker: string;
}

/** templates/digest-nudge.hbs: the weekly reminder on one overdue item. */
export interface DigestNudgeView {
  assignees: string[];
  due: string;
  daysOverdue: number;
}
