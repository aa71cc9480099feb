/**
 * Resolution rules of the planner (owner, priority, deadline, keys, titles) and the `plan --json`
 * contract of DESIGN.md, table-driven. Expectations follow DESIGN.md and LABELING.md.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/parse-config.js";
import type { Config } from "../../src/config/schema.js";
import { planPostmortem } from "../../src/core/plan-postmortem.js";
import type { PlanWarning, PostmortemPlan, Priority } from "../../src/core/types.js";

const NOW = "2026-01-15";
const md = (...lines: string[]): string => lines.join("\n");

interface Options {
  config?: Partial<Config>;
  now?: string;
  author?: string | null;
}

function plan(text: string, options: Options = {}): PostmortemPlan {
  return planPostmortem({
    path: "postmortems/2026-01-12-db-failover.md",
    text,
    config: { ...defaultConfig(), ...options.config },
    now: options.now ?? NOW,
    author: options.author ?? null,
  });
}

/** The one item a single-item document plans; fails loudly when there is not exactly one. */
function onlyItem(text: string, options: Options = {}) {
  const result = plan(text, options);
  expect(result.items).toHaveLength(1);
  const item = result.items[0];
  if (item === undefined) throw new Error("no item planned");
  return { item, warnings: result.warnings };
}

/** The warnings anchored to `line`, one message per line, for a readable diff on failure. */
function messagesAt(warnings: PlanWarning[], line: number): string {
  return warnings
    .filter((w) => w.line === line)
    .map((w) => w.message)
    .join("\n");
}

const ACTION = "Add replica lag alerting to the database dashboard";

/** The real seed document (../shared/corpus/seed/000.md), inlined so unit tests stand alone. */
const SEED = [
  "0x19. Postmortem",
  "",
  "Server Outage Incident Report",
  "On May 1st, 2023, we experienced a server outage on our company’s server infrastructure which resulted in our client's inability to use our services and we sincerely apologize for the financial loss our clients have incurred during this period.",
  "",
  "Issue Summary",
  "",
  "On May 1st 2023 (13:05 pm GMT + 1), we experienced a server outage (downtime) on our company’s server infrastructure for 2 hours. As a result, our clients experienced an HTTP 500 error which affected their business as they could not access our services. The root cause was not correctly testing out all implemented upgrades before pushing them to production servers.",
  "",
  "Timeline (all time in GMT + 1)",
  "Time (GMT + 1)\tActions",
  "13:00 PM\t\tUpgrades implementation begins",
  "13:05 PM\t\tServer Outage begins",
  "13:10 PM\t\tPagers alerted the on-call team",
  "13:15 PM\t\tOn-call team acknowledgment",
  "13:40 PM\t\tRollback initiation begins",
  "14:00 PM\t\tSuccessful rollback",
  "14:30 PM\t\tServer restart initiated",
  "15:00 PM\t\t100% of traffic back online",
  "",
  "Root cause",
  "",
  "Server upgrades were initiated across all of our production servers at 13:00pm (GMT + 1) without previously deploying on our test environments and doing all essential unit testing. Part of the upgrade supplied to the production server required authentication from a third-party software; however, this new implementation is not supported on the current version on our servers, resulting in downtime. We were able to swiftly remedy this by first rolling back the server's prior state and then upgrading the current version on our servers.",
  "",
  "Preventive measures",
  "",
  "Pushing all intended changes first to our test environments before shipping to the live server.",
  "Increase the performance metrics threshold to alert on-call engineers in the event of a possible server crash",
  "",
  "Addressing the issue",
  "",
  "Develop and implement additional testing procedures for website updates and integrations. ",
  "Update monitoring and alerting systems to detect and respond to similar issues more quickly. ",
  "Develop and document incident response procedures to ensure issues are resolved as efficiently as possible.",
  "",
  "",
].join("\n");

