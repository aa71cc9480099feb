/**
 * The local GitHub: a stateful GitHub REST server on 127.0.0.1 (an ephemeral port) for
 * end-to-end tests and the demo. Every request it receives and every answer it sends is checked
 * against GitHub's OpenAPI description; what breaks it is recorded as a violation, which
 * `assertNoViolations()` turns into a test failure. Faults are injected through `faults`.
 *
 * It answers both at the root and under `/api/v3`, the prefix Probot puts after `GHE_HOST`.
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { generateAppKeys, TokenStore, verifyAppJwt } from "./auth.js";
import { Faults, type FaultAction } from "./faults.js";
import { OpenApiValidator } from "./openapi-validator.js";
import {
  HttpError,
  notAccessible,
  notFound,
  type Caller,
  type Reply,
  type Route,
  type RouteContext,
} from "./route.js";
import { allRoutes } from "./routes/index.js";
import {
  GitHubState,
  type Account,
  type Clock,
  type Installation,
  type Repository,
} from "./state.js";

export interface LocalGitHubOptions {
  /** The clock issues, comments and commits are stamped with; real time by default. */
  clock?: Clock;
  app?: { id?: number; slug?: string; name?: string; owner?: string };
  /** How long installation tokens live; GitHub's is one hour. */
  tokenLifetimeMs?: number;
  /** Seed for probabilistic faults. */
  seed?: number;
}

export interface RecordedRequest {
  method: string;
  /** Without the `/api/v3` prefix, percent-decoded. */
  path: string;
  operation: string | null;
  query: Record<string, string>;
  body: unknown;
  status: number;
  caller: Caller["kind"] | "none";
  fault: FaultAction["kind"] | null;
}

export interface Violation {
  request: string;
  kind: "request" | "response" | "unknown-operation" | "not-served" | "crash";
  problems: string[];
}

const API_PREFIX = "/api/v3";

export class LocalGitHub {
  readonly state: GitHubState;
  readonly faults: Faults;
  readonly tokens: TokenStore;
  readonly validator = OpenApiValidator.load();
  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  /** Every credential sent in an `Authorization` header (JWTs, tokens): to look for in logs. */
  readonly credentials = new Set<string>();
  readonly #answered: ((request: RecordedRequest) => void)[] = [];
  /** The app's registration: what you would copy from GitHub's app settings page. */
  readonly app: { id: number; slug: string; privateKey: string };
  readonly #routes = new Map<string, Route>();
  #server: Server | null = null;
  #url = "";

  constructor(options: LocalGitHubOptions = {}) {
    this.state = new GitHubState(options.clock ?? { now: () => new Date() });
    this.faults = new Faults(options.seed);
    this.tokens = new TokenStore(options.tokenLifetimeMs ?? 60 * 60_000);
    const keys = generateAppKeys();
    const slug = options.app?.slug ?? "postmortem-tracker";
    const id = options.app?.id ?? 424242;
    this.state.app = {
      id,
      slug,
      name: options.app?.name ?? slug,
      owner: this.state.account(options.app?.owner ?? "postmortem-tracker-dev", "Organization"),
      bot: this.state.account(`${slug}[bot]`, "Bot"),
      publicKey: keys.publicKey,
    };
    this.app = { id, slug, privateKey: keys.privateKey };
    for (const route of allRoutes) this.addRoute(route);
  }

  /** Starts a local GitHub on 127.0.0.1 at a free port. */
  static async start(options: LocalGitHubOptions = {}): Promise<LocalGitHub> {
    const gh = new LocalGitHub(options);
    await gh.listen();
    return gh;
  }

  /** Serves one more operation; it must be in the OpenAPI subset. */
  addRoute(route: Route): void {
    if (!this.validator.operations().some((o) => o.key === route.operation)) {
      throw new Error(
        `${route.operation} is not in the OpenAPI subset (scripts/openapi/operations.json)`,
      );
    }
    this.#routes.set(route.operation, route);
  }

