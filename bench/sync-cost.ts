/**
 * "Merge sync cost": how many GitHub requests one merge's `syncPostmortems` makes for N action
 * items, and how long Probot's built-in write throttling makes it take. Runs against the local
 * GitHub of the end-to-end tests (test/local-github), so every request and answer is checked
 * against GitHub's OpenAPI description and a count is of requests GitHub would serve; nothing
 * leaves 127.0.0.1.
 */
import { makeAuthorTrust } from "../src/github/tracker-trust.js";
import { pino } from "pino";
import { ProbotOctokit } from "probot";
import { defaultConfig } from "../src/config/parse-config.js";
import { makeAppOctokit } from "../src/github/app-octokit.js";
import { syncPostmortems, type SyncTrigger } from "../src/github/sync-postmortems.js";
import { LocalGitHub, type RecordedRequest, type Repository } from "../test/local-github/index.js";
import { formatMs, formatRatio, renderTable } from "./format.js";

export const BOT_LOGIN = "postmortem-tracker[bot]";
export const LATENCY_MS = 20;
const MERGE_DATE = "2026-11-26";
const POSTMORTEM_PATH = "docs/postmortems/queue-outage.md";

/** Minimum start-to-start gaps between writes, as Bottleneck's `minTime` enforces them. */
export interface Spacing {
  /** Between any two writes (non-GET/HEAD). */
  writeGapMs: number;
  /** Between two writes that notify people (issue and comment creates). */
  notifyGapMs: number;
}

/** @octokit/plugin-throttling as Probot uses it: write group minTime 1 s, notifications 3 s. */
export const PROBOT_DEFAULT_SPACING: Spacing = { writeGapMs: 1_000, notifyGapMs: 3_000 };
/** GitHub's best-practice guidance: wait at least 1 s between mutative requests. */
export const GITHUB_GUIDANCE_SPACING: Spacing = { writeGapMs: 1_000, notifyGapMs: 0 };

export interface RequestKind {
  write: boolean;
  notifying: boolean;
}

/** Classifies a request the way the throttling plugin does, for the paths syncPostmortems uses. */
export function classify(method: string, path: string): RequestKind {
  const write = method !== "GET" && method !== "HEAD";
  const notifying =
    method === "POST" && /^\/repos\/[^/]+\/[^/]+\/issues(\/\d+\/comments)?$/.test(path);
  return { write, notifying };
}

export interface RequestCounts {
  total: number;
  reads: number;
  writes: number;
  /** Issue creates plus comment creates. */
  notifying: number;
}

export function countRequests(
  log: readonly Pick<RecordedRequest, "method" | "path">[],
): RequestCounts {
  const counts: RequestCounts = { total: 0, reads: 0, writes: 0, notifying: 0 };
  for (const r of log) {
    const kind = classify(r.method, r.path);
    counts.total++;
    if (kind.write) counts.writes++;
    else counts.reads++;
    if (kind.notifying) counts.notifying++;
  }
  return counts;
}

/**
 * Wall time of a sequence of sequential requests, each taking `latencyMs`, under
 * @octokit/plugin-throttling's gates: a write passes the write gate `writeGapMs` after the previous
 * write passed it, then a notifying write passes the notification gate `notifyGapMs` after the
 * previous notifying write passed it. Reads are never delayed.
 */
export function spacedWallMs(
  log: readonly Pick<RecordedRequest, "method" | "path">[],
  spacing: Spacing,
  latencyMs: number,
): number {
  let t = 0;
  let lastWrite = -Infinity;
  let lastNotify = -Infinity;
  for (const r of log) {
    const kind = classify(r.method, r.path);
    let start = t;
    // The plugin passes the write gate first, then the notification gate: the next write's gap
    // counts from when this one passed the write gate, not from when it was finally sent.
    if (kind.write) {
      start = Math.max(start, lastWrite + spacing.writeGapMs);
      lastWrite = start;
    }
    if (kind.notifying) {
      start = Math.max(start, lastNotify + spacing.notifyGapMs);
      lastNotify = start;
    }
    t = start + latencyMs;
  }
  return t;
}

