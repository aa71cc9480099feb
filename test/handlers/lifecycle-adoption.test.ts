import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readMarker } from "../../src/core/issue-marker.js";
import {
  BOT_LOGIN,
  deliver,
  FakeGitHub,
  issueEvent,
  LOCK_LABEL,
  type FakeIssue,
} from "../helpers/github-mock.js";
import { makeProbot } from "../helpers/probot.js";
import { digestBody, seedDigest, seedHumanIssue } from "../helpers/tracked-repo.js";

/*
 * Adoption: a person adds the tracker label to an issue the app did not file. The app records it
 * in the registry (its digest issue's marker) with the default deadline and says so once on the
 * issue; removing the label drops it. Today is Thu 2026-11-26 (faked clock).
 */

const R = "/repos/acme/infra";
/** The tracker's issues: by the items' label, by the tracking label, by the app's login. */
const LISTS = Array<string>(3).fill(`GET ${R}/issues`);
const TOKEN = "POST /app/installations/1/access_tokens";
const CONFIG = [
  `GET ${R}/contents/.github/postmortem-tracker.yml`,
  "GET /repos/acme/.github/contents/.github/postmortem-tracker.yml",
];
const LOCK = `POST ${R}/labels`;
const UNLOCK = [`GET ${R}/labels/${LOCK_LABEL}`, `DELETE ${R}/labels/${LOCK_LABEL}`];
const ZWJ = "\u200D";

const ADOPTED_COMMENT = `postmortem-tracker now tracks this issue as an action item: @${ZWJ}carol added the label “postmortem-action”.

- **Due:** Sat 26 Dec 2026 (\`2026-12-26\`), the P2 policy: 30 days from Thu 26 Nov 2026
- To move the deadline, comment \`/due YYYY-MM-DD\`, \`/due +2w\` or \`/snooze 1w\`; \`/owner @login\` reassigns it and \`/wontfix <reason>\` closes it as not planned.
- It is listed in the weekly digest until it is closed. Remove the label to stop tracking it.

<!-- postmortem-tracker:adopted -->
`;

const STOPPED_COMMENT = `postmortem-tracker no longer tracks this issue: @${ZWJ}dave removed the label “postmortem-action”. It leaves the weekly digest; add the label again to track it with a fresh deadline.

<!-- postmortem-tracker:adoption-stopped -->
`;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-26T12:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

function label(issue: FakeIssue, name: string): void {
  issue.labels.push({ name, color: "d93f0b" });
}

function registry(digest: FakeIssue | undefined) {
  return readMarker(digest?.body, "digest")?.adopted;
}

