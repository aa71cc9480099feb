import { describe, expect, it } from "vitest";
import { readMarker } from "../../src/core/issue-marker.js";
import {
  BOT_LOGIN,
  deliver,
  FakeGitHub,
  LOCK_LABEL,
  MERGE_SHA,
  MERGED_AT,
  pullRequestClosed,
  push,
  readFixture,
  REPO_URL,
} from "../helpers/github-mock.js";
import { makeProbot } from "../helpers/probot.js";
import { ProbotOctokit } from "probot";
import app from "../../src/index.js";
import { processLeases } from "../../src/github/process-lease.js";

/*
 * "File action items on merge, exactly once": the seed postmortem merged in PR #42 by alice.
 * GitHub is the stateful fake of test/helpers/github-mock.ts; every request is recorded.
 */

const PATH = "postmortems/2026-05-01-outage.md";
const SEED = readFixture("seed.md");
const R = "/repos/acme/infra";
/** The tracker's issues: by the items' label, by the tracking label, by the app's login. */
const LISTS = Array<string>(3).fill(`GET ${R}/issues`);
/** The first listing in a process also learns the app's login for the creator query (cached). */
const LISTS_LEARNING_LOGIN = [`GET ${R}/issues`, `GET ${R}/issues`, "GET /app", `GET ${R}/issues`];
const BLOB = `${REPO_URL}/blob/${MERGE_SHA}/${PATH}`;
const ZWJ = "\u200D";

/** The seed's five items, as the planner reads them (keys are the README's contract). */
const ITEMS = [
  {
    line: 27,
    key: "fbcfd41c04c2",
    text: "Pushing all intended changes first to our test environments before shipping to the live server.",
  },
  {
    line: 28,
    key: "f4719499607d",
    text: "Increase the performance metrics threshold to alert on-call engineers in the event of a possible server crash",
  },
  {
    line: 32,
    key: "58c93137bcd0",
    text: "Develop and implement additional testing procedures for website updates and integrations.",
  },
  {
    line: 33,
    key: "6fc7a54a1db3",
    text: "Update monitoring and alerting systems to detect and respond to similar issues more quickly.",
  },
  {
    line: 34,
    key: "185471e2f0a3",
    text: "Develop and document incident response procedures to ensure issues are resolved as efficiently as possible.",
  },
].map((item) => ({ ...item, title: item.text.replace(/\.$/, "") }));

/** Requests as `METHOD /path`. */
const AUTH = ["POST /app/installations/1/access_tokens"];
const READS_BEFORE_SYNC = [
  `GET ${R}/pulls/42/files`,
  `GET ${R}/contents/.github/postmortem-tracker.yml`,
  // Probot's context.config falls back to the owner's .github repository on a 404.
  "GET /repos/acme/.github/contents/.github/postmortem-tracker.yml",
  `GET ${R}/contents/${PATH}`,
];
const LIST = `GET ${R}/issues`;
const CREATE = `POST ${R}/issues`;
const LOCK = `POST ${R}/labels`;
const UNLOCK = [`GET ${R}/labels/${LOCK_LABEL}`, `DELETE ${R}/labels/${LOCK_LABEL}`];

/** Everything a first merge of the seed touches, fresh repository, alice assignable. */
function seedRepo(lock: "label" | "lease" = "label", labelsExist = false): FakeGitHub {
  const gh = new FakeGitHub();
  // Labels made on a repository's first merge are fixed (coloured) once.
  if (!labelsExist) gh.labelUpdate();
  // A lease holder only reads the label lock (see repo-lock.ts).
  if (lock === "lease") gh.labelGet();
  else gh.lock();
  gh.assignable.add("alice");
  return gh
    .installationToken()
    .appIdentity()
    .config(null)
    .pullFiles(42, [{ filename: PATH, status: "added" }])
    .file(PATH, MERGE_SHA, SEED)
    .issueList()
    .assigneeCheck()
    .issueCreate()
    .commentList()
    .commentCreate();
}

interface IssueBody {
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
}

