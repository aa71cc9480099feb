import { describe, expect, it } from "vitest";
import type { Probot } from "probot";
import {
  readWebhookAnswer,
  trackDeliveries,
  type WebhookAnswer,
} from "../../src/server/track-deliveries.js";
import { makeProbot, type LogEntry } from "../helpers/probot.js";
import { push } from "../helpers/github-mock.js";

/** A Probot whose one push handler waits for `release`, tracked with `answer`. */
async function gatedProbot(answer: WebhookAnswer, fails = false) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let finished = false;
  const tracked: { inFlight?: ReturnType<typeof trackDeliveries> } = {};
  const { probot, logs } = await makeProbot((app: Probot) => {
    const inFlight = trackDeliveries(app, null, answer);
    app.on("push", async () => {
      await gate;
      finished = true;
      if (fails) throw new Error("GitHub said 500");
    });
    tracked.inFlight = inFlight;
  });
  return {
    probot,
    logs,
    release: () => {
      release();
    },
    finished: () => finished,
    inFlight: () => {
      if (tracked.inFlight === undefined) throw new Error("app not loaded");
      return tracked.inFlight;
    },
  };
}

const delivery = () => push();

describe("trackDeliveries", () => {
  it("at-once: the delivery is answered while its handler still runs, and idle waits for the handler", async () => {
    const t = await gatedProbot("at-once");

    await t.probot.receive(delivery());

    expect(t.finished()).toBe(false);
    expect(t.inFlight().count).toBe(1);
    t.release();
    await t.inFlight().idle();
    expect(t.finished()).toBe(true);
    expect(t.inFlight().count).toBe(0);
  });

  it("at-once: a handler that fails after the answer is logged as an error, not thrown at Probot", async () => {
    const t = await gatedProbot("at-once", true);

    await t.probot.receive(delivery());
    t.release();
    await t.inFlight().idle();
    await new Promise((resolve) => setImmediate(resolve));

    const errors = t.logs.filter((l: LogEntry) => l.level >= 50);
    expect(errors.map((l) => l.msg)).toEqual([
      "handling a delivery failed after it was answered; a redelivery or the reconcile finishes it",
    ]);
  });

  it("after-handling: the answer waits for the handler, and its error reaches Probot", async () => {
    const t = await gatedProbot("after-handling", true);

    const received = t.probot.receive(delivery());
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.inFlight().count).toBe(1);
    t.release();

    await expect(received).rejects.toThrow("GitHub said 500");
    expect(t.inFlight().count).toBe(0);
  });
});

describe("readWebhookAnswer (WEBHOOK_ANSWER)", () => {
  it.each([
    [undefined, "at-once"],
    ["", "at-once"],
    ["at-once", "at-once"],
    [" after-handling ", "after-handling"],
  ])("%j reads as %s", (value, expected) => {
    expect(readWebhookAnswer({ WEBHOOK_ANSWER: value })).toBe(expected);
  });

  it("anything else is refused with the two values named", () => {
    expect(() => readWebhookAnswer({ WEBHOOK_ANSWER: "later" })).toThrow(
      'WEBHOOK_ANSWER must be "at-once" (the default: answer GitHub at once, work on) or "after-handling" (answer when the work ends), not "later".',
    );
  });
});
