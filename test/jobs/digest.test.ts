import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { makeAuthorTrust } from "../../src/github/tracker-trust.js";
import { readMarker, renderMarker } from "../../src/core/issue-marker.js";
import { runDigest, type DigestRunOptions } from "../../src/jobs/run-digest.js";
import { FakeGitHub, INSTALLATION_ID, REPO_URL } from "../helpers/github-mock.js";
import { makeProbot } from "../helpers/probot.js";
import { makeClient, REPO } from "../github/test-client.js";
import { addItem, BOT, NOW, seedRepository } from "./digest-fixture.js";

const silent = pino({ level: "silent" });
const RUN: DigestRunOptions = { now: NOW, dryRun: false, onlyWhenDue: false };
const PATH = "/repos/acme/infra";
/** When the digest's comments are posted: a few seconds after NOW. */
const POSTED_AT = "2026-11-30T10:00:05Z";

function digestBody(adopted: { number: number; due: string; since: string }[] = []): string {
  return `Digest\n${renderMarker({
    v: 1,
    kind: "digest",
    adopted: adopted.map((a) => ({ ...a, priority: "P2" as const })),
  })}`;
}

/** The digest issue as an earlier week left it (so it exists and was not touched this week). */
function addDigestIssue(github: FakeGitHub, adopted: Parameters<typeof digestBody>[0] = []) {
  const issue = github.addIssue({
    title: "Postmortem action items",
    body: digestBody(adopted),
    labels: ["postmortem"],
    assignees: [],
  });
  issue.created_at = "2026-11-03T09:00:00Z";
  issue.updated_at = "2026-11-23T09:00:00Z";
  return issue;
}

function run(options: Partial<DigestRunOptions> = {}, client = makeClient()) {
  const trust = makeAuthorTrust(client, REPO, BOT);
  return runDigest(client, REPO, { trust, repoUrl: REPO_URL }, silent, {
    ...RUN,
    ...options,
  });
}

const WEEK_MARKER = renderMarker({ v: 1, kind: "digest-week", week: "2026-W49" });

const SEEDED_DIGEST = `## Postmortem action items, week 2026-W49

**2 overdue**, 4 open, 2 done, 1 won't do.

### Overdue

@alice
- #2 Add alerting on queue depth: 10 days overdue (due Fri 20 Nov 2026, P1)
- #3 Write the | runbook for @\u200Doncall: 3 days overdue (due Fri 27 Nov 2026, P2)

@bob
- #3 Write the | runbook for @\u200Doncall: 3 days overdue (due Fri 27 Nov 2026, P2)

### Due in the next 7 days
- #5 Decide on retention: due Wed 2 Dec 2026 (in 2 days), unassigned
- #4 Load test the consumer: due Fri 4 Dec 2026 (in 4 days), @\u200Dcarol

### No owner
- #5 Decide on retention: team @\u200Dacme/sre has no accountable person; due Wed 2 Dec 2026

### Closed this week
- #6 Rotate credentials: done
- #7 Migrate to the new broker: won't do

### Figures

| Open | Overdue | Done | Completion | Median days to close | Oldest overdue |
| ---: | ---: | ---: | ---: | ---: | --- |
| 4 | 2 | 2 | 33% | 7 | #2 (10 days) |

### By postmortem
- Queue outage (#1): 2/6 done (1 won't do)

<sub>Weekly digest by postmortem-tracker, for Mon 30 Nov 2026. It is edited in place if it runs again this week.</sub>
${WEEK_MARKER}
`;

