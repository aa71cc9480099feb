import type { Logger } from "probot";
import { parseConfig } from "../config/parse-config.js";
import { DEFAULT_CONFIG_PATH } from "../config/config-path.js";
import type { Config } from "../config/schema.js";
import { buildDigest, type Digest, type DigestItem } from "../core/digest/build-digest.js";
import { digestSlot, isDigestDue } from "../core/digest/schedule.js";
import { weekStart } from "../core/digest/zoned-time.js";
import { readMarker, renderMarker } from "../core/issue-marker.js";
import type { DigestWeekMarker, TrackedIssue } from "../core/tracked-issue.js";
import { renderDigestComment, renderDigestNudge } from "../render/render.js";
import { ensureDigestIssue, findDigestIssue } from "../github/digest-issue.js";
import { findTrackerComments } from "../github/find-tracker-comments.js";
import {
  createComment,
  deleteComment,
  readIssue,
  readRepoConfig,
  updateComment,
  type GitHubClient,
  type InstallationRepo,
  type IssueComment,
  type RepoRef,
} from "../github/gateway.js";
import type { ConfigCache } from "../github/config-cache.js";
import { withRepoLock } from "../github/repo-lock.js";
import { listOwnIssues, type SyncTarget } from "../github/sync-work.js";
import type { AuthorTrust } from "../github/tracker-trust.js";
import { eachAppRepository, type AppClients } from "./each-app-repository.js";

export interface DigestRunOptions {
  now: Date;
  /** Compute and return the comment; write nothing. */
  dryRun: boolean;
  /**
   * The scheduler's mode: post only once this week's local day and hour have passed and only if
   * this week's comment does not exist yet. Off (the CLI): post or edit this week's comment now.
   */
  onlyWhenDue: boolean;
  /**
   * With `onlyWhenDue`: once this week's comment is posted, later runs edit it when its figures
   * changed, instead of leaving it (the Action's hourly schedule, which keeps no memory between
   * runs). The server's scheduler leaves it off: it reads nothing more that week.
   */
  refreshPosted?: boolean;
  /** The config file; default the app's `.github/postmortem-tracker.yml`. */
  configPath?: string;
}

export type DigestOutcome =
  /** This week's comment was posted. */
  | "posted"
  /** This week's comment existed and was edited. */
  | "updated"
  /** This week's comment existed and already said this. */
  | "unchanged"
  /** Another run posted this week's comment at the same time; ours was deleted. */
  | "lost-race"
  | "nothing-tracked"
  | "disabled"
  | "not-due"
  | "already-posted"
  | "dry-run"
  | "config-error"
  /** An error from GitHub (in a sweep of many repositories, which goes on). */
  | "failed";

export interface DigestRunReport {
  repo: string;
  outcome: DigestOutcome;
  /** The digest's time zone (config), or null when the config could not be read. */
  timezone: string | null;
  /** ISO week, or null when the config could not be read. */
  week: string | null;
  /** The comment's body (also in a dry run), or null when none was rendered. */
  body: string | null;
  /** Overdue issues nudged by this run. */
  nudged: number[];
  error: string | null;
}

/**
 * One repository's weekly digest: reads the config, the app's issues (100 per page) and, only
 * when its issue changed this week, this week's comments; then posts or edits one comment.
 * Safe to run any number of times and from two replicas at once (see {@link settleRace}).
 */
export async function runDigest(
  client: GitHubClient,
  repo: RepoRef,
  identity: {
    trust: AuthorTrust;
    repoUrl: string;
    /** How to read the config (a sweep's, through its cache); readRepoConfig by default. */
    readConfig?: (file: string) => Promise<Record<string, unknown> | null>;
  },
  log: Logger,
  options: DigestRunOptions,
): Promise<DigestRunReport> {
  const name = `${repo.owner}/${repo.repo}`;
  const configPath = options.configPath ?? DEFAULT_CONFIG_PATH;
  const { readConfig = (path: string) => readRepoConfig(client, repo, path), ...who } = identity;
  const parsed = parseConfig((await readConfig(configPath)) ?? {}, configPath);
  if (!parsed.ok) {
    log.warn({ repo: name }, "digest skipped: invalid config");
    return report(name, "config-error", null, null, [], parsed.error);
  }
  const target: SyncTarget = { client, repo, ...who, config: parsed.config, log };
  return runDigestFor(target, options);
}

