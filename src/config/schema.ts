import * as z from "zod";
import { PRIORITIES } from "../core/types.js";

/** Where the app reads its settings: `.github/postmortem-tracker.yml` (Probot's `context.config`). */
export const CONFIG_FILE = "postmortem-tracker.yml";

const priority = z.enum(PRIORITIES);
const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;

/** Whether the runtime's ICU knows this IANA zone (aliases such as `UTC` included). */
function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return value.trim() !== "";
  } catch {
    return false;
  }
}
const days = z.int().min(1).max(3650);

/**
 * The configuration schema: the single source of truth for defaults, types, the generated docs/configuration.md
 * table and the JSON Schema. Every field carries a description, which the docs generator reads.
 */
const labelName = z.string().trim().min(1).max(50);
const color = z.string().regex(/^[0-9a-fA-F]{6}$/, { error: "must be a hex colour like d93f0b" });

export const configSchema = z
  .strictObject({
    paths: z
      .array(z.string().min(1))
      .default([
        "postmortems/**/*.md",
        "docs/postmortems/**/*.md",
        "**/*postmortem*.md",
        "**/*post-mortem*.md",
      ])
      .describe(
        "Glob patterns (matched case-insensitively) of the files that are postmortems. Setting it replaces the defaults.",
      ),
    ignore: z
      .array(z.string().min(1))
      .default(["**/*template*", "**/README.md"])
      .describe(
        "Glob patterns of files under `paths` that are not postmortems, such as templates.",
      ),
    label: z
      .strictObject({
        name: labelName.default("postmortem-action"),
        color: color.default("d93f0b"),
        description: z.string().max(100).default("Action item from a postmortem"),
      })
      .default({
        name: "postmortem-action",
        color: "d93f0b",
        description: "Action item from a postmortem",
      })
      .describe(
        "The label on every action-item issue. Created with this colour and description if missing.",
      ),
    trackingLabel: labelName
      .default("postmortem")
      .describe("The label on the tracking issue the app opens for each postmortem."),
    priorityLabels: z
      .boolean()
      .default(true)
      .describe("Also label each issue with its priority (`priority: P1`)."),
    closeRemoved: z
      .boolean()
      .default(true)
      .describe(
        "When an item is removed from a merged postmortem, close its issue as not planned (after a comment). Off: comment only.",
      ),
    dryRun: z
      .boolean()
      .default(false)
      .describe("Write no issues: log and comment on the pull request what would be filed."),
    backfillDays: z
      .int()
      .min(0)
      .max(3650)
      .default(30)
      .describe(
        "`sync` files untracked postmortems changed in the last this many days (older ones need `--backfill`), so installing the app does not file years of old postmortems.",
      ),
    defaultOwner: z
      .string()
      .regex(/^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9._-]+)?$/, {
        error: "must be a GitHub login or an org/team slug, with or without @",
      })
      .nullable()
      .default(null)
      .describe(
        "Owner for items that name none, used after the postmortem's own owner and before the PR author.",
      ),
    teams: z
      .record(
        z.string().regex(/^@?[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, {
          error: "keys must be teams written as org/team",
        }),
        z.string().regex(/^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, {
          error: "must be a GitHub login",
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
      .strictObject({
        P0: days.default(7),
        P1: days.default(14),
        P2: days.default(30),
        P3: days.default(60),
      })
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
    strict: z
      .union([
        z.boolean(),
        z.strictObject({
          owners: z
            .boolean()
            .default(false)
            .describe(
              "Every item to be filed names its owner in the postmortem (on the item or as the document's owner), and that owner can be assigned.",
            ),
          deadlines: z
            .boolean()
            .default(false)
            .describe("Every item to be filed gives its own deadline (not the priority policy)."),
          warnings: z.boolean().default(false).describe("Any warning fails the check."),
        }),
      ])
      .default(false)
      .describe(
        'What fails the pull request check "Postmortem action items" (otherwise warnings only make it neutral): `true` for all of `owners` (every item names an assignable owner), `deadlines` (every item gives its own date) and `warnings` (any warning fails), or an object choosing among them.',
      ),
    previewComment: z
      .boolean()
      .default(false)
      .describe(
        "Also keep one comment on the pull request with the same preview as the check run, for teams that read comments rather than checks. Replaced by the summary of what was filed on merge.",
      ),
    digest: z
      .strictObject({
        enabled: z.boolean().default(true).describe("Post the weekly digest."),
        day: z
          .enum(WEEKDAYS)
          .default("monday")
          .describe("Day of the week the digest is due, in `timezone`."),
        hour: z
          .int()
          .min(0)
          .max(23)
          .default(9)
          .describe("Hour (0-23) of `day` from which the digest is due, in `timezone`."),
        timezone: z
          .string()
          .refine(isTimeZone, {
            error: (issue) =>
              `not an IANA time zone: ${JSON.stringify(issue.input)} (write it like Europe/Berlin, America/New_York or UTC)`,
          })
          .default("UTC")
          .describe("IANA time zone of `day` and `hour` and of the digest's weeks and dates."),
      })
      .default({ enabled: true, day: "monday", hour: 9, timezone: "UTC" })
      .describe(
        'The weekly digest: one comment per ISO week on the repository\'s "Postmortem action items" issue, posted once the local `day` and `hour` have passed (a late run catches up).',
      ),
    nudges: z
      .boolean()
      .default(false)
      .describe(
        "With the weekly digest, also comment once a week on each overdue item, mentioning its assignees.",
      ),
    escalation: z
      .strictObject({
        afterWeeks: z
          .int()
          .min(1)
          .max(52)
          .describe("Weeks past its deadline after which an item is escalated."),
        mention: z
          .array(
            z.string().regex(/^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9._-]+)?$/, {
              error: "must be a GitHub login or an org/team slug, with or without @",
            }),
          )
          .min(1)
          .max(20)
          .describe("People or teams (`org/team`) to mention in the digest."),
      })
      .nullable()
      .default(null)
      .describe(
        "Mention these people or teams in the weekly digest about items overdue for `afterWeeks` weeks or more; null: no escalation.",
      ),
  })
  .describe("Settings for postmortem-tracker, read from .github/postmortem-tracker.yml.");

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