describe("a person adds the tracker label to their own issue", () => {
  it("first adoption: creates the digest issue, records #1 due in 30 days (P2), comments once", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .config(null)
      .issueList()
      .issueRead()
      .lock()
      .issueCreate()
      .labelUpdate()
      .issueUpdate()
      .commentCreate();
    const issue = seedHumanIssue(gh);
    label(issue, "postmortem-action");

    const failure = await deliver(
      probot,
      issueEvent("labeled", issue, { sender: "carol", label: "postmortem-action" }),
    );

    expect(gh.calls()).toEqual([
      "GET /app",
      TOKEN,
      ...CONFIG,
      `GET ${R}/issues/1`, // the label, as GitHub has it now
      ...LISTS,
      LOCK,
      `GET ${R}/issues/1`,
      ...LISTS,
      `POST ${R}/issues`, // the digest issue, on first use
      `PATCH ${R}/labels/postmortem`, // its label, auto-created grey
      `PATCH ${R}/issues/2`, // the registry
      ...UNLOCK,
      `POST ${R}/issues/1/comments`,
    ]);
    const entry = { number: 1, due: "2026-12-26", priority: "P2", since: "2026-11-26" };
    expect(gh.bodies("POST", `${R}/issues`)).toEqual([
      {
        title: "Postmortem action items",
        body: digestBody([]),
        labels: ["postmortem"],
        assignees: [],
      },
    ]);
    expect(gh.bodies("PATCH", `${R}/issues/2`)).toEqual([{ body: digestBody([entry as never]) }]);
    expect(registry(gh.issues[1])).toEqual([entry]);
    expect(gh.bodies("POST", `${R}/issues/1/comments`)).toEqual([{ body: ADOPTED_COMMENT }]);
    // The human's issue itself is never edited.
    expect(gh.requests.some((r) => r.method === "PATCH" && r.path === `${R}/issues/1`)).toBe(false);
    expect(failure).toBeUndefined();
  });

  it("its priority label sets the deadline: priority: P1 is due in 14 days", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .config(null)
      .issueList()
      .issueRead()
      .lock()
      .issueUpdate()
      .commentCreate();
    const digest = seedDigest(gh, [
      { number: 9, due: "2027-01-01", priority: "P3", since: "2026-11-01" },
    ]);
    const issue = seedHumanIssue(gh, { labels: ["priority: P1"] });
    label(issue, "postmortem-action");

    const failure = await deliver(
      probot,
      issueEvent("labeled", issue, { sender: "carol", label: "postmortem-action" }),
    );

    expect(registry(digest)).toEqual([
      { number: 2, due: "2026-12-10", priority: "P1", since: "2026-11-26" },
      { number: 9, due: "2027-01-01", priority: "P3", since: "2026-11-01" },
    ]);
    expect(gh.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      LOCK,
      `PATCH ${R}/issues/1`,
      `DELETE ${R}/labels/${LOCK_LABEL}`,
      `POST ${R}/issues/2/comments`,
    ]);
    expect(failure).toBeUndefined();
  });

  it("a redelivery finds it adopted and its comment posted: 2 reads, no write", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .config(null)
      .issueList()
      .issueRead()
      .lock()
      .issueCreate()
      .labelUpdate()
      .issueUpdate()
      .commentList()
      .commentCreate();
    const issue = seedHumanIssue(gh);
    label(issue, "postmortem-action");
    const delivery = issueEvent("labeled", issue, { sender: "carol", label: "postmortem-action" });
    expect(await deliver(probot, delivery)).toBeUndefined();
    gh.clearRequests();

    const failure = await deliver(probot, delivery);

    expect(gh.calls()).toEqual([
      ...CONFIG,
      `GET ${R}/issues/1`,
      ...LISTS,
      `GET ${R}/issues/1/comments`,
    ]);
    expect(gh.comments).toHaveLength(1);
    expect(registry(gh.issues[1])).toHaveLength(1);
    expect(failure).toBeUndefined();
  });

  it("a redelivery after the registry write but before the comment posts the comment, once", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .config(null)
      .issueList()
      .issueRead()
      .commentList()
      .commentCreate();
    const entry = { number: 2, due: "2026-12-26", priority: "P2" as const, since: "2026-11-26" };
    seedDigest(gh, [entry]);
    const issue = seedHumanIssue(gh);
    label(issue, "postmortem-action");

    const failure = await deliver(
      probot,
      issueEvent("labeled", issue, { sender: "carol", label: "postmortem-action" }),
    );

    expect(gh.calls()).toEqual([
      "GET /app",
      TOKEN,
      ...CONFIG,
      `GET ${R}/issues/2`,
      ...LISTS,
      `GET ${R}/issues/2/comments`,
      `POST ${R}/issues/2/comments`,
    ]);
    expect(gh.bodies("POST", `${R}/issues/2/comments`)).toEqual([{ body: ADOPTED_COMMENT }]);
    expect(failure).toBeUndefined();
  });

  it("another label (bug) reads the config and does nothing else", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub().installationToken().appIdentity().config(null);
    const issue = seedHumanIssue(gh);
    label(issue, "bug");

    const failure = await deliver(probot, issueEvent("labeled", issue, { label: "bug" }));

    expect(gh.calls()).toEqual(["GET /app", TOKEN, ...CONFIG]);
    expect(failure).toBeUndefined();
  });

  it("a configured tracker label is the one that adopts", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .config("label:\n  name: follow-up\ndefaultPriority: P0\n")
      .issueList()
      .issueRead()
      .lock()
      .issueUpdate()
      .commentCreate();
    const digest = seedDigest(gh, []);
    const issue = seedHumanIssue(gh);
    label(issue, "Follow-Up");

    const failure = await deliver(
      probot,
      issueEvent("labeled", issue, { sender: "carol", label: "Follow-Up" }),
    );

    expect(registry(digest)).toEqual([
      { number: 2, due: "2026-12-03", priority: "P0", since: "2026-11-26" },
    ]);
    expect(gh.comments[0]?.body).toContain("the P0 policy: 7 days from Thu 26 Nov 2026");
    expect(failure).toBeUndefined();
  });
});

