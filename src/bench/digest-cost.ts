/**
 * "Digest cost": the requests and writes of one repository's weekly digest run for M tracked
 * open items, against the fake GitHub in fake-github-server.ts (nothing leaves 127.0.0.1).
 * Three runs per size: the week's first (posts), a re-run after an item closed (edits), and a
 * re-run with nothing new (writes nothing).
 */
import { pino } from "pino";
import { ProbotOctokit } from "probot";
import { renderMarker } from "../core/issue-marker.js";
import { runDigest, type DigestOutcome } from "../jobs/run-digest.js";
import { startFakeGitHub, type FakeGitHub, type LoggedRequest } from "./fake-github-server.js";
import { renderTable } from "./format.js";
import { makeAuthorTrust } from "../github/tracker-trust.js";
import { BOT_LOGIN } from "./sync-cost.js";

const REPO = { owner: "o", repo: "r" };
const PATH = "docs/postmortems/queue-outage.md";
const DAY_MS = 86_400_000;

export interface DigestRunCost {
  outcome: DigestOutcome;
  requests: number;
  writes: number;
  /** Pages of the issue list. */
  pages: number;
}

export interface DigestCost {
  m: number;
  /** Issues the listing returns: the M items, the tracking issue and the digest issue. */
  listed: number;
  post: DigestRunCost;
  edit: DigestRunCost;
  unchanged: DigestRunCost;
}

/** Seeds a repository with M open items (every other one overdue) and measures three runs. */
export async function measureDigestCost(m: number): Promise<DigestCost> {
  // A config file, so that its read is one request (absent, Probot also asks the owner's .github).
  const fake = await startFakeGitHub({ botLogin: BOT_LOGIN, configYaml: "nudges: false\n" });
  try {
    // The fake stamps comments with the real clock, so the digest runs at the real time too.
    const now = new Date();
    seed(fake, m, now);
    const client = new (ProbotOctokit.defaults((o: object) => ({
      ...o,
      retry: { enabled: false },
      throttle: { enabled: false },
    })))({ auth: { token: "bench" }, baseUrl: fake.baseUrl });
    const run = async (): Promise<DigestRunCost> => {
      const report = await runDigest(
        client,
        REPO,
        { trust: makeAuthorTrust(client, REPO, BOT_LOGIN), repoUrl: "https://github.com/o/r" },
        pino({ level: "silent" }),
        { now, dryRun: false, onlyWhenDue: false },
      );
      return { outcome: report.outcome, ...count(fake.log.splice(0)) };
    };
    const post = await run();
    // Someone closes the first item: the re-run edits the week's comment.
    await client.rest.issues.update({ ...REPO, issue_number: 101, state: "closed" });
    fake.log.splice(0);
    const edit = await run();
    const unchanged = await run();
    return { m, listed: m + 2, post, edit, unchanged };
  } finally {
    await fake.close();
  }
}

function seed(fake: FakeGitHub, m: number, now: Date): void {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const filed = daysAgo(30);
  fake.seedIssue({
    title: "Postmortem: Queue outage",
    body: renderMarker({ v: 1, kind: "tracking", path: PATH, pr: 42 }),
    labels: ["postmortem"],
    created_at: filed,
  });
  for (let i = 0; i < m; i++) {
    const due = daysAgo(i % 2 === 0 ? 10 : -20).slice(0, 10);
    const marker = renderMarker({
      v: 1,
      kind: "item",
      path: PATH,
      key: `k${i}`,
      due,
      priority: "P2",
    });
    fake.seedIssue({
      title: `Add alerting on queue ${i + 1}`,
      body: `> item\n\n${marker}`,
      labels: ["postmortem-action"],
      assignees: [`owner${i % 7}`],
      created_at: filed,
    });
  }
  fake.seedIssue({
    title: "Postmortem action items",
    body: renderMarker({ v: 1, kind: "digest", adopted: [] }),
    labels: ["postmortem"],
    created_at: filed,
    // Last touched in an earlier week.
    updated_at: daysAgo(8),
  });
}

function count(log: readonly LoggedRequest[]): Omit<DigestRunCost, "outcome"> {
  return {
    requests: log.length,
    writes: log.filter((r) => r.method !== "GET").length,
    pages: log.filter((r) => r.method === "GET" && r.path === "/repos/o/r/issues").length,
  };
}

/** The budget: the list pages (2·ceil(M/100) + 1, about) + 4 requests, one write. */
export function digestBudget(m: number): number {
  // The tracker's issues are listed by the items' label, by the tracking label and by the
  // filer's login (which meets the M items, the tracking issue and the digest issue again).
  return Math.ceil(m / 100) + 1 + Math.ceil((m + 2) / 100) + 4;
}

/** Prints the bench section. */
export async function benchDigestCost(): Promise<void> {
  console.log(
    "\nDigest cost: one repository's weekly digest run with M open tracked items (token client: " +
      "no installation-token request; an App adds one per installation and hour)",
  );
  const rows: string[][] = [];
  for (const m of [10, 100, 1000]) {
    const c = await measureDigestCost(m);
    const cell = (r: DigestRunCost) => `${r.requests} / ${r.writes} (${r.outcome})`;
    rows.push([
      `M=${m}`,
      `${c.listed}`,
      `${c.post.pages}`,
      cell(c.post),
      cell(c.edit),
      cell(c.unchanged),
      `${digestBudget(m)} / 1`,
    ]);
  }
  console.log(
    renderTable(
      [
        "items",
        "issues listed",
        "pages",
        "post: requests / writes",
        "re-run after a change",
        "re-run, nothing new",
        "budget pages+4",
      ],
      rows,
    ),
  );
  console.log(
    "\n  Reads: the config file, the app's issues (100 per page), and either this week's comments " +
      "(only when the digest issue changed this week) or, after a post, the read-back that settles " +
      "a race between two runs. The listing also holds the tracking and digest issues, so M=100 " +
      "open items take 2 pages.",
  );
}