/** The item issues in the store, by marker key, to prove each item exists exactly once. */
function itemKeys(gh: FakeGitHub): string[] {
  return gh
    .issuesLabelled("postmortem-action")
    .map((i) => readMarker(i.body, "item")?.key ?? "no marker")
    .sort();
}

const ALL_KEYS = ITEMS.map((i) => i.key).sort();

describe("a merged postmortem files one issue per action item, exactly once", () => {
  it("1. squash merge of the seed (PR #42 by alice): 30 requests, 12 writes (lock, 5 issues, 3 label fixes, tracking issue, PR comment, unlock)", async () => {
    const { probot } = await makeProbot();
    const gh = seedRepo();

    const failure = await deliver(probot, pullRequestClosed());

    expect(gh.calls()).toEqual([
      ...AUTH,
      ...READS_BEFORE_SYNC,
      ...LISTS_LEARNING_LOGIN,
      LOCK,
      ...LISTS,
      `GET ${R}/assignees/alice`,
      CREATE,
      // The first create shows both labels grey (#ededed, auto-created): each is fixed once.
      `PATCH ${R}/labels/postmortem-action`,
      `PATCH ${R}/labels/priority: P2`,
      CREATE,
      CREATE,
      CREATE,
      CREATE,
      // The read-back: a run without the lock (the CLI beside a server) may have filed copies.
      ...LISTS,
      // The PR summary comes before the tracking issue: a tracking issue implies its summary.
      `GET ${R}/issues/42/comments`,
      `POST ${R}/issues/42/comments`,
      CREATE, // the tracking issue
      `PATCH ${R}/labels/postmortem`, // its label, also auto-created grey
      ...UNLOCK,
    ]);
    expect(gh.requests).toHaveLength(30);
    expect(gh.writes()).toHaveLength(12);

    // The tracker's issues, whoever filed them: by each of its labels, then by the app's login.
    expect(gh.requests.filter((r) => `${r.method} ${r.path}` === LIST).map((r) => r.query)).toEqual(
      Array(3)
        .fill([
          { labels: "postmortem-action", state: "all", per_page: "100" },
          { labels: "postmortem", state: "all", per_page: "100" },
          { creator: BOT_LOGIN, state: "all", per_page: "100" },
        ])
        .flat(),
    );
    expect(gh.bodies("POST", `${R}/labels`)).toEqual([
      {
        name: LOCK_LABEL,
        color: "ededed",
        description: expect.stringMatching(
          /^postmortem-tracker lock [\w-]+ expires \d{4}-\d\d-\d\dT[\d:.]+Z$/,
        ) as unknown,
      },
    ]);

    const creates = gh.bodies("POST", `${R}/issues`) as IssueBody[];
    expect(creates).toHaveLength(6);
    for (const [index, item] of ITEMS.entries()) {
      const create = creates[index];
      expect(create).toEqual({
        title: item.title,
        body: expect.any(String) as unknown,
        labels: ["postmortem-action", "priority: P2"],
        assignees: ["alice"],
      });
      const body = create?.body ?? "";
      expect(body).toContain(item.text);
      expect(body).toContain("`2026-12-26`"); // merged 2026-11-26 + 30 days (P2 policy)
      expect(body).toContain(`(${BLOB}#L${item.line})`);
      expect(body).toContain("#42");
      expect(body).toContain("**Owner:** @alice");
      expect(readMarker(body, "item")).toEqual({
        v: 1,
        kind: "item",
        path: PATH,
        key: item.key,
        due: "2026-12-26",
        priority: "P2",
      });
    }

    expect(gh.bodies("PATCH", `${R}/labels/postmortem-action`)).toEqual([
      { color: "d93f0b", description: "Action item from a postmortem" },
    ]);
    expect(gh.bodies("PATCH", `${R}/labels/priority: P2`)).toEqual([
      { color: "fbca04", description: "Postmortem action items of priority P2" },
    ]);

    const tracking = creates[5];
    expect(tracking).toEqual({
      title: "Postmortem: 0x19. Postmortem",
      body: expect.any(String) as unknown,
      labels: ["postmortem"],
      assignees: [],
    });
    expect(tracking?.body).toContain("- [ ] #1\n- [ ] #2\n- [ ] #3\n- [ ] #4\n- [ ] #5\n");
    expect(readMarker(tracking?.body, "tracking")).toEqual({
      v: 1,
      kind: "tracking",
      path: PATH,
      pr: 42,
    });

    const comments = gh.bodies("POST", `${R}/issues/42/comments`) as { body: string }[];
    expect(comments).toHaveLength(1);
    const summary = comments[0]?.body ?? "";
    for (const [index, item] of ITEMS.entries()) {
      expect(summary).toContain(
        `| #${index + 1} | [${item.title}](${BLOB}#L${item.line}) | @${ZWJ}alice | Sat 26 Dec 2026 | P2 |`,
      );
    }
    // Written before the tracking issue exists (so a tracking issue implies its summary); the
    // tracking issue links back to #42 instead.
    expect(summary).not.toContain("Tracking issue");

    expect(itemKeys(gh)).toEqual(ALL_KEYS);
    expect(gh.issuesLabelled("postmortem")).toHaveLength(1);
    expect(gh.labels.has(LOCK_LABEL)).toBe(false);
    expect(failure).toBeUndefined();
  });

  it("2. a redelivery of the same merge writes nothing: 7 reads (PR files, config + owner fallback, the postmortem, the three issue lists), 0 writes", async () => {
    const { probot } = await makeProbot();
    const gh = seedRepo();
    const delivery = pullRequestClosed({ id: "redelivered-guid" });
    // Set-up: the first delivery files the issues (case 1); its outcome is checked last.
    const setUp = await deliver(probot, delivery);
    expect(gh.issues).toHaveLength(6);
    gh.clearRequests();

    // GitHub redelivers with the same X-GitHub-Delivery id; token and bot login are cached.
    const failure = await deliver(probot, delivery);

    expect(gh.calls()).toEqual([...READS_BEFORE_SYNC, ...LISTS]);
    expect(gh.writes()).toEqual([]);
    expect(gh.issues).toHaveLength(6);
    expect(failure).toBeUndefined();
    expect(setUp, "the set-up merge (case 1) failed").toBeUndefined();
  });

  it("3. the push of the same merge, delivered after pull_request.closed, finds PR #42 (GET commits/{sha}/pulls) and writes nothing", async () => {
    const { probot } = await makeProbot();
    const gh = seedRepo().commitPulls(MERGE_SHA, [
      { number: 42, author: "alice", mergedAt: MERGED_AT },
    ]);
    const setUp = await deliver(probot, pullRequestClosed());
    expect(gh.issues).toHaveLength(6);
    gh.clearRequests();

    const failure = await deliver(probot, push({ added: [PATH] }));

    expect(gh.calls()).toEqual([
      `GET ${R}/contents/.github/postmortem-tracker.yml`,
      "GET /repos/acme/.github/contents/.github/postmortem-tracker.yml",
      `GET ${R}/commits/${MERGE_SHA}/pulls`,
      `GET ${R}/contents/${PATH}`,
      ...LISTS,
    ]);
    expect(gh.writes()).toEqual([]);
    expect(failure).toBeUndefined();
    expect(setUp, "the set-up merge (case 1) failed").toBeUndefined();
  });

  it("4. pull_request.closed and push delivered concurrently: one holds the lock, the other waits (one 2 s poll) and finds 5 item issues + 1 tracking issue", async () => {
    const { probot } = await makeProbot();
    const gh = seedRepo().commitPulls(MERGE_SHA, [
      { number: 42, author: "alice", mergedAt: MERGED_AT },
    ]);

    const started = Date.now();
    const failures = await Promise.all([
      deliver(probot, pullRequestClosed()),
      deliver(probot, push({ added: [PATH] })),
    ]);
    const elapsed = Date.now() - started;

    expect(itemKeys(gh)).toEqual(ALL_KEYS);
    expect(gh.issuesLabelled("postmortem")).toHaveLength(1);
    expect(gh.issues).toHaveLength(6);
    expect(gh.bodies("POST", `${R}/issues`)).toHaveLength(6);
    // Created by the first, refused (422 already_exists) to the second, created after its wait.
    expect(
      gh.requests.filter((r) => `${r.method} ${r.path}` === LOCK).map((r) => r.status),
    ).toEqual([201, 422, 201]);
    expect(gh.labels.has(LOCK_LABEL)).toBe(false);
    expect(gh.comments.filter((c) => c.issue_number === 42)).toHaveLength(1);
    // The lock polls every 2 s (syncPostmortems passes no options): one real wait.
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(5000);
    expect(failures).toEqual([undefined, undefined]);
  }, 15_000);

  it("1b. with the server's lock (a lease in memory, one replica) and labels already made: N creates + PR comment + tracking issue, nothing else written", async () => {
    const leases = processLeases();
    const { probot } = await makeProbot(
      app,
      ProbotOctokit.plugin(() => ({ repoLeases: leases })),
    );
    const gh = seedRepo("lease", true);
    // Not the repository's first merge: its labels exist in their colours.
    for (const name of ["postmortem-action", "priority: P2", "postmortem"])
      gh.labels.set(name.toLowerCase(), { name, color: "5319e7", description: null });

    const failure = await deliver(probot, pullRequestClosed());

    expect(failure).toBeUndefined();
    expect(gh.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      ...Array<string>(5).fill(CREATE),
      `POST ${R}/issues/42/comments`,
      CREATE, // the tracking issue
    ]);
    // One read of the label lock, so that a CLI or Action holding it is waited for.
    expect(gh.calls().filter((c) => c === `GET ${R}/labels/${LOCK_LABEL}`)).toHaveLength(1);
    expect(itemKeys(gh)).toEqual(ALL_KEYS);
    expect(await leases.remainingMs("postmortem-tracker:lock:acme/infra")).toBe(0);
  });

  it("1c. with the server's lock, a label lock held by the CLI is waited for, and the sync then finds the CLI's issues", async () => {
    const leases = processLeases();
    const { probot } = await makeProbot(
      app,
      ProbotOctokit.plugin(() => ({ repoLeases: leases })),
    );
    const gh = seedRepo("lease");
    const expires = new Date(Date.now() + 60_000).toISOString();
    gh.labels.set(LOCK_LABEL, {
      name: LOCK_LABEL,
      color: "ededed",
      description: `postmortem-tracker lock cli-run expires ${expires}`,
    });
    // The CLI finishes 300 ms later: the lock label goes.
    setTimeout(() => gh.labels.delete(LOCK_LABEL), 300);

    const failure = await deliver(probot, pullRequestClosed());

    expect(failure).toBeUndefined();
    const lockReads = gh.requests.filter(
      (r) => `${r.method} ${r.path}` === `GET ${R}/labels/${LOCK_LABEL}`,
    );
    expect(lockReads.map((r) => r.status)).toEqual([200, 404]);
    expect(gh.writes().some((r) => r.path.includes("/labels") && r.method !== "PATCH")).toBe(false);
    expect(itemKeys(gh)).toEqual(ALL_KEYS);
  }, 10_000);

  it("1d. another writer without this lock (the CLI beside a server) files the first item at the same moment: the read-back closes this run's copy as a duplicate", async () => {
    const leases = processLeases();
    const { probot } = await makeProbot(
      app,
      ProbotOctokit.plugin(() => ({ repoLeases: leases })),
    );
    const gh = seedRepo("lease").issueUpdate();
    let raced = false;
    gh.beforeIssueCreate = (body) => {
      if (raced) return;
      raced = true;
      // The other writer's create lands first, so it has the lower number.
      gh.addIssue({
        title: body.title,
        body: body.body ?? null,
        labels: ["postmortem-action"],
        assignees: ["alice"],
        author: BOT_LOGIN,
      });
    };

    const failure = await deliver(probot, pullRequestClosed());

    expect(failure).toBeUndefined();
    const first = ITEMS[0]?.key;
    const copies = gh.issues.filter((i) => readMarker(i.body, "item")?.key === first);
    expect(copies.map((i) => [i.number, i.state, i.state_reason])).toEqual([
      [1, "open", null],
      [2, "closed", "duplicate"],
    ]);
    expect(gh.comments.filter((c) => c.issue_number === 2).map((c) => c.body)).toEqual([
      expect.stringContaining("This issue is a copy of #1") as unknown,
    ]);
    const open = gh.issues.filter((i) => i.state === "open" && readMarker(i.body, "item"));
    expect(open.map((i) => readMarker(i.body, "item")?.key).sort()).toEqual(ALL_KEYS);
    const tracking = gh.issuesLabelled("postmortem")[0]?.body ?? "";
    expect(tracking).toContain("- [ ] #1");
    expect(tracking).not.toContain("#2");
  });

  it.each([
    { which: "the first item's", create: 1 },
    { which: "the last item's", create: 5 },
    { which: "the tracking issue's", create: 6 },
  ])(
    "5. $which create, carried out by GitHub but answered 502, is found again by its marker: no duplicate",
    async ({ create }) => {
      const { probot } = await makeProbot();
      const gh = seedRepo();
      gh.createsAnswering502.add(create);

      const failure = await deliver(probot, pullRequestClosed());

      expect(itemKeys(gh)).toEqual(ALL_KEYS);
      expect(gh.issuesLabelled("postmortem")).toHaveLength(1);
      expect(gh.issues).toHaveLength(6);
      // Each create is sent once; the one that answered 502 is looked up, not sent again.
      const creates = gh.requests.filter((r) => `${r.method} ${r.path}` === CREATE);
      expect(creates.map((r) => r.status)).toEqual(
        [1, 2, 3, 4, 5, 6].map((n) => (n === create ? 502 : 201)),
      );
      // Right after the 502 the app reads the issues again, and finds the one it filed.
      const calls = gh.calls();
      const failed = gh.requests.findIndex((r) => r.status === 502);
      expect(calls[failed]).toBe(CREATE);
      expect(calls[failed + 1]).toBe(LIST);
      // Before the lock, under it, after the 502, and the read-back after the creates.
      expect(calls.filter((c) => c === LIST)).toHaveLength(12);
      expect(gh.comments.filter((c) => c.issue_number === 42)).toHaveLength(1);
      expect(gh.labels.has(LOCK_LABEL)).toBe(false);
      expect(failure).toBeUndefined();
    },
  );

  it("5c. a summary comment carried out by GitHub but answered 502 is found again, not posted twice", async () => {
    const { probot } = await makeProbot();
    const gh = seedRepo();
    gh.commentsAnswering502.add(1);

    const failure = await deliver(probot, pullRequestClosed());

    expect(failure).toBeUndefined();
    expect(gh.comments.filter((c) => c.issue_number === 42)).toHaveLength(1);
    const calls = gh.calls();
    const failed = gh.requests.findIndex((r) => r.status === 502);
    expect(calls.slice(failed, failed + 2)).toEqual([
      "POST /repos/acme/infra/issues/42/comments",
      "GET /repos/acme/infra/issues/42/comments",
    ]);
    expect(calls.filter((c) => c === "POST /repos/acme/infra/issues/42/comments")).toHaveLength(1);
    expect(itemKeys(gh)).toEqual(ALL_KEYS);
  });

  it("5b. a run that dies after 2 of 5 creates (GitHub down) files nothing twice: the redelivery files the other 3, the tracking issue and the summary", async () => {
    const { probot } = await makeProbot();
    const gh = seedRepo();
    gh.failCreatesAfter = 2;

    const died = await deliver(probot, pullRequestClosed());

    expect(died).toMatch(/503|failed/i);
    expect(gh.issues).toHaveLength(2);
    // The lock is released on the way out, so the next delivery need not wait for it to expire.
    expect(gh.labels.has(LOCK_LABEL)).toBe(false);

    gh.failCreatesAfter = Infinity;
    const redelivered = await deliver(probot, pullRequestClosed());

    expect(itemKeys(gh)).toEqual(ALL_KEYS);
    expect(gh.issuesLabelled("postmortem")).toHaveLength(1);
    expect(gh.issues).toHaveLength(6);
    expect(gh.comments.filter((c) => c.issue_number === 42)).toHaveLength(1);
    expect(redelivered).toBeUndefined();
  });
});
