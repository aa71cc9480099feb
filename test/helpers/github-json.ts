import {
  checkRun as checkRunJsonOf,
  comment as commentJsonOf,
  commit as commitJsonOf,
  diffEntry,
  fullRepository,
  installation as installationJsonOf,
  integration,
  issue as issueJsonOf,
  label as labelJsonOf,
  pullRequestSimple,
  reaction as reactionJsonOf,
  repository as repositoryJsonOf,
  publicUser,
  simpleUser,
} from "../local-github/representations.js";
import {
  GitHubState,
  type Account,
  type CheckRun,
  type Commit,
  type Issue,
  type Label,
  type PullRequest,
  type Repository,
} from "../local-github/state.js";

/*
 * GitHub's JSON for the objects the nock doubles answer with, in the shapes the local GitHub
 * sends (test/local-github/representations.ts, checked against GitHub's OpenAPI description).
 * A test states only what it is about (a title, a label, an author); the rest of the object is
 * what GitHub would send with it. The nock guard checks every answer against the description,
 * so a double built from these cannot drift into a GitHub that does not exist.
 */

type Json = Record<string, unknown>;

const OWNER = "acme";
const NAME = "infra";
const TIMESTAMP = "2026-11-26T10:00:00Z";

// One world for acme/infra: the representations read URLs, owners and roles from it.
const world = new GitHubState({ now: () => new Date(TIMESTAMP) });
const infra = world.createRepository({ owner: OWNER, name: NAME });
world.app = {
  id: 1,
  slug: "postmortem-tracker",
  name: "Postmortem Tracker",
  owner: world.account(OWNER, "Organization"),
  bot: world.account("postmortem-tracker[bot]", "Bot"),
  publicKey: "",
};

/** The account with this login: an app or Actions (`…[bot]`) is a Bot, anyone else a User. */
function account(login: string, type?: Account["type"]): Account {
  const found = world.account(login, type ?? (login.endsWith("[bot]") ? "Bot" : "User"));
  if (type !== undefined) found.type = type;
  return found;
}

function repositoryNamed(owner: string, name: string): Repository {
  return world.repository(owner, name) ?? world.createRepository({ owner, name });
}

/** `simple-user`. */
export function userJson(login: string, type?: Account["type"]): Json {
  return simpleUser(account(login, type));
}

function labelOf(name: string, color?: string, description?: string | null): Label {
  let found = world.findLabel(infra, name);
  if (found === undefined) {
    const id = world.nextId();
    found = { id, name, color: "ededed", description: null, autoCreated: false };
    infra.labels.set(id, found);
  }
  if (color !== undefined) found.color = color;
  if (description !== undefined) found.description = description;
  return found;
}

/** `public-user`: what `GET /user` answers a personal token. */
export function userProfileJson(login: string): Json {
  return publicUser(account(login, "User"));
}

/** `label` of acme/infra. */
export function labelJson(fields: {
  name: string;
  color?: string;
  description?: string | null;
  id?: number;
}): Json {
  const json = labelJsonOf(infra, labelOf(fields.name, fields.color, fields.description));
  return fields.id === undefined ? json : { ...json, id: fields.id };
}

export interface IssueFields {
  number: number;
  title: string;
  body?: string | null;
  id?: number;
  state?: "open" | "closed";
  state_reason?: string | null;
  user?: { login: string; type?: string };
  labels?: ({ name: string; color?: string } | string)[];
  assignees?: { login: string }[];
  created_at?: string;
  updated_at?: string;
  closed_at?: string | null;
  /** Present when this issue number is a pull request, as GitHub marks them in issue lists. */
  pull_request?: unknown;
}

