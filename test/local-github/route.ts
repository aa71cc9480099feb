/**
 * What a route of the local GitHub is: one OpenAPI operation (the key as in the subset, e.g.
 * `POST /repos/{owner}/{repo}/issues`), who may call it, and a handler that reads and changes
 * the state. Adding an endpoint is adding one `Route` to a list in routes/.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { TokenStore } from "./auth.js";
import type { Account, AppInfo, GitHubState, Installation, Repository } from "./state.js";

/**
 * Who made the request: the app itself (its JWT), one of its installations (a `ghs_` token,
 * acting as `<slug>[bot]`), a workflow (the Actions `GITHUB_TOKEN`, acting as
 * `github-actions[bot]` on one repository) or a person (a personal access token).
 */
export type Caller =
  | { kind: "app" }
  | { kind: "installation"; installation: Installation; account: Account; app: AppInfo }
  | { kind: "actions"; repository: Repository; account: Account; app: AppInfo }
  | { kind: "user"; account: Account; format: "classic" | "fine-grained" };

export interface RouteContext {
  state: GitHubState;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; `{}` when there is none. Already checked against the description. */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  caller: Caller;
  /**
   * The repository named by `{owner}/{repo}` if the caller may see it: an installation's own
   * repositories, the Actions token's one repository, those a person has a role on, and any
   * public one for reading. Otherwise 404 (403 for a write to a public repository out of scope).
   */
  repo(): Repository;
  /** The account the caller acts as (who a created issue, comment or reaction is by). */
  actor(): Account;
  /** Where this server answers, as clients see it (for `Link` headers), e.g. http://127.0.0.1:5/api/v3. */
  apiBase: string;
  pathname: string;
  tokens: TokenStore;
  /** Wall-clock milliseconds: authentication runs on real time even when the state's clock is moved. */
  wallNow(): number;
}

export interface Reply {
  status: number;
  /** A JSON body; omit for none (204). */
  body?: unknown;
  /** A non-JSON body (raw file contents), sent as text. */
  text?: string;
  headers?: Record<string, string>;
}

export interface Route {
  operation: string;
  /**
   * "app" routes take the app's JWT; "token" routes take a token (an installation's, the Actions
   * `GITHUB_TOKEN` or a personal one) and decide themselves what each kind may do.
   */
  auth: "app" | "token";
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

/** An error answer, thrown from a handler: GitHub's `{message, documentation_url, ...}` body. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(`${status} ${String(body.message)}`);
    this.status = status;
    this.body = {
      documentation_url: "https://docs.github.com/rest",
      status: String(status),
      ...body,
    };
    this.headers = headers;
  }
}

export function notFound(): HttpError {
  return new HttpError(404, { message: "Not Found" });
}

/**
 * GitHub's 403 for a token that is not allowed what it asks: "Resource not accessible by
 * integration" for app installation and Actions tokens, "… by personal access token" for a
 * fine-grained personal token.
 */
export function notAccessible(caller: Caller, documentationUrl?: string): HttpError {
  const by = caller.kind === "user" ? "personal access token" : "integration";
  return new HttpError(403, {
    message: `Resource not accessible by ${by}`,
    ...(documentationUrl === undefined ? {} : { documentation_url: documentationUrl }),
  });
}

/** GitHub's 422 for a field it refuses: `{message: "Validation Failed", errors: [...]}`. */
export function validationFailed(...errors: Record<string, unknown>[]): HttpError {
  return new HttpError(422, { message: "Validation Failed", errors });
}

export function ok(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, body, headers };
}

export function noContent(): Reply {
  return { status: 204 };
}

/** Strings of a `labels`/`assignees` array that may also hold `{name}` objects. */
export function names(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => {
    if (typeof v === "string") return v;
    const name = (v as { name?: unknown } | null)?.name;
    return typeof name === "string" ? name : "";
  });
}

/**
 * One page of `items` as GitHub pages lists: `per_page` (default 30, at most 100) and `page`,
 * with a `Link` header naming the next, last, first and previous pages.
 */
export function paginate(ctx: RouteContext, items: unknown[], defaultPerPage = 30): Reply {
  const perPage = Math.min(Math.max(Number(ctx.query.get("per_page") ?? defaultPerPage), 1), 100);
  const page = Math.max(Number(ctx.query.get("page") ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const headers: Record<string, string> = {};
  const link = (n: number, rel: string) => {
    const query = new URLSearchParams(ctx.query);
    query.set("page", String(n));
    return `<${ctx.apiBase}${ctx.pathname}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  if (links.length > 0) headers.link = links.join(", ");
  return ok(items.slice((page - 1) * perPage, page * perPage), 200, headers);
}
