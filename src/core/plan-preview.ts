import type { Config } from "../config/schema.js";
import { readMarker } from "./issue-marker.js";
import type { ItemAction, OwnerProblem } from "./plan-sync.js";
import type { IssueRef, OwnerSource, PlannedItem, PostmortemPlan, Priority } from "./types.js";

/*
 * What a pull request's check run says about its postmortems: one row per item (what merging
 * files, from the same `planSync` actions the merge applies), line annotations for everything
 * worth fixing before the merge, and the conclusion. Pure: GitHub answers (assignability, the
 * app's issues) are already folded into the actions.
 */

/** What merging does with an item. */
export type PreviewStatus = "new" | "updated" | "tracked" | "done" | "linked" | "removed";

export const PREVIEW_STATUSES: readonly PreviewStatus[] = [
  "new",
  "updated",
  "tracked",
  "done",
  "linked",
  "removed",
];

/** Where the deadline shown comes from; "issue": the existing issue's, which the merge keeps. */
export type PreviewDueSource = "item" | "policy" | "issue";

export interface PreviewRow {
  status: PreviewStatus;
  title: string;
  /** Line in the document; null for an item no longer in it (removed). */
  line: number | null;
  /** The app's issue for the item, when there is one. */
  issue: number | null;
  /** The existing issue a "linked" item names. */
  ref: IssueRef | null;
  /** Who the issue is (or will be) assigned to. */
  assignees: string[];
  problems: OwnerProblem[];
  ownerSource: OwnerSource | null;
  due: string | null;
  dueSource: PreviewDueSource | null;
  priority: Priority | null;
  /** done: the merge closes the issue; removed: closes it as not planned (else leaves it open). */
  closing: boolean;
}

export type AnnotationLevel = "notice" | "warning" | "failure";

/** One line annotation on a postmortem (GitHub's check-run annotation, before batching). */
export interface PreviewAnnotation {
  path: string;
  line: number;
  level: AnnotationLevel;
  title: string;
  message: string;
}

export interface PostmortemPreview {
  path: string;
  title: string | null;
  rows: PreviewRow[];
  annotations: PreviewAnnotation[];
}

export type PreviewConclusion = "success" | "neutral" | "failure";

export interface Preview {
  postmortems: PostmortemPreview[];
  counts: Record<PreviewStatus, number>;
  /** Every annotation, postmortem by postmortem, in line order. */
  annotations: PreviewAnnotation[];
  warnings: number;
  failures: number;
  conclusion: PreviewConclusion;
  /** The check run's one-line title. */
  title: string;
}

/** The `strict` config, with `true` meaning every rule. */
export interface StrictRules {
  owners: boolean;
  deadlines: boolean;
  warnings: boolean;
}

export function strictRules(strict: Config["strict"]): StrictRules {
  if (typeof strict === "boolean") return { owners: strict, deadlines: strict, warnings: strict };
  return strict;
}

export interface PreviewInput {
  postmortems: readonly { plan: PostmortemPlan; actions: readonly ItemAction[] }[];
  config: Config;
  /** `owner/repo`, named in messages about assignability. */
  repo: string;
}

const OWNER_SOURCE_NOTE: Record<OwnerSource, string> = {
  item: "",
  postmortem: "the postmortem's owner",
  config: 'config "defaultOwner"',
  author: "the pull request's author",
  none: "nobody",
};

/** Rows, annotations and the conclusion for the postmortems a pull request touches. */
export function planPreview(input: PreviewInput): Preview {
  const rules = strictRules(input.config.strict);
  const postmortems = input.postmortems.map(({ plan, actions }) => ({
    path: plan.postmortem.path,
    title: plan.postmortem.title,
    // A copy filed by a race is housekeeping the next sync does, not a change the PR makes.
    rows: actions.flatMap((a) => (a.kind === "close-duplicate" ? [] : [rowOf(a)])),
    annotations: annotate(plan, actions, rules, input.repo),
  }));
  const counts = Object.fromEntries(PREVIEW_STATUSES.map((s) => [s, 0])) as Record<
    PreviewStatus,
    number
  >;
  for (const pm of postmortems) for (const row of pm.rows) counts[row.status] += 1;
  const annotations = postmortems.flatMap((pm) => pm.annotations);
  const warnings = annotations.filter((a) => a.level === "warning").length;
  const failures = annotations.filter((a) => a.level === "failure").length;
  const conclusion = failures > 0 ? "failure" : warnings > 0 ? "neutral" : "success";
  return {
    postmortems,
    counts,
    annotations,
    warnings,
    failures,
    conclusion,
    title: titleOf(counts, warnings, failures),
  };
}