  servedOperations(): string[] {
    return [...this.#routes.keys()];
  }

  /** e.g. http://127.0.0.1:43123 */
  get url(): string {
    return this.#url;
  }

  /** `host:port`, what the app's `GHE_HOST` is set to. */
  get host(): string {
    return this.#url.replace(/^http:\/\//, "");
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      void this.#handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (server === null) return;
    this.#server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => {
      server.close((error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  }

  /** An installation token of the app (what `actions/create-github-app-token` hands a workflow). */
  issueInstallationToken(installation: Installation): string {
    return this.tokens.issue(installation, Date.now()).token;
  }

  /**
   * A workflow's `GITHUB_TOKEN` in `repo`: acts as github-actions[bot], on that repository only.
   * `readOnly`: the token of a `pull_request` from a fork, whose every write is refused (403).
   */
  issueActionsToken(repo: Repository, options: { readOnly?: boolean } = {}): string {
    return this.tokens.issueActions(repo, Date.now(), options.readOnly === true).token;
  }

  /** A personal access token of `login` (made a user if new): acts as that user, with their roles. */
  issuePersonalToken(login: string, format: "classic" | "fine-grained" = "classic"): string {
    return this.tokens.issuePersonal(this.state.account(login), format).token;
  }

  /** Makes every installation token issued so far expire now. */
  expireTokens(): number {
    return this.tokens.expireAll(Date.now());
  }

  /**
   * Throws if any request or response broke GitHub's description; call at the end of a test.
   * `excuse` leaves out violations that are the description's fault (see
   * {@link isInstallationsAccountFault}).
   */
  assertNoViolations(excuse: (v: Violation) => boolean = () => false): void {
    const violations = this.violations.filter((v) => !excuse(v));
    if (violations.length === 0) return;
    const lines = violations.map(
      (v) => `${v.kind}: ${v.request}\n    ${v.problems.join("\n    ")}`,
    );
    throw new Error(
      `The local GitHub saw ${violations.length} violation(s):\n  ${lines.join("\n  ")}`,
    );
  }

  /**
   * Calls `listener` right after each answer is sent, e.g. to kill the app once the k-th create
   * is committed. Returns a function that removes it.
   */
  onAnswered(listener: (request: RecordedRequest) => void): () => void {
    this.#answered.push(listener);
    return () => {
      const index = this.#answered.indexOf(listener);
      if (index >= 0) this.#answered.splice(index, 1);
    };
  }

  /** Recorded requests as `METHOD /path`, e.g. to count or order them. */
  calls(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`);
  }

  /** Requests that change something (anything but GET). */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET");
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const prefixed = url.pathname.startsWith(`${API_PREFIX}/`);
    const rawPath = prefixed ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const apiBase = `http://${req.headers.host ?? this.host}${prefixed ? API_PREFIX : ""}`;
    const record: RecordedRequest = {
      method,
      path: safeDecode(rawPath),
      operation: null,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      status: 0,
      caller: "none",
      fault: null,
    };
    this.requests.push(record);
    const credential = (req.headers.authorization ?? "").split(" ")[1];
    if (credential !== undefined && credential !== "") this.credentials.add(credential);
    const label = `${method} ${record.path}${url.search}`;
    const send = (reply: Reply, validate: boolean) => {
      record.status = reply.status;
      if (validate && record.operation !== null) {
        const problems = this.validator.checkResponse(record.operation, reply.status, reply.body);
        if (problems.length > 0)
          this.violations.push({ request: label, kind: "response", problems });
      }
      this.#write(res, reply);
      for (const listener of [...this.#answered]) listener(record);
    };

    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      send({ status: 400, body: { message: "Problems parsing JSON" } }, false);
      this.violations.push({ request: label, kind: "request", problems: ["body is not JSON"] });
      return;
    }
    record.body = body;

    const matched = this.validator.match(method, rawPath);
    if (matched === null) {
      this.violations.push({
        request: label,
        kind: "unknown-operation",
        problems: [
          "no operation of the OpenAPI subset matches; add it to scripts/openapi/operations.json",
        ],
      });
      send({ status: 404, body: { message: "Not Found" } }, false);
      return;
    }
    const key = matched.operation.key;
    record.operation = key;
    const route = this.#routes.get(key);
    if (route === undefined) {
      this.violations.push({
        request: label,
        kind: "not-served",
        problems: [`the local GitHub does not serve ${key}`],
      });
      send({ status: 404, body: { message: "Not Found" } }, false);
      return;
    }
    const problems = this.validator.checkRequest(key, matched.params, url.searchParams, body);
    if (problems.length > 0) {
      // GitHub refuses a request its schema rejects; the test that sent it must fail too.
      this.violations.push({ request: label, kind: "request", problems });
      send(
        {
          status: 422,
          body: {
            message: `Invalid request.\n\n${problems.join("\n")}`,
            documentation_url: "https://docs.github.com/rest",
          },
        },
        true,
      );
      return;
    }

    let caller: Caller;
    try {
      caller = this.#authenticate(route, req.headers.authorization);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      send({ status: error.status, body: error.body, headers: error.headers }, true);
      return;
    }
    record.caller = caller.kind;

    const action = this.faults.take(method, record.path, key);
    record.fault = action?.kind ?? null;
    if (action?.kind === "delay") await delay(action.ms);
    if (action?.kind === "status") {
      send(
        {
          status: action.status,
          body: action.body ?? { message: "Server Error" },
          headers: action.headers ?? {},
        },
        false,
      );
      return;
    }
    if (action?.kind === "secondary-rate-limit") {
      const status = action.status ?? 403;
      send(
        {
          status,
          body: {
            message:
              "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
            documentation_url:
              "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
            status: String(status),
          },
          headers: { "retry-after": String(action.retryAfterSeconds ?? 1) },
        },
        false,
      );
      return;
    }
    if (action?.kind === "reset" && !action.afterCommit) {
      res.socket?.destroy();
      return;
    }

    const ctx: RouteContext = {
      state: this.state,
      params: matched.params,
      query: url.searchParams,
      body: isRecord(body) ? body : {},
      headers: req.headers,
      caller,
      apiBase,
      pathname: rawPath,
      tokens: this.tokens,
      wallNow: () => Date.now(),
      repo: () => this.#reach(caller, method, matched.params),
      actor: () => this.#actor(caller),
    };
    let reply: Reply;
    try {
      reply = await route.handle(ctx);
    } catch (error) {
      if (error instanceof HttpError) {
        reply = { status: error.status, body: error.body, headers: error.headers };
      } else {
        this.violations.push({ request: label, kind: "crash", problems: [String(error)] });
        send({ status: 500, body: { message: "Server Error" } }, false);
        return;
      }
    }
    if (action?.kind === "reset") {
      res.socket?.destroy();
      return;
    }
    if (action?.kind === "after-commit") {
      // Still check what GitHub would have answered: the fault must not hide a wrong reply.
      const answered = this.validator.checkResponse(key, reply.status, reply.body);
      if (answered.length > 0)
        this.violations.push({ request: label, kind: "response", problems: answered });
      send({ status: action.status, body: { message: "Server Error" } }, false);
      return;
    }
    if (method === "GET" && reply.status === 200) {
      // GitHub tags every GET answer and answers a request that sends the current tag back
      // (If-None-Match) with 304 and no body, which costs no rate limit. The tag is bound to the
      // credential it was answered to (GitHub support, quoted in eclipse-csi/otterdog#201: "It's
      // currently expected for ETags to be auth token specific"): a tag from an installation
      // token that has since been replaced (they last an hour) matches nothing.
      const etag = entityTag(reply, req.headers.authorization);
      reply = { ...reply, headers: { ...reply.headers, etag } };
      if (matchesTag(req.headers["if-none-match"], etag)) {
        // What GitHub would have sent in full must still be right.
        const answered =
          reply.text === undefined ? this.validator.checkResponse(key, 200, reply.body) : [];
        if (answered.length > 0)
          this.violations.push({ request: label, kind: "response", problems: answered });
        const headers: Record<string, string> = { etag };
        if (reply.headers?.link !== undefined) headers.link = reply.headers.link;
        send({ status: 304, headers }, false);
        return;
      }
    }
    send(reply, reply.text === undefined);
  }

  #authenticate(route: Route, header: string | undefined): Caller {
    const [scheme = "", credential = ""] = (header ?? "").split(" ");
    if (credential === "") throw new HttpError(401, { message: "Requires authentication" });
    const app = this.state.app;
    if (app === null) throw notFound();
    // A JWT is three base64url parts; tokens are opaque (`ghs_`, `ghp_`, `github_pat_` …).
    const jwt = /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(credential);
    if (route.auth === "app") {
      // GitHub reads the credential of `Bearer` as a JWT here; a token is not one.
      if (scheme.toLowerCase() !== "bearer" || !jwt) {
        throw new HttpError(401, { message: "A JSON web token could not be decoded" });
      }
      verifyAppJwt(credential, app, Date.now());
      return { kind: "app" };
    }
    if (jwt) {
      // A JWT on an endpoint that takes a token: GitHub says which credential it wants.
      throw new HttpError(401, {
        message: "A JSON web token was provided but an installation token is required",
      });
    }
    // `token` and `Bearer` are both accepted for tokens.
    const principal = this.tokens.principal(credential, Date.now());
    switch (principal.kind) {
      case "installation":
        return { ...principal, account: app.bot, app };
      case "actions":
        return { ...principal, account: this.state.actionsApp.bot, app: this.state.actionsApp };
      case "user":
        return principal;
    }
  }

  /** The repository of `{owner}/{repo}` as `caller` may reach it (see RouteContext.repo). */
  #reach(caller: Caller, method: string, params: Record<string, string>): Repository {
    const repo = this.state.repository(params.owner ?? "", params.repo ?? "");
    if (repo === undefined) throw notFound();
    const inScope =
      caller.kind === "app"
        ? false
        : caller.kind === "installation"
          ? caller.installation.repositories.includes(repo)
          : caller.kind === "actions"
            ? caller.repository === repo
            : this.state.roleOf(repo, caller.account.login) !== null;
    // A fork's pull_request token reads its repository and writes nothing.
    if (inScope && caller.kind === "actions" && caller.readOnly && method !== "GET")
      throw notAccessible(caller);
    if (inScope) return repo;
    // Out of scope, a private repository does not exist as far as the caller can tell; a public
    // one can be read by anyone, and a token's writes there are refused.
    if (repo.private) throw notFound();
    if (method === "GET" || caller.kind === "user") return repo;
    throw notAccessible(caller);
  }

  /** Who `caller` acts as when it creates something. */
  #actor(caller: Caller): Account {
    if (caller.kind === "app") {
      // The app's JWT creates nothing in repositories (those routes take tokens).
      throw new HttpError(403, { message: "Resource not accessible by integration" });
    }
    return caller.account;
  }

  #write(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = {
      "x-github-request-id": randomUUID(),
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-used": "1",
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      "x-ratelimit-resource": "core",
      ...reply.headers,
    };
    if (reply.text !== undefined) {
      res.writeHead(reply.status, { "content-type": "text/plain; charset=utf-8", ...headers });
      res.end(reply.text);
    } else if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
    } else {
      res.writeHead(reply.status, {
        "content-type": "application/json; charset=utf-8",
        ...headers,
      });
      res.end(JSON.stringify(reply.body));
    }
  }
}

