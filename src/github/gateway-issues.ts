import type { TrackedIssue } from "../core/tracked-issue.js";
import { NO_RETRY, repoParams, type GitHubClient, type RepoRef } from "./client.js";
import { hasStatus, runWrite } from "./errors.js";
import { issueSchema, parseResponse, type IssueResponse } from "./response-schemas.js";

/** What `createIssue` sends. Labels that do not exist are auto-created grey (#ededed). */
export interface NewIssue {
  title: string;
  body: string;
  labels: string[];
  /** Every login must be assignable, or GitHub fails the whole create with 422. */
  assignees: string[];
}

/** A created issue plus the colours of its labels, to spot labels GitHub just auto-created grey. */
export type CreatedIssue = TrackedIssue & { labelColors: Record<string, string> };

/** The state reasons GitHub accepts on update. */
export type IssueStateReason = "completed" | "not_planned" | "duplicate" | "reopened";

/** Fields to change on an issue; omitted fields are left alone, `labels`/`assignees` replace. */
export interface IssuePatch {
  title?: string;
  body?: string;
  state?: "open" | "closed";
  stateReason?: IssueStateReason | null;
  labels?: string[];
  assignees?: string[];
}

/**
 * Which issues to list: those carrying one label, or those one account opened. GitHub's
 * `labels` filter wants every label named, so a list per label is the only way to get either.
 */
export type IssueListFilter = { label: string } | { creator: string };

/** Maps a parsed issue response to the domain type the reconcile reads. */
export function toTrackedIssue(issue: IssueResponse): TrackedIssue {
  return {
    number: issue.number,
    id: issue.id,
    title: issue.title,
    body: issue.body ?? "",
    state: issue.state,
    stateReason: issue.state_reason ?? null,
    assignees: (issue.assignees ?? []).map((assignee) => assignee.login),
    labels: issue.labels.map((label) => label.name),
    // GitHub shows deleted accounts as "ghost", a User that no role lookup knows.
    author: issue.user?.login ?? "ghost",
    authorType: issue.user?.type ?? "User",
    url: issue.html_url,
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    closedAt: issue.closed_at ?? null,
  };
}

/** Lists the issues (open and closed, no pull requests) with this label or by this creator. */
export async function listIssuesBy(
  client: GitHubClient,
  repo: RepoRef,
  filter: IssueListFilter,
): Promise<TrackedIssue[]> {
  const items = await client.paginate(client.rest.issues.listForRepo, {
    ...repoParams(repo),
    ...("label" in filter ? { labels: filter.label } : { creator: filter.creator }),
    state: "all",
    per_page: 100,
  });
  return (
    items
      .map((item) => parseResponse(issueSchema, item, "GET /repos/{o}/{r}/issues"))
      // The issues endpoint also returns pull requests; only they carry a `pull_request` key.
      .filter((issue) => issue.pull_request === undefined)
      .map(toTrackedIssue)
  );
}

/**
 * Creates an issue, sent exactly once: a retried POST after a 5xx can file the issue twice.
 * Fails with `GitHubWriteError`; `outcome: "unknown"` means look for the issue before retrying.
 */
export async function createIssue(
  client: GitHubClient,
  repo: RepoRef,
  issue: NewIssue,
): Promise<CreatedIssue> {
  const { data } = await runWrite("create issue", () =>
    client.rest.issues.create({
      ...repoParams(repo),
      title: issue.title,
      body: issue.body,
      labels: issue.labels,
      assignees: issue.assignees,
      request: NO_RETRY,
    }),
  );
  const created = parseResponse(issueSchema, data, "POST /repos/{o}/{r}/issues");
  const labelColors: Record<string, string> = {};
  for (const label of created.labels) {
    if (label.color !== null) labelColors[label.name] = label.color;
  }
  return { ...toTrackedIssue(created), labelColors };
}

/** Changes an issue's fields (PATCH is idempotent, so the default retries stay on). */
export async function updateIssue(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  patch: IssuePatch,
): Promise<TrackedIssue> {
  const { data } = await runWrite(`update issue #${issueNumber}`, () =>
    client.rest.issues.update({
      ...repoParams(repo),
      issue_number: issueNumber,
      ...(patch.title === undefined ? {} : { title: patch.title }),
      ...(patch.body === undefined ? {} : { body: patch.body }),
      ...(patch.state === undefined ? {} : { state: patch.state }),
      ...(patch.stateReason === undefined ? {} : { state_reason: patch.stateReason }),
      ...(patch.labels === undefined ? {} : { labels: patch.labels }),
      ...(patch.assignees === undefined ? {} : { assignees: patch.assignees }),
    }),
  );
  return toTrackedIssue(parseResponse(issueSchema, data, "PATCH /repos/{o}/{r}/issues/{n}"));
}

/** Closes an issue as "completed" (done) or "not_planned" (dropped from the postmortem). */
export async function closeIssue(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  reason: "completed" | "not_planned",
): Promise<TrackedIssue> {
  return updateIssue(client, repo, issueNumber, { state: "closed", stateReason: reason });
}

/** Asks whether `login` may be assigned issues here (204 yes, 404 no) before a create can 422. */
export async function canBeAssigned(
  client: GitHubClient,
  repo: RepoRef,
  login: string,
): Promise<boolean> {
  try {
    await client.rest.issues.checkUserCanBeAssigned({ ...repoParams(repo), assignee: login });
    return true;
  } catch (error) {
    if (hasStatus(error, 404)) return false;
    throw error;
  }
}

/** Makes issue `childId` (the REST `id`, not the number) a sub-issue of `parentNumber`. */
export async function addSubIssue(
  client: GitHubClient,
  repo: RepoRef,
  parentNumber: number,
  childId: number,
): Promise<void> {
  await runWrite(`add sub-issue to #${parentNumber}`, () =>
    client.rest.issues.addSubIssue({
      ...repoParams(repo),
      issue_number: parentNumber,
      sub_issue_id: childId,
    }),
  );
}
