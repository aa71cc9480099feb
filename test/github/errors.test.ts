import { describe, expect, it } from "vitest";
import { GitHubWriteError, isUnassignableError, readHttpFailure } from "../../src/github/errors.js";

/** Shaped like Octokit's RequestError, which the gateway reads structurally. */
function httpError(status: number, data?: unknown): Error {
  return Object.assign(new Error(`HTTP ${status}`), {
    status,
    response: data === undefined ? undefined : { data },
  });
}

describe("GitHubWriteError", () => {
  it.each([
    [400, "rejected"],
    [404, "rejected"],
    [422, "rejected"],
    [429, "rejected"],
    [500, "unknown"],
    [502, "unknown"],
    [504, "unknown"],
  ] as const)("classifies %i as %s", (status, outcome) => {
    expect(new GitHubWriteError("op", httpError(status))).toMatchObject({ status, outcome });
  });

  it("treats a non-HTTP failure as unknown, with no status", () => {
    const error = new GitHubWriteError("create issue", new TypeError("fetch failed"));
    expect(error).toMatchObject({ status: null, outcome: "unknown" });
    expect(error.message).toBe("GitHub write failed (create issue): fetch failed");
  });

  it("keeps GitHub's message and error details", () => {
    const cause = httpError(422, {
      message: "Validation Failed",
      errors: ["plain string detail", { field: "title", code: "custom" }],
    });
    const error = new GitHubWriteError("create issue", cause);
    expect(error.message).toBe("GitHub write failed (create issue): 422 Validation Failed");
    expect(error.details).toEqual([
      { message: "plain string detail" },
      { field: "title", code: "custom" },
    ]);
    expect(error.cause).toBe(cause);
  });
});

describe("isUnassignableError", () => {
  it("detects the assignees 422 on a raw Octokit error too", () => {
    const raw = httpError(422, {
      message: "Validation Failed",
      errors: [{ resource: "Issue", field: "assignees", code: "invalid", value: "bob" }],
    });
    expect(isUnassignableError(raw)).toBe(true);
  });

  it("detects a string detail that mentions assignees", () => {
    const raw = httpError(422, { errors: ["assignees bob cannot be assigned to this issue"] });
    expect(isUnassignableError(raw)).toBe(true);
  });

  it("ignores other statuses and non-HTTP errors", () => {
    expect(isUnassignableError(httpError(403, { errors: [{ field: "assignees" }] }))).toBe(false);
    expect(isUnassignableError(new Error("assignees"))).toBe(false);
    expect(isUnassignableError("assignees")).toBe(false);
  });
});

describe("readHttpFailure", () => {
  it("tolerates a body that is not GitHub's error JSON", () => {
    expect(readHttpFailure(httpError(502, "<html>Bad Gateway</html>"))).toEqual({
      status: 502,
      message: "HTTP 502",
      details: [],
    });
  });
});
