/**
 * The JSON GitHub sends for each object, built from the local state. Field sets follow the
 * OpenAPI schemas (every response is validated against them), and URLs follow github.com's
 * scheme so that links the app renders look like the real ones.
 */
import {
  blobSha,
  fullName,
  type Account,
  type AppInfo,
  type CheckRun,
  type Comment,
  type Commit,
  type FileChange,
  type GitHubState,
  type Installation,
  type Issue,
  type Label,
  type PullRequest,
  type Reaction,
  type Repository,
} from "./state.js";

export const API = "https://api.github.com";
export const WEB = "https://github.com";

type Json = Record<string, unknown>;

function nodeId(kind: string, id: number): string {
  return Buffer.from(`0:${kind}${id}`).toString("base64").replace(/=+$/, "");
}

export function simpleUser(account: Account): Json {
  const url = `${API}/users/${encodeURIComponent(account.login)}`;
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type, account.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${WEB}/${encodeURIComponent(account.login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: account.type,
    user_view_type: "public",
    site_admin: false,
  };
}

/** `public-user`: what `GET /user` answers a personal token (without the `user` scope). */
export function publicUser(account: Account): Json {
  return {
    ...simpleUser(account),
    name: account.login,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: "2020-01-01T00:00:00Z",
    updated_at: "2020-01-01T00:00:00Z",
  };
}

const REPO_URL_FIELDS: [string, string][] = [
  ["archive_url", "/{archive_format}{/ref}"],
  ["assignees_url", "/assignees{/user}"],
  ["blobs_url", "/git/blobs{/sha}"],
  ["branches_url", "/branches{/branch}"],
  ["collaborators_url", "/collaborators{/collaborator}"],
  ["comments_url", "/comments{/number}"],
  ["commits_url", "/commits{/sha}"],
  ["compare_url", "/compare/{base}...{head}"],
  ["contents_url", "/contents/{+path}"],
  ["contributors_url", "/contributors"],
  ["deployments_url", "/deployments"],
  ["downloads_url", "/downloads"],
  ["events_url", "/events"],
  ["forks_url", "/forks"],
  ["git_commits_url", "/git/commits{/sha}"],
  ["git_refs_url", "/git/refs{/sha}"],
  ["git_tags_url", "/git/tags{/sha}"],
  ["hooks_url", "/hooks"],
  ["issue_comment_url", "/issues/comments{/number}"],
  ["issue_events_url", "/issues/events{/number}"],
  ["issues_url", "/issues{/number}"],
  ["keys_url", "/keys{/key_id}"],
  ["labels_url", "/labels{/name}"],
  ["languages_url", "/languages"],
  ["merges_url", "/merges"],
  ["milestones_url", "/milestones{/number}"],
  ["notifications_url", "/notifications{?since,all,participating}"],
  ["pulls_url", "/pulls{/number}"],
  ["releases_url", "/releases{/id}"],
  ["stargazers_url", "/stargazers"],
  ["statuses_url", "/statuses/{sha}"],
  ["subscribers_url", "/subscribers"],
  ["subscription_url", "/subscription"],
  ["tags_url", "/tags"],
  ["teams_url", "/teams"],
  ["trees_url", "/git/trees{/sha}"],
];

export function repoApiUrl(repo: Repository): string {
  return `${API}/repos/${fullName(repo)}`;
}

export function repoWebUrl(repo: Repository): string {
  return `${WEB}/${fullName(repo)}`;
}

/** The `repository` schema (nested in pull requests and installation listings). */
export function repository(repo: Repository): Json {
  const url = repoApiUrl(repo);
  const openIssues = [...repo.issues.values()].filter((i) => i.state === "open").length;
  const pushedAt = [...repo.commits.values()].reduce(
    (t, c) => (c.date > t ? c.date : t),
    repo.createdAt,
  );
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: fullName(repo),
    owner: simpleUser(repo.owner),
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    html_url: repoWebUrl(repo),
    description: null,
    fork: false,
    url,
    ...Object.fromEntries(REPO_URL_FIELDS.map(([field, suffix]) => [field, `${url}${suffix}`])),
    clone_url: `${repoWebUrl(repo)}.git`,
    git_url: `git://github.com/${fullName(repo)}.git`,
    ssh_url: `git@github.com:${fullName(repo)}.git`,
    svn_url: repoWebUrl(repo),
    mirror_url: null,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: openIssues,
    open_issues_count: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: pushedAt,
    created_at: repo.createdAt,
    updated_at: pushedAt,
    allow_forking: true,
    web_commit_signoff_required: false,
  };
}

