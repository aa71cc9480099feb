/**
 * Section and item detection across the formats real postmortems use. Every expectation is how a
 * person reads the snippet, per ../shared/corpus/LABELING.md, not what the parser happens to say.
 */
import { describe, expect, it } from "vitest";
import { parsePostmortem } from "../../src/core/parse-postmortem.js";

const NOW = "2026-01-15";

const md = (...lines: string[]): string => lines.join("\n");
const parse = (text: string) => parsePostmortem(text, NOW);
const texts = (text: string): string[] => parse(text).items.map((i) => i.text);

/** The two actions most snippets below carry, as written and as a reader reads them. */
const A1 = "Add a schema check for config pushes to CI";
const A2 = "Alert on-call when checkout errors exceed 1%";
const ROOT_CAUSE = "A config push disabled the database connection pool.";

describe("parsePostmortem: where the action-item section is", () => {
  it.each([
    [
      "a `#` heading",
      md(
        "# Checkout API outage",
        "",
        "# Root cause",
        "",
        ROOT_CAUSE,
        "",
        "# Action items",
        "",
        `- ${A1}`,
        `- ${A2}`,
      ),
    ],
    [
      "a `##` heading",
      md(
        "# Checkout API outage",
        "",
        "## Root cause",
        "",
        ROOT_CAUSE,
        "",
        "## Action items",
        "",
        `- ${A1}`,
        `- ${A2}`,
      ),
    ],
    [
      "a `###` heading",
      md(
        "## Checkout API outage",
        "",
        "### Root cause",
        "",
        ROOT_CAUSE,
        "",
        "### Action items",
        "",
        `- ${A1}`,
        `- ${A2}`,
      ),
    ],
    [
      "a setext heading underlined with ---",
      md(
        "Checkout API outage",
        "===================",
        "",
        "Root cause",
        "----------",
        "",
        ROOT_CAUSE,
        "",
        "Action items",
        "------------",
        "",
        `- ${A1}`,
        `- ${A2}`,
      ),
    ],
    [
      "a setext heading underlined with ===",
      md(
        "Root cause",
        "==========",
        "",
        ROOT_CAUSE,
        "",
        "Corrective actions",
        "==================",
        "",
        `- ${A1}`,
        `- ${A2}`,
      ),
    ],
    [
      "a bold line `**Action items**`",
      md("**Root cause**", "", ROOT_CAUSE, "", "**Action items**", "", `- ${A1}`, `- ${A2}`),
    ],
    [
      "a bold line with a colon, list right under it",
      md("**Root cause:**", ROOT_CAUSE, "", "**Action items:**", `- ${A1}`, `- ${A2}`),
    ],
    [
      "an italic line (`*Corrective and preventative measures*`)",
      md(
        "*Root cause*",
        "",
        ROOT_CAUSE,
        "",
        "*Corrective and preventative measures*",
        "",
        `* ${A1}`,
        `* ${A2}`,
      ),
    ],
    [
      "a `Name:` line followed by plain lines",
      md("Root cause:", ROOT_CAUSE, "", "Corrective and preventative measures:", A1, A2),
    ],
    [
      "a plain short line, seed style (`Preventive measures`)",
      md(
        "Checkout API outage",
        "",
        "Root cause",
        "",
        ROOT_CAUSE,
        "",
        "Preventive measures",
        "",
        A1,
        A2,
      ),
    ],
    [
      "a numbered heading `7. Corrective actions` with bullets",
      md("6. Root cause", "", ROOT_CAUSE, "", "7. Corrective actions", "", `- ${A1}`, `- ${A2}`),
    ],
    [
      "a numbered heading `7. Corrective actions` with plain lines",
      md("6. Root cause", "", ROOT_CAUSE, "", "7. Corrective actions", "", A1, A2),
    ],
    [
      "a parenthesised number and spaced colon `(4) Corrective and preventative measures :`",
      md(
        "(3) Root cause and resolution :",
        "",
        ROOT_CAUSE,
        "",
        "(4) Corrective and preventative measures :",
        "",
        A1,
        A2,
      ),
    ],
    [
      "an HTML heading and list",
      md(
        "<h1>Checkout API outage</h1>",
        "<h2>Root cause</h2>",
        `<p>${ROOT_CAUSE}</p>`,
        "<h2>Action Items</h2>",
        "<ol>",
        `  <li>${A1}</li>`,
        `  <li>${A2}</li>`,
        "</ol>",
      ),
    ],
    [
      "a whole document indented 4 spaces",
      md(
        "    # Checkout API outage",
        "",
        "    ## Root cause",
        "",
        `    ${ROOT_CAUSE}`,
        "",
        "    ## Action items",
        "",
        `    - ${A1}`,
        `    - ${A2}`,
      ),
    ],
    [
      "plain headings with every content line indented 4 spaces",
      md(
        "Root Cause:",
        "",
        `    ${ROOT_CAUSE}`,
        "",
        "Corrective and Preventative Measures:",
        "",
        `    ${A1}`,
        `    ${A2}`,
      ),
    ],
    [
      "an unclosed ``` fence before the action section",
      md(
        "# Checkout API outage",
        "",
        "## Timeline",
        "",
        "```",
        "10:02 deploy of config v42 starts",
        "10:05 checkout error alert fires",
        "",
        "## Action items",
        "",
        `- ${A1}`,
        `- ${A2}`,
      ),
    ],
    [
      "a postmortem pasted inside a ```markdown fence",
      md(
        "Sure! Here is your postmortem:",
        "",
        "```markdown",
        "# Checkout API outage",
        "",
        "## Root cause",
        "",
        ROOT_CAUSE,
        "",
        "## Action items",
        "",
        `- ${A1}`,
        `- ${A2}`,
        "```",
      ),
    ],
  ])("finds the items under %s", (_format, text) => {
    expect(texts(text)).toEqual([A1, A2]);
  });

  it.each([
    ["Follow-ups"],
    ["Next steps"],
    ["What we're doing about it"],
    ["Recommendations"],
    ["Prevention"],
    ["Remediation"],
    ["Lessons learned and action items"],
    ["Corrective and Preventative Measures "],
  ])("treats `## %s` as a follow-up section", (heading) => {
    const text = md("## Root cause", "", ROOT_CAUSE, "", `## ${heading}`, "", `- ${A1}`, `- ${A2}`);
    expect(texts(text)).toEqual([A1, A2]);
  });

  it("reads a `### Process` category under `## Action items` as part of the action section", () => {
    const text = md(
      "## Action items",
      "",
      "### Process",
      "",
      `- ${A1}`,
      "",
      "### Monitoring",
      "",
      `- ${A2}`,
    );
    expect(texts(text)).toEqual([A1, A2]);
  });

  it("reads plain lines followed by a `---` rule (markdown makes them a setext heading)", () => {
    const text = md(
      "Root Cause",
      ROOT_CAUSE,
      "---",
      "",
      "Corrective and Preventative Measures",
      A1,
      A2,
      "---",
      "",
      "Thank you for your patience.",
    );
    expect(texts(text)).toEqual([A1, A2]);
  });

  it("reads plain `Improvements and Fixes:` / `Tasks:` sub-labels inside the section", () => {
    const text = md(
      "Corrective and preventative measures:",
      "Improvements and Fixes:",
      A1,
      A2,
      "Tasks:",
      "Write a runbook for connection pool exhaustion",
    );
    expect(texts(text)).toEqual([A1, A2, "Write a runbook for connection pool exhaustion"]);
  });

  it("keeps `Improvements/Fixes: <action>` on one line as one whole item", () => {
    const text = md(
      "Corrective and preventative measures:",
      "",
      "Improvements/Fixes: add a schema check for every config push before it reaches production.",
    );
    expect(texts(text)).toEqual([
      "Improvements/Fixes: add a schema check for every config push before it reaches production.",
    ]);
  });

  it("reads `17. Remediation` followed by past-tense lines as work already done: no items", () => {
    const text = md(
      "16. Root cause",
      "",
      ROOT_CAUSE,
      "",
      "17. Remediation",
      "",
      "Rolled back config v42 at 10:20.",
      "Restarted the checkout pods.",
      "Verified that the error rate returned to baseline.",
    );
    const parsed = parse(text);
    expect(parsed.items.map((i) => i.text)).toEqual([]);
    expect(parsed.warnings.length).toBeGreaterThan(0);
  });
});

