/** Repository labels. Names are unique regardless of case; a duplicate create is 422 `already_exists`. */
import { label } from "../representations.js";
import {
  HttpError,
  noContent,
  ok,
  paginate,
  validationFailed,
  type Route,
  type RouteContext,
} from "../route.js";
import type { Label, Repository } from "../state.js";

const COLOR = /^[0-9a-fA-F]{6}$/;

function findLabel(ctx: RouteContext, repo: Repository): Label {
  const found = ctx.state.findLabel(repo, ctx.params.name ?? "");
  if (found === undefined) throw new HttpError(404, { message: "Not Found" });
  return found;
}

function checkColor(color: unknown): string | undefined {
  if (color === undefined) return undefined;
  const text = typeof color === "string" ? color.replace(/^#/, "") : "";
  if (!COLOR.test(text))
    throw validationFailed({ resource: "Label", code: "invalid", field: "color" });
  return text.toLowerCase();
}

function checkDescription(description: unknown): string | null | undefined {
  if (description === undefined) return undefined;
  if (typeof description === "string" && description.length > 100) {
    throw validationFailed({
      resource: "Label",
      code: "custom",
      field: "description",
      message: "description is too long (maximum is 100 characters)",
    });
  }
  return typeof description === "string" ? description : null;
}

function checkName(ctx: RouteContext, repo: Repository, name: string, self: Label | null): void {
  if (name.length > 50) {
    throw validationFailed({
      resource: "Label",
      code: "custom",
      field: "name",
      message: "name is too long (maximum is 50 characters)",
    });
  }
  const clash = ctx.state.findLabel(repo, name);
  if (clash !== undefined && clash !== self) {
    throw validationFailed({ resource: "Label", code: "already_exists", field: "name" });
  }
}

export const labelRoutes: Route[] = [
  {
    operation: "GET /repos/{owner}/{repo}/labels",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      return paginate(
        ctx,
        [...repo.labels.values()].map((l) => label(repo, l)),
      );
    },
  },
  {
    operation: "POST /repos/{owner}/{repo}/labels",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const name = String(ctx.body.name);
      checkName(ctx, repo, name, null);
      const created: Label = {
        id: ctx.state.nextId(),
        name,
        color: checkColor(ctx.body.color) ?? "ededed",
        description: checkDescription(ctx.body.description) ?? null,
        autoCreated: false,
      };
      repo.labels.set(created.id, created);
      return ok(label(repo, created), 201);
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/labels/{name}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      return ok(label(repo, findLabel(ctx, repo)));
    },
  },
  {
    operation: "PATCH /repos/{owner}/{repo}/labels/{name}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const found = findLabel(ctx, repo);
      const color = checkColor(ctx.body.color);
      const description = checkDescription(ctx.body.description);
      if (typeof ctx.body.new_name === "string") {
        checkName(ctx, repo, ctx.body.new_name, found);
        found.name = ctx.body.new_name;
      }
      if (color !== undefined) found.color = color;
      if (description !== undefined) found.description = description;
      found.autoCreated = false;
      return ok(label(repo, found));
    },
  },
  {
    operation: "DELETE /repos/{owner}/{repo}/labels/{name}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const found = findLabel(ctx, repo);
      repo.labels.delete(found.id);
      for (const i of repo.issues.values()) i.labelIds = i.labelIds.filter((id) => id !== found.id);
      return noContent();
    },
  },
];
