import { describe, expect, it } from "vitest";
import {
  extractItemFields,
  findIssueRefs,
  parseDone,
  parseDue,
  parseOwners,
  parsePriority,
  type ExtractedFields,
} from "../../src/core/extract-fields.js";

// A Wednesday. Every relative date below is counted from it.
const NOW = "2026-05-20";

function extract(source: string, checked: boolean | null = null): ExtractedFields {
  return extractItemFields({ source, checked, now: NOW });
}

describe("extractItemFields on items from the labelled corpus", () => {
  it.each<[string, string, Partial<ExtractedFields>]>([
    [
      "h053: owner and due in trailing sentences, wrapped",
      "Add an index on `customer_prefs(email)`. Owner: Priya. Done in staging, due\n  in production by Friday.",
      {
        text: "Add an index on customer_prefs(email).",
        owners: ["Priya"],
        dueText: "by Friday",
        due: "2026-05-22",
        done: false,
      },
    ],
    [
      "h053: Due in three weeks",
      "Load test consumers against a copy of production data volumes before release.\n  Owner: Oskar. Due in three weeks.",
      {
        text: "Load test consumers against a copy of production data volumes before release.",
        owners: ["Oskar"],
        dueText: "in three weeks",
        due: "2026-06-10",
      },
    ],
    [
      "h053: Due Thursday",
      "Lower the queue depth alert to 1,000 and add an age-of-oldest-message alert.\n  Owner: Tomasz. Due Thursday.",
      {
        text: "Lower the queue depth alert to 1,000 and add an age-of-oldest-message alert.",
        owners: ["Tomasz"],
        dueText: "Thursday",
        due: "2026-05-21",
      },
    ],
    [
      "h053: a Title: description item stays whole",
      "Runbook step: check database latency before scaling consumers. Owner: Priya.",
      {
        text: "Runbook step: check database latency before scaling consumers.",
        owners: ["Priya"],
        dueText: null,
        due: null,
      },
    ],
    [
      "h053: 'within 15 minutes of' is part of the action",
      "Publish status updates within 15 minutes of declaring an incident.\n  Owner: Oskar.",
      {
        text: "Publish status updates within 15 minutes of declaring an incident.",
        owners: ["Oskar"],
        dueText: null,
        due: null,
      },
    ],
    [
      "h054: leading ✅ is a status, stripped",
      "✅ Add connection management to code review checklist",
      { text: "Add connection management to code review checklist", done: true },
    ],
    [
      "h005: (Done)",
      "Patch Nginx server with correct configuration (Done)",
      { text: "Patch Nginx server with correct configuration", done: true },
    ],
    [
      "h005: (To Do)",
      "Add monitoring on Nginx server configuration (To Do)",
      { text: "Add monitoring on Nginx server configuration", done: false },
    ],
    [
      "p013: subject owner with 'will'",
      "Hypha will run the full suite of tests for every upgrade (including for things that aren’t changing) - each run is a couple hours",
      {
        text: "Hypha will run the full suite of tests for every upgrade (including for things that aren’t changing) - each run is a couple hours",
        owners: ["Hypha"],
      },
    ],
    [
      "p013: subject owner with 'to'",
      "ICL to subscribe to security alerts",
      { text: "ICL to subscribe to security alerts", owners: ["ICL"] },
    ],
    [
      "p013: terse subject owner (acronym + verb)",
      "ICL check how to optimize interchaintest upgrade tests",
      { text: "ICL check how to optimize interchaintest upgrade tests", owners: ["ICL"] },
    ],
    [
      "p013: a version number is not a date",
      "ICL to build 22.0.3",
      { owners: ["ICL"], dueText: null, due: null },
    ],
    [
      "p018: leading bold HIGH",
      "**HIGH** Include crate downloads in the smoke test plan for the staging environment",
      {
        text: "Include crate downloads in the smoke test plan for the staging environment",
        priority: "P1",
      },
    ],
    [
      "p018: leading bold MEDIUM",
      "**MEDIUM** Automate the staging environment smoke tests",
      { text: "Automate the staging environment smoke tests", priority: "P2" },
    ],
    [
      "p026: trailing PR link after a dash",
      "Update `deployer` system to add opt-in hardening against nested kubeconfig contexts — https://github.com/2i2c-org/infrastructure/pull/6555",
      {
        text: "Update deployer system to add opt-in hardening against nested kubeconfig contexts",
        refs: [{ repo: "2i2c-org/infrastructure", number: 6555 }],
      },
    ],
    [
      "p026: trailing (see <url>)",
      "Upgrade jupyterhub-home-nfs, and remove nfs-share-creator job (see https://github.com/2i2c-org/jupyterhub-home-nfs/pull/34).",
      {
        text: "Upgrade jupyterhub-home-nfs, and remove nfs-share-creator job",
        refs: [{ repo: "2i2c-org/jupyterhub-home-nfs", number: 34 }],
      },
    ],
    [
      "p026: an effort estimate in brackets is neither owner nor date",
      'Write a small document for incident response [20m] e.g. "I deleted prod, what next?"',
      {
        text: 'Write a small document for incident response [20m] e.g. "I deleted prod, what next?"',
        owners: [],
        due: null,
      },
    ],
    [
      "p040: trailing commit link in parentheses",
      "Patch Majora such that the `api.artifact.biosample.update` endpoint refuses to update records that appear to be incomplete (https://github.com/SamStudio8/majora/commit/1fc9f7e309d9ac9f5d4895af882441969a7da471)",
      {
        text: "Patch Majora such that the api.artifact.biosample.update endpoint refuses to update records that appear to be incomplete",
        refs: [],
      },
    ],
    [
      "p028: trailing autolinked issue",
      "Make sure user pods are in a separate pool, so they do not create pressure on the core pods <https://github.com/2i2c-org/infrastructure/issues/89>",
      {
        text: "Make sure user pods are in a separate pool, so they do not create pressure on the core pods",
        refs: [{ repo: "2i2c-org/infrastructure", number: 89 }],
      },
    ],
    [
      "p037: trailing '- [jira link](…)'",
      "Create alerts when database backups fail - [jira link](https://portswigger.atlassian.net/browse/SAAS-311)",
      { text: "Create alerts when database backups fail" },
    ],
    [
      "p019: leading [#2227]: reference",
      "[#2227]: Add a periodic job that checks the index and the database for consistency",
      {
        text: "Add a periodic job that checks the index and the database for consistency",
        refs: [{ repo: null, number: 2227 }],
      },
    ],
    [
      "p008: 'until 2015-11-20' is part of the action, not a deadline",
      "Freeze production until 2015-11-20 due to error budget exhaustion, or seek exception due to grotesque, unbelievable, bizarre, and unprecedented circumstances",
      { dueText: null, due: null, owners: [] },
    ],
    [
      "h070: 'P1 subdomains' is prose, not a priority",
      "Reduce Route 53 TTLs for P1 subdomains to 60s",
      { text: "Reduce Route 53 TTLs for P1 subdomains to 60s", priority: null },
    ],
    [
      "p010: an imperative verb is not a subject owner",
      "Fix Deployer to notice changes in underlying ECS services",
      { owners: [] },
    ],
    [
      "p020: 'We will' names no owner",
      "We will be updating our policies to clearly state that this form of impersonation is not allowed.",
      { owners: [], due: null },
    ],
  ])("%s", (_name, source, expected) => {
    expect(extract(source)).toMatchObject(expected);
  });
});

