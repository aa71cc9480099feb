/**
 * The local GitHub's world: accounts, the app and its installations, and repositories with
 * branches, commits, files, pull requests, issues, comments, labels, check runs and
 * collaborators. Plain data plus the git-like operations a scenario needs (commit, open a pull
 * request, merge it); the HTTP routes read and change it, and tests inspect it directly.
 */
import { createHash } from "node:crypto";

export type Role = "admin" | "maintain" | "write" | "triage" | "read";

export interface Account {
  id: number;
  login: string;
  type: "User" | "Organization" | "Bot";
}

export interface Commit {
  sha: string;
  parents: string[];
  message: string;
  author: Account;
  date: string;
  /** Every file at this commit: path → UTF-8 content. */
  files: ReadonlyMap<string, string>;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
  /** Whether GitHub made it on the fly because an issue named it (grey, no description). */
  autoCreated: boolean;
}

export interface Reaction {
  id: number;
  content: string;
  user: Account;
  createdAt: string;
}

export interface Comment {
  id: number;
  issueNumber: number;
  body: string;
  user: Account;
  createdAt: string;
  updatedAt: string;
  reactions: Reaction[];
}

export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | "duplicate" | null;
  /** Label ids; a label deleted from the repository disappears from every issue. */
  labelIds: number[];
  assignees: Account[];
  user: Account;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Set when this issue number is a pull request (GitHub numbers both from one sequence). */
  pullNumber: number | null;
  subIssueIds: number[];
  parentId: number | null;
}

export interface PullRequest {
  number: number;
  id: number;
  user: Account;
  title: string;
  body: string | null;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  /** The base commit the branch started from; files are the diff from it to the head. */
  forkPoint: string;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: Account | null;
  mergeCommitSha: string | null;
}

export interface CheckRun {
  id: number;
  /** The app that created it: this app, or GitHub Actions for a workflow's token. */
  app: AppInfo | null;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  startedAt: string;
  completedAt: string | null;
  output: {
    title: string | null;
    summary: string | null;
    text: string | null;
    annotations: Record<string, unknown>[];
  };
  actions: Record<string, unknown>[];
}

export interface Repository {
  id: number;
  owner: Account;
  name: string;
  defaultBranch: string;
  private: boolean;
  createdAt: string;
  branches: Map<string, string>;
  commits: Map<string, Commit>;
  pulls: Map<number, PullRequest>;
  issues: Map<number, Issue>;
  comments: Map<number, Comment>;
  labels: Map<number, Label>;
  checkRuns: Map<number, CheckRun>;
  /** Lower-cased login → role. The owner is admin without being listed. */
  collaborators: Map<string, { account: Account; role: Role }>;
  nextNumber: number;
  installationId: number | null;
}

export interface Installation {
  id: number;
  account: Account;
  repositories: Repository[];
  /** "all" when the app was installed on every repository of the account; "selected" otherwise. */
  repositorySelection: "all" | "selected";
  createdAt: string;
}

export interface AppInfo {
  id: number;
  slug: string;
  name: string;
  owner: Account;
  bot: Account;
  /** PEM public key that verifies the app's JWTs. */
  publicKey: string;
}

/** The login and id of the account a workflow's `GITHUB_TOKEN` acts as, as on github.com. */
export const ACTIONS_BOT = { id: 41898282, login: "github-actions[bot]", type: "Bot" } as const;

/** Roles that give push access: what GitHub asks before it takes labels, assignees and more. */
export const PUSH_ROLES: ReadonlySet<Role> = new Set(["admin", "maintain", "write"]);

/** The clock the local GitHub stamps times with; tests move it forward. */
export interface Clock {
  now(): Date;
}

export class GitHubState {
  readonly accounts = new Map<string, Account>();
  readonly repositories = new Map<string, Repository>();
  readonly installations = new Map<number, Installation>();
  app: AppInfo | null = null;
  /** The GitHub Actions app, whose installation tokens are workflows' `GITHUB_TOKEN`s. */
  readonly actionsApp: AppInfo;
  readonly clock: Clock;
  #nextId = 1000;

