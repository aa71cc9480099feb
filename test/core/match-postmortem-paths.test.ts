import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/parse-config.js";
import { makePostmortemMatcher } from "../../src/core/match-postmortem-paths.js";

const matches = makePostmortemMatcher(defaultConfig());

describe("makePostmortemMatcher with the default config", () => {
  it.each([
    ["postmortems/2026-01-15-api-outage.md", true],
    ["postmortems/2026/q1/db.md", true],
    ["docs/postmortems/cache.md", true],
    ["docs/incidents/2026-02-01-postmortem.md", true],
    ["reports/Database-Post-Mortem.md", true],
    ["PostMortems/Upper-Case.md", true],
    ["postmortems/TEMPLATE.md", false],
    ["postmortems/postmortem-template.md", false],
    ["postmortems/README.md", false],
    ["postmortems/diagram.png", false],
    ["src/index.ts", false],
    ["docs/runbook.md", false],
  ])("%s → %s", (path, expected) => {
    expect(matches(path)).toBe(expected);
  });
});

describe("makePostmortemMatcher with custom rules", () => {
  it("uses only the configured paths and ignores", () => {
    const custom = makePostmortemMatcher({
      paths: ["incidents/*.md"],
      ignore: ["incidents/draft-*"],
    });
    expect(["incidents/a.md", "incidents/draft-b.md", "postmortems/c.md"].map(custom)).toEqual([
      true,
      false,
      false,
    ]);
  });
});