describe("late and out-of-order deliveries follow the label as it is now", () => {
  it("a `labeled` delivery that arrives after the label was removed adopts nothing", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .config(null)
      .issueRead()
      .issueList()
      .commentList();
    const digest = seedDigest(gh, []);
    const issue = seedHumanIssue(gh);
    label(issue, "postmortem-action");
    const late = issueEvent("labeled", issue, { sender: "carol", label: "postmortem-action" });
    issue.labels = [];

    const failure = await deliver(probot, late);

    expect(gh.writes()).toEqual([]);
    expect(registry(digest)).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it("an `unlabeled` delivery that arrives after the label was put back keeps the issue tracked", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .config(null)
      .issueRead()
      .issueList()
      .commentList();
    const entry = { number: 2, due: "2026-12-26", priority: "P2" as const, since: "2026-11-26" };
    const digest = seedDigest(gh, [entry]);
    const issue = seedHumanIssue(gh);
    gh.comments.push({
      id: 1,
      issue_number: 2,
      body: "adopted\n<!-- postmortem-tracker:adopted -->",
      user: { login: BOT_LOGIN, type: "Bot" },
      html_url: "https://github.com/acme/infra/issues/2#issuecomment-1",
      created_at: "2026-11-26T10:00:00Z",
    });
    const late = issueEvent("unlabeled", issue, { sender: "dave", label: "postmortem-action" });
    label(issue, "postmortem-action");

    const failure = await deliver(probot, late);

    expect(gh.writes()).toEqual([]);
    expect(registry(digest)).toEqual([entry]);
    expect(failure).toBeUndefined();
  });
});

describe("removing the tracker label stops tracking", () => {
  it("drops #2 from the registry (others stay) and says so briefly", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .config(null)
      .issueList()
      .issueRead()
      .lock()
      .issueUpdate()
      .commentCreate();
    const other = { number: 7, due: "2027-01-01", priority: "P3" as const, since: "2026-11-01" };
    const digest = seedDigest(gh, [
      { number: 2, due: "2026-12-26", priority: "P2", since: "2026-11-26" },
      other,
    ]);
    const issue = seedHumanIssue(gh);

    const failure = await deliver(
      probot,
      issueEvent("unlabeled", issue, { sender: "dave", label: "postmortem-action" }),
    );

    expect(gh.calls()).toEqual([
      "GET /app",
      TOKEN,
      ...CONFIG,
      `GET ${R}/issues/2`,
      ...LISTS,
      LOCK,
      `GET ${R}/issues/2`,
      ...LISTS,
      `PATCH ${R}/issues/1`,
      ...UNLOCK,
      `POST ${R}/issues/2/comments`,
    ]);
    expect(gh.bodies("PATCH", `${R}/issues/1`)).toEqual([{ body: digestBody([other]) }]);
    expect(registry(digest)).toEqual([other]);
    expect(gh.bodies("POST", `${R}/issues/2/comments`)).toEqual([{ body: STOPPED_COMMENT }]);
    expect(failure).toBeUndefined();
  });

  it("removing it from an issue that was never adopted writes nothing", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .config(null)
      .issueList()
      .issueRead()
      .commentList();
    seedDigest(gh, []);
    const issue = seedHumanIssue(gh);

    const failure = await deliver(
      probot,
      issueEvent("unlabeled", issue, { sender: "dave", label: "postmortem-action" }),
    );

    expect(gh.writes()).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it("the app's own label changes are skipped (it labels the issues it files)", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub().appIdentity();
    const issue = seedHumanIssue(gh);
    label(issue, "postmortem-action");

    const failure = await deliver(
      probot,
      issueEvent("labeled", issue, { sender: BOT_LOGIN, label: "postmortem-action" }),
    );

    expect(gh.calls()).toEqual(["GET /app"]);
    expect(failure).toBeUndefined();
  });
});
