/**
 * The app as its own process, `node lib/start.js` exactly as `npm start` runs it, so that a test
 * can SIGKILL it mid-run. The sources are built as `npm run build` builds them (tsc, then the CLI's
 * `plan` bundle) into a cache directory inside node_modules (so that the compiled app still
 * resolves its dependencies), with the templates and package.json it reads next to it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CACHE = join(ROOT, "node_modules", ".cache", "postmortem-tracker-e2e");

/**
 * A digest of everything the compiled app is made from. The build is keyed by it, not by file
 * dates: worktrees that share node_modules, a checkout that moves files back in time, or a clock
 * moved by faketime must never get another tree's build.
 */
function sourceDigest(): string {
  const hash = createHash("sha256");
  const files = [
    join(ROOT, "package.json"),
    join(ROOT, "tsconfig.json"),
    join(ROOT, "scripts", "cli", "build-cli.mjs"),
  ];
  for (const dir of ["src", "templates"]) {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
    }
  }
  for (const file of files.sort()) {
    hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** The path of a `start.js` compiled from the current sources. */
export function builtStartScript(): string {
  const target = join(CACHE, sourceDigest());
  const script = join(target, "lib", "start.js");
  if (existsSync(script)) return script;
  // Built aside and renamed into place, so that test files compiling at the same time in other
  // workers never see (or delete) a half-written build.
  const scratch = `${target}.${randomUUID()}`;
  mkdirSync(scratch, { recursive: true });
  try {
    const tsc = spawnSync(
      process.execPath,
      [
        join(ROOT, "node_modules", "typescript", "bin", "tsc"),
        "-p",
        join(ROOT, "tsconfig.json"),
        "--outDir",
        join(scratch, "lib"),
        "--sourceMap",
        "false",
      ],
      { encoding: "utf8", timeout: 300_000 },
    );
    // Type errors are the type check's business (tsc still emits); a missing output is ours.
    if (!existsSync(join(scratch, "lib", "start.js")))
      throw new Error(`compiling the app failed:\n${tsc.stdout}${tsc.stderr}`);
    // The second half of `npm run build`: the CLI's bundle (lib/cli/bin.cjs and its chunks),
    // so that the tests spawn the CLI that ships.
    const bundle = spawnSync(
      process.execPath,
      [join(ROOT, "scripts", "cli", "build-cli.mjs"), join(scratch, "lib")],
      { encoding: "utf8", timeout: 300_000 },
    );
    if (bundle.status !== 0)
      throw new Error(`bundling the CLI failed:\n${bundle.stdout}${bundle.stderr}`);
    cpSync(join(ROOT, "templates"), join(scratch, "templates"), { recursive: true });
    cpSync(join(ROOT, "package.json"), join(scratch, "package.json"));
    try {
      renameSync(scratch, target);
    } catch (error) {
      // Another worker finished the same build first; theirs is identical.
      if (!existsSync(script)) throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return script;
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
 * Runs the built CLI (`postmortem-tracker …`, i.e. `cli/bin.cjs` next to `start.js`) with `env`;
 * its JSON logs (stderr) are appended to `logs`.
 */
export async function runChildCli(
  startScript: string,
  args: string[],
  env: Record<string, string>,
  logs: string[],
): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [join(dirname(startScript), "cli", "bin.cjs"), ...args], {
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
