import { readHttpFailure } from "./errors.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { getRepoRole } from "./gateway-permissions.js";

/**
 * Roles whose holders may open, edit and close any issue in the repository: a marker they wrote
 * can do nothing they could not do by hand.
 */
export const WRITER_ROLES: ReadonlySet<string> = new Set(["admin", "maintain", "write"]);

/** An issue or comment as far as trust goes: who wrote it and what kind of account that is. */
export interface Authored {
  author: string;
  /** GitHub's `user.type`: "Bot", "User", "Organization", "Mannequin". */
  authorType: string;
}

/**
 * The tracker cannot tell whether an author's markers count, so it must not act: filing blind
 * could duplicate every item, and a digest without its items would be empty.
 */
export class TrustUnknownError extends Error {
  override readonly name = "TrustUnknownError";
}

/**
 * The one rule for which issues and comments are the tracker's, the same for the app, `sync`,
 * `digest`, the Action, lifecycle events and slash commands, whatever credential runs them:
 * a hidden marker counts only when its author
 * - is a bot account (`type: "Bot"`): GitHub Apps and GitHub Actions, which only people with
 *   admin rights (installing an app) or write access (adding a workflow) can make write here; or
 * - has the admin, maintain or write role on the repository (asked once per author per run).
 *
 * So issues filed with the app, an installation token, the Actions `GITHUB_TOKEN` or a
 * maintainer's personal token are all recognised by every other, while a marker copied into an
 * outsider's issue or comment is ignored. No identity is needed: installation and Actions tokens
 * cannot learn their own login (`GET /user` answers 403).
 */
export interface AuthorTrust {
  trusts(item: Authored): Promise<boolean>;
  /**
   * The login this run writes as, when the credentials can tell it (the app's `slug[bot]`, a
   * personal token's user), else null. Only a hint of where else to look, never a reason to trust.
   */
  self(): Promise<string | null>;
}

/** The rule for one repository, with each author's role looked up at most once. */
export function makeAuthorTrust(
  client: GitHubClient,
  repo: RepoRef,
  /** The login this run writes as, or how to read it (only when it is needed), or null. */
  self: string | null | (() => Promise<string | null>),
): AuthorTrust {
  const roles = new Map<string, Promise<boolean>>();
  const lookUp = async (login: string): Promise<boolean> => {
    try {
      const role = await getRepoRole(client, repo, login);
      return role !== null && WRITER_ROLES.has(role);
    } catch (error) {
      const failure = readHttpFailure(error);
      const answer = failure === null ? String(error) : `${failure.status} ${failure.message}`;
      throw new TrustUnknownError(
        `cannot tell whether @${login}'s issues in ${repo.owner}/${repo.repo} are the tracker's: ` +
          `GitHub did not give their role (${answer}); the credentials need the "Metadata: read" permission`,
        { cause: error },
      );
    }
  };
  let ownLogin: Promise<string | null> | undefined;
  return {
    self: () => (ownLogin ??= typeof self === "function" ? self() : Promise.resolve(self)),
    trusts({ author, authorType }) {
      if (authorType === "Bot") return Promise.resolve(true);
      // Organisations and mannequins hold no role; "ghost" is a deleted account.
      if (authorType !== "User" || author.toLowerCase() === "ghost") return Promise.resolve(false);
      const key = author.toLowerCase();
      let known = roles.get(key);
      if (known === undefined) {
        known = lookUp(author);
        roles.set(key, known);
        // A failed lookup is asked again next time rather than remembered.
        known.catch(() => roles.delete(key));
      }
      return known;
    },
  };
}

/** The items whose author the rule trusts, in their order. */
export async function keepTrusted<T extends Authored>(
  trust: AuthorTrust,
  items: readonly T[],
): Promise<T[]> {
  const kept: T[] = [];
  // One at a time: each distinct author costs at most one request, and requests stay serial.
  for (const item of items) if (await trust.trusts(item)) kept.push(item);
  return kept;
}
