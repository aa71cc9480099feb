import { z } from "zod";
import { PRIORITIES } from "../core/types.js";

/** Where the app reads its settings: `.github/postmortem-tracker.yml` (Probot's `context.config`). */
export const CONFIG_FILE = "postmortem-tracker.yml";

const priority = z.enum(PRIORITIES);
const days = z.int().min(1).max(3650);

/**
 * The configuration schema: the single source of truth for defaults, types, the generated README
 * table and the JSON Schema. Every field carries a description, which the docs generator reads.
 */
export const configSchema = z
  .strictObject({
    defaultOwner: z
      .string()
      .regex(/^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9._-]+)?$/, {
        message: "must be a GitHub login or an org/team slug, with or without @",
      })
      .nullable()
      .default(null)
      .describe(
        "Owner for items that name none, used after the postmortem's own owner and before the PR author.",
      ),
    teams: z
      .record(
        z.string().regex(/^@?[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, {
          message: "keys must be teams written as org/team",
        }),
        z.string().regex(/^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, {
          message: "must be a GitHub login",
        }),
      )
      .default({})
      .describe(
        "Accountable person for each team (`org/team: login`). A team owner with no entry is mentioned and flagged as needing an owner.",
      ),
    defaultPriority: priority
      .default("P2")
      .describe("Priority for items that give none and whose postmortem gives no severity."),
    deadlines: z
      .strictObject({ P0: days, P1: days, P2: days, P3: days })
      .default({ P0: 7, P1: 14, P2: 30, P3: 60 })
      .describe(
        "Days from the merge date to the deadline, by priority, for items that give no date of their own.",
      ),
    severities: z
      .record(z.string().min(1), priority)
      .default({ SEV0: "P0", SEV1: "P0", SEV2: "P1", SEV3: "P2", SEV4: "P3" })
      .describe(
        "Priority for items that give none, from the postmortem's severity (front matter `severity`). Matched case-insensitively.",
      ),
  })
  .describe("Settings for postmortem-tracker, read from .github/postmortem-tracker.yml.");

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
