import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configSchema } from "../../src/config/schema.js";

const DEFAULTS = {
  paths: [
    "postmortems/**/*.md",
    "docs/postmortems/**/*.md",
    "**/*postmortem*.md",
    "**/*post-mortem*.md",
  ],
  ignore: ["**/*template*", "**/README.md"],
  label: {
    name: "postmortem-action",
    color: "d93f0b",
    description: "Action item from a postmortem",
  },
  trackingLabel: "postmortem",
  priorityLabels: true,
  closeRemoved: true,
  dryRun: false,
  backfillDays: 30,
  defaultOwner: null,
  teams: {},
  defaultPriority: "P2",
  deadlines: { P0: 7, P1: 14, P2: 30, P3: 60 },
  severities: { SEV0: "P0", SEV1: "P0", SEV2: "P1", SEV3: "P2", SEV4: "P3" },
  strict: false,
  previewComment: false,
  digest: { enabled: true, day: "monday", hour: 9, timezone: "UTC" },
  nudges: false,
  escalation: null,
};

describe("configSchema", () => {
  it("fills every default for an empty file", () => {
    expect(configSchema.parse({})).toEqual(DEFAULTS);
  });

  it.each([
    ["defaultOwner login", { defaultOwner: "alice" }],
    ["defaultOwner with @", { defaultOwner: "@alice" }],
    ["defaultOwner team", { defaultOwner: "@acme/sre" }],
    ["teams", { teams: { "acme/sre": "bob", "@acme/db": "@carol" } }],
    ["defaultPriority", { defaultPriority: "P0" }],
    ["deadlines", { deadlines: { P0: 1, P1: 2, P2: 3, P3: 3650 } }],
    ["severities", { severities: { critical: "P0" } }],
    ["paths", { paths: ["incidents/*.md"] }],
    ["dryRun", { dryRun: true }],
  ])("keeps a valid %s", (_name, input: Record<string, unknown>) => {
    expect(configSchema.parse(input)).toEqual({ ...DEFAULTS, ...input });
  });

  it("keeps the default for a deadline a config leaves out", () => {
    expect(configSchema.parse({ deadlines: { P1: 10 } }).deadlines).toEqual({
      ...DEFAULTS.deadlines,
      P1: 10,
    });
  });

  // What a user sees is z.prettifyError: the message, then "→ at <path>" naming the field.
  // (A path-less issue, such as an unknown top-level key, names the key in its message.)
  it.each([
    ["a login with a space", { defaultOwner: "a b" }, ["defaultOwner"], "must be a GitHub login"],
    // zod 4 reports a bad record key generically; the schema's own message stays nested inside.
    ["a team key that is not org/team", { teams: { sre: "b" } }, ["teams", "sre"], "Invalid key"],
    [
      "a team member that is a team",
      { teams: { "acme/sre": "acme/db" } },
      ["teams", "acme/sre"],
      "login",
    ],
    ["an unknown priority", { defaultPriority: "P4" }, ["defaultPriority"], "expected one of"],
    [
      "a zero deadline",
      { deadlines: { ...DEFAULTS.deadlines, P1: 0 } },
      ["deadlines", "P1"],
      ">=1",
    ],
    [
      "a fractional deadline",
      { deadlines: { ...DEFAULTS.deadlines, P2: 1.5 } },
      ["deadlines", "P2"],
      "int",
    ],
    [
      "a deadline as text",
      { deadlines: { ...DEFAULTS.deadlines, P0: "7" } },
      ["deadlines", "P0"],
      "number",
    ],
    ["an unknown deadline", { deadlines: { ...DEFAULTS.deadlines, P4: 9 } }, ["deadlines"], '"P4"'],
    [
      "an unknown severity priority",
      { severities: { SEV1: "urgent" } },
      ["severities", "SEV1"],
      "P0",
    ],
    ["an unknown key", { labels: ["postmortem"] }, [], 'Unrecognized key: "labels"'],
    ["a label colour that is not hex", { label: { color: "red" } }, ["label", "color"], "hex"],
  ])("rejects %s", (_name, input: Record<string, unknown>, path: string[], message) => {
    const result = configSchema.safeParse(input);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([path]);
    const shown = result.error ? z.prettifyError(result.error) : "";
    expect(shown).toContain(message);
    for (const segment of path) {
      expect(shown).toMatch(new RegExp(`→ at .*${segment}`));
    }
  });
});
