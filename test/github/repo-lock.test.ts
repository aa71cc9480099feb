import nock from "nock";
import { describe, expect, it, vi } from "vitest";
import { LockBusyError, withRepoLock } from "../../src/github/repo-lock.js";
import { labelJson, validationFailedJson } from "../helpers/github-json.js";
import { API, makeClient, makeRetryingClient, REPO } from "./test-client.js";

const START = Date.parse("2026-11-26T12:00:00.000Z");
const LABELS = "/repos/acme/infra/labels";
const LOCK = `${LABELS}/postmortem-tracker-lock`;
const ALREADY_EXISTS = validationFailedJson({
  resource: "Label",
  code: "already_exists",
  field: "name",
});

/** A clock that only moves when the lock sleeps, so no test waits for real. */
function fakeTime() {
  let now = START;
  const sleeps: number[] = [];
  return {
    sleeps,
    // The tests below were written against a 10-minute TTL; the default has its own test.
    ttlMs: 600_000,
    now: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

/** The lock label as created and as read back. */
function lockBody(token: string, expires: string) {
  return {
    name: "postmortem-tracker-lock",
    color: "ededed",
    description: `postmortem-tracker lock ${token} expires ${expires}`,
  };
}

/** The lock label as GitHub answers with it. */
function lockLabel(token: string, expires: string) {
  return labelJson(lockBody(token, expires));
}

/** A renewal: the same label, with the expiry pushed forward. */
function renewal(token: string, expires: string) {
  const { color, description } = lockBody(token, expires);
  return { color, description };
}

/** A renewal timer that never fires again: it waits for the holder to finish. */
function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener("abort", () => {
      resolve();
    });
  });
}

/** The release: read the label, and delete it because it is still ours. */
function mockRelease(scope: nock.Scope, token: string, expires: string): nock.Scope {
  return scope.get(LOCK).reply(200, lockLabel(token, expires)).delete(LOCK).reply(204);
}