  constructor(clock: Clock) {
    this.clock = clock;
    const bot: Account = { ...ACTIONS_BOT };
    this.accounts.set(bot.login, bot);
    this.actionsApp = {
      id: 15368,
      slug: "github-actions",
      name: "GitHub Actions",
      owner: { id: 9919, login: "github", type: "Organization" },
      bot,
      publicKey: "",
    };
  }

  nextId(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  nowIso(): string {
    return this.clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z");
  }

  /** The account with this login, made on first use (a user unless `type` says otherwise). */
  account(login: string, type: Account["type"] = "User"): Account {
    const key = login.toLowerCase();
    let account = this.accounts.get(key);
    if (account === undefined) {
      account = { id: this.nextId(), login, type };
      this.accounts.set(key, account);
    }
    return account;
  }

  repository(owner: string, name: string): Repository | undefined {
    return this.repositories.get(`${owner}/${name}`.toLowerCase());
  }

  /** Creates a repository whose default branch holds `files` in one initial commit. */
  createRepository(options: {
    owner: string;
    name: string;
    ownerType?: Account["type"];
    defaultBranch?: string;
    files?: Record<string, string>;
    private?: boolean;
  }): Repository {
    const owner = this.account(options.owner, options.ownerType ?? "Organization");
    const repo: Repository = {
      id: this.nextId(),
      owner,
      name: options.name,
      defaultBranch: options.defaultBranch ?? "main",
      private: options.private ?? false,
      createdAt: this.nowIso(),
      branches: new Map(),
      commits: new Map(),
      pulls: new Map(),
      issues: new Map(),
      comments: new Map(),
      labels: new Map(),
      checkRuns: new Map(),
      collaborators: new Map(),
      nextNumber: 1,
      installationId: null,
    };
    this.repositories.set(`${owner.login}/${repo.name}`.toLowerCase(), repo);
    const root = this.#commit(repo, [], new Map(Object.entries(options.files ?? {})), {
      message: "Initial commit",
      author: owner,
    });
    repo.branches.set(repo.defaultBranch, root.sha);
    return repo;
  }

  addCollaborator(repo: Repository, login: string, role: Role): Account {
    const account = this.account(login);
    repo.collaborators.set(login.toLowerCase(), { account, role });
    return account;
  }

  /** Whether `login` has push access (write, maintain or admin) to `repo`. */
  canPush(repo: Repository, login: string): boolean {
    const role = this.roleOf(repo, login);
    return role !== null && PUSH_ROLES.has(role);
  }

  /** The role `login` holds on `repo`, or null when it has none (outsiders cannot be assigned). */
  roleOf(repo: Repository, login: string): Role | null {
    if (login.toLowerCase() === repo.owner.login.toLowerCase()) return "admin";
    return repo.collaborators.get(login.toLowerCase())?.role ?? null;
  }

  installApp(
    account: string,
    repos: Repository[],
    options: { repositorySelection?: "all" | "selected" } = {},
  ): Installation {
    const installation: Installation = {
      id: this.nextId(),
      account: this.account(account, "Organization"),
      repositories: repos,
      repositorySelection: options.repositorySelection ?? "selected",
      createdAt: this.nowIso(),
    };
    for (const repo of repos) repo.installationId = installation.id;
    this.installations.set(installation.id, installation);
    return installation;
  }

  /** Commits `changes` (path → content, null deletes) on top of `branch` and moves it. */
  commitToBranch(
    repo: Repository,
    branch: string,
    changes: Record<string, string | null>,
    options: { message: string; author: Account },
  ): Commit {
    const parentSha = repo.branches.get(branch);
    const parent = parentSha === undefined ? undefined : repo.commits.get(parentSha);
    if (parent === undefined) throw new Error(`No branch ${branch} in ${fullName(repo)}`);
    const files = applyChanges(parent.files, changes);
    const commit = this.#commit(repo, [parent.sha], files, options);
    repo.branches.set(branch, commit.sha);
    return commit;
  }

  /** Opens a pull request from a new branch holding `changes` on top of the base branch. */
  openPullRequest(
    repo: Repository,
    options: {
      author: string;
      title: string;
      body?: string;
      branch: string;
      changes: Record<string, string | null>;
      base?: string;
    },
  ): PullRequest {
    const author = this.account(options.author);
    const base = options.base ?? repo.defaultBranch;
    const baseSha = repo.branches.get(base);
    if (baseSha === undefined) throw new Error(`No branch ${base} in ${fullName(repo)}`);
    repo.branches.set(options.branch, baseSha);
    const head = this.commitToBranch(repo, options.branch, options.changes, {
      message: options.title,
      author,
    });
    const number = repo.nextNumber++;
    const now = this.nowIso();
    const pull: PullRequest = {
      number,
      id: this.nextId(),
      user: author,
      title: options.title,
      body: options.body ?? null,
      head: { ref: options.branch, sha: head.sha },
      base: { ref: base, sha: baseSha },
      forkPoint: baseSha,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
    };
    repo.pulls.set(number, pull);
    repo.issues.set(number, {
      id: this.nextId(),
      number,
      title: options.title,
      body: options.body ?? null,
      state: "open",
      stateReason: null,
      labelIds: [],
      assignees: [],
      user: author,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      pullNumber: number,
      subIssueIds: [],
      parentId: null,
    });
    return pull;
  }

  /**
   * Merges a pull request into its base: "merge" makes a two-parent merge commit, "squash" one
   * commit with the pull request's changes. Returns the commit the base branch now points at.
   */
  mergePullRequest(
    repo: Repository,
    number: number,
    options: { by: string; method?: "merge" | "squash" },
  ): Commit {
    const pull = repo.pulls.get(number);
    if (pull === undefined || pull.merged) throw new Error(`PR #${number} is not open`);
    const by = this.account(options.by);
    const baseSha = repo.branches.get(pull.base.ref) ?? pull.base.sha;
    const base = repo.commits.get(baseSha);
    const head = repo.commits.get(pull.head.sha);
    const forkPoint = repo.commits.get(pull.forkPoint);
    if (base === undefined || head === undefined || forkPoint === undefined)
      throw new Error(`PR #${number} has lost its commits`);
    const changes = diffFiles(forkPoint.files, head.files);
    const files = applyChanges(
      base.files,
      Object.fromEntries(changes.map((c) => [c.path, c.after])),
    );
    const parents = options.method === "squash" ? [base.sha] : [base.sha, head.sha];
    const message =
      options.method === "squash"
        ? `${pull.title} (#${number})`
        : `Merge pull request #${number} from ${pull.head.ref}`;
    const commit = this.#commit(repo, parents, files, { message, author: by });
    repo.branches.set(pull.base.ref, commit.sha);
    const now = this.nowIso();
    Object.assign(pull, {
      merged: true,
      mergedAt: now,
      mergedBy: by,
      mergeCommitSha: commit.sha,
      base: { ref: pull.base.ref, sha: baseSha },
    });
    const issue = repo.issues.get(number);
    if (issue !== undefined)
      Object.assign(issue, { state: "closed", closedAt: now, updatedAt: now });
    return commit;
  }

  /**
   * Opens an issue: a person in a test, or whoever a token acts as through the API (the route
   * decides what labels and assignees survive).
   */
  createIssue(
    repo: Repository,
    options: {
      author: string | Account;
      title: string;
      body?: string | null;
      labelIds?: number[];
      assignees?: Account[];
    },
  ): Issue {
    const now = this.nowIso();
    const created: Issue = {
      id: this.nextId(),
      number: repo.nextNumber++,
      title: options.title,
      body: options.body ?? null,
      state: "open",
      stateReason: null,
      labelIds: options.labelIds ?? [],
      assignees: options.assignees ?? [],
      user: this.#author(options.author),
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      pullNumber: null,
      subIssueIds: [],
      parentId: null,
    };
    repo.issues.set(created.number, created);
    return created;
  }

  /** A comment on an issue or pull request, by a person (say, a slash command) or a token's actor. */
  addComment(
    repo: Repository,
    issueNumber: number,
    author: string | Account,
    body: string,
  ): Comment {
    const parent = repo.issues.get(issueNumber);
    if (parent === undefined) throw new Error(`No issue #${issueNumber}`);
    const now = this.nowIso();
    // As on GitHub, a new comment makes its issue "updated" (what `since` and sort=updated use).
    parent.updatedAt = now;
    const created: Comment = {
      id: this.nextId(),
      issueNumber,
      body,
      user: this.#author(author),
      createdAt: now,
      updatedAt: now,
      reactions: [],
    };
    repo.comments.set(created.id, created);
    return created;
  }

  #author(author: string | Account): Account {
    return typeof author === "string" ? this.account(author) : author;
  }

  /** The files a pull request changes, as GitHub lists them. */
  pullFiles(repo: Repository, pull: PullRequest): FileChange[] {
    const from = repo.commits.get(pull.forkPoint);
    const to = repo.commits.get(pull.head.sha);
    if (from === undefined || to === undefined) return [];
    return diffFiles(from.files, to.files);
  }

  /** The commits reachable from `to` but not from `from` (`git log from..to`), oldest first. */
  commitsBetween(repo: Repository, from: string, to: string): Commit[] {
    const old = reachableCommits(repo, from);
    return [...reachableCommits(repo, to)]
      .filter((sha) => !old.has(sha))
      .flatMap((sha) => repo.commits.get(sha) ?? [])
      .sort((a, b) =>
        a.date === b.date ? a.parents.length - b.parents.length : a.date < b.date ? -1 : 1,
      );
  }

  /** Resolves a branch name or a (full) commit sha. */
  resolveRef(repo: Repository, ref: string): Commit | undefined {
    const name = ref.replace(/^refs\/heads\//, "");
    const sha = repo.branches.get(name) ?? ref;
    return repo.commits.get(sha);
  }

  /** Finds a label by name, case-insensitively, as GitHub does. */
  findLabel(repo: Repository, name: string): Label | undefined {
    const key = name.toLowerCase();
    return [...repo.labels.values()].find((l) => l.name.toLowerCase() === key);
  }

  #commit(
    repo: Repository,
    parents: string[],
    files: ReadonlyMap<string, string>,
    options: { message: string; author: Account },
  ): Commit {
    const date = this.nowIso();
    const sha = createHash("sha1")
      .update(JSON.stringify([parents, [...files], options.message, date, repo.commits.size]))
      .digest("hex");
    const commit: Commit = {
      sha,
      parents,
      message: options.message,
      author: options.author,
      date,
      files,
    };
    repo.commits.set(sha, commit);
    return commit;
  }
}

export interface FileChange {
  path: string;
  status: "added" | "modified" | "removed";
  before: string | null;
  after: string | null;
}

export function diffFiles(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): FileChange[] {
  const changes: FileChange[] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(path) ?? null;
    const b = after.get(path) ?? null;
    if (a === b) continue;
    changes.push({
      path,
      status: a === null ? "added" : b === null ? "removed" : "modified",
      before: a,
      after: b,
    });
  }
  return changes;
}

function applyChanges(
  files: ReadonlyMap<string, string>,
  changes: Record<string, string | null>,
): Map<string, string> {
  const next = new Map(files);
  for (const [path, content] of Object.entries(changes)) {
    if (content === null) next.delete(path);
    else next.set(path, content);
  }
  return next;
}

export function fullName(repo: Repository): string {
  return `${repo.owner.login}/${repo.name}`;
}

/** Git's blob id of a file's content. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest("hex");
}

/** Every commit reachable from `start` (`git rev-list start`). */
export function reachableCommits(repo: Repository, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const sha = stack.pop() ?? "";
    const c = repo.commits.get(sha);
    if (c === undefined || seen.has(sha)) continue;
    seen.add(sha);
    stack.push(...c.parents);
  }
  return seen;
}
