import type { Config } from "../config/schema.js";
import { readMarkers } from "../core/issue-marker.js";
import type { TrackedIssue } from "../core/tracked-issue.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { listIssuesBy } from "./gateway-issues.js";
import { keepTrusted, type AuthorTrust } from "./tracker-trust.js";

/** What finding the tracker's issues needs: where, whose markers count, and its labels. */
export interface TrackerReader {
  client: GitHubClient;
  repo: RepoRef;
  trust: AuthorTrust;
  config: Pick<Config, "label" | "trackingLabel">;
}

/**
 * The tracker's issues (open and closed): every issue that carries a marker written by an author
 * the trust rule accepts, whoever filed it (the app, an installation token, the Actions token, a
 * maintainer's token). Issues without a marker (hand-labelled ones) are not among them.
 *
 * Found by their labels first (action items and tracking issues each carry one), then by the
 * trusted accounts that filed them and by the run's own login when it is known: a filed issue
 * whose label a person removed is still found through its author, so it is never filed twice. Fails with `TrustUnknownError` when an
 * author's role cannot be read: then nothing may be filed or posted.
 */
export async function listTrackerIssues(reader: TrackerReader): Promise<TrackedIssue[]> {
  const { client, repo, trust, config } = reader;
  const found = new Map<number, TrackedIssue>();
  const add = (issues: readonly TrackedIssue[]) => {
    for (const issue of issues) if (hasMarker(issue)) found.set(issue.number, issue);
  };
  for (const label of distinct([config.label.name, config.trackingLabel]))
    add(await listIssuesBy(client, repo, { label }));
  // The run's own login too, when known: its issues are found even if every label was changed.
  const self = await trust.self();
  const filers = distinct([
    ...(self === null ? [] : [self]),
    ...(await keepTrusted(trust, [...found.values()])).map((i) => i.author),
  ]);
  for (const creator of filers) add(await listIssuesBy(client, repo, { creator }));
  const trusted = await keepTrusted(
    trust,
    [...found.values()].sort((a, b) => a.number - b.number),
  );
  return trusted;
}

function hasMarker(issue: TrackedIssue): boolean {
  return readMarkers(issue.body).length > 0;
}

/** Case-insensitive: GitHub logins and label names are. */
function distinct(names: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const name of names) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  return [...seen.values()];
}
