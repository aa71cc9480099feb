import { readMarker } from "../core/issue-marker.js";
import type { OctokitPlugin } from "../github/app-octokit.js";
import type { AppMetrics } from "./metrics.js";

interface ObservedOptions {
  method?: unknown;
  url?: unknown;
  owner?: unknown;
  repo?: unknown;
  body?: unknown;
  state?: unknown;
  request?: { retryCount?: unknown };
  [key: string]: unknown;
}

interface ObservedResponse {
  status?: unknown;
  headers?: Record<string, unknown>;
}

interface HookedOctokit {
  hook: {
    wrap: (
      name: "request",
      wrapper: (
        request: (options: ObservedOptions) => Promise<ObservedResponse>,
        options: ObservedOptions,
      ) => Promise<ObservedResponse>,
    ) => void;
  };
}

/** Items remembered per process to notice a second create for the same item; bounded. */
const FILED_MEMORY = 50_000;

/**
 * An Octokit plugin that counts every GitHub request by route template (`/repos/{owner}/…`,
 * never a concrete path, so labels stay few) and final status, the retries the retry and
 * throttle plugins made, the rate limit left per installation, and the item issues written.
 * It only watches: the request and its answer pass through unchanged.
 *
 * Items are recognised by the hidden item marker in the body the app sends (a create with one is
 * "filed", an edit with one "updated"); a PATCH to `state: closed` is "closed". A create for an
 * item (repository, postmortem path, key) this process already filed counts as a duplicate.
 */
export function observeRequests(metrics: AppMetrics): OctokitPlugin {
  const filed = new Set<string>();
  // Typed loosely on purpose: only hook.wrap and the auth options are used.
  const plugin = (
    octokit: HookedOctokit,
    octokitOptions: { auth?: { installationId?: unknown } },
  ) => {
    // Probot builds each installation's client with its id in the auth options; the app's JWT
    // client has none.
    const id = octokitOptions.auth?.installationId;
    const installation = typeof id === "number" || typeof id === "string" ? String(id) : "app";
    octokit.hook.wrap("request", async (request, options) => {
      const method = typeof options.method === "string" ? options.method : "GET";
      const route = routeTemplate(options.url);
      // The retry plugin counts failures in options.request.retryCount (one per failure, the
      // last one included when it gave up); compared with its value on entry.
      const failuresBefore = retryCountOf(options);
      let status = 0;
      let failed = true;
      try {
        const response = await request(options);
        status = typeof response.status === "number" ? response.status : 0;
        readRateLimit(response.headers, installation, metrics);
        countItem(method, route, options, metrics, filed);
        failed = false;
        return response;
      } catch (error) {
        const response = (error as { status?: unknown; response?: ObservedResponse } | null) ?? {};
        status = typeof response.status === "number" ? response.status : 0;
        readRateLimit(response.response?.headers, installation, metrics);
        throw error;
      } finally {
        metrics.githubRequests.inc({ method, route, status: String(status) });
        const retries = retryCountOf(options) - failuresBefore - (failed ? 1 : 0);
        if (retries > 0) metrics.githubRetries.inc({ method, route }, retries);
      }
    });
  };
  return plugin as unknown as OctokitPlugin;
}

function retryCountOf(options: ObservedOptions): number {
  const count = options.request?.retryCount;
  return typeof count === "number" ? count : 0;
}

/**
 * The route template of a request: Octokit's own (`/repos/{owner}/{repo}/issues`), or for the
 * full URLs pagination follows, the path with owner, repository and numbers replaced.
 */
export function routeTemplate(url: unknown): string {
  if (typeof url !== "string") return "";
  if (!/^https?:\/\//.test(url)) return url.split("?")[0] ?? "";
  const path = new URL(url).pathname.replace(/^\/api\/v3(?=\/)/, "");
  return path
    .replace(/^\/repos\/[^/]+\/[^/]+/, "/repos/{owner}/{repo}")
    .replace(/^\/(orgs|users)\/[^/]+/, "/$1/{name}")
    .replace(/\/\d+(?=\/|$)/g, "/{number}");
}

function readRateLimit(
  headers: Record<string, unknown> | undefined,
  installation: string,
  metrics: AppMetrics,
): void {
  const remaining = Number(headers?.["x-ratelimit-remaining"]);
  if (headers?.["x-ratelimit-remaining"] !== undefined && Number.isFinite(remaining))
    metrics.rateLimitRemaining.set({ installation }, remaining);
}

const ISSUES = "/repos/{owner}/{repo}/issues";
const ISSUE = "/repos/{owner}/{repo}/issues/{issue_number}";

function countItem(
  method: string,
  route: string,
  options: ObservedOptions,
  metrics: AppMetrics,
  filed: Set<string>,
): void {
  if (method === "POST" && route === ISSUES) {
    const marker = readMarker(typeof options.body === "string" ? options.body : null, "item");
    if (marker === null) return;
    metrics.items.inc({ action: "filed" });
    const id = `${String(options.owner)}/${String(options.repo)}\n${marker.path}\n${marker.key}`;
    if (filed.has(id)) metrics.duplicates.inc();
    else {
      if (filed.size >= FILED_MEMORY) filed.clear();
      filed.add(id);
    }
  } else if (method === "PATCH" && route === ISSUE) {
    if (options.state === "closed") metrics.items.inc({ action: "closed" });
    else if (readMarker(typeof options.body === "string" ? options.body : null, "item") !== null)
      metrics.items.inc({ action: "updated" });
  }
}
