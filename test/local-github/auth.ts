/**
 * GitHub App authentication as GitHub does it: the app signs a short-lived RS256 JWT with its
 * private key (`Authorization: Bearer <jwt>`), exchanges it for an installation token that
 * expires after an hour, and calls the API with `Authorization: token <token>`.
 */
import { createVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import { HttpError } from "./route.js";
import type { Account, AppInfo, Installation, Repository } from "./state.js";

/**
 * Who a token acts as, one per kind of credential GitHub issues (REST docs: "Authenticating to
 * the REST API", "Automatic token authentication"):
 * - `installation`: an app installation's token (`ghs_…`, one hour); it acts as `<slug>[bot]`
 *   (type Bot) on the installation's repositories.
 * - `actions`: a workflow's `GITHUB_TOKEN`, also `ghs_…`: an installation token of the GitHub
 *   Actions app, acting as `github-actions[bot]` (type Bot) on the ONE repository of the workflow.
 * - `user`: a personal access token (classic `ghp_…`, fine-grained `github_pat_…`); it acts as its
 *   user (type User) with that user's access.
 */
export type TokenPrincipal =
  | { kind: "installation"; installation: Installation }
  | { kind: "actions"; repository: Repository }
  | { kind: "user"; account: Account; format: "classic" | "fine-grained" };

export interface IssuedToken {
  token: string;
  principal: TokenPrincipal;
  expiresAt: number;
}

let sharedKeys: { privateKey: string; publicKey: string } | undefined;

/**
 * The app registration's key pair (GitHub generates it; you download the private key). Made once
 * per process because RSA generation is slow; `fresh` makes another (a key GitHub does not know).
 */
export function generateAppKeys(fresh = false): { privateKey: string; publicKey: string } {
  if (!fresh) return (sharedKeys ??= generateAppKeys(true));
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
}

function badCredentials(message = "Bad credentials"): HttpError {
  return new HttpError(401, { message });
}

/**
 * Checks an app JWT the way GitHub documents: RS256, `iss` the app id (or client id), `exp` in
 * the future and at most 10 minutes after `iat`, `iat` not in the future (60 s drift allowed).
 */
export function verifyAppJwt(jwt: string, app: AppInfo, nowMs: number): void {
  const parts = jwt.split(".");
  if (parts.length !== 3) throw badCredentials("A JSON web token could not be decoded");
  const [header = "", payload = "", signature = ""] = parts;
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
  let head: { alg?: unknown };
  try {
    head = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown };
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof claims;
  } catch {
    throw badCredentials("A JSON web token could not be decoded");
  }
  if (head.alg !== "RS256") throw badCredentials("'alg' must be RS256");
  const verifier = createVerify("RSA-SHA256");
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(app.publicKey, Buffer.from(signature, "base64url"))) {
    throw badCredentials("A JSON web token could not be decoded");
  }
  if (String(claims.iss) !== String(app.id)) {
    throw badCredentials("'Issuer' claim ('iss') must be an Integer");
  }
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.iat !== "number" || typeof claims.exp !== "number") {
    throw badCredentials("'Issued at' and 'Expiration time' claims are required");
  }
  if (claims.iat > now + 60)
    throw badCredentials(
      "'Issued at' claim ('iat') must be an Integer representing a time in the past",
    );
  if (claims.exp <= now) {
    throw badCredentials(
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    );
  }
  if (claims.exp - claims.iat > 600 + 60) {
    throw badCredentials("'Expiration time' claim ('exp') is too far in the future");
  }
}

/** How long an Actions `GITHUB_TOKEN` lives at most (it expires when its job ends, or after 24 h). */
export const ACTIONS_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;

function randomAlnum(length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join("");
}

export class TokenStore {
  readonly #tokens = new Map<string, IssuedToken>();
  readonly lifetimeMs: number;

  constructor(lifetimeMs: number) {
    this.lifetimeMs = lifetimeMs;
  }

  /** An installation token, as `POST /app/installations/{id}/access_tokens` mints it. */
  issue(installation: Installation, nowMs: number): IssuedToken & { installation: Installation } {
    const issued = this.#add(
      `ghs_${randomAlnum(36)}`,
      { kind: "installation", installation },
      nowMs + this.lifetimeMs,
    );
    return { ...issued, installation };
  }

  /** A workflow's `GITHUB_TOKEN` for `repository` (GitHub Actions mints it per job). */
  issueActions(repository: Repository, nowMs: number): IssuedToken {
    return this.#add(
      `ghs_${randomAlnum(36)}`,
      { kind: "actions", repository },
      nowMs + ACTIONS_TOKEN_LIFETIME_MS,
    );
  }

  /** A personal access token of `account`: classic (`ghp_`) or fine-grained (`github_pat_`). */
  issuePersonal(account: Account, format: "classic" | "fine-grained" = "classic"): IssuedToken {
    const token =
      format === "classic"
        ? `ghp_${randomAlnum(36)}`
        : `github_pat_${randomAlnum(22)}_${randomAlnum(59)}`;
    return this.#add(token, { kind: "user", account, format }, Number.POSITIVE_INFINITY);
  }

  /** Who a token acts as; 401 if it is unknown or expired. */
  principal(token: string, nowMs: number): TokenPrincipal {
    const issued = this.#tokens.get(token);
    if (issued === undefined || issued.expiresAt <= nowMs) throw badCredentials();
    return issued.principal;
  }

  /** The installation an installation token acts for; 401 if it is unknown, expired or another kind. */
  check(token: string, nowMs: number): Installation {
    const principal = this.principal(token, nowMs);
    if (principal.kind !== "installation") throw badCredentials();
    return principal.installation;
  }

  /** Makes every installation token issued so far expire now (a token that runs out in the middle of a run). */
  expireAll(nowMs: number): number {
    let count = 0;
    for (const issued of this.#tokens.values()) {
      if (issued.principal.kind !== "installation") continue;
      if (issued.expiresAt > nowMs) count += 1;
      issued.expiresAt = Math.min(issued.expiresAt, nowMs);
    }
    return count;
  }

  /** Every token ever issued, for tests that look for them in logs. */
  all(): string[] {
    return [...this.#tokens.keys()];
  }

  #add(token: string, principal: TokenPrincipal, expiresAt: number): IssuedToken {
    const issued: IssuedToken = { token, principal, expiresAt };
    this.#tokens.set(token, issued);
    return issued;
  }
}
