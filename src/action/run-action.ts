import { readFileSync } from "node:fs";
import * as core from "@actions/core";
import { Context, type Logger } from "probot";
import { readGitHubHosts } from "../cli/github-env.js";
import { DEFAULT_CONFIG_PATH, readConfigPath } from "../config/config-path.js";
import { checkProposedConfig } from "../core/check-proposed-config.js";
import { makeAppOctokit, readWriteInterval } from "../github/app-octokit.js";
import { readHttpFailure } from "../github/errors.js";
import {
  getDefaultBranch,
  getFileText,
  GitHubWriteError,
  readTokenUser,
  type GitHubClient,
  type RepoRef,
} from "../github/gateway.js";
import { makeAuthorTrust } from "../github/tracker-trust.js";
import { onIssueComment } from "../handlers/on-issue-comment.js";
import {
  LIFECYCLE_EVENTS,
  onIssueLifecycle,
  type LifecycleEvent,
} from "../handlers/on-issue-lifecycle.js";
import { onPullRequestPreview, PREVIEW_EVENTS } from "../handlers/on-pull-request-preview.js";
import { onPush } from "../handlers/on-push.js";
import { runDigest } from "../jobs/run-digest.js";
import { syncRepository } from "../jobs/sync-repository.js";
import { makeActionLog } from "./action-log.js";
import {
  addCounts,
  describeSync,
  EMPTY_TALLY,
  tallyOutputs,
  type RunTally,
} from "./describe-run.js";

type Env = Record<string, string | undefined>;

/**
 * What GITHUB_TOKEN writes as: the run's login when GET /user cannot tell it. An app's
 * installation token writes as `<slug>[bot]` instead, so nothing may rely on this name alone: the
 * reaction guard of slash commands counts any bot's answer (run-command.ts `isAnswered`).
 */
export const ACTIONS_BOT = "github-actions[bot]";

// The webhook actions the app subscribes to, as the Actions event's `action` names them.
const PREVIEW_ACTIONS = actionsOf(PREVIEW_EVENTS);
const LIFECYCLE_ACTIONS = actionsOf(LIFECYCLE_EVENTS);

function actionsOf(events: readonly string[]): Set<string> {
  return new Set(events.map((event) => event.slice(event.indexOf(".") + 1)));
}

/** What one event did: the outputs, the job summary, and an invalid config's error if any. */
interface EventResult {
  tally: RunTally;
  summary: string;
  configError: string | null;
}

interface ActionRun {
  env: Env;
  now: Date;
  eventName: string;
  payload: Record<string, unknown>;
  repo: RepoRef;
  repoUrl: string;
  client: GitHubClient;
  log: Logger;
  dryRun: boolean;
  backfill: boolean;
  /** The `config-path` input: the file every handler reads the config from. */
  configPath: string;
  botLogin: () => Promise<string>;
}

/**
 * The Action: turns the workflow's event into the call the app makes for the same webhook (or
 * the CLI's `sync` and `digest --due-only`), with the Actions token, then writes the outputs, the
 * job summary and an annotation on the config's line when the config is invalid. Resolves to the
 * exit code.
 */
export async function runAction(env: Env, now: Date): Promise<number> {
  const configErrors: string[] = [];
  const log = makeActionLog((record) => {
    if (typeof record.error === "string" && record.error.startsWith("Invalid config in "))
      configErrors.push(record.error);
  });
  let run: ActionRun;
  try {
    run = openRun(env, now, log);
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
    return 1;
  }
  let result: EventResult = { tally: EMPTY_TALLY, summary: "", configError: null };
  let failed = false;
  try {
    result = await core.group(`postmortem-tracker: ${describeEvent(run)}`, () => runEvent(run));
    if (result.configError !== null) configErrors.push(result.configError);
  } catch (error) {
    failed = true;
    core.error(describeFailure(error, run.eventName));
    log.debug({ err: error }, "the run failed");
  }
  if (configErrors.length > 0) {
    failed = true;
    await annotateConfig(run, configErrors[0] ?? "");
  }
  for (const [name, value] of Object.entries(tallyOutputs(result.tally)))
    core.setOutput(name, value);
  // Every run says what it did in the job summary, even when that was nothing.
  const summary =
    result.summary !== ""
      ? result.summary
      : `### postmortem-tracker\n\n${describeEvent(run)}: ${failed ? "failed (see the log)" : "nothing to file, update or post."}`;
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary, true).write();
  return failed ? 1 : 0;
}

