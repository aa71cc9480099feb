/** Issue and pull request comments (the conversation goes through the issues API) and reactions. */
import { comment, reaction } from "../representations.js";
import {
  noContent,
  notFound,
  ok,
  paginate,
  validationFailed,
  type Route,
  type RouteContext,
} from "../route.js";
import type { Comment, Repository } from "../state.js";
import { MAX_BODY } from "./issue-routes.js";

function findComment(ctx: RouteContext, repo: Repository): Comment {
  const found = repo.comments.get(Number(ctx.params.comment_id));
  if (found === undefined) throw notFound();
  return found;
}

function checkBody(body: unknown): string {
  const text = String(body);
  if (text.length > MAX_BODY) {
    throw validationFailed({
      resource: "IssueComment",
      code: "custom",
      field: "body",
      message: `body is too long (maximum is ${MAX_BODY} characters)`,
    });
  }
  return text;
}

export const commentRoutes: Route[] = [
  {
    operation: "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const number = Number(ctx.params.issue_number);
      if (!repo.issues.has(number)) throw notFound();
      const since = ctx.query.get("since");
      const list = [...repo.comments.values()]
        .filter((c) => c.issueNumber === number)
        .filter((c) => since === null || Date.parse(c.updatedAt) >= Date.parse(since))
        .sort((a, b) => a.id - b.id);
      return paginate(
        ctx,
        list.map((c) => comment(ctx.state, repo, c)),
      );
    },
  },
  {
    operation: "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const number = Number(ctx.params.issue_number);
      if (!repo.issues.has(number)) throw notFound();
      // Whoever the token acts as: the app's bot, github-actions[bot] or a person.
      const created = ctx.state.addComment(repo, number, ctx.actor(), checkBody(ctx.body.body));
      return ok(comment(ctx.state, repo, created), 201);
    },
  },
  {
    operation: "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const found = findComment(ctx, repo);
      found.body = checkBody(ctx.body.body);
      found.updatedAt = ctx.state.nowIso();
      return ok(comment(ctx.state, repo, found));
    },
  },
  {
    operation: "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      repo.comments.delete(findComment(ctx, repo).id);
      return noContent();
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const content = ctx.query.get("content");
      const list = findComment(ctx, repo).reactions.filter(
        (r) => content === null || r.content === content,
      );
      return paginate(ctx, list.map(reaction));
    },
  },
  {
    operation: "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const found = findComment(ctx, repo);
      const user = ctx.actor();
      const content = String(ctx.body.content);
      // The same reaction by the same user is not added twice: GitHub answers 200 with it.
      const existing = found.reactions.find((r) => r.content === content && r.user.id === user.id);
      if (existing !== undefined) return ok(reaction(existing), 200);
      const created = { id: ctx.state.nextId(), content, user, createdAt: ctx.state.nowIso() };
      found.reactions.push(created);
      return ok(reaction(created), 201);
    },
  },
];
