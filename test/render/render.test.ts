/**
 * The markdown users read. Snapshots are of the seed postmortem (corpus/seed/000.md) merged in
 * PR #42 on 2026-11-26; the zero-width joiner that silences a mention is shown as ‹zwj›.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import { readMarker, readMarkers, renderMarker } from "../../src/core/issue-marker.js";
import type { ItemMarker, TrackingMarker } from "../../src/core/tracked-issue.js";
import { ZWJ } from "../../src/render/helpers.js";
import {
  MAX_BODY_LENGTH,
  renderConfigError,
  renderIssueBody,
  renderPrSummary,
  renderRemovedComment,
  renderTrackingBody,
  TEMPLATES_DIR,
} from "../../src/render/render.js";
import type {
  IssueBodyView,
  PostmortemLinkView,
  PostmortemView,
  PrSummaryPostmortemView,
  PrSummaryView,
  TrackingBodyView,
} from "../../src/render/view-models.js";

const visible = (text: string): string => text.replaceAll(ZWJ, "‹zwj›");
const LIVE_MENTION = /(?<![A-Za-z0-9])@[A-Za-z0-9_][A-Za-z0-9_/-]*/g;
const liveMentions = (text: string): string[] => text.match(LIVE_MENTION) ?? [];

const SHA = "4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";
const PATH = "postmortems/2023-05-01-server-outage.md";

const SEED: PostmortemView = {
  repoUrl: "https://github.com/acme/webstack",
  sha: SHA,
  path: PATH,
  title: "0x19. Postmortem",
  summary:
    "On May 1st 2023 (13:05 pm GMT + 1), we experienced a server outage (downtime) on our company’s server infrastructure for 2 hours. As a result, our clients experienced an HTTP 500 error which affected their business as they could not access our services. The root cause was not correctly testing out all implemented upgrades before pushing them to production servers.",
};

const SEED_LINK: PostmortemLinkView = {
  repoUrl: SEED.repoUrl,
  sha: SEED.sha,
  path: SEED.path,
  title: SEED.title,
};

/** The seed's five items as `plan --json` gives them (author alice, merged 2026-11-26). */
const SEED_ITEMS = [
  {
    key: "fbcfd41c04c2",
    line: 27,
    text: "Pushing all intended changes first to our test environments before shipping to the live server.",
  },
  {
    key: "f4719499607d",
    line: 28,
    text: "Increase the performance metrics threshold to alert on-call engineers in the event of a possible server crash",
  },
  {
    key: "58c93137bcd0",
    line: 32,
    text: "Develop and implement additional testing procedures for website updates and integrations.",
  },
  {
    key: "6fc7a54a1db3",
    line: 33,
    text: "Update monitoring and alerting systems to detect and respond to similar issues more quickly.",
  },
  {
    key: "185471e2f0a3",
    line: 34,
    text: "Develop and document incident response procedures to ensure issues are resolved as efficiently as possible.",
  },
];

const ITEM_MARKER: ItemMarker = {
  v: 1,
  kind: "item",
  path: PATH,
  key: "fbcfd41c04c2",
  due: "2026-12-26",
  priority: "P2",
};
const TRACKING_MARKER: TrackingMarker = { v: 1, kind: "tracking", path: PATH, pr: 42 };
const PR_MARKER = "<!-- postmortem-tracker:pr-summary -->";

function issueView(overrides: Partial<IssueBodyView> = {}): IssueBodyView {
  return {
    postmortem: SEED,
    item: { text: SEED_ITEMS[0]?.text ?? "", line: 27, priority: "P2" },
    owner: { assignees: ["alice"], problems: [] },
    due: { date: "2026-12-26", source: "policy", days: 30, from: "2026-11-26" },
    pr: 42,
    marker: renderMarker(ITEM_MARKER),
    ...overrides,
  };
}

