import { repoParams, type GitHubClient, type RepoRef } from "./client.js";
import { hasStatus, NotAFileError } from "./errors.js";
import {
  associatedPullSchema,
  branchSchema,
  commitSchema,
  contentEntrySchema,
  parseResponse,
  pullFileSchema,
  repositorySchema,
  treeSchema,
} from "./response-schemas.js";

/** One file a pull request touches; `previousPath` is set for renames. */
export interface PullFile {
  path: string;
  /** "added", "modified", "removed", "renamed", "copied", "changed" or "unchanged". */
  status: string;
  previousPath: string | null;
}

/** Every blob path of a tree; `truncated` means GitHub stopped early (over 100,000 entries or 7 MB). */
export interface TreePaths {
  paths: string[];
  truncated: boolean;
}

/** Reads a file's text at `ref` (raw media type: the JSON form stops at 1 MB); null if absent. */
export async function getFileText(
  client: GitHubClient,
  repo: RepoRef,
  path: string,
  ref: string,
): Promise<string | null> {
  let data: unknown;
  try {
    ({ data } = await client.rest.repos.getContent({
      ...repoParams(repo),
      path,
      ref,
      mediaType: { format: "raw" },
    }));
  } catch (error) {
    if (hasStatus(error, 404)) return null;
    throw error;
  }
  if (typeof data === "string") return data;
  // Octokit decodes a body as text only for text/* or charset=utf-8 content types; otherwise it
  // hands back the bytes. File contents are UTF-8 (Markdown), so decode them ourselves.
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  // The raw media type does not apply to directories and submodules: GitHub answers with JSON.
  if (Array.isArray(data)) throw new NotAFileError(path, "dir");
  throw new NotAFileError(path, parseResponse(contentEntrySchema, data, "GET contents").type);
}

/** Lists the files a pull request changed (GitHub caps this at 3,000). */
export async function listPullFiles(
  client: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
): Promise<PullFile[]> {
  const files = await client.paginate(client.rest.pulls.listFiles, {
    ...repoParams(repo),
    pull_number: pullNumber,
    per_page: 100,
  });
  return files.map((file) => {
    const parsed = parseResponse(pullFileSchema, file, "GET pulls/{n}/files");
    return {
      path: parsed.filename,
      status: parsed.status,
      previousPath: parsed.previous_filename ?? null,
    };
  });
}

/** A pull request merged into the default branch: its number, author and when it was merged. */
export interface MergedPull {
  number: number;
  author: string | null;
  mergedAt: string;
}

/**
 * A merged pull request that brought a commit into `branch`, if any: for pushes of merges, and
 * for `sync`, which gives items the owner the merge would (the pull request's author).
 */
export async function findMergedPullForCommit(
  client: GitHubClient,
  repo: RepoRef,
  sha: string,
  branch: string,
): Promise<MergedPull | null> {
  const { data } = await client.rest.repos.listPullRequestsAssociatedWithCommit({
    ...repoParams(repo),
    commit_sha: sha,
    per_page: 10,
  });
  for (const raw of data) {
    const pull = parseResponse(associatedPullSchema, raw, "GET commits/{sha}/pulls");
    if (pull.merged_at !== null && pull.base.ref === branch)
      return { number: pull.number, author: pull.user?.login ?? null, mergedAt: pull.merged_at };
  }
  return null;
}

/** Reads the repository's default branch name. */
export async function getDefaultBranch(client: GitHubClient, repo: RepoRef): Promise<string> {
  const { data } = await client.rest.repos.get(repoParams(repo));
  return parseResponse(repositorySchema, data, "GET /repos/{o}/{r}").default_branch;
}

/** Lists every file (blob) path at `ref` in one recursive tree request. */
export async function listTreePaths(
  client: GitHubClient,
  repo: RepoRef,
  ref: string,
): Promise<TreePaths> {
  const { data } = await client.rest.git.getTree({
    ...repoParams(repo),
    tree_sha: ref,
    recursive: "1",
  });
  const tree = parseResponse(treeSchema, data, "GET git/trees");
  return {
    paths: tree.tree.filter((entry) => entry.type === "blob").map((entry) => entry.path),
    truncated: tree.truncated,
  };
}

/**
 * The last commit that changed `path` on `ref`: its sha and committer date (ISO 8601); null if
 * the path was never committed.
 */
export async function getLastCommit(
  client: GitHubClient,
  repo: RepoRef,
  path: string,
  ref: string,
): Promise<{ sha: string; date: string | null } | null> {
  const { data } = await client.rest.repos.listCommits({
    ...repoParams(repo),
    path,
    sha: ref,
    per_page: 1,
  });
  const [latest] = data;
  if (latest === undefined) return null;
  const { sha, commit } = parseResponse(commitSchema, latest, "GET commits");
  // The committer date is when the change landed on the branch; the author date can be older.
  return { sha, date: commit.committer?.date ?? commit.author?.date ?? null };
}

/** The commit a branch points at. */
export async function getBranchHead(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
): Promise<string> {
  const { data } = await client.rest.repos.getBranch({ ...repoParams(repo), branch });
  return parseResponse(branchSchema, data, "GET branches/{branch}").commit.sha;
}

/** Where a config read looked, as @probot/octokit-plugin-config reports it (`files`). */
export interface ConfigSource {
  owner: string;
  repo: string;
  path: string;
  /** False for a 404. */
  found: boolean;
}

/** {@link readRepoConfig}'s answer and the files it was read from, in the order read. */
export interface RepoConfigRead {
  config: Record<string, unknown> | null;
  sources: ConfigSource[];
}

/**
 * The repository's config at `path` (e.g. `.github/postmortem-tracker.yml`) as Probot reads it
 * (`_extends`, the owner's `.github` repository), for jobs that run outside a webhook. Null when
 * there is no file.
 */
export async function readRepoConfig(
  client: GitHubClient,
  repo: RepoRef,
  path: string,
): Promise<Record<string, unknown> | null> {
  return (await readRepoConfigSources(client, repo, path)).config;
}

/** {@link readRepoConfig}, with the files it was read from (for caching it: config-cache.ts). */
export async function readRepoConfigSources(
  client: GitHubClient,
  repo: RepoRef,
  path: string,
): Promise<RepoConfigRead> {
  const { config, files } = await client.config.get({ ...repoParams(repo), path });
  return {
    config: files.length === 0 || files.every((f) => f.config === null) ? null : config,
    sources: files.map((f) => ({
      owner: f.owner,
      repo: f.repo,
      path: f.path,
      found: f.config !== null,
    })),
  };
}
