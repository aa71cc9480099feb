/**
 * "Digest cost": the requests and writes of one repository's weekly digest run for M tracked
 * open items, against the local GitHub of the end-to-end tests (test/local-github), which checks
 * every request and answer against GitHub's OpenAPI description; nothing leaves 127.0.0.1.
 * Three runs per size: the week's first (posts), a re-run after an item closed (edits), and a
 * re-run with nothing new (writes nothing).
 */
import { pino } from "pino";
import { ProbotOctokit } from "probot";
import { renderMarker } from "../src/core/issue-marker.js";
import { runDigest, type DigestOutcome } from "../src/jobs/run-digest.js";
import {
  LocalGitHub,
  type Account,
  type RecordedRequest,
  type Repository,
} from "../test/local-github/index.js";
import { renderTable } from "./format.js";
import { makeAuthorTrust } from "../src/github/tracker-trust.js";
import { BOT_LOGIN, standUp } from "./sync-cost.js";

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
  // The digest runs at the time GitHub stamps its comments with, a pinned one so runs repeat.
  const now = new Date("2026-11-26T10:00:00Z");
  const gh = await LocalGitHub.start({ clock: { now: () => now } });
  try {
    const owners = Array.from({ length: 7 }, (_, i) => `owner${i}`);
    // A config file, so that its read is one request (absent, Probot also asks the owner's .github).
    const { repository, token } = standUp(gh, owners, {
      ".github/postmortem-tracker.yml": "nudges: false\n",
    });
    const first = seed(gh, repository, m, now);
    const client = new (ProbotOctokit.defaults((o: object) => ({
      ...o,
      retry: { enabled: false },
      throttle: { enabled: false },
    })))({ auth: { token }, baseUrl: gh.url });
    const run = async (): Promise<DigestRunCost> => {
      const report = await runDigest(
        client,
        REPO,
        { trust: makeAuthorTrust(client, REPO, BOT_LOGIN), repoUrl: "https://github.com/o/r" },
        pino({ level: "silent" }),
        { now, dryRun: false, onlyWhenDue: false },
      );
      return { outcome: report.outcome, ...count(gh.requests.splice(0)) };
    };
    const post = await run();
    // Someone closes the first item: the re-run edits the week's comment.
    await client.rest.issues.update({ ...REPO, issue_number: first, state: "closed" });
    gh.requests.splice(0);
    const edit = await run();
    const unchanged = await run();
    gh.assertNoViolations();
    return { m, listed: m + 2, post, edit, unchanged };
  } finally {
    await gh.close();
  }
}

/** An issue as the app's bot filed it, for {@link botIssueFiler}. */
export interface BotIssue {
  title: string;
  body: string;
  label: string;
  assignee?: string;
  updatedAt?: string;
}

/**
 * Files issues in `repo` as the app's bot, created at `filed` (ISO), each with one label; a label
 * new to the repository is grey and without a description, as GitHub makes it when the app first
 * names it on an issue. The returned function gives each issue's number.
 */
export function botIssueFiler(
  gh: LocalGitHub,
  repo: Repository,
  filed: string,
): (fields: BotIssue) => number {
  const labelId = (name: string): number => {
    const found = gh.state.findLabel(repo, name);
    if (found !== undefined) return found.id;
    const id = gh.state.nextId();
    repo.labels.set(id, { id, name, color: "ededed", description: null, autoCreated: true });
    return id;
  };
  return (fields) => {
    const issue = gh.state.createIssue(repo, {
      author: BOT_LOGIN,
      title: fields.title,
      body: fields.body,
    });
    const assignees: Account[] =
      fields.assignee === undefined ? [] : [gh.state.account(fields.assignee)];
    Object.assign(issue, {
      labelIds: [labelId(fields.label)],
      assignees,
      createdAt: filed,
      updatedAt: fields.updatedAt ?? filed,
    });
    return issue.number;
  };
}

/**
 * Files, as the app's bot, the tracking issue, M open items (every other one overdue) and the
 * digest issue, all a month old; returns the first item's number.
 */
function seed(gh: LocalGitHub, repo: Repository, m: number, now: Date): number {
  const daysAgo = (days: number) =>
    new Date(now.getTime() - days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
  const filed = daysAgo(30);
  const file = botIssueFiler(gh, repo, filed);
  file({
    title: "Postmortem: Queue outage",
    body: renderMarker({ v: 1, kind: "tracking", path: PATH, pr: 42 }),
    label: "postmortem",
  });
  const numbers: number[] = [];
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
    numbers.push(
      file({
        title: `Add alerting on queue ${i + 1}`,
        body: `> item\n\n${marker}`,
        label: "postmortem-action",
        assignee: `owner${i % 7}`,
      }),
    );
  }
  file({
    title: "Postmortem action items",
    body: renderMarker({ v: 1, kind: "digest", adopted: [] }),
    label: "postmortem",
    // Last touched in an earlier week.
    updatedAt: daysAgo(8),
  });
  const [first] = numbers;
  if (first === undefined) throw new Error("the digest bench needs at least one item");
  return first;
}

function count(log: readonly RecordedRequest[]): Omit<DigestRunCost, "outcome"> {
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
