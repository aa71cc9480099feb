/** Repositories: metadata, branches, contents at a ref, trees, commits, pulls, permissions. */
import {
  commit,
  contentDirectoryEntry,
  contentFile,
  diffEntry,
  fullRepository,
  pullRequest,
  pullRequestSimple,
  repoApiUrl,
  repoWebUrl,
  simpleUser,
  treeSha,
} from "../representations.js";
import { HttpError, notFound, ok, paginate, type Route, type RouteContext } from "../route.js";
import { blobSha, reachableCommits, type Commit, type Repository } from "../state.js";

function commitAt(ctx: RouteContext, repo: Repository, ref: string): Commit {
  const found = ctx.state.resolveRef(repo, ref);
  if (found === undefined)
    throw new HttpError(404, { message: `No commit found for the ref ${ref}` });
  return found;
}

/** GitHub's raw media types answer with the file's bytes instead of JSON. */
function wantsRaw(ctx: RouteContext): boolean {
  return /application\/vnd\.github(?:\.v3)?\.raw/.test(ctx.headers.accept ?? "");
}

/** Commits reachable from `start`, newest first (GitHub's default order). */
function history(repo: Repository, start: Commit): Commit[] {
  const seen = new Set<string>();
  const out: Commit[] = [];
  const queue = [start];
  while (queue.length > 0) {
    const c = queue.shift();
    if (c === undefined || seen.has(c.sha)) continue;
    seen.add(c.sha);
    out.push(c);
    for (const p of c.parents) {
      const parent = repo.commits.get(p);
      if (parent !== undefined) queue.push(parent);
    }
  }
  return out.sort((a, b) => (a.date === b.date ? 0 : a.date < b.date ? 1 : -1));
}