describe("extractItemFields on formats people write", () => {
  it.each<[string, Partial<ExtractedFields>]>([
    [
      "Fix the retry storm — @alice, by 2026-12-01",
      {
        text: "Fix the retry storm",
        owners: ["alice"],
        dueText: "by 2026-12-01",
        due: "2026-12-01",
      },
    ],
    ["Rotate the signing keys (owner: Bob)", { text: "Rotate the signing keys", owners: ["Bob"] }],
    [
      "Rotate the signing keys (owner: Bob Smith, P1)",
      { text: "Rotate the signing keys", owners: ["Bob Smith"], priority: "P1" },
    ],
    ["[Alice] Fix the flaky deploy job", { text: "Fix the flaky deploy job", owners: ["Alice"] }],
    ["Rotate the signing keys [@bob]", { text: "Rotate the signing keys", owners: ["bob"] }],
    [
      "[P1] Add alerting on disk usage (due 2026-01-10)",
      {
        text: "Add alerting on disk usage",
        priority: "P1",
        dueText: "2026-01-10",
        due: "2026-01-10",
      },
    ],
    [
      "Add alerting on disk usage. Owner: @carol",
      { text: "Add alerting on disk usage.", owners: ["carol"] },
    ],
    [
      "Add a burn-rate alert. Assignee: @acme/sre-team. Priority: High. Deadline: next Friday.",
      {
        text: "Add a burn-rate alert.",
        owners: ["acme/sre-team"],
        priority: "P1",
        dueText: "next Friday",
        due: "2026-05-29",
      },
    ],
    [
      "Add retries; DRI: Sam; target: Q3 2026",
      { text: "Add retries", owners: ["Sam"], dueText: "Q3 2026", due: "2026-09-30" },
    ],
    [
      "Add a canary stage, assigned to Jane Doe",
      { text: "Add a canary stage", owners: ["Jane Doe"] },
    ],
    [
      "Add dashboards - Alice, 2026-07-01, P2",
      { text: "Add dashboards", owners: ["Alice"], due: "2026-07-01", priority: "P2" },
    ],
    [
      "Split the monolith's cron jobs — T. Reyes + M. Tan, Dec 31 2026",
      { text: "Split the monolith's cron jobs", owners: ["T. Reyes", "M. Tan"], due: "2026-12-31" },
    ],
    [
      "Migrate the queue by end of Q1",
      { text: "Migrate the queue", dueText: "by end of Q1", due: "2027-03-31" },
    ],
    [
      "Document the failover procedure within 2 weeks",
      { text: "Document the failover procedure", dueText: "within 2 weeks", due: "2026-06-03" },
    ],
    [
      "Review the dashboards, due: June 1",
      { text: "Review the dashboards", dueText: "June 1", due: "2026-06-01" },
    ],
    ["Review the dashboards (due Dec 15th)", { text: "Review the dashboards", due: "2026-12-15" }],
    ["Ship the patch by next Friday", { text: "Ship the patch", due: "2026-05-29" }],
    [
      "Ship the patch by Friday",
      { text: "Ship the patch", dueText: "by Friday", due: "2026-05-22" },
    ],
    ["Ship the patch by EOW", { due: "2026-05-22" }],
    ["Ship the patch by the end of the month", { text: "Ship the patch", due: "2026-05-31" }],
    ["Ship the patch by 1 June 2026", { due: "2026-06-01" }],
    ["Ship the patch. Deadline: 2026/12/01", { text: "Ship the patch.", due: "2026-12-01" }],
    ["Ship the patch before Jan 10", { text: "Ship the patch", due: "2027-01-10" }],
    ["Ship the patch (ETA: Q4)", { text: "Ship the patch", due: "2026-12-31" }],
    ["Ship the patch +2w", { text: "Ship the patch", dueText: "+2w", due: "2026-06-03" }],
    ["Ship the patch (+1m)", { text: "Ship the patch", due: "2026-06-20" }],
    ["Ship the patch, Due: +7d", { text: "Ship the patch", due: "2026-05-27" }],
    [
      "Write the rollback runbook (due: 2026-02-30)",
      { text: "Write the rollback runbook", dueText: "2026-02-30", due: null },
    ],
    [
      "Write the rollback runbook — Due: next sprint",
      { text: "Write the rollback runbook", dueText: "next sprint", due: null },
    ],
    ["Tune the autoscaler. Priority: Medium", { text: "Tune the autoscaler.", priority: "P2" }],
    ["Tune the autoscaler (high)", { text: "Tune the autoscaler", priority: "P1" }],
    [
      "[Critical] Restore the nightly backups",
      { text: "Restore the nightly backups", priority: "P0" },
    ],
    ["Urgent: rotate the leaked token", { text: "rotate the leaked token", priority: "P0" }],
    ["P3 - tidy up the dashboards", { text: "tidy up the dashboards", priority: "P3" }],
    ["[P4] Rename the cleanup job", { priority: "P3" }],
    ["Low priority: prune stale alerts", { text: "prune stale alerts", priority: "P3" }],
    ["Prune stale alerts (minor)", { priority: "P3" }],
    ["DONE - rotate the credentials", { text: "rotate the credentials", done: true }],
    ["~~Remove the legacy cron job~~", { text: "Remove the legacy cron job", done: true }],
    ["Rotate the credentials ✔", { text: "Rotate the credentials", done: true }],
    ["☑ Rotate the credentials", { text: "Rotate the credentials", done: true }],
    [
      "Fix the flapping health check [FIXED](https://github.com/acme/api/pull/9)",
      {
        text: "Fix the flapping health check",
        done: true,
        refs: [{ repo: "acme/api", number: 9 }],
      },
    ],
    ["Document the runbook. Status: done", { text: "Document the runbook.", done: true }],
    ["Rotate the credentials **TODO**", { text: "Rotate the credentials", done: false }],
    ["Rotate the credentials (completed)", { text: "Rotate the credentials", done: true }],
    [
      "Rotate the credentials (fixed in #812)",
      { text: "Rotate the credentials", done: true, refs: [{ repo: null, number: 812 }] },
    ],
    ["[x] Rotate the credentials", { text: "Rotate the credentials", done: true }],
    ["[ ] Rotate the credentials", { text: "Rotate the credentials", done: false }],
    ["Done in staging, roll out to production next", { done: false }],
    ["SRE will add a burn-rate alert", { owners: ["SRE"] }],
    ["Alice to fix the retry loop", { owners: ["Alice"] }],
    ["Team Payments will add retries to the webhook consumer", { owners: ["Team Payments"] }],
    ["The platform team will own the rollout", { owners: ["platform team"] }],
    ["@carol will review the paging policy", { owners: ["carol"] }],
    ["Alice and Bob to pair on the migration", { owners: ["Alice", "Bob"] }],
    [
      "**Add** _rate limiting_ to the [publish endpoint](https://crates.io/api) and `cargo publish`",
      { text: "Add rate limiting to the publish endpoint and cargo publish" },
    ],
    ["Add a runbook entry<br>for the failover", { text: "Add a runbook entry for the failover" }],
    [
      "Load test consumers against\n   production volumes",
      { text: "Load test consumers against production volumes" },
    ],
    [
      "Enhance Monitoring: add alerts on queue depth",
      { text: "Enhance Monitoring: add alerts on queue depth" },
    ],
    [
      "Fix flaky test #123 and acme/api#45, see GH-12",
      {
        text: "Fix flaky test #123 and acme/api#45",
        refs: [
          { repo: null, number: 123 },
          { repo: "acme/api", number: 45 },
          { repo: null, number: 12 },
        ],
      },
    ],
    [
      "Follow up in https://ghe.example.com/acme/api/issues/9",
      { refs: [{ repo: "acme/api", number: 9 }] },
    ],
    ["Add replica lag alerting @alice", { text: "Add replica lag alerting", owners: ["alice"] }],
    [
      "Add replica lag alerting @alice, @bob and @acme/sre",
      { text: "Add replica lag alerting", owners: ["alice", "bob", "acme/sre"] },
    ],
    ["Sync the schema with @bob", { text: "Sync the schema with @bob", owners: ["bob"] }],
    ["@alice", { text: "@alice", owners: ["alice"] }],
  ])("%s", (source, expected) => {
    expect(extract(source)).toMatchObject(expected);
  });

  it("takes the task-list state from the markdown parser", () => {
    expect(extract("Rotate the credentials", true).done).toBe(true);
    expect(extract("Rotate the credentials", false).done).toBe(false);
    expect(extract("[x] Rotate the credentials", null).done).toBe(true);
  });

  it("keeps owners in reading order without duplicates", () => {
    expect(extract("@bob to pair with @alice on the migration — @bob, @alice").owners).toEqual([
      "bob",
      "alice",
    ]);
  });

  it("refuses a reference date that is not YYYY-MM-DD", () => {
    expect(() => extractItemFields({ source: "x", checked: null, now: "20/05/2026" })).toThrow(
      RangeError,
    );
  });
});