/** {@link runDigest} once the config is known. */
export async function runDigestFor(
  target: SyncTarget,
  options: DigestRunOptions,
): Promise<DigestRunReport> {
  const result = await digestOnce(target, options);
  return { ...result, timezone: target.config.digest.timezone };
}

async function digestOnce(target: SyncTarget, options: DigestRunOptions): Promise<DigestRunReport> {
  const { config, repo } = target;
  const name = `${repo.owner}/${repo.repo}`;
  const log = target.log.child({ repo: name, job: "digest" });
  if (!config.digest.enabled) return report(name, "disabled", null, null, [], null);
  const slot = digestSlot(options.now, config.digest);
  if (options.onlyWhenDue && !slot.reached)
    return report(name, "not-due", slot.week, null, [], null);

  const issues = await listOwnIssues(target);
  const found = findDigestIssue(issues);
  const adopted = await readAdopted(target, found?.marker.adopted ?? []);
  const digest = buildDigest({ ownIssues: issues, adopted, now: options.now, config });
  if (digest === null) {
    log.info("digest skipped: nothing is tracked");
    return report(name, "nothing-tracked", slot.week, null, [], null);
  }

  const since = weekStart(options.now, config.digest.timezone);
  // A new comment updates its issue: an issue untouched since the week began has none this week,
  // and its comments need not be read.
  const digestIssue = found && issues.find((i) => i.number === found.issue.number);
  const existing =
    digestIssue === undefined || digestIssue === null || new Date(digestIssue.updatedAt) < since
      ? null
      : ((await weekComments(target, digestIssue.number, since, digest.week))[0] ?? null);
  if (
    options.onlyWhenDue &&
    options.refreshPosted !== true &&
    !isDigestDue(options.now, config.digest, existing === null ? [] : [digest.week])
  )
    return report(name, "already-posted", digest.week, null, [], null);

  const before = existing === null ? null : readMarker(existing.body, "digest-week");
  const already = before?.nudged ?? [];
  const toNudge = config.nudges
    ? digest.overdueAssigned.filter((i) => !already.includes(i.number))
    : [];
  const nudged = [...already, ...toNudge.map((i) => i.number)].sort((a, b) => a - b);
  const body = commentBody(digest, nudged.length > 0 ? nudged : null);
  if (options.dryRun) {
    log.info({ week: digest.week }, "[dry-run] digest rendered, nothing written");
    return report(
      name,
      "dry-run",
      digest.week,
      body,
      toNudge.map((i) => i.number),
      null,
    );
  }

  if (existing !== null) {
    if (existing.body === body && toNudge.length === 0)
      return report(name, "unchanged", digest.week, body, [], null);
    await updateComment(target.client, repo, existing.id, body);
    await nudge(target, toNudge);
    log.info({ week: digest.week, comment: existing.id }, "digest comment edited");
    return report(
      name,
      "updated",
      digest.week,
      body,
      toNudge.map((i) => i.number),
      null,
    );
  }

  const { issue } = found ?? (await createDigestIssueOnce(target));
  const posted = await createComment(target.client, repo, issue.number, body);
  if (!(await settleRace(target, issue.number, since, digest.week, posted.id))) {
    log.info(
      { week: digest.week },
      "another run posted this week's digest first; ours was removed",
    );
    return report(name, "lost-race", digest.week, body, [], null);
  }
  await nudge(target, toNudge);
  log.info({ week: digest.week, comment: posted.id }, "digest comment posted");
  return report(
    name,
    "posted",
    digest.week,
    body,
    toNudge.map((i) => i.number),
    null,
  );
}

/**
 * Two runs that both found no comment for the week have both posted one. Each reads the week's
 * comments back after posting: the oldest (lowest id) stays, and any later one deletes itself.
 * No lock is needed, and the cost is one read, paid only when a comment is created.
 */
async function settleRace(
  target: SyncTarget,
  issueNumber: number,
  since: Date,
  week: string,
  mine: number,
): Promise<boolean> {
  const comments = await weekComments(target, issueNumber, since, week);
  const first = comments[0];
  // Our own comment missing from the read (replication lag) cannot prove a race: keep it.
  if (first === undefined || first.id === mine || !comments.some((c) => c.id === mine)) return true;
  await deleteComment(target.client, target.repo, mine);
  return false;
}

