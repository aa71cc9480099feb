import { readFileSync } from "node:fs";
import nock from "nock";
import {
  appJson,
  branchJson,
  checkRunJson,
  commentJson,
  commitJson,
  diffEntryJson,
  fullRepositoryJson,
  installationJson,
  installationTokenJson,
  issueJson,
  labelJson,
  permissionJson,
  pullJson,
  pullSimpleJson,
  reactionJson,
  repositoryJson,
  treeJson,
  userProfileJson,
  validationFailedJson,
} from "./github-json.js";
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

/** An account as GitHub shows it on an issue or comment: apps and Actions are "Bot"s. */
function accountOf(login: string): { login: string; type: "Bot" | "User" } {
  return { login, type: login.endsWith("[bot]") ? "Bot" : "User" };
}

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
  /** Runs as an issue create arrives, before it is stored: another writer racing this one. */
  beforeIssueCreate: ((body: { title: string; body?: string | null }) => void) | null = null;
  /** Comment creates (1-based, counting every POST …/comments) carried out but answered 502. */
  readonly commentsAnswering502 = new Set<number>();
  private commentCreateCount = 0;
  /** After this many issue creates, every further one fails with 503 and files nothing. */
  failCreatesAfter = Infinity;
  private createCount = 0;
  private nextNumber = 1;
  private nextCommentId = 9001;
  /**
   * Who the credentials act as, and so who authors what they create: the app's installation
   * token by default; `personalToken` and `integrationToken` change it.
   */
  actor: { login: string; type: "Bot" | "User" } = { login: BOT_LOGIN, type: "Bot" };

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
      installationTokenJson(),
    ]);
  }

  /** `GET /app` (JWT): the app's slug, from which the bot login `slug[bot]` comes. */
  appIdentity(): this {
    return this.route("GET", "/app", () => [200, appJson({ id: 1, slug: APP_SLUG })]);
  }

  // -------------------------------------------------------------------------------------------
  // Contents and pull requests

  /**
   * The config on the default branch (Probot's `context.config`), at `.github/postmortem-tracker.yml`
   * unless `path` names another file (the Action's `config-path`, the CLI's `--config-path`): the
   * YAML text, or null for 404, in which case Probot also asks the owner's `.github` repository.
   */
  config(yaml: string | null, path = CONFIG_PATH): this {
    this.route("GET", `${REPO_PATH}/contents/${encodeURIComponent(path)}`, () =>
      yaml === null ? notFound() : [200, yaml, { "content-type": "text/plain; charset=utf-8" }],
    );
    if (yaml === null) {
      this.route("GET", `/repos/${OWNER}/.github/contents/${encodeURIComponent(path)}`, notFound);
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
      files.map((f) => diffEntryJson(f.filename, f.status, MERGE_SHA)),
    ]);
  }

  /** `GET /commits/{sha}/pulls`: the pull requests a commit belongs to. */
  commitPulls(sha: string, pulls: { number: number; author: string; mergedAt: string }[]): this {
    return this.route("GET", `${REPO_PATH}/commits/${sha}/pulls`, () => [
      200,
      pulls.map((p) =>
        pullSimpleJson({
          number: p.number,
          state: "closed",
          mergedAt: p.mergedAt,
          author: p.author,
          headSha: sha,
          baseRef: DEFAULT_BRANCH,
        }),
      ),
    ]);
  }

  // -------------------------------------------------------------------------------------------
  // Issues

  /**
   * `GET /issues`, honouring `creator`, `state` and `labels` (every one of them must be on the
   * issue), pull requests included, as GitHub does.
   */
  issueList(): this {
    return this.route("GET", `${REPO_PATH}/issues`, (_p, query) => {
      const found = this.issuesMatching(query);
      return [200, found.map((i) => issueJson(i))];
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
            ...validationFailedJson({
              value: refused,
              resource: "Issue",
              field: "assignees",
              code: "invalid",
            }),
            documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
          },
        ];
      }
      this.beforeIssueCreate?.(body);
      const issue = this.addIssue({
        title: body.title,
        body: body.body ?? null,
        labels: body.labels ?? [],
        assignees: body.assignees ?? [],
      });
      if (this.createsAnswering502.has(this.createCount)) {
        return [502, { message: "Server Error" }];
      }
      return [201, issueJson(issue)];
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
      return [200, issueJson(issue)];
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
          validationFailedJson({ resource: "Label", code: "already_exists", field: "name" }),
        ];
      }
      const stored = { name: label.name, color: label.color, description: label.description };
      this.labels.set(label.name.toLowerCase(), stored);
      return [201, labelJson(stored)];
    });
  }

  /** `GET /labels/{name}`. */
  labelGet(): this {
    return this.route("GET", new RegExp(`^${REPO_PATH}/labels/[^/]+$`), (path) => {
      const label = this.labels.get(labelName(path).toLowerCase());
      return label === undefined ? notFound() : [200, labelJson(label)];
    });
  }

  /** `PATCH /labels/{name}`: colour and description. */
  labelUpdate(): this {
    return this.route("PATCH", new RegExp(`^${REPO_PATH}/labels/[^/]+$`), (path, _q, raw) => {
      const label = this.labels.get(labelName(path).toLowerCase());
      if (label === undefined) return notFound();
      Object.assign(label, raw);
      return [200, labelJson(label)];
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
      return [200, this.comments.filter((c) => c.issue_number === n).map((c) => commentJson(c))];
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
          user: { ...this.actor },
          html_url: `${REPO_URL}/issues/${n}#issuecomment-${id}`,
          created_at: TIMESTAMP,
        };
        this.comments.push(comment);
        this.commentCreateCount += 1;
        if (this.commentsAnswering502.has(this.commentCreateCount))
          return [502, { message: "Server Error" }];
        return [201, commentJson(comment)];
      },
    );
  }

  // -------------------------------------------------------------------------------------------
  // The default branch (what `sync` and the install-time reconcile read)

  /**
   * A personal access token of `login`: `GET /user` answers that user, and everything the
   * token creates is authored by them (a User, not a bot).
   */
  personalToken(login: string): this {
    this.actor = { login, type: "User" };
    return this.tokenUser();
  }

  /**
   * An installation token (of this app, by default) or the Actions `GITHUB_TOKEN` (pass
   * "github-actions[bot]"): not a user, so `GET /user` answers 403 as GitHub does, and what it
   * creates is authored by the bot account.
   */
  integrationToken(botLogin = BOT_LOGIN): this {
    this.actor = { login: botLogin, type: "Bot" };
    return this.tokenUser();
  }

  private userRoute = false;

  /** `GET /user` for whichever token is in use now (switching tokens keeps one route). */
  private tokenUser(): this {
    if (this.userRoute) return this;
    this.userRoute = true;
    return this.route("GET", "/user", () =>
      this.actor.type === "User"
        ? [200, userProfileJson(this.actor.login)]
        : [
            403,
            {
              message: "Resource not accessible by integration",
              documentation_url:
                "https://docs.github.com/rest/users/users#get-the-authenticated-user",
              status: "403",
            },
          ],
    );
  }

  /** `GET /repos/{o}/{r}`: the repository, for its default branch. */
  repository(): this {
    return this.route("GET", REPO_PATH, () => [200, fullRepositoryJson()]);
  }

  /** `GET /branches/main`: the head commit of the default branch. */
  branchHead(sha: string): this {
    return this.route("GET", `${REPO_PATH}/branches/${DEFAULT_BRANCH}`, () => [
      200,
      branchJson(sha, DEFAULT_BRANCH),
    ]);
  }

  /** `GET /git/trees/{sha}?recursive=1`: every file path at that commit. */
  tree(sha: string, paths: string[]): this {
    return this.route("GET", `${REPO_PATH}/git/trees/${sha}`, () => [200, treeJson(sha, paths)], {
      recursive: "1",
    });
  }

  /** `GET /commits?path=…&sha=…&per_page=1`: the last commit that touched a file. */
  lastCommit(path: string, sha: string, date: string): this {
    return this.route("GET", `${REPO_PATH}/commits`, () => [200, [commitJson(sha, date)]], {
      path,
      sha,
      per_page: "1",
    });
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
      user: accountOf(fields.author ?? this.actor.login),
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

  // -------------------------------------------------------------------------------------------
  // Check runs and pull requests (the preview on a postmortem PR)

  /** Check runs the app created, with every annotation sent to them (GitHub appends them). */
  readonly checkRuns: FakeCheckRun[] = [];

  /** `POST /check-runs`. Like GitHub, more than 50 annotations in one request is a 422. */
  checkRunCreate(): this {
    return this.route("POST", `${REPO_PATH}/check-runs`, (_p, _q, raw) => {
      const body = raw as CheckRunBody & { name: string; head_sha: string; external_id?: string };
      const tooMany = tooManyAnnotations(body);
      if (tooMany !== null) return tooMany;
      const run: FakeCheckRun = {
        id: 7000 + this.checkRuns.length + 1,
        name: body.name,
        head_sha: body.head_sha,
        external_id: body.external_id ?? null,
        status: body.status ?? "queued",
        conclusion: body.conclusion ?? null,
        output: body.output ?? null,
        annotations: [...(body.output?.annotations ?? [])],
      };
      this.checkRuns.push(run);
      return [201, checkRunResponse(run)];
    });
  }

  /** `PATCH /check-runs/{id}`: status, conclusion and output; annotations are appended. */
  checkRunUpdate(): this {
    return this.route("PATCH", new RegExp(`^${REPO_PATH}/check-runs/\\d+$`), (path, _q, raw) => {
      const run = this.checkRuns.find((r) => r.id === Number(path.split("/").at(-1)));
      if (run === undefined) return notFound();
      const body = raw as CheckRunBody;
      const tooMany = tooManyAnnotations(body);
      if (tooMany !== null) return tooMany;
      if (body.status !== undefined) run.status = body.status;
      if (body.conclusion !== undefined) run.conclusion = body.conclusion;
      if (body.output !== undefined) {
        run.output = body.output;
        run.annotations.push(...(body.output.annotations ?? []));
      }
      return [200, checkRunResponse(run)];
    });
  }

  /** `GET /pulls/{n}`: an open pull request into main by default. */
  pullGet(
    pullNumber: number,
    pull: { headSha: string; author?: string; state?: "open" | "closed"; baseRef?: string },
  ): this {
    return this.route("GET", `${REPO_PATH}/pulls/${pullNumber}`, () => [
      200,
      pullJson({
        number: pullNumber,
        headSha: pull.headSha,
        state: pull.state ?? "open",
        author: pull.author ?? "alice",
        baseRef: pull.baseRef ?? DEFAULT_BRANCH,
      }),
    ]);
  }

  /** `PATCH /issues/comments/{id}`. */
  commentUpdate(): this {
    return this.route(
      "PATCH",
      new RegExp(`^${REPO_PATH}/issues/comments/\\d+$`),
      (path, _q, raw) => {
        const comment = this.comments.find((c) => c.id === Number(path.split("/").at(-1)));
        if (comment === undefined) return notFound();
        comment.body = (raw as { body: string }).body;
        return [200, commentJson(comment)];
      },
    );
  }
  // -------------------------------------------------------------------------------------------
  // Slash commands: collaborator roles and reactions on comments

  /** `role_name` by login (lower-case) for `GET /collaborators/{login}/permission`; others 404. */
  readonly roles = new Map<string, string>();
  /** Reactions on issue comments, by comment id. */
  readonly reactions = new Map<
    number,
    { id: number; content: string; user: { login: string; type: string } }[]
  >();
  private nextReactionId = 300;

  private permissionRoute = false;

  /** `GET /collaborators/{login}/permission`: the role from `roles`, or 404 for a stranger. */
  collaboratorPermission(): this {
    if (this.permissionRoute) return this;
    this.permissionRoute = true;
    return this.route(
      "GET",
      new RegExp(`^${REPO_PATH}/collaborators/[^/]+/permission$`),
      (path) => {
        const login = path.split("/").at(-2) ?? "";
        const role = this.roles.get(login.toLowerCase());
        if (role === undefined) return notFound();
        return [200, permissionJson(login, role)];
      },
    );
  }

  /** `GET /issues/comments/{id}/reactions`. */
  reactionList(): this {
    return this.route(
      "GET",
      new RegExp(`^${REPO_PATH}/issues/comments/\\d+/reactions$`),
      (path) => [
        200,
        (this.reactions.get(Number(path.split("/").at(-2))) ?? []).map((r) => reactionJson(r)),
      ],
    );
  }

  /** `POST /issues/comments/{id}/reactions` as the bot: 201, or 200 for the same reaction again. */
  reactionCreate(): this {
    return this.route(
      "POST",
      new RegExp(`^${REPO_PATH}/issues/comments/\\d+/reactions$`),
      (path, _q, raw) => {
        const id = Number(path.split("/").at(-2));
        const content = (raw as { content: string }).content;
        const list = this.reactions.get(id) ?? [];
        this.reactions.set(id, list);
        const same = list.find((r) => r.content === content && r.user.login === this.actor.login);
        if (same !== undefined) return [200, reactionJson(same)];
        const reaction = {
          id: this.nextReactionId++,
          content,
          user: { ...this.actor },
        };
        list.push(reaction);
        return [201, reactionJson(reaction)];
      },
    );
  }

  // -------------------------------------------------------------------------------------------
  // The weekly digest: paginated issue lists, comments by time, deletes

  /**
   * `GET /issues` as GitHub pages it: `per_page` (default 30) and `page`, with a `Link` header to
   * the next page; honours `creator`, `state` and `labels` (all of them must be on the issue).
   */
  issueListPaged(): this {
    return this.route("GET", `${REPO_PATH}/issues`, (_p, query) => {
      const found = this.issuesMatching(query);
      const perPage = Number(query.per_page ?? "30");
      const page = Number(query.page ?? "1");
      const slice = found.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < found.length) {
        const next = new URLSearchParams({ ...query, page: String(page + 1) });
        headers.link = `<${API}${REPO_PATH}/issues?${next.toString()}>; rel="next"`;
      }
      return [200, slice.map((i) => issueJson(i)), headers];
    });
  }

  /** `GET /issues/{n}`: 404 when the store has no such issue. */
  issueRead(): this {
    return this.route("GET", new RegExp(`^${REPO_PATH}/issues/\\d+$`), (path) => {
      const issue = this.issues.find((i) => i.number === Number(path.split("/").at(-1)));
      return issue === undefined ? notFound() : [200, issueJson(issue)];
    });
  }

  /** `GET /issues/{n}/comments?since=`: only comments updated at or after `since`, as GitHub. */
  commentListSince(): this {
    return this.route("GET", new RegExp(`^${REPO_PATH}/issues/\\d+/comments$`), (path, query) => {
      const n = Number(path.split("/").at(-2));
      const since = query.since === undefined ? "" : new Date(query.since).toISOString();
      return [
        200,
        this.comments
          .filter((c) => c.issue_number === n && new Date(c.created_at).toISOString() >= since)
          .map((c) => commentJson(c)),
      ];
    });
  }

  /**
   * `POST /issues/{n}/comments` at time `at`, which also becomes the issue's `updated_at` (a new
   * comment updates its issue on GitHub).
   */
  commentCreateAt(at: string): this {
    return this.route(
      "POST",
      new RegExp(`^${REPO_PATH}/issues/\\d+/comments$`),
      (path, _q, raw) => {
        const n = Number(path.split("/").at(-2));
        const comment = this.addComment(n, (raw as { body: string }).body, at);
        const issue = this.issues.find((i) => i.number === n);
        if (issue !== undefined) issue.updated_at = at;
        return [201, commentJson(comment)];
      },
    );
  }

  /** `DELETE /issues/comments/{id}`. */
  commentDelete(): this {
    return this.route("DELETE", new RegExp(`^${REPO_PATH}/issues/comments/\\d+$`), (path) => {
      const index = this.comments.findIndex((c) => c.id === Number(path.split("/").at(-1)));
      if (index < 0) return notFound();
      this.comments.splice(index, 1);
      return [204];
    });
  }

  /** `GET /app/installations` (JWT): the one installation, on acme. */
  installationList(): this {
    return this.route("GET", "/app/installations", () => [
      200,
      [installationJson(INSTALLATION_ID, OWNER)],
    ]);
  }

  /** `GET /installation/repositories`: acme/infra, plus an archived repository to skip. */
  installationRepos(): this {
    const repo = (name: string, archived: boolean) =>
      repositoryJson(name, { id: archived ? 2 : 1, archived, disabled: false });
    return this.route("GET", "/installation/repositories", () => [
      200,
      { total_count: 2, repositories: [repo(NAME, false), repo("old-infra", true)] },
    ]);
  }

  /** The issues `GET /issues` answers for these query parameters. */
  private issuesMatching(query: Record<string, string>): FakeIssue[] {
    const state = query.state ?? "open";
    const labels = query.labels === undefined ? [] : query.labels.split(",");
    return this.issues.filter(
      (i) =>
        (query.creator === undefined ||
          i.user.login.toLowerCase() === query.creator.toLowerCase()) &&
        (state === "all" || i.state === state) &&
        labels.every((name) => i.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())),
    );
  }

  /** Stores a comment (by the bot unless `author` is given) to set up existing state. */
  addComment(issueNumber: number, body: string, at: string, author = BOT_LOGIN): FakeComment {
    const id = this.nextCommentId++;
    const comment: FakeComment = {
      id,
      issue_number: issueNumber,
      body,
      user: accountOf(author),
      html_url: `${REPO_URL}/issues/${issueNumber}#issuecomment-${id}`,
      created_at: at,
    };
    this.comments.push(comment);
    return comment;
  }
}

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string;
  title?: string;
  message: string;
}