describe("extractItemFields does not invent fields", () => {
  it.each<[string, Partial<ExtractedFields>]>([
    [
      "Check the outage on May 1st and the retries every 5 minutes since 2019",
      { dueText: null, due: null },
    ],
    ["Upgrade Redis within the 2 hour window of the incident", { dueText: null, due: null }],
    ["Page the on-call within 2 weeks of the incident review", { dueText: null, due: null }],
    ["Cut the error budget burn by 2 hours", { dueText: null, due: null }],
    ["Investigate the failure caused by Monday's deploy", { dueText: null, due: null }],
    ["Review the Octoverse outage (October 2021)", { dueText: null, due: null }],
    ["[2023-11-20] Database CPU spike", { dueText: null, due: null }],
    ["We will add rate limiting to the publish endpoint", { owners: [] }],
    ["This will prevent future outages", { owners: [] }],
    [
      "Pushing all intended changes first to our test environments before shipping to the live server.",
      { owners: [], dueText: null },
    ],
    ["Monitoring will alert the on-call engineer", { owners: [] }],
    ["Alerts should fire earlier", { owners: [] }],
    ["Escalate to the database team", { owners: [] }],
    ["Remember to rotate the keys", { owners: [] }],
    ["DNS will be moved to the new provider", { owners: [] }],
    ["CPU check runs every minute", { owners: [] }],
    ["SOP document needs an owner", { owners: [] }],
    [
      "Fix the crash in the importer (Postgres)",
      { owners: [], text: "Fix the crash in the importer (Postgres)" },
    ],
    ["Migrate logs - Elastic", { owners: [], text: "Migrate logs - Elastic" }],
    ["Bump `@types/node` and drop `@babel/core`", { owners: [] }],
    ["Email ops@example.com about the change", { owners: [] }],
    ["Improve high latency alerts", { priority: null }],
    ["Add a critical path test for checkout", { priority: null }],
    ["Document the `#1` gotcha", { refs: [] }],
    ["Make this our #1 priority", { refs: [] }],
    ["Set color: #333 on the banner for incident #465", { refs: [] }],
  ])("%s", (source, expected) => {
    expect(extract(source)).toMatchObject(expected);
  });
});

