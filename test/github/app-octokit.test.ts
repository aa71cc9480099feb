import Bottleneck from "bottleneck";
import nock from "nock";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import {
  GUIDANCE_WRITE_INTERVAL_MS,
  makeAppOctokit,
  readWriteInterval,
  withGuidanceThrottle,
} from "../../src/github/app-octokit.js";

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
      .reply(201, { number: 7 });
    const created = await octokit.rest.issues.create({ owner: "o", repo: "r", title: "t" });
    expect(created.data).toEqual({ number: 7 });

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
    nock(API).get("/app").reply(200, { slug: "x" });
    expect((await octokit.request("GET /app")).data).toEqual({ slug: "x" });
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
