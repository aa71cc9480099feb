/**
 * Structures that postmortems outside the corpus use (issue 13). Every snippet is synthetic and
 * every expectation is how a person reads it, per ../shared/corpus/LABELING.md.
 */
import { describe, expect, it } from "vitest";
import { parsePostmortem } from "../../src/core/parse-postmortem.js";

const NOW = "2026-01-15";
const md = (...lines: string[]): string => lines.join("\n");
const parse = (text: string) => parsePostmortem(text, NOW);
const texts = (text: string): string[] => parse(text).items.map((i) => i.text);

const A1 = "Add a schema check for config pushes to CI";
const A2 = "Alert on-call when checkout errors exceed 1%";

describe("not items, though they sit in an action section", () => {
  it.each([
    ["a review date", "Review date: 2026-01-10"],
    ["an attendee list", "Attendees: Jane, Bob, Carol"],
    ["a review summary", "Summary of the review: the team agreed on the items below."],
    ["a template question", "- When was the issue detected?"],
    ["a template prompt", "- What could be improved?"],
    ["an assignment brief", "- Write a postmortem of an outage you or your team experienced."],
    [
      "an instruction addressed to the reader",
      "- List the actions you will take, e.g. patch the server.",
    ],
    ["an instruction with an example", "- Describe the follow-up tasks, e.g. add monitoring."],
  ])("%s", (_name, line) => {
    expect(texts(md("# Checkout outage", "", "## Action items", "", line, "", `- ${A1}`))).toEqual([
      A1,
    ]);
  });

  it("a metadata line does not open a section that swallows the list after it", () => {
    const doc = md(
      "## Action items",
      "",
      "Summary of the review: the team agreed on the items below.",
      "",
      `- ${A1}`,
      `- ${A2}`,
    );
    expect(texts(doc)).toEqual([A1, A2]);
  });

  it("a question that is an item's own wording stays an item", () => {
    const item = "Spread scheduled jobs out so they do not all start at once?";
    expect(texts(md("## Action items", "", `- ${item}`))).toEqual([item]);
  });

  it("an action to write a report is an item", () => {
    expect(texts(md("## Action items", "", "- Write an incident report"))).toEqual([
      "Write an incident report",
    ]);
  });
});

describe("an owner annotation left in the text", () => {
  it.each([
    ["closed", "- Improve alerting (Owner: Jane Doe)"],
    ["unclosed", "- Improve alerting (Owner: Jane Doe"],
    ["unclosed, lower case", "- Improve alerting (owner: Jane Doe"],
    ["unclosed square bracket", "- Improve alerting [Owner: Jane Doe"],
  ])("%s: the owner goes to owners, not the text", (_name, line) => {
    const [item] = parse(md("## Action items", "", line)).items;
    expect(item?.text).toBe("Improve alerting");
    expect(item?.owners).toEqual(["Jane Doe"]);
  });

  it("a parenthesis closed later is left alone", () => {
    const [item] = parse(
      md("## Action items", "", "- Improve alerting (owner: see below) now"),
    ).items;
    expect(item?.text).not.toBe("Improve alerting");
  });
});

describe("an action-item table with no heading above it", () => {
  const table = (header: string, ...rows: string[]): string[] => [
    `| ${header} |`,
    `|${header
      .split("|")
      .map(() => "---")
      .join("|")}|`,
    ...rows,
  ];

  it.each([
    [
      "before the first heading, with trailing spaces, status words in Bug and a team owner",
      md(
        ...table("Action item | Owner | Type | Bug"),
        `| ${A1} | @alice | prevent | DONE |  `,
        `| ${A2} | SRE team | mitigate | TODO |   `,
        "",
        "# Checkout outage",
        "",
        "What happened.",
      ),
    ],
    [
      "after a bold `Label: value` summary block",
      md(
        "# Checkout outage",
        "",
        "**Date**: 2026-01-03",
        "**Authors**: Jane Doe",
        "**Impact**: checkout down for 40 minutes",
        "",
        ...table("Task | Owner | Priority | Status"),
        `| ${A1} | @alice | P1 | DONE |`,
        `| ${A2} | SRE team | P2 | TODO |`,
      ),
    ],
    [
      "at the end of the document, after the timeline",
      md(
        "# Checkout outage",
        "",
        "## Timeline",
        "",
        "- 10:00 a config push",
        "- 10:40 rollback",
        "",
        ...table("Remediation | Owner | Due"),
        `| ${A1} | @alice | 2026-02-01 |`,
        `| ${A2} | SRE team | 2026-02-15 |`,
      ),
    ],
  ])("%s", (_name, doc) => {
    const items = parse(doc).items;
    expect(items.map((i) => i.text)).toEqual([A1, A2]);
    expect(items.map((i) => i.owners)).toEqual([["alice"], ["SRE team"]]);
    expect(items[0]?.reason).toMatch(/table row of an action-item table/);
  });

  it("reads DONE in the Bug column as done and TODO as open", () => {
    const doc = md(
      ...table("Action item | Owner | Bug"),
      `| ${A1} | @alice | DONE |`,
      `| ${A2} | @bob | TODO |`,
    );
    expect(parse(doc).items.map((i) => i.status)).toEqual(["done", "open"]);
  });

  it.each([
    ["a timeline table", table("Time | Event | Owner", "| 10:00 | Config push | @alice |")],
    ["a table without a tracking column", table("Action | Description", `| ${A1} | why |`)],
    ["a table of components", table("Component | Owner | Status", "| Checkout API | @a | ok |")],
  ])("%s is no action-item table", (_name, rows) => {
    expect(texts(md("# Checkout outage", "", ...rows))).toEqual([]);
  });

  it("under Resolution, a table of work done (no deadline or ticket column) is no action-item table", () => {
    const doc = md(
      "# Checkout outage",
      "",
      "## Resolution",
      "",
      ...table("Action | Owner | Status"),
      "| Rolled back the config push | @alice | Done |",
    );
    expect(texts(doc)).toEqual([]);
  });
});

