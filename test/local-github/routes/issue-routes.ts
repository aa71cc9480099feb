/**
 * Issues with GitHub's rules: titles up to 256 characters and bodies up to 65,536; an assignee
 * who cannot be assigned fails the whole request with 422; an unknown label is created grey
 * (#ededed); the issue list returns pull requests too; sub-issues.
 */
import { issue, label } from "../representations.js";
import {
  HttpError,
  names,
  notFound,
  ok,
  paginate,
  validationFailed,
  type Route,
  type RouteContext,
} from "../route.js";
import type { Account, Issue, Label, Repository } from "../state.js";

export const MAX_TITLE = 256;
export const MAX_BODY = 65536;
export const AUTO_LABEL_COLOR = "ededed";

function findIssue(ctx: RouteContext, repo: Repository): Issue {
  const found = repo.issues.get(Number(ctx.params.issue_number));
  if (found === undefined) throw notFound();
  return found;
}

function checkText(body: Record<string, unknown>): void {
  if (typeof body.title === "string" && body.title.length > MAX_TITLE) {
    throw validationFailed({
      resource: "Issue",
      code: "custom",
      field: "title",
      message: `title is too long (maximum is ${MAX_TITLE} characters)`,
    });
  }
  if (typeof body.body === "string" && body.body.length > MAX_BODY) {
    throw validationFailed({
      resource: "Issue",
      code: "custom",
      field: "body",
      message: `body is too long (maximum is ${MAX_BODY} characters)`,
    });
  }
}

/** The accounts for `logins`; 422 naming the first one that cannot be assigned here. */
function assignable(ctx: RouteContext, repo: Repository, logins: string[]): Account[] {
  return logins.map((login) => {
    if (ctx.state.roleOf(repo, login) === null) {
      throw validationFailed({
        value: login,
        resource: "Issue",
        field: "assignees",
        code: "invalid",
      });
    }
    return ctx.state.account(login);
  });
}

/** Label ids for `labelNames`, creating unknown labels grey, as GitHub does. */
export function labelIds(ctx: RouteContext, repo: Repository, labelNames: string[]): number[] {
  const ids: number[] = [];
  for (const name of labelNames) {
    let found: Label | undefined = ctx.state.findLabel(repo, name);
    if (found === undefined) {
      found = {
        id: ctx.state.nextId(),
        name,
        color: AUTO_LABEL_COLOR,
        description: null,
        autoCreated: true,
      };
      repo.labels.set(found.id, found);
    }
    if (!ids.includes(found.id)) ids.push(found.id);
  }
  return ids;
}

function touch(ctx: RouteContext, i: Issue): void {
  i.updatedAt = ctx.state.nowIso();
}

