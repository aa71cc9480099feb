import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { issueJson, labelJson } from "./helpers/github-json.js";
import { isLoopbackHost, nockGuard } from "./helpers/nock-guard.js";

// These tests provoke the guard that test/setup.ts runs after every test, check what it reports,
// then reset it so that the real afterEach check passes.
describe("nock guard", () => {
  afterEach(() => {
    nockGuard.reset();
  });

  it("passes when every interceptor was used", async () => {
    const label = labelJson({ name: "bug", color: "d73a4a" });
    nock("https://api.github.com").get("/repos/acme/infra/labels/bug").reply(200, label);

    const response = await fetch("https://api.github.com/repos/acme/infra/labels/bug");

    expect(await response.json()).toEqual(label);
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

  it("reports an answer GitHub would never give: an issue without a number", async () => {
    const numberless: Record<string, unknown> = issueJson({ number: 7, title: "Rotate the keys" });
    delete numberless.number;
    nock("https://api.github.com").post("/repos/acme/infra/issues").reply(201, numberless);

    await fetch("https://api.github.com/repos/acme/infra/issues", {
      method: "POST",
      body: JSON.stringify({ title: "Rotate the keys" }),
    });

    expect(() => {
      nockGuard.assertClean();
    }).toThrow(
      [
        "nock answers GitHub would never give (checked against test/local-github/openapi):",
        "  POST https://api.github.com/repos/acme/infra/issues answered 201 (POST /repos/{owner}/{repo}/issues):",
        "    201 response body: must have required property 'number'",
      ].join("\n"),
    );
  });

  it("checks answers computed by a reply function, and the status it returns", async () => {
    nock("https://api.github.com")
      .get("/repos/acme/infra/labels/bug")
      .reply(() => [299, labelJson({ name: "bug" })]);

    await fetch("https://api.github.com/repos/acme/infra/labels/bug");

    expect(() => {
      nockGuard.assertClean();
    }).toThrow(
      "GET https://api.github.com/repos/acme/infra/labels/bug answered 299 " +
        "(GET /repos/{owner}/{repo}/labels/{name}):\n" +
        "    status 299 is not a documented response of GET /repos/{owner}/{repo}/labels/{name}",
    );
  });

  it("names the wrong field of a list item, with the query the request carried", async () => {
    const issue = { ...issueJson({ number: 3, title: "t" }), number: "3" };
    nock("https://api.github.com")
      .get("/repos/acme/infra/issues")
      .query({ state: "all" })
      .reply(200, [issue]);

    await fetch("https://api.github.com/repos/acme/infra/issues?state=all");

    expect(() => {
      nockGuard.assertClean();
    }).toThrow(
      /issues\?state=all answered 200 [^\n]*\n {4}200 response body at \/0\/number: must be integer/,
    );
  });

  it("reports a GitHub request that no operation of the OpenAPI subset describes", async () => {
    nock("https://api.github.com").get("/repos/acme/infra/stargazers").reply(200, []);

    await fetch("https://api.github.com/repos/acme/infra/stargazers");

    expect(() => {
      nockGuard.assertClean();
    }).toThrow(
      "GET https://api.github.com/repos/acme/infra/stargazers answered 200 (no documented operation)",
    );
  });

  it("leaves answers from other hosts alone", async () => {
    nock("https://example.com").get("/").reply(200, { anything: true });

    await fetch("https://example.com/");

    expect(() => {
      nockGuard.assertClean();
    }).not.toThrow();
  });
});