function openRun(env: Env, now: Date, log: Logger): ActionRun {
  const token = core.getInput("token");
  if (token === "") throw new Error("no token: the `token` input is empty");
  core.setSecret(token);
  const eventName = required(env, "GITHUB_EVENT_NAME");
  const payload = JSON.parse(readFileSync(required(env, "GITHUB_EVENT_PATH"), "utf8")) as Record<
    string,
    unknown
  >;
  const [owner, name, ...rest] = required(env, "GITHUB_REPOSITORY").split("/");
  if (owner === undefined || name === undefined || rest.length > 0)
    throw new Error(`GITHUB_REPOSITORY is not owner/name: ${env.GITHUB_REPOSITORY ?? ""}`);
  const { apiUrl, webUrl } = readGitHubHosts(env);
  // The app's Octokit: writes one second apart, secondary rate limits retried after the delay.
  const Octokit = makeAppOctokit({ writeIntervalMs: readWriteInterval(env) });
  const client = new Octokit({ auth: { token }, baseUrl: apiUrl, log });
  let login: Promise<string> | null = null;
  return {
    env,
    now,
    eventName,
    payload,
    repo: { owner, repo: name },
    repoUrl: `${webUrl}/${owner}/${name}`,
    client,
    log,
    dryRun: readFlag("dry-run"),
    backfill: readFlag("backfill"),
    configPath: readConfigPathInput(),
    // A personal token knows its user; GITHUB_TOKEN (and an app's token) answer 403 to GET /user.
    botLogin: () => (login ??= readTokenUser(client).then((user) => user ?? ACTIONS_BOT)),
  };
}

function required(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value === "")
    throw new Error(`${name} is not set: run this as a step of a GitHub Actions workflow`);
  return value;
}

