/**
 * What each template is given. Plain data, built by the caller from a plan and what GitHub said.
 *
 * Optional facts are `T | null`, never `?:`: templates are compiled in strict mode, where a
 * missing field throws, and `null` is how a view model says "known to be absent".
 * Dates are `YYYY-MM-DD`; logins have no `@`; text is raw (templates escape it).
 */
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
  | { kind: "none" };

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
  | { date: string; source: "policy"; days: number; from: string };

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
  /** An issue the app filed. */
  | { kind: "filed"; issue: number; closed: boolean }
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
  errors: ConfigErrorLineView[];
  /** A hidden one-line HTML comment the caller finds its comment by, or null; written last. */
  marker: string | null;
}

/** templates/item-removed.hbs: the comment on an issue whose item left the postmortem. */
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
