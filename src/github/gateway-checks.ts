import { repoParams, type GitHubClient, type RepoRef } from "./client.js";
import { runWrite } from "./errors.js";
import { checkRunSchema, parseResponse, pullRequestSchema } from "./response-schemas.js";

/** GitHub takes at most this many annotations per check-run create or update request. */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;

/** GitHub's limit on `output.summary` and `output.text` (characters). */
export const MAX_CHECK_TEXT = 65_535;

export type CheckConclusion = "success" | "neutral" | "failure";

export interface CheckAnnotation {
  path: string;
  line: number;
  level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

/** A check run's output: annotations are appended to those already sent (GitHub's rule). */
export interface CheckOutput {
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
}

export interface NewCheckRun {
  name: string;
  headSha: string;
  /** Our own reference, handed back in `check_run` webhooks (the pull request number). */
  externalId: string;
  /** null: the run stays in progress (more annotations follow in updates). */
  conclusion: CheckConclusion | null;
  output: CheckOutput;
}

export interface CheckRunRef {
  id: number;
  url: string | null;
}

/** The open-or-not state of a pull request and the fields a preview needs. */
export interface PullForCheck {
  number: number;
  open: boolean;
  author: string | null;
  headSha: string;
  baseRef: string;
}

/** Creates a check run on a commit (GitHub Apps only; needs `checks: write`). */
export async function createCheckRun(
  client: GitHubClient,
  repo: RepoRef,
  run: NewCheckRun,
): Promise<CheckRunRef> {
  const { data } = await runWrite(`create check run "${run.name}"`, () =>
    client.rest.checks.create({
      ...repoParams(repo),
      name: run.name,
      head_sha: run.headSha,
      external_id: run.externalId,
      ...status(run.conclusion),
      output: outputParams(run.output),
    }),
  );
  const parsed = parseResponse(checkRunSchema, data, "POST check-runs");
  return { id: parsed.id, url: parsed.html_url ?? null };
}

/** Appends annotations to a check run, completing it when `conclusion` is given. */
export async function updateCheckRun(
  client: GitHubClient,
  repo: RepoRef,
  checkRunId: number,
  update: { conclusion: CheckConclusion | null; output: CheckOutput },
): Promise<CheckRunRef> {
  const { data } = await runWrite(`update check run ${checkRunId}`, () =>
    client.rest.checks.update({
      ...repoParams(repo),
      check_run_id: checkRunId,
      ...status(update.conclusion),
      output: outputParams(update.output),
    }),
  );
  const parsed = parseResponse(checkRunSchema, data, "PATCH check-runs/{id}");
  return { id: parsed.id, url: parsed.html_url ?? null };
}

/** Reads the pull request a re-requested check run belongs to. */
export async function getPullForCheck(
  client: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
): Promise<PullForCheck> {
  const { data } = await client.rest.pulls.get({ ...repoParams(repo), pull_number: pullNumber });
  const pull = parseResponse(pullRequestSchema, data, "GET pulls/{n}");
  return {
    number: pull.number,
    open: pull.state === "open",
    author: pull.user?.login ?? null,
    headSha: pull.head.sha,
    baseRef: pull.base.ref,
  };
}

function status(conclusion: CheckConclusion | null) {
  return conclusion === null
    ? { status: "in_progress" as const }
    : { status: "completed" as const, conclusion };
}

function outputParams(output: CheckOutput) {
  if (output.annotations.length > MAX_ANNOTATIONS_PER_REQUEST)
    throw new RangeError(
      `GitHub takes at most ${MAX_ANNOTATIONS_PER_REQUEST} annotations per request, got ${output.annotations.length}`,
    );
  return {
    title: output.title,
    summary: output.summary,
    annotations: output.annotations.map((a) => ({
      path: a.path,
      start_line: a.line,
      end_line: a.line,
      annotation_level: a.level,
      title: a.title,
      message: a.message,
    })),
  };
}
