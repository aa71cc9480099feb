/**
 * Starts the real app server with the very function `npm start` calls (`startServer`: the
 * start-up checks, then Probot's `run` with the app's Octokit), configured only through
 * environment variables and pointed at a local GitHub with `GHE_HOST`/`GHE_PROTOCOL`. Nothing in
 * the app is replaced.
 *
 * Differences from production, all through the environment: `WRITE_INTERVAL_MS` spaces writes
 * a few milliseconds apart instead of GitHub's one second (a local server has no secondary
 * limits to respect), and logs are captured in memory so tests can read them.
 */
import { createServer } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { startServer } from "../../src/server/start-server.js";
import type { LocalGitHub } from "./server.js";

export type LogLine = Record<string, unknown> & { level: number; msg?: string };

export interface RunningApp {
  /** Where GitHub should send webhooks (Probot's default path). */
  webhookUrl: string;
  /** Every log line, as raw JSON text, in order (to look for leaked secrets). */
  rawLogs: string[];
  logs: LogLine[];
  stop(): Promise<void>;
}

export interface StartAppOptions {
  webhookSecret: string;
  /** Milliseconds between writes; the app's own default (GitHub's guidance) is 1000. */
  writeIntervalMs?: number;
  /** Extra environment, e.g. NODE_ENV. */
  env?: Record<string, string>;
}

/** A free TCP port on 127.0.0.1 (Probot's server treats PORT=0 as "use 3000"). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

export async function startApp(gh: LocalGitHub, options: StartAppOptions): Promise<RunningApp> {
  const port = await freePort();
  const env: Record<string, string> = {
    APP_ID: String(gh.app.id),
    PRIVATE_KEY: gh.app.privateKey,
    WEBHOOK_SECRET: options.webhookSecret,
    GHE_HOST: gh.host,
    GHE_PROTOCOL: "http",
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: "debug",
    WRITE_INTERVAL_MS: String(options.writeIntervalMs ?? 5),
    ...options.env,
  };
  const rawLogs: string[] = [];
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line === "") continue;
        rawLogs.push(line);
        logs.push(JSON.parse(line) as LogLine);
      }
      callback();
    },
  });
  const log = pino({ level: "debug" }, sink);
  // Probot's `run` adds a SIGINT handler per server and never removes it; a test starts many.
  const before = new Set(process.listeners("SIGINT"));
  const server = await startServer({ env, log });
  const added = process.listeners("SIGINT").filter((l) => !before.has(l));
  return {
    webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
    rawLogs,
    logs,
    stop: async () => {
      for (const listener of added) process.removeListener("SIGINT", listener);
      await server.stop();
    },
  };
}
