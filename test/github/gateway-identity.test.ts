import nock from "nock";
import { describe, expect, it } from "vitest";
import { getAppIdentity, readTokenUser } from "../../src/github/gateway-identity.js";
import { appJson, userProfileJson } from "../helpers/github-json.js";
import { API, makeClient } from "./test-client.js";

describe("getAppIdentity", () => {
  it("derives the bot login from the app slug", async () => {
    nock(API)
      .get("/app")
      .reply(200, appJson({ slug: "postmortem-tracker" }));

    expect(await getAppIdentity(makeClient())).toEqual({
      slug: "postmortem-tracker",
      botLogin: "postmortem-tracker[bot]",
    });
  });
});

describe("readTokenUser", () => {
  it("reads the user a personal token acts as", async () => {
    nock(API).get("/user").reply(200, userProfileJson("maintainer"));

    expect(await readTokenUser(makeClient())).toBe("maintainer");
  });

  it("answers null for installation and Actions tokens, which GitHub refuses with 403", async () => {
    nock(API).get("/user").reply(403, {
      message: "Resource not accessible by integration",
      documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user",
      status: "403",
    });

    expect(await readTokenUser(makeClient())).toBeNull();
  });

  it("lets other errors through", async () => {
    nock(API).get("/user").reply(401, { message: "Bad credentials" });

    await expect(readTokenUser(makeClient())).rejects.toMatchObject({ status: 401 });
  });
});
