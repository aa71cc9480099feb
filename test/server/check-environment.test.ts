import { describe, expect, it } from "vitest";
import { checkEnvironment } from "../../src/server/check-environment.js";

describe("checkEnvironment", () => {
  it.each([
    ["development without a secret (Probot's setup page)", {}],
    ["test with the default secret", { NODE_ENV: "test", WEBHOOK_SECRET: "development" }],
    ["production with a real secret", { NODE_ENV: "production", WEBHOOK_SECRET: "s3cr3t-9f2c" }],
  ])("accepts %s", (_name, env: NodeJS.ProcessEnv) => {
    expect(checkEnvironment(env)).toEqual([]);
  });

  it.each([
    ["unset", {}, /^WEBHOOK_SECRET is not set: refusing to start in production/],
    ["empty", { WEBHOOK_SECRET: "" }, /^WEBHOOK_SECRET is not set/],
    ["blank", { WEBHOOK_SECRET: "  \n" }, /^WEBHOOK_SECRET is not set/],
    ["Probot's default", { WEBHOOK_SECRET: "development" }, /^WEBHOOK_SECRET is "development"/],
  ])("refuses production with a secret that is %s", (_name, env: NodeJS.ProcessEnv, message) => {
    const problems = checkEnvironment({ NODE_ENV: "production", ...env });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it.each([
    ["not a number", { WRITE_INTERVAL_MS: "fast" }, /^WRITE_INTERVAL_MS must be a whole number/],
    ["negative", { WRITE_INTERVAL_MS: "-5" }, /^WRITE_INTERVAL_MS must be a whole number/],
  ])(
    "refuses a write interval that is %s, in any mode",
    (_name, env: NodeJS.ProcessEnv, message) => {
      expect(checkEnvironment(env)).toEqual([expect.stringMatching(message)]);
    },
  );

  it("accepts a short write interval for a local stand-in, but not in production", () => {
    expect(checkEnvironment({ WRITE_INTERVAL_MS: "20" })).toEqual([]);
    const problems = checkEnvironment({
      NODE_ENV: "production",
      WEBHOOK_SECRET: "s3cr3t-9f2c",
      WRITE_INTERVAL_MS: "20",
    });
    expect(problems).toEqual([
      expect.stringMatching(/^WRITE_INTERVAL_MS is below 1000 in production/),
    ]);
  });
});