function readFlag(name: string): boolean {
  const value = core.getInput(name).toLowerCase();
  if (value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new Error(`input ${name} must be true or false, got "${value}"`);
}

/** The `config-path` input, checked before any request: a relative path inside the repository. */
function readConfigPathInput(): string {
  const value = core.getInput("config-path");
  // Unset (a run outside a workflow, where action.yml's default is not applied): the app's file.
  if (value === "") return DEFAULT_CONFIG_PATH;
  const result = readConfigPath(value);
  if (!result.ok) throw new Error(`input config-path: ${result.error}`);
  return result.path;
}

function describeEvent(run: ActionRun): string {
  const action = typeof run.payload.action === "string" ? `.${run.payload.action}` : "";
  return `${run.eventName}${action} on ${run.repo.owner}/${run.repo.repo}`;
}

type HandledEvent = "push" | "pull_request.opened" | "issue_comment.created" | LifecycleEvent;

/**
 * The webhook the app would have received for this workflow event: the payload of an Actions
 * event is the webhook's payload.
 */
function contextOf<E extends HandledEvent>(run: ActionRun): Context<E> {
  const event = {
    id: run.env.GITHUB_RUN_ID ?? "action",
    name: run.eventName,
    payload: run.payload,
  };
  return new Context<E>(
    event as unknown as ConstructorParameters<typeof Context<E>>[0],
    run.client,
    run.log,
  );
}

const today = (run: ActionRun) => () => run.now.toISOString().slice(0, 10);

async function runEvent(run: ActionRun): Promise<EventResult> {
  const action = typeof run.payload.action === "string" ? run.payload.action : null;
  const nothing = (why: string): EventResult => {
    run.log.info(why);
    return { tally: EMPTY_TALLY, summary: `### postmortem-tracker\n\n${why}`, configError: null };
  };
  switch (run.eventName) {
    case "push":
      return runPush(run);
    case "pull_request":
    case "pull_request_target":
      if (action === null || !PREVIEW_ACTIONS.has(action))
        return nothing(
          `pull_request.${action ?? "?"}: only ${[...PREVIEW_ACTIONS].join(", ")} preview`,
        );
      return runPreview(run);
    case "schedule":
      return runScheduledDigest(run);
    case "workflow_dispatch":
      return runReconcile(run);
    case "issue_comment": {
      if (run.dryRun) return nothing("dry run: a slash command is not run");
      if (action !== "created")
        return nothing(`issue_comment.${action ?? "?"}: only new comments carry commands`);
      const outcome = await onIssueComment(run.botLogin, today(run), {
        configPath: run.configPath,
      })(contextOf<"issue_comment.created">(run));
      return {
        tally: EMPTY_TALLY,
        summary: outcome === null ? "" : `### Slash command\n\n${describeCommand(outcome)}`,
        configError: null,
      };
    }
    case "issues":
      if (run.dryRun) return nothing("dry run: the tracking issue is not updated");
      if (action === null || !LIFECYCLE_ACTIONS.has(action))
        return nothing(`issues.${action ?? "?"}: nothing for the tracker to do`);
      await onIssueLifecycle(run.botLogin, today(run), { configPath: run.configPath })(
        contextOf<"issues.closed">(run),
      );
      return { tally: EMPTY_TALLY, summary: "", configError: null };
    default:
      return nothing(
        `${run.eventName}: not an event the tracker handles (push, pull_request, schedule, workflow_dispatch, issue_comment, issues)`,
      );
  }
}

function describeCommand(outcome: "applied" | "unchanged" | "failed"): string {
  switch (outcome) {
    case "applied":
      return "The command was applied (👍 on the comment).";
    case "unchanged":
      return "The command changed nothing (the reply on the issue says why).";
    case "failed":
      return "The command was refused or failed (the reply on the issue says why).";
  }
}

const issueUrl = (run: ActionRun) => (n: number) => `${run.repoUrl}/issues/${String(n)}`;

async function runPush(run: ActionRun): Promise<EventResult> {
  const counts = await onPush(run.botLogin, { dryRun: run.dryRun, configPath: run.configPath })(
    contextOf<"push">(run),
  );
  if (counts === null) return { tally: EMPTY_TALLY, summary: "", configError: null };
  const rows = [{ path: "(this push)", skipped: null, counts }];
  return {
    tally: addCounts(EMPTY_TALLY, counts),
    summary: describeSync(rows, run.dryRun, issueUrl(run)),
    configError: null,
  };
}

async function runReconcile(run: ActionRun): Promise<EventResult> {
  const trust = makeAuthorTrust(run.client, run.repo, run.botLogin);
  const report = await syncRepository(
    run.client,
    run.repo,
    { trust, repoUrl: run.repoUrl },
    run.log,
    {
      backfill: run.backfill,
      dryRun: run.dryRun,
      today: today(run)(),
      configPath: run.configPath,
    },
  );
  if (report.error !== null) return { tally: EMPTY_TALLY, summary: "", configError: report.error };
  let tally = EMPTY_TALLY;
  for (const pm of report.postmortems) if (pm.counts !== null) tally = addCounts(tally, pm.counts);
  return {
    tally,
    summary: describeSync(report.postmortems, run.dryRun, issueUrl(run)),
    configError: null,
  };
}

async function runScheduledDigest(run: ActionRun): Promise<EventResult> {
  const trust = makeAuthorTrust(run.client, run.repo, run.botLogin);
  // Like `digest --due-only`: an hourly cron posts once a week, at the config's local day and
  // hour; the runs after it that week edit that comment when its figures changed.
  const report = await runDigest(run.client, run.repo, { trust, repoUrl: run.repoUrl }, run.log, {
    now: run.now,
    dryRun: run.dryRun,
    onlyWhenDue: true,
    refreshPosted: true,
    configPath: run.configPath,
  });
  if (report.outcome === "config-error")
    return { tally: EMPTY_TALLY, summary: "", configError: report.error };
  if (report.outcome === "failed") throw new Error(report.error ?? "the digest failed");
  run.log.info({ outcome: report.outcome, week: report.week }, "weekly digest");
  return { tally: EMPTY_TALLY, summary: report.body ?? "", configError: null };
}

async function runPreview(run: ActionRun): Promise<EventResult> {
  const pr = run.payload.pull_request as
    { head?: { repo?: { full_name?: string } | null } } | undefined;
  const headRepo = pr?.head?.repo?.full_name;
  const own = `${run.repo.owner}/${run.repo.repo}`;
  // On `pull_request` from a fork GitHub gives a read-only token (and no secrets). The preview is
  // planned all the same, from files read through the API, and shown in the job summary only.
  const fork = run.eventName === "pull_request" && headRepo !== undefined && headRepo !== own;
  const notice = fork
    ? `This pull request comes from a fork (${headRepo}): GITHUB_TOKEN is read-only, so the preview is in this job summary only (no check run, no comment).`
    : null;
  if (notice !== null) core.warning(notice);
  const report = await onPullRequestPreview(run.botLogin, today(run), {
    publish: fork || run.dryRun ? "none" : "check-run-or-comment",
    configPath: run.configPath,
  })(contextOf<"pull_request.opened">(run));
  if (report === null) return { tally: EMPTY_TALLY, summary: "", configError: null };
  const where =
    report.published === "comment"
      ? "\n\n_This token may not create check runs (`checks: write`): the preview is also in a comment on the pull request._"
      : "";
  return {
    tally: EMPTY_TALLY,
    summary: `${notice === null ? "" : `> ${notice}\n\n`}### ${report.preview.title}\n\n${report.summary}${where}`,
    configError: null,
  };
}

/**
 * An annotation on the line of the config that is wrong (read from the default branch, where
 * every runtime reads it), or on the file as a whole when no line can be told.
 */
async function annotateConfig(run: ActionRun, error: string): Promise<void> {
  let text: string | null = null;
  try {
    const branch = await getDefaultBranch(run.client, run.repo);
    text = await getFileText(run.client, run.repo, run.configPath, branch);
  } catch (readError) {
    run.log.debug({ err: readError }, "could not read the config again to place the error");
  }
  const problems = text === null ? [] : checkProposedConfig(text);
  if (problems.length === 0) {
    core.error(error, { file: run.configPath, title: "Invalid postmortem-tracker config" });
    return;
  }
  for (const problem of problems)
    core.error(`${problem.path === "" ? "" : `${problem.path}: `}${problem.message}`, {
      file: run.configPath,
      startLine: problem.line,
      title: "Invalid postmortem-tracker config",
    });
}

/** The failure in one line, naming the permission a 403 most likely lacks. */
function describeFailure(error: unknown, eventName: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = error instanceof GitHubWriteError ? error.status : readHttpFailure(error)?.status;
  if (status !== 403) return message;
  const needs = /check run/i.test(message)
    ? "checks: write"
    : /comment/i.test(message) && eventName.startsWith("pull_request")
      ? "pull-requests: write"
      : error instanceof GitHubWriteError
        ? "issues: write"
        : "contents: read and issues: read";
  return `GitHub refused (403): the workflow's permissions: block most likely lacks "${needs}". ${message}`;
}
