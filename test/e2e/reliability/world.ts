/**
 * One reliability case's world: a local GitHub with the repository acme/infra (alice can
 * write), the real app server (one or more, as `npm start` runs it) and a webhook sender per
 * app. It also gathers, for the whole suite, every log line the apps wrote and every secret the
 * stand-in handed out, so the suite can check at the end that no secret reached a log.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { expect } from "vitest";
import { readMarker } from "../../../src/core/issue-marker.js";
import {
  LocalGitHub,
  startApp,
  WebhookSender,
  type Delivery,
  type LocalGitHubOptions,
  type Repository,
  type RunningApp,
  type WebhookEvent,
} from "../../local-github/index.js";
import { record } from "./ledger.js";

export const SECRET = "reliability-webhook-secret-4c1e8b";
export const PATH = "postmortems/2026-05-01-outage.md";
export const SEED = readFileSync(
  new URL("../../fixtures/postmortems/seed.md", import.meta.url),
  "utf8",
);
export const BOT = "postmortem-tracker[bot]";
export const LOCK_LABEL = "postmortem-tracker-lock";

/** Every log line of every app the suite started (in-process and child processes). */
export const suiteLogs: string[] = [];
/** Every secret the suite's stand-ins issued or were sent: none may appear in `suiteLogs`. */
export const suiteSecrets = new Set<string>([SECRET]);

export interface WorldOptions extends LocalGitHubOptions {
  /** How many app servers receive each delivery (two processes behind one webhook URL). */
  apps?: number;
}

export class World {
  readonly gh: LocalGitHub;
  readonly repo: Repository;
  readonly apps: RunningApp[] = [];
  readonly senders: WebhookSender[] = [];
  /** Deliveries made outside the senders (e.g. to a child process). */
  extraDeliveries = 0;
  /** Builds events without sending them (senders are per app; there may be none yet). */
  readonly events: WebhookSender;
  /** Faults the stand-in did not inject itself: a killed process, tokens expired by a test. */
  extraFaults = 0;

  private constructor(gh: LocalGitHub) {
    this.gh = gh;
    this.repo = gh.state.createRepository({
      owner: "acme",
      name: "infra",
      files: { "README.md": "# infra\n" },
    });
    gh.state.addCollaborator(this.repo, "alice", "write");
    gh.state.installApp("acme", [this.repo]);
    this.events = new WebhookSender(gh.state, { url: "http://127.0.0.1:9/unused", secret: SECRET });
  }

  static async start(options: WorldOptions = {}): Promise<World> {
    const world = new World(await LocalGitHub.start(options));
    for (let i = 0; i < (options.apps ?? 1); i += 1) await world.addApp();
    return world;
  }

  async addApp(env: Record<string, string> = {}): Promise<RunningApp> {
    const app = await startApp(this.gh, { webhookSecret: SECRET, env });
    this.apps.push(app);
    this.senders.push(
      new WebhookSender(this.gh.state, {
        url: app.webhookUrl,
        secret: SECRET,
        settle: () => app.idle(),
      }),
    );
    return app;
  }

  get hooks(): WebhookSender {
    const sender = this.senders[0];
    if (sender === undefined) throw new Error("no app started");
    return sender;
  }

  get deliveries(): number {
    return this.senders.reduce((n, s) => n + s.deliveries.length, 0) + this.extraDeliveries;
  }

  async stop(): Promise<void> {
    for (const app of this.apps) {
      await app.stop();
      suiteLogs.push(...app.rawLogs);
    }
    this.rememberSecrets();
    await this.gh.close();
  }

  rememberSecrets(): void {
    for (const token of this.gh.tokens.all()) suiteSecrets.add(token);
    for (const credential of this.gh.credentials) suiteSecrets.add(credential);
    const pem = this.gh.app.privateKey;
    suiteSecrets.add(pem);
    // The PEM's base64 body, whole and line by line: a log that reflows it must not slip through.
    const body = pem.split("\n").filter((l) => l !== "" && !l.startsWith("-----"));
    suiteSecrets.add(body.join(""));
    for (const line of body) suiteSecrets.add(line);
  }

  /** alice opens a PR adding `files` (the seed postmortem by default) and GitHub says so. */
  async openPullRequest(
    changes: Record<string, string> = { [PATH]: SEED },
    title = "Postmortem of the May 1 outage",
  ): Promise<number> {
    const pr = this.gh.state.openPullRequest(this.repo, {
      author: "alice",
      title,
      branch: `pm-${this.repo.nextNumber}`,
      changes,
    });
    const opened = await this.hooks.deliver(this.hooks.pullRequest(this.repo, pr.number, "opened"));
    expect(opened.status).toBe(200);
    return pr.number;
  }

  /** Merges the PR; returns the merge's `pull_request.closed` and `push` events. */
  merge(number: number): { closed: WebhookEvent; push: WebhookEvent } {
    const before = this.repo.branches.get(this.repo.defaultBranch) ?? "";
    this.gh.state.mergePullRequest(this.repo, number, { by: "alice", method: "squash" });
    return {
      closed: this.events.pullRequest(this.repo, number, "closed"),
      push: this.events.push(this.repo, { before, pusher: "alice" }),
    };
  }

  /** Delivers `event` with the same delivery id to every app at once, as a load balancer might. */
  async deliverToAll(event: WebhookEvent, id: string = randomUUID()): Promise<Delivery[]> {
    return Promise.all(this.senders.map((s) => s.deliver(event, { id })));
  }

  /** Issues the app filed for action items, by item key. */
  itemsByKey(): Map<string, number[]> {
    const byKey = new Map<string, number[]>();
    for (const issue of this.repo.issues.values()) {
      const marker = readMarker(issue.body, "item");
      if (marker === null || issue.user.login !== BOT) continue;
      byKey.set(marker.key, [...(byKey.get(marker.key) ?? []), issue.number]);
    }
    return byKey;
  }

  trackingIssues(): number[] {
    return [...this.repo.issues.values()]
      .filter((i) => i.user.login === BOT && readMarker(i.body, "tracking") !== null)
      .map((i) => i.number);
  }

  /** Resolves once the stand-in has received no request for `ms` (the apps are idle). */
  async quiet(ms: number): Promise<void> {
    let seen = -1;
    while (seen !== this.gh.requests.length) {
      seen = this.gh.requests.length;
      await delay(ms);
    }
  }

  lockHeld(): boolean {
    return this.gh.state.findLabel(this.repo, LOCK_LABEL) !== undefined;
  }

  /**
   * GitHub's final state: `expected` items each filed exactly once, one tracking issue, no lock
   * left behind. Records the case's row in the suite's table (before asserting, so a failure
   * shows in the table too).
   */
  expectFiledOnce(name: string, expected: number, options: { trackingIssues?: number } = {}): void {
    const byKey = this.itemsByKey();
    const filed = [...byKey.values()].reduce((n, numbers) => n + numbers.length, 0);
    const tracking = this.trackingIssues().length;
    const wantTracking = options.trackingIssues ?? 1;
    record({
      case: name,
      faults: this.gh.faults.injected.length + this.extraFaults,
      deliveries: this.deliveries,
      expected,
      filed: byKey.size,
      duplicates: filed - byKey.size + Math.max(0, tracking - wantTracking),
    });
    expect(byKey.size, "distinct items filed").toBe(expected);
    expect(filed, "item issues (duplicates included)").toBe(expected);
    expect(tracking, "tracking issues").toBe(wantTracking);
    expect(this.lockHeld(), "the repository lock was released").toBe(false);
  }
}
