import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";
import type { Readiness } from "./readiness.js";

export interface OpsRoutesOptions {
  readiness: () => Promise<Readiness>;
  /** Served at /metrics on this port; null when metrics are off or on their own port. */
  metrics: Registry | null;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * `/healthz` (the process answers), `/readyz` (it can do its job) and, when asked for, `/metrics`,
 * as a handler for Probot's server (`addHandler`): it answers those paths and passes on the rest.
 * The bodies say "ok" or a reason, never configuration or credentials.
 */
export function createOpsRoutes(options: OpsRoutesOptions): Handler {
  return async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = (req.url ?? "").split("?")[0];
    if (path === "/healthz") {
      sendJson(res, 200, { status: "ok" });
      return true;
    }
    if (path === "/readyz") {
      const { ready, reason } = await options.readiness();
      sendJson(
        res,
        ready ? 200 : 503,
        ready ? { status: "ready" } : { status: "not ready", reason },
      );
      return true;
    }
    if (path === "/metrics" && options.metrics !== null) {
      await sendMetrics(res, options.metrics);
      return true;
    }
    return false;
  };
}

export async function sendMetrics(res: ServerResponse, registry: Registry): Promise<void> {
  const text = await registry.metrics();
  res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(`${JSON.stringify(body)}\n`);
}