/** A weak tag of the answer's content, as GitHub's are (`W/"…"`). */
function entityTag(reply: Reply, authorization: string | undefined): string {
  const content = reply.text ?? JSON.stringify(reply.body ?? null);
  const hash = createHash("sha256")
    .update(authorization ?? "")
    .update("\n")
    .update(content);
  return `W/"${hash.digest("hex").slice(0, 40)}"`;
}

function matchesTag(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const sent = (Array.isArray(header) ? header.join(",") : header).split(",").map((t) => t.trim());
  // Weak comparison, as for GET: W/"x" and "x" name the same content.
  const strip = (tag: string) => tag.replace(/^W\//, "");
  return sent.some((tag) => tag === "*" || strip(tag) === strip(etag));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * The subset's `GET /app/installations` (from @octokit/openapi 23.0.2, as GitHub publishes it)
 * types each installation's `account` as `allOf` Simple User and Enterprise, which no account can
 * satisfy, while `GET /repos/{owner}/{repo}/installation` and the `installation` component say
 * `anyOf`. The local GitHub answers a Simple User, as GitHub does; only that is excused.
 */
export function isInstallationsAccountFault(v: Violation): boolean {
  return (
    v.kind === "response" &&
    v.request.startsWith("GET /app/installations?") &&
    v.problems.every((p) => /^200 response body at \/\d+\/account: /.test(p))
  );
}
