/**
 * Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`): no
 * port to pick or leak, and the page's real height can be measured before the picture is taken,
 * which the one-shot `--screenshot` flag cannot do.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { Readable, Writable } from "node:stream";

const NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
/** A protocol command that takes longer than this means Chromium is stuck, not slow. */
const COMMAND_TIMEOUT_MS = 30_000;

/** `CHROMIUM` if set, else the first Chromium on the PATH; null when there is none. */
export function findChromium(env: Record<string, string | undefined>): string | null {
  if (env.CHROMIUM !== undefined && env.CHROMIUM !== "") return env.CHROMIUM;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    for (const name of NAMES) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

interface Reply {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export class Chromium {
  readonly #child: ChildProcess;
  readonly #input: Writable;
  readonly #profile: string;
  readonly #pending = new Map<
    number,
    { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  readonly #waiters: { method: string; sessionId: string; resolve: () => void }[] = [];
  #nextId = 1;
  #stderr = "";
  #exited: string | null = null;

  private constructor(child: ChildProcess, input: Writable, output: Readable, profile: string) {
    this.#child = child;
    this.#input = input;
    this.#profile = profile;
    let buffered = "";
    output.setEncoding("utf8");
    output.on("data", (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf("\0")) >= 0) {
        this.#dispatch(JSON.parse(buffered.slice(0, end)) as Reply);
        buffered = buffered.slice(end + 1);
      }
    });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4000);
    });
    child.on("exit", (code, signal) => {
      this.#fail(`Chromium exited (${signal ?? `code ${String(code)}`})`);
    });
    // A browser that cannot start or dies mid-command breaks the pipes; its exit says why.
    child.on("error", (error) => {
      this.#fail(`Chromium could not run: ${error.message}`);
    });
    input.on("error", () => undefined);
    output.on("error", () => undefined);
  }

  #fail(reason: string): void {
    this.#exited ??= reason;
    const error = new Error(`${this.#exited}\n${this.#stderr.trim()}`.trim());
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
  }

  static launch(executable: string): Chromium {
    const profile = mkdtempSync(join(tmpdir(), "screenshots-chromium-"));
    const child = spawn(
      executable,
      [
        "--headless",
        // Root in a container has no user namespace for the sandbox; the pages are our own.
        "--no-sandbox",
        "--remote-debugging-pipe",
        `--user-data-dir=${profile}`,
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-color-profile=srgb",
        // Greyscale anti-aliasing: the same pixels on every screen, and smaller PNGs.
        "--disable-lcd-text",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "about:blank",
      ],
      // fd 3 is what Chromium reads commands from, fd 4 where it writes replies.
      { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
    );
    const input = child.stdio[3] as Writable;
    const output = child.stdio[4] as Readable;
    return new Chromium(child, input, output, profile);
  }

  /** A PNG of the page, `width` CSS pixels wide and exactly as tall as its content. */
  async screenshot(html: string, width: number, scale: number): Promise<Buffer> {
    const target = await this.#send("Target.createTarget", { url: "about:blank" });
    const targetId = String(target.targetId);
    const attached = await this.#send("Target.attachToTarget", { targetId, flatten: true });
    const session = String(attached.sessionId);
    try {
      await this.#send("Page.enable", {}, session);
      // Start short: the measured content height is never less than the viewport's.
      await this.#metrics(session, width, 100, scale);
      const loaded = this.#waitFor("Page.loadEventFired", session);
      const url = `data:text/html;charset=utf-8;base64,${Buffer.from(html).toString("base64")}`;
      await this.#send("Page.navigate", { url }, session);
      await loaded;
      const layout = await this.#send("Page.getLayoutMetrics", {}, session);
      const size = layout.cssContentSize as { height: number };
      const height = Math.ceil(size.height);
      await this.#metrics(session, width, height, scale);
      const shot = await this.#send(
        "Page.captureScreenshot",
        { format: "png", clip: { x: 0, y: 0, width, height, scale: 1 } },
        session,
      );
      return Buffer.from(String(shot.data), "base64");
    } finally {
      await this.#send("Target.closeTarget", { targetId });
    }
  }

  async close(): Promise<void> {
    try {
      if (this.#exited === null) {
        const exited = new Promise<void>((resolve) => {
          this.#child.once("exit", () => {
            resolve();
          });
        });
        await this.#send("Browser.close", {}).catch(() => undefined);
        const timer = setTimeout(() => this.#child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
    } finally {
      rmSync(this.#profile, { recursive: true, force: true });
    }
  }

  async #metrics(session: string, width: number, height: number, scale: number): Promise<void> {
    await this.#send(
      "Emulation.setDeviceMetricsOverride",
      { width, height, deviceScaleFactor: scale, mobile: false },
      session,
    );
  }

  #waitFor(method: string, sessionId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter = {
        method,
        sessionId,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`Chromium sent no ${method} within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      this.#waiters.push(waiter);
    });
  }

  #send(
    method: string,
    params: Record<string, unknown>,
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    if (this.#exited !== null)
      return Promise.reject(new Error(`${this.#exited}\n${this.#stderr.trim()}`.trim()));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`Chromium did not answer ${method} within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      this.#pending.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.#input.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  }

  #dispatch(message: Reply): void {
    if (message.id !== undefined) {
      const pending = this.#pending.get(message.id);
      if (pending === undefined) return;
      this.#pending.delete(message.id);
      if (message.error !== undefined)
        pending.reject(new Error(`Chromium: ${message.error.message}`));
      else pending.resolve(message.result ?? {});
      return;
    }
    const i = this.#waiters.findIndex(
      (w) => w.method === message.method && w.sessionId === message.sessionId,
    );
    if (i >= 0) this.#waiters.splice(i, 1)[0]?.resolve();
  }
}