describe("parsePostmortem: how items are written", () => {
  const section = (...body: string[]): string =>
    md(
      "# Checkout API outage",
      "",
      "## Root cause",
      "",
      ROOT_CAUSE,
      "",
      "## Action items",
      "",
      ...body,
    );

  it.each([
    ["`-` bullets", section(`- ${A1}`, `- ${A2}`), [A1, A2]],
    ["`*` bullets", section(`* ${A1}`, `* ${A2}`), [A1, A2]],
    ["`+` bullets", section(`+ ${A1}`, `+ ${A2}`), [A1, A2]],
    ["`1.` numbers", section(`1. ${A1}`, `2. ${A2}`), [A1, A2]],
    ["`1)` numbers", section(`1) ${A1}`, `2) ${A2}`), [A1, A2]],
    ["`- [ ]` / `- [x]` checkboxes", section(`- [ ] ${A1}`, `- [x] ${A2}`), [A1, A2]],
    ["plain lines, one action per line", section(A1, A2), [A1, A2]],
    ["plain lines separated by blank lines", section(A1, "", A2), [A1, A2]],
    ["`•` bullets", section(`• ${A1}`, `• ${A2}`), [A1, A2]],
    ["`-item` with no space after the dash", section(`-${A1}`, `-${A2}`), [A1, A2]],
    [
      "a loose list (blank line between items)",
      section(`- ${A1}`, "", `- ${A2}`, "", "- Write a runbook for connection pool exhaustion"),
      [A1, A2, "Write a runbook for connection pool exhaustion"],
    ],
    [
      "an item wrapped onto an indented second line",
      section("- Add a schema check for config pushes", "  to the CI pipeline", `- ${A2}`),
      ["Add a schema check for config pushes to the CI pipeline", A2],
    ],
    [
      "a lazy continuation line (second line not indented)",
      section(
        "- We should consider using a versioned API for config, and banning",
        "potentially incompatible changes from merging",
        `- ${A2}`,
      ),
      [
        "We should consider using a versioned API for config, and banning potentially incompatible changes from merging",
        A2,
      ],
    ],
    [
      "group labels `- **Improvements/Fixes:**` / `- **Tasks:**` with children",
      section(
        "- **Improvements/Fixes:**",
        `  - ${A1}`,
        `  - ${A2}`,
        "- **Tasks:**",
        "  - Write a runbook for connection pool exhaustion",
      ),
      [A1, A2, "Write a runbook for connection pool exhaustion"],
    ],
    [
      "numbered bold group labels `1. **Enhance monitoring:**` with children",
      section(
        "1. **Enhance monitoring:**",
        `   - ${A2}`,
        "   - Add a dashboard for connection pool usage",
        "2. **Harden deploys:**",
        `   - ${A1}`,
      ),
      [A2, "Add a dashboard for connection pool usage", A1],
    ],
    [
      "a real task whose child only explains it (parent only)",
      section(
        "- Add a canary stage to the deploy pipeline",
        "  - The canary receives 5% of traffic before the rollout continues",
        "- Rotate the database credentials",
      ),
      ["Add a canary stage to the deploy pipeline", "Rotate the database credentials"],
    ],
    [
      "a goal whose children are each a task (children only)",
      section(
        "- Improve coverage of readiness/liveness probes",
        "    - Reach out to teams with suggestions about readiness/liveness probes",
        "    - Create a dashboard for readiness/liveness probe coverage",
        "    - Create a wiki article covering readiness/liveness probes",
        "- Collect logs from nodes centrally",
      ),
      [
        "Reach out to teams with suggestions about readiness/liveness probes",
        "Create a dashboard for readiness/liveness probe coverage",
        "Create a wiki article covering readiness/liveness probes",
        "Collect logs from nodes centrally",
      ],
    ],
    [
      "`**Title**: description` bullets (kept whole, bold removed)",
      section(
        "- **Config validation**: add a schema check for config pushes to CI.",
        "- **Alerting**: page on-call when checkout errors exceed 1%.",
      ),
      [
        "Config validation: add a schema check for config pushes to CI.",
        "Alerting: page on-call when checkout errors exceed 1%.",
      ],
    ],
  ])("reads %s", (_format, text, expected) => {
    expect(texts(text)).toEqual(expected);
  });

  it.each([
    ["`- [ ]` is open", `- [ ] ${A1}`, A1, "open"],
    ["`- [x]` is done", `- [x] ${A1}`, A1, "done"],
    ["`- [X]` is done", `- [X] ${A1}`, A1, "done"],
    ["a trailing `(Done)` is done and stripped", `- ${A1} (Done)`, A1, "done"],
    ["a leading ✅ is done and stripped", `- ✅ ${A1}`, A1, "done"],
    ["a plain bullet is open", `- ${A1}`, A1, "open"],
  ])("status: %s", (_case, line, text, status) => {
    const items = parse(section(line)).items;
    expect(items.map((i) => [i.text, i.status])).toEqual([[text, status]]);
  });

  it.each([
    ["`(owner: @alice)`", `- ${A1} (owner: @alice)`, ["alice"], null, A1],
    ["a leading `@alice:`", `- @alice: ${A1}`, ["alice"], null, A1],
    ["`— @alice, by 2026-02-01`", `- ${A1} — @alice, by 2026-02-01`, ["alice"], "2026-02-01", A1],
    [
      "`Owner: Alice. Due: 2026-02-01`",
      `- ${A1}. Owner: Alice. Due: 2026-02-01`,
      ["Alice"],
      "2026-02-01",
      `${A1}.`,
    ],
    [
      "an owner written as the subject (`ICL to …`)",
      "- ICL to subscribe to security alerts for the Hub dependencies",
      ["ICL"],
      null,
      "ICL to subscribe to security alerts for the Hub dependencies",
    ],
  ])(
    "item annotations: %s are read and removed from the text",
    (_case, line, owners, due, text) => {
      const items = parse(section(line)).items;
      expect(items.map((i) => i.text)).toEqual([text]);
      expect(items.map((i) => i.owners)).toEqual([owners]);
      expect(items.map((i) => i.due)).toEqual([due]);
    },
  );
});

