import type { Redis } from "ioredis";
import nock from "nock";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import {
  conditionalRequests,
  memoryEtagStore,
  redisEtagStore,
  type CachedAnswer,
  type EtagStore,
} from "../../src/github/conditional-requests.js";
import { fullRepositoryJson } from "../helpers/github-json.js";
import { checkAnswer } from "../helpers/openapi-nock.js";
import { API, issueJson, nextLink } from "./test-client.js";

const LIST = "/repos/acme/infra/issues";
/** `GET /repos/{owner}/{repo}` as GitHub answers it, told apart by its description. */
const repoJson = (version: string) => ({ ...fullRepositoryJson(), description: version });
const ETAG = 'W/"a1b2c3"';

function makeClient(
  store: EtagStore,
  auth: Record<string, unknown>,
  onNotModified: () => void = () => undefined,
) {
  const Octokit = ProbotOctokit.plugin(conditionalRequests(store, { onNotModified })).defaults(
    (options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    }),
  );
  return new Octokit({ auth });
}

describe("conditional requests", () => {
  it("sends the last answer's tag; on 304 returns that answer again, Link header included", async () => {
    let notModified = 0;
    const client = makeClient(memoryEtagStore(1 << 20), { token: "t-1" }, () => {
      notModified += 1;
    });
    const page = [issueJson(1), issueJson(2)];
    nock(API)
      .get(LIST)
      .query({ state: "all", per_page: "100" })
      .reply(200, page, { etag: ETAG, ...nextLink("/repositories/42/issues?page=2") });
    nock(API, { reqheaders: { "if-none-match": ETAG } })
      .get(LIST)
      .query({ state: "all", per_page: "100" })
      .reply(304, "", { etag: ETAG });

    const first = await client.rest.issues.listForRepo({
      owner: "acme",
      repo: "infra",
      state: "all",
      per_page: 100,
    });
    const second = await client.rest.issues.listForRepo({
      owner: "acme",
      repo: "infra",
      state: "all",
      per_page: 100,
    });

    expect(first.data).toEqual(page);
    expect(second.status).toBe(200);
    expect(second.data).toEqual(page);
    expect(second.headers.link).toBe(first.headers.link);
    expect(notModified).toBe(1);
    // Each hit is a copy: a caller that changes it cannot change what the next one gets.
    expect(second.data).not.toBe(first.data);
  });

  it("keeps a new answer when the content changed (200 with a new tag)", async () => {
    const client = makeClient(memoryEtagStore(1 << 20), { token: "t-1" });
    nock(API).get("/repos/acme/infra").reply(200, repoJson("v1"), { etag: '"v1"' });
    nock(API, { reqheaders: { "if-none-match": '"v1"' } })
      .get("/repos/acme/infra")
      .reply(200, repoJson("v2"), { etag: '"v2"' });
    nock(API, { reqheaders: { "if-none-match": '"v2"' } })
      .get("/repos/acme/infra")
      .reply(304, "", { etag: '"v2"' });

    const read = async () =>
      (await client.request("GET /repos/{owner}/{repo}", REPO)).data.description;

    expect(await read()).toBe("v1");
    expect(await read()).toBe("v2");
    expect(await read()).toBe("v2");
  });

  it("never sends one credential's tag with another's, nor tags a write", async () => {
    const store = memoryEtagStore(1 << 20);
    const alice = makeClient(store, { token: "alice-token" });
    const installation = makeClient(store, { installationId: 7, token: "ghs_x" });
    nock(API).get("/repos/acme/infra").reply(200, repoJson("v1"), { etag: '"v1"' });
    nock(API, { badheaders: ["if-none-match"] })
      .get("/repos/acme/infra")
      .reply(200, repoJson("v1"), { etag: '"v1"' });
    nock(API, { badheaders: ["if-none-match"] })
      .post("/repos/acme/infra/issues")
      .reply(201, issueJson(3));

    await alice.request("GET /repos/{owner}/{repo}", REPO);
    // A token's tag, sent under another token: a miss, not a 304 for the wrong reader.
    await makeClient(store, { token: "bob-token" }).request("GET /repos/{owner}/{repo}", REPO);
    await installation.rest.issues.create({ ...REPO, title: "t" });
  });

  it("leaves the app's JWT client alone (no installation, no token)", async () => {
    const store: EtagStore = {
      get: () => Promise.reject(new Error("the JWT client must not read the store")),
      set: () => Promise.reject(new Error("the JWT client must not write the store")),
    };
    const Octokit = ProbotOctokit.plugin(conditionalRequests(store)).defaults(
      (options: Record<string, unknown>) => ({
        ...options,
        retry: { enabled: false },
        throttle: { enabled: false },
      }),
    );
    const client = new Octokit();
    nock(API).get("/repos/acme/infra").reply(200, repoJson("v1"), { etag: '"v1"' });

    expect((await client.request("GET /repos/{owner}/{repo}", REPO)).data.description).toBe("v1");
  });

  it("passes a 304 on when it has nothing kept, and other errors as they are", async () => {
    const client = makeClient(memoryEtagStore(1 << 20), { token: "t-1" });
    nock(API).get("/repos/acme/infra").reply(404, { message: "Not Found" });

    await expect(client.request("GET /repos/{owner}/{repo}", REPO)).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("the nock guard on 304", () => {
  const request = (headers: Record<string, string>, method = "GET") => ({
    method,
    path: LIST,
    getHeader: (name: string) => headers[name],
  });

  it("takes a 304 with no body to a GET that sent a tag", () => {
    expect(checkAnswer(API, request({ "if-none-match": ETAG }), 304, "")).toBeNull();
  });

  it.each([
    ["a GET that sent no tag", request({}), ""],
    ["a POST", request({ "if-none-match": ETAG }, "POST"), ""],
    ["a 304 with a body", request({ "if-none-match": ETAG }), [issueJson(1)]],
  ])("refuses a 304 to %s", (_name, req, body) => {
    expect(checkAnswer(API, req, 304, body)?.problems).toEqual([
      "304 answers only a GET that sent If-None-Match, and has no body",
    ]);
  });
});

describe("memoryEtagStore", () => {
  const answer = (json: string): CachedAnswer => ({ etag: '"e"', headers: {}, json });

  it("lets the least recently used tags go once the size passes its bound", async () => {
    // Each entry counts its key, its JSON and 200 bytes of overhead: 1 + 300 + 200 = 501.
    const store = memoryEtagStore(1100);
    await store.set("a", answer("x".repeat(300)));
    await store.set("b", answer("x".repeat(300)));
    await store.get("a"); // a is now the most recently used
    await store.set("c", answer("x".repeat(300)));

    expect(await store.get("a")).toBeDefined();
    expect(await store.get("b")).toBeUndefined();
    expect(await store.get("c")).toBeDefined();
  });

  it("does not keep an answer bigger than the whole bound", async () => {
    const store = memoryEtagStore(100);
    await store.set("a", answer("x".repeat(500)));
    expect(await store.get("a")).toBeUndefined();
  });
});

describe("redisEtagStore", () => {
  it("is a miss, not a failure, while Redis is away", async () => {
    const failing = {
      status: "ready",
      get: () => Promise.reject(new Error("connect ECONNREFUSED")),
      set: () => Promise.reject(new Error("connect ECONNREFUSED")),
    } as unknown as Redis;
    const store = redisEtagStore(failing, 60_000);

    await expect(store.set("k", { etag: '"e"', headers: {}, json: "1" })).resolves.toBeUndefined();
    await expect(store.get("k")).resolves.toBeUndefined();
  });

  it("does not wait on Redis while it reconnects: no command is sent at all", async () => {
    const reconnecting = {
      status: "reconnecting",
      get: () => new Promise(() => undefined),
      set: () => new Promise(() => undefined),
    } as unknown as Redis;
    const store = redisEtagStore(reconnecting, 60_000);

    await expect(store.get("k")).resolves.toBeUndefined();
    await expect(store.set("k", { etag: '"e"', headers: {}, json: "1" })).resolves.toBeUndefined();
  });
});

const REPO = { owner: "acme", repo: "infra" };