interface CheckRunBody {
  status?: string;
  conclusion?: string;
  output?: { title: string; summary: string; annotations?: FakeAnnotation[] };
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string | null;
  status: string;
  conclusion: string | null;
  output: CheckRunBody["output"] | null;
  /** Every annotation sent, in order, across the create and its updates. */
  annotations: FakeAnnotation[];
}

function tooManyAnnotations(body: CheckRunBody): Reply | null {
  const count = body.output?.annotations?.length ?? 0;
  return count > 50
    ? [422, validationFailedJson("Only 50 annotations are allowed per request")]
    : null;
}

function checkRunResponse(run: FakeCheckRun): unknown {
  return checkRunJson(run);
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

// ---------------------------------------------------------------------------------------------
// Deliveries for the pull request preview

/** PR #42's head commit while it is open (the preview's check run goes on it). */
export const HEAD_SHA = "4b8e1d2c3a5f67890b1c2d3e4f5a6b7c8d9e0f1a";

export interface PullRequestEventOptions {
  id?: string;
  number?: number;
  author?: string;
  headSha?: string;
  baseRef?: string;
}

/** A `pull_request.<action>` delivery for open PR #42 by alice into main, head {@link HEAD_SHA}. */
export function pullRequestEvent(
  action: "opened" | "synchronize" | "reopened" | "ready_for_review",
  options: PullRequestEventOptions = {},
): WebhookDelivery {
  const delivery = loadWebhookExample("pull_request", action, {
    id: options.id ?? `delivery-pr-${action}`,
  });
  const payload = structuredClone(delivery.payload) as unknown as JsonObject;
  retarget(payload);
  const pr = payload.pull_request as JsonObject & {
    user: JsonObject;
    base: JsonObject;
    head: JsonObject;
  };
  pr.number = options.number ?? 42;
  pr.state = "open";
  pr.merged = false;
  pr.merged_at = null;
  pr.base.ref = options.baseRef ?? DEFAULT_BRANCH;
  pr.head.sha = options.headSha ?? HEAD_SHA;
  pr.user.login = options.author ?? "alice";
  payload.number = pr.number;
  return { ...delivery, payload } as unknown as WebhookDelivery;
}

export interface CheckRunRerequestedOptions {
  id?: string;
  name?: string;
  headSha?: string;
  externalId?: string | null;
  pullNumbers?: number[];
}

/** A `check_run.rerequested` delivery: "Re-run" pressed on our check run for PR #42. */
export function checkRunRerequested(options: CheckRunRerequestedOptions = {}): WebhookDelivery {
  const delivery = loadWebhookExample("check_run", "rerequested", {
    id: options.id ?? "delivery-check-run-rerequested",
  });
  const payload = structuredClone(delivery.payload) as unknown as JsonObject;
  retarget(payload);
  const run = payload.check_run as JsonObject;
  const headSha = options.headSha ?? HEAD_SHA;
  run.name = options.name ?? "Postmortem action items";
  run.head_sha = headSha;
  run.external_id = options.externalId === undefined ? "pull/42" : options.externalId;
  run.pull_requests = (options.pullNumbers ?? []).map((number) => ({
    number,
    id: number,
    url: `${API}${REPO_PATH}/pulls/${number}`,
    head: {
      ref: "postmortem",
      sha: headSha,
      repo: { id: 1, name: NAME, url: `${API}${REPO_PATH}` },
    },
    base: {
      ref: DEFAULT_BRANCH,
      sha: MERGE_SHA,
      repo: { id: 1, name: NAME, url: `${API}${REPO_PATH}` },
    },
  }));
  return { ...delivery, payload } as unknown as WebhookDelivery;
}

// ---------------------------------------------------------------------------------------------
// Issue lifecycle and slash-command deliveries

export type IssueAction =
  "closed" | "reopened" | "assigned" | "unassigned" | "labeled" | "unlabeled";

export interface IssueEventOptions {
  id?: string;
  /** Who did it; a login ending in `[bot]` is sent as a Bot. Default: carol. */
  sender?: string;
  /** The label added or removed (labeled/unlabeled). */
  label?: string;
  /** The user assigned or unassigned (assigned/unassigned). */
  assignee?: string;
}

/** A user object as webhooks send it; logins ending in `[bot]` are Bots. */
function userOf(example: unknown, login: string): JsonObject {
  return {
    ...(example as JsonObject),
    login,
    type: login.endsWith("[bot]") ? "Bot" : "User",
  };
}

/** The webhook's issue: the example's shape with the stored issue's fields. */
function issueOf(example: unknown, issue: FakeIssue): JsonObject {
  const base = example as JsonObject & { user: unknown; labels: unknown[] };
  const label = (base.labels[0] ?? {}) as JsonObject;
  return {
    ...base,
    ...structuredClone(issue),
    user: userOf(base.user, issue.user.login),
    assignees: issue.assignees.map((a) => userOf(base.user, a.login)),
    labels: issue.labels.map((l) => ({ ...label, name: l.name, color: l.color })),
  };
}

/**
 * An `issues.<action>` delivery about a stored issue, as it is in the store now (so change the
 * store first, as GitHub would). The examples have no `closed` one: it is the `reopened` example
 * with the action changed.
 */
export function issueEvent(
  action: IssueAction,
  issue: FakeIssue,
  options: IssueEventOptions = {},
): WebhookDelivery {
  const example = loadWebhookExample("issues", action === "closed" ? "reopened" : action);
  const payload = structuredClone(example.payload) as unknown as JsonObject & {
    issue: JsonObject;
    sender: unknown;
  };
  retarget(payload);
  payload.action = action;
  payload.issue = issueOf(payload.issue, issue);
  payload.sender = userOf(payload.sender, options.sender ?? "carol");
  if (action === "labeled" || action === "unlabeled") {
    payload.label = {
      ...(payload.label as JsonObject),
      name: options.label ?? "postmortem-action",
    };
  }
  if (action === "assigned" || action === "unassigned") {
    const login = options.assignee ?? "bob";
    payload.assignee = userOf(payload.sender, login);
  }
  return {
    id: options.id ?? `delivery-issues-${action}`,
    name: "issues",
    payload,
  } as unknown as WebhookDelivery;
}

export interface CommentOptions {
  id?: string;
  commentId?: number;
  /** Default: bob. A login ending in `[bot]` is sent as a Bot. */
  author?: string;
}

/**
 * An `issue_comment.created` delivery: `body` commented on a stored issue. The comment is also
 * put in the store, as GitHub would have it.
 */
export function issueCommentCreated(
  gh: FakeGitHub,
  issue: FakeIssue,
  body: string,
  options: CommentOptions = {},
): WebhookDelivery {
  const example = loadWebhookExample("issue_comment", "created");
  const payload = structuredClone(example.payload) as unknown as JsonObject & {
    issue: JsonObject;
    comment: JsonObject & { user: unknown };
    sender: unknown;
  };
  retarget(payload);
  const author = options.author ?? "bob";
  const commentId = options.commentId ?? 7001;
  const user = userOf(payload.comment.user, author);
  const htmlUrl = `${REPO_URL}/issues/${issue.number}#issuecomment-${commentId}`;
  payload.issue = issueOf(payload.issue, issue);
  payload.comment = { ...payload.comment, id: commentId, body, user, html_url: htmlUrl };
  payload.sender = user;
  if (!gh.comments.some((c) => c.id === commentId)) {
    gh.comments.push({
      id: commentId,
      issue_number: issue.number,
      body,
      user: { login: author, type: String(user.type) },
      html_url: htmlUrl,
      created_at: TIMESTAMP,
    });
  }
  return {
    id: options.id ?? `delivery-comment-${commentId}`,
    name: "issue_comment",
    payload,
  } as unknown as WebhookDelivery;
}