/** A postmortem with N owned action items. */
export function postmortemMarkdown(n: number): string {
  const items = Array.from({ length: n }, (_, i) => `- Add alerting on queue ${i + 1} @alice`);
  return `# Queue outage\n\n## Summary\n\nQueues stalled.\n\n## Action items\n\n${items.join("\n")}\n`;
}

export interface MergeRun {
  first: RecordedRequest[];
  redelivery: RecordedRequest[];
  /** Wall time of the first sync, client side. */
  firstMs: number;
}

/**
 * Runs one merge's sync (and, unless `redeliver` is false, the same merge again) against a fresh
 * local GitHub. `throttled: "probot"` uses Probot's own throttling options, `"app"` the app's
 * (app-octokit.ts: every write 1 s apart); `false` switches retry and throttling off.
 */
export async function runMerge(
  n: number,
  options: { latencyMs: number; throttled: false | "probot" | "app"; redeliver?: boolean },
): Promise<MergeRun> {
  const gh = await LocalGitHub.start();
  try {
    const { repository, token } = standUp(gh, ["alice"]);
    // A delay rule on every request stands in for the network round trip.
    if (options.latencyMs > 0) {
      gh.faults.add({ times: Infinity, action: { kind: "delay", ms: options.latencyMs } });
    }
    const client = options.throttled
      ? throttledClient(gh.url, token, options.throttled)
      : new (ProbotOctokit.defaults((o: object) => ({
          ...o,
          retry: { enabled: false },
          throttle: { enabled: false },
        })))({ auth: { token }, baseUrl: gh.url });
    const repo = { owner: "o", repo: "r" };
    const target = {
      client,
      repo,
      repoUrl: "https://github.com/o/r",
      trust: makeAuthorTrust(client, repo, BOT_LOGIN),
      config: defaultConfig(),
      log: pino({ level: "silent" }),
    };
    const sources = [{ path: POSTMORTEM_PATH, text: postmortemMarkdown(n) }];
    // A real merged pull request: the sync comments on it, and GitHub 404s one that does not exist.
    const trigger = merge(gh, repository, sources[0]?.text ?? "");
    const started = performance.now();
    await syncPostmortems(target, trigger, sources);
    const firstMs = performance.now() - started;
    const first = gh.requests.splice(0);
    if (options.redeliver !== false) await syncPostmortems(target, trigger, sources);
    // A figure is only worth reporting if GitHub would have served every request behind it.
    gh.assertNoViolations();
    return { first, redelivery: gh.requests.splice(0), firstMs };
  } finally {
    await gh.close();
  }
}

/** alice's pull request adding the postmortem, squash-merged: what the sync runs for. */
function merge(gh: LocalGitHub, repository: Repository, text: string): SyncTrigger {
  const pull = gh.state.openPullRequest(repository, {
    author: "alice",
    title: "Queue outage postmortem",
    branch: "postmortem",
    changes: { [POSTMORTEM_PATH]: text },
  });
  const commit = gh.state.mergePullRequest(repository, pull.number, {
    by: "alice",
    method: "squash",
  });
  return { sha: commit.sha, date: MERGE_DATE, pr: pull.number, author: "alice" };
}

/**
 * o/r with `collaborators` given write access (so they can be assigned), and the app installed
 * on it: the app's bot is postmortem-tracker[bot], as BOT_LOGIN says, and `token` is an
 * installation token that acts as it.
 */
export function standUp(
  gh: LocalGitHub,
  collaborators: readonly string[],
  files: Record<string, string> = {},
): { repository: Repository; token: string } {
  const repository = gh.state.createRepository({ owner: "o", name: "r", files });
  for (const login of collaborators) gh.state.addCollaborator(repository, login, "write");
  const installation = gh.state.installApp("o", [repository]);
  if (gh.state.app?.bot.login !== BOT_LOGIN) throw new Error(`the app's bot is not ${BOT_LOGIN}`);
  return { repository, token: gh.issueInstallationToken(installation) };
}

let throttleIds = 0;

/**
 * `ProbotOctokit` as Probot builds an installation client: throttling on with Probot's handlers
 * (primary limit: retry twice; secondary: log only, see get-octokit-throttle-options.js), retry on,
 * and a throttle `id` of its own (Probot uses the installation id) so runs share no Bottleneck group.
 */
