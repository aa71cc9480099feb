import { readFileSync } from "node:fs";
import nock from "nock";
import { loadWebhookExample, type WebhookDelivery } from "./webhook-examples.js";

/*
 * A fake GitHub for handler tests, made of nock interceptors backed by an in-memory store.
 *
 * Every route is opt-in: a test registers exactly the endpoints it expects the app to call, and
 * the nock guard (test/setup.ts) fails the test if one of them is never called or if the app
 * calls anything else. Routes are `.persist()`ed and answer from the store (issues, labels,
 * comments), so the same fake serves one delivery, a redelivery, or two concurrent deliveries.
 * Every request is recorded, in order, with its decoded query and JSON body, so tests can assert
 * the exact sequence of calls and the exact bodies the app sent.
 */

export const API = "https://api.github.com";
export const OWNER = "acme";
export const NAME = "infra";
export const FULL_NAME = `${OWNER}/${NAME}`;
export const REPO_URL = `https://github.com/${FULL_NAME}`;
export const DEFAULT_BRANCH = "main";
export const INSTALLATION_ID = 1;
export const APP_SLUG = "postmortem-tracker";
export const BOT_LOGIN = `${APP_SLUG}[bot]`;
export const LOCK_LABEL = "postmortem-tracker-lock";
export const CONFIG_PATH = ".github/postmortem-tracker.yml";

const REPO_PATH = `/repos/${OWNER}/${NAME}`;
const TIMESTAMP = "2026-11-26T10:00:00Z";

/** PR #42's squash merge: when, and the commit it made on main. */
export const MERGED_AT = "2026-11-26T09:30:00Z";
export const MERGE_SHA = "9f2c4e1a7b3d5f60812a4c6e8b0d2f4a6c8e0b1d";

