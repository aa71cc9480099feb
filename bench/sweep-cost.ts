/**
 * "Sweep cost" (issue 14, goal 4): what the hourly digest sweep costs an installation's rate limit
 * when nothing changed. One installation of the app on an organisation of 2,000 repositories
 * (`SWEEP_REPOS` overrides the number for a quick look; the goal is stated for 2,000), in the
 * local GitHub of the end-to-end tests (test/local-github), which tags every 200 GET with an ETag
 * and answers a matching `If-None-Match` with 304, and checks every request and answer against
 * GitHub's OpenAPI description; nothing leaves 127.0.0.1.
 *
 * The hourly sweeps are the server's digest scheduler's: `digestSweep` (src/server/schedulers.ts),
 * `sweepDigests` in the scheduler's mode (`onlyWhenDue`) with the config cache the scheduler keeps
 * across its sweeps (src/github/config-cache.ts), with the app authenticated as GitHub Apps are
 * (JWT, then an installation token per installation: `probot.auth()`/`probot.auth(id)`) and the
 * server's Octokit: `makeAppOctokit` with the conditional-requests plugin on a memory ETag store,
 * as src/server/start-server.ts builds it without `REDIS_URL`.
 *
 * The app is installed on all of the organisation's repositories (`repository_selection: "all"`),
 * and the organisation has no `.github` repository: so the owner's fallback cannot exist, and a
 * repository's config read is reused while its `pushed_at` stays the same.
 *
 * The timeline, all in one ISO week (the digest's default: Monday 09:00 UTC):
 * - Monday 09:00, setup, not measured: the digest hour's sweep posts this week's comment in every
 *   repository that tracks something (and nudges overdue items), through a client of its own, so
 *   the measured client starts with no ETags.
 * - Monday 10:00, first run: a server that has just started (the scheduler's first sweep): no
 *   ETags, an empty config cache, no memory of anything. Nothing is due, nothing is written.
 * - Monday 11:00, second run: an hour later, nothing changed, and a new installation token: the
 *   local GitHub binds an ETag to the token it answered, as GitHub does, so no tag matches. This
 *   is every hourly sweep from the digest hour to the end of the week.
 * - Monday 12:00, third run: at 11:30 someone pushed a config file (digest off) to one repository
 *   that had none, and at 11:40 a postmortem's items were filed in another that tracked nothing.
 * The three runs are ticks of the server's own digest scheduler (src/server/digest-scheduler.ts)
 * on a clock the bench moves, so its skips (digest settled for the week, nothing tracked and
 * nothing changed) are the ones measured.
 */
import { pino } from "pino";
import { Probot, type Logger } from "probot";
import { renderMarker } from "../src/core/issue-marker.js";
import { makeAppOctokit } from "../src/github/app-octokit.js";
import { conditionalRequests, memoryEtagStore } from "../src/github/conditional-requests.js";
import { sweepDigests, type DigestOutcome, type DigestRunReport } from "../src/jobs/run-digest.js";
import { startDigestScheduler } from "../src/server/digest-scheduler.js";
import { digestSweep } from "../src/server/schedulers.js";
import {
  isInstallationsAccountFault,
  LocalGitHub,
  type RecordedRequest,
  type Repository,
} from "../test/local-github/index.js";
import { botIssueFiler } from "./digest-cost.js";
import { formatMs, renderTable, verdict, type Goal } from "./format.js";
import { BOT_LOGIN, LATENCY_MS } from "./sync-cost.js";

/** An installation's primary rate limit per hour (GitHub's floor; large organisations get more). */
export const RATE_LIMIT_PER_HOUR = 5_000;
/** "Well inside" the limit: a quiet hourly sweep may spend at most 10 % of it. */
export const QUIET_SWEEP_SHARE = 0.1;
/** The organisation size the goal is stated for. */
export const DEFAULT_REPOSITORIES = 2_000;
/** The server's memory ETag store (src/server/start-server.ts, ETAG_MEMORY_BYTES). */
const ETAG_MEMORY_BYTES = 64 * 1024 * 1024;