function trackingView(overrides: Partial<TrackingBodyView> = {}): TrackingBodyView {
  return {
    postmortem: SEED,
    pr: 42,
    items: [
      { kind: "filed", issue: 43, closed: false, wontDo: false },
      { kind: "filed", issue: 44, closed: true, wontDo: false },
      { kind: "filed", issue: 45, closed: false, wontDo: false },
      { kind: "filed", issue: 46, closed: false, wontDo: false },
      { kind: "filed", issue: 47, closed: false, wontDo: false },
      { kind: "done", title: "Roll back the upgrade", line: 36 },
      { kind: "tracked", number: 12, repo: null },
    ],
    marker: renderMarker(TRACKING_MARKER),
    ...overrides,
  };
}

function summaryPostmortem(
  overrides: Partial<PrSummaryPostmortemView> = {},
): PrSummaryPostmortemView {
  return {
    postmortem: SEED_LINK,
    items: SEED_ITEMS.map((item, index) => ({
      issue: 43 + index,
      title: item.text.replace(/\.$/, ""),
      owner: { assignees: ["alice"], problems: [] },
      due: "2026-12-26",
      priority: "P2" as const,
      line: item.line,
    })),
    notFiled: [{ title: "Roll back the upgrade", line: 36, reason: { kind: "done" } }],
    warnings: [
      { line: 26, message: "No owner named in the postmortem: assigned to the PR author @alice." },
    ],
    tracking: 48,
    ...overrides,
  };
}

function summaryView(overrides: Partial<PrSummaryView> = {}): PrSummaryView {
  return { dryRun: false, postmortems: [summaryPostmortem()], marker: PR_MARKER, ...overrides };
}

describe("templates", () => {
  it("resolves templates/ at the package root, which package.json ships", () => {
    expect(TEMPLATES_DIR).toBe(join(import.meta.dirname, "..", "..", "templates") + "/");
    expect(existsSync(join(TEMPLATES_DIR, "issue-body.hbs"))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(TEMPLATES_DIR, "..", "package.json"), "utf8")) as {
      files: string[];
    };
    expect(pkg.files).toContain("templates/");
  });

  /**
   * Templates are compiled with noEscape: a bare `{{field}}` writes the field raw. Only fields that
   * cannot hold document text (numbers, dates checked by `date` on the same line, priorities,
   * pre-rendered markers) may be written bare; text goes through a helper.
   */
  it("write document text only through escaping helpers", () => {
    const BARE_ALLOWED = new Set([
      "marker",
      "due.date",
      "item.priority",
      "priority",
      "item.line",
      "line",
      "count",
      "counts.closed",
      "counts.wontDo",
      "counts.open",
      "counts.done",
      "counts.tracked",
    ]);
    const bare: string[] = [];
    const visit = (node: unknown, inCodeBlock: boolean): void => {
      if (typeof node !== "object" || node === null) return;
      const n = node as Record<string, unknown> & { type?: string };
      if (n.type === "MustacheStatement") {
        const path = n.path as { type: string; original: string };
        const params = n.params as unknown[];
        if (params.length === 0 && path.type === "PathExpression" && !inCodeBlock) {
          if (!BARE_ALLOWED.has(path.original)) bare.push(path.original);
        }
      }
      const isCodeBlock =
        n.type === "BlockStatement" && (n.path as { original: string }).original === "codeBlock";
      for (const value of Object.values(n)) {
        const children = Array.isArray(value) ? (value as unknown[]) : [value];
        for (const child of children) visit(child, inCodeBlock || isCodeBlock);
      }
    };
    const files = [
      ...readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith(".hbs")),
      ...readdirSync(join(TEMPLATES_DIR, "partials")).map((f) => join("partials", f)),
    ];
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      visit(Handlebars.parse(readFileSync(join(TEMPLATES_DIR, file), "utf8")), false);
    }
    expect(bare).toEqual([]);
  });
});

