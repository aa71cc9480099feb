/** What `/readyz` answers: ready, or not with one sentence saying why (no value, no secret). */
export interface Readiness {
  ready: boolean;
  reason: string | null;
}

export interface ReadinessOptions {
  /** Resolves if GitHub answers with the app's credentials; rejects otherwise. */
  checkGitHub: () => Promise<void>;
  /** Conditions known locally and checked on every probe (shutting down, Redis down): a reason or null. */
  localProblem: () => string | null;
  now?: () => number;
  /** How long a GitHub check result is reused; a minute. */
  ttlMs?: number;
  /** How long a GitHub check may take before it counts as failed. */
  timeoutMs?: number;
}

export const READINESS_TTL_MS = 60_000;
const CHECK_TIMEOUT_MS = 10_000;

/**
 * The readiness probe. Asking GitHub costs a request against the app's rate limit and Kubernetes
 * probes every few seconds, so the answer is kept for a minute; concurrent probes share one check.
 * Local conditions (shutting down, Redis unreachable) are read fresh each time because they cost
 * nothing and must take effect at once.
 */
export function createReadiness(options: ReadinessOptions): () => Promise<Readiness> {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? READINESS_TTL_MS;
  let cached: { at: number; result: Readiness } | null = null;
  let pending: Promise<Readiness> | null = null;

  const checkNow = async (): Promise<Readiness> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new CheckTimeout());
      }, options.timeoutMs ?? CHECK_TIMEOUT_MS);
      timer.unref();
    });
    try {
      await Promise.race([options.checkGitHub(), timeout]);
      return { ready: true, reason: null };
    } catch (error) {
      return { ready: false, reason: describeFailure(error) };
    } finally {
      clearTimeout(timer);
    }
  };

  const github = (): Promise<Readiness> => {
    if (cached !== null && now() - cached.at < ttl) return Promise.resolve(cached.result);
    pending ??= checkNow().then((result) => {
      cached = { at: now(), result };
      pending = null;
      return result;
    });
    return pending;
  };

  return async () => {
    const local = options.localProblem();
    if (local !== null) return { ready: false, reason: local };
    return github();
  };
}

class CheckTimeout extends Error {}

/** A reason built from the status or error code only: error messages may quote URLs or bodies. */
function describeFailure(error: unknown): string {
  if (error instanceof CheckTimeout) return "GitHub did not answer GET /app within 10 s";
  const { status, response } = (error ?? {}) as { status?: unknown; response?: unknown };
  // @octokit/request reports a failed connection as status 500 without a response.
  if (typeof status === "number" && response !== undefined)
    return `GitHub answered ${status} to GET /app with the app's credentials`;
  const code = findCode(error, 4);
  if (code !== null) return `GitHub is unreachable (${code})`;
  return "GitHub could not be reached with the app's credentials";
}

/** The first `code` (ECONNREFUSED, ENOTFOUND, …) along an error's `cause` chain. */
function findCode(error: unknown, depth: number): string | null {
  if (depth === 0 || typeof error !== "object" || error === null) return null;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === "string" && /^[A-Z_]+$/.test(code)) return code;
  return findCode(cause, depth - 1);
}