describe("planPostmortem: owner resolution (first hit wins)", () => {
  const withFrontMatterOwner = (line: string): string =>
    md("---", 'owner: "@bob"', "---", "", "# DB failover", "", "## Action items", "", line);
  const withOwnerLine = (line: string): string =>
    md("# DB failover", "", "Owner: @erin", "Date: 2026-01-12", "", "## Action items", "", line);
  const bare = (line: string): string => md("# DB failover", "", "## Action items", "", line);

  it.each([
    [
      "the item's own owner beats every other source",
      withFrontMatterOwner(`- ${ACTION} (owner: @alice)`),
      { config: { defaultOwner: "carol" }, author: "dave" },
      ["alice"],
      "item",
    ],
    [
      "an Owner column beats the postmortem's owner",
      md(
        "---",
        'owner: "@bob"',
        "---",
        "",
        "## Action items",
        "",
        "| Action Item | Owner |",
        "|---|---|",
        `| ${ACTION} | @alice |`,
      ),
      { config: { defaultOwner: "carol" }, author: "dave" },
      ["alice"],
      "item",
    ],
    [
      "front matter `owner:` when the item names none",
      withFrontMatterOwner(`- ${ACTION}`),
      { config: { defaultOwner: "carol" }, author: "dave" },
      ["bob"],
      "postmortem",
    ],
    [
      "an `Owner:` line when there is no front matter",
      withOwnerLine(`- ${ACTION}`),
      { config: { defaultOwner: "carol" }, author: "dave" },
      ["erin"],
      "postmortem",
    ],
    [
      "config.defaultOwner when the document names no owner",
      bare(`- ${ACTION}`),
      { config: { defaultOwner: "carol" }, author: "dave" },
      ["carol"],
      "config",
    ],
    [
      "config.defaultOwner written with @",
      bare(`- ${ACTION}`),
      { config: { defaultOwner: "@carol" }, author: "dave" },
      ["carol"],
      "config",
    ],
    ["the PR author as a last resort", bare(`- ${ACTION}`), { author: "dave" }, ["dave"], "author"],
    ["nobody when there is no author either", bare(`- ${ACTION}`), {}, [], "none"],
  ])("%s", (_case, text, options: Options, owners, ownerSource) => {
    const { item } = onlyItem(text, options);
    expect(item.text).toBe(ACTION);
    expect({ owners: item.owners, ownerSource: item.ownerSource }).toEqual({ owners, ownerSource });
  });

  it.each([
    ["`org/team` key", { "acme/sre": "sam" }],
    ["`@org/team` key and `@login` value", { "@acme/sre": "@sam" }],
  ])("maps a team owner to its accountable person (%s)", (_case, teams) => {
    const { item, warnings } = onlyItem(
      md("## Action items", "", `- ${ACTION} (owner: @acme/sre)`),
      {
        config: { teams },
      },
    );
    expect(item.owners).toEqual(["sam"]);
    expect(item.ownerSource).toBe("item");
    expect(warnings.filter((w) => /accountable/i.test(w.message))).toEqual([]);
  });

  it("keeps an unmapped team and warns that it has no accountable person", () => {
    const { item, warnings } = onlyItem(
      md("## Action items", "", `- ${ACTION} (owner: @acme/dba)`),
      {
        config: { teams: { "acme/sre": "sam" } },
      },
    );
    expect(item.owners).toEqual(["acme/dba"]);
    expect(messagesAt(warnings, item.line)).toMatch(/no accountable person/i);
  });
});

describe("planPostmortem: priority (item, else severity, else default)", () => {
  const doc = (frontMatter: string[], line: string): string =>
    md(
      ...(frontMatter.length > 0 ? ["---", ...frontMatter, "---", ""] : []),
      "## Action items",
      "",
      line,
    );

  it.each<[string, string, Options, Priority]>([
    [
      "the item's own `[P0]` beats the severity",
      doc(["severity: SEV3"], `- [P0] ${ACTION}`),
      {},
      "P0",
    ],
    [
      "the item's own `(P3)` beats the severity",
      doc(["severity: SEV1"], `- ${ACTION} (P3)`),
      {},
      "P3",
    ],
    [
      "severity `SEV2` via the default severities",
      doc(["severity: SEV2"], `- ${ACTION}`),
      {},
      "P1",
    ],
    [
      "severity matched case-insensitively (`sev2`)",
      doc(["severity: sev2"], `- ${ACTION}`),
      {},
      "P1",
    ],
    [
      "a `Severity:` line in the body",
      md("# DB failover", "", "Severity: SEV1", "", "## Action items", "", `- ${ACTION}`),
      {},
      "P0",
    ],
    [
      "a custom severity name from config (`Critical`)",
      doc(["severity: Critical"], `- ${ACTION}`),
      { config: { severities: { critical: "P0" } } },
      "P0",
    ],
    [
      "config.defaultPriority when the severity is unknown",
      doc(["severity: whatever"], `- ${ACTION}`),
      { config: { defaultPriority: "P3" } },
      "P3",
    ],
    [
      "config.defaultPriority without any severity",
      doc([], `- ${ACTION}`),
      { config: { defaultPriority: "P1" } },
      "P1",
    ],
    ["the default P2 out of the box", doc([], `- ${ACTION}`), {}, "P2"],
  ])("%s", (_case, text, options: Options, priority) => {
    expect(onlyItem(text, options).item.priority).toBe(priority);
  });
});