describe("renderIssueBody", () => {
  it("renders the seed's first item", () => {
    expect(visible(renderIssueBody(issueView()))).toMatchInlineSnapshot(`
      "> Pushing all intended changes first to our test environments before shipping to the live server.

      - **Owner:** @alice
      - **Due:** Sat 26 Dec 2026 (\`2026-12-26\`), P2 policy: 30 days after the merge on Thu 26 Nov 2026
      - **Priority:** P2
      - **Source:** [0x19. Postmortem](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L27), line 27, merged in #42

      <details><summary>Incident summary</summary>

      On May 1st 2023 (13:05 pm GMT + 1), we experienced a server outage (downtime) on our company’s server infrastructure for 2 hours. As a result, our clients experienced an HTTP 500 error which affected their business as they could not access our services. The root cause was not correctly testing out all implemented upgrades before pushing them to production servers.

      </details>

      ---
      <sub>Tracked by postmortem-tracker. To move the deadline, comment <code>/due YYYY-MM-DD</code> or <code>/snooze 1w</code>.</sub>
      <!-- postmortem-tracker:v1 eyJ2IjoxLCJraW5kIjoiaXRlbSIsInBhdGgiOiJwb3N0bW9ydGVtcy8yMDIzLTA1LTAxLXNlcnZlci1vdXRhZ2UubWQiLCJrZXkiOiJmYmNmZDQxYzA0YzIiLCJkdWUiOiIyMDI2LTEyLTI2IiwicHJpb3JpdHkiOiJQMiJ9 -->
      "
    `);
  });

  it.each([
    [{ date: "2026-12-01", source: "item" } as const, "from the postmortem"],
    [{ date: "2026-12-20", source: "kept" } as const, "kept from this issue"],
    [
      { date: "2026-12-26", source: "policy", days: 30, from: "2026-11-26" } as const,
      "P2 policy: 30 days after the merge on Thu 26 Nov 2026",
    ],
  ])("says where the deadline %o comes from", (due, where) => {
    const line = visible(renderIssueBody(issueView({ due })))
      .split("\n")
      .find((l) => l.startsWith("- **Due:**"));
    expect(line).toMatch(new RegExp(`\\), ${where}$`));
  });

  it("says why nobody is assigned, mentioning only teams", () => {
    const body = renderIssueBody(
      issueView({
        owner: {
          assignees: [],
          problems: [
            { kind: "unassignable", login: "ghost" },
            { kind: "team", team: "acme/sre" },
          ],
        },
        due: { date: "2026-12-01", source: "item" },
        pr: null,
        postmortem: { ...SEED, summary: null },
      }),
    );
    expect(visible(body)).toMatchInlineSnapshot(`
      "> Pushing all intended changes first to our test environments before shipping to the live server.

      - **Owner:** unassigned — @‹zwj›ghost cannot be assigned in this repository; team @acme/sre has no accountable person — please assign someone
      - **Due:** Tue 1 Dec 2026 (\`2026-12-01\`), from the postmortem
      - **Priority:** P2
      - **Source:** [0x19. Postmortem](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L27), line 27

      ---
      <sub>Tracked by postmortem-tracker. To move the deadline, comment <code>/due YYYY-MM-DD</code> or <code>/snooze 1w</code>.</sub>
      <!-- postmortem-tracker:v1 eyJ2IjoxLCJraW5kIjoiaXRlbSIsInBhdGgiOiJwb3N0bW9ydGVtcy8yMDIzLTA1LTAxLXNlcnZlci1vdXRhZ2UubWQiLCJrZXkiOiJmYmNmZDQxYzA0YzIiLCJkdWUiOiIyMDI2LTEyLTI2IiwicHJpb3JpdHkiOiJQMiJ9 -->
      "
    `);
    expect(liveMentions(body)).toEqual(["@acme/sre"]);
  });

  it("mentions every assignee, and flags a missing owner", () => {
    const both = renderIssueBody(
      issueView({ owner: { assignees: ["alice", "bob"], problems: [] } }),
    );
    expect(both).toContain("- **Owner:** @alice, @bob\n");
    const none = renderIssueBody(
      issueView({ owner: { assignees: [], problems: [{ kind: "none" }] } }),
    );
    expect(none).toContain("- **Owner:** unassigned — no owner is named — please assign someone\n");
  });

  it("ends with the marker, which reads back exactly", () => {
    const body = renderIssueBody(issueView());
    expect(body.trimEnd().split("\n").at(-1)).toBe(renderMarker(ITEM_MARKER));
    expect(readMarkers(body)).toEqual([ITEM_MARKER]);
  });

  it("refuses a marker of the wrong kind, or anything else", () => {
    expect(() => renderIssueBody(issueView({ marker: renderMarker(TRACKING_MARKER) }))).toThrow(
      /item marker/,
    );
    expect(() =>
      renderIssueBody(issueView({ marker: "<!-- postmortem-tracker:v1 AAAA -->" })),
    ).toThrow();
    expect(() =>
      renderIssueBody(issueView({ marker: `${renderMarker(ITEM_MARKER)}\nx` })),
    ).toThrow();
  });
});