describe("a bold label inside a list that opens a follow-up list", () => {
  it.each([
    ["`- **Follow-up actions**:`", "- **Follow-up actions**:"],
    ["`- **Next:**`", "- **Next:**"],
    ["`- Follow-ups:`", "- Follow-ups:"],
  ])("%s in a summary list: the nested bullets are the items", (_name, label) => {
    const doc = md(
      "# Checkout outage",
      "",
      "## Summary",
      "",
      "- **Impact**: checkout unavailable for 40 minutes",
      "- **Root cause**: a config push disabled the pool",
      label,
      `  - **DONE** ${A1}`,
      `  - **TODO** ${A2}`,
    );
    const items = parse(doc).items;
    expect(items.map((i) => i.text)).toEqual([A1, A2]);
    expect(items.map((i) => i.status)).toEqual(["done", "open"]);
    expect(items[0]?.reason).toMatch(/under the list label/);
  });

  it("before any heading, too", () => {
    expect(texts(md("- **Impact**: none", "- **Next:**", `  - ${A1}`))).toEqual([A1]);
  });

  it("a label that names no follow-up work opens no items", () => {
    const doc = md(
      "## Summary",
      "",
      "- **Root cause**:",
      "  - a config push disabled the pool",
      "  - the alert did not fire",
    );
    expect(texts(doc)).toEqual([]);
  });
});

describe("a lead-in that the children complete", () => {
  it.each([
    [
      "a lead-in ending in a preposition",
      ["- Add paging alerts for:", "  - the billing API", "  - the queue workers"],
      ["Add paging alerts for: the billing API", "Add paging alerts for: the queue workers"],
    ],
    [
      "a lead-in completed by lower-case fragments",
      ["1. Monitor and rate-limit:", "   - login attempts", "   - password resets"],
      ["Monitor and rate-limit: login attempts", "Monitor and rate-limit: password resets"],
    ],
  ])("%s: one item per child, the lead-in plus the child", (_name, lines, expected) => {
    const items = parse(md("## Action items", "", ...lines)).items;
    expect(items.map((i) => i.text)).toEqual(expected);
    expect(items[0]?.reason).toBe('lead-in + child under "Action items"');
  });

  it.each([
    [
      "a preposition",
      ["- Rotate credentials for", "  - the billing API", "  - the queue workers"],
      ["Rotate credentials for the billing API", "Rotate credentials for the queue workers"],
    ],
    [
      "an article",
      ["* Add a read replica for each", "    * billing database", "    * queue database"],
      [
        "Add a read replica for each billing database",
        "Add a read replica for each queue database",
      ],
    ],
  ])("without a colon, a lead-in ending in %s is completed by its children", (_n, lines, want) => {
    expect(texts(md("## Action items", "", ...lines))).toEqual(want);
  });

  it("without a colon or an open end, a parent with fragments under it is one item", () => {
    const doc = md("## Action items", "", "- Rotate the credentials", "  - the billing API");
    expect(texts(doc)).toEqual(["Rotate the credentials"]);
  });

  it("keeps a child's owner", () => {
    const doc = md("## Action items", "", "- Add paging alerts for:", "  - the billing API @alice");
    expect(parse(doc).items.map((i) => [i.text, i.owners])).toEqual([
      ["Add paging alerts for: the billing API", ["alice"]],
    ]);
  });

  it.each([
    ["children that are tasks of their own", "- Improve monitoring:", [`  - ${A1}`, `  - ${A2}`]],
    ["a bold group label", "- **Enhance monitoring for:**", ["  - the billing API"]],
    ["a label that is no sentence", "- Tasks:", ["  - the billing API"]],
    ["a list intro", "- Add the following:", [`  - ${A1}`]],
  ])("not a lead-in: %s", (_name, parent, children) => {
    const got = texts(md("## Action items", "", parent, ...children));
    for (const t of got) expect(t).not.toMatch(/:\s/);
  });
});

