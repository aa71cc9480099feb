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
import { processLeases } from "../src/github/process-lease.js";
import { syncPostmortems, type SyncTrigger } from "../src/github/sync-postmortems.js";
import { LocalGitHub, type RecordedRequest, type Repository } from "../test/local-github/index.js";
import { formatMs, formatRatio, renderTable, verdict, type Goal } from "./format.js";

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
  options: {
    latencyMs: number;
    throttled: false | "probot" | "app";
    redeliver?: boolean;
    /**
     * `"server"` (default): the repository lock of a server, a lease in its memory (or in Redis,
     * the same requests). `"label"`: the label lock the CLI and the Action take.
     */
    lock?: "server" | "label";
    /** The repository's labels exist already in their colours: not its first merge. */
    labelsExist?: boolean;
  },
): Promise<MergeRun> {
  const gh = await LocalGitHub.start();
  try {
    const { repository, token } = standUp(gh, ["alice"]);
    if (options.labelsExist === true) {
      for (const [name, color] of Object.entries(EXISTING_LABELS)) {
        const id = gh.state.nextId();
        repository.labels.set(id, { id, name, color, description: null, autoCreated: false });
      }
    }
    const lock = options.lock ?? "server";
    // A delay rule on every request stands in for the network round trip.
    if (options.latencyMs > 0) {
      gh.faults.add({ times: Infinity, action: { kind: "delay", ms: options.latencyMs } });
    }
    const client = options.throttled
      ? throttledClient(gh.url, token, options.throttled, lock)
      : new (ProbotOctokit.plugin(leasesOf(lock)).defaults((o: object) => ({
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

/** The labels a seed merge uses, in colours that need no fixing. */
const EXISTING_LABELS = {
  "postmortem-action": "d93f0b",
  "priority: P2": "fbca04",
  postmortem: "5319e7",
};

/** The plugin that gives a client the server's lock (what makeAppOctokit's processLocks does). */
function leasesOf(lock: "server" | "label") {
  const repoLeases = lock === "server" ? processLeases() : null;
  return () => ({ repoLeases });
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
  lock: "server" | "label",
): InstanceType<typeof ProbotOctokit> {
  const log = pino({ level: "silent" });
  const Octokit =
    throttling === "app"
      ? makeAppOctokit({ processLocks: lock === "server" })
      : ProbotOctokit.plugin(leasesOf(lock));
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

/** Issue 14, goal 1: N creates plus at most this many other writes, in the common case. */
export const GOAL_OTHER_WRITES = 2;
/** …so that 10 items are filed within this, at one write a second. */
export const GOAL_TEN_ITEMS_MS = 13_000;

interface Setting {
  name: string;
  lock: "server" | "label";
  labelsExist: boolean;
}

/** The common case: a server, in a repository that has had a merge before. */
const COMMON: Setting = { name: "server, later merge", lock: "server", labelsExist: true };

const SETTINGS: Setting[] = [
  COMMON,
  { name: "server, first merge in the repo", lock: "server", labelsExist: false },
  { name: "CLI or Action (label lock), later merge", lock: "label", labelsExist: true },
];

/** Prints the section and returns its goal lines. Takes about a minute (the throttled runs). */
export async function benchSyncCost(): Promise<Goal[]> {
  console.log(
    `\nMerge sync cost: syncPostmortems for one merged PR with N action items, against the local ` +
      `GitHub (test/local-github) on 127.0.0.1 (${LATENCY_MS} ms latency per request)`,
  );
  const sizes = [1, 10, 50];
  const runs: { n: number; setting: Setting; run: MergeRun }[] = [];
  for (const setting of SETTINGS) {
    for (const n of sizes) {
      const run = await runMerge(n, {
        latencyMs: LATENCY_MS,
        throttled: false,
        lock: setting.lock,
        labelsExist: setting.labelsExist,
      });
      runs.push({ n, setting, run });
    }
  }
  const countRows = runs.map(({ n, setting, run }) => {
    const c = countRequests(run.first);
    const again = countRequests(run.redelivery);
    return [
      setting.name,
      `N=${n}`,
      `${c.total}`,
      `${c.reads}`,
      `${c.writes}`,
      `${c.writes - n}`,
      `${again.reads}/${again.writes}`,
    ];
  });
  console.log(
    "\n  Requests per merge (throttling off), and the same merge redelivered. The server locks the " +
      "repository in its memory (one replica) or in Redis: no lock writes; the CLI and the Action " +
      "lock it with a label (create + delete). A repository's first merge also colours the labels " +
      "GitHub made grey (once per repository):",
  );
  console.log(
    renderTable(
      ["setting", "items", "requests", "reads", "writes", "writes beyond N", "redelivery r/w"],
      countRows,
      [0],
    ),
  );

  console.log(
    "\n  Seconds from merge to issues, computed from the request log (sequential requests, " +
      `${LATENCY_MS} ms each, write gaps start to start):`,
  );
  const computed = new Map<string, { probot: number; guidance: number }>();
  const timeRows = runs.map(({ n, setting, run }) => {
    const log = run.first;
    const probot = spacedWallMs(log, PROBOT_DEFAULT_SPACING, LATENCY_MS);
    const guidance = spacedWallMs(log, GITHUB_GUIDANCE_SPACING, LATENCY_MS);
    const none = spacedWallMs(log, { writeGapMs: 0, notifyGapMs: 0 }, LATENCY_MS);
    computed.set(`${setting.name} ${n}`, { probot, guidance });
    return [
      setting.name,
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
        "setting",
        "items",
        "no spacing",
        "Probot default (1 s writes, 3 s notifying)",
        "the app (GitHub's 1 s between mutations)",
        "default/app",
      ],
      timeRows,
      [0],
    ),
  );

  const common = COMMON;
  console.log(
    "\n  Wall time measured with throttling on, Probot's default options against the app's " +
      `(src/github/app-octokit.ts), ${common.name}, fresh local GitHub, ${LATENCY_MS} ms latency:`,
  );
  const measuredRows: string[][] = [];
  const measured = new Map<number, number>();
  for (const n of [1, 10]) {
    const probot = await runMerge(n, {
      latencyMs: LATENCY_MS,
      throttled: "probot",
      redeliver: false,
      labelsExist: true,
    });
    const app = await runMerge(n, {
      latencyMs: LATENCY_MS,
      throttled: "app",
      redeliver: false,
      labelsExist: true,
    });
    measured.set(n, app.firstMs);
    const predicted = computed.get(`${common.name} ${n}`) ?? { probot: NaN, guidance: NaN };
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
        "vs computed",
        "default/app",
      ],
      measuredRows,
    ),
  );

  const commonRuns = runs.filter((r) => r.setting === common);
  const otherWrites = Math.max(
    ...commonRuns.map(({ n, run }) => countRequests(run.first).writes - n),
  );
  const redeliveryWrites = Math.max(...runs.map(({ run }) => countRequests(run.redelivery).writes));
  const tenMs = measured.get(10) ?? NaN;
  return [
    {
      name: "writes per merge beyond the N creates (server, N=1/10/50)",
      measured: `${otherWrites}`,
      target: `≤ ${GOAL_OTHER_WRITES}`,
      result: verdict(otherWrites <= GOAL_OTHER_WRITES),
    },
    {
      name: "10 items, merge to issues (measured, 1 s writes)",
      measured: formatMs(tenMs),
      target: `≤ ${formatMs(GOAL_TEN_ITEMS_MS)}`,
      result: verdict(tenMs <= GOAL_TEN_ITEMS_MS),
    },
    {
      name: "writes when a merge is delivered again",
      measured: `${redeliveryWrites}`,
      target: "0",
      result: verdict(redeliveryWrites === 0),
    },
  ];
}