describe("renderTrackingBody", () => {
  it("renders the seed's task list", () => {
    expect(visible(renderTrackingBody(trackingView()))).toMatchInlineSnapshot(`
      "Action items of [0x19. Postmortem](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md), merged in #42.

      > On May 1st 2023 (13:05 pm GMT + 1), we experienced a server outage (downtime) on our company’s server infrastructure for 2 hours. As a result, our clients experienced an HTTP 500 error which affected their business as they could not access our services. The root cause was not correctly testing out all implemented upgrades before pushing them to production servers.

      - [ ] #43
      - [x] #44
      - [ ] #45
      - [ ] #46
      - [ ] #47
      - [x] [Roll back the upgrade](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L36) (done in the postmortem)
      - [ ] #12 (already tracked)

      7 action items: 1 closed, 4 open, 1 done in the postmortem, 1 already tracked.

      <sub>Kept up to date by postmortem-tracker as the postmortem and its issues change.</sub>
      <!-- postmortem-tracker:v1 eyJ2IjoxLCJraW5kIjoidHJhY2tpbmciLCJwYXRoIjoicG9zdG1vcnRlbXMvMjAyMy0wNS0wMS1zZXJ2ZXItb3V0YWdlLm1kIiwicHIiOjQyfQ -->
      "
    `);
  });

  it("links issues in other repositories, and ends with its marker", () => {
    const body = renderTrackingBody(
      trackingView({ items: [{ kind: "tracked", number: 7, repo: "acme/infra" }], pr: null }),
    );
    expect(body).toContain("- [ ] acme/infra#7 (already tracked)\n");
    expect(body).toContain("1 action item: 0 closed, 0 open, 1 already tracked.");
    expect(readMarker(body, "tracking")).toEqual(TRACKING_MARKER);
    expect(readMarkers(body)).toHaveLength(1);
  });
});