describe("labelled lines and gerund lines under a measures heading", () => {
  it("each line is an item, labelled or written as a gerund", () => {
    const doc = md(
      "## Preventive measures",
      "",
      "Fixes: we will add a schema check for config pushes to CI",
      "Patching the connection pool library to the fixed release. The bug is fixed upstream. We verified it in staging.",
      "Adding monitoring for checkout error rates above 1%",
    );
    expect(texts(doc)).toEqual([
      "Fixes: we will add a schema check for config pushes to CI",
      "Patching the connection pool library to the fixed release. The bug is fixed upstream. We verified it in staging.",
      "Adding monitoring for checkout error rates above 1%",
    ]);
  });

  it.each([
    [
      "a label that names a past-work section",
      "Mitigation: we will keep a warm standby for the queue",
    ],
    ["a label that names another section", "Detection: adding an alert on queue depth"],
    ["a follow-up label with a commitment", "Fixes: the platform team will pin the base image"],
    ["a label with an imperative", "Workaround: document the manual failover in the runbook"],
  ])("%s stays in the section when its value is future work", (_name, line) => {
    const doc = md("## Preventive measures", "", line, A1);
    expect(texts(doc)).toEqual([line, A1]);
  });

  it("a label followed by facts still opens its own section", () => {
    const doc = md(
      "## Preventive measures",
      "",
      A1,
      "Root cause: a bad config push to every region",
      A2,
    );
    expect(texts(doc)).toEqual([A1]);
  });

  it("a gerund that is the subject of a statement is no action", () => {
    const doc = md(
      "## Prevention",
      "",
      "Preventing such outages is everyone's responsibility. It takes care. It takes time.",
    );
    expect(texts(doc)).toEqual([]);
  });
});

describe("general prose about prevention", () => {
  it("a long paragraph with the odd commitment in it discusses measures; it lists none", () => {
    const doc = md(
      "## Corrective and preventive measures",
      "",
      "Caching DNS answers is a trade-off between freshness and load. Our resolvers kept " +
        "answers for a day. Most teams never notice that setting. When the record moved, half " +
        "the fleet used the old address for hours. We will revisit the TTL policy. In " +
        "hindsight, a shorter TTL could have prevented most of the impact.",
    );
    const parsed = parse(doc);
    expect(parsed.items).toEqual([]);
    expect(parsed.warnings.map((w) => w.message).join(" ")).toMatch(/prose/);
  });

  it("a commitment to an attitude is no item; a concrete one in a short paragraph is", () => {
    const doc = md(
      "## Prevention",
      "",
      "Going forward, we will be more careful about config changes. We will add a schema check for config pushes to CI. Config pushes broke checkout twice this year.",
    );
    expect(texts(doc)).toEqual(["We will add a schema check for config pushes to CI."]);
  });
});

describe("a document with no action items plans nothing and says why", () => {
  const why = (doc: string): string => {
    const parsed = parse(doc);
    expect(parsed.items).toEqual([]);
    return parsed.warnings.map((w) => w.message).join(" ");
  };

  it.each([
    [
      "a pure timeline",
      md("# Cache outage", "", "## Timeline", "", "- 09:00 deploy", "- 09:20 rollback"),
      /No action-item section found/,
    ],
    [
      "a skeleton of empty headings",
      md("# Title", "", "## Summary", "", "## Impact", "", "## Root cause", "", "## Action items"),
      /Looks like a template: 4 of 5 sections are empty/,
    ],
    [
      "a template whose follow-up section holds placeholders",
      md("# Title", "", "## Summary", "", "{{ summary }}", "", "## Action items", "", "- Action 1"),
      /Looks like a template: .*placeholders/,
    ],
    [
      "an assignment brief",
      md(
        "# 0x19. Postmortem",
        "",
        "## Tasks",
        "",
        "- Write a postmortem of an outage you or your team experienced.",
      ),
      /placeholders or instructions/,
    ],
  ])("%s", (_name, doc, reason) => {
    expect(why(doc)).toMatch(reason);
  });

  it("a parent heading with sub-headings under it is not an empty section", () => {
    const doc = md(
      "# Cache outage",
      "",
      "## Timeline",
      "",
      "### Morning",
      "",
      "- 09:00 deploy",
      "",
      "### Afternoon",
      "",
      "- 14:00 rollback",
    );
    expect(why(doc)).not.toMatch(/template/);
  });
});