const ORG = "acme";
const CONFIG_PATH = ".github/postmortem-tracker.yml";
const POSTMORTEM_PATH = "docs/postmortems/queue-outage.md";
const DAY_MS = 86_400_000;
/** Monday of ISO week 2026-W49, at the digest's default day and hour. */
const DIGEST_HOUR = new Date("2026-11-30T09:00:00Z");
const FIRST_RUN = new Date("2026-11-30T10:00:00Z");
const SECOND_RUN = new Date("2026-11-30T11:00:00Z");
const PUSH_AT = new Date("2026-11-30T11:30:00Z");
const THIRD_RUN = new Date("2026-11-30T12:00:00Z");
/** The repository pushed to before the third run: the first without a config file. */
export const PUSHED_REPO_INDEX = 8;
/** The repository where a postmortem's items are filed before the third run: it had none. */
export const FILED_REPO_INDEX = 9;
const FILED_AT = new Date("2026-11-30T11:40:00Z");

/** What a repository of the simulated organisation holds. */
export type RepoKind =
  /** No config file and nothing tracked: most repositories of an organisation. */
  | "bare"
  /** A config file and a postmortem's items, none overdue. */
  | "tracked"
  /** A postmortem's items but no config file (the defaults apply). */
  | "tracked-no-config"
  /** A config file with `nudges: true` and overdue, assigned items. */
  | "overdue";

/**
 * The mix, by the repository's index modulo 40: 1 in 40 with overdue items (2.5 %), 6 in 40 with
 * a config and tracked items (15 %), 1 in 40 tracked without a config (2.5 %), and the other 32 in
 * 40 (80 %) with neither. Deterministic, so runs and tests repeat.
 */
export function repoKind(index: number): RepoKind {
  const slot = index % 40;
  if (slot === 0) return "overdue";
  if (slot <= 6) return "tracked";
  if (slot === 7) return "tracked-no-config";
  return "bare";
}

export function countKinds(repositories: number): Record<RepoKind, number> {
  const counts: Record<RepoKind, number> = {
    bare: 0,
    tracked: 0,
    "tracked-no-config": 0,
    overdue: 0,
  };
  for (let i = 0; i < repositories; i++) counts[repoKind(i)]++;
  return counts;
}

/** What each kind of read in a sweep is, for the breakdown. */
export type ReadKind =
  | "app (JWT)"
  | "installation's repositories"
  | "config, the repository's"
  | "config, the owner's .github"
  | "issue lists"
  | "digest comments"
  | "other";

export interface KindCount {
  requests: number;
  notModified: number;
  points: number;
}

export interface SweepRun {
  /** Repositories per outcome. */
  outcomes: Partial<Record<DigestOutcome, number>>;
  /** Every request, the app's JWT ones included. */
  requests: number;
  /** Requests made with the installation token: the ones its rate limit counts. */
  installationRequests: number;
  /** Requests made with the app's JWT (app identity, installations, installation token). */
  appRequests: number;
  /** Answers 304 Not Modified. */
  notModified: number;
  /** Rate-limit points of the installation: its requests not answered 304. */
  points: number;
  /** Writes to repositories (the JWT's token request is not one). */
  writes: number;
  wallMs: number;
  /** The most requests the local GitHub was answering at once: 1 for a sequential sweep. */
  maxInFlight: number;
  byKind: Record<ReadKind, KindCount>;
}

export interface SweepCost {
  repositories: number;
  kinds: Record<RepoKind, number>;
  latencyMs: number;
  /** Standing up the organisation in the local GitHub. */
  setupMs: number;
  /** The digest hour's sweep (setup: no latency, writes unspaced; not timed for the report). */
  digestHour: SweepRun;
  first: SweepRun;
  second: SweepRun;
  /** An hour later, after one push of a config file to a repository that had none. */
  third: SweepRun;
  /** Answers to `GET /app/installations` refused only by the description's fault (see below). */
  toleratedViolations: number;
}

export interface SweepOptions {
  repositories: number;
  /** Added to every request by the local GitHub. */
  latencyMs: number;
}

