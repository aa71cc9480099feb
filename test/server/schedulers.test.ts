import nock from "nock";
import { describe, expect, it, vi } from "vitest";
import { hourOf } from "../../src/jobs/quiet-repositories.js";
import { HOUR_MS } from "../../src/server/digest-scheduler.js";
import type { SweepMemoryStore } from "../../src/server/redis-sweep-memory.js";
import { makeSchedulers } from "../../src/server/schedulers.js";
import { FakeClock } from "../helpers/fake-clock.js";
import { repositoryJson } from "../helpers/github-json.js";
import {
  API,
  CONFIG_PATH,
  FULL_NAME,
  FakeGitHub,
  NAME,
  type FakeIssue,
  OWNER,
  deliver,
  issueEvent,
} from "../helpers/github-mock.js";
import { makeProbot, type LogEntry } from "../helpers/probot.js";
import type { WebhookDelivery } from "../helpers/webhook-examples.js";
import { addBug, addPersonsOldIssue, BUG } from "../jobs/digest-fixture.js";

const PLATFORM = "platform" as const;
const INFRA_ID = 1;
const PLATFORM_ID = 3;

describe("the server's schedulers", () => {
  it("read a repository remembered as quiet again on the sweep after an issues webhook for it, and only for it", async () => {
    // Monday of ISO week 2026-W49, after the default digest hour (09:00 UTC), so each read ends in
    // "nothing tracked"; the five sweeps' hours are neither repository's own hour of the day
    // (quiet-repositories.ts), when it would be read whatever the memory says.
    const clock = new FakeClock(Date.parse("2026-11-30T15:30:00Z"));
    const sweepHours = [15, 16, 17, 18, 19];
    expect(sweepHours).not.toContain(hourOf(FULL_NAME));
    expect(sweepHours).not.toContain(hourOf(`${OWNER}/${PLATFORM}`));

    const github = new FakeGitHub()
      .appIdentity()
      .installationList()
      .installationToken()
      .config(null)
      .issueListPaged();
    withPlatform(github);
    // acme/infra's only issue.
    const old = addPersonsOldIssue(github);
    // The same in acme/platform (not in the fake's store, which is acme/infra's).
    const oldOnPlatform = structuredClone(old);

    const { probot, logs } = await makeProbot();
    const schedulers = makeSchedulers(probot, { digest: true, reconcile: false }, null, { clock });
    const sweeps = () => logs.filter((l) => l.msg === "digest sweep done");
    let swept = 0;
    // Schedulers expose no idle(): a sweep has ended when the digest scheduler logs it.
    const sweep = async (): Promise<LogEntry | undefined> => {
      swept += 1;
      await vi.waitFor(
        () => {
          expect(sweeps()).toHaveLength(swept);
        },
        { timeout: 5000 },
      );
      return sweeps()[swept - 1];
    };
    /** The next hour's sweep, with only its own requests recorded. */
    const sweepAnHourLater = () => {
      github.clearRequests();
      clock.advance(HOUR_MS);
      return sweep();
    };
    const issueReads = () =>
      github.requests
        .filter((r) => r.method === "GET" && r.path.endsWith("/issues"))
        .map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`);
    const reads = (name: string) => [
      `/repos/${OWNER}/${name}/issues?labels=postmortem-action&state=all&per_page=100`,
      `/repos/${OWNER}/${name}/issues?labels=postmortem&state=all&per_page=100`,
      `/repos/${OWNER}/${name}/issues?creator=postmortem-tracker%5Bbot%5D&state=all&per_page=100`,
    ];

    schedulers.start();
    // 15:30: both repositories are read, and remembered as quiet.
    let done = await sweep();
    expect(issueReads()).toEqual([...reads(NAME), ...reads(PLATFORM)]);
    expect(done).toMatchObject({ repositories: 2, quiet: 2 });

    // 16:30: the listing shows nothing new, so neither repository's issues are read.
    done = await sweepAnHourLater();
    expect(github.calls()).toEqual([
      "GET /app",
      "GET /app/installations",
      "GET /installation/repositories",
    ]);
    expect(done).toMatchObject({ repositories: 0, quiet: 2 });

    // A label added to an old issue of acme/platform moves neither `pushed_at` nor
    // `open_issues_count`: only the webhook tells. acme/platform is read at 17:30, not acme/infra.
    addBug(oldOnPlatform, "2026-11-30T16:45:00Z");
    expect(await deliver(probot, labelled(oldOnPlatform, PLATFORM))).toBeUndefined();
    done = await sweepAnHourLater();
    expect(issueReads()).toEqual(reads(PLATFORM));
    expect(done).toMatchObject({ repositories: 1, quiet: 2 });

    // The same on acme/infra: it is read at 18:30, and acme/platform is left alone.
    addBug(old, "2026-11-30T17:45:00Z");
    expect(await deliver(probot, labelled(old, NAME))).toBeUndefined();
    done = await sweepAnHourLater();
    expect(issueReads()).toEqual(reads(NAME));
    expect(done).toMatchObject({ repositories: 1, quiet: 2 });

    // One touch, one read: at 19:30 both are quiet again.
    done = await sweepAnHourLater();
    expect(issueReads()).toEqual([]);
    expect(done).toMatchObject({ repositories: 0, quiet: 2 });

    await schedulers.stop();
    expect(clock.pending).toBe(0);
    expect(github.writes()).toEqual([]);
  });

  it.each([
    ["throws", () => Promise.reject(new Error("redis://:secret@redis:6379 is away"))],
    ["answers with a problem", () => Promise.resolve({ problem: "redis not ready" })],
  ])(
    "an issues webhook on a replica whose shared touch store %s is handled all the same, with a warning",
    async (_how, touch) => {
      const github = new FakeGitHub().appIdentity().installationToken().config(null);
      const issue = github.addIssue({ title: "Flaky deploy", body: "", labels: [], assignees: [] });
      const { probot, logs } = await makeProbot();
      const touched: string[] = [];
      makeSchedulers(probot, { digest: true, reconcile: false }, null, {
        memoryStore: touchOnlyStore((repo) => {
          touched.push(repo);
          return touch();
        }),
      });
      expect(await deliver(probot, labelled(issue, NAME))).toBeUndefined();
      expect(touched).toEqual([FULL_NAME]);
      expect(logs.filter((l) => l.msg === "digest touch not shared")).toMatchObject([
        { level: 40, repo: FULL_NAME },
      ]);
      expect(JSON.stringify(logs)).not.toContain("secret");
      expect(github.writes()).toEqual([]);
    },
  );

  it("without the digest scheduler, a replica leaves no touches in the shared store", async () => {
    const github = new FakeGitHub().appIdentity().installationToken().config(null);
    const issue = github.addIssue({ title: "Flaky deploy", body: "", labels: [], assignees: [] });
    const { probot } = await makeProbot();
    const touched: string[] = [];
    makeSchedulers(probot, { digest: false, reconcile: true }, null, {
      memoryStore: touchOnlyStore((repo) => {
        touched.push(repo);
        return Promise.resolve({ problem: null });
      }),
    });
    expect(await deliver(probot, labelled(issue, NAME))).toBeUndefined();
    expect(touched).toEqual([]);
  });
});

/** A store with nothing remembered and nothing touched, whose `touch` is the test's. */
function touchOnlyStore(touch: SweepMemoryStore["touch"]): SweepMemoryStore {
  return {
    load: () => Promise.resolve({ state: null, problem: null }),
    save: () => Promise.resolve({ problem: null }),
    takeTouches: () => Promise.resolve({ repos: [], problem: null }),
    touch,
  };
}

/**
 * The installation's listing, acme/infra and acme/platform with the same `pushed_at` and
 * `open_issues_count` every hour, and
 * acme/platform's reads, recorded with the fake's own requests: it has no config, and nothing
 * there carries the tracker's labels or was filed by the app.
 */
function withPlatform(github: FakeGitHub): void {
  const route = (path: string, answer: () => [number, unknown]) =>
    nock(API)
      .persist()
      .get(path)
      .query(true)
      .reply((uri) => {
        const url = new URL(uri, API);
        const reply = answer();
        github.requests.push({
          method: "GET",
          path: decodeURIComponent(url.pathname),
          query: Object.fromEntries(url.searchParams),
          body: undefined,
          status: reply[0],
        });
        return reply;
      });
  route("/installation/repositories", () => [
    200,
    {
      total_count: 2,
      repositories: [
        repositoryJson(NAME, { id: INFRA_ID }),
        repositoryJson(PLATFORM, { id: PLATFORM_ID }),
      ],
    },
  ]);
  route(`/repos/${OWNER}/${PLATFORM}/contents/${encodeURIComponent(CONFIG_PATH)}`, () => [
    404,
    {
      message: "Not Found",
      documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content",
      status: "404",
    },
  ]);
  route(`/repos/${OWNER}/${PLATFORM}/issues`, () => [200, []]);
}

/** `issues.labeled`: carol added "bug" to `issue` (as it is now) in acme/infra or acme/platform. */
function labelled(issue: FakeIssue, name: typeof NAME | typeof PLATFORM): WebhookDelivery {
  const delivery = issueEvent("labeled", issue, { id: `delivery-${name}`, label: BUG.name });
  const payload = delivery.payload as unknown as {
    repository: Record<string, unknown>;
    issue: Record<string, unknown>;
  };
  payload.repository.id = name === NAME ? INFRA_ID : PLATFORM_ID;
  if (name === PLATFORM) {
    const web = `https://github.com/${OWNER}/${PLATFORM}`;
    const api = `${API}/repos/${OWNER}/${PLATFORM}`;
    Object.assign(payload.repository, {
      name: PLATFORM,
      full_name: `${OWNER}/${PLATFORM}`,
      html_url: web,
      url: api,
    });
    Object.assign(payload.issue, {
      html_url: `${web}/issues/${String(issue.number)}`,
      url: `${api}/issues/${String(issue.number)}`,
      repository_url: api,
    });
  }
  return delivery;
}
