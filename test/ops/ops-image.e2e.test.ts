import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { LocalGitHub } from "../local-github/index.js";
import { freePort, machineEnv } from "../e2e/reliability/child-app.js";
import { appEnv } from "./fixtures.js";

/*
 * The container image without Docker (this machine has no daemon): the Dockerfile's own npm
 * commands, run in a copy of what its COPY lines take, then the result started the way its CMD
 * and HEALTHCHECK start it. Also checks compose.yaml's shape.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SEED = "test/fixtures/postmortems/seed.md";
const DOCKERFILE = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const BUILD_STAGE_RUN = "npm ci --no-audit --no-fund";
const RUNTIME_STAGE_RUN = "npm ci --omit=dev --ignore-scripts --no-audit --no-fund";

const work = mkdtempSync(join(tmpdir(), "postmortem-tracker-image-"));
// Two node_modules trees: removing them takes longer than vitest's default 10 s on a busy machine.
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
}, 120_000);

function sh(command: string, cwd: string): void {
  const [bin = "", ...args] = command.split(" ");
  const result = spawnSync(bin, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "" },
    // spawnSync blocks the event loop, so vitest's timeout could not end a hung step; this does.
    timeout: 480_000,
  });
  if (result.status !== 0)
    throw new Error(
      `${command} failed (${result.error?.message ?? `exit ${String(result.status)}`}):\n${result.stdout}\n${result.stderr}`,
    );
}

function duBytes(dir: string): number {
  const result = spawnSync("du", ["-sb", dir], { encoding: "utf8", timeout: 60_000 });
  return Number(result.stdout.split("\t")[0]);
}

describe("the container image's steps, outside Docker", { timeout: 600_000 }, () => {
  it("the Dockerfile is multi-stage, production-only, non-root, on 0.0.0.0:3000, with a HEALTHCHECK", () => {
    const runs = [...DOCKERFILE.matchAll(/^RUN (.+)$/gm)].map((m) => m[1]);
    expect(runs).toEqual([BUILD_STAGE_RUN, `${RUNTIME_STAGE_RUN} && npm cache clean --force`]);
    expect(DOCKERFILE.match(/^FROM /gm)).toHaveLength(2);
    expect(DOCKERFILE).toMatch(/^FROM node:22-bookworm-slim AS build$/m);
    expect(DOCKERFILE).toMatch(/^USER node$/m);
    expect(DOCKERFILE).toMatch(/NODE_ENV=production/);
    expect(DOCKERFILE).toMatch(/HOST=0\.0\.0\.0/);
    expect(DOCKERFILE).toMatch(/PORT=3000/);
    expect(DOCKERFILE).toMatch(/^HEALTHCHECK /m);
    expect(DOCKERFILE).toMatch(/^CMD \["node", "lib\/start\.js"\]$/m);
    // Nothing secret goes into the build context.
    const ignored = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n");
    expect(ignored).toEqual(expect.arrayContaining([".env", "*.pem", ".git", "node_modules"]));
  });

  it("builds, installs production dependencies only, starts as CMD says, answers /healthz and the HEALTHCHECK", async () => {
    // Build stage: COPY package.json package-lock.json tsconfig.json, src, scripts/cli; RUN npm ci
    // (→ tsc and the CLI's bundle).
    const build = join(work, "build");
    for (const f of ["package.json", "package-lock.json", "tsconfig.json"])
      cpSync(join(ROOT, f), join(build, f));
    for (const d of ["src", "scripts/cli"])
      cpSync(join(ROOT, d), join(build, d), { recursive: true });
    sh(BUILD_STAGE_RUN, build);
    // Runtime stage.
    const app = join(work, "app");
    for (const f of ["package.json", "package-lock.json"]) cpSync(join(ROOT, f), join(app, f));
    sh(RUNTIME_STAGE_RUN, app);
    cpSync(join(build, "lib"), join(app, "lib"), { recursive: true });
    for (const d of ["templates", "bin"]) cpSync(join(ROOT, d), join(app, d), { recursive: true });
    cpSync(join(ROOT, "app.yml"), join(app, "app.yml"));
    // No compiler or test tooling in the runtime stage.
    const installed = spawnSync("npm", ["ls", "--omit=dev", "--depth=0", "--json"], {
      cwd: app,
      encoding: "utf8",
    });
    const deps = Object.keys(
      (JSON.parse(installed.stdout) as { dependencies?: object }).dependencies ?? {},
    );
    expect(deps).not.toContain("typescript");
    expect(deps).not.toContain("vitest");
    // `prepare` built the CLI's bundle (its chunks sit next to it), and plan runs from it.
    expect(readdirSync(join(app, "lib", "cli")).some((f) => f.startsWith("cli-chunk-"))).toBe(true);
    const plan = spawnSync(
      process.execPath,
      ["bin/postmortem-tracker.cjs", "plan", join(ROOT, SEED), "--json", "--now", "2026-01-15"],
      { cwd: app, encoding: "utf8", env: machineEnv() },
    );
    expect({ status: plan.status, stderr: plan.stderr }).toEqual({ status: 0, stderr: "" });
    expect((JSON.parse(plan.stdout) as { items: unknown[] }).items).toHaveLength(5);
    const mb = (bytes: number) => Math.round(bytes / 1e6);
    console.log(
      `image contents above the node:22-bookworm-slim base: ${String(mb(duBytes(app)))} MB (node_modules ${String(mb(duBytes(join(app, "node_modules"))))} MB, lib ${String(mb(duBytes(join(app, "lib"))))} MB)`,
    );

    const gh = await LocalGitHub.start();
    try {
      const port = await freePort();
      const child = spawn(process.execPath, ["lib/start.js"], {
        cwd: app,
        env: {
          ...machineEnv(),
          ...appEnv(gh),
          NODE_ENV: "production",
          HOST: "0.0.0.0",
          PORT: String(port),
          LOG_FORMAT: "json",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      let output = "";
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString("utf8");
          if (output.includes("Listening on")) resolve();
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        void exited.then(() => {
          reject(new Error(`the app exited:\n${output}`));
        });
      });
      expect(output).toContain(`Listening on http://0.0.0.0:${String(port)}`);
      expect((await fetch(`http://127.0.0.1:${String(port)}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${String(port)}/readyz`)).status).toBe(200);
      // The HEALTHCHECK's own command, with the container's PORT.
      const check = /HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])$/m.exec(DOCKERFILE)?.[1];
      expect(check).toBeDefined();
      const [bin = "", ...args] = JSON.parse(check ?? "[]") as string[];
      const probe = spawnSync(bin === "node" ? process.execPath : bin, args, {
        env: { ...process.env, PORT: String(port) },
        timeout: 30_000,
      });
      expect(probe.status).toBe(0);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      await gh.close();
    }
  });

  it("compose.yaml runs the app with Redis, a stop grace longer than SHUTDOWN_GRACE_S, secrets from the environment", () => {
    const compose = parse(readFileSync(join(ROOT, "compose.yaml"), "utf8")) as {
      services: Record<
        string,
        { environment?: Record<string, string>; stop_grace_period?: string; depends_on?: object }
      >;
    };
    expect(Object.keys(compose.services).sort()).toEqual(["app", "redis"]);
    const env = compose.services.app?.environment ?? {};
    expect(env.REDIS_URL).toBe("redis://redis:6379");
    for (const secret of ["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET"])
      expect(env[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?`));
    expect(Number.parseInt(compose.services.app?.stop_grace_period ?? "0", 10)).toBeGreaterThan(
      Number(env.SHUTDOWN_GRACE_S),
    );
    expect(compose.services.app?.depends_on).toHaveProperty("redis");
  });
});
