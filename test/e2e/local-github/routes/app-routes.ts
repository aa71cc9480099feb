/** The app and its installations: JWT-only endpoints, installation tokens, and `GET /user`. */
import { installation, integration, repository, APP_PERMISSIONS } from "../representations.js";
import { HttpError, notFound, ok, paginate, type Route } from "../route.js";

function requireApp(app: unknown): asserts app {
  if (app === null || app === undefined) throw notFound();
}

export const appRoutes: Route[] = [
  {
    operation: "GET /app",
    auth: "app",
    handle: ({ state }) => {
      requireApp(state.app);
      return ok(integration(state.app));
    },
  },
  {
    operation: "GET /app/installations",
    auth: "app",
    handle: (ctx) => {
      const { app } = ctx.state;
      requireApp(app);
      return paginate(
        ctx,
        [...ctx.state.installations.values()].map((i) => installation(app, i)),
      );
    },
  },
  {
    operation: "POST /app/installations/{installation_id}/access_tokens",
    auth: "app",
    handle: (ctx) => {
      const { state, params, tokens } = ctx;
      requireApp(state.app);
      const inst = state.installations.get(Number(params.installation_id));
      if (inst === undefined) throw notFound();
      const issued = tokens.issue(inst, ctx.wallNow());
      return ok(
        {
          token: issued.token,
          expires_at: new Date(issued.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
          permissions: APP_PERMISSIONS,
          repository_selection: "selected",
        },
        201,
      );
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/installation",
    auth: "app",
    handle: ({ state, params }) => {
      requireApp(state.app);
      const repo = state.repository(params.owner ?? "", params.repo ?? "");
      const inst =
        repo?.installationId === null || repo === undefined
          ? undefined
          : state.installations.get(repo.installationId);
      if (inst === undefined) throw notFound();
      return ok(installation(state.app, inst));
    },
  },
  {
    operation: "GET /installation/repositories",
    auth: "installation",
    handle: (ctx) => {
      if (ctx.caller.kind !== "installation") throw notFound();
      const repos = ctx.caller.installation.repositories.map((r) => repository(r));
      const page = paginate(ctx, repos);
      return { ...page, body: { total_count: repos.length, repositories: page.body } };
    },
  },
  {
    operation: "GET /user",
    auth: "installation",
    // An installation token is not a user: GitHub refuses, and the app falls back (gateway-identity).
    handle: () => {
      throw new HttpError(403, { message: "Resource not accessible by integration" });
    },
  },
];
