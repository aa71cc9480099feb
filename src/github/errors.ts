import { errorBodySchema, type GitHubErrorDetail } from "./response-schemas.js";

export type { GitHubErrorDetail } from "./response-schemas.js";

/** The HTTP side of a failed Octokit request: its status and GitHub's error details. */
export interface HttpFailure {
  status: number;
  message: string;
  details: GitHubErrorDetail[];
}

/**
 * Reads an Octokit `RequestError` structurally. @octokit/request-error is not a direct dependency
 * (and may be installed twice), so `instanceof` would be brittle. Network failures and aborts
 * also arrive here: Octokit reports them as status 500 without a response.
 */
export function readHttpFailure(error: unknown): HttpFailure | null {
  if (!(error instanceof Error) || !("status" in error) || typeof error.status !== "number") {
    return null;
  }
  const data =
    "response" in error ? (error.response as { data?: unknown } | undefined)?.data : null;
  const body = errorBodySchema.safeParse(data);
  return {
    status: error.status,
    message: body.success && body.data.message !== undefined ? body.data.message : error.message,
    details: body.success ? (body.data.errors ?? []) : [],
  };
}

/** True when `error` is an HTTP failure with exactly this status. */
export function hasStatus(error: unknown, status: number): boolean {
  return readHttpFailure(error)?.status === status;
}

/**
 * "unknown": the request may have taken effect (5xx, timeout, network error), so look before
 * retrying a create. "rejected": GitHub refused it (4xx) and nothing changed.
 */
export type WriteOutcome = "unknown" | "rejected";

/** A write to GitHub that failed; says whether it may nevertheless have happened. */
export class GitHubWriteError extends Error {
  override readonly name = "GitHubWriteError";
  /** HTTP status; 500 for network errors (as Octokit reports them); null if not an HTTP error. */
  readonly status: number | null;
  readonly outcome: WriteOutcome;
  /** GitHub's `errors` entries from a 422, e.g. `{ field: "assignees", code: "invalid" }`. */
  readonly details: readonly GitHubErrorDetail[];

  constructor(operation: string, cause: unknown) {
    const failure = readHttpFailure(cause);
    const reason = failure
      ? `${failure.status} ${failure.message}`
      : cause instanceof Error
        ? cause.message
        : String(cause);
    super(`GitHub write failed (${operation}): ${reason}`, { cause });
    this.status = failure?.status ?? null;
    // Only a 4xx proves GitHub refused the write; anything else may have reached the database.
    this.outcome = failure !== null && failure.status < 500 ? "rejected" : "unknown";
    this.details = failure?.details ?? [];
  }

  /** True when the write may have happened even though it failed. */
  get outcomeUnknown(): boolean {
    return this.outcome === "unknown";
  }
}

/** True for the 422 GitHub sends when an assignee cannot be assigned (the whole create fails). */
export function isUnassignableError(error: unknown): boolean {
  const failure =
    error instanceof GitHubWriteError
      ? { status: error.status, details: error.details }
      : readHttpFailure(error);
  if (failure?.status !== 422) return false;
  return failure.details.some(
    (detail) =>
      ("field" in detail && detail.field === "assignees") || /assignee/i.test(detail.message ?? ""),
  );
}

/** True for a 422 whose details carry this `code`, e.g. "already_exists" for a label. */
export function hasErrorCode(error: unknown, code: string): boolean {
  const failure = readHttpFailure(error);
  return (
    failure?.status === 422 &&
    failure.details.some((detail) => "code" in detail && detail.code === code)
  );
}

/** Runs a write and converts its failure into a `GitHubWriteError`. */
export async function runWrite<T>(operation: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw new GitHubWriteError(operation, error);
  }
}

/** Thrown by `getFileText` when the path is a directory, submodule or other non-file. */
export class NotAFileError extends Error {
  override readonly name = "NotAFileError";
  readonly path: string;
  /** What GitHub says is there: "dir", "submodule", "symlink", … */
  readonly kind: string;

  constructor(path: string, kind: string) {
    super(`${path} is a ${kind}, not a file`);
    this.path = path;
    this.kind = kind;
  }
}
