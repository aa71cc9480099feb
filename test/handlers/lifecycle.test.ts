import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readMarker, renderMarker } from "../../src/core/issue-marker.js";
import {
  BOT_LOGIN,
  deliver,
  FakeGitHub,
  issueEvent,
  LOCK_LABEL,
  type FakeIssue,
} from "../helpers/github-mock.js";
import { makeProbot } from "../helpers/probot.js";
import { itemMarker, seedHumanIssue, seedTracked, trackingBody } from "../helpers/tracked-repo.js";

/*
 * Issue lifecycle: closing and reopening an item issue ticks and unticks it in its postmortem's
 * tracking issue; assignment changes need no write; the app's own actions and forged markers are
 * ignored. GitHub is the stateful fake; every request is recorded and asserted.
 */

const R = "/repos/acme/infra";
const TOKEN = "POST /app/installations/1/access_tokens";
const CONFIG = [
  `GET ${R}/contents/.github/postmortem-tracker.yml`,
  "GET /repos/acme/.github/contents/.github/postmortem-tracker.yml",
];
/** The tracker's issues: by the items' label, by the tracking label, by the app's login. */
const LISTS = Array<string>(3).fill(`GET ${R}/issues`);
const LOCKED = [`POST ${R}/labels`, ...LISTS];
const UNLOCK = [`GET ${R}/labels/${LOCK_LABEL}`, `DELETE ${R}/labels/${LOCK_LABEL}`];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-26T12:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

function close(issue: FakeIssue, reason: "completed" | "not_planned"): void {
  issue.state = "closed";
  issue.state_reason = reason;
  issue.closed_at = "2026-11-26T11:00:00Z";
}

function reopen(issue: FakeIssue): void {
  issue.state = "open";
  issue.state_reason = "reopened";
  issue.closed_at = null;
}

/** Routes a tick needs: config, read the tracker's issues, lock, update the tracking issue, unlock. */
function tickRoutes(gh: FakeGitHub): FakeGitHub {
  return gh.installationToken().appIdentity().config(null).issueList().lock().issueUpdate();
}

describe("closing and reopening an item issue keeps its tracking issue true", () => {
  it("closed (completed) by a person: #2 is ticked in the tracking issue, 1 read, then lock, re-read, 1 update", async () => {
    const { probot } = await makeProbot();
    const gh = tickRoutes(new FakeGitHub());
    const { items, tracking } = seedTracked(gh);
    close(items[1], "completed");

    const failure = await deliver(probot, issueEvent("closed", items[1], { sender: "alice" }));

    expect(gh.calls()).toEqual([
      "GET /app",
      TOKEN,
      ...CONFIG,
      ...LISTS,
      ...LOCKED,
      `PATCH ${R}/issues/4`,
      ...UNLOCK,
    ]);
    expect(gh.bodies("PATCH", `${R}/issues/4`)).toEqual([{ body: trackingBody([2]) }]);
    expect(tracking.body).toContain("- [x] #2\n");
    expect(tracking.body).toContain("3 action items: 1 closed, 2 open.");
    expect(gh.requests.filter((r) => r.path === `${R}/issues`).map((r) => r.query)).toEqual(
      Array(2)
        .fill([
          { labels: "postmortem-action", state: "all", per_page: "100" },
          { labels: "postmortem", state: "all", per_page: "100" },
          { creator: BOT_LOGIN, state: "all", per_page: "100" },
        ])
        .flat(),
    );
    expect(failure).toBeUndefined();
  });

  it("closed as not planned is ticked and marked won't do in the tracking issue", async () => {
    const { probot } = await makeProbot();
    const gh = tickRoutes(new FakeGitHub());
    const { items, tracking } = seedTracked(gh);
    close(items[0], "not_planned");

    const failure = await deliver(probot, issueEvent("closed", items[0], { sender: "alice" }));

    expect(gh.bodies("PATCH", `${R}/issues/4`)).toEqual([{ body: trackingBody([1], [1]) }]);
    expect(tracking.body).toContain("- [x] #1 (won't do)\n");
    expect(tracking.body).toContain("3 action items: 1 closed (1 won't do), 2 open.");
    expect(failure).toBeUndefined();
  });

  it("reopened: #2 is unticked again", async () => {
    const { probot } = await makeProbot();
    const gh = tickRoutes(new FakeGitHub());
    const { items, tracking } = seedTracked(gh);
    tracking.body = trackingBody([1, 2]);
    reopen(items[1]);

    const failure = await deliver(probot, issueEvent("reopened", items[1], { sender: "bob" }));

    expect(gh.bodies("PATCH", `${R}/issues/4`)).toEqual([{ body: trackingBody([1]) }]);
    expect(gh.writes()).toHaveLength(3); // lock, the update, unlock
    expect(failure).toBeUndefined();
  });

  it("a redelivery finds the checklist right: 1 read, no lock, no write", async () => {
    const { probot } = await makeProbot();
    const gh = tickRoutes(new FakeGitHub());
    const { items } = seedTracked(gh);
    close(items[1], "completed");
    const delivery = issueEvent("closed", items[1], { sender: "alice", id: "d-close" });
    expect(await deliver(probot, delivery)).toBeUndefined();
    gh.clearRequests();

    const failure = await deliver(probot, delivery);

    expect(gh.calls()).toEqual([...CONFIG, ...LISTS]);
    expect(failure).toBeUndefined();
  });

  it("a late `closed` after the issue was reopened changes nothing: the state is read from GitHub", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub().installationToken().appIdentity().config(null).issueList();
    const { items, tracking } = seedTracked(gh);
    close(items[1], "completed");
    const late = issueEvent("closed", items[1], { sender: "alice" });
    reopen(items[1]);

    const failure = await deliver(probot, late);

    expect(gh.calls()).toEqual(["GET /app", TOKEN, ...CONFIG, ...LISTS]);
    expect(tracking.body).toBe(trackingBody());
    expect(failure).toBeUndefined();
  });

  it("closed by the app itself (a /wontfix or a sync already ticked it): only the bot login is read", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub().appIdentity();
    const { items } = seedTracked(gh);
    close(items[1], "completed");

    const failure = await deliver(probot, issueEvent("closed", items[1], { sender: BOT_LOGIN }));

    expect(gh.calls()).toEqual(["GET /app"]);
    expect(failure).toBeUndefined();
  });

  it("closed by another bot (a stale bot) is a real close: ticked", async () => {
    const { probot } = await makeProbot();
    const gh = tickRoutes(new FakeGitHub());
    const { items } = seedTracked(gh);
    close(items[2], "not_planned");

    const failure = await deliver(probot, issueEvent("closed", items[2], { sender: "stale[bot]" }));

    expect(gh.bodies("PATCH", `${R}/issues/4`)).toEqual([{ body: trackingBody([3], [3]) }]);
    expect(failure).toBeUndefined();
  });
});