describe("planPostmortem: deadline (item, else policy by priority)", () => {
  const section = (line: string): string => md("## Action items", "", line);

  it.each([
    ["`by 2026-03-01` on the item", section(`- ${ACTION} by 2026-03-01`), {}, "2026-03-01", "item"],
    [
      "`(due: 2026-03-01)` on the item",
      section(`- ${ACTION} (due: 2026-03-01)`),
      {},
      "2026-03-01",
      "item",
    ],
    [
      "a Due column",
      md("## Action items", "", "| Action Item | Due |", "|---|---|", `| ${ACTION} | 2026-02-01 |`),
      {},
      "2026-02-01",
      "item",
    ],
    ["policy: P2 is 30 days from now", section(`- ${ACTION}`), {}, "2026-02-14", "policy"],
    [
      "policy: P0 is 7 days",
      section(`- [P0] ${ACTION}`),
      { now: "2026-01-28" },
      "2026-02-04",
      "policy",
    ],
    [
      "policy: P1 is 14 days, across a year end",
      section(`- [P1] ${ACTION}`),
      { now: "2026-12-20" },
      "2027-01-03",
      "policy",
    ],
    [
      "policy: P1 across the end of a leap-year February",
      section(`- [P1] ${ACTION}`),
      { now: "2028-02-20" },
      "2028-03-05",
      "policy",
    ],
    [
      "policy: P3 is 60 days, across a month end",
      section(`- [P3] ${ACTION}`),
      { now: "2026-01-31" },
      "2026-04-01",
      "policy",
    ],
    [
      "policy: deadlines from config",
      section(`- ${ACTION}`),
      { config: { deadlines: { P0: 1, P1: 2, P2: 10, P3: 20 } } },
      "2026-01-25",
      "policy",
    ],
  ])("%s", (_case, text, options: Options, due, dueSource) => {
    const { item } = onlyItem(text, options);
    expect(item.text).toBe(ACTION);
    expect({ due: item.due, dueSource: item.dueSource }).toEqual({ due, dueSource });
  });

  it.each([
    ["an impossible calendar date", `- ${ACTION} (due: 2026-02-30)`],
    ["a date with a 13th month", `- ${ACTION} (due: 2026-13-05)`],
  ])("falls back to the policy and warns about %s", (_case, line) => {
    const { item, warnings } = onlyItem(section(line));
    expect({ due: item.due, dueSource: item.dueSource }).toEqual({
      due: "2026-02-14",
      dueSource: "policy",
    });
    expect(messagesAt(warnings, item.line)).toMatch(/could not read|unreadable|deadline|date/i);
  });

  it("keeps a deadline already past and warns about it", () => {
    const { item, warnings } = onlyItem(section(`- ${ACTION} by 2025-12-01`));
    expect({ due: item.due, dueSource: item.dueSource }).toEqual({
      due: "2025-12-01",
      dueSource: "item",
    });
    expect(messagesAt(warnings, item.line)).toMatch(
      /2025-12-01.*(before|past)|(before|past).*2025-12-01/i,
    );
  });
});