function throttledClient(
  baseUrl: string,
  token: string,
  throttling: "probot" | "app",
): InstanceType<typeof ProbotOctokit> {
  const log = pino({ level: "silent" });
  const Octokit = throttling === "app" ? makeAppOctokit() : ProbotOctokit;
  return new Octokit({
    auth: { token },
    baseUrl,
    log,
    throttle: {
      enabled: true,
      id: `bench-${process.pid}-${++throttleIds}`,
      onRateLimit: (_after: number, o: { request: { retryCount: number } }) =>
        o.request.retryCount <= 2,
      onSecondaryRateLimit: () => undefined,
    },
  });
}

/** Prints the bench section. Takes about a minute, mostly the measured throttled runs. */
export async function benchSyncCost(): Promise<void> {
  console.log(
    `\nMerge sync cost: syncPostmortems for one merged PR with N action items, against the local ` +
      `GitHub (test/local-github) on 127.0.0.1 (${LATENCY_MS} ms latency per request)`,
  );
  const sizes = [1, 10, 50];
  const runs: { n: number; run: MergeRun }[] = [];
  for (const n of sizes) {
    runs.push({ n, run: await runMerge(n, { latencyMs: LATENCY_MS, throttled: false }) });
  }
  const countRows = runs.map(({ n, run }) => {
    const c = countRequests(run.first);
    const again = countRequests(run.redelivery);
    return [
      `N=${n}`,
      `${c.total}`,
      `${c.reads}`,
      `${c.writes}`,
      `${c.notifying}`,
      `${c.total - n}`,
      `${again.reads}/${again.writes}`,
    ];
  });
  console.log("\n  Requests per merge (throttling off), and the same merge redelivered:");
  console.log(
    renderTable(
      ["items", "requests", "reads", "writes", "notifying", "beyond N creates", "redelivery r/w"],
      countRows,
    ),
  );

  console.log(
    "\n  Wall time computed from the request log (sequential requests, " +
      `${LATENCY_MS} ms each, write gaps start to start):`,
  );
  const computed = new Map<number, { probot: number; guidance: number }>();
  const timeRows = runs.map(({ n, run }) => {
    const log = run.first;
    const probot = spacedWallMs(log, PROBOT_DEFAULT_SPACING, LATENCY_MS);
    const guidance = spacedWallMs(log, GITHUB_GUIDANCE_SPACING, LATENCY_MS);
    const none = spacedWallMs(log, { writeGapMs: 0, notifyGapMs: 0 }, LATENCY_MS);
    computed.set(n, { probot, guidance });
    return [
      `N=${n}`,
      formatMs(none),
      formatMs(probot),
      formatMs(guidance),
      formatRatio(probot / guidance),
    ];
  });
  console.log(
    renderTable(
      [
        "items",
        "no spacing",
        "Probot default (1 s writes, 3 s notifying)",
        "GitHub guidance (1 s mutations)",
        "default/guidance",
      ],
      timeRows,
    ),
  );

  console.log(
    "\n  Wall time measured with throttling on, Probot's default options against the app's " +
      `(src/github/app-octokit.ts), fresh local GitHub, ${LATENCY_MS} ms latency:`,
  );
  const measuredRows: string[][] = [];
  for (const n of [1, 10]) {
    const probot = await runMerge(n, {
      latencyMs: LATENCY_MS,
      throttled: "probot",
      redeliver: false,
    });
    const app = await runMerge(n, { latencyMs: LATENCY_MS, throttled: "app", redeliver: false });
    const predicted = computed.get(n) ?? { probot: NaN, guidance: NaN };
    measuredRows.push([
      `N=${n}`,
      `${app.first.length}`,
      formatMs(probot.firstMs),
      formatRatio(probot.firstMs / predicted.probot),
      formatMs(app.firstMs),
      formatRatio(app.firstMs / predicted.guidance),
      formatRatio(probot.firstMs / app.firstMs),
    ]);
  }
  console.log(
    renderTable(
      [
        "items",
        "requests",
        "Probot default",
        "vs computed",
        "app (1 s writes)",
        "vs guidance",
        "default/app",
      ],
      measuredRows,
    ),
  );
  console.log(
    "\n  GitHub answers a webhook delivery's 202 after 9 s and gives up at 10 s; " +
      "Probot's notifying-write spacing alone is 3 s per created issue or comment.",
  );
}
