import type { RepoRef } from "../github/gateway.js";

/**
 * What `--repo OWNER/NAME` or `--all` asks for: one repository, every repository of every
 * installation (`"all"`), or null when the flags are missing, malformed or both given.
 */
export function readRepoTarget(repo: string | undefined, all: boolean): RepoRef | "all" | null {
  if (repo === undefined) return all ? "all" : null;
  const [owner, name, extra] = repo.split("/");
  if (all || !owner || !name || extra !== undefined) return null;
  return { owner, repo: name };
}
