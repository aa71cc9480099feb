import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit, type ApplicationFunction } from "probot";
import app from "../../src/index.js";

/** One parsed pino line: `level` is pino's number (30 info, 40 warn, 50 error), `msg` the message. */
export type LogEntry = Record<string, unknown> & { level: number; msg?: string };

export interface TestProbot {
  probot: Probot;
  /** Every line logged so far, by Probot and by the app, in order. */
  logs: LogEntry[];
}

let testPrivateKey: string | undefined;

/** A real RSA key, made once per test file, so App (JWT) auth runs as in production. */
function getTestPrivateKey(): string {
  testPrivateKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  }).privateKey;
  return testPrivateKey;
}

/** A pino logger writing JSON lines into `entries` instead of stdout. */
function createCapturingLogger(entries: LogEntry[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line !== "") {
          entries.push(JSON.parse(line) as LogEntry);
        }
      }
      callback();
    },
  });
  // pino writes synchronously to a plain Writable, so entries are readable right after a call.
  return pino({ level: "trace" }, sink);
}

/**
 * A Probot for handler tests, with the app loaded. GitHub is reached only through nock: retries
 * and throttling are off so a mocked 5xx fails at once and writes are not spaced 1–3 s apart.
 * The FUNCTION form of `defaults` matters: with the object form Probot v14 turns throttling back on.
 */
export async function makeProbot(
  appFn: ApplicationFunction = app,
  /** Instead of ProbotOctokit, e.g. one carrying the server's repository lock. */
  base: typeof ProbotOctokit = ProbotOctokit,
): Promise<TestProbot> {
  const logs: LogEntry[] = [];
  const probot = new Probot({
    appId: 1,
    privateKey: getTestPrivateKey(),
    secret: "test-webhook-secret",
    log: createCapturingLogger(logs),
    Octokit: base.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  await probot.load(appFn);
  return { probot, logs };
}
