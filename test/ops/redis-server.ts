/**
 * A real `redis-server` (Debian's package) for the ops tests, on 127.0.0.1 and a free port, with
 * no persistence. `.ci/run` installs it; where the binary is missing the tests that need it are
 * skipped with a loud notice, never silently.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort } from "../e2e/reliability/child-app.js";

export const REDIS_BINARY = "redis-server";

/**
 * Redis runs on the machine's real clock: its leases are relative (PX), so the date CI moves does
 * not matter to it, and redis-server under faketime's preload can deadlock at start-up (seen in
 * CI: `redis-server --version` hung for over an hour). So the preload is left out of its
 * environment, and every wait on it is bounded.
 */
function redisEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => name !== "LD_PRELOAD" && !name.startsWith("FAKETIME"),
    ),
  );
}

const START_TIMEOUT_MS = 20_000;

/** Whether `redis-server` can run here; prints a loud notice when it cannot. */
export function redisAvailable(): boolean {
  const probe = spawnSync(REDIS_BINARY, ["--version"], {
    encoding: "utf8",
    env: redisEnv(),
    timeout: 10_000,
  });
  if (probe.status === 0) return true;
  if (probe.error !== undefined && "code" in probe.error && probe.error.code !== "ENOENT") {
    // It exists but did not answer: that is a broken machine, not a missing package.
    throw new Error(`\`redis-server --version\` failed: ${probe.error.message}`);
  }
  console.warn(
    [
      "",
      "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
      "!!  SKIPPING the Redis replica tests: no `redis-server` binary on this machine.  !!",
      "!!  Install it (apt-get install -y redis-server); CI must have it (.ci/run).     !!",
      "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
      "",
    ].join("\n"),
  );
  return false;
}

export class RedisServer {
  readonly port: number;
  #process: ChildProcess | null = null;

  private constructor(port: number) {
    this.port = port;
  }

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#process !== null;
  }

  /** Starts (again) on the same port, empty: Redis restarted without persistence loses its data. */
  async restart(): Promise<void> {
    if (this.#process !== null) throw new Error("redis-server is already running");
    const child = spawn(
      REDIS_BINARY,
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "pipe"], env: redisEnv() },
    );
    this.#process = child;
    let output = "";
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString("utf8");
          if (output.includes("Ready to accept connections")) resolve();
        });
        child.once("exit", (code) => {
          reject(new Error(`redis-server exited (${String(code)}):\n${output}`));
        });
        timer = setTimeout(() => {
          reject(
            new Error(`redis-server not ready after ${String(START_TIMEOUT_MS)} ms:\n${output}`),
          );
        }, START_TIMEOUT_MS);
      });
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops it (SIGKILL: as abrupt as a crash) and waits until it has exited. */
  async stop(): Promise<void> {
    const child = this.#process;
    if (child === null) return;
    this.#process = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) =>
      child.once("exit", () => {
        resolve();
      }),
    );
    child.kill("SIGKILL");
    await exited;
  }
}