describe("parsePostmortem: action-item tables", () => {
  it("reads a Google SRE table: text from Action Item, owner from Owner, DONE in Bug", () => {
    const text = md(
      "## Action Items",
      "",
      "| Action Item | Type | Owner | Bug |",
      "| ----------- | ---- | ----- | --- |",
      "| Update playbook with instructions for responding to cascading failure | mitigate | jennifer | n/a **DONE** |",
      "| Use flux capacitor to balance load between clusters | prevent | martym | Bug 5554823 **TODO** |",
      "| Schedule cascading failure test during next DiRT | process | docbrown | n/a **TODO** |",
    );
    const items = parse(text).items;
    expect(items.map((i) => i.text)).toEqual([
      "Update playbook with instructions for responding to cascading failure",
      "Use flux capacitor to balance load between clusters",
      "Schedule cascading failure test during next DiRT",
    ]);
    expect(items.map((i) => i.owners)).toEqual([["jennifer"], ["martym"], ["docbrown"]]);
    expect(items.map((i) => i.status)).toEqual(["done", "open", "open"]);
    expect(items.map((i) => i.due)).toEqual([null, null, null]);
  });

  it("finds the action column when it is not first (`| ID | Description | Owner | Target | Status |`)", () => {
    const text = md(
      "## Follow-up actions",
      "",
      "| ID | Description | Owner | Target | Status |",
      "|----|-------------|-------|--------|--------|",
      "| AI-1 | Add synthetic login checks from three regions | @maria | 2026-02-15 | Open |",
      "| AI-2 | Document the certificate rotation procedure | @kenji | 2026-03-01 | Done |",
    );
    const items = parse(text).items;
    expect(items.map((i) => i.text)).toEqual([
      "Add synthetic login checks from three regions",
      "Document the certificate rotation procedure",
    ]);
    expect(items.map((i) => i.owners)).toEqual([["maria"], ["kenji"]]);
    expect(items.map((i) => i.due)).toEqual(["2026-02-15", "2026-03-01"]);
    expect(items.map((i) => i.status)).toEqual(["open", "done"]);
  });

  it("reads an owner-first table (`| Owner | Action | Due |`) with a relative `+7d` deadline", () => {
    const text = md(
      "## Next steps",
      "",
      "| Owner | Action | Due |",
      "|---|---|---|",
      "| @lee | Add a rate limit to the export endpoint | +7d |",
      "| SRE team | Review alert thresholds for the export workers | 2026-02-01 |",
    );
    const items = parse(text).items;
    expect(items.map((i) => i.text)).toEqual([
      "Add a rate limit to the export endpoint",
      "Review alert thresholds for the export workers",
    ]);
    expect(items.map((i) => i.owners)).toEqual([["lee"], ["SRE team"]]);
    expect(items.map((i) => i.due)).toEqual(["2026-01-22", "2026-02-01"]);
  });

  it("reads priorities from a `| Action Item | Priority |` table", () => {
    const text = md(
      "## Action items",
      "",
      "| Action Item | Priority |",
      "|---|---|",
      "| Add a circuit breaker around the payment provider client | P0 |",
      "| Load test the checkout flow before each sale event | P1 |",
    );
    const items = parse(text).items;
    expect(items.map((i) => i.text)).toEqual([
      "Add a circuit breaker around the payment provider client",
      "Load test the checkout flow before each sale event",
    ]);
    expect(items.map((i) => i.priority)).toEqual(["P0", "P1"]);
  });
});