/**
 * The preview when the config on the default branch is invalid: nothing is planned (merging files
 * nothing), and every postmortem gets one failure per config problem, naming the field.
 */
export function planConfigErrorPreview(input: {
  paths: readonly string[];
  source: string;
  errors: readonly { path: string; message: string }[];
}): Preview {
  const annotations = input.paths.flatMap((path) =>
    input.errors.map((e): PreviewAnnotation => ({
      path,
      line: 1,
      level: "failure",
      title: "Invalid config",
      message: `${input.source} on the default branch is invalid${e.path === "" ? "" : ` at ${e.path}`}: ${e.message}. Merging files nothing until it is fixed.`,
    })),
  );
  const counts = Object.fromEntries(PREVIEW_STATUSES.map((s) => [s, 0])) as Record<
    PreviewStatus,
    number
  >;
  return {
    postmortems: input.paths.map((path) => ({ path, title: null, rows: [], annotations: [] })),
    counts,
    annotations,
    warnings: 0,
    failures: annotations.length,
    conclusion: "failure",
    title: "Invalid config: nothing will be filed",
  };
}

/**
 * Adds failures on the config file a pull request proposes: merged as is, it would make the app
 * file nothing, for this merge and every later one, until fixed.
 */
export function withProposedConfigProblems(
  preview: Preview,
  file: string,
  problems: readonly { line: number; path: string; message: string }[],
): Preview {
  if (problems.length === 0) return preview;
  const added = problems.map((p): PreviewAnnotation => ({
    path: file,
    line: p.line,
    level: "failure",
    title: "Invalid config in this pull request",
    message: `${p.path === "" ? "" : `${p.path}: `}${p.message}. Merged as is, this config makes the app file nothing until it is fixed.`,
  }));
  const failures = preview.failures + added.length;
  return {
    ...preview,
    annotations: [...preview.annotations, ...added],
    failures,
    conclusion: "failure",
    title: `${preview.title}, invalid config in this pull request`,
  };
}

/**
 * The config loader's one-line error (`Invalid config in <file>: a.b: msg; c: msg`) as field
 * problems; the YAML-syntax kind has no field.
 */
export function splitConfigError(error: string): { path: string; message: string }[] {
  return error
    .replace(/^Invalid config in [^:]+: /, "")
    .split("; ")
    .map((line) => {
      const m = /^([\w.[\]-]+|\(top level\)): (.*)$/.exec(line);
      return m
        ? { path: m[1] === "(top level)" ? "" : (m[1] ?? ""), message: m[2] ?? line }
        : { path: "", message: line };
    });
}

function rowOf(action: Exclude<ItemAction, { kind: "close-duplicate" }>): PreviewRow {
  const none = { issue: null, ref: null, problems: [], closing: false };
  switch (action.kind) {
    case "create":
      return {
        ...itemFields(action.item),
        ...none,
        status: "new",
        assignees: action.assignees,
        problems: action.problems,
      };
    case "update":
      return {
        ...itemFields(action.item),
        ...none,
        status: "updated",
        issue: action.issue.number,
        assignees: action.issue.assignees,
        due: action.due,
        dueSource: action.item.dueSource === "item" ? "item" : "issue",
      };
    case "keep": {
      const kept = readMarker(action.issue.body, "item")?.due ?? action.item.due;
      const own = action.item.dueSource === "item";
      return {
        ...itemFields(action.item),
        ...none,
        status: "tracked",
        issue: action.issue.number,
        assignees: action.issue.assignees,
        due: own ? action.item.due : kept,
        dueSource: own ? "item" : "issue",
      };
    }
    case "close-done":
      return {
        ...itemFields(action.item),
        ...none,
        status: "done",
        issue: action.issue.number,
        assignees: action.issue.assignees,
        closing: true,
      };
    case "record-done":
      return { ...itemFields(action.item), ...none, status: "done", assignees: [] };
    case "link":
      return {
        ...itemFields(action.item),
        ...none,
        status: "linked",
        ref: action.ref,
        assignees: [],
      };
    case "remove":
      return {
        ...none,
        status: "removed",
        title: action.issue.title,
        line: null,
        issue: action.issue.number,
        assignees: action.issue.assignees,
        ownerSource: null,
        due: action.marker.due,
        dueSource: "issue",
        priority: action.marker.priority,
        closing: action.close,
      };
  }
}