/** The tracker's comments with this week's marker, oldest first. */
function weekComments(
  target: SyncTarget,
  issueNumber: number,
  since: Date,
  week: string,
): Promise<IssueComment[]> {
  return findTrackerComments(
    target.client,
    target.repo,
    target.trust,
    issueNumber,
    (body) => readMarker(body, "digest-week")?.week === week,
    { since: since.toISOString() },
  );
}

/** Adopted issues, read live (state, assignees); one that is gone is left out. */
async function readAdopted(
  target: SyncTarget,
  registry: readonly {
    number: number;
    due: string;
    priority: Config["defaultPriority"];
    since: string;
  }[],
) {
  const out: { issue: TrackedIssue; entry: (typeof registry)[number] }[] = [];
  for (const entry of registry) {
    const issue = await readIssue(target.client, target.repo, entry.number);
    if (issue !== null) out.push({ issue, entry });
  }
  return out;
}

async function nudge(target: SyncTarget, items: DigestItem[]): Promise<void> {
  for (const item of items) {
    const body = renderDigestNudge({
      assignees: item.assignees,
      due: item.due,
      daysOverdue: item.daysOverdue,
    });
    await createComment(target.client, target.repo, item.number, body);
  }
}

/** The comment for this digest; `nudged` is recorded in the marker so re-runs do not repeat. */
export function commentBody(digest: Digest, nudged: number[] | null): string {
  const marker: DigestWeekMarker = {
    v: 1,
    kind: "digest-week",
    week: digest.week,
    ...(nudged === null ? {} : { nudged }),
  };
  return renderDigestComment({
    week: digest.week,
    today: digest.today,
    overdue: digest.overdue,
    escalation: digest.escalation,
    dueSoon: digest.dueSoon,
    unowned: digest.unowned,
    closed: digest.closed,
    figures: digest.figures,
    postmortems: digest.postmortems,
    hidden: { overdue: 0, dueSoon: 0, unowned: 0, closed: 0, postmortems: 0 },
    marker: renderMarker(marker),
  });
}

function report(
  repo: string,
  outcome: DigestOutcome,
  week: string | null,
  body: string | null,
  nudged: number[],
  error: string | null,
  timezone: string | null = null,
): DigestRunReport {
  return { repo, outcome, timezone, week, body, nudged, error };
}

// ---------------------------------------------------------------------------------------------
// Every installation (the CLI's `--all` and the in-process scheduler)

/** What the installation's listing said of a repository when a sweep came to it. */
export type ListedRepo = Pick<InstallationRepo, "pushedAt" | "openIssues">;

export interface SweepOptions extends DigestRunOptions {
  /**
   * Repositories to leave alone this time (`owner/name`), e.g. already posted this week; asked
   * of every repository, in order, with what the listing says of it.
   */
  skip?: (repo: string, listed: ListedRepo) => boolean;
  /** Kept across sweeps (sweep-memory.ts): config reads that cannot have changed are skipped. */
  configCache?: ConfigCache;
}

/**
 * Runs the digest of every repository of every installation, one at a time (the installation's
 * write queue spaces the writes). A repository that fails is reported and the sweep goes on.
 */
export async function sweepDigests(
  clients: AppClients,
  log: Logger,
  options: SweepOptions,
): Promise<DigestRunReport[]> {
  const reports: DigestRunReport[] = [];
  const { configCache } = options;
  for await (const { client, repo, name, trust, readConfig } of eachAppRepository(clients, {
    configCache,
  })) {
    const listed = { pushedAt: repo.pushedAt, openIssues: repo.openIssues };
    if (options.skip?.(name, listed) === true) continue;
    try {
      const identity = { trust, repoUrl: repo.url, readConfig };
      reports.push(await runDigest(client, repo, identity, log, options));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error({ repo: name, err: error }, "digest failed");
      reports.push(report(name, "failed", null, null, [], message));
    }
  }
  return reports;
}

/**
 * The digest issue, created under the repository lock after reading the app's issues again: two
 * first runs at once (two replicas, a cron and the scheduler) must not open two digest issues.
 * It happens once in a repository's life, so the lock's three requests are spent only then.
 */
function createDigestIssueOnce(target: SyncTarget) {
  return withRepoLock(target.client, target.repo, {}, async () =>
    ensureDigestIssue(target, await listOwnIssues(target)),
  );
}