describe("runDigest (the weekly digest of one repository)", () => {
  it("posts the week's comment: overdue by owner, due soon, no owner, closed this week, figures", async () => {
    const github = new FakeGitHub();
    seedRepository(github);
    const digest = addDigestIssue(github); // #9
    github.config(null).issueListPaged().commentCreateAt(POSTED_AT).commentListSince();

    const report = await run();

    expect(report).toMatchObject({ outcome: "posted", week: "2026-W49", nudged: [] });
    expect(github.bodies("POST", `${PATH}/issues/${digest.number}/comments`)).toEqual([
      { body: SEEDED_DIGEST },
    ]);
    // Config (and the owner's .github on 404), the tracker's issues (by its two labels, then by
    // the app's login), the post, the race check.
    expect(github.calls()).toEqual([
      `GET ${PATH}/contents/.github/postmortem-tracker.yml`,
      "GET /repos/acme/.github/contents/.github/postmortem-tracker.yml",
      ...Array<string>(3).fill(`GET ${PATH}/issues`),
      `POST ${PATH}/issues/9/comments`,
      `GET ${PATH}/issues/9/comments`,
    ]);
    expect(github.requests.slice(2, 5).map((r) => r.query)).toEqual([
      { labels: "postmortem-action", state: "all", per_page: "100" },
      { labels: "postmortem", state: "all", per_page: "100" },
      { creator: BOT, state: "all", per_page: "100" },
    ]);
    expect(github.requests[6]?.query).toEqual({
      since: "2026-11-30T00:00:00.000Z",
      per_page: "100",
    });
  });

  it("creates the labelled digest issue on first use, then posts", async () => {
    const github = new FakeGitHub();
    seedRepository(github);
    github
      .config("trackingLabel: postmortems\n")
      .issueListPaged()
      .lock()
      .issueCreate()
      .labelUpdate()
      .commentCreateAt(POSTED_AT)
      .commentListSince();

    const report = await run();

    expect(report.outcome).toBe("posted");
    expect(github.bodies("POST", `${PATH}/issues`)).toEqual([
      {
        title: "Postmortem action items",
        labels: ["postmortems"],
        assignees: [],
        body: `Postmortem action items of this repository: every week postmortem-tracker posts a digest here as a comment (overdue items by owner, what is due soon, what closed, and the figures).

Add the label "postmortem-action" to any issue to have it tracked here too.

<sub>Kept up to date by postmortem-tracker. Its hidden metadata below lists the adopted issues: please do not edit it.</sub>
${renderMarker({ v: 1, kind: "digest", adopted: [] })}
`,
      },
    ]);
    expect(github.bodies("POST", `${PATH}/issues/9/comments`)).toEqual([{ body: SEEDED_DIGEST }]);
  });

  it("edits this week's comment when run again, and writes nothing when nothing changed", async () => {
    const github = new FakeGitHub();
    seedRepository(github);
    const digest = addDigestIssue(github);
    github
      .config(null)
      .issueListPaged()
      .commentCreateAt(POSTED_AT)
      .commentListSince()
      .commentUpdate()
      .collaboratorPermission();
    github.roles.set("mallory", "read");
    // Last week's digest and a human's comment this week: neither is this week's digest.
    github.addComment(
      digest.number,
      `Last week\n${renderMarker({ v: 1, kind: "digest-week", week: "2026-W48" })}`,
      "2026-11-23T09:00:00Z",
    );
    github.addComment(digest.number, `Pasted\n${WEEK_MARKER}`, "2026-11-30T09:30:00Z", "mallory");
    await run();
    github.clearRequests();

    // Bob finished the runbook; the same week's digest is edited in place.
    const runbook = github.issues.find((i) => i.number === 3);
    if (runbook === undefined) throw new Error("seed changed: no issue #3");
    Object.assign(runbook, {
      state: "closed",
      state_reason: "completed",
      closed_at: "2026-11-30T11:00:00Z",
    });
    const second = await run({ now: new Date("2026-11-30T12:00:00Z") });

    expect(second.outcome).toBe("updated");
    const posted = github.comments.filter(
      (c) => c.user.login === BOT && c.created_at === POSTED_AT,
    );
    expect(posted).toHaveLength(1);
    expect(github.calls()).toEqual([
      `GET ${PATH}/contents/.github/postmortem-tracker.yml`,
      "GET /repos/acme/.github/contents/.github/postmortem-tracker.yml",
      ...Array<string>(3).fill(`GET ${PATH}/issues`),
      `GET ${PATH}/issues/9/comments`,
      // mallory's pasted week marker would count only if she could write: asked once, ignored.
      `GET ${PATH}/collaborators/mallory/permission`,
      `PATCH ${PATH}/issues/comments/${posted[0]?.id}`,
    ]);
    const edited = (
      github.bodies("PATCH", `${PATH}/issues/comments/${posted[0]?.id}`)[0] as { body: string }
    ).body;
    expect(edited).toContain("**1 overdue**, 3 open, 3 done, 1 won't do.");
    expect(edited).toContain(
      "### Closed this week\n- #6 Rotate credentials: done\n- #7 Migrate to the new broker: won't do\n- #3 Write the | runbook for @\u200Doncall: done\n",
    );
    expect(posted[0]?.body).toBe(edited);

    github.clearRequests();
    const third = await run({ now: new Date("2026-11-30T12:00:00Z") });
    expect(third.outcome).toBe("unchanged");
    expect(github.writes()).toEqual([]);
  });

  it("ends with one comment when two runs post at the same time", async () => {
    const github = new FakeGitHub();
    seedRepository(github);
    addDigestIssue(github);
    github
      .config(null)
      .issueListPaged()
      .commentCreateAt(POSTED_AT)
      .commentListSince()
      .commentDelete();

    const reports = await Promise.all([run(), run()]);

    // Both found no comment and both posted; each read the week's comments back, and the later
    // one deleted itself.
    expect(reports.map((r) => r.outcome).sort()).toEqual(["lost-race", "posted"]);
    expect(github.comments.map((c) => c.body)).toEqual([SEEDED_DIGEST]);
    const posts = github.requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(2);
    expect(github.requests.filter((r) => r.method === "DELETE").map((r) => r.path)).toEqual([
      `${PATH}/issues/comments/9002`,
    ]);
  });

  it("posts nothing, and writes nothing, when nothing is tracked", async () => {
    const github = new FakeGitHub();
    github.addIssue({
      title: "A human's issue",
      body: `copied\n${WEEK_MARKER}`,
      labels: ["postmortem"],
      assignees: [],
      author: "mallory",
    });
    github.config(null).issueListPaged().collaboratorPermission();
    github.roles.set("mallory", "triage");

    const report = await run();

    expect(report.outcome).toBe("nothing-tracked");
    expect(github.writes()).toEqual([]);
  });

  it("says briefly that nothing is overdue, and counts adopted issues with their registry deadline", async () => {
    const github = new FakeGitHub();
    addItem(github, { title: "Add a dashboard", due: "2026-12-15", assignees: ["dana"] }); // #1
    const human = github.addIssue({
      title: "Flaky deploys",
      body: "by hand",
      labels: ["postmortem-action"],
      assignees: [],
      author: "erin",
    }); // #2
    human.created_at = "2026-11-10T08:00:00Z";
    const digest = addDigestIssue(github, [
      { number: human.number, due: "2026-12-03", since: "2026-11-25" },
      { number: 77, due: "2026-12-01", since: "2026-11-25" }, // deleted since: left out
    ]);
    github.config(null).issueListPaged().issueRead().commentCreateAt(POSTED_AT).commentListSince();

    await run();

    expect(github.bodies("POST", `${PATH}/issues/${digest.number}/comments`)).toEqual([
      {
        body: `## Postmortem action items, week 2026-W49

Nothing is overdue. 2 open, 0 done.

### Due in the next 7 days
- #2 Flaky deploys: due Thu 3 Dec 2026 (in 3 days), unassigned

### No owner
- #2 Flaky deploys: nobody is assigned; due Thu 3 Dec 2026

### Figures

| Open | Overdue | Done | Completion | Median days to close | Oldest overdue |
| ---: | ---: | ---: | ---: | ---: | --- |
| 2 | 0 | 0 | 0% | – | – |

### By postmortem
- postmortems/2026-11-02-queue.md: 0/1 done
- Tracked by label: 0/1 done

<sub>Weekly digest by postmortem-tracker, for Mon 30 Nov 2026. It is edited in place if it runs again this week.</sub>
${WEEK_MARKER}
`,
      },
    ]);
    expect(github.calls()).toContain(`GET ${PATH}/issues/2`);
    expect(github.calls()).toContain(`GET ${PATH}/issues/77`);
  });

  it("nudges each overdue item once a week and records it in the week's marker", async () => {
    const github = new FakeGitHub();
    seedRepository(github);
    const digest = addDigestIssue(github);
    github
      .config("nudges: true\n")
      .issueListPaged()
      .commentCreateAt(POSTED_AT)
      .commentListSince()
      .commentUpdate();

    const first = await run();
    expect(first.nudged).toEqual([2, 3]);
    expect(github.bodies("POST", `${PATH}/issues/3/comments`)).toEqual([
      {
        body: `@alice @bob: this postmortem action item is 3 days overdue (it was due Fri 27 Nov 2026).

Close it when it is done, or move the deadline with \`/due YYYY-MM-DD\` or \`/snooze 1w\`.

<sub>A weekly reminder from postmortem-tracker, at most once a week per overdue item.</sub>
`,
      },
    ]);
    const week = github.comments.find((c) => c.issue_number === digest.number);
    expect(readMarker(week?.body, "digest-week")).toEqual({
      v: 1,
      kind: "digest-week",
      week: "2026-W49",
      nudged: [2, 3],
    });

    // Later that week the load test goes overdue too: only it is nudged.
    github.clearRequests();
    const second = await run({ now: new Date("2026-12-05T10:00:00Z") });
    expect(second.nudged).toEqual([4]);
    expect(github.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `PATCH ${PATH}/issues/comments/${week?.id}`,
      `POST ${PATH}/issues/4/comments`,
    ]);
  });

  it("mentions the configured people about items overdue for N weeks", async () => {
    const github = new FakeGitHub();
    seedRepository(github);
    addDigestIssue(github);
    github
      .config("escalation:\n  afterWeeks: 1\n  mention: ['@acme/leads', carol]\n")
      .issueListPaged();

    const report = await run({ dryRun: true });

    expect(report.outcome).toBe("dry-run");
    expect(report.body).toContain(
      "### Escalated\n@acme/leads @carol: overdue for 1 week or more.\n\n- #2 Add alerting on queue depth: 10 days overdue (@\u200Dalice)\n",
    );
    expect(github.writes()).toEqual([]);
  });

  it("in the scheduler's mode, waits for the local day and hour and posts once a week", async () => {
    const github = new FakeGitHub();
    seedRepository(github);
    addDigestIssue(github);
    github
      .config("digest:\n  day: monday\n  hour: 9\n  timezone: America/New_York\n")
      .issueListPaged()
      .commentCreateAt(POSTED_AT)
      .commentListSince();

    // 10:00 UTC is 05:00 in New York: not yet.
    expect((await run({ onlyWhenDue: true })).outcome).toBe("not-due");
    // 14:00 UTC is 09:00 in New York.
    const due = new Date("2026-11-30T14:00:00Z");
    expect((await run({ onlyWhenDue: true, now: due })).outcome).toBe("posted");
    expect((await run({ onlyWhenDue: true, now: due })).outcome).toBe("already-posted");
    expect(github.writes()).toHaveLength(1);
  });

  it("reports an invalid config and writes nothing", async () => {
    const github = new FakeGitHub();
    github.config("digest:\n  timezone: Mars/Olympus\n");
    const report = await run();
    expect(report).toMatchObject({ outcome: "config-error", week: null });
    expect(report.error).toBe(
      'Invalid config in .github/postmortem-tracker.yml: digest.timezone: not an IANA time zone: "Mars/Olympus" (write it like Europe/Berlin, America/New_York or UTC)',
    );
    expect(github.writes()).toEqual([]);
  });
});