/** Stands up the organisation, runs the digest hour's sweep, then measures two hourly sweeps. */
export async function measureSweepCost(options: SweepOptions): Promise<SweepCost> {
  const clock = { at: DIGEST_HOUR, now: () => clock.at };
  const gh = await LocalGitHub.start({ clock });
  const log = pino({ level: "silent" }) as unknown as Logger;
  try {
    const setupStarted = performance.now();
    const repos = standUpOrganisation(gh, options.repositories);
    const setupMs = performance.now() - setupStarted;

    // The digest hour, through a client of its own: the measured one must start without ETags.
    // Throttling and retries off: the setup is not what is measured.
    const poster = appClients(
      gh,
      makeAppOctokit({ writeIntervalMs: 0 }).defaults((o: Record<string, unknown>) => ({
        ...o,
        throttle: { ...(o.throttle as object), enabled: false },
        retry: { enabled: false },
      })),
      log,
    );
    clock.at = DIGEST_HOUR;
    const { run: digestHour } = await measureRun(gh, () =>
      sweepDigests(poster, log, { now: DIGEST_HOUR, dryRun: false, onlyWhenDue: true }),
    );

    // The server's Octokit, as start-server.ts builds it without REDIS_URL, with one ETag store
    // for its life; and the server's digest scheduler, with its config cache and its memories.
    // An installation token lasts an hour, so every hourly sweep mints a new one (a new Probot
    // here, which caches tokens by real time), and GitHub, like the local GitHub, matches no
    // ETag answered to an earlier token.
    const ServerOctokit = makeAppOctokit({
      plugins: [conditionalRequests(memoryEtagStore(ETAG_MEMORY_BYTES))],
    });
    let hour = appClients(gh, ServerOctokit, log);
    const server: Clients = {
      app: () => hour.app(),
      installation: (id) => hour.installation(id),
    };
    // A delay rule on every request stands in for the network round trip.
    if (options.latencyMs > 0)
      gh.faults.add({ times: Infinity, action: { kind: "delay", ms: options.latencyMs } });
    const scheduled = digestSweep(server, log);
    const runs: SweepRun[] = [];
    const failures: Error[] = [];
    const timers: (() => void)[] = [];
    const scheduler = startDigestScheduler({
      log,
      clock: {
        now: () => clock.at,
        setTimeout: (run) => timers.push(run),
        clearTimeout: () => undefined,
      },
      sweep: async (now, memory) => {
        try {
          const { run, reports } = await measureRun(gh, () => scheduled(now, memory));
          runs.push(run);
          return reports;
        } catch (error) {
          failures.push(error instanceof Error ? error : new Error(String(error)));
          throw error;
        }
      },
    });
    const nextHour = async (at: Date) => {
      clock.at = at;
      hour = appClients(gh, ServerOctokit, log);
      timers.shift()?.();
      await scheduler.idle();
    };
    clock.at = FIRST_RUN;
    await scheduler.idle();
    await nextHour(SECOND_RUN);
    clock.at = PUSH_AT;
    const pushed = repos[PUSHED_REPO_INDEX];
    const filedIn = repos[FILED_REPO_INDEX];
    if (
      pushed === undefined ||
      filedIn === undefined ||
      repoKind(PUSHED_REPO_INDEX) !== "bare" ||
      repoKind(FILED_REPO_INDEX) !== "bare"
    )
      throw new Error("no bare repository to push to or to file in");
    gh.state.commitToBranch(
      pushed,
      pushed.defaultBranch,
      { [CONFIG_PATH]: "digest:\n  enabled: false\n" },
      {
        message: "Turn the digest off",
        author: gh.state.account(OWNERS[0] ?? "alice"),
      },
    );
    // A postmortem's items filed in a repository that tracked nothing (by the Action, say).
    fileTrackedItems(gh, filedIn, 2, false, FILED_AT);
    await nextHour(THIRD_RUN);
    await scheduler.stop();
    if (failures[0] !== undefined) throw failures[0];
    const [first, second, third] = runs;
    if (first === undefined || second === undefined || third === undefined || runs.length !== 3)
      throw new Error(`the scheduler swept ${runs.length} times, not 3`);
    // A figure is only worth reporting if GitHub would have served every request behind it.
    const tolerated = checkViolations(gh);
    if (repos.length !== options.repositories) throw new Error("the organisation is incomplete");
    return {
      repositories: options.repositories,
      kinds: countKinds(options.repositories),
      latencyMs: options.latencyMs,
      setupMs,
      digestHour,
      first,
      second,
      third,
      toleratedViolations: tolerated,
    };
  } finally {
    await gh.close();
  }
}