describe("parsePostmortem: front matter", () => {
  it("reads title, severity, owner, date and id into meta", () => {
    const text = md(
      "---",
      "id: INC-2026-014",
      'title: "Payments API outage"',
      "severity: SEV2",
      'owner: "@dana"',
      "date: 2026-01-12",
      "---",
      "",
      "# Payments API outage",
      "",
      "## Action items",
      "",
      `- ${A1}`,
    );
    const { meta, items } = parse(text);
    expect(meta).toMatchObject({
      id: "INC-2026-014",
      title: "Payments API outage",
      severity: "SEV2",
      date: "2026-01-12",
    });
    expect(meta.owner).toMatch(/^@?dana$/);
    // A document-level owner is not an item's own owner.
    expect(items.map((i) => [i.text, i.owners])).toEqual([[A1, []]]);
  });
});

describe("parsePostmortem: what is not an action item", () => {
  const REAL = "Add replica lag alerting to the database dashboard";
  const withReal = (...decoy: string[]): string =>
    md("# Checkout API outage", "", ...decoy, "", "## Action items", "", `- ${REAL}`);

  it.each([
    [
      "a Timeline section",
      withReal(
        "## Timeline",
        "",
        "- 10:02 Deploy of config v42 starts",
        "- 10:05 Checkout error rate alert fires",
        "- 10:20 Roll back config v42",
      ),
    ],
    [
      "a Resolution section written as imperatives",
      withReal(
        "## Resolution",
        "",
        "- Roll back config v42 to v41",
        "- Restart the checkout pods",
        "- Flush the CDN cache",
      ),
    ],
    [
      "an `Actions taken` section with imperative-looking plain lines",
      md(
        "Checkout API outage",
        "",
        "Actions taken",
        "",
        "Confirm the ssl configuration in haproxy.cfg",
        "Restart haproxy on both load balancers",
        "Check the certificate chain with openssl",
        "",
        "Preventive measures",
        "",
        REAL,
      ),
    ],
    [
      "a `# Tasks` heading that only holds a link and an image",
      md(
        "# 0x19. Postmortem",
        "# Tasks",
        "[0. My first postmortem](./README.md)",
        "![outage diagram](https://example.com/outage.png)",
        "",
        "### Issue Summary:",
        "",
        "A 30-minute outage of the payment service.",
        "",
        "### Corrective and preventative measures:",
        "",
        `- ${REAL}`,
      ),
    ],
    [
      "priority and type legend lists before an SRE table",
      md(
        "## Action items",
        "",
        "Actions fall under three types:",
        "* Prevent - Prevent similar issues from occurring.",
        "* Detect - Be more effective in detecting when similar issues occur.",
        "* Mitigate - Reduce time to recovery for users.",
        "",
        "Action items should have an assigned priority:",
        "* P0 - Critical for reliability of the release.",
        "* P1 - Important for long term success of the project.",
        "",
        "| Action Item | Type | Priority | Bug |",
        "|---|---|---|---|",
        `| ${REAL} | Detect | P1 | https://github.com/acme/db/issues/42 |`,
      ),
    ],
    [
      "an intro line ending with `:`",
      md(
        "Preventive measures:",
        "To prevent this from happening again, we will take the following actions:",
        REAL,
      ),
    ],
    [
      "outro lines (`In conclusion, …`, `This postmortem …`, `Thank you …`)",
      md(
        "Corrective and preventative measures:",
        REAL,
        "",
        "In conclusion, these steps will make our platform more resilient.",
        "This postmortem is a reminder that configuration is code.",
        "Thank you for reading!",
      ),
    ],
    [
      "an image line inside the action section",
      md(
        "Corrective and preventative measures:",
        "",
        "![burn-down chart](./img/burndown.png)",
        "",
        REAL,
      ),
    ],
    [
      "a bare link line inside the action section",
      md(
        "Corrective and preventative measures:",
        "",
        "[Tracking board](https://github.com/orgs/acme/projects/7)",
        "",
        "https://github.com/acme/db/issues/42",
        "",
        REAL,
      ),
    ],
  ])("ignores %s", (_case, text) => {
    expect(texts(text)).toEqual([REAL]);
  });

  it("ignores an intro line before a markdown list", () => {
    const text = md(
      "## Corrective and preventative measures",
      "",
      "To prevent a similar outage in the future, we will take the following actions:",
      "",
      `- ${REAL}`,
    );
    expect(texts(text)).toEqual([REAL]);
  });

  it("a paragraph of general prose about measures is no item", () => {
    const text = md(
      "## Corrective and preventative measures",
      "",
      "Configuration changes are risky because they bypass the usual release train. Validation and monitoring matter, and every team struggles to balance speed with safety. Outages like this one show how fragile a single shared setting can be.",
    );
    expect(texts(text)).toEqual([]);
  });

  it.each([
    [
      "`- [ ] Action 1` checkboxes",
      md("## Action items", "", "- [ ] Action 1", "- [ ] Action 2", "- [ ] Action 3"),
    ],
    [
      "`{{ summary }}` template variables",
      md("## Action items", "", "{{#each actions}}", "- {{ summary }} ({{ owner }})", "{{/each}}"),
    ],
    ["`TBD`", md("## Action items", "", "TBD")],
    [
      "`{{ summary }} [link to issue]` blanks",
      md(
        "## Action items",
        "",
        "- {{ summary }} [link to github issue]",
        "- {{ action }}, owned by <owner>",
      ),
    ],
  ])("template placeholders: %s are no items, and the warning says so", (_case, text) => {
    const parsed = parse(text);
    expect(parsed.items.map((i) => i.text)).toEqual([]);
    expect(parsed.warnings.map((w) => w.message).join("\n")).toMatch(/placeholder/i);
  });

  it("an item that merely contains template syntax is an item, kept as written", () => {
    const text = md(
      "## Action items",
      "",
      "- Render {{#each this}}{{this}}{{/each}} and {{> evil}} literally in the digest",
      "- Escape `{{ owner }}` in the issue template before rendering",
    );
    expect(texts(text)).toEqual([
      "Render {{#each this}}{{this}}{{/each}} and {{> evil}} literally in the digest",
      "Escape {{ owner }} in the issue template before rendering",
    ]);
  });

  it("an empty bullet `-` is no item, and the warning says the section has none", () => {
    const parsed = parse(md("## Action items", "", "-", ""));
    expect(parsed.items.map((i) => i.text)).toEqual([]);
    expect(parsed.warnings.map((w) => w.message).join("\n")).toMatch(
      /no action items|placeholder|empty/i,
    );
  });

  it("assignment instructions are no items, and the warning says why", () => {
    const text = md(
      "0x19. Postmortem",
      "",
      "Corrective and preventative measures must contain:",
      "",
      "- a list of tasks to address the issue (be very specific, like a TODO, example: patch Nginx server, add monitoring on server memory…)",
      "- what are the things that can be improved/fixed (broadly speaking)",
    );
    const parsed = parse(text);
    expect(parsed.items.map((i) => i.text)).toEqual([]);
    expect(parsed.warnings.map((w) => w.message).join("\n")).toMatch(
      /instructions|no action-item section/i,
    );
  });

  it("`TASK 0.` exercise headings are no task list", () => {
    const text = md(
      "0x19. Postmortem",
      "",
      "TASK 0.",
      "Duration: 2 hours (12:00 PM - 2:00 PM EST)",
      "",
      "Timeline:",
      "12:00 PM - Monitoring alerted us to an increase in 500 errors on the checkout page.",
      "2:00 PM - The problem was resolved and users regained access to the checkout page.",
      "",
      "TASK 1",
      "Make your post-mortem attractive by adding humour, a pretty diagram or anything that would catch your audience attention.",
    );
    const parsed = parse(text);
    expect(parsed.items.map((i) => i.text)).toEqual([]);
    expect(parsed.warnings.map((w) => w.message).join("\n")).toMatch(/no action-item section/i);
  });

  it("lessons-learned statements are no items", () => {
    const text = md(
      "## Lessons learned",
      "",
      "- Regular Testing: Routine testing of backups and failover procedures are crucial.",
      "- Communication: Keeping customers informed during an outage builds trust.",
    );
    expect(texts(text)).toEqual([]);
  });

  it("an explicit commitment in lessons learned (`We will add …`) is an item", () => {
    const text = md(
      "## Lessons learned",
      "",
      "- Regular Testing: Routine testing of backups and failover procedures are crucial.",
      "- We will add a restore drill to the monthly on-call checklist.",
    );
    expect(texts(text)).toEqual(["We will add a restore drill to the monthly on-call checklist."]);
  });
});