describe("planPostmortem: keys, duplicates and titles", () => {
  it("gives a repeated item a distinct key with a `-2` suffix and a Duplicate warning", () => {
    const text = md(
      "## Action items", // 1
      "", // 2
      `- ${ACTION}`, // 3
      "", // 4
      "## Follow-ups", // 5
      "", // 6
      `- ${ACTION}`, // 7
    );
    const { items, warnings } = plan(text);
    expect(items.map((i) => i.line)).toEqual([3, 7]);
    const [first, second] = items.map((i) => i.key);
    expect(second).toBe(`${String(first)}-2`);
    expect(messagesAt(warnings, 7)).toMatch(/duplicate/i);
  });

  it("shortens a title longer than 256 characters and warns, keeping the full text", () => {
    const long =
      "Add an end to end synthetic check that signs in with a test account and places an order " +
      "and cancels it and verifies the confirmation email and the refund and the audit log entry " +
      "and the warehouse reservation release and the loyalty points reversal and the invoice void " +
      "across every region and every storefront and every payment provider we support";
    expect(long.length).toBeGreaterThan(256);
    const { item, warnings } = onlyItem(md("## Action items", "", `- ${long}`));
    expect(item.text).toBe(long);
    expect(item.title.length).toBeLessThanOrEqual(256);
    expect(item.title.length).toBeLessThan(long.length);
    expect(messagesAt(warnings, item.line)).toMatch(/shortened|too long/i);
  });

  it("keeps a short item whole as its title, without a warning", () => {
    const { item, warnings } = onlyItem(md("## Action items", "", `- ${ACTION}.`));
    expect(item.title).toBe(ACTION);
    expect(warnings).toEqual([]);
  });
});

describe("planPostmortem: the `plan --json` contract (DESIGN.md) on the seed document", () => {
  const result = plan(SEED);
  const CONTRACT_ITEM_FIELDS = [
    "key",
    "title",
    "text",
    "owners",
    "due",
    "dueSource",
    "priority",
    "line",
    // additive fields
    "status",
    "refs",
    "ownerSource",
    "reason",
  ];

  it("has exactly the documented top-level and postmortem fields", () => {
    expect(Object.keys(result).sort()).toEqual(["items", "postmortem", "warnings"]);
    expect(Object.keys(result.postmortem).sort()).toEqual(["path", "severity", "title"]);
    expect(result.postmortem.path).toBe("postmortems/2026-01-12-db-failover.md");
    expect(result.postmortem.severity).toBeNull();
    expect(["string", "object"]).toContain(typeof result.postmortem.title);
  });

  it("plans the 5 labelled items in document order with their source lines", () => {
    expect(result.items.map((i) => [i.line, i.text])).toEqual([
      [
        27,
        "Pushing all intended changes first to our test environments before shipping to the live server.",
      ],
      [
        28,
        "Increase the performance metrics threshold to alert on-call engineers in the event of a possible server crash",
      ],
      [
        32,
        "Develop and implement additional testing procedures for website updates and integrations.",
      ],
      [
        33,
        "Update monitoring and alerting systems to detect and respond to similar issues more quickly.",
      ],
      [
        34,
        "Develop and document incident response procedures to ensure issues are resolved as efficiently as possible.",
      ],
    ]);
  });

  it("gives each item exactly the documented fields, with documented types", () => {
    for (const item of result.items) {
      expect(Object.keys(item).sort()).toEqual([...CONTRACT_ITEM_FIELDS].sort());
      expect(item.key).toMatch(/^[\w-]+$/);
      expect(item.title.length).toBeGreaterThan(0);
      expect(item.title.length).toBeLessThanOrEqual(256);
      expect(item).toMatchObject({
        owners: [],
        due: "2026-02-14",
        dueSource: "policy",
        priority: "P2",
        status: "open",
        refs: [],
        ownerSource: "none",
      });
    }
    expect(new Set(result.items.map((i) => i.key)).size).toBe(5);
  });

  it("says why each item was taken: its shape and the section it sits under", () => {
    expect(result.items.map((i) => i.reason)).toEqual([
      'line under "Preventive measures"',
      'line under "Preventive measures"',
      'line under "Addressing the issue"',
      'line under "Addressing the issue"',
      'line under "Addressing the issue"',
    ]);
  });

  it("titles drop the trailing period of the text", () => {
    expect(result.items.map((i) => i.title)).toEqual(
      result.items.map((i) => i.text.replace(/\.$/, "")),
    );
  });

  it("has warnings as { line, message } only, and none for this clean document", () => {
    for (const w of result.warnings) expect(Object.keys(w).sort()).toEqual(["line", "message"]);
    expect(result.warnings).toEqual([]);
  });

  it("round-trips through JSON unchanged (no undefined, no Date)", () => {
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
