import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeProbot } from "./helpers/probot.js";
import { loadWebhookExample } from "./helpers/webhook-examples.js";

const { version } = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
) as {
  version: string;
};

describe("app", () => {
  it("logs its name and version once when loaded", async () => {
    const { logs } = await makeProbot();

    const loaded = logs.filter((entry) => entry.app === "postmortem-tracker");
    expect(loaded).toEqual([
      expect.objectContaining({ level: 30, app: "postmortem-tracker", version, msg: "app loaded" }),
    ]);
  });

  it("receives a real issues.opened delivery without calling GitHub", async () => {
    const { probot, logs } = await makeProbot();

    // No nock interceptor is set up: any GitHub request would fail here and in the nock guard.
    await expect(probot.receive(loadWebhookExample("issues", "opened"))).resolves.toBeUndefined();
    expect(logs.filter((entry) => entry.level >= 40)).toEqual([]);
  });
});