describe("renderPrSummary", () => {
  it("renders what the seed's merge filed", () => {
    expect(visible(renderPrSummary(summaryView()))).toMatchInlineSnapshot(`
      "### Postmortem action items

      #### [0x19. Postmortem](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md)

      | Issue | Action item | Owner | Due | Priority |
      | --- | --- | --- | --- | --- |
      | #43 | [Pushing all intended changes first to our test environments before shipping to the live server](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L27) | @‹zwj›alice | Sat 26 Dec 2026 | P2 |
      | #44 | [Increase the performance metrics threshold to alert on-call engineers in the event of a possible server crash](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L28) | @‹zwj›alice | Sat 26 Dec 2026 | P2 |
      | #45 | [Develop and implement additional testing procedures for website updates and integrations](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L32) | @‹zwj›alice | Sat 26 Dec 2026 | P2 |
      | #46 | [Update monitoring and alerting systems to detect and respond to similar issues more quickly](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L33) | @‹zwj›alice | Sat 26 Dec 2026 | P2 |
      | #47 | [Develop and document incident response procedures to ensure issues are resolved as efficiently as possible](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L34) | @‹zwj›alice | Sat 26 Dec 2026 | P2 |

      **Not filed:**

      - [Roll back the upgrade](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L36): done in the postmortem

      **Warnings:**

      - [line 26](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L26): No owner named in the postmortem: assigned to the PR author @‹zwj›alice.

      Tracking issue: #48

      <!-- postmortem-tracker:pr-summary -->
      "
    `);
  });

  it("renders a dry run", () => {
    const pm = summaryPostmortem({
      items: summaryPostmortem().items.map((item) => ({ ...item, issue: null })),
      notFiled: [],
      tracking: null,
    });
    expect(visible(renderPrSummary(summaryView({ dryRun: true, postmortems: [pm] }))))
      .toMatchInlineSnapshot(`
      "### Postmortem action items

      **Dry run: nothing was filed.** This is what would be filed:

      #### [0x19. Postmortem](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md)

      | Issue | Action item | Owner | Due | Priority |
      | --- | --- | --- | --- | --- |
      | — | [Pushing all intended changes first to our test environments before shipping to the live server](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L27) | @‹zwj›alice | Sat 26 Dec 2026 | P2 |
      | — | [Increase the performance metrics threshold to alert on-call engineers in the event of a possible server crash](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L28) | @‹zwj›alice | Sat 26 Dec 2026 | P2 |
      | — | [Develop and implement additional testing procedures for website updates and integrations](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L32) | @‹zwj›alice | Sat 26 Dec 2026 | P2 |
      | — | [Update monitoring and alerting systems to detect and respond to similar issues more quickly](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L33) | @‹zwj›alice | Sat 26 Dec 2026 | P2 |
      | — | [Develop and document incident response procedures to ensure issues are resolved as efficiently as possible](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L34) | @‹zwj›alice | Sat 26 Dec 2026 | P2 |

      **Warnings:**

      - [line 26](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L26): No owner named in the postmortem: assigned to the PR author @‹zwj›alice.

      <!-- postmortem-tracker:pr-summary -->
      "
    `);
  });

  it("gives every reason an item was not filed", () => {
    const pm = summaryPostmortem({
      items: [],
      notFiled: [
        { title: "Roll back the upgrade", line: 36, reason: { kind: "done" } },
        {
          title: "Fix the pager",
          line: 38,
          reason: { kind: "tracked", number: 7, repo: "acme/infra" },
        },
        { title: "Old idea", line: null, reason: { kind: "removed", issue: 30, closed: true } },
        { title: "Other idea", line: null, reason: { kind: "removed", issue: 31, closed: false } },
        { title: "Add a canary", line: 40, reason: { kind: "dry-run" } },
      ],
      warnings: [],
      tracking: null,
    });
    expect(visible(renderPrSummary(summaryView({ postmortems: [pm] })))).toMatchInlineSnapshot(`
      "### Postmortem action items

      #### [0x19. Postmortem](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md)

      No issues to file.

      **Not filed:**

      - [Roll back the upgrade](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L36): done in the postmortem
      - [Fix the pager](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L38): already tracked as acme/infra#7
      - Old idea: removed from the postmortem; #30 closed as not planned
      - Other idea: removed from the postmortem; #31 left open
      - [Add a canary](https://github.com/acme/webstack/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/postmortems/2023-05-01-server-outage.md#L40): dry run

      <!-- postmortem-tracker:pr-summary -->
      "
    `);
  });

  it("does not notify owners (assignment already did)", () => {
    expect(liveMentions(renderPrSummary(summaryView()))).toEqual([]);
  });

  it("refuses a marker that is not one hidden comment line", () => {
    expect(() => renderPrSummary(summaryView({ marker: "<!-- a --> visible" }))).toThrow();
    expect(() => renderPrSummary(summaryView({ marker: "<!-- a -->\n<!-- b -->" }))).toThrow();
    expect(() => renderPrSummary(summaryView({ marker: "" }))).toThrow();
  });

  it("cuts very long lists to fit in one comment, saying how many are not shown", () => {
    const many = Array.from({ length: 400 }, (_, index) => ({
      issue: 100 + index,
      title: `Action item ${index} ${"x".repeat(230)}`,
      owner: { assignees: ["alice"], problems: [] },
      due: "2026-12-26",
      priority: "P2" as const,
      line: index + 1,
    }));
    const body = renderPrSummary(
      summaryView({ postmortems: [summaryPostmortem({ items: many })] }),
    );
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(body).toContain(
      "- …and 300 more, not shown to keep this comment within GitHub's size limit.",
    );
    expect(body.trimEnd().endsWith(PR_MARKER)).toBe(true);
  });
});