export const repoRoutes: Route[] = [
  {
    operation: "GET /repos/{owner}/{repo}",
    auth: "token",
    handle: (ctx) => ok(fullRepository(ctx.repo())),
  },
  {
    operation: "GET /repos/{owner}/{repo}/branches/{branch}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const name = ctx.params.branch ?? "";
      const sha = repo.branches.get(name);
      const head = sha === undefined ? undefined : repo.commits.get(sha);
      if (head === undefined) throw new HttpError(404, { message: "Branch not found" });
      return ok({
        name,
        commit: commit(repo, head),
        _links: {
          html: `${repoWebUrl(repo)}/tree/${name}`,
          self: `${repoApiUrl(repo)}/branches/${encodeURIComponent(name)}`,
        },
        protected: false,
        protection: {
          enabled: false,
          required_status_checks: { enforcement_level: "off", contexts: [], checks: [] },
        },
        protection_url: `${repoApiUrl(repo)}/branches/${encodeURIComponent(name)}/protection`,
      });
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/contents/{path}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const ref = ctx.query.get("ref") ?? repo.defaultBranch;
      const at = commitAt(ctx, repo, ref);
      const path = (ctx.params.path ?? "").replace(/\/+$/, "");
      const content = at.files.get(path);
      if (content !== undefined) {
        if (wantsRaw(ctx)) {
          return {
            status: 200,
            text: content,
            headers: { "content-type": "text/plain; charset=utf-8" },
          };
        }
        return ok(contentFile(repo, ref, path, content));
      }
      // A directory: its direct children, files and sub-directories.
      const prefix = `${path}/`;
      const children = new Map<string, "file" | "dir">();
      for (const file of at.files.keys()) {
        if (!file.startsWith(prefix)) continue;
        const [first = "", ...rest] = file.slice(prefix.length).split("/");
        children.set(first, rest.length === 0 ? "file" : "dir");
      }
      if (children.size === 0) throw notFound();
      return ok(
        [...children].map(([name, type]) =>
          contentDirectoryEntry(
            repo,
            ref,
            `${prefix}${name}`,
            type,
            at.files.get(`${prefix}${name}`) ?? "",
          ),
        ),
      );
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/git/trees/{tree_sha}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const at = commitAt(ctx, repo, ctx.params.tree_sha ?? "");
      const recursive = ctx.query.has("recursive");
      const dirs = new Set<string>();
      for (const path of at.files.keys()) {
        const parts = path.split("/");
        for (let i = 1; i < parts.length; i += 1) dirs.add(parts.slice(0, i).join("/"));
      }
      const entries = [
        ...[...dirs].map((path) => ({
          path,
          mode: "040000",
          type: "tree",
          sha: blobSha(`tree:${path}`),
        })),
        ...[...at.files].map(([path, content]) => ({
          path,
          mode: "100644",
          type: "blob",
          sha: blobSha(content),
          size: Buffer.byteLength(content, "utf8"),
        })),
      ]
        .filter((e) => recursive || !e.path.includes("/"))
        .sort((a, b) => (a.path < b.path ? -1 : 1))
        .map((e) => ({
          ...e,
          url: `${repoApiUrl(repo)}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
        }));
      const sha = treeSha(at);
      return ok({
        sha,
        url: `${repoApiUrl(repo)}/git/trees/${sha}`,
        tree: entries,
        truncated: false,
      });
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/commits",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const start = commitAt(ctx, repo, ctx.query.get("sha") ?? repo.defaultBranch);
      const path = ctx.query.get("path");
      const commits = history(repo, start).filter((c) => {
        if (path === null) return true;
        const parent = c.parents[0] === undefined ? undefined : repo.commits.get(c.parents[0]);
        return c.files.get(path) !== parent?.files.get(path);
      });
      return paginate(
        ctx,
        commits.map((c) => commit(repo, c)),
      );
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/commits/{ref}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      return ok(commit(repo, commitAt(ctx, repo, ctx.params.ref ?? "")));
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const sha = commitAt(ctx, repo, ctx.params.commit_sha ?? "").sha;
      // "Lists the merged pull request that introduced the commit to the repository. If the
      // commit is not present in the default branch, it will return merged and open pull
      // requests associated with the commit." A commit pushed straight to the branch has none.
      const onDefault = reachableCommits(repo, repo.branches.get(repo.defaultBranch) ?? "").has(
        sha,
      );
      const pulls = [...repo.pulls.values()]
        .filter((p) => !onDefault || p.merged)
        .filter(
          (p) =>
            p.mergeCommitSha === sha ||
            ctx.state.commitsBetween(repo, p.forkPoint, p.head.sha).some((c) => c.sha === sha),
        )
        .sort((a, b) => b.number - a.number);
      return paginate(
        ctx,
        pulls.map((p) => pullRequestSimple(ctx.state, repo, p)),
      );
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/pulls/{pull_number}",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const pull = repo.pulls.get(Number(ctx.params.pull_number));
      if (pull === undefined) throw notFound();
      return ok(pullRequest(ctx.state, repo, pull));
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const pull = repo.pulls.get(Number(ctx.params.pull_number));
      if (pull === undefined) throw notFound();
      // GitHub lists at most 3,000 files of a pull request.
      const files = ctx.state
        .pullFiles(repo, pull)
        .slice(0, 3000)
        .map((c) => diffEntry(repo, pull.head.sha, c));
      return paginate(ctx, files);
    },
  },
  {
    operation: "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
    auth: "token",
    handle: (ctx) => {
      const repo = ctx.repo();
      const login = ctx.params.username ?? "";
      const account = ctx.state.accounts.get(login.toLowerCase());
      if (account === undefined) throw new HttpError(404, { message: `${login} is not a user` });
      const role = ctx.state.roleOf(repo, login) ?? (repo.private ? null : "read");
      // The legacy `permission` folds maintain into write and triage into read.
      const permission =
        role === null ? "none" : role === "maintain" ? "write" : role === "triage" ? "read" : role;
      return ok({
        permission,
        role_name: role ?? "none",
        user: {
          ...simpleUser(account),
          permissions: {
            admin: role === "admin",
            maintain: role === "admin" || role === "maintain",
            push: permission === "admin" || permission === "write",
            triage: role !== null && role !== "read",
            pull: role !== null,
          },
          role_name: role ?? "none",
        },
      });
    },
  },
];
