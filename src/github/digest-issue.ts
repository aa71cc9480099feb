import { readMarker, renderMarker } from "../core/issue-marker.js";
import type { AdoptedIssue, DigestMarker, TrackedIssue } from "../core/tracked-issue.js";
import { renderDigestIssue } from "../render/render.js";
import { fixNewLabels } from "./fix-new-labels.js";
import { createIssue, GitHubWriteError, updateIssue } from "./gateway.js";
import { listOwnIssues, type SyncCounts, type SyncTarget } from "./sync-work.js";

/** The digest issue and the registry read from its marker. */
export interface DigestIssue {
  issue: TrackedIssue;
  marker: DigestMarker;
}

export const DIGEST_ISSUE_TITLE = "Postmortem action items";

/**
 * The app's digest issue among the app's own issues (author = bot, body marker kind "digest");
 * oldest wins, should a crash ever have left two. Callers pass issues already filtered to the
 * app's own (`listOwnIssues`): a marker pasted into a human's issue must not count.
 */
export function findDigestIssue(issues: readonly TrackedIssue[]): DigestIssue | null {
  let found: DigestIssue | null = null;
  for (const issue of issues) {
    const marker = readMarker(issue.body, "digest");
    if (marker !== null && (found === null || issue.number < found.issue.number)) {
      found = { issue, marker };
    }
  }
  return found;
}

/**
 * Finds the digest issue or creates it, exactly once even after a create whose outcome is unknown
 * (5xx, timeout): the marker is looked up before trying again, as for action items.
 */
export async function ensureDigestIssue(
  target: SyncTarget,
  issues: readonly TrackedIssue[],
): Promise<DigestIssue> {
  const existing = findDigestIssue(issues);
  if (existing !== null) return existing;
  const marker: DigestMarker = { v: 1, kind: "digest", adopted: [] };
  const body = digestIssueBody(target, marker);
  for (let attempt = 0; ; attempt++) {
    try {
      const created = await createIssue(target.client, target.repo, {
        title: DIGEST_ISSUE_TITLE,
        body,
        labels: [target.config.trackingLabel],
        assignees: [],
      });
      await fixNewLabels(target)(created.labelColors, noCounts());
      target.log.info({ issue: created.number }, "created the digest issue");
      return { issue: created, marker };
    } catch (error) {
      if (!(error instanceof GitHubWriteError) || error.outcome !== "unknown" || attempt >= 2)
        throw error;
      const filed = findDigestIssue(await listOwnIssues(target));
      if (filed !== null) return filed;
    }
  }
}

/**
 * Re-renders the digest issue body with this adopted list (sorted by number, one entry per
 * number); no write when the body would not change.
 */
export async function saveAdopted(
  target: SyncTarget,
  digest: DigestIssue,
  adopted: AdoptedIssue[],
): Promise<TrackedIssue> {
  const byNumber = new Map(adopted.map((a) => [a.number, a]));
  const sorted = [...byNumber.values()].sort((a, b) => a.number - b.number);
  const body = digestIssueBody(target, { v: 1, kind: "digest", adopted: sorted });
  if (body === digest.issue.body) return digest.issue;
  return updateIssue(target.client, target.repo, digest.issue.number, { body });
}

function digestIssueBody(target: SyncTarget, marker: DigestMarker): string {
  return renderDigestIssue({
    label: target.config.label.name,
    adopted: marker.adopted.map((a) => ({ number: a.number, due: a.due, priority: a.priority })),
    marker: renderMarker(marker),
  });
}

function noCounts(): SyncCounts {
  return { planned: {}, created: 0, updated: 0, closed: 0, unchanged: 0, writes: 0, issues: [] };
}
