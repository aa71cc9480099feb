import type { Logger } from "probot";
import type { ConfigResult } from "../config/parse-config.js";
import type { Config } from "../config/schema.js";
import { checkProposedConfig, type ConfigProblem } from "../core/check-proposed-config.js";
import { renderMarker } from "../core/issue-marker.js";
import {
  planConfigErrorPreview,
  planPreview,
  splitConfigError,
  strictRules,
  withProposedConfigProblems,
  type Preview,
  type PreviewAnnotation,
  type PreviewRow,
} from "../core/plan-preview.js";
import type { OwnerSource } from "../core/types.js";
import { renderCheckSummary, renderPreviewComment } from "../render/render.js";
import type { CheckPreviewRowView, CheckSummaryView } from "../render/view-models.js";
import { linkView, ownerView, type DocumentAt } from "./build-views.js";
import { buildWork, checkAssignees, planSources } from "./build-work.js";
import {
  createCheckRun,
  createComment,
  GitHubWriteError,
  MAX_ANNOTATIONS_PER_REQUEST,
  updateCheckRun,
  updateComment,
  type CheckConclusion,
  type CheckRunRef,
  type GitHubClient,
  type RepoRef,
} from "./gateway.js";
import {
  listOwnIssues,
  type PostmortemSource,
  type SyncTarget,
  type SyncTrigger,
} from "./sync-work.js";
import type { AuthorTrust } from "./tracker-trust.js";
import { findSummaryComments } from "./upsert-pr-summary.js";

/** The check run's name on the pull request; a re-run of it comes back as `check_run.rerequested`. */
export const CHECK_NAME = "Postmortem action items";

/** The pull request being previewed, at the commit the check run goes on. */
export interface PreviewPull {
  number: number;
  /** The commit the documents are read at and the check run is attached to. */
  headSha: string;
  /** The owner of last resort, as on merge. */
  author: string | null;
  /** Open and `headSha` is its head: only then is the preview comment rewritten. */
  current: boolean;
}

export interface PreviewRequest {
  client: GitHubClient;
  repo: RepoRef;
  repoUrl: string;
  defaultBranch: string;
  /** Whose markers count (tracker-trust.ts). */
  trust: AuthorTrust;
  log: Logger;
  pull: PreviewPull;
  /** Today, YYYY-MM-DD: relative deadlines and the policy count from it, as from a merge today. */
  date: string;
  /** The config on the default branch, as the merge will read it. */
  config: ConfigResult;
  /** Where the config is read (the app's `.github/postmortem-tracker.yml`, or the Action's input). */
  configPath: string;
  /** The pull request edits the config file (which the preview nevertheless does not use). */
  configEdited: boolean;
  /** The config file's text at the head commit when the pull request edits it, else null. */
  proposedConfig: string | null;
  /** Every postmortem path the pull request adds or changes. */
  paths: readonly string[];
  /** Their text at `pull.headSha` (not read when the config is invalid). */
  sources: readonly PostmortemSource[];
  /**
   * Where the preview goes. "check-run" (the app): a check run, plus the comment when the config
   * asks for it. "check-run-or-comment" (the Action): a check run, or the comment when the token
   * may not create one (403). "none": nothing written (a fork's read-only token).
   */
  publish?: PreviewPublish;
}

export type PreviewPublish = "check-run" | "check-run-or-comment" | "none";

export interface PreviewReport {
  preview: Preview;
  /** Null when no check run was created (see `publish`). */
  checkRun: CheckRunRef | null;
  /** Where the preview went: "comment" when the token could not create a check run. */
  published: "check-run" | "comment" | "none";
  /** The check run's summary (Markdown): the Action's job summary shows the same table. */
  summary: string;
  /** Requests that wrote: the check-run create and updates, and the comment if any. */
  writes: number;
}

/**
 * Shows on the pull request what merging it files, with the merge's own plan: the same planner,
 * the same issue lookup and the same `buildWork`, run on the head commit. Then one check run
 * carries the table, the annotations (50 per request) and the conclusion.
 */
