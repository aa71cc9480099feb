/**
 * The app as its own process, `node lib/start.js` exactly as `npm start` runs it, so that a test
 * can SIGKILL it mid-run. `lib/` is used when it is newer than every source file; otherwise the
 * sources are compiled into a cache directory inside node_modules (so that the compiled app still
 * resolves its dependencies), with the templates and package.json it reads next to it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CACHE = join(ROOT, "node_modules", ".cache", "postmortem-tracker-e2e");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** The path of a `start.js` compiled from the current sources. */
export function builtStartScript(): string {
  const sources = Math.max(newestMtime(join(ROOT, "src")), newestMtime(join(ROOT, "templates")));
  const lib = join(ROOT, "lib", "start.js");
  if (existsSync(lib) && newestMtime(join(ROOT, "lib")) >= sources) return lib;
  const cached = join(CACHE, "lib", "start.js");
  if (existsSync(cached) && newestMtime(join(CACHE, "lib")) >= sources) return cached;
  // From scratch, so that a compile that emits nothing cannot leave an old build looking current.
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  const tsc = spawnSync(
    process.execPath,
    [
      join(ROOT, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      join(ROOT, "tsconfig.json"),
      "--outDir",
      join(CACHE, "lib"),
      "--sourceMap",
      "false",
    ],
    { encoding: "utf8" },
  );
  // Type errors are the type check's business (tsc still emits); a missing output is ours.
  if (!existsSync(cached)) throw new Error(`compiling the app failed:\n${tsc.stdout}${tsc.stderr}`);
  cpSync(join(ROOT, "templates"), join(CACHE, "templates"), { recursive: true });
  cpSync(join(ROOT, "package.json"), join(CACHE, "package.json"));
  return cached;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

export interface ChildApp {
  webhookUrl: string;
  process: ChildProcess;
  /** Resolves when the process has ended (exit or signal). */
  exited: Promise<void>;
}

/**
 * What a child process needs to live on the same machine as the test: PATH, and the clock and
 * time zone (TZ, and faketime's preload when CI moves the date), which are the machine's, not
 * the app's configuration. Without them an app would run on another day than the test.
 */
export function machineEnv(): Record<string, string> {
  const keep = Object.entries(process.env).filter(
    ([name, value]) =>
      value !== undefined &&
      (name === "PATH" || name === "TZ" || name === "LD_PRELOAD" || name.startsWith("FAKETIME")),
  );
  return Object.fromEntries(keep) as Record<string, string>;
}

/**
 * Starts `node start.js` with `env` only (plus the machine's PATH and clock) and resolves once Probot listens. Its log
 * lines (JSON) are appended to `logs`.
 */
export async function startChildApp(
  script: string,
  env: Record<string, string>,
  logs: string[],
): Promise<ChildApp> {
  const port = await freePort();
  const child = spawn(process.execPath, [script], {
    // A directory without a .env, so that the app reads only the environment given here.
    cwd: dirWithoutDotEnv(),
    env: {
      ...machineEnv(),
      ...env,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_FORMAT: "json",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      resolve();
    }),
  );
  let buffered = "";
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "") continue;
        logs.push(line);
        if (line.includes("Listening on")) resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then(() => {
      reject(new Error(`the app exited before listening:\n${logs.slice(-5).join("\n")}`));
    });
  });
  await ready;
  return { webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`, process: child, exited };
}

function dirWithoutDotEnv(): string {
  mkdirSync(CACHE, { recursive: true });
  return CACHE;
}

/**
 * Runs the built CLI (`postmortem-tracker …`, i.e. `cli/bin.js` next to `start.js`) with `env`;
 * its JSON logs (stderr) are appended to `logs`.
 */
export async function runChildCli(
  startScript: string,
  args: string[],
  env: Record<string, string>,
  logs: string[],
): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [join(dirname(startScript), "cli", "bin.js"), ...args], {
    cwd: dirWithoutDotEnv(),
    env: { ...machineEnv(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  logs.push(...stderr.split("\n").filter((line) => line !== ""));
  return { code, stdout };
}

/** Runs `node start.js` with `env` until it exits (a refused start-up); its output and exit code. */
export async function runStartScript(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [script], {
    cwd: dirWithoutDotEnv(),
    env: { ...machineEnv(), ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  return { code, stderr };
}