type Clients = Parameters<typeof sweepDigests>[0];

/**
 * Throws on any violation but the description's own fault in `GET /app/installations`
 * (isInstallationsAccountFault); returns how many answers were excused.
 */
function checkViolations(gh: LocalGitHub): number {
  gh.assertNoViolations(isInstallationsAccountFault);
  return gh.violations.length;
}

/** The app as `digest --all` and the server's scheduler act as it: JWT, then installation tokens. */
function appClients(
  gh: LocalGitHub,
  Octokit: ReturnType<typeof makeAppOctokit>,
  log: Log,
): Clients {
  const probot = new Probot({
    appId: gh.app.id,
    privateKey: gh.app.privateKey,
    baseUrl: gh.url,
    log,
    Octokit,
  });
  return { app: () => probot.auth(), installation: (id) => probot.auth(id) };
}

type Log = Logger;

/** One sweep's requests, as the local GitHub saw them; throws if a repository failed. */
async function measureRun(
  gh: LocalGitHub,
  run: () => Promise<DigestRunReport[]>,
): Promise<{ run: SweepRun; reports: DigestRunReport[] }> {
  const from = gh.requests.length;
  // The local GitHub records a request when it arrives and calls this when it answers it.
  let answered = from;
  let maxInFlight = 0;
  const stop = gh.onAnswered(() => {
    maxInFlight = Math.max(maxInFlight, gh.requests.length - answered);
    answered++;
  });
  const started = performance.now();
  const reports = await run().finally(stop);
  const wallMs = performance.now() - started;
  const failed = reports.filter((r) => r.error !== null);
  if (failed.length > 0)
    throw new Error(`the sweep failed in ${failed.length} repositories: ${failed[0]?.error}`);
  const outcomes: Partial<Record<DigestOutcome, number>> = {};
  for (const r of reports) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  return {
    run: { outcomes, ...countSweep(gh.requests.slice(from)), wallMs, maxInFlight },
    reports,
  };
}

/** Counts a sweep's requests as GitHub's rate limit does. */
export function countSweep(
  log: readonly RecordedRequest[],
): Omit<SweepRun, "outcomes" | "wallMs" | "maxInFlight"> {
  const byKind = Object.fromEntries(
    READ_KINDS.map((k) => [k, { requests: 0, notModified: 0, points: 0 }]),
  ) as Record<ReadKind, KindCount>;
  let installationRequests = 0;
  let appRequests = 0;
  let notModified = 0;
  let points = 0;
  let writes = 0;
  for (const r of log) {
    const kind = readKind(r);
    const counted = byKind[kind];
    counted.requests++;
    // The installation token's POST is the app's; a write is one to a repository.
    if (r.method !== "GET" && r.caller !== "app") writes++;
    if (r.status === 304) {
      notModified++;
      counted.notModified++;
    }
    if (r.caller === "app") {
      appRequests++;
      continue;
    }
    installationRequests++;
    // GitHub counts every authorized request against the limit, except a 304 to a conditional one.
    if (r.status !== 304) {
      points++;
      counted.points++;
    }
  }
  return {
    requests: log.length,
    installationRequests,
    appRequests,
    notModified,
    points,
    writes: writes,
    byKind,
  };
}

const READ_KINDS: readonly ReadKind[] = [
  "app (JWT)",
  "installation's repositories",
  "config, the repository's",
  "config, the owner's .github",
  "issue lists",
  "digest comments",
  "other",
];