describe("withRepoLock", () => {
  it("creates the lock label, runs fn, then deletes the label", async () => {
    const time = fakeTime();
    const scope = nock(API)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(201, lockLabel("tok-a", "2026-11-26T12:10:00.000Z"));
    mockRelease(scope, "tok-a", "2026-11-26T12:10:00.000Z");
    const fn = vi.fn(() => Promise.resolve("done"));

    const result = await withRepoLock(makeClient(), REPO, { ...time, token: "tok-a" }, fn);

    expect(result).toBe("done");
    expect(fn).toHaveBeenCalledTimes(1);
    expect(time.sleeps).toEqual([]);
  });

  it("waits while another holder has it, then takes it when it is free", async () => {
    const time = fakeTime();
    const scope = nock(API)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(422, ALREADY_EXISTS)
      .get(LOCK)
      .reply(200, lockLabel("tok-b", "2026-11-26T12:05:00.000Z"))
      // After one 2 s poll the clock reads 12:00:02, so the new expiry moves by 2 s too.
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:02.000Z"))
      .reply(201, lockLabel("tok-a", "2026-11-26T12:10:02.000Z"));
    mockRelease(scope, "tok-a", "2026-11-26T12:10:02.000Z");

    await withRepoLock(makeClient(), REPO, { ...time, token: "tok-a" }, () => Promise.resolve());

    expect(time.sleeps).toEqual([2000]);
  });

  it("takes over an expired lock: deletes it and creates its own", async () => {
    const time = fakeTime();
    const scope = nock(API)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(422, ALREADY_EXISTS)
      .get(LOCK)
      .reply(200, lockLabel("tok-crashed", "2026-11-26T11:59:59.999Z"))
      .delete(LOCK)
      .reply(204)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(201, lockLabel("tok-a", "2026-11-26T12:10:00.000Z"));
    mockRelease(scope, "tok-a", "2026-11-26T12:10:00.000Z");

    await withRepoLock(makeClient(), REPO, { ...time, token: "tok-a" }, () => Promise.resolve());

    expect(time.sleeps).toEqual([]);
  });

  it("treats a label by the lock's name that is not a lock as expired", async () => {
    const time = fakeTime();
    const scope = nock(API)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(422, ALREADY_EXISTS)
      .get(LOCK)
      .reply(
        200,
        labelJson({ name: "postmortem-tracker-lock", color: "ededed", description: null }),
      )
      .delete(LOCK)
      .reply(204)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(201, lockLabel("tok-a", "2026-11-26T12:10:00.000Z"));
    mockRelease(scope, "tok-a", "2026-11-26T12:10:00.000Z");

    await withRepoLock(makeClient(), REPO, { ...time, token: "tok-a" }, () => Promise.resolve());
  });

  it("holds the lock when a create answered 5xx but succeeded (sent once, retries on)", async () => {
    const time = fakeTime();
    const scope = nock(API)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(502, { message: "Bad Gateway" })
      .get(LOCK)
      .reply(200, lockLabel("tok-a", "2026-11-26T12:10:00.000Z"));
    mockRelease(scope, "tok-a", "2026-11-26T12:10:00.000Z");
    const fn = vi.fn(() => Promise.resolve());

    await withRepoLock(makeRetryingClient(), REPO, { ...time, token: "tok-a" }, fn);

    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("creates again after a 5xx create that did not happen", async () => {
    const time = fakeTime();
    const scope = nock(API)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(500, { message: "Server Error" })
      .get(LOCK)
      .reply(404, { message: "Not Found" })
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:02.000Z"))
      .reply(201, lockLabel("tok-a", "2026-11-26T12:10:02.000Z"));
    mockRelease(scope, "tok-a", "2026-11-26T12:10:02.000Z");

    await withRepoLock(makeClient(), REPO, { ...time, token: "tok-a" }, () => Promise.resolve());

    expect(time.sleeps).toEqual([2000]);
  });

  it("throws LockBusyError once waitMs has passed, without running fn", async () => {
    const time = fakeTime();
    // Attempts at +0 s, +2 s, +4 s and +5 s (the last poll is cut to what is left of waitMs).
    for (const at of ["12:10:00", "12:10:02", "12:10:04", "12:10:05"]) {
      nock(API)
        .post(LABELS, lockBody("tok-a", `2026-11-26T${at}.000Z`))
        .reply(422, ALREADY_EXISTS)
        .get(LOCK)
        .reply(200, lockLabel("tok-b", "2026-11-26T12:08:00.000Z"));
    }
    const fn = vi.fn(() => Promise.resolve());

    const error = await withRepoLock(
      makeClient(),
      REPO,
      { ...time, token: "tok-a", waitMs: 5000 },
      fn,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LockBusyError);
    expect(error).toMatchObject({
      lockName: "postmortem-tracker-lock",
      heldUntil: "2026-11-26T12:08:00.000Z",
      waitedMs: 5000,
    });
    expect(time.sleeps).toEqual([2000, 2000, 1000]);
    expect(fn).not.toHaveBeenCalled();
  });

  it("releases the lock when fn throws, and rethrows fn's error", async () => {
    const time = fakeTime();
    const scope = nock(API)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(201, lockLabel("tok-a", "2026-11-26T12:10:00.000Z"));
    mockRelease(scope, "tok-a", "2026-11-26T12:10:00.000Z");

    await expect(
      withRepoLock(makeClient(), REPO, { ...time, token: "tok-a" }, () =>
        Promise.reject(new Error("reconcile failed")),
      ),
    ).rejects.toThrow("reconcile failed");
  });

  it("does not delete a lock someone took over after ours expired", async () => {
    const time = fakeTime();
    nock(API)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(201, lockLabel("tok-a", "2026-11-26T12:10:00.000Z"))
      .get(LOCK)
      .reply(200, lockLabel("tok-b", "2026-11-26T12:25:00.000Z"));

    await withRepoLock(makeClient(), REPO, { ...time, token: "tok-a" }, () => time.sleep(900_000));
  });

  it("ignores a lock label that is already gone at release", async () => {
    const time = fakeTime();
    nock(API)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(201, lockLabel("tok-a", "2026-11-26T12:10:00.000Z"))
      .get(LOCK)
      .reply(404, { message: "Not Found" });

    await withRepoLock(makeClient(), REPO, { ...time, token: "tok-a" }, () => Promise.resolve());
  });

  it("uses the given name and TTL", async () => {
    const time = fakeTime();
    const scope = nock(API)
      .post(LABELS, {
        name: "pm-lock",
        color: "ededed",
        description: "postmortem-tracker lock tok-a expires 2026-11-26T12:00:30.000Z",
      })
      .reply(
        201,
        labelJson({
          name: "pm-lock",
          color: "ededed",
          description: "postmortem-tracker lock tok-a expires 2026-11-26T12:00:30.000Z",
        }),
      );
    scope
      .get(`${LABELS}/pm-lock`)
      .reply(
        200,
        labelJson({
          name: "pm-lock",
          color: "ededed",
          description: "postmortem-tracker lock tok-a expires 2026-11-26T12:00:30.000Z",
        }),
      )
      .delete(`${LABELS}/pm-lock`)
      .reply(204);

    await withRepoLock(
      makeClient(),
      REPO,
      { ...time, token: "tok-a", name: "pm-lock", ttlMs: 30_000 },
      () => Promise.resolve(),
    );
  });

  it("rejects a token that would not fit or parse, before any request", async () => {
    const fn = vi.fn(() => Promise.resolve());
    await expect(
      withRepoLock(makeClient(), REPO, { ...fakeTime(), token: "has space" }, fn),
    ).rejects.toThrow(RangeError);
    await expect(
      withRepoLock(makeClient(), REPO, { ...fakeTime(), name: "x".repeat(51) }, fn),
    ).rejects.toThrow(RangeError);
    expect(fn).not.toHaveBeenCalled();
  });

  it("lets a rejected create (e.g. 403) through", async () => {
    nock(API)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(403, { message: "Resource not accessible by integration" });

    await expect(
      withRepoLock(makeClient(), REPO, { ...fakeTime(), token: "tok-a" }, () => Promise.resolve()),
    ).rejects.toMatchObject({ name: "GitHubWriteError", status: 403, outcome: "rejected" });
  });

  it("expires after 90 s by default, and renews every 30 s while fn runs", async () => {
    const time = { ...fakeTime(), ttlMs: undefined };
    // Two renewals come due while fn runs; the third wait ends as soon as fn finishes.
    const waits: number[] = [];
    let release: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (release = resolve));
    const renewalTimer = async (ms: number, signal: AbortSignal) => {
      waits.push(ms);
      if (waits.length <= 2) return time.sleep(ms);
      await untilAborted(signal);
    };
    const scope = nock(API)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:01:30.000Z"))
      .reply(201, lockLabel("tok-a", "2026-11-26T12:01:30.000Z"))
      .patch(LOCK, renewal("tok-a", "2026-11-26T12:02:00.000Z"))
      .reply(200, lockLabel("tok-a", "2026-11-26T12:02:00.000Z"))
      .patch(LOCK, renewal("tok-a", "2026-11-26T12:02:30.000Z"))
      .reply(200, () => {
        release();
        return lockLabel("tok-a", "2026-11-26T12:02:30.000Z");
      });
    mockRelease(scope, "tok-a", "2026-11-26T12:02:30.000Z");

    await withRepoLock(
      makeClient(),
      REPO,
      { ...time, token: "tok-a", renewalTimer },
      () => finished,
    );

    expect(waits).toEqual([30_000, 30_000, 30_000]);
  });

  it("keeps working when a renewal fails, and still releases", async () => {
    const time = fakeTime();
    let renewals = 0;
    const renewalTimer = async (_ms: number, signal: AbortSignal) => {
      renewals++;
      if (renewals === 1) return;
      await untilAborted(signal);
    };
    const scope = nock(API)
      .post(LABELS, lockBody("tok-a", "2026-11-26T12:10:00.000Z"))
      .reply(201, lockLabel("tok-a", "2026-11-26T12:10:00.000Z"))
      .patch(LOCK)
      .reply(500, { message: "Server Error" });
    mockRelease(scope, "tok-a", "2026-11-26T12:10:00.000Z");
    let renewedBeforeEnd = false;

    const result = await withRepoLock(
      makeClient(),
      REPO,
      { ...time, token: "tok-a", renewalTimer },
      async () => {
        // Let the failed renewal happen while fn is still running.
        await new Promise((resolve) => setTimeout(resolve, 20));
        renewedBeforeEnd = renewals >= 2;
        return "done";
      },
    );

    expect(result).toBe("done");
    expect(renewedBeforeEnd).toBe(true);
  });
});
