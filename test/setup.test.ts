import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { isLoopbackHost, nockGuard } from "./helpers/nock-guard.js";

// These tests provoke the guard that test/setup.ts runs after every test, check what it reports,
// then reset it so that the real afterEach check passes.
describe("nock guard", () => {
  afterEach(() => {
    nockGuard.reset();
  });

  it("passes when every interceptor was used", async () => {
    nock("https://api.github.com").get("/repos/o/r").reply(200, { id: 1 });

    const response = await fetch("https://api.github.com/repos/o/r");

    expect(await response.json()).toEqual({ id: 1 });
    expect(() => {
      nockGuard.assertClean();
    }).not.toThrow();
  });

  it("reports an interceptor that was never used", () => {
    nock("https://api.github.com").post("/repos/o/r/issues").reply(201, {});

    expect(() => {
      nockGuard.assertClean();
    }).toThrow(
      "nock interceptors that were never used:\n  POST https://api.github.com:443/repos/o/r/issues",
    );
  });

  it("reports a request that no interceptor matched, with its body", async () => {
    nock("https://api.github.com").get("/repos/o/r").reply(200, {});

    await expect(
      fetch("https://api.github.com/repos/o/r/issues", { method: "POST", body: '{"title":"x"}' }),
    ).rejects.toThrow();

    expect(() => {
      nockGuard.assertClean();
    }).toThrow(
      [
        "Requests that no nock interceptor matched:",
        '  POST https://api.github.com:443/repos/o/r/issues body: {"title":"x"}',
        "nock interceptors that were never used:",
        "  GET https://api.github.com:443/repos/o/r",
      ].join("\n"),
    );
  });

  it("refuses and reports a request to a host with no interceptor at all", async () => {
    await expect(fetch("https://example.com/")).rejects.toThrow();

    expect(() => {
      nockGuard.assertClean();
    }).toThrow("Requests that no nock interceptor matched:\n  GET https://example.com:443/");
  });

  it("lets loopback through for end-to-end servers", () => {
    expect(["localhost", "127.0.0.1:3999", "[::1]:80", "::1"].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(["api.github.com", "localhost.example.com", "127.0.0.10"].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
