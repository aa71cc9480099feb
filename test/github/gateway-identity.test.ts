import nock from "nock";
import { describe, expect, it } from "vitest";
import { getAppIdentity, getTokenIdentity } from "../../src/github/gateway-identity.js";
import { API, makeClient } from "./test-client.js";

describe("getAppIdentity", () => {
  it("derives the bot login from the app slug", async () => {
    nock(API).get("/app").reply(200, { id: 1, slug: "postmortem-tracker", name: "Postmortem" });

    expect(await getAppIdentity(makeClient())).toEqual({
      slug: "postmortem-tracker",
      botLogin: "postmortem-tracker[bot]",
    });
  });
});

describe("getTokenIdentity", () => {
  it("reads the token's login", async () => {
    nock(API).get("/user").reply(200, { login: "release-bot", id: 5 });

    expect(await getTokenIdentity(makeClient())).toBe("release-bot");
  });

  it("falls back to github-actions[bot] when the token cannot read /user", async () => {
    nock(API).get("/user").reply(403, { message: "Resource not accessible by integration" });

    expect(await getTokenIdentity(makeClient())).toBe("github-actions[bot]");
  });

  it("lets other errors through", async () => {
    nock(API).get("/user").reply(401, { message: "Bad credentials" });

    await expect(getTokenIdentity(makeClient())).rejects.toMatchObject({ status: 401 });
  });
});