describe("what does not count", () => {
  it("an outsider's issue with a copied item marker: closing it asks the author's role once and writes nothing", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub().installationToken().appIdentity().collaboratorPermission();
    gh.roles.set("carol", "read");
    const { tracking } = seedTracked(gh);
    const forged = seedHumanIssue(gh, {
      body: `Copied from #2:\n\n${renderMarker(itemMarker(1))}\n`,
      labels: ["postmortem-action"],
    });
    expect(readMarker(forged.body, "item")?.path).toBe(itemMarker(1).path);
    close(forged, "completed");

    const failure = await deliver(probot, issueEvent("closed", forged, { sender: "carol" }));

    expect(gh.calls()).toEqual(["GET /app", TOKEN, `GET ${R}/collaborators/carol/permission`]);
    expect(tracking.body).toBe(trackingBody());
    expect(failure).toBeUndefined();
  });

  it("an item filed with a maintainer's personal token counts: closing it ticks the checklist", async () => {
    const { probot } = await makeProbot();
    const gh = tickRoutes(new FakeGitHub()).collaboratorPermission();
    gh.roles.set("mia", "maintain");
    const { items, tracking } = seedTracked(gh);
    items[1].user = { login: "mia", type: "User" };
    close(items[1], "completed");

    const failure = await deliver(probot, issueEvent("closed", items[1], { sender: "alice" }));

    expect(tracking.body).toContain("- [x] #2\n");
    // The role is asked once, though the listing meets mia's issue twice.
    expect(gh.calls().filter((c) => c.endsWith("/permission"))).toEqual([
      `GET ${R}/collaborators/mia/permission`,
    ]);
    expect(failure).toBeUndefined();
  });

  it("closing an issue without any marker costs no request", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub();
    const issue = seedHumanIssue(gh);
    close(issue, "completed");

    const failure = await deliver(probot, issueEvent("closed", issue));

    expect(gh.requests).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it.each(["assigned", "unassigned"] as const)(
    "%s: nothing to write (the digest reads assignees live; the tracking issue shows none), no request",
    async (action) => {
      const { probot } = await makeProbot();
      const gh = new FakeGitHub();
      const { items } = seedTracked(gh);
      if (action === "assigned") items[2].assignees = [{ login: "bob" }];

      const failure = await deliver(
        probot,
        issueEvent(action, items[2], { sender: "alice", assignee: "bob" }),
      );

      expect(gh.requests).toEqual([]);
      expect(failure).toBeUndefined();
    },
  );

  it("a label change on the app's own item issue neither adopts nor drops it", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub().appIdentity();
    const { items } = seedTracked(gh);
    items[0].labels = items[0].labels.filter((l) => l.name !== "postmortem-action");

    const failure = await deliver(
      probot,
      issueEvent("unlabeled", items[0], { sender: "alice", label: "postmortem-action" }),
    );

    expect(gh.calls()).toEqual(["GET /app"]);
    expect(failure).toBeUndefined();
  });
});