describe("parseOwners (Owner / Who column)", () => {
  it.each<[string, string[]]>([
    ["@alice, @bob", ["alice", "bob"]],
    ["Alice / Bob", ["Alice", "Bob"]],
    ["SRE team", ["SRE team"]],
    ["alice & bob", ["alice", "bob"]],
    ["Alice and Bob", ["Alice", "Bob"]],
    ["T. Reyes + M. Tan", ["T. Reyes", "M. Tan"]],
    ["SRE on-call", ["SRE on-call"]],
    ["QA Team", ["QA Team"]],
    ["jennifer", ["jennifer"]],
    ["[mlafeldt](https://github.com/mlafeldt)", ["mlafeldt"]],
    ["@acme/payments", ["acme/payments"]],
    ["serathius@", ["serathius"]],
    ["Jane Doe (on-call)", ["Jane Doe"]],
    ["Owner: @dana", ["dana"]],
    ["@alice, @Alice", ["alice"]],
    ["TBD", []],
    ["N/A", []],
    ["-", []],
    ["?", []],
    ["", []],
  ])("%j → %j", (cell, owners) => {
    expect(parseOwners(cell)).toEqual(owners);
  });
});

describe("parseDue (Due / Target column)", () => {
  it.each<[string, string, string]>([
    ["2024-01-20", "2024-01-20", "2024-01-20"],
    ["**2026-07-01**", "2026-07-01", "2026-07-01"],
    ["2026/12/01", "2026/12/01", "2026-12-01"],
    ["12/01/2026", "12/01/2026", "2026-12-01"],
    ["Dec 31 2026", "Dec 31 2026", "2026-12-31"],
    ["1 June 2026", "1 June 2026", "2026-06-01"],
    ["June 1", "June 1", "2026-06-01"],
    ["Dec 15th", "Dec 15th", "2026-12-15"],
    ["May 20", "May 20", "2026-05-20"],
    ["May 1", "May 1", "2027-05-01"],
    ["June 2026", "June 2026", "2026-06-30"],
    ["mid-June", "mid-June", "2026-06-15"],
    ["Q3 2025", "Q3 2025", "2025-09-30"],
    ["Q1 2026", "Q1 2026", "2026-03-31"],
    ["end of Q1", "end of Q1", "2027-03-31"],
    ["H2 2026", "H2 2026", "2026-12-31"],
    ["+7d", "+7d", "2026-05-27"],
    ["+2w", "+2w", "2026-06-03"],
    ["+1m", "+1m", "2026-06-20"],
    ["2 weeks", "2 weeks", "2026-06-03"],
    ["within 2 weeks", "within 2 weeks", "2026-06-03"],
    ["in 3 days", "in 3 days", "2026-05-23"],
    ["in 2 business days", "in 2 business days", "2026-05-22"],
    ["tomorrow", "tomorrow", "2026-05-21"],
    ["Friday", "Friday", "2026-05-22"],
    ["next Friday", "next Friday", "2026-05-29"],
    ["next week", "next week", "2026-05-29"],
    ["EOW", "EOW", "2026-05-22"],
    ["end of week", "end of week", "2026-05-22"],
    ["end of month", "end of month", "2026-05-31"],
    ["EOM", "EOM", "2026-05-31"],
    ["end of year", "end of year", "2026-12-31"],
    ["by Friday", "by Friday", "2026-05-22"],
    ["Due: June 1", "Due: June 1", "2026-06-01"],
    ["moved to 2026-08-01", "moved to 2026-08-01", "2026-08-01"],
    ["2026-12-01T10:00Z", "2026-12-01T10:00Z", "2026-12-01"],
  ])("%j → %j, %s", (cell, dueText, due) => {
    expect(parseDue(cell, NOW)).toEqual({ dueText, due });
  });

  it.each(["next sprint", "ASAP", "Feb 30", "2026-02-30", "2026-13-05", "when the vendor ships"])(
    "keeps %j as written but cannot date it",
    (cell) => {
      expect(parseDue(cell, NOW)).toEqual({ dueText: cell, due: null });
    },
  );

  it.each(["TBD", "-", "", "N/A", "  "])("%j is no deadline", (cell) => {
    expect(parseDue(cell, NOW)).toEqual({ dueText: null, due: null });
  });

  it("resolves the same calendar date whatever the time zone of the machine", () => {
    // Computed on UTC day numbers; chrono's own forward-dating uses local time and would drift.
    expect(parseDue("Jan 1", "2026-01-01")).toEqual({ dueText: "Jan 1", due: "2026-01-01" });
    expect(parseDue("Dec 31", "2026-12-31")).toEqual({ dueText: "Dec 31", due: "2026-12-31" });
    expect(parseDue("Friday", "2026-05-22")).toEqual({ dueText: "Friday", due: "2026-05-22" });
  });
});