export async function runPreview(request: PreviewRequest): Promise<PreviewReport> {
  const { client, repo, pull, log } = request;
  const publish = request.publish ?? "check-run";
  let checkRun: CheckRunRef | null = null;
  let completed = false;
  try {
    // 1. Plan, or say why nothing can be planned.
    const { preview, view, config } = await planRequest(request);
    const summary = renderCheckSummary(view);
    const report = (published: PreviewReport["published"], writes: number): PreviewReport => {
      log.info(
        {
          checkRun: checkRun?.id ?? null,
          published,
          conclusion: preview.conclusion,
          annotations: preview.annotations.length,
          counts: preview.counts,
          writes,
        },
        "previewed postmortem action items",
      );
      return { preview, checkRun, published, summary, writes };
    };
    if (publish === "none") return report("none", 0);
    // 2. The check run: first 50 annotations in the create, the rest in updates.
    const batches = chunk(preview.annotations.map(toCheckAnnotation), MAX_ANNOTATIONS_PER_REQUEST);
    const output = (annotations: PreviewAnnotation[]) => ({
      title: preview.title,
      summary,
      annotations,
    });
    const last = batches.length - 1;
    try {
      checkRun = await createCheckRun(client, repo, {
        name: CHECK_NAME,
        headSha: pull.headSha,
        externalId: pullExternalId(pull.number),
        conclusion: last === 0 ? preview.conclusion : null,
        output: output(batches[0] ?? []),
      });
    } catch (error) {
      // A token without `checks: write` (or not an app's) is refused before anything is created.
      if (publish !== "check-run-or-comment" || !isRefused(error)) throw error;
      log.warn("this token may not create check runs (checks: write): previewing in a comment");
      completed = true;
      return report("comment", pull.current ? await upsertPreviewComment(request, view) : 0);
    }
    let writes = 1;
    for (let i = 1; i <= last; i++) {
      await updateCheckRun(client, repo, checkRun.id, {
        conclusion: i === last ? preview.conclusion : null,
        output: output(batches[i] ?? []),
      });
      writes++;
    }
    completed = true;
    // 3. The optional comment, in the slot the merge's summary comment later takes over.
    if (config?.previewComment === true && pull.current)
      writes += await upsertPreviewComment(request, view);
    return report("check-run", writes);
  } catch (error) {
    // A finished check run is right as it is, even if the comment then failed.
    if (!completed && publish !== "none") await reportFailure(request, checkRun, error);
    throw error;
  }
}

function isRefused(error: unknown): boolean {
  return error instanceof GitHubWriteError && (error.status === 403 || error.status === 404);
}

/** The `external_id` of our check runs: the pull request, for re-runs from forks (no `pull_requests`). */
export function pullExternalId(pullNumber: number): string {
  return `pull/${pullNumber}`;
}

/** The pull request number in one of our check runs' `external_id`, or null. */
export function readPullExternalId(externalId: string | null | undefined): number | null {
  const m = /^pull\/(\d{1,10})$/.exec(externalId ?? "");
  return m ? Number(m[1]) : null;
}

async function planRequest(
  request: PreviewRequest,
): Promise<{ preview: Preview; view: CheckSummaryView; config: Config | null }> {
  const { repo, pull } = request;
  const proposed =
    request.proposedConfig === null ? [] : checkProposedConfig(request.proposedConfig);
  const docs = new Map<string, DocumentAt>(
    request.paths.map((path) => [
      path,
      { repoUrl: request.repoUrl, sha: pull.headSha, path, title: null },
    ]),
  );
  if (!request.config.ok) {
    const errors = splitConfigError(request.config.error);
    const preview = withProposedConfigProblems(
      planConfigErrorPreview({ paths: request.paths, source: request.configPath, errors }),
      request.configPath,
      proposed,
    );
    const view = summaryView(request, preview, docs, [], errors, proposed);
    return { preview, view, config: null };
  }
  const config = request.config.config;
  const target: SyncTarget = {
    client: request.client,
    repo,
    repoUrl: request.repoUrl,
    trust: request.trust,
    config,
    log: request.log,
  };
  const trigger: SyncTrigger = {
    sha: pull.headSha,
    date: request.date,
    pr: pull.number,
    author: pull.author,
  };
  const { plans, metas } = planSources(trigger, config, request.sources);
  const issues = await listOwnIssues(target);
  // One question per distinct login, for every postmortem of this delivery.
  const assignable = new Map<string, boolean>();
  await checkAssignees(target, plans, assignable);
  const work = buildWork(target, trigger, plans, metas, issues, assignable);
  for (const w of work) docs.set(w.doc.path, w.doc);
  const preview = withProposedConfigProblems(
    planPreview({ postmortems: work, config, repo: `${repo.owner}/${repo.repo}` }),
    request.configPath,
    proposed,
  );
  const rules = strictRules(config.strict);
  const strict = (Object.keys(rules) as (keyof typeof rules)[]).filter((rule) => rules[rule]);
  return { preview, view: summaryView(request, preview, docs, strict, null, proposed), config };
}