function itemFields(item: PlannedItem) {
  return {
    title: item.title,
    line: item.line,
    ownerSource: item.ownerSource,
    due: item.due,
    dueSource: item.dueSource as PreviewDueSource,
    priority: item.priority,
  };
}

function annotate(
  plan: PostmortemPlan,
  actions: readonly ItemAction[],
  rules: StrictRules,
  repo: string,
): PreviewAnnotation[] {
  const path = plan.postmortem.path;
  const out: PreviewAnnotation[] = [];
  const add = (line: number, level: AnnotationLevel, title: string, message: string) =>
    out.push({ path, line, level, title, message });
  const noItems = plan.items.length === 0;
  for (const w of plan.warnings) {
    add(
      w.line,
      rules.warnings ? "failure" : "warning",
      noItems ? "No action items found" : "Action item warning",
      w.message,
    );
  }
  const ownerLevel = rules.owners || rules.warnings ? "failure" : "warning";
  for (const action of actions) {
    if (action.kind !== "create") continue;
    const { item } = action;
    for (const p of action.problems) {
      // A team without an accountable person is already a plan warning.
      if (p.reason === "not-assignable")
        add(
          item.line,
          ownerLevel,
          "Owner cannot be assigned",
          `@${p.owner} cannot be assigned in ${repo} (not a collaborator, or no such account): the issue will be filed unassigned.`,
        );
      else if (p.reason === "not-a-login")
        add(
          item.line,
          ownerLevel,
          "Owner is not a GitHub login",
          `"${p.owner}" is not a GitHub login: the issue will be filed unassigned. Write the owner as @login.`,
        );
    }
    const named = item.ownerSource === "item" || item.ownerSource === "postmortem";
    const told = action.problems.some((p) => p.reason !== "team-without-person");
    if (rules.owners && !named)
      add(
        item.line,
        "failure",
        "No owner named",
        `strict.owners: name this item's owner (e.g. "(owner: @login)") or the postmortem's; it would go to ${OWNER_SOURCE_NOTE[item.ownerSource]}.`,
      );
    else if (rules.owners && action.assignees.length === 0 && !told)
      add(item.line, "failure", "No owner", "strict.owners: this item would be filed unassigned.");
    if (rules.deadlines && item.dueSource === "policy")
      add(
        item.line,
        "failure",
        "No deadline",
        `strict.deadlines: give this item a date (e.g. "by 2026-12-31"); it would get the ${item.priority} policy date ${item.due}.`,
      );
  }
  return out.sort((a, b) => a.line - b.line);
}

function titleOf(
  counts: Record<PreviewStatus, number>,
  warnings: number,
  failures: number,
): string {
  const parts: string[] = [];
  const say = (n: number, what: string) => {
    if (n > 0) parts.push(`${n} ${what}`);
  };
  say(counts.new, counts.new === 1 ? "issue to file" : "issues to file");
  say(counts.updated, "to update");
  say(counts.tracked, "already tracked");
  say(counts.done, "done");
  say(counts.linked, "linked");
  say(counts.removed, "removed");
  if (parts.length === 0) parts.push("No action items found");
  say(failures, failures === 1 ? "failure" : "failures");
  say(warnings, warnings === 1 ? "warning" : "warnings");
  return parts.join(", ");
}
