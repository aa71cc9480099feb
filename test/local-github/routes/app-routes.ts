/** The app and its installations: JWT-only endpoints, installation tokens, and `GET /user`. */
import {
  installation,
  integration,
  publicUser,
  repository,
  APP_PERMISSIONS,
} from "../representations.js";
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
          repository_selection: inst.repositorySelection,
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
    auth: "token",
    handle: (ctx) => {
      const { caller } = ctx;
      // Installation tokens only. The Actions GITHUB_TOKEN is one (of the GitHub Actions app,
      // for the workflow's repository); a person's token is not.
      if (caller.kind === "user") {
        throw new HttpError(403, {
          message:
            "You must authenticate with an installation access token in order to list repositories for an installation.",
          documentation_url:
            "https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation",
        });
      }
      if (caller.kind === "app") throw notFound();
      const scope =
        caller.kind === "installation" ? caller.installation.repositories : [caller.repository];
      const repos = scope.map((r) => repository(r));
      const page = paginate(ctx, repos);
      return { ...page, body: { total_count: repos.length, repositories: page.body } };
    },
  },
  {
    operation: "GET /user",
    auth: "token",
    // Only a person's token is a user. Installation and Actions tokens are refused as GitHub does;
    // a JWT never gets here (401, see server.ts).
    handle: ({ caller }) => {
      if (caller.kind === "user") return ok(publicUser(caller.account));
      throw new HttpError(403, {
        message: "Resource not accessible by integration",
        documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user",
      });
    },
  },
];