function readKind(r: RecordedRequest): ReadKind {
  if (r.caller === "app") return "app (JWT)";
  if (r.method !== "GET") return "other";
  if (r.path === "/installation/repositories") return "installation's repositories";
  if (/^\/repos\/[^/]+\/\.github\/contents\//.test(r.path)) return "config, the owner's .github";
  if (/^\/repos\/[^/]+\/[^/]+\/contents\//.test(r.path)) return "config, the repository's";
  if (/^\/repos\/[^/]+\/[^/]+\/issues$/.test(r.path)) return "issue lists";
  if (/^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/.test(r.path)) return "digest comments";
  return "other";
}

// ---------------------------------------------------------------------------------------------
// The organisation

/**
 * `acme/svc-0000` … in one installation of the app on all of them (no `acme/.github` repository,
 * so the owner's config is not found either). Repositories that track something hold what the app filed for one
 * postmortem a month ago: its tracking issue, its items and the digest issue.
 */
function standUpOrganisation(gh: LocalGitHub, repositories: number): Repository[] {
  const repos: Repository[] = [];
  for (let i = 0; i < repositories; i++) {
    const kind = repoKind(i);
    const files: Record<string, string> = { "README.md": `# svc-${i}\n` };
    if (kind === "tracked") files[CONFIG_PATH] = "digest:\n  day: monday\n  hour: 9\n";
    if (kind === "overdue") files[CONFIG_PATH] = "nudges: true\n";
    if (kind !== "bare") files[POSTMORTEM_PATH] = "# Queue outage\n";
    const repo = gh.state.createRepository({
      owner: ORG,
      name: `svc-${String(i).padStart(4, "0")}`,
      files,
      private: true,
    });
    for (const login of OWNERS) gh.state.addCollaborator(repo, login, "write");
    if (kind !== "bare") fileTrackedItems(gh, repo, kind === "overdue" ? 4 : 3, kind === "overdue");
    repos.push(repo);
  }
  gh.state.installApp(ORG, repos, { repositorySelection: "all" });
  if (gh.state.app?.bot.login !== BOT_LOGIN) throw new Error(`the app's bot is not ${BOT_LOGIN}`);
  return repos;
}

const OWNERS = ["alice", "bob"];

/**
 * As the app's bot: the tracking issue, `items` open items (the first two overdue when `overdue`,
 * otherwise all due next month), and the digest issue, last touched two weeks ago.
 */
function fileTrackedItems(
  gh: LocalGitHub,
  repo: Repository,
  items: number,
  overdue: boolean,
  filedAt?: Date,
) {
  const daysBefore = (days: number) =>
    new Date(DIGEST_HOUR.getTime() - days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
  const filed = filedAt?.toISOString().replace(/\.\d{3}Z$/, "Z") ?? daysBefore(30);
  const file = botIssueFiler(gh, repo, filed);
  file({
    title: "Postmortem: Queue outage",
    body: renderMarker({ v: 1, kind: "tracking", path: POSTMORTEM_PATH, pr: 7 }),
    label: "postmortem",
  });
  for (let i = 0; i < items; i++) {
    const due = daysBefore(overdue && i < 2 ? 10 : -20).slice(0, 10);
    const marker = renderMarker({
      v: 1,
      kind: "item",
      path: POSTMORTEM_PATH,
      key: `k${i}`,
      due,
      priority: "P2",
    });
    file({
      title: `Add alerting on queue ${i + 1}`,
      body: `> item\n\n${marker}`,
      label: "postmortem-action",
      assignee: OWNERS[i % OWNERS.length] ?? "alice",
    });
  }
  file({
    title: "Postmortem action items",
    body: renderMarker({ v: 1, kind: "digest", adopted: [] }),
    label: "postmortem",
    updatedAt: filedAt === undefined ? daysBefore(14) : filed,
  });
}

// ---------------------------------------------------------------------------------------------
// The section

/** `SWEEP_REPOS` from the environment, else 2,000. */
export function readSweepRepos(env: Record<string, string | undefined>): number {
  const raw = env.SWEEP_REPOS;
  if (raw === undefined || raw === "") return DEFAULT_REPOSITORIES;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1)
    throw new Error(`SWEEP_REPOS must be a whole number of repositories, got "${raw}"`);
  return Number(raw);
}

const thousands = (n: number) => n.toLocaleString("en-US");
const percent = (points: number, of = RATE_LIMIT_PER_HOUR) =>
  `${((100 * points) / of).toFixed(1)} %`;

/**
 * An installation's primary limit per hour for an organisation of `repositories` (GITHUB-FACTS,
 * from GitHub's rate-limit page): 5,000, plus 50 for each repository over 20, at most 12,500
 * (the organisation's users, which add as much, are left out).
 */
export function installationLimit(repositories: number): number {
  return Math.min(12_500, RATE_LIMIT_PER_HOUR + 50 * Math.max(0, repositories - 20));
}

/** Prints the section (about 8 minutes at 2,000 repositories) and returns its goal lines. */
export async function benchSweepCost(options: Partial<SweepOptions> = {}): Promise<Goal[]> {
  const repositories = options.repositories ?? readSweepRepos(process.env);
  const latencyMs = options.latencyMs ?? LATENCY_MS;
  const c = await measureSweepCost({ repositories, latencyMs });
  const k = c.kinds;
  console.log(
    `\n6. Hourly digest sweep: the server's digest scheduler's sweep (sweepDigests, due only, with ` +
      `its config cache) over one installation of ` +
      `${thousands(repositories)} repositories, against the local GitHub, ${latencyMs} ms latency ` +
      `per request; the server's Octokit (conditional requests, memory ETag store), a new ` +
      `installation token each hour (ETags are bound to the token on GitHub and here). Goal: a ` +
      `quiet hour ≤ ${QUIET_SWEEP_SHARE * 100} % of ${thousands(RATE_LIMIT_PER_HOUR)} points`,
  );
  console.log(
    `  Repositories: ${thousands(k.bare)} with no config and nothing tracked, ` +
      `${thousands(k.tracked)} with a config and tracked items, ${thousands(k["tracked-no-config"])} ` +
      `tracked without a config, ${thousands(k.overdue)} with overdue items and nudges on ` +
      `(stood up in ${formatMs(c.setupMs)}). Monday 09:00 UTC, the digest hour (setup, no latency): ` +
      `${describeOutcomes(c.digestHour)}, ${thousands(c.digestHour.writes)} writes.`,
  );
  const row = (name: string, r: SweepRun) => [
    name,
    thousands(r.installationRequests),
    thousands(r.notModified),
    thousands(r.points),
    percent(r.points),
    `${r.appRequests}`,
    `${r.writes}`,
    formatMs(r.wallMs),
    formatMs(r.requests * latencyMs),
    `${r.maxInFlight}`,
  ];
  console.log(
    renderTable(
      [
        "run",
        "requests",
        "304s",
        "points",
        "of 5,000",
        "JWT requests",
        "writes",
        "wall time",
        "of it latency",
        "max in flight",
      ],
      [
        row("first: 10:00, server just started", c.first),
        row("second: 11:00, nothing changed", c.second),
        row("third: 12:00, a push, items filed", c.third),
      ],
    ),
  );
  console.log("\n  Where the requests go (installation token; JWT requests count on the app):");
  console.log(
    renderTable(
      ["read", "first: requests", "first: points", "second: requests", "304s", "points"],
      READ_KINDS.filter(
        (kind) => c.first.byKind[kind].requests + c.second.byKind[kind].requests > 0,
      ).map((kind) => {
        const a = c.first.byKind[kind];
        const b = c.second.byKind[kind];
        return [
          kind,
          thousands(a.requests),
          kind === "app (JWT)" ? "—" : thousands(a.points),
          thousands(b.requests),
          thousands(b.notModified),
          kind === "app (JWT)" ? "—" : thousands(b.points),
        ];
      }),
    ),
  );
  const configReads = (r: SweepRun) =>
    r.byKind["config, the repository's"].requests +
    r.byKind["config, the owner's .github"].requests;
  const limit = installationLimit(repositories);
  console.log(
    `\n  The first run is a server's first sweep (or a leader's, after the lease moved): no ETags, ` +
      `no config cache, no memory; so does every \`digest --all\` run of the CLI without ` +
      `\`--state FILE\`, which keeps the same memory between cron runs. ${thousands(c.first.points)} points = ${percent(c.first.points, limit)} of ` +
      `this installation's ${thousands(limit)} an hour (5,000 + 50 per repository over 20, at ` +
      `most 12,500). The owner's .github config is read once per sweep ` +
      `(${thousands(c.first.byKind["config, the owner's .github"].requests)} read), not once per ` +
      `repository without a config.`,
  );
  const leftAlone = (r: SweepRun) =>
    repositories - Object.values(r.outcomes).reduce((n, count) => n + count, 0);
  console.log(
    `  Second run: ${thousands(leftAlone(c.second))} repositories left alone, ` +
      `${describeOutcomes(c.second) || "none read"}. Points per hour when nothing ` +
      `changed: ${thousands(c.second.points)} = ${percent(c.second.points)} of ` +
      `${thousands(RATE_LIMIT_PER_HOUR)}. With a new token every ETag is stale, so 304s cannot ` +
      `spare the reads; what does: repositories whose digest is posted are left alone until ` +
      `their next week, the config cache reads a config again only after a push ` +
      `(${thousands(configReads(c.first))} config reads in the first run, ` +
      `${thousands(configReads(c.second))} in the second), and a repository where nothing is ` +
      `tracked is read again only when the listing shows a new pushed_at or open-issue count, ` +
      `an issues webhook arrives, or in its own hour of the day (1/24 of them each hour). ` +
      `Third run, after a config pushed to one repository and a postmortem's items filed in ` +
      `another: ${thousands(leftAlone(c.third))} left alone, ${describeOutcomes(c.third)}; ` +
      `${thousands(c.third.points)} points, ` +
      `${thousands(c.third.writes)} writes.`,
  );
  const inFlight = Math.max(c.first.maxInFlight, c.second.maxInFlight);
  console.log(
    inFlight === 1
      ? `  Max in flight 1: the sweep sends one request at a time, repository after repository ` +
          `(GitHub's guidance: serially), so its wall time is at least requests × latency ` +
          `("of it latency"); the rest is the client's and the local GitHub's own work on this machine.`
      : `  Max in flight ${inFlight}: the sweep overlaps requests.`,
  );
  if (c.toleratedViolations > 0)
    console.log(
      `  (${c.toleratedViolations} answers to GET /app/installations excused: the OpenAPI subset ` +
        `types an installation's account as Simple User and Enterprise at once; see checkViolations.)`,
    );
  const quietTarget = QUIET_SWEEP_SHARE * RATE_LIMIT_PER_HOUR;
  const scope =
    repositories === DEFAULT_REPOSITORIES
      ? `${thousands(repositories)} repositories`
      : `${thousands(repositories)} repositories (goal stated for ${thousands(DEFAULT_REPOSITORIES)})`;
  return [
    {
      name: `Hourly sweep, ${scope}, nothing changed: points ≤ ${QUIET_SWEEP_SHARE * 100} % of the hourly limit`,
      measured: `${thousands(c.second.points)} (${percent(c.second.points)})`,
      target: `≤ ${thousands(quietTarget)}`,
      result: verdict(c.second.points <= quietTarget),
    },
    {
      name: `First sweep (no ETags, no memory), ${scope}: points ≤ 3/4 of the installation's hourly limit`,
      measured: `${thousands(c.first.points)} (${percent(c.first.points, limit)})`,
      target: `≤ ${thousands(0.75 * limit)}`,
      result: verdict(c.first.points <= 0.75 * limit),
    },
  ];
}

function describeOutcomes(run: SweepRun): string {
  return Object.entries(run.outcomes)
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, n]) => `${thousands(n)} ${outcome}`)
    .join(", ");
}
