import type { Logger } from "probot";
import type { Config } from "../config/schema.js";
import type { ItemAction } from "../core/plan-sync.js";
import type { TrackedIssue, TrackingMarker } from "../core/tracked-issue.js";
import type { PostmortemMeta, PostmortemPlan } from "../core/types.js";
import type { DocumentAt } from "./build-views.js";
import type { GitHubClient, RepoRef } from "./gateway.js";
import { listTrackerIssues } from "./list-tracker-issues.js";
import type { AuthorTrust } from "./tracker-trust.js";

/** Where to sync and as whom. */
export interface SyncTarget {
  client: GitHubClient;
  repo: RepoRef;
  /** `repository.html_url`, for permalinks (GitHub Enterprise hosts differ). */
  repoUrl: string;
  /** Whose markers count (tracker-trust.ts), whatever credentials this run has. */
  trust: AuthorTrust;
  config: Config;
  log: Logger;
  /**
   * A dry run of the CLI or the Action: plan and report, and write nothing at all, not even the
   * dry-run summary on the pull request that the config's `dryRun` posts.
   */
  writeNothing?: boolean;
}

/** What caused this sync: the commit the documents were read at, and the PR if there is one. */
export interface SyncTrigger {
  sha: string;
  /** The merge date, YYYY-MM-DD: relative deadlines and the policy count from it. */
  date: string;
  pr: number | null;
  /** Owner of last resort (the PR author). */
  author: string | null;
}

export interface PostmortemSource {
  path: string;
  text: string;
}

export interface SyncCounts {
  /** What the plan called for, by action kind (create, update, keep, close-done, remove…). */
  planned: Record<string, number>;
  created: number;
  updated: number;
  closed: number;
  unchanged: number;
  writes: number;
  /** The item issues this run filed, edited or closed, in that order (the Action's output). */
  issues: number[];
}

/** One postmortem's share of a sync: its plan, the actions it needs, its tracking issue. */
export interface Work {
  plan: PostmortemPlan;
  meta: PostmortemMeta | undefined;
  doc: DocumentAt;
  actions: ItemAction[];
  tracking: TrackedIssue | null;
  trackingMarker: TrackingMarker | null;
}

/** The tracker's issues in the target repository (see {@link listTrackerIssues}). */
export function listOwnIssues(target: SyncTarget): Promise<TrackedIssue[]> {
  return listTrackerIssues(target);
}

export function summaryOf(w: Work): string | null {
  return w.meta?.summary ?? null;
}
