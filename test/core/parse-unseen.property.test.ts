/**
 * Properties of the structures issue 13 added, over generated documents: whatever the wording,
 * bullet style, owner form or column order, a headless action table, a bold list label, a lead-in
 * with children and an owner annotation are read the same way; a timeline alone plans nothing.
 * Every fragment is synthetic.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePostmortem } from "../../src/core/parse-postmortem.js";

const NOW = "2026-01-15";
const parse = (text: string) => parsePostmortem(text, NOW);

const VERB = fc.constantFrom("Add", "Enable", "Document", "Automate", "Review", "Migrate");
const OBJECT = fc.constantFrom(
  "a canary stage for cache deploys",
  "rate limits on the login endpoint",
  "the failover runbook",
  "nightly restore drills",
  "disk alerts on the queue hosts",
);
const ACTION = fc.tuple(VERB, OBJECT).map(([v, o]) => `${v} ${o}`);
const ACTIONS = fc.uniqueArray(ACTION, { minLength: 1, maxLength: 5 });
const OWNER = fc.constantFrom("Jane Doe", "Ken", "SRE team", "Platform Team", "R. Okafor");
const BULLET = fc.constantFrom("-", "*", "+", "1.", "- [ ]");

describe("an owner annotation", { timeout: 60_000 }, () => {
  const ANNOTATION = fc.constantFrom(
    (o: string) => ` (Owner: ${o})`,
    (o: string) => ` (owner: ${o}`,
    (o: string) => ` [Owner: ${o}]`,
    (o: string) => ` — owner: ${o}`,
  );

  it("goes to owners and never stays in the item's text", () => {
    fc.assert(
      fc.property(ACTIONS, OWNER, ANNOTATION, BULLET, (actions, owner, annotate, bullet) => {
        const doc = [
          "## Action items",
          "",
          ...actions.map((a) => `${bullet} ${a}${annotate(owner)}`),
        ];
        const items = parse(doc.join("\n")).items;
        expect(items.map((i) => i.text)).toEqual(actions);
        for (const item of items) {
          expect(item.text).not.toMatch(/owner/i);
          expect(item.owners).toEqual([owner]);
        }
      }),
    );
  });
});

describe("an action-item table with no heading above it", { timeout: 60_000 }, () => {
  const TASK = fc.constantFrom("Action item", "Task", "Remediation", "What", "Action Item");
  const TRACKING = fc.uniqueArray(
    fc.constantFrom("Owner", "Type", "Bug", "Due", "Status", "Priority"),
    {
      minLength: 1,
      maxLength: 4,
    },
  );
  const cell = (column: string, i: number, owner: string): string =>
    ({
      Owner: owner,
      Type: i % 2 === 0 ? "prevent" : "mitigate",
      Bug: i % 2 === 0 ? "DONE" : "TODO",
      Due: `2026-0${(i % 9) + 1}-15`,
      Status: i % 2 === 0 ? "Done" : "Open",
      Priority: `P${i % 3}`,
    })[column] ?? "";

  it("gives one item per row, its task cell, wherever the task column is", () => {
    fc.assert(
      fc.property(
        TASK,
        TRACKING,
        fc.nat({ max: 4 }),
        ACTIONS,
        OWNER,
        fc.constantFrom("", " ", "   "),
        fc.boolean(),
        (task, tracking, at, actions, owner, trailing, first) => {
          const columns: string[] = [...tracking];
          columns.splice(at % (columns.length + 1), 0, task);
          const rows = actions.map(
            (a, i) =>
              `| ${columns.map((c) => (c === task ? a : cell(c, i, owner))).join(" | ")} |${trailing}`,
          );
          const table = [
            `| ${columns.join(" | ")} |`,
            `|${columns.map(() => "---").join("|")}|`,
            ...rows,
          ];
          const summary = [
            "# Cache outage",
            "",
            "**Date**: 2026-01-03",
            "**Impact**: slow pages",
            "",
          ];
          const doc = first ? [...table, "", ...summary] : [...summary, ...table];
          const items = parse(doc.join("\n")).items;
          expect(items.map((i) => i.text)).toEqual(actions);
          if (tracking.includes("Owner")) for (const i of items) expect(i.owners).toEqual([owner]);
        },
      ),
    );
  });
});

describe("a bold list label and a lead-in", { timeout: 60_000 }, () => {
  const LABEL = fc.constantFrom(
    "**Follow-up actions**:",
    "**Next:**",
    "**Next steps:**",
    "**Action items**:",
    "Follow-ups:",
  );
  const STATUS = fc.constantFrom("", "**DONE** ", "**TODO** ");

  it("the nested bullets under a follow-up label in a summary list are the items", () => {
    fc.assert(
      fc.property(LABEL, ACTIONS, STATUS, BULLET, (label, actions, status, bullet) => {
        const doc = [
          "## Summary",
          "",
          "- **Impact**: the cache was cold for an hour",
          `- ${label}`,
          ...actions.map((a) => `    ${bullet} ${status}${a}`),
          "- **Detection**: a customer report",
        ];
        expect(parse(doc.join("\n")).items.map((i) => i.text)).toEqual(actions);
      }),
    );
  });

  const LEAD = fc.constantFrom(
    "Add paging alerts for",
    "Rate-limit requests to",
    "Set up backups for",
  );
  const FRAGMENTS = fc.uniqueArray(
    fc.constantFrom("the billing API", "the queue workers", "login attempts", "the search cluster"),
    { minLength: 1, maxLength: 4 },
  );

  it("a lead-in gives one item per child: the lead-in plus the child", () => {
    fc.assert(
      fc.property(LEAD, FRAGMENTS, BULLET, (lead, fragments, bullet) => {
        const doc = [
          "## Action items",
          "",
          `- ${lead}:`,
          ...fragments.map((f) => `    ${bullet} ${f}`),
        ];
        const items = parse(doc.join("\n")).items;
        expect(items.map((i) => i.text)).toEqual(fragments.map((f) => `${lead}: ${f}`));
        expect(new Set(items.map((i) => i.reason))).toEqual(
          new Set(['lead-in + child under "Action items"']),
        );
      }),
    );
  });
});

describe("a document with no follow-up section", { timeout: 60_000 }, () => {
  const SECTION = fc.constantFrom(
    "Timeline",
    "Summary",
    "Impact",
    "Root cause",
    "Resolution",
    "Detection",
  );
  const EVENT = fc
    .tuple(
      fc.integer({ min: 0, max: 23 }),
      fc.constantFrom("deploy started", "alerts fired", "we rolled back", "traffic recovered"),
    )
    .map(([h, e]) => `${String(h).padStart(2, "0")}:00 ${e}`);

  it("plans nothing and says why", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(SECTION, fc.array(EVENT, { maxLength: 4 })), {
          minLength: 1,
          maxLength: 5,
        }),
        BULLET,
        (sections, bullet) => {
          const doc = ["# Cache outage", ""];
          for (const [title, events] of sections)
            doc.push(`## ${title}`, "", ...events.map((e) => `${bullet} ${e}`), "");
          const parsed = parse(doc.join("\n"));
          expect(parsed.items).toEqual([]);
          expect(parsed.warnings.map((w) => w.message).join(" ")).toMatch(
            /action-item section|template/,
          );
        },
      ),
    );
  });
});