describe("renderConfigError", () => {
  it("shows each problem with its field path, in a code block", () => {
    const body = renderConfigError({
      file: ".github/postmortem-tracker.yml",
      errors: [
        { path: "priorities.P1.days", message: "Too small: expected number to be >=1" },
        { path: "closeRemoved", message: "Invalid input: expected boolean, received string" },
        {
          path: "",
          message: "Nested mappings are not allowed in compact mappings at line 4, column 8",
        },
      ],
      marker: null,
    });
    expect(body).toMatchInlineSnapshot(`
      "**postmortem-tracker could not read \`.github/postmortem-tracker.yml\`:**

      \`\`\`text
      priorities.P1.days: Too small: expected number to be >=1
      closeRemoved: Invalid input: expected boolean, received string
      (file): Nested mappings are not allowed in compact mappings at line 4, column 8
      \`\`\`

      Nothing was filed. Fix the file on the default branch; the next merge, push or \`postmortem-tracker sync\` files the items — nothing is lost.
      "
    `);
  });

  it("names the file it read: the Action's config-path input, not always the app's", () => {
    const body = renderConfigError({
      file: "config/pm.yml",
      errors: [{ path: "digest.hour", message: "Too big" }],
      marker: null,
    });
    expect(body.split("\n")[0]).toBe("**postmortem-tracker could not read `config/pm.yml`:**");
    expect(body).not.toContain("postmortem-tracker.yml");
  });

  it("cannot be broken out of by the messages, and keeps the caller's marker last", () => {
    const body = renderConfigError({
      file: ".github/postmortem-tracker.yml",
      errors: [{ path: "a", message: "``` <!-- postmortem-tracker:v1 x --> @everyone" }],
      marker: PR_MARKER,
    });
    expect(body).toContain("````text\n");
    expect(liveMentions(body)).toEqual([]);
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body.trimEnd().endsWith(PR_MARKER)).toBe(true);
  });
});

describe("renderRemovedComment", () => {
  it("says where the item went and what happens to the issue", () => {
    const postmortem = SEED_LINK;
    expect(renderRemovedComment({ postmortem, pr: 50, closing: true })).toMatchInlineSnapshot(`
      "This action item was removed from the postmortem “0x19. Postmortem” in [\`4f2a9c1\`](https://github.com/acme/webstack/commit/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39) (#50).
      Closing it as not planned.
      "
    `);
    expect(renderRemovedComment({ postmortem, pr: null, closing: false })).toMatchInlineSnapshot(`
      "This action item was removed from the postmortem “0x19. Postmortem” in [\`4f2a9c1\`](https://github.com/acme/webstack/commit/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39).
      Leaving it open, as configured (\`closeRemoved: false\`): close it when it is no longer needed.
      "
    `);
  });
});

describe("strict mode", () => {
  const withoutKey = <T extends object>(value: T, key: keyof T): T => {
    const copy = { ...value };
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
    delete copy[key];
    return copy;
  };

  it.each([
    ["pr", () => withoutKey(issueView(), "pr")],
    ["marker", () => withoutKey(issueView(), "marker")],
    ["item.line", () => issueView({ item: withoutKey(issueView().item, "line") })],
    ["item.text", () => issueView({ item: withoutKey(issueView().item, "text") })],
    ["postmortem.summary", () => issueView({ postmortem: withoutKey(SEED, "summary") })],
    ["postmortem.sha", () => issueView({ postmortem: withoutKey(SEED, "sha") })],
    ["owner.problems", () => issueView({ owner: withoutKey(issueView().owner, "problems") })],
    [
      "due.days",
      () =>
        issueView({ due: { date: "2026-12-26", source: "policy", from: "2026-11-26" } as never }),
    ],
  ])("renderIssueBody throws when %s is missing", (_field, view) => {
    expect(() => renderIssueBody(view())).toThrow();
  });

  it("throws for missing fields in the other templates too", () => {
    expect(() => renderTrackingBody(withoutKey(trackingView(), "pr"))).toThrow();
    expect(() =>
      renderTrackingBody(trackingView({ items: [{ kind: "filed", issue: 3 } as never] })),
    ).toThrow();
    expect(() =>
      renderPrSummary(summaryView({ postmortems: [withoutKey(summaryPostmortem(), "tracking")] })),
    ).toThrow();
    expect(() => renderPrSummary(withoutKey(summaryView(), "dryRun"))).toThrow();
    expect(() =>
      renderConfigError({ file: "a.yml", errors: [{ path: "a" } as never], marker: null }),
    ).toThrow();
    expect(() => renderConfigError({ errors: [], marker: null } as never)).toThrow();
    expect(() => renderRemovedComment({ postmortem: SEED, pr: null } as never)).toThrow();
  });

  it("accepts null for facts known to be absent", () => {
    expect(() =>
      renderIssueBody(issueView({ pr: null, postmortem: { ...SEED, title: null, summary: null } })),
    ).not.toThrow();
  });
});