describe("follow-up headings worded as teams write them", () => {
  it.each([
    ["What we'll do next"],
    ["What we are going to do"],
    ["Changes we're making"],
    ["What's changing"],
    ["Avoiding recurrence"],
    ["Open items"],
    ["Outstanding work"],
    ["Remediation plan"],
    ["Remediation items"],
  ])("`## %s` is a follow-up section", (heading) => {
    const doc = md(
      "# Cache outage",
      "",
      "## Impact",
      "",
      "Slow pages.",
      "",
      `## ${heading}`,
      "",
      `- ${A1}`,
    );
    expect(texts(doc)).toEqual([A1]);
  });

  it.each([["What we did"], ["Remediation"], ["Recurrence"]])(
    "`## %s` names work done or facts, not a plan",
    (heading) => {
      const doc = md("# Cache outage", "", `## ${heading}`, "", "- Rolled back the config push");
      expect(texts(doc)).toEqual([]);
    },
  );
});

describe("headless tables with vaguer task columns", () => {
  const table = (header: string, row: string): string[] => [
    `| ${header} |`,
    `|${header
      .split("|")
      .map(() => "---")
      .join("|")}|`,
    `| ${row} |`,
  ];

  it.each([
    ["Item | Owner | Priority", `${A1} | Web team | High`],
    ["Description | Type | Owner | Tracking bug", `${A1} | detect | @kim | #123`],
    ["Action | Owner | Due date", `${A1} | DB team | 2026-02-01`],
    ["Follow-up | Assignee | Ticket", `${A1} | @sam | OPS-12`],
  ])("`%s` is an action-item table", (header, row) => {
    expect(texts(md("**Date:** 2026-01-03", "", ...table(header, row)))).toEqual([A1]);
  });

  it.each([
    ["Component | Description | Owner | Status", "Checkout | Takes payments | @kim | healthy"],
    ["Item | Owner", "Checkout | @kim"],
  ])("`%s` is not", (header, row) => {
    expect(texts(md("**Date:** 2026-01-03", "", ...table(header, row)))).toEqual([]);
  });
});

describe("lessons written as a bold maxim", () => {
  it("the maxim and its moral are no item; a firm commitment after a maxim is", () => {
    const doc = md(
      "## Lessons learned",
      "",
      "- **Small batches win.** Big deploys hide bugs; we should ship smaller changes.",
      "- **Alerts need owners!** We will assign an owner to every disk alert.",
      "",
      "**Test before you ship.** We pushed the change on a Friday evening.",
    );
    expect(texts(doc)).toEqual([
      "Alerts need owners! We will assign an owner to every disk alert.",
    ]);
  });
});

describe("a rejected proposal", () => {
  it.each([
    ["Moving to a second cloud was proposed; it was rejected because of cost."],
    ["Signing every commit was discussed, and the team decided against it."],
    ["Require two reviewers. The proposal was narrowly declined in the vote."],
  ])("is no item: %s", (line) => {
    expect(texts(md("## Action items", "", `- ${line}`, `- ${A1}`))).toEqual([A1]);
  });
});

describe("owner and deadline fields wherever they are written", () => {
  it.each([
    ["several fields in one bracket", "- Add a disk alert (Owner: Ken Lu, Priority: P1)", null],
    [
      "fields split by semicolons",
      "- Add a disk alert (Owner: Ken Lu; Due: 2026-04-01; Priority: P1)",
      "2026-04-01",
    ],
    ["a leading owner field", "- Owner: Ken Lu — add a disk alert", null],
    ["a leading owner field with a hyphen", "- Owner: @kenlu - add a disk alert", null],
  ])("%s: the text is the action only", (_name, line, due) => {
    const [item] = parse(md("## Action items", "", line)).items;
    expect(item?.text.toLowerCase()).toBe("add a disk alert");
    expect(item?.owners[0]).toMatch(/^(Ken Lu|kenlu)$/);
    if (due !== null) expect(item?.due).toBe(due);
  });

  it("child bullets that are only fields are the item's fields, not items", () => {
    const doc = md(
      "## Action items",
      "",
      "- Add a disk alert",
      "  - Owner: Ken Lu",
      "  - Due: 2026-04-01",
      "- **Improve paging:**",
      `  - ${A1}`,
      "  - Owner: Ana",
    );
    const items = parse(doc).items;
    expect(items.map((i) => [i.text, i.owners, i.due])).toEqual([
      ["Add a disk alert", ["Ken Lu"], "2026-04-01"],
      [A1, [], null],
    ]);
  });
});
