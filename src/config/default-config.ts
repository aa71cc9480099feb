// Generated from src/config/schema.ts by `npm run docs:config`; do not edit.
// test/config/config-docs.test.ts fails when it no longer matches the schema.
import type { Config } from "./schema.js";

/**
 * The config every repository gets when it has no config file, i.e. `configSchema.parse({})`:
 * a literal, so that reading the defaults does not load zod (`plan` without --config starts
 * faster). A fresh object on each call, as parsing returns.
 */
export function defaultConfig(): Config {
  return {
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
    deadlines: {
      P0: 7,
      P1: 14,
      P2: 30,
      P3: 60,
    },
    severities: {
      SEV0: "P0",
      SEV1: "P0",
      SEV2: "P1",
      SEV3: "P2",
      SEV4: "P3",
    },
    strict: false,
    previewComment: false,
    digest: {
      enabled: true,
      day: "monday",
      hour: 9,
      timezone: "UTC",
    },
    nudges: false,
    escalation: null,
  };
}