describe("parsePostmortem: inputs with nothing to read", () => {
  it.each([
    ["an empty string", "", /empty/i],
    ["whitespace only", "  \n\t\n   \r\n", /empty/i],
    [
      "binary content (NUL bytes)",
      "PK\u0003\u0004\u0000\u0000\u0008\u0000binary\u0000data",
      /binary/i,
    ],
    [
      "an HTML page without actions",
      md(
        "<!DOCTYPE html>",
        "<html>",
        "<head><title>Status</title></head>",
        "<body>",
        "<h1>Service status</h1>",
        "<p>All systems operational.</p>",
        "</body>",
        "</html>",
      ),
      /no action-item section/i,
    ],
    ["a huge single line (3 MiB)", "x".repeat(3 * 1024 * 1024), /larger|too (large|big)|size/i],
    [
      "a long single line of prose",
      "The service was slow for a while and then it recovered. ".repeat(4000),
      /no action-item section/i,
    ],
  ])("%s: zero items and a warning saying why", (_case, text, reason) => {
    const parsed = parse(text);
    expect(parsed.items).toEqual([]);
    expect(parsed.warnings.length).toBeGreaterThan(0);
    expect(parsed.warnings.map((w) => w.message).join("\n")).toMatch(reason);
  });
});

describe("parsePostmortem: item line numbers", () => {
  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
  ])("are 1-based source lines after front matter, with %s line endings", (_eol, eol) => {
    const text = [
      "---", // 1
      "title: Checkout API outage", // 2
      "severity: SEV2", // 3
      "---", // 4
      "", // 5
      "# Checkout API outage", // 6
      "", // 7
      "## Action items", // 8
      "", // 9
      `- ${A1}`, // 10
      `- ${A2}`, // 11
    ].join(eol);
    const items = parse(text).items;
    expect(items.map((i) => [i.text, i.line])).toEqual([
      [A1, 10],
      [A2, 11],
    ]);
  });

  it("count wrapped items by their first line and nested items by their own line", () => {
    const text = md(
      "## Action items", // 1
      "", // 2
      "- Add a schema check for config pushes", // 3
      "  to the CI pipeline", // 4
      "- **Tasks:**", // 5
      "  - Write a runbook for connection pool exhaustion", // 6
      `  - ${A2}`, // 7
    );
    expect(parse(text).items.map((i) => i.line)).toEqual([3, 6, 7]);
  });

  it("are the line of each plain line (seed style) and of each table row", () => {
    const text = md(
      "Preventive measures", // 1
      "", // 2
      A1, // 3
      A2, // 4
      "", // 5
      "## Follow-ups", // 6
      "", // 7
      "| Action Item | Owner |", // 8
      "|---|---|", // 9
      "| Write a runbook for connection pool exhaustion | kim |", // 10
    );
    expect(parse(text).items.map((i) => i.line)).toEqual([3, 4, 10]);
  });
});