function summaryView(
  request: PreviewRequest,
  preview: Preview,
  docs: ReadonlyMap<string, DocumentAt>,
  strict: string[],
  configErrors: CheckSummaryView["configErrors"],
  proposed: readonly ConfigProblem[],
): CheckSummaryView {
  return {
    counts: preview.counts,
    warnings: preview.warnings,
    failures: preview.failures,
    date: request.date,
    strict,
    configFile: request.configPath,
    configEdited: request.configEdited
      ? { file: request.configPath, branch: request.defaultBranch, problems: [...proposed] }
      : null,
    configErrors,
    postmortems: preview.postmortems.map((pm) => {
      const doc = docs.get(pm.path) ?? {
        repoUrl: request.repoUrl,
        sha: request.pull.headSha,
        path: pm.path,
        title: pm.title,
      };
      return {
        postmortem: linkView(doc),
        rows: pm.rows.map(rowView),
        hiddenRows: 0,
        notes: (configErrors === null ? pm.annotations : []).map((a) => ({
          line: a.line,
          level: a.level,
          message: a.message,
        })),
        hiddenNotes: 0,
      };
    }),
  };
}

const OWNER_NOTES: Record<OwnerSource, string | null> = {
  item: null,
  postmortem: "postmortem owner",
  config: "config default",
  author: "PR author",
  none: null,
};

function rowView(row: PreviewRow): CheckPreviewRowView {
  const filed = row.status !== "linked" && !(row.status === "done" && !row.closing);
  return {
    status: row.status,
    title: row.title,
    line: row.line,
    issue: row.issue,
    ref: row.ref,
    owner: filed ? ownerView(row.assignees, row.problems) : null,
    ownerNote:
      row.status === "new" && row.ownerSource !== null ? OWNER_NOTES[row.ownerSource] : null,
    due: filed ? row.due : null,
    dueNote: row.dueSource === "policy" ? "policy" : row.dueSource === "issue" ? "kept" : null,
    priority: filed ? row.priority : null,
    closing: row.closing,
  };
}

function toCheckAnnotation(a: PreviewAnnotation): PreviewAnnotation {
  // GitHub caps an annotation's title at 255 characters and its message at 64 KB.
  return { ...a, title: a.title.slice(0, 255), message: a.message.slice(0, 4_000) };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length === 0 ? [[]] : out;
}

/** Creates or rewrites the app's one comment on the pull request; returns the writes made. */
async function upsertPreviewComment(
  request: PreviewRequest,
  view: CheckSummaryView,
): Promise<number> {
  const { client, repo, pull } = request;
  // The merge summary's marker: on merge, the summary of what was filed replaces this preview.
  const marker = renderMarker({ v: 1, kind: "summary", pr: pull.number });
  const body = renderPreviewComment({ preview: view, marker });
  const [mine] = await findSummaryComments(request, pull.number);
  if (mine === undefined) await createComment(client, repo, pull.number, body);
  else if (mine.body !== body) await updateComment(client, repo, mine.id, body);
  else return 0;
  return 1;
}

/**
 * A preview that broke still ends in a completed check run: its "Re-run" button is how the author
 * retries (GitHub never redelivers a webhook). Neutral, since the document may be fine.
 */
async function reportFailure(
  request: PreviewRequest,
  checkRun: CheckRunRef | null,
  error: unknown,
): Promise<void> {
  const { client, repo, pull, log } = request;
  const conclusion: CheckConclusion = "neutral";
  const output = {
    title: "The preview failed",
    summary:
      "postmortem-tracker could not preview this pull request (an error the app logged, most likely in talking to GitHub). Use **Re-run** to try again; merging still files the action items.",
    annotations: [],
  };
  try {
    if (checkRun === null)
      await createCheckRun(client, repo, {
        name: CHECK_NAME,
        headSha: pull.headSha,
        externalId: pullExternalId(pull.number),
        conclusion,
        output,
      });
    else await updateCheckRun(client, repo, checkRun.id, { conclusion, output });
  } catch (reportError) {
    log.warn(
      { err: reportError, cause: error },
      "could not mark the failed preview on the check run",
    );
  }
}
