/**
 * Check runs. GitHub takes at most 50 annotations per request and appends those of each update;
 * a completed run needs a conclusion.
 */
import { checkRun } from "../representations.js";
import {
  HttpError,
  notAccessible,
  notFound,
  ok,
  validationFailed,
  type Route,
  type RouteContext,
} from "../route.js";
import type { AppInfo, CheckRun, Repository } from "../state.js";

interface OutputInput {
  title?: string;
  summary?: string;
  text?: string;
  annotations?: Record<string, unknown>[];
}

function findRun(ctx: RouteContext, repo: Repository): CheckRun {
  const found = repo.checkRuns.get(Number(ctx.params.check_run_id));
  if (found === undefined) throw notFound();
  return found;
}

/** Applies the writable fields of a create or update body to `run`. */
function apply(ctx: RouteContext, run: CheckRun): void {
  const body = ctx.body;
  const now = ctx.state.nowIso();
  if (typeof body.name === "string") run.name = body.name;
  if (typeof body.details_url === "string") run.detailsUrl = body.details_url;
  if (typeof body.external_id === "string") run.externalId = body.external_id;
  if (typeof body.started_at === "string") run.startedAt = body.started_at;
  if (typeof body.status === "string") run.status = body.status as CheckRun["status"];
  if (typeof body.conclusion === "string") {
    run.conclusion = body.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") {
    if (run.conclusion === null) {
      throw validationFailed({ resource: "CheckRun", code: "missing_field", field: "conclusion" });
    }
    run.completedAt =
      typeof body.completed_at === "string" ? body.completed_at : (run.completedAt ?? now);
  }
  const output = body.output as OutputInput | undefined;
  if (output !== undefined) {
    if (output.title !== undefined) run.output.title = output.title;
    if (output.summary !== undefined) run.output.summary = output.summary;
    if (output.text !== undefined) run.output.text = output.text;
    run.output.annotations.push(...(output.annotations ?? []));
  }
  if (Array.isArray(body.actions)) run.actions = body.actions as Record<string, unknown>[];
}

/**
 * Only GitHub Apps write check runs (an installation token, or the Actions token, which is one of
 * the GitHub Actions app). A classic personal token is told so; a fine-grained one has no checks
 * permission to grant.
 */
function requireApp(ctx: RouteContext, docs: string): AppInfo {
  const { caller } = ctx;
  if (caller.kind === "installation" || caller.kind === "actions") return caller.app;
  if (caller.kind === "user" && caller.format === "classic") {
    throw new HttpError(403, {
      message: "You must authenticate via a GitHub App.",
      documentation_url: docs,
    });
  }
  throw notAccessible(caller, docs);
}

const CREATE_DOCS = "https://docs.github.com/rest/checks/runs#create-a-check-run";
const UPDATE_DOCS = "https://docs.github.com/rest/checks/runs#update-a-check-run";

export const checkRoutes: Route[] = [
  {
    operation: "POST /repos/{owner}/{repo}/check-runs",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const app = requireApp(ctx, CREATE_DOCS);
      const headSha = String(ctx.body.head_sha);
      if (!repo.commits.has(headSha)) {
        throw validationFailed({ resource: "CheckRun", code: "invalid", field: "head_sha" });
      }
      const run: CheckRun = {
        id: ctx.state.nextId(),
        app,
        name: String(ctx.body.name),
        headSha,
        status: "queued",
        conclusion: null,
        // GitHub answers "" for a run created without one.
        externalId: "",
        detailsUrl: null,
        startedAt: ctx.state.nowIso(),
        completedAt: null,
        output: { title: null, summary: null, text: null, annotations: [] },
        actions: [],
      };
      apply(ctx, run);
      repo.checkRuns.set(run.id, run);
      return ok(checkRun(repo, run), 201);
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/check-runs/{check_run_id}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      return ok(checkRun(repo, findRun(ctx, repo)));
    },
  },
  {
    operation: "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const app = requireApp(ctx, UPDATE_DOCS);
      const run = findRun(ctx, repo);
      // An app may update only its own check runs.
      if (run.app?.id !== app.id) throw notAccessible(ctx.caller, UPDATE_DOCS);
      apply(ctx, run);
      return ok(checkRun(repo, run));
    },
  },
];