describe("parsePriority (Priority column)", () => {
  it.each<[string, string | null]>([
    ["P0", "P0"],
    ["p1", "P1"],
    ["P2 (nice to have)", "P2"],
    ["P4", "P3"],
    ["1", "P1"],
    ["High", "P1"],
    ["**HIGH**", "P1"],
    ["🔴 Critical", "P0"],
    ["urgent", "P0"],
    ["Blocker", "P0"],
    ["Medium", "P2"],
    ["med", "P2"],
    ["Normal", "P2"],
    ["Low", "P3"],
    ["minor", "P3"],
    ["", null],
    ["-", null],
    ["n/a", null],
    ["Prevent", null],
    ["mitigate", null],
  ])("%j → %j", (cell, priority) => {
    expect(parsePriority(cell)).toBe(priority);
  });
});

describe("parseDone (Status / Bug column)", () => {
  it.each([
    "**DONE**",
    "DONE",
    "Done",
    "Closed",
    "✅ Done",
    "n/a **DONE**",
    "Completed",
    "Fixed",
    "Resolved",
    "[x]",
  ])("%j is done", (cell) => {
    expect(parseDone(cell)).toBe(true);
  });

  it.each([
    "TODO",
    "Bug 5554823 **TODO**",
    "in progress",
    "🔄 In Progress",
    "📋 Planned",
    "Open",
    "Open (R2)",
    "not done",
    "",
    "-",
  ])("%j is not done", (cell) => {
    expect(parseDone(cell)).toBe(false);
  });
});

