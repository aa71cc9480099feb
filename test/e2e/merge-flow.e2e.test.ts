import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readMarker } from "../../src/core/issue-marker.js";
import {
  handled,
  LocalGitHub,
  startApp,
  WebhookSender,
  type Repository,
  type RunningApp,
} from "../local-github/index.js";
import { pinnedClock } from "./pinned-clock.js";

/*
 * The whole app over real HTTP: Probot's server started as `npm start` starts it (only the
 * environment differs), a local GitHub that checks every call against GitHub's OpenAPI
 * description, and webhooks signed with the app's secret.
 */

const SECRET = "e2e-webhook-secret-7f3a9c";
const PATH = "postmortems/2026-05-01-outage.md";
const SEED = readFileSync(new URL("../fixtures/postmortems/seed.md", import.meta.url), "utf8");
const BOT = "postmortem-tracker[bot]";
const ITEM_LABEL = "postmortem-action";
const TRACKING_LABEL = "postmortem";

const MERGE_INSTANT = "2026-11-26T10:00:00Z";

// Starting the app, compiling schemas and a few real HTTP round trips: seconds, not milliseconds.
describe("the app against a local GitHub, over HTTP", { timeout: 30_000 }, () => {
  let gh: LocalGitHub;
  let app: RunningApp;
  let hooks: WebhookSender;
  let repo: Repository;

  beforeEach(async () => {
    // The merge happens on 2026-11-26, so a P2 item's 30-day deadline is 2026-12-26 on any day.
    // The app runs in this process and reads the wall clock (today's date decides, for one, which
    // postmortems an installation backfills), so its Date starts at the same instant as the local
    // GitHub's clock and runs at real speed; timers stay real.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse(MERGE_INSTANT), shouldAdvanceTime: true });
    gh = await LocalGitHub.start({ clock: pinnedClock(MERGE_INSTANT) });
    repo = gh.state.createRepository({
      owner: "acme",
      name: "infra",
      files: { "README.md": "# infra\n" },
    });
    gh.state.addCollaborator(repo, "alice", "write");
    gh.state.installApp("acme", [repo]);
    app = await startApp(gh, { webhookSecret: SECRET });
    hooks = new WebhookSender(gh.state, {
      url: app.webhookUrl,
      secret: SECRET,
      settle: () => app.idle(),
    });
  });

  afterEach(async () => {
    await app.stop();
    await gh.close();
    vi.useRealTimers();
  });

  function labelsOf(ids: number[]): string[] {
    return ids.map((id) => repo.labels.get(id)?.name ?? "?").sort();
  }

  function issuesLabelled(name: string) {
    return [...repo.issues.values()].filter(
      (i) => i.pullNumber === null && labelsOf(i.labelIds).includes(name),
    );
  }

  /** Opens the seed PR by alice and tells the app, as GitHub would. */
  async function openSeedPullRequest() {
    const pr = gh.state.openPullRequest(repo, {
      author: "alice",
      title: "Postmortem of the May 1 outage",
      branch: "postmortem-may-1",
      changes: { [PATH]: SEED },
    });
    const opened = await hooks.deliver(hooks.pullRequest(repo, pr.number, "opened"));
    await handled(app, opened);
    return pr;
  }

  /** GitHub's final state: each of the seed's items filed exactly once, nothing missing. */
  function expectSeedFiledOnce(prNumber: number): void {
    const pr = { number: prNumber };
    const items = issuesLabelled(ITEM_LABEL);
    expect(items).toHaveLength(5);
    expect(new Set(items.map((i) => readMarker(i.body ?? "", "item")?.key)).size).toBe(5);
    for (const item of items) {
      expect(item.user.login).toBe(BOT);
      expect(item.state).toBe("open");
      expect(item.assignees.map((a) => a.login)).toEqual(["alice"]);
      expect(labelsOf(item.labelIds)).toEqual([ITEM_LABEL, "priority: P2"]);
      expect(readMarker(item.body ?? "", "item")).toMatchObject({ path: PATH, due: "2026-12-26" });
    }
    const tracking = issuesLabelled(TRACKING_LABEL);
    expect(tracking).toHaveLength(1);
    expect(readMarker(tracking[0]?.body ?? "", "tracking")).toMatchObject({
      path: PATH,
      pr: pr.number,
    });
    for (const item of items) expect(tracking[0]?.body).toContain(`#${item.number}`);
    expect([...repo.issues.values()].filter((i) => i.pullNumber === null)).toHaveLength(6);

    const prComments = [...repo.comments.values()].filter((c) => c.issueNumber === pr.number);
    expect(prComments.map((c) => c.user.login)).toEqual([BOT]);
    expect(readMarker(prComments[0]?.body ?? "", "summary")).toMatchObject({ pr: pr.number });

    // GitHub auto-created the labels grey; the app coloured them, and released its lock.
    expect([...repo.labels.values()].filter((l) => l.color === "ededed")).toEqual([]);
    expect(gh.state.findLabel(repo, "postmortem-tracker-lock")).toBeUndefined();
  }

  it("a merged postmortem files its five items once each, with owner and labels, a tracking issue and one PR comment", async () => {
    const pr = await openSeedPullRequest();
    const before = repo.branches.get(repo.defaultBranch) ?? "";
    const requestsBeforeMerge = gh.requests.length;
    gh.state.mergePullRequest(repo, pr.number, { by: "alice", method: "merge" });

    // GitHub sends both events for a merge; the second must find everything in place.
    const closed = await hooks.deliver(hooks.pullRequest(repo, pr.number, "closed"));
    const afterClosed = gh.requests.length;
    const push = await hooks.deliver(hooks.push(repo, { before, pusher: "alice" }));
    expect([closed.status, push.status]).toEqual([200, 200]);

    expectSeedFiledOnce(pr.number);

    // The push of the same merge read, found everything filed, and wrote nothing.
    expect(gh.requests.slice(afterClosed).filter((r) => r.method !== "GET")).toEqual([]);
    const merge = gh.requests.slice(requestsBeforeMerge, afterClosed);
    console.log(
      `merge over HTTP: ${merge.length} requests, ${merge.filter((r) => r.method !== "GET").length} writes ` +
        `for pull_request.closed; ${gh.requests.length - afterClosed} reads for the push`,
    );

    // Nothing the app sent or the stand-in answered broke GitHub's description.
    gh.assertNoViolations();
    // No token or private key reached the logs.
    const logText = app.rawLogs.join("\n");
    for (const token of gh.tokens.all()) expect(logText).not.toContain(token);
    expect(logText).not.toContain(gh.app.privateKey.split("\n")[1]);
  });

  it("a secondary rate limit on a create is waited out (retry-after) and every item is still filed once", async () => {
    const pr = await openSeedPullRequest();
    gh.state.mergePullRequest(repo, pr.number, { by: "alice" });
    gh.faults.add({
      operation: "POST /repos/{owner}/{repo}/issues",
      skip: 2,
      action: { kind: "secondary-rate-limit", status: 403, retryAfterSeconds: 1 },
    });

    const closed = await hooks.deliver(hooks.pullRequest(repo, pr.number, "closed"));

    await handled(app, closed);
    expect(gh.faults.injected).toHaveLength(1);
    expectSeedFiledOnce(pr.number);
    gh.assertNoViolations();
  });

  it("a create answered 502 after GitHub filed it is found by its marker, not filed twice", async () => {
    const pr = await openSeedPullRequest();
    gh.state.mergePullRequest(repo, pr.number, { by: "alice" });
    gh.faults.add({
      operation: "POST /repos/{owner}/{repo}/issues",
      skip: 1,
      action: { kind: "after-commit", status: 502 },
    });

    const first = await hooks.deliver(hooks.pullRequest(repo, pr.number, "closed"));

    await handled(app, first);
    expectSeedFiledOnce(pr.number);
    // A redelivery (same id) finds it all in place and writes nothing.
    const writes = gh.writes().length;
    const again = await hooks.deliver(hooks.pullRequest(repo, pr.number, "closed"), {
      id: first.id,
    });
    await handled(app, again);
    expect(gh.writes()).toHaveLength(writes);
    expect(gh.faults.injected).toHaveLength(1);
    expectSeedFiledOnce(pr.number);
    gh.assertNoViolations();
  });

  it("installing the app files the items of a postmortem already on the default branch", async () => {
    const other = gh.state.createRepository({
      owner: "acme",
      name: "payments",
      files: { [PATH]: SEED },
    });
    gh.state.addCollaborator(other, "alice", "write");
    const installation = gh.state.installApp("acme", [other]);

    const delivery = await hooks.deliver(hooks.installationCreated(installation, "alice"));

    await handled(app, delivery);
    const filed = [...other.issues.values()];
    expect(filed.filter((i) => readMarker(i.body ?? "", "item") !== null)).toHaveLength(5);
    expect(filed.filter((i) => readMarker(i.body ?? "", "tracking") !== null)).toHaveLength(1);
    gh.assertNoViolations();
  });

  it.each([
    ["a wrong", "wrong"],
    ["a missing", "missing"],
  ] as const)("a webhook with %s signature is refused and nothing runs", async (_, signature) => {
    const pr = gh.state.openPullRequest(repo, {
      author: "alice",
      title: "Postmortem of the May 1 outage",
      branch: "postmortem-may-1",
      changes: { [PATH]: SEED },
    });
    gh.state.mergePullRequest(repo, pr.number, { by: "alice", method: "squash" });

    const delivery = await hooks.deliver(hooks.pullRequest(repo, pr.number, "closed"), {
      signature,
    });

    expect(delivery.status).toBe(400);
    expect(gh.requests).toEqual([]);
    expect([...repo.issues.values()].filter((i) => i.pullNumber === null)).toEqual([]);
    expect(repo.comments.size).toBe(0);
    gh.assertNoViolations();
  });
});
