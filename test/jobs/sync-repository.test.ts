import { readFileSync } from "node:fs";
import nock from "nock";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { makeAuthorTrust } from "../../src/github/tracker-trust.js";
import { renderMarker } from "../../src/core/issue-marker.js";
import { syncRepository } from "../../src/jobs/sync-repository.js";
import { API, makeClient, REPO } from "../github/test-client.js";
import {
  branchJson,
  commitJson,
  fullRepositoryJson,
  issueJson,
  treeJson,
} from "../helpers/github-json.js";

const SEED = readFileSync(new URL("../fixtures/postmortems/seed.md", import.meta.url), "utf8");
const HEAD = "a".repeat(40);
const BOT = "postmortem-tracker[bot]";
const RECENT = "postmortems/2026-11-20-recent.md";
const OLD = "postmortems/2024-01-05-old.md";
const TRACKED = "postmortems/2025-02-01-tracked.md";
const silent = pino({ level: "silent" });

/** The reads every sync makes before looking at postmortems: config, branch, tree, issues. */
function mockRepository(trackedBody: string, issueListReads: number) {
  const scope = nock(API)
    .get("/repos/acme/infra/contents/.github%2Fpostmortem-tracker.yml")
    .reply(404)
    .get("/repos/acme/.github/contents/.github%2Fpostmortem-tracker.yml")
    .reply(404)
    .get("/repos/acme/infra")
    .reply(200, fullRepositoryJson())
    .get("/repos/acme/infra/branches/main")
    .reply(200, branchJson(HEAD))
    .get(`/repos/acme/infra/git/trees/${HEAD}`)
    .query({ recursive: "1" })
    .reply(200, treeJson(HEAD, [RECENT, OLD, TRACKED, "postmortems/TEMPLATE.md", "src/index.ts"]));
  // The tracked postmortem's tracking issue, written by the app.
  const issue = issueJson({
    number: 7,
    id: 7007,
    title: "Postmortem: tracked",
    body: trackedBody,
    labels: ["postmortem"],
    user: { login: BOT, type: "Bot" },
    created_at: "2025-02-02T00:00:00Z",
  });
  // One listing serves the whole reconcile (dry runs never re-read under the lock): by the items'
  // label, by the tracking label, then by the one author who filed them.
  scope
    .get("/repos/acme/infra/issues")
    .query({ labels: "postmortem-action", state: "all", per_page: "100" })
    .times(issueListReads)
    .reply(200, [])
    .get("/repos/acme/infra/issues")
    .query({ labels: "postmortem", state: "all", per_page: "100" })
    .times(issueListReads)
    .reply(200, [issue])
    .get("/repos/acme/infra/issues")
    .query({ creator: BOT, state: "all", per_page: "100" })
    .times(issueListReads)
    .reply(200, [issue]);
  return scope;
}

/** The newest commit touching `path`; `synced` when the sync reads it, so asks for its PR. */
function lastCommit(path: string, date: string, synced = true) {
  const sha = `c-${path.length}-${date.slice(0, 4)}`;
  nock(API)
    .get("/repos/acme/infra/commits")
    .query({ path, sha: HEAD, per_page: "1" })
    .reply(200, [commitJson(sha, date)]);
  // Committed straight to the branch: no pull request, so no author to own unowned items.
  if (synced)
    nock(API)
      .get(`/repos/acme/infra/commits/${sha}/pulls`)
      .query({ per_page: "10" })
      .reply(200, []);
}

function file(path: string, text: string) {
  nock(API)
    .get(`/repos/acme/infra/contents/${encodeURIComponent(path)}`)
    .query({ ref: HEAD })
    .reply(200, text, { "content-type": "text/plain; charset=utf-8" });
}

const tracking = renderMarker({ v: 1, kind: "tracking", path: TRACKED, pr: null });

describe("syncRepository (the reconcile behind `sync` and install)", () => {
  it("syncs tracked and recent postmortems, skips old untracked ones and templates (dry run: reads only)", async () => {
    mockRepository(`tracking\n${tracking}`, 1);
    lastCommit(RECENT, "2026-11-20T10:00:00Z");
    lastCommit(OLD, "2024-01-05T10:00:00Z", false);
    lastCommit(TRACKED, "2025-02-01T10:00:00Z");
    file(RECENT, SEED);
    file(TRACKED, "# Tracked\n\n## Action items\n\n- Add alerting on queue depth\n");

    const client = makeClient();
    const report = await syncRepository(
      client,
      REPO,
      { trust: makeAuthorTrust(client, REPO, BOT), repoUrl: "https://github.com/acme/infra" },
      silent,
      { backfill: false, dryRun: true, today: "2026-11-26" },
    );

    expect(report.error).toBeNull();
    expect(report.postmortems.map((p) => [p.path, p.skipped === null, p.counts?.planned])).toEqual([
      [RECENT, true, { create: 5 }],
      [OLD, false, undefined],
      // Tracked postmortems are reconciled whatever their age.
      [TRACKED, true, { create: 1 }],
    ]);
    expect(report.postmortems[1]?.skipped).toMatch(/last changed 2024-01-05.*--backfill/);
    expect(report.postmortems.every((p) => (p.counts?.writes ?? 0) === 0)).toBe(true);
  });

  it("with --backfill, files old untracked postmortems too", async () => {
    mockRepository(`tracking\n${tracking}`, 1);
    lastCommit(RECENT, "2026-11-20T10:00:00Z");
    lastCommit(OLD, "2024-01-05T10:00:00Z");
    lastCommit(TRACKED, "2025-02-01T10:00:00Z");
    file(RECENT, SEED);
    file(OLD, SEED);
    file(TRACKED, "# Tracked\n\nNo follow-ups were needed.\n");

    const client = makeClient();
    const report = await syncRepository(
      client,
      REPO,
      { trust: makeAuthorTrust(client, REPO, BOT), repoUrl: "https://github.com/acme/infra" },
      silent,
      { backfill: true, dryRun: true, today: "2026-11-26" },
    );

    expect(report.postmortems.map((p) => [p.path, p.skipped])).toEqual([
      [RECENT, null],
      [OLD, null],
      [TRACKED, null],
    ]);
    expect(report.postmortems[1]?.counts?.planned).toEqual({ create: 5 });
  });

  it("reports an invalid config and touches nothing else", async () => {
    nock(API)
      .get("/repos/acme/infra/contents/.github%2Fpostmortem-tracker.yml")
      .reply(200, "deadlines:\n  P1: -3\n", { "content-type": "text/plain; charset=utf-8" });

    const client = makeClient();
    const report = await syncRepository(
      client,
      REPO,
      { trust: makeAuthorTrust(client, REPO, BOT), repoUrl: "https://github.com/acme/infra" },
      silent,
      { backfill: false, dryRun: true, today: "2026-11-26" },
    );

    expect(report.error).toMatch(/deadlines\.P1/);
    expect(report.postmortems).toEqual([]);
  });
});