/** `issue` of acme/infra, as the issue endpoints answer it. */
export function issueJson(fields: IssueFields): Json {
  const labels = (fields.labels ?? []).map((l) =>
    typeof l === "string" ? labelOf(l) : labelOf(l.name, l.color),
  );
  const issue: Issue = {
    id: fields.id ?? 5000 + fields.number,
    number: fields.number,
    title: fields.title,
    body: fields.body ?? null,
    state: fields.state ?? "open",
    stateReason: (fields.state_reason ?? null) as Issue["stateReason"],
    labelIds: labels.map((l) => l.id),
    assignees: (fields.assignees ?? []).map((a) => account(a.login)),
    user: account(fields.user?.login ?? "postmortem-tracker[bot]", userType(fields.user?.type)),
    createdAt: fields.created_at ?? TIMESTAMP,
    updatedAt: fields.updated_at ?? fields.created_at ?? TIMESTAMP,
    closedAt: fields.closed_at ?? null,
    pullNumber: null,
    subIssueIds: [],
    parentId: null,
  };
  const json = issueJsonOf(world, infra, issue);
  if (fields.pull_request === undefined) return json;
  const html = `https://github.com/${OWNER}/${NAME}/pull/${fields.number}`;
  return {
    ...json,
    node_id: `PR_${fields.number}`,
    html_url: html,
    pull_request: {
      url: `https://api.github.com/repos/${OWNER}/${NAME}/pulls/${fields.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: null,
    },
    draft: false,
  };
}

function userType(type: string | undefined): Account["type"] | undefined {
  return type === "User" || type === "Bot" || type === "Organization" ? type : undefined;
}

export interface CommentFields {
  id: number;
  issue_number: number;
  body: string;
  user?: { login: string; type?: string };
  created_at?: string;
  updated_at?: string;
}

/** `issue-comment` on acme/infra. */
export function commentJson(fields: CommentFields): Json {
  const at = fields.created_at ?? TIMESTAMP;
  return commentJsonOf(world, infra, {
    id: fields.id,
    issueNumber: fields.issue_number,
    body: fields.body,
    user: account(fields.user?.login ?? "postmortem-tracker[bot]", userType(fields.user?.type)),
    createdAt: at,
    updatedAt: fields.updated_at ?? at,
    reactions: [],
  });
}

/** `reaction`. */
export function reactionJson(fields: {
  id: number;
  content: string;
  user: { login: string; type?: string };
  created_at?: string;
}): Json {
  return reactionJsonOf({
    id: fields.id,
    content: fields.content,
    user: account(fields.user.login, userType(fields.user.type)),
    createdAt: fields.created_at ?? TIMESTAMP,
  });
}

/** `full-repository` (default branch main), as `GET /repos/{o}/{r}` answers; acme/infra by default. */
export function fullRepositoryJson(owner = OWNER, name = NAME): Json {
  return fullRepository(repositoryNamed(owner, name));
}

/** `repository` of acme's `name`, as listed by `GET /installation/repositories`. */
export function repositoryJson(name: string, overrides: Json = {}): Json {
  return { ...repositoryJsonOf(repositoryNamed(OWNER, name)), ...overrides };
}

function commitOf(sha: string, date = TIMESTAMP, message = "Update postmortems"): Commit {
  return { sha, parents: [], message, author: account("alice"), date, files: new Map() };
}

/** `commit` as `GET /commits` lists it; `authorDate` when it differs from the commit date. */
export function commitJson(sha: string, date?: string, authorDate?: string): Json {
  const json = commitJsonOf(infra, commitOf(sha, date));
  if (authorDate === undefined) return json;
  const commit = json.commit as { author: Json };
  return { ...json, commit: { ...commit, author: { ...commit.author, date: authorDate } } };
}

/** `branch-with-protection` for main of acme/infra at `sha`. */
export function branchJson(sha: string, name = "main"): Json {
  const api = `https://api.github.com/repos/${OWNER}/${NAME}/branches/${name}`;
  return {
    name,
    commit: commitJsonOf(infra, commitOf(sha)),
    _links: { html: `https://github.com/${OWNER}/${NAME}/tree/${name}`, self: api },
    protected: false,
    protection: {
      enabled: false,
      required_status_checks: { enforcement_level: "off", contexts: [], checks: [] },
    },
    protection_url: `${api}/protection`,
  };
}

/** `git-tree` at `sha`, recursive, holding `paths` (blobs) and their folders (trees). */
export function treeJson(sha: string, paths: string[]): Json {
  const api = `https://api.github.com/repos/${OWNER}/${NAME}/git`;
  return {
    sha,
    url: `${api}/trees/${sha}`,
    truncated: false,
    tree: paths.map((path, i) => {
      const blob = i.toString(16).padStart(40, "b");
      return {
        path,
        mode: "100644",
        type: "blob",
        sha: blob,
        size: 100,
        url: `${api}/blobs/${blob}`,
      };
    }),
  };
}

/** `diff-entry` of a pull request's file list. */
export function diffEntryJson(
  filename: string,
  status: "added" | "modified" | "removed" | "renamed",
  headSha: string,
): Json {
  const before = status === "added" ? null : "old\n";
  const after = status === "removed" ? null : "new\n";
  const change = status === "renamed" ? "modified" : status;
  const json = diffEntry(infra, headSha, { path: filename, status: change, before, after });
  return status === "renamed" ? { ...json, status, previous_filename: `old/${filename}` } : json;
}

export interface PullFields {
  number: number;
  headSha: string;
  author?: string;
  state?: "open" | "closed";
  baseRef?: string;
  headRef?: string;
  mergedAt?: string | null;
  title?: string;
}

function pullOf(fields: PullFields): PullRequest {
  const merged = fields.mergedAt !== undefined && fields.mergedAt !== null;
  const pull: PullRequest = {
    number: fields.number,
    id: 8000 + fields.number,
    user: account(fields.author ?? "alice"),
    title: fields.title ?? "Add a postmortem",
    body: null,
    head: { ref: fields.headRef ?? "postmortem", sha: fields.headSha },
    base: { ref: fields.baseRef ?? "main", sha: "0".repeat(40) },
    forkPoint: "",
    merged,
    mergedAt: fields.mergedAt ?? null,
    mergedBy: merged ? account(fields.author ?? "alice") : null,
    mergeCommitSha: null,
  };
  // The representations read the pull request's state from its issue.
  infra.issues.set(fields.number, {
    id: pull.id,
    number: fields.number,
    title: pull.title,
    body: null,
    state: fields.state ?? (merged ? "closed" : "open"),
    stateReason: null,
    labelIds: [],
    assignees: [],
    user: pull.user,
    createdAt: TIMESTAMP,
    updatedAt: TIMESTAMP,
    closedAt: fields.state === "closed" || merged ? (fields.mergedAt ?? TIMESTAMP) : null,
    pullNumber: fields.number,
    subIssueIds: [],
    parentId: null,
  });
  return pull;
}

/** `pull-request` (`GET /pulls/{n}`), with no file statistics. */
export function pullJson(fields: PullFields): Json {
  const pull = pullOf(fields);
  return {
    ...pullRequestSimple(world, infra, pull),
    merged: pull.merged,
    mergeable: pull.merged ? null : true,
    rebaseable: pull.merged ? null : true,
    mergeable_state: pull.merged ? "unknown" : "clean",
    merged_by: pull.mergedBy === null ? null : simpleUser(pull.mergedBy),
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

/** `pull-request-simple`, as `GET /commits/{sha}/pulls` lists them. */
export function pullSimpleJson(fields: PullFields): Json {
  return pullRequestSimple(world, infra, pullOf(fields));
}

/** `integration`: the app, as `GET /app` answers its JWT. */
export function appJson(overrides: Json = {}): Json {
  if (world.app === null) throw new Error("no app");
  return { ...integration(world.app), ...overrides };
}

/** `installation` of the app on `owner`, as `GET /app/installations` lists it. */
export function installationJson(id: number, owner = OWNER): Json {
  if (world.app === null) throw new Error("no app");
  return installationJsonOf(world.app, {
    id,
    account: account(owner, "Organization"),
    repositories: [],
    repositorySelection: "selected",
    createdAt: TIMESTAMP,
  });
}

/** `installation-token`, as `POST /app/installations/{id}/access_tokens` answers (201). */
export function installationTokenJson(token = "ghs_test_installation_token"): Json {
  return {
    token,
    expires_at: "2099-01-01T00:00:00Z",
    permissions: { issues: "write", contents: "read", pull_requests: "write", checks: "write" },
    repository_selection: "all",
  };
}

export interface CheckRunFields {
  id: number;
  name: string;
  head_sha: string;
  external_id?: string | null;
  status?: string;
  conclusion?: string | null;
  output?: { title?: string | null; summary?: string | null; text?: string | null } | null;
}

/** `check-run` on acme/infra, created by the app. */
export function checkRunJson(fields: CheckRunFields): Json {
  const run: CheckRun = {
    id: fields.id,
    app: world.app,
    name: fields.name,
    headSha: fields.head_sha,
    status: (fields.status ?? "queued") as CheckRun["status"],
    conclusion: fields.conclusion ?? null,
    externalId: fields.external_id ?? null,
    detailsUrl: null,
    startedAt: TIMESTAMP,
    completedAt: fields.status === "completed" ? TIMESTAMP : null,
    output: {
      title: fields.output?.title ?? null,
      summary: fields.output?.summary ?? null,
      text: fields.output?.text ?? null,
      annotations: [],
    },
    actions: [],
  };
  return checkRunJsonOf(infra, run);
}

/** `repository-collaborator-permission` of `login` with `role` (admin … read). */
export function permissionJson(login: string, role: string): Json {
  const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
  return {
    permission,
    role_name: role,
    user: {
      ...userJson(login),
      permissions: {
        admin: role === "admin",
        maintain: role === "admin" || role === "maintain",
        push: permission === "admin" || permission === "write",
        triage: role !== "read",
        pull: true,
      },
      role_name: role,
    },
  };
}

/** GitHub's error body: `{message, documentation_url, status}`, plus `errors` on a 422. */
export function errorJson(status: number, message: string, extra: Json = {}): Json {
  return {
    message,
    documentation_url: "https://docs.github.com/rest",
    status: String(status),
    ...extra,
  };
}

/** GitHub's 422 for a refused field, e.g. `{resource: "Label", code: "already_exists", field: "name"}`. */
export function validationFailedJson(...errors: unknown[]): Json {
  return errorJson(422, "Validation Failed", { errors });
}
