import { readFileSync } from "node:fs";
import { pino } from "pino";
import type { Logger } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { makeAppOctokit } from "../../src/github/app-octokit.js";
import {
  conditionalRequests,
  memoryEtagStore,
  type EtagStore,
} from "../../src/github/conditional-requests.js";
import { makeAuthorTrust } from "../../src/github/tracker-trust.js";
import { runDigest, type DigestRunReport } from "../../src/jobs/run-digest.js";
import { syncRepository } from "../../src/jobs/sync-repository.js";
import { LocalGitHub, type RecordedRequest } from "../local-github/index.js";
import { movableClock } from "./movable-clock.js";

/*
 * The hourly digest sweep (`digest --due-only`, the digest scheduler) reads every repository's
 * config and issues each hour, and almost always finds nothing new. With conditional requests
 * those reads are answered 304 by GitHub, which costs no rate limit. Against the local GitHub,
 * which tags every GET and answers a matching If-None-Match with 304 as GitHub does.
 */

const PATH = "postmortems/2026-05-01-outage.md";
const SEED = readFileSync(new URL("../fixtures/postmortems/seed.md", import.meta.url), "utf8");
const BOT = "postmortem-tracker[bot]";
/** A Tuesday in 2027-W01, after the digest's default Monday 09:00 UTC. */
const SWEEP_AT = new Date("2027-01-05T10:00:00Z");
const silent = pino({ level: "silent" }) as unknown as Logger;

let gh: LocalGitHub | null = null;
afterEach(async () => {
  await gh?.close();
  gh = null;
});

const CONFIG = ".github/postmortem-tracker.yml";

async function filedRepository(store: EtagStore | null, files: Record<string, string> = {}) {
  const clock = movableClock("2026-11-26T10:00:00Z");
  const local = await LocalGitHub.start({ clock });
  gh = local;
  const repo = local.state.createRepository({
    owner: "acme",
    name: "infra",
    files: { [PATH]: SEED, ...files },
  });
  local.state.addCollaborator(repo, "alice", "write");
  const installation = local.state.installApp("acme", [repo]);
  const Octokit = makeAppOctokit({
    writeIntervalMs: 0,
    plugins: store === null ? [] : [conditionalRequests(store)],
  });
  // An installation token lasts an hour; `renewToken` stands for the next hour's.
  let client = new Octokit({
    auth: { token: local.issueInstallationToken(installation) },
    baseUrl: local.url,
  });
  const ref = { owner: "acme", repo: "infra" };
  const identity = {
    trust: makeAuthorTrust(client, ref, BOT),
    repoUrl: "https://github.com/acme/infra",
  };
  const filed = await syncRepository(client, ref, identity, silent, {
    backfill: true,
    dryRun: false,
    today: "2026-11-26",
  });
  expect(filed.error).toBeNull();
  // GitHub stamps the digest's comments with the time the sweep runs; the week is read from them.
  clock.jumpTo(SWEEP_AT.toISOString());
  const sweep = async (): Promise<{ report: DigestRunReport; requests: RecordedRequest[] }> => {
    const from = local.requests.length;
    const report = await runDigest(
      client,
      ref,
      { ...identity, trust: makeAuthorTrust(client, ref, BOT) },
      silent,
      {
        now: SWEEP_AT,
        dryRun: false,
        onlyWhenDue: true,
      },
    );
    return { report, requests: local.requests.slice(from) };
  };
  const renewToken = () => {
    client = new Octokit({
      auth: { token: local.issueInstallationToken(installation) },
      baseUrl: local.url,
    });
  };
  return { local, sweep, renewToken };
}

/** What a sweep costs against the rate limit: every answer but a 304. */
function points(requests: RecordedRequest[]): number {
  return requests.filter((r) => r.status !== 304).length;
}

describe("an hourly digest sweep with conditional requests", { timeout: 60_000 }, () => {
  it("costs no rate limit once nothing has changed: every read is answered 304", async () => {
    const { local, sweep } = await filedRepository(memoryEtagStore(16 * 1024 * 1024), {
      [CONFIG]: "digest:\n  day: monday\n",
    });

    const posting = await sweep();
    const next = await sweep();
    const quiet = await sweep();

    expect(posting.report.outcome).toBe("posted");
    expect(next.report.outcome).toBe("already-posted");
    expect(quiet.report.outcome).toBe("already-posted");
    expect(quiet.requests.length).toBeGreaterThan(0);
    expect(quiet.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(quiet.requests.map((r) => `${r.method} ${r.path} ${String(r.status)}`)).toEqual(
      quiet.requests.map((r) => `GET ${r.path} 304`),
    );
    expect(points(quiet.requests)).toBe(0);
    local.assertNoViolations();
  });

  it("a tag answered to the last hour's installation token matches nothing with the next one", async () => {
    const { local, sweep, renewToken } = await filedRepository(memoryEtagStore(16 * 1024 * 1024), {
      [CONFIG]: "digest:\n  day: monday\n",
    });
    await sweep();
    await sweep();
    const sameToken = await sweep();
    renewToken();

    const nextToken = await sweep();

    expect(points(sameToken.requests)).toBe(0);
    expect(nextToken.report.outcome).toBe("already-posted");
    expect(nextToken.requests.map((r) => r.path)).toEqual(sameToken.requests.map((r) => r.path));
    // GitHub binds a tag to the token it was answered to: every read is paid again.
    expect(nextToken.requests.filter((r) => r.status === 304)).toEqual([]);
    expect(points(nextToken.requests)).toBe(nextToken.requests.length);
    local.assertNoViolations();
  });

  it("a repository with no config file still costs its two config reads: GitHub tags no 404", async () => {
    const { local, sweep } = await filedRepository(memoryEtagStore(16 * 1024 * 1024));

    await sweep();
    await sweep();
    const quiet = await sweep();

    expect(quiet.requests.filter((r) => r.status !== 304).map((r) => r.path)).toEqual([
      `/repos/acme/infra/contents/${CONFIG}`,
      `/repos/acme/.github/contents/${CONFIG}`,
    ]);
    expect(points(quiet.requests)).toBe(2);
    local.assertNoViolations();
  });

  it("without them, the same quiet sweep spends a point on every read", async () => {
    const { local, sweep } = await filedRepository(null);

    await sweep();
    await sweep();
    const quiet = await sweep();

    expect(quiet.report.outcome).toBe("already-posted");
    expect(quiet.requests.length).toBeGreaterThan(0);
    expect(points(quiet.requests)).toBe(quiet.requests.length);
    local.assertNoViolations();
  });

  it("an issue closed between two sweeps is read in full again, and seen", async () => {
    const { local, sweep } = await filedRepository(memoryEtagStore(16 * 1024 * 1024));
    await sweep();
    await sweep();
    const repo = local.state.repository("acme", "infra");
    const item = [...(repo?.issues.values() ?? [])].find((i) => i.title.startsWith("Increase"));
    expect(item).toBeDefined();
    if (item !== undefined) item.state = "closed";

    const after = await sweep();

    // The issue lists changed, so they come back 200 with their new content.
    expect(after.requests.some((r) => r.path.endsWith("/issues") && r.status === 200)).toBe(true);
    local.assertNoViolations();
  });
});