describe("findIssueRefs", () => {
  it.each<[string, { repo: string | null; number: number }[]]>([
    ["Tracked in #123", [{ repo: null, number: 123 }]],
    ["see owner/repo#45", [{ repo: "owner/repo", number: 45 }]],
    ["https://github.com/etcd-io/etcd/issues/14045", [{ repo: "etcd-io/etcd", number: 14045 }]],
    ["https://github.com/etcd-io/etcd/pull/14911", [{ repo: "etcd-io/etcd", number: 14911 }]],
    [
      "https://github.com/etcd-io/etcd/issues/13766#issuecomment-1078897588",
      [{ repo: "etcd-io/etcd", number: 13766 }],
    ],
    ["https://ghe.example.com/acme/api/issues/9", [{ repo: "acme/api", number: 9 }]],
    ["GH-12", [{ repo: null, number: 12 }]],
    [
      "[Luzifer/awsenv#11](https://github.com/Luzifer/awsenv/issues/11) **TODO**",
      [{ repo: "Luzifer/awsenv", number: 11 }],
    ],
    [
      "Fixes #2, then #1, then #2 again",
      [
        { repo: null, number: 2 },
        { repo: null, number: 1 },
      ],
    ],
    ["`#1` in code", []],
    ["our #1 priority", []],
    ["color: #333", []],
    ["incident #465", []],
    ["&#123;", []],
    ["https://github.com/acme/api/commit/abc123", []],
    ["https://gitlab.com/group/project/-/issues/9", []],
    ["https://github.com/acme/api#readme", []],
    ["## 12 steps", []],
  ])("%j", (text, refs) => {
    expect(findIssueRefs(text)).toEqual(refs);
  });
});