export const issueRoutes: Route[] = [
  {
    operation: "GET /repos/{owner}/{repo}/issues",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const q = ctx.query;
      const state = q.get("state") ?? "open";
      const wanted = (q.get("labels") ?? "")
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== "");
      const creator = q.get("creator")?.toLowerCase();
      const assignee = q.get("assignee")?.toLowerCase();
      const since = q.get("since");
      const sort = q.get("sort") ?? "created";
      const direction = q.get("direction") ?? "desc";
      const list = [...repo.issues.values()]
        .filter((i) => state === "all" || i.state === state)
        .filter((i) => {
          const have = i.labelIds.map((id) => repo.labels.get(id)?.name.toLowerCase());
          return wanted.every((w) => have.includes(w));
        })
        .filter((i) => creator === undefined || i.user.login.toLowerCase() === creator)
        .filter(
          (i) =>
            assignee === undefined ||
            (assignee === "none"
              ? i.assignees.length === 0
              : assignee === "*"
                ? i.assignees.length > 0
                : i.assignees.some((a) => a.login.toLowerCase() === assignee)),
        )
        .filter((i) => since === null || Date.parse(i.updatedAt) >= Date.parse(since))
        .sort((a, b) => {
          const key = sort === "updated" ? "updatedAt" : "createdAt";
          const order = a[key] === b[key] ? a.number - b.number : a[key] < b[key] ? -1 : 1;
          return direction === "asc" ? order : -order;
        });
      return paginate(
        ctx,
        list.map((i) => issue(ctx.state, repo, i)),
      );
    },
  },
  {
    operation: "POST /repos/{owner}/{repo}/issues",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const { body } = ctx;
      checkText(body);
      const user = ctx.actor();
      // "Only users with push access can set labels for new issues. Labels are silently dropped
      // otherwise", and so are assignees. Apps and Actions write with their issues permission.
      const mayLabel = ctx.caller.kind !== "user" || ctx.state.canPush(repo, user.login);
      const assignees = mayLabel ? assignable(ctx, repo, names(body.assignees)) : [];
      const created = ctx.state.createIssue(repo, {
        author: user,
        title: String(body.title),
        body: typeof body.body === "string" ? body.body : null,
        labelIds: mayLabel ? labelIds(ctx, repo, names(body.labels)) : [],
        assignees,
      });
      return ok(issue(ctx.state, repo, created), 201);
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/issues/{issue_number}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      return ok(issue(ctx.state, repo, findIssue(ctx, repo)));
    },
  },
  {
    operation: "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const found = findIssue(ctx, repo);
      const { body } = ctx;
      checkText(body);
      const assignees =
        body.assignees === undefined ? null : assignable(ctx, repo, names(body.assignees));
      if (typeof body.title === "string") found.title = body.title;
      if (body.body !== undefined) found.body = typeof body.body === "string" ? body.body : null;
      if (assignees !== null) found.assignees = assignees;
      if (body.labels !== undefined) found.labelIds = labelIds(ctx, repo, names(body.labels));
      const now = ctx.state.nowIso();
      if (body.state === "closed" && found.state === "open") {
        found.state = "closed";
        found.closedAt = now;
        found.stateReason = "completed";
      } else if (body.state === "open" && found.state === "closed") {
        found.state = "open";
        found.closedAt = null;
        found.stateReason = "reopened";
      }
      if (typeof body.state_reason === "string" && found.state === "closed") {
        found.stateReason = body.state_reason as Issue["stateReason"];
      }
      touch(ctx, found);
      return ok(issue(ctx.state, repo, found));
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/assignees/{assignee}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      if (ctx.state.roleOf(repo, ctx.params.assignee ?? "") === null) throw notFound();
      return { status: 204 };
    },
  },
  {
    operation: "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const found = findIssue(ctx, repo);
      const added = labelIds(ctx, repo, names(ctx.body.labels));
      found.labelIds = [...new Set([...found.labelIds, ...added])];
      touch(ctx, found);
      return ok(
        found.labelIds.flatMap((id) => {
          const l = repo.labels.get(id);
          return l === undefined ? [] : [label(repo, l)];
        }),
      );
    },
  },
  {
    operation: "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const found = findIssue(ctx, repo);
      const target = ctx.state.findLabel(repo, ctx.params.name ?? "");
      if (target === undefined || !found.labelIds.includes(target.id)) {
        throw new HttpError(404, { message: "Label does not exist" });
      }
      found.labelIds = found.labelIds.filter((id) => id !== target.id);
      touch(ctx, found);
      return ok(
        found.labelIds.flatMap((id) => {
          const l = repo.labels.get(id);
          return l === undefined ? [] : [label(repo, l)];
        }),
      );
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const parent = findIssue(ctx, repo);
      const children = parent.subIssueIds.flatMap((id) =>
        [...repo.issues.values()].filter((i) => i.id === id),
      );
      return paginate(
        ctx,
        children.map((i) => issue(ctx.state, repo, i)),
      );
    },
  },
  {
    operation: "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const parent = findIssue(ctx, repo);
      const child = [...repo.issues.values()].find((i) => i.id === Number(ctx.body.sub_issue_id));
      if (child?.pullNumber !== null) throw notFound();
      if (child.id === parent.id) {
        throw validationFailed({
          resource: "Issue",
          code: "invalid",
          field: "sub_issue_id",
          message: "An issue cannot be its own sub-issue",
        });
      }
      if (
        child.parentId !== null &&
        child.parentId !== parent.id &&
        ctx.body.replace_parent !== true
      ) {
        throw validationFailed({
          resource: "Issue",
          code: "invalid",
          field: "sub_issue_id",
          message:
            "Issue may not contain duplicate sub-issues and Sub issue may only have one parent",
        });
      }
      if (parent.subIssueIds.includes(child.id)) {
        throw validationFailed({
          resource: "Issue",
          code: "invalid",
          field: "sub_issue_id",
          message: "Issue may not contain duplicate sub-issues",
        });
      }
      if (child.parentId !== null) {
        const old = [...repo.issues.values()].find((i) => i.id === child.parentId);
        if (old !== undefined) old.subIssueIds = old.subIssueIds.filter((id) => id !== child.id);
      }
      child.parentId = parent.id;
      parent.subIssueIds.push(child.id);
      touch(ctx, parent);
      return ok(issue(ctx.state, repo, parent), 201);
    },
  },
];