/** `full-repository`, what `GET /repos/{owner}/{repo}` answers. */
export function fullRepository(repo: Repository): Json {
  return {
    ...repository(repo),
    network_count: 0,
    subscribers_count: 0,
    permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
  };
}

export function label(repo: Repository, l: Label): Json {
  return {
    id: l.id,
    node_id: nodeId("Label", l.id),
    url: `${repoApiUrl(repo)}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    description: l.description,
    color: l.color,
    default: false,
  };
}

export function issue(state: GitHubState, repo: Repository, i: Issue): Json {
  const url = `${repoApiUrl(repo)}/issues/${i.number}`;
  const labels = i.labelIds.flatMap((id) => {
    const l = repo.labels.get(id);
    return l === undefined ? [] : [label(repo, l)];
  });
  const comments = [...repo.comments.values()].filter((c) => c.issueNumber === i.number).length;
  const pull = i.pullNumber === null ? undefined : repo.pulls.get(i.pullNumber);
  const subIssues = i.subIssueIds.flatMap((id) =>
    [...repo.issues.values()].filter((s) => s.id === id),
  );
  const completed = subIssues.filter((s) => s.state === "closed").length;
  return {
    id: i.id,
    node_id: nodeId(i.pullNumber === null ? "Issue" : "PullRequest", i.id),
    url,
    repository_url: repoApiUrl(repo),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${repoWebUrl(repo)}/${i.pullNumber === null ? "issues" : "pull"}/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: simpleUser(i.user),
    labels,
    assignee: i.assignees[0] === undefined ? null : simpleUser(i.assignees[0]),
    assignees: i.assignees.map(simpleUser),
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments,
    ...(pull === undefined
      ? {}
      : {
          pull_request: {
            url: `${repoApiUrl(repo)}/pulls/${pull.number}`,
            html_url: `${repoWebUrl(repo)}/pull/${pull.number}`,
            diff_url: `${repoWebUrl(repo)}/pull/${pull.number}.diff`,
            patch_url: `${repoWebUrl(repo)}/pull/${pull.number}.patch`,
            merged_at: pull.mergedAt,
          },
          draft: false,
        }),
    closed_at: i.closedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_by: null,
    author_association: authorAssociation(state, repo, i.user),
    sub_issues_summary: {
      total: subIssues.length,
      completed,
      percent_completed:
        subIssues.length === 0 ? 0 : Math.floor((completed * 100) / subIssues.length),
    },
    reactions: reactionRollup(`${url}/reactions`, []),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
  };
}

function authorAssociation(state: GitHubState, repo: Repository, user: Account): string {
  if (user.login.toLowerCase() === repo.owner.login.toLowerCase()) return "OWNER";
  if (state.roleOf(repo, user.login) !== null) return "COLLABORATOR";
  return "NONE";
}

function reactionRollup(url: string, reactions: Reaction[]): Json {
  const count = (content: string) => reactions.filter((r) => r.content === content).length;
  return {
    url,
    total_count: reactions.length,
    "+1": count("+1"),
    "-1": count("-1"),
    laugh: count("laugh"),
    confused: count("confused"),
    heart: count("heart"),
    hooray: count("hooray"),
    eyes: count("eyes"),
    rocket: count("rocket"),
  };
}

export function comment(state: GitHubState, repo: Repository, c: Comment): Json {
  const url = `${repoApiUrl(repo)}/issues/comments/${c.id}`;
  const onPull = repo.issues.get(c.issueNumber)?.pullNumber != null;
  return {
    id: c.id,
    node_id: nodeId("IssueComment", c.id),
    url,
    html_url: `${repoWebUrl(repo)}/${onPull ? "pull" : "issues"}/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: simpleUser(c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${repoApiUrl(repo)}/issues/${c.issueNumber}`,
    author_association: authorAssociation(state, repo, c.user),
    performed_via_github_app: null,
    reactions: reactionRollup(`${url}/reactions`, c.reactions),
  };
}

export function reaction(r: Reaction): Json {
  return {
    id: r.id,
    node_id: nodeId("Reaction", r.id),
    user: simpleUser(r.user),
    content: r.content,
    created_at: r.createdAt,
  };
}

function gitUser(account: Account, date: string): Json {
  return {
    name: account.login,
    email: `${account.id}+${account.login}@users.noreply.github.com`,
    date,
  };
}

export function commit(repo: Repository, c: Commit): Json {
  const url = `${repoApiUrl(repo)}/commits/${c.sha}`;
  return {
    url,
    sha: c.sha,
    node_id: nodeId("Commit", parseInt(c.sha.slice(0, 8), 16)),
    html_url: `${repoWebUrl(repo)}/commit/${c.sha}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${repoApiUrl(repo)}/git/commits/${c.sha}`,
      author: gitUser(c.author, c.date),
      committer: gitUser(c.author, c.date),
      message: c.message,
      comment_count: 0,
      tree: { sha: treeSha(c), url: `${repoApiUrl(repo)}/git/trees/${treeSha(c)}` },
      verification: {
        verified: false,
        reason: "unsigned",
        payload: null,
        signature: null,
        verified_at: null,
      },
    },
    author: simpleUser(c.author),
    committer: simpleUser(c.author),
    parents: c.parents.map((sha) => ({
      sha,
      url: `${repoApiUrl(repo)}/commits/${sha}`,
      html_url: `${repoWebUrl(repo)}/commit/${sha}`,
    })),
  };
}

export function treeSha(c: Commit): string {
  return blobSha(
    JSON.stringify([...c.files.keys()].sort().map((p) => [p, blobSha(c.files.get(p) ?? "")])),
  );
}

export function diffEntry(repo: Repository, headSha: string, change: FileChange): Json {
  const content = change.after ?? change.before ?? "";
  const lines = (text: string | null) =>
    text === null || text === "" ? 0 : text.replace(/\n$/, "").split("\n").length;
  const additions = change.status === "removed" ? 0 : lines(change.after);
  const deletions = change.status === "added" ? 0 : lines(change.before);
  const path = change.path.split("/").map(encodeURIComponent).join("/");
  return {
    sha: blobSha(content),
    filename: change.path,
    status: change.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${repoWebUrl(repo)}/blob/${headSha}/${path}`,
    raw_url: `${repoWebUrl(repo)}/raw/${headSha}/${path}`,
    contents_url: `${repoApiUrl(repo)}/contents/${path}?ref=${headSha}`,
  };
}

export function contentFile(repo: Repository, ref: string, path: string, content: string): Json {
  const sha = blobSha(content);
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const url = `${repoApiUrl(repo)}/contents/${encoded}?ref=${encodeURIComponent(ref)}`;
  const html = `${repoWebUrl(repo)}/blob/${ref}/${encoded}`;
  const git = `${repoApiUrl(repo)}/git/blobs/${sha}`;
  return {
    type: "file",
    encoding: "base64",
    size: Buffer.byteLength(content, "utf8"),
    name: path.split("/").pop() ?? path,
    path,
    content: Buffer.from(content, "utf8").toString("base64"),
    sha,
    url,
    git_url: git,
    html_url: html,
    download_url: `https://raw.githubusercontent.com/${fullName(repo)}/${ref}/${encoded}`,
    _links: { self: url, git, html },
  };
}

export function contentDirectoryEntry(
  repo: Repository,
  ref: string,
  path: string,
  type: "file" | "dir",
  content: string,
): Json {
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const sha = blobSha(type === "file" ? content : path);
  const url = `${repoApiUrl(repo)}/contents/${encoded}?ref=${encodeURIComponent(ref)}`;
  const html = `${repoWebUrl(repo)}/${type === "file" ? "blob" : "tree"}/${ref}/${encoded}`;
  const git = `${repoApiUrl(repo)}/git/${type === "file" ? "blobs" : "trees"}/${sha}`;
  return {
    type,
    size: type === "file" ? Buffer.byteLength(content, "utf8") : 0,
    name: path.split("/").pop() ?? path,
    path,
    sha,
    url,
    git_url: git,
    html_url: html,
    download_url:
      type === "file"
        ? `https://raw.githubusercontent.com/${fullName(repo)}/${ref}/${encoded}`
        : null,
    _links: { self: url, git, html },
  };
}

function pullBranch(repo: Repository, ref: string, sha: string): Json {
  return {
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: simpleUser(repo.owner),
    repo: repository(repo),
  };
}

/** `pull-request-simple` (lists); `pullRequest` adds the detail fields of `GET pulls/{n}`. */
export function pullRequestSimple(state: GitHubState, repo: Repository, p: PullRequest): Json {
  const url = `${repoApiUrl(repo)}/pulls/${p.number}`;
  const html = `${repoWebUrl(repo)}/pull/${p.number}`;
  const i = repo.issues.get(p.number);
  const issueUrl = `${repoApiUrl(repo)}/issues/${p.number}`;
  return {
    url,
    id: p.id,
    node_id: nodeId("PullRequest", p.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoApiUrl(repo)}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${repoApiUrl(repo)}/statuses/${p.head.sha}`,
    number: p.number,
    state: i?.state ?? "open",
    locked: false,
    title: p.title,
    user: simpleUser(p.user),
    body: p.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: i?.createdAt ?? state.nowIso(),
    updated_at: i?.updatedAt ?? state.nowIso(),
    closed_at: i?.closedAt ?? null,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: pullBranch(repo, p.head.ref, p.head.sha),
    base: pullBranch(repo, p.base.ref, p.base.sha),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoApiUrl(repo)}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoApiUrl(repo)}/statuses/${p.head.sha}` },
    },
    author_association: authorAssociation(state, repo, p.user),
    auto_merge: null,
    draft: false,
  };
}

