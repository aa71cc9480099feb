import Bottleneck from "bottleneck";
import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { Probot } from "probot";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  GUIDANCE_WRITE_INTERVAL_MS,
  makeAppOctokit,
  readWriteInterval,
  withGuidanceThrottle,
} from "../../src/github/app-octokit.js";
import {
  appJson,
  fullRepositoryJson,
  installationTokenJson,
  issueJson,
} from "../helpers/github-json.js";

const API = "https://api.github.com";
let ids = 0;

/** A token client as Probot builds one per installation: throttling on, its own Bottleneck key. */
function client(writeIntervalMs: number) {
  const Octokit = makeAppOctokit({ writeIntervalMs });
  return new Octokit({
    auth: { token: "t" },
    log: pino({ level: "silent" }),
    retry: { enabled: false },
    throttle: {
      id: `app-octokit-test-${process.pid}-${++ids}`,
      // retry-after is in seconds; count them as 10 ms so the test does not sleep.
      retryAfterBaseValue: 10,
      onRateLimit: () => false,
      onSecondaryRateLimit: () => false,
    },
  });
}

describe("makeAppOctokit", () => {
  it("sends every write through the one-per-second write queue, none through the 3 s one", () => {
    const options = withGuidanceThrottle({ throttle: { id: "1", onRateLimit: () => true } }, null);
    const throttle = options.throttle as Record<string, unknown>;
    const notifies = throttle.triggersNotification as (path: string) => boolean;
    // The plugin's own list sends these through its 3 s notification queue.
    for (const path of ["/repos/o/r/issues", "/repos/o/r/issues/7/comments"])
      expect(notifies(path)).toBe(false);
    expect(throttle.write).toBeUndefined();
    expect(throttle.id).toBe("1");
    expect(throttle.onRateLimit).toBeTypeOf("function");
  });

  it("uses a queue of its own only for another interval (a local stand-in)", () => {
    const group = new Bottleneck.Group({ maxConcurrent: 1, minTime: 20 });
    const options = withGuidanceThrottle({ throttle: {} }, group);
    expect((options.throttle as Record<string, unknown>).write).toBe(group);
  });

  it("retries a secondary rate limit after GitHub's retry-after, twice at most", async () => {
    const octokit = client(0);
    const limited = {
      message: "You have exceeded a secondary rate limit. Please wait a few minutes.",
    };
    nock(API)
      .post("/repos/o/r/issues")
      .reply(403, limited, { "retry-after": "2" })
      .post("/repos/o/r/issues")
      .reply(201, issueJson({ number: 7, title: "t" }));
    const created = await octokit.rest.issues.create({ owner: "o", repo: "r", title: "t" });
    expect(created.data.number).toBe(7);

    nock(API).post("/repos/o/r/issues").times(3).reply(403, limited, { "retry-after": "2" });
    await expect(
      octokit.rest.issues.create({ owner: "o", repo: "r", title: "t" }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("leaves a client with throttling switched off alone (tests)", async () => {
    const off = { throttle: { enabled: false } };
    expect(withGuidanceThrottle(off, null)).toBe(off);
    const Octokit = makeAppOctokit();
    const octokit = new Octokit({ auth: { token: "t" }, ...off });
    nock(API)
      .get("/app")
      .reply(200, appJson({ slug: "x" }));
    expect((await octokit.request("GET /app")).data).toMatchObject({ slug: "x" });
  });

  it("rejects an interval that is not whole milliseconds", () => {
    expect(() => makeAppOctokit({ writeIntervalMs: -1 })).toThrow(/whole number/);
    expect(() => makeAppOctokit({ writeIntervalMs: 1.5 })).toThrow(/whole number/);
  });
});

describe("readWriteInterval", () => {
  it.each([
    [{}, GUIDANCE_WRITE_INTERVAL_MS],
    [{ WRITE_INTERVAL_MS: "" }, GUIDANCE_WRITE_INTERVAL_MS],
    [{ WRITE_INTERVAL_MS: "0" }, 0],
    [{ WRITE_INTERVAL_MS: "250" }, 250],
  ])("reads %o as %d ms", (env, expected) => {
    expect(readWriteInterval(env)).toBe(expected);
  });

  it.each(["1s", "-1", "1e3", " 5"])("refuses %j", (value) => {
    expect(() => readWriteInterval({ WRITE_INTERVAL_MS: value })).toThrow(
      /WRITE_INTERVAL_MS must be a whole number of milliseconds/,
    );
  });
});

describe("refreshTokenOn401 (part of makeAppOctokit)", () => {
  const privateKey = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;

  afterEach(() => {
    vi.useRealTimers();
  });

  /** An installation client as Probot makes one for a webhook, with the app's Octokit. */
  async function installationClient(baseUrl?: string) {
    const Octokit = makeAppOctokit({ writeIntervalMs: 0 });
    const probot = new Probot({
      appId: 1,
      privateKey,
      ...(baseUrl === undefined ? {} : { baseUrl }),
      log: pino({ level: "silent" }),
      Octokit: Octokit.defaults((o: Record<string, unknown>) => ({
        ...o,
        retry: { enabled: false },
      })),
    });
    return probot.auth(7);
  }

  const token = (value: string) => installationTokenJson(value);

  it("gets a new installation token once when GitHub refuses the current one, and goes on", async () => {
    // @octokit/auth-app retries a 401 by itself only in a token's first 5 s; this one is older.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-26T12:00:00Z") });
    const client = await installationClient();
    nock(API)
      .post("/app/installations/7/access_tokens")
      .reply(201, token("ghs_old"))
      .get("/repos/o/r")
      .matchHeader("authorization", "token ghs_old")
      .reply(200, fullRepositoryJson("o", "r"));
    await client.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });

    vi.setSystemTime(new Date("2026-11-26T12:30:00Z"));
    nock(API)
      .get("/repos/o/r/issues")
      .matchHeader("authorization", "token ghs_old")
      .reply(401, { message: "Bad credentials" })
      .post("/app/installations/7/access_tokens")
      .reply(201, token("ghs_new"))
      .get("/repos/o/r/issues")
      .matchHeader("authorization", "token ghs_new")
      .reply(200, []);

    const { data } = await client.request("GET /repos/{owner}/{repo}/issues", {
      owner: "o",
      repo: "r",
    });
    expect(data).toEqual([]);
  });

  it("asks GitHub Enterprise Server, not github.com, for the new token", async () => {
    const GHE = "https://ghe.example.com";
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-26T12:00:00Z") });
    const client = await installationClient(`${GHE}/api/v3`);
    nock(GHE).post("/api/v3/app/installations/7/access_tokens").reply(201, token("ghs_old"));
    await client.auth({ type: "installation" });
    vi.setSystemTime(new Date("2026-11-26T12:30:00Z"));
    nock(GHE)
      .get("/api/v3/repos/o/r")
      .matchHeader("authorization", "token ghs_old")
      .reply(401, { message: "Bad credentials" })
      .post("/api/v3/app/installations/7/access_tokens")
      .reply(201, token("ghs_new"))
      .get("/api/v3/repos/o/r")
      .matchHeader("authorization", "token ghs_new")
      .reply(200, fullRepositoryJson("o", "r"));

    const { data } = await client.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
    expect(data).toMatchObject({ name: "r" });
  });

  it("gives up when the new token is refused too, after one try", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-26T12:00:00Z") });
    const client = await installationClient();
    nock(API).post("/app/installations/7/access_tokens").reply(201, token("ghs_old"));
    await client.auth({ type: "installation" });
    vi.setSystemTime(new Date("2026-11-26T12:30:00Z"));
    nock(API)
      .get("/repos/o/r")
      .reply(401, { message: "Bad credentials" })
      .post("/app/installations/7/access_tokens")
      .reply(201, token("ghs_new"))
      .get("/repos/o/r")
      .matchHeader("authorization", "token ghs_new")
      .reply(401, () => {
        // auth-app retries a brand-new token's 401 once a second for 5 s (replication lag);
        // let those 5 s pass at once, so it tries one more time and gives up.
        vi.setSystemTime(new Date("2026-11-26T12:30:10Z"));
        return { message: "Bad credentials" };
      })
      .get("/repos/o/r")
      .matchHeader("authorization", "token ghs_new")
      .reply(401, { message: "Bad credentials" });

    await expect(
      client.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" }),
    ).rejects.toMatchObject({ status: 401 });
  });

  it("passes a 401 through for a plain token, which cannot be renewed", async () => {
    const Octokit = makeAppOctokit();
    const client = new Octokit({
      auth: "ghp_x",
      throttle: { enabled: false },
      retry: { enabled: false },
    });
    nock(API).get("/user").reply(401, { message: "Bad credentials" });
    await expect(client.request("GET /user")).rejects.toMatchObject({ status: 401 });
  });
});