describe("the digest's request budget", () => {
  /** M open tracked items, the digest issue and a tracking issue: as many pages as M needs. */
  async function budget(m: number, weekCommentExists: boolean) {
    const github = new FakeGitHub();
    const { probot } = await makeProbot();
    for (let i = 0; i < m; i++)
      addItem(
        github,
        { title: `Item ${i}`, due: i % 2 ? "2026-11-20" : "2026-12-20", assignees: ["alice"] },
        `k${i}`,
      );
    const digest = addDigestIssue(github);
    if (weekCommentExists) {
      github.addComment(digest.number, `old\n${WEEK_MARKER}`, "2026-11-30T09:00:00Z");
      digest.updated_at = "2026-11-30T09:00:00Z";
    }
    github
      .installationToken()
      .config("trackingLabel: postmortem\n")
      .issueListPaged()
      .commentListSince();
    if (weekCommentExists) github.commentUpdate();
    else github.commentCreateAt(POSTED_AT);
    const client = await probot.auth(INSTALLATION_ID);
    const report = await run({}, client);
    return { github, report };
  }

  it("costs at most 2·ceil(M/100) + 5 requests and one write for M = 250 (3 pages): posting", async () => {
    const posted = await budget(250, false);
    expect(posted.report.outcome).toBe("posted");
    expect(posted.github.calls()).toEqual([
      "POST /app/installations/1/access_tokens",
      `GET ${PATH}/contents/.github/postmortem-tracker.yml`,
      // By the items' label (3 pages), the tracking label (1), the app's login (3 pages).
      ...Array<string>(7).fill(`GET ${PATH}/issues`),
      `POST ${PATH}/issues/251/comments`,
      `GET ${PATH}/issues/251/comments`,
    ]);
    expect(posted.github.requests.length).toBeLessThanOrEqual(2 * Math.ceil(250 / 100) + 5);
    expect(posted.github.writes()).toHaveLength(1);
  });

  it("costs at most 2·ceil(M/100) + 5 requests and one write for M = 250 (3 pages): editing", async () => {
    const edited = await budget(250, true);
    expect(edited.report.outcome).toBe("updated");
    expect(edited.github.calls()).toEqual([
      "POST /app/installations/1/access_tokens",
      `GET ${PATH}/contents/.github/postmortem-tracker.yml`,
      // By the items' label (3 pages), the tracking label (1), the app's login (3 pages).
      ...Array<string>(7).fill(`GET ${PATH}/issues`),
      `GET ${PATH}/issues/251/comments`,
      `PATCH ${PATH}/issues/comments/${edited.github.comments[0]?.id}`,
    ]);
    expect(edited.github.requests.length).toBeLessThanOrEqual(2 * Math.ceil(250 / 100) + 5);
    expect(edited.github.writes()).toHaveLength(1);
  });
});
