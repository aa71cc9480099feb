import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";
import { sendMetrics } from "./ops-routes.js";

/**
 * `/metrics` on a port of its own (`METRICS_PORT`), so it can stay inside the cluster while the
 * webhook port faces GitHub. Listens on the app's HOST.
 */
export async function startMetricsServer(
  registry: Registry,
  port: number,
  host: string,
): Promise<Server> {
  const server = createServer((req, res) => {
    if ((req.url ?? "").split("?")[0] === "/metrics" && req.method === "GET") {
      sendMetrics(res, registry).catch(() => {
        res.writeHead(500).end();
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