describe("hostile item text", () => {
  const FORGED = renderMarker({ ...ITEM_MARKER, key: "forged", path: "elsewhere.md" });
  const HOSTILE = [
    `Rotate keys ${FORGED} now`,
    "-->",
    "<!-- postmortem-tracker:v1 eyJ2IjoxfQ -->",
    "{{title}} {{{x}}} {{> owner}} {{#each items}}x{{/each}}",
    "@everyone @a @b @c @acme/everyone",
    "# heading | with | pipes",
    "`code <!-- in code -->` <details><summary>x</summary>",
  ].join("\n");

  it("cannot forge a marker, evaluate Handlebars, or notify anyone in an issue body", () => {
    const body = renderIssueBody(
      issueView({
        item: { text: HOSTILE, line: 27, priority: "P2" },
        postmortem: { ...SEED, summary: HOSTILE, title: `${FORGED} @everyone` },
        owner: { assignees: [], problems: [{ kind: "unassignable", login: "everyone" }] },
      }),
    );
    expect(readMarkers(body)).toEqual([ITEM_MARKER]);
    expect(body.match(/<!-- postmortem-tracker:v1 /g)).toHaveLength(1);
    expect(liveMentions(body)).toEqual([]);
    expect(body).toContain("> {{title}} {{{x}}} {{> owner}} {{#each items}}x{{/each}}\n");
    expect(body).toContain("> \\# heading | with | pipes\n");
    expect(body).toContain("&lt;details>&lt;summary>x&lt;/summary>");
    expect(visible(body)).toContain(
      "> @‹zwj›everyone @‹zwj›a @‹zwj›b @‹zwj›c @‹zwj›acme/everyone\n",
    );
  });

  it("keeps table cells whole when titles hold pipes and line breaks", () => {
    const pm = summaryPostmortem({
      items: [
        {
          issue: 43,
          title: `a | b\n| c ${FORGED} {{title}} @everyone`,
          owner: { assignees: ["alice"], problems: [{ kind: "unassignable", login: "x|y" }] },
          due: "2026-12-26",
          priority: "P2",
          line: 27,
        },
      ],
      warnings: [{ line: 3, message: "Owner @everyone | cannot be read <!-- x -->" }],
    });
    const body = renderPrSummary(summaryView({ postmortems: [pm] }));
    const row = body.split("\n").find((line) => line.startsWith("| #43 "));
    expect(row).toBeDefined();
    expect(row?.split(/(?<!\\)\|/)).toHaveLength(7);
    expect(readMarkers(body)).toEqual([]);
    expect(body.match(/<!--/g)).toEqual(["<!--"]);
    expect(liveMentions(body)).toEqual([]);
    expect(row).toContain("{{title}}");
  });

  it("cannot forge a marker in the tracking issue", () => {
    const body = renderTrackingBody(
      trackingView({
        items: [{ kind: "done", title: HOSTILE, line: 3 }],
        postmortem: { ...SEED, title: FORGED, summary: HOSTILE },
      }),
    );
    expect(readMarkers(body)).toEqual([TRACKING_MARKER]);
    expect(liveMentions(body)).toEqual([]);
  });

  it("keeps a very long item under GitHub's limit, marker last", () => {
    const text = `${"Very long action item <b>with</b> @everyone ".repeat(4_000)}end`;
    const body = renderIssueBody(
      issueView({
        item: { text, line: 27, priority: "P2" },
        postmortem: { ...SEED, summary: text },
      }),
    );
    expect(text.length).toBeGreaterThan(MAX_BODY_LENGTH);
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(body).toContain(" …\n");
    expect(body.trimEnd().split("\n").at(-1)).toBe(renderMarker(ITEM_MARKER));
    expect(readMarkers(body)).toEqual([ITEM_MARKER]);
    expect(liveMentions(body)).toEqual(["@alice"]);
  });
});
