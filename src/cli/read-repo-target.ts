import type { RepoRef } from "../github/gateway.js";
import { UsageError } from "./command-specs.js";

/**
 * What `--repo OWNER/NAME` or `--all` asks for: one repository, or every repository of every
 * installation (`"all"`). Throws a UsageError when the flags are missing, malformed or both given.
 */
export function readRepoTarget(repo: string | undefined, all: boolean): RepoRef | "all" {
  if (repo === undefined) {
    if (all) return "all";
    throw new UsageError("missing option: --repo OWNER/NAME or --all");
  }
  if (all) throw new UsageError("--repo and --all exclude each other");
  const [owner, name, extra] = repo.split("/");
  if (!owner || !name || extra !== undefined)
    throw new UsageError(`--repo must be OWNER/NAME, got "${repo}"`);
  return { owner, repo: name };
}