export function pullRequest(state: GitHubState, repo: Repository, p: PullRequest): Json {
  const files = state.pullFiles(repo, p).map((c) => diffEntry(repo, p.head.sha, c));
  const sum = (field: string) => files.reduce((n, f) => n + Number(f[field]), 0);
  return {
    ...pullRequestSimple(state, repo, p),
    merged: p.merged,
    mergeable: p.merged ? null : true,
    rebaseable: p.merged ? null : true,
    mergeable_state: p.merged ? "unknown" : "clean",
    merged_by: p.mergedBy === null ? null : simpleUser(p.mergedBy),
    comments: [...repo.comments.values()].filter((c) => c.issueNumber === p.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: sum("additions"),
    deletions: sum("deletions"),
    changed_files: files.length,
  };
}

export function integration(app: AppInfo): Json {
  return {
    id: app.id,
    slug: app.slug,
    client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
    node_id: nodeId("App", app.id),
    owner: simpleUser(app.owner),
    name: app.name,
    description: "A local stand-in for the app's registration on GitHub.",
    external_url: "https://example.invalid/",
    html_url: `${WEB}/apps/${app.slug}`,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    permissions: APP_PERMISSIONS,
    events: APP_EVENTS,
    installations_count: 1,
  };
}

/** The permissions the app's manifest (app.yml) asks for. */
export const APP_PERMISSIONS = {
  metadata: "read",
  contents: "read",
  issues: "write",
  pull_requests: "write",
  checks: "write",
};

export const APP_EVENTS = ["pull_request", "push", "issues", "issue_comment", "check_run"];

export function installation(app: AppInfo, inst: Installation): Json {
  return {
    id: inst.id,
    account: simpleUser(inst.account),
    repository_selection: inst.repositorySelection,
    access_tokens_url: `${API}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${API}/installation/repositories`,
    html_url: `${WEB}/organizations/${inst.account.login}/settings/installations/${inst.id}`,
    app_id: app.id,
    client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
    app_slug: app.slug,
    target_id: inst.account.id,
    target_type: inst.account.type,
    permissions: APP_PERMISSIONS,
    events: APP_EVENTS,
    created_at: inst.createdAt,
    updated_at: inst.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

export function checkRun(repo: Repository, run: CheckRun): Json {
  const app = run.app;
  const url = `${repoApiUrl(repo)}/check-runs/${run.id}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CheckRun", run.id),
    external_id: run.externalId,
    url,
    html_url: `${repoWebUrl(repo)}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.id + 1 },
    app: app === null ? null : integration(app),
    pull_requests: [...repo.pulls.values()]
      .filter((p) => p.head.sha === run.headSha)
      .map((p) => ({
        id: p.id,
        number: p.number,
        url: `${repoApiUrl(repo)}/pulls/${p.number}`,
        head: {
          ref: p.head.ref,
          sha: p.head.sha,
          repo: { id: repo.id, url: repoApiUrl(repo), name: repo.name },
        },
        base: {
          ref: p.base.ref,
          sha: p.base.sha,
          repo: { id: repo.id, url: repoApiUrl(repo), name: repo.name },
        },
      })),
  };
}