/** A postmortem under test/fixtures/postmortems/. */
export function readFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/postmortems/${name}`, import.meta.url), "utf8");
}

/** A request the app made, as GitHub saw it. `path` is decoded (`postmortems/x.md`, not `%2F`). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

export interface FakeIssue {
  id: number;
  node_id: string;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  state_reason: string | null;
  user: { login: string; type: string };
  assignees: { login: string }[];
  labels: { name: string; color: string }[];
  html_url: string;
  url: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  pull_request?: { url: string };
}

export interface FakeLabel {
  name: string;
  color: string;
  description: string | null;
}

export interface FakeComment {
  id: number;
  issue_number: number;
  body: string;
  user: { login: string; type: string };
  html_url: string;
  created_at: string;
}

export interface PullFileSpec {
  filename: string;
  status: "added" | "modified" | "removed" | "renamed";
}

type Reply = [number, unknown?, Record<string, string>?];

interface CreateIssueBody {
  title: string;
  body?: string;
  labels?: string[];
  assignees?: string[];
}

const VALIDATION_FAILED = "Validation Failed";

export class FakeGitHub {
  /** Every request the fake answered, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  readonly issues: FakeIssue[] = [];
  readonly labels = new Map<string, FakeLabel>();
  readonly comments: FakeComment[] = [];
  /** Logins that `GET /assignees/{login}` answers 204 for (lower-case). */
  readonly assignable = new Set<string>();
  /**
   * Logins `GET /assignees` accepts but `POST /issues` still rejects with 422 (a collaborator
   * removed in between, or GitHub disagreeing with itself).
   */
  readonly rejectedOnCreate = new Set<string>();
  /**
   * Issue creates (1-based, counting every POST /issues) that GitHub carries out but answers
   * with 502: the issue exists, the client is told the request failed.
   */
  readonly createsAnswering502 = new Set<number>();
  /** Comment creates (1-based, counting every POST …/comments) carried out but answered 502. */
  readonly commentsAnswering502 = new Set<number>();
  private commentCreateCount = 0;
  /** After this many issue creates, every further one fails with 503 and files nothing. */
  failCreatesAfter = Infinity;
  private createCount = 0;
  private nextNumber = 1;
  private nextCommentId = 9001;

  /** A fresh interceptor answering from the store and recording the request. */
  private route(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string | RegExp,
    handle: (path: string, query: Record<string, string>, body: unknown) => Reply,
    query: true | Record<string, string> = true,
  ): this {
    nock(API)
      .persist()
      .intercept(path, method)
      .query(query)
      .reply((uri, body) => {
        const url = new URL(uri, API);
        const decoded = decodeURIComponent(url.pathname);
        const query = Object.fromEntries(url.searchParams);
        const parsed = parseBody(body);
        const reply = handle(decoded, query, parsed);
        this.requests.push({ method, path: decoded, query, body: parsed, status: reply[0] });
        return reply;
      });
    return this;
  }

  // -------------------------------------------------------------------------------------------
  // App authentication

  /** `POST /app/installations/1/access_tokens`: Probot turns the app's JWT into a token. */
  installationToken(): this {
    return this.route("POST", `/app/installations/${INSTALLATION_ID}/access_tokens`, () => [
      201,
      {
        token: "ghs_test_installation_token",
        expires_at: "2099-01-01T00:00:00Z",
        permissions: { issues: "write", contents: "read", pull_requests: "read" },
        repository_selection: "all",
      },
    ]);
  }

  /** `GET /app` (JWT): the app's slug, from which the bot login `slug[bot]` comes. */
  appIdentity(): this {
    return this.route("GET", "/app", () => [
      200,
      { id: 1, slug: APP_SLUG, name: "Postmortem Tracker", owner: { login: OWNER } },
    ]);
  }

  // -------------------------------------------------------------------------------------------
  // Contents and pull requests

  /**
   * `.github/postmortem-tracker.yml` on the default branch (Probot's `context.config`): the YAML
   * text, or null for 404, in which case Probot also asks the owner's `.github` repository.
   */
  config(yaml: string | null): this {
    this.route("GET", `${REPO_PATH}/contents/${encodeURIComponent(CONFIG_PATH)}`, () =>
      yaml === null ? notFound() : [200, yaml, { "content-type": "text/plain; charset=utf-8" }],
    );
    if (yaml === null) {
      this.route(
        "GET",
        `/repos/${OWNER}/.github/contents/${encodeURIComponent(CONFIG_PATH)}`,
        notFound,
      );
    }
    return this;
  }

  /** A file's raw text at one commit (`mediaType: raw`); only `?ref=<sha>` matches. */
  file(path: string, sha: string, text: string): this {
    return this.route(
      "GET",
      `${REPO_PATH}/contents/${encodeURIComponent(path)}`,
      () => [200, text, { "content-type": "text/plain; charset=utf-8" }],
      { ref: sha },
    );
  }

  /** `GET /pulls/{n}/files`. */
  pullFiles(pullNumber: number, files: PullFileSpec[]): this {
    return this.route("GET", `${REPO_PATH}/pulls/${pullNumber}/files`, () => [
      200,
      files.map((f, i) => ({
        sha: `blob${i}`,
        filename: f.filename,
        status: f.status,
        additions: 30,
        deletions: 0,
        changes: 30,
      })),
    ]);
  }

  /** `GET /commits/{sha}/pulls`: the pull requests a commit belongs to. */
  commitPulls(sha: string, pulls: { number: number; author: string; mergedAt: string }[]): this {
    return this.route("GET", `${REPO_PATH}/commits/${sha}/pulls`, () => [
      200,
      pulls.map((p) => ({
        number: p.number,
        state: "closed",
        merged_at: p.mergedAt,
        user: { login: p.author, type: "User" },
        base: { ref: DEFAULT_BRANCH },
      })),
    ]);
  }

  // -------------------------------------------------------------------------------------------
  // Issues

  /** `GET /issues`, honouring `creator` and `state` (pull requests included, as GitHub does). */
  issueList(): this {
    return this.route("GET", `${REPO_PATH}/issues`, (_p, query) => {
      const state = query.state ?? "open";
      const found = this.issues.filter(
        (i) =>
          (query.creator === undefined ||
            i.user.login.toLowerCase() === query.creator.toLowerCase()) &&
          (state === "all" || i.state === state),
      );
      return [200, found.map((i) => structuredClone(i))];
    });
  }

  /**
   * `POST /issues`: files the issue. Like GitHub, a label that does not exist is created grey
   * (`ededed`), and an assignee who cannot be assigned fails the whole create with 422.
   */
  issueCreate(): this {
    return this.route("POST", `${REPO_PATH}/issues`, (_p, _q, raw) => {
      const body = raw as CreateIssueBody;
      this.createCount += 1;
      if (this.createCount > this.failCreatesAfter)
        return [503, { message: "Service Unavailable" }];
      const refused = (body.assignees ?? []).filter(
        (login) =>
          !this.assignable.has(login.toLowerCase()) ||
          this.rejectedOnCreate.has(login.toLowerCase()),
      );
      if (refused.length > 0) {
        return [
          422,
          {
            message: VALIDATION_FAILED,
            errors: [
              {
                value: refused,
                resource: "Issue",
                field: "assignees",
                code: "invalid",
              },
            ],
            documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
            status: "422",
          },
        ];
      }
      const issue = this.addIssue({
        title: body.title,
        body: body.body ?? null,
        labels: body.labels ?? [],
        assignees: body.assignees ?? [],
      });
      if (this.createsAnswering502.has(this.createCount)) {
        return [502, { message: "Server Error" }];
      }
      return [201, structuredClone(issue)];
    });
  }

  /** `PATCH /issues/{n}`: title, body, state, state_reason, labels, assignees. */
  issueUpdate(): this {
    return this.route("PATCH", new RegExp(`^${REPO_PATH}/issues/\\d+$`), (path, _q, raw) => {
      const issue = this.issues.find((i) => i.number === Number(path.split("/").at(-1)));
      if (issue === undefined) return notFound();
      const patch = raw as Partial<CreateIssueBody> & {
        state?: "open" | "closed";
        state_reason?: string | null;
      };
      if (patch.title !== undefined) issue.title = patch.title;
      if (patch.body !== undefined) issue.body = patch.body;
      if (patch.state !== undefined) {
        issue.state = patch.state;
        issue.closed_at = patch.state === "closed" ? TIMESTAMP : null;
      }
      if (patch.state_reason !== undefined) issue.state_reason = patch.state_reason;
      if (patch.assignees !== undefined)
        issue.assignees = patch.assignees.map((login) => ({ login }));
      if (patch.labels !== undefined)
        issue.labels = patch.labels.map((name) => this.labelFor(name));
      return [200, structuredClone(issue)];
    });
  }

  /** `GET /assignees/{login}`: 204 for logins in `assignable`, else 404. */
  assigneeCheck(): this {
    return this.route("GET", new RegExp(`^${REPO_PATH}/assignees/[^/]+$`), (path) =>
      this.assignable.has((path.split("/").at(-1) ?? "").toLowerCase()) ? [204] : notFound(),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Labels (the repository lock is a label, see src/github/repo-lock.ts)

  /** `POST /labels`: 201, or 422 `already_exists` (atomic, as on GitHub). */
  labelCreate(): this {
    return this.route("POST", `${REPO_PATH}/labels`, (_p, _q, raw) => {
      const label = raw as FakeLabel;
      if (this.labels.has(label.name.toLowerCase())) {
        return [
          422,
          {
            message: VALIDATION_FAILED,
            errors: [{ resource: "Label", code: "already_exists", field: "name" }],
          },
        ];
      }
      const stored = { name: label.name, color: label.color, description: label.description };
      this.labels.set(label.name.toLowerCase(), stored);
      return [201, { id: 1, ...stored, default: false }];
    });
  }

  /** `GET /labels/{name}`. */
  labelGet(): this {
    return this.route("GET", new RegExp(`^${REPO_PATH}/labels/[^/]+$`), (path) => {
      const label = this.labels.get(labelName(path).toLowerCase());
      return label === undefined ? notFound() : [200, { id: 1, ...label, default: false }];
    });
  }

  /** `PATCH /labels/{name}`: colour and description. */
  labelUpdate(): this {
    return this.route("PATCH", new RegExp(`^${REPO_PATH}/labels/[^/]+$`), (path, _q, raw) => {
      const label = this.labels.get(labelName(path).toLowerCase());
      if (label === undefined) return notFound();
      Object.assign(label, raw);
      return [200, { id: 1, ...label, default: false }];
    });
  }

  /** `DELETE /labels/{name}`. */
  labelDelete(): this {
    return this.route("DELETE", new RegExp(`^${REPO_PATH}/labels/[^/]+$`), (path) =>
      this.labels.delete(labelName(path).toLowerCase()) ? [204] : notFound(),
    );
  }

  /** The repository lock: create the label, read it back at release, delete it. */
  lock(): this {
    return this.labelCreate().labelGet().labelDelete();
  }

  // -------------------------------------------------------------------------------------------
  // Comments

  /** `GET /issues/{n}/comments`. */
  commentList(): this {
    return this.route("GET", new RegExp(`^${REPO_PATH}/issues/\\d+/comments$`), (path) => {
      const n = Number(path.split("/").at(-2));
      return [
        200,
        this.comments.filter((c) => c.issue_number === n).map((c) => structuredClone(c)),
      ];
    });
  }

  /** `POST /issues/{n}/comments` (issues and pull requests alike). */
  commentCreate(): this {
    return this.route(
      "POST",
      new RegExp(`^${REPO_PATH}/issues/\\d+/comments$`),
      (path, _q, raw) => {
        const n = Number(path.split("/").at(-2));
        const id = this.nextCommentId++;
        const comment: FakeComment = {
          id,
          issue_number: n,
          body: (raw as { body: string }).body,
          user: { login: BOT_LOGIN, type: "Bot" },
          html_url: `${REPO_URL}/issues/${n}#issuecomment-${id}`,
          created_at: TIMESTAMP,
        };
        this.comments.push(comment);
        this.commentCreateCount += 1;
        if (this.commentsAnswering502.has(this.commentCreateCount))
          return [502, { message: "Server Error" }];
        return [201, structuredClone(comment)];
      },
    );
  }

  // -------------------------------------------------------------------------------------------
  // The default branch (what `sync` and the install-time reconcile read)

  /** `GET /user`: who a plain token acts as (the CLI with `GITHUB_TOKEN`). */
  tokenUser(login: string): this {
    return this.route("GET", "/user", () => [200, { login, id: 1, type: "User" }]);
  }

  /** `GET /repos/{o}/{r}`: the repository, for its default branch. */
  repository(): this {
    return this.route("GET", REPO_PATH, () => [
      200,
      {
        id: 1,
        name: NAME,
        full_name: FULL_NAME,
        html_url: REPO_URL,
        default_branch: DEFAULT_BRANCH,
      },
    ]);
  }

  /** `GET /branches/main`: the head commit of the default branch. */
  branchHead(sha: string): this {
    return this.route("GET", `${REPO_PATH}/branches/${DEFAULT_BRANCH}`, () => [
      200,
      { name: DEFAULT_BRANCH, commit: { sha } },
    ]);
  }

  /** `GET /git/trees/{sha}?recursive=1`: every file path at that commit. */
  tree(sha: string, paths: string[]): this {
    return this.route(
      "GET",
      `${REPO_PATH}/git/trees/${sha}`,
      () => [200, { sha, truncated: false, tree: paths.map((path) => ({ path, type: "blob" })) }],
      { recursive: "1" },
    );
  }

  /** `GET /commits?path=…&sha=…&per_page=1`: the last commit that touched a file. */
  lastCommit(path: string, sha: string, date: string): this {
    return this.route(
      "GET",
      `${REPO_PATH}/commits`,
      () => [200, [{ sha, commit: { committer: { date }, author: { date } } }]],
      { path, sha, per_page: "1" },
    );
  }

  // -------------------------------------------------------------------------------------------
  // Store

  /** Stores an issue as the bot would have filed it (to set up existing state). */
  addIssue(fields: {
    title: string;
    body: string | null;
    labels: string[];
    assignees: string[];
    author?: string;
  }): FakeIssue {
    const number = this.nextNumber++;
    const issue: FakeIssue = {
      id: 5000 + number,
      node_id: `I_kw${number}`,
      number,
      title: fields.title,
      body: fields.body,
      state: "open",
      state_reason: null,
      user: { login: fields.author ?? BOT_LOGIN, type: "Bot" },
      assignees: fields.assignees.map((login) => ({ login })),
      labels: fields.labels.map((name) => this.labelFor(name)),
      html_url: `${REPO_URL}/issues/${number}`,
      url: `${API}${REPO_PATH}/issues/${number}`,
      created_at: TIMESTAMP,
      updated_at: TIMESTAMP,
      closed_at: null,
    };
    this.issues.push(issue);
    return issue;
  }

  /** The label as an issue shows it; a label that does not exist yet is auto-created grey. */
  private labelFor(name: string): { name: string; color: string } {
    let label = this.labels.get(name.toLowerCase());
    if (label === undefined) {
      label = { name, color: "ededed", description: null };
      this.labels.set(name.toLowerCase(), label);
    }
    return { name: label.name, color: label.color };
  }

  /** Forgets the recorded requests (after a set-up delivery), keeping the store. */
  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Requests as `METHOD /path`, the shape most assertions compare. */
  calls(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`);
  }

  /** The requests that change something on GitHub (the installation token is auth, not a write). */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/access_tokens"));
  }

  /** Bodies of the requests to `METHOD /path` (exact, decoded path). */
  bodies(method: string, path: string): unknown[] {
    return this.requests.filter((r) => r.method === method && r.path === path).map((r) => r.body);
  }

  /** The issues the bot filed that carry `label`. */
  issuesLabelled(label: string): FakeIssue[] {
    return this.issues.filter((i) => i.labels.some((l) => l.name === label));
  }
}

/** nock hands over the request body as text, or already parsed when it was JSON. */
function parseBody(body: unknown): unknown {
  if (body === "" || body === undefined) return undefined;
  return typeof body === "string" ? (JSON.parse(body) as unknown) : body;
}

function notFound(): Reply {
  return [404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }];
}

function labelName(path: string): string {
  return path.slice(path.lastIndexOf("/labels/") + "/labels/".length);
}

// ---------------------------------------------------------------------------------------------
// Deliveries: real payloads from @octokit/webhooks-examples with only the fields that matter set.

type JsonObject = Record<string, unknown>;

/** The example repository, renamed to acme/infra with `main` as its default branch. */
function retarget(payload: JsonObject): void {
  const repository = payload.repository as JsonObject & { owner: JsonObject };
  repository.name = NAME;
  repository.full_name = FULL_NAME;
  repository.html_url = REPO_URL;
  repository.default_branch = DEFAULT_BRANCH;
  repository.owner.login = OWNER;
  repository.owner.name = OWNER;
  payload.installation = {
    id: INSTALLATION_ID,
    node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==",
  };
}

export interface PullRequestClosedOptions {
  id?: string;
  number?: number;
  author?: string;
  merged?: boolean;
  mergedAt?: string | null;
  mergeCommitSha?: string | null;
  baseRef?: string;
}

/** A `pull_request.closed` delivery: by default PR #42 by alice, squash-merged into main. */
export function pullRequestClosed(options: PullRequestClosedOptions = {}): WebhookDelivery {
  const delivery = loadWebhookExample("pull_request", "closed", {
    id: options.id ?? "delivery-pr-closed",
  });
  const payload = structuredClone(delivery.payload) as unknown as JsonObject;
  retarget(payload);
  const pr = payload.pull_request as JsonObject & {
    user: JsonObject;
    base: JsonObject;
  };
  const merged = options.merged ?? true;
  pr.number = options.number ?? 42;
  pr.merged = merged;
  pr.merged_at = options.mergedAt !== undefined ? options.mergedAt : merged ? MERGED_AT : null;
  pr.merge_commit_sha = options.mergeCommitSha !== undefined ? options.mergeCommitSha : MERGE_SHA;
  pr.base.ref = options.baseRef ?? DEFAULT_BRANCH;
  pr.user.login = options.author ?? "alice";
  payload.number = pr.number;
  return { ...delivery, payload } as unknown as WebhookDelivery;
}

export interface PushOptions {
  id?: string;
  ref?: string;
  after?: string;
  added?: string[];
  modified?: string[];
  removed?: string[];
  timestamp?: string;
  pusher?: string;
}

/** A `push` delivery to main with one commit, by default the push of PR #42's squash commit. */
export function push(options: PushOptions = {}): WebhookDelivery {
  // The first examples are tag pushes and deletions; a branch push is the shape to start from.
  const payload = structuredClone(findBranchPushExample());
  retarget(payload);
  const after = options.after ?? MERGE_SHA;
  const commits = payload.commits as JsonObject[];
  const commit: JsonObject = structuredClone(commits[0] ?? {});
  commit.id = after;
  commit.added = options.added ?? [];
  commit.modified = options.modified ?? [];
  commit.removed = options.removed ?? [];
  commit.timestamp = options.timestamp ?? "2026-11-26T10:30:00+01:00";
  commit.url = `${REPO_URL}/commit/${after}`;
  payload.ref = options.ref ?? `refs/heads/${DEFAULT_BRANCH}`;
  payload.after = after;
  payload.deleted = false;
  payload.commits = [commit];
  payload.head_commit = structuredClone(commit);
  const pusher = options.pusher ?? "alice";
  payload.pusher = { name: pusher, email: `${pusher}@example.com` };
  return { id: options.id ?? "delivery-push", name: "push", payload } as unknown as WebhookDelivery;
}

function findBranchPushExample(): JsonObject {
  for (let index = 0; ; index++) {
    const { payload } = loadWebhookExample("push", null, { index });
    const p = payload as unknown as JsonObject;
    if (typeof p.ref === "string" && p.ref.startsWith("refs/heads/") && p.deleted === false) {
      return p;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Delivering

/**
 * Delivers through `probot.receive` and returns why it failed (every handler error's message,
 * joined), or undefined. Tests assert it last, after the requests and GitHub's state, so a failed
 * delivery still shows what the app did before failing.
 */
export async function deliver(
  probot: { receive: (delivery: WebhookDelivery) => Promise<void> },
  delivery: WebhookDelivery,
): Promise<string | undefined> {
  try {
    await probot.receive(delivery);
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(describeError).join("\n");
  if (error instanceof Error) {
    const where = /\n\s+at (.*src\/[^\n]*)/.exec(error.stack ?? "")?.[1] ?? "";
    return `${error.name}: ${error.message.replace(/\s+/g, " ").slice(0, 300)} ${where}`.trim();
  }
  return String(error);
}
