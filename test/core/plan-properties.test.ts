/**
 * Properties of the whole planner: on any input it returns a plan that honours the `plan --json`
 * contract (README), deterministically, and item keys survive the edits README promises they
 * survive. Random documents are assembled from fragments of real postmortems so that they reach
 * the section, list, table, HTML and annotation paths that random strings almost never touch.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defaultConfig } from "../../src/config/parse-config.js";
import { planPostmortem } from "../../src/core/plan-postmortem.js";
import { PRIORITIES, type PostmortemPlan } from "../../src/core/types.js";

const NOW = "2026-01-15";
const PATH = "postmortems/2026-01-12-api-outage.md";
const config = defaultConfig();

function plan(text: string, author: string | null = null): PostmortemPlan {
  return planPostmortem({ path: PATH, text, config, now: NOW, author });
}

// ---------------------------------------------------------------------------------------------
// The contract

function isCalendarDate(iso: string): boolean {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
}

/** Lines of `text` as an editor numbers them; a line ending after the last line adds none. */
function lineCount(text: string): number {
  const breaks = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  return breaks + (/[\r\n]$/.test(text) ? 0 : 1);
}

const planSchema = z.object({
  postmortem: z.object({
    path: z.literal(PATH),
    title: z.string().nullable(),
    severity: z.string().nullable(),
  }),
  items: z.array(
    z.object({
      key: z.string().min(1),
      title: z
        .string()
        .min(1)
        .max(256)
        .refine((t) => !/[\r\n\u2028\u2029]/.test(t), "title has a line break"),
      text: z.string().min(1),
      owners: z.array(z.string()),
      due: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .refine(isCalendarDate, "due is not a calendar date"),
      dueSource: z.enum(["item", "policy"]),
      priority: z.enum(PRIORITIES),
      line: z.number().int().min(1),
      status: z.enum(["open", "done"]),
      refs: z.array(z.object({ repo: z.string().nullable(), number: z.number().int().min(1) })),
      ownerSource: z.enum(["item", "postmortem", "config", "author", "none"]),
    }),
  ),
  warnings: z.array(z.object({ line: z.number().int().min(1), message: z.string().min(1) })),
});

/** Fails with every broken rule at once, and the input, so a shrunk counterexample reads alone. */
function expectValidPlan(text: string, result: PostmortemPlan): void {
  const problems: string[] = [];
  const parsed = planSchema.safeParse(result);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${issue.path.join(".")}: ${issue.message}`);
  }
  const lines = lineCount(text);
  const keys = result.items.map((i) => i.key);
  if (new Set(keys).size !== keys.length) problems.push(`duplicate keys: ${keys.join(", ")}`);
  result.items.forEach((item, i) => {
    if (item.line > lines) problems.push(`items.${i}.line ${item.line} > ${lines} lines`);
  });
  result.warnings.forEach((warning, i) => {
    if (warning.line > lines) problems.push(`warnings.${i}.line ${warning.line} > ${lines} lines`);
  });
  if (result.items.length === 0 && result.warnings.length === 0)
    problems.push("no items and no warning saying why");
  expect(problems, `input: ${JSON.stringify(text)}`).toEqual([]);
}

function expectTotalAndDeterministic(text: string, author: string | null = null): void {
  const first = plan(text, author);
  expectValidPlan(text, first);
  expect(plan(text, author)).toEqual(first);
}

// ---------------------------------------------------------------------------------------------
// Random postmortems

const ACTION = fc.constantFrom(
  "Add replica lag alerting to the database dashboard",
  "Rotate the leaked deploy key",
  "Document the failover runbook",
  "Fix retries in the payment client",
  "Investigate why the pager did not fire",
  "We will add load tests before every release.",
  "Alice to review the on-call rota",
  "🚀 Ship the canary pipeline ✅",
  "Réduire le délai d'alerte",
  "监控磁盘使用情况",
  "**Monitoring:** add a disk usage alert",
  "Add [rate limiting](https://example.com/rl) to `search`",
  "Upgrade ~~nginx~~ envoy",
  "Action 1",
  "TBD",
  "",
);
const ANNOTATION = fc.constantFrom(
  "",
  "",
  " @alice",
  " (@bob)",
  " — @acme/sre",
  " Owner: Carol",
  " by 2026-02-01",
  " due Friday",
  " by EOW",
  " (P0)",
  " [P1]",
  " P2",
  " — P3",
  " #123",
  " acme/api#45",
  " https://github.com/acme/api/issues/7",
  " (done)",
  " ✅",
  " DONE",
  " by 2026-02-30",
  " due someday",
  " @",
  " by 31/12/2026",
  ", owner @dave, due next week",
  " 🔥",
);
const MARKER = fc.constantFrom(
  "- ",
  "* ",
  "+ ",
  "1. ",
  "2) ",
  "- [ ] ",
  "- [x] ",
  "* [X] ",
  "  - ",
  "    - ",
  "\t- ",
  "",
  "> - ",
  "1. [ ] ",
  "-",
);
const ITEM_LINE = fc
  .tuple(MARKER, ACTION, ANNOTATION, ANNOTATION)
  .map(([marker, action, a, b]) => marker + action + a + b);
const HEADING = fc.constantFrom(
  "# Incident report: API outage",
  "## Action items",
  "## Action Items",
  "### Action items",
  "Action items",
  "Action items:",
  "**Follow-ups:**",
  "*Follow-ups*",
  "## Preventive measures",
  "Preventive measures",
  "## Corrective and preventive measures",
  "## Next steps",
  "Next steps\n----------",
  "Follow-ups\n==========",
  "## Remediation",
  "## Timeline",
  "## Root cause",
  "## Lessons learned",
  "## Summary",
  "## 7. Action items",
  "<h2>Action items</h2>",
  "### Process",
  "Action items 🛠️",
  "#",
  "## ",
  "######",
);
const TABLE = fc.constantFrom(
  "| Action | Owner | Due | Priority |\n|---|---|---|---|\n| Add alerting | @alice | 2026-02-01 | P1 |\n| Fix retries | @bob | next week | P0 |",
  "| Item | Owner | Due |\n| :-- | --: | :-: |\n| Rotate keys | Carol | Friday |",
  "| Action Item | Type | Owner | Bug |\n|---|---|---|---|\n| Patch the load balancer | prevent | jennifer | [#4711](https://example.com) **DONE** |",
  "| Priority | Task | Status |\n|---|---|---|\n| P2 | Write runbook | Open |\n| | | |",
  "| Owner | Due |\n|---|---|\n| @alice | 2026-13-45 |",
  "| Action | Owner\n|---",
  "Action | Owner\n--- | ---\nFix it | @zoe",
);
const HTML = fc.constantFrom(
  "<ol><li>Add monitoring</li><li>Fix retries @alice</li></ol>",
  "<ul>\n<li>Patch the kernel</li>\n<li><b>Rotate</b> keys</li>\n</ul>",
  "<h2>Action items</h2>\n<p>Upgrade the cluster</p>",
  "<ol>\n  <li>Unclosed item",
  "<!-- TODO: fill in -->",
  "<div>",
  "<br>",
);
const BLOCK = fc.constantFrom(
  "```",
  "```bash\nsudo systemctl restart nginx\n```",
  "~~~",
  "```markdown\n## Action items\n- Add alerts\n```",
  "```\n- Add alerts",
  "    Indented like code but it is prose about the fix we need",
  "    - Add a bullet inside an indented block",
  "\tconst retries = 3;",
  "        <li>Deep html</li>",
  "> We will add more tests.",
  "> ## Action items\n> - Quote the fix",
);
const PROSE = fc.constantFrom(
  "",
  "",
  "",
  "Owner: @carol",
  "Severity: SEV2",
  "**Severity:** SEV-1",
  "Date: 2026-01-10",
  "Status: Resolved",
  "---",
  "***",
  "TBD",
  "N/A",
  "{{ summary }}",
  "We will add load tests before every release.",
  "In conclusion, we learned a lot.",
  "The following actions will be taken:",
  "Lorem ipsum",
  "[link](https://example.com)",
  "![diagram](x.png)",
  "#123",
  "P0",
  "[^1]: A footnote",
  "[ref]: https://example.com",
  "On 2026-01-12 at 13:05 UTC the API returned 500s for 2 hours.",
);
const FRONT_MATTER = fc.constantFrom(
  "",
  "",
  "---\ntitle: DB outage\nseverity: SEV1\nowner: '@alice'\n---\n",
  "---\ntitle: [broken\n---\n",
  '+++\ntitle = "TOML"\n+++\n',
  "---\nowners:\n  - bob\n  - carol\ndate: 2026-01-12\nseverity: 2\n---\n",
  "---\n---\n",
  "\uFEFF",
);
const RANDOM_LINE = fc.string({ unit: "grapheme", maxLength: 40 });

const FRAGMENT = fc.oneof(
  { arbitrary: HEADING, weight: 4 },
  { arbitrary: ITEM_LINE, weight: 8 },
  { arbitrary: PROSE, weight: 4 },
  { arbitrary: TABLE, weight: 1 },
  { arbitrary: HTML, weight: 1 },
  { arbitrary: BLOCK, weight: 2 },
  { arbitrary: RANDOM_LINE, weight: 1 },
);

const POSTMORTEM = fc
  .record({
    front: FRONT_MATTER,
    body: fc.array(FRAGMENT, { maxLength: 30 }),
    eol: fc.constantFrom("\n", "\n", "\r\n", "\r"),
    trailing: fc.boolean(),
  })
  .map(({ front, body, eol, trailing }) =>
    (front + body.join("\n") + (trailing ? "\n" : "")).replace(/\n/g, eol),
  );

const AUTHOR = fc.constantFrom(null, "octocat");

// Every UTF-16 code unit, lone surrogates included: what a mis-decoded file can hold.
const CODE_UNIT = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

// Generous limits: a slow machine must not fail a property test (tests never assert timing).
describe("planPostmortem on arbitrary input", { timeout: 60_000 }, () => {
  it("returns a valid, deterministic plan for random postmortems", () => {
    fc.assert(
      fc.property(POSTMORTEM, AUTHOR, (text, author) => {
        expectTotalAndDeterministic(text, author);
      }),
      { numRuns: 200 },
    );
  });

  it("returns a valid, deterministic plan for random unicode strings", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 300 }),
          fc.string({ unit: "grapheme", maxLength: 300 }),
          fc.string({ unit: CODE_UNIT, maxLength: 300 }),
          // Random text under a follow-up heading, so it is read as items.
          fc
            .array(fc.string({ unit: "grapheme", maxLength: 60 }), { maxLength: 8 })
            .map((lines) => `## Action items\n\n${lines.map((l) => `- ${l}`).join("\n")}\n`),
        ),
        (text) => {
          expectTotalAndDeterministic(text);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("returns a valid, deterministic plan for random bytes decoded as UTF-8 and as Latin-1", () => {
    const utf8 = new TextDecoder("utf-8");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        // A NUL marks the file binary and ends the parse early: also try the bytes without NULs.
        const readable = bytes.filter((b) => b !== 0);
        for (const b of [bytes, readable]) {
          expectTotalAndDeterministic(utf8.decode(b));
          expectTotalAndDeterministic(Buffer.from(b).toString("latin1"));
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Key stability

const VERB = [
  "Add",
  "Document",
  "Automate",
  "Rotate",
  "Monitor",
  "Upgrade",
  "Migrate",
  "Audit",
  "Enable",
  "Write",
  "Remove",
  "Test",
  "Replace",
];
const OBJECT = [
  "replica lag alerting",
  "the failover runbook",
  "the deploy keys",
  "disk usage on the build hosts",
  "the payment client retries",
  "the certificate renewal job",
  "rate limits for the search endpoint",
  "the escalation policy",
  "the cache warm-up procedure",
  "backups of the metrics database",
];
const TAIL = [
  "",
  " in the staging cluster",
  " for every region",
  " across all services",
  " with a canary stage",
  " in the incident checklist",
  " and share the results with the storage team",
];
const SENTENCE = fc
  .tuple(fc.constantFrom(...VERB), fc.constantFrom(...OBJECT), fc.constantFrom(...TAIL))
  .map(([verb, object, tail]) => `${verb} ${object}${tail}`);
const SENTENCES = fc.uniqueArray(SENTENCE, { minLength: 1, maxLength: 8 });

type Bullet = "-" | "*" | "1." | "- [ ]";
const BULLETS: readonly Bullet[] = ["-", "*", "1.", "- [ ]"];

function marker(bullet: Bullet, index: number): string {
  return bullet === "1." ? `${index + 1}. ` : `${bullet} `;
}

function actionItems(lines: readonly string[]): string {
  return ["# Search outage", "", "## Action items", "", ...lines, ""].join("\n");
}

/** Each key with its item's text, sorted: equal exactly when the sets of keys and texts match. */
function keysOf(text: string): [string, string][] {
  return plan(text)
    .items.map((i): [string, string] => [i.key, i.text])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The baseline: plain `-` bullets, one line each, in the generated order. */
function baseline(sentences: readonly string[]): [string, string][] {
  const keys = keysOf(actionItems(sentences.map((s) => `- ${s}`)));
  // Guards the generator: every sentence must be an item, or the comparisons prove nothing.
  expect(keys.map(([, text]) => text).sort()).toEqual([...sentences].sort());
  return keys;
}

/** `sentence` broken after the words whose flag is set, continuation lines indented by `indent`. */
function wrap(sentence: string, breaks: readonly boolean[], indent: string): string {
  const words = sentence.split(" ");
  return words
    .map((word, i) => (i < words.length - 1 && breaks[i] ? `${word}\n${indent}` : `${word} `))
    .join("")
    .trimEnd();
}

describe("item keys", { timeout: 60_000 }, () => {
  it("survive re-bulleting (-, *, 1., - [ ])", () => {
    fc.assert(
      fc.property(SENTENCES, fc.constantFrom(...BULLETS), (sentences, bullet) => {
        const before = baseline(sentences);
        const after = actionItems(sentences.map((s, i) => marker(bullet, i) + s));
        expect(keysOf(after)).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it("survive re-wrapping items onto continuation lines", () => {
    fc.assert(
      fc.property(
        SENTENCES,
        fc.constantFrom(...BULLETS),
        fc.array(fc.array(fc.boolean(), { maxLength: 12 }), { minLength: 8, maxLength: 8 }),
        fc.constantFrom("aligned", "lazy"),
        (sentences, bullet, breaks, style) => {
          const before = baseline(sentences);
          const after = actionItems(
            sentences.map((s, i) => {
              const start = marker(bullet, i);
              const indent = style === "lazy" ? "" : " ".repeat(start.length);
              return start + wrap(s, breaks[i] ?? [], indent);
            }),
          );
          expect(keysOf(after)).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("survive reordering the items", () => {
    fc.assert(
      fc.property(
        SENTENCES.chain((sentences) =>
          fc.tuple(
            fc.constant(sentences),
            fc.shuffledSubarray(sentences, {
              minLength: sentences.length,
              maxLength: sentences.length,
            }),
          ),
        ),
        fc.constantFrom(...BULLETS),
        ([sentences, shuffled], bullet) => {
          const before = baseline(sentences);
          const after = actionItems(shuffled.map((s, i) => marker(bullet, i) + s));
          expect(keysOf(after)).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("survive re-bulleting, re-wrapping and reordering at once", () => {
    fc.assert(
      fc.property(
        SENTENCES.chain((sentences) =>
          fc.tuple(
            fc.constant(sentences),
            fc.shuffledSubarray(sentences, {
              minLength: sentences.length,
              maxLength: sentences.length,
            }),
          ),
        ),
        fc.constantFrom(...BULLETS),
        fc.array(fc.array(fc.boolean(), { maxLength: 12 }), { minLength: 8, maxLength: 8 }),
        ([sentences, shuffled], bullet, breaks) => {
          const before = baseline(sentences);
          const after = actionItems(
            shuffled.map((s, i) => {
              const start = marker(bullet, i);
              return start + wrap(s, breaks[i] ?? [], " ".repeat(start.length));
            }),
          );
          expect(keysOf(after)).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("survive bold or italic markup added to an item", () => {
    fc.assert(
      fc.property(
        SENTENCES,
        fc.nat(),
        // Emphasising the whole item is the commonest edit; a span of words is the general case.
        fc.oneof(
          fc.constant(null),
          fc.tuple(fc.nat(), fc.nat()).map(([from, span]) => ({ from, span })),
        ),
        fc.constantFrom("**", "__", "*", "_", "***"),
        fc.constantFrom(...BULLETS),
        (sentences, which, range, emphasis, bullet) => {
          const before = baseline(sentences).map(([key]) => key);
          const target = which % sentences.length;
          const after = actionItems(
            sentences.map((s, i) => {
              if (i !== target) return marker(bullet, i) + s;
              const words = s.split(" ");
              const start = range === null ? 0 : range.from % words.length;
              const end =
                range === null ? words.length : start + 1 + (range.span % (words.length - start));
              const marked = [
                ...words.slice(0, start),
                `${emphasis}${words.slice(start, end).join(" ")}${emphasis}`,
                ...words.slice(end),
              ];
              return marker(bullet, i) + marked.join(" ");
            }),
          );
          expect(keysOf(after).map(([key]) => key)).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("survive a change of owner annotation (@alice → @bob)", () => {
    fc.assert(
      fc.property(
        SENTENCES,
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        (sentences, owned) => {
          const withOwner = (owner: string): string =>
            actionItems(sentences.map((s, i) => `- ${s}${owned[i] ? ` @${owner}` : ""}`));
          const alice = keysOf(withOwner("alice")).map(([key]) => key);
          expect(alice).toHaveLength(sentences.length);
          expect(keysOf(withOwner("bob")).map(([key]) => key)).toEqual(alice);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Size and structure at the limits (validity only: tests never assert timing)

const MiB = 1024 * 1024;

describe("planPostmortem on large and deeply nested input", { timeout: 120_000 }, () => {
  it("plans a ~1 MiB postmortem", () => {
    // Mostly narrative with an action-item section per incident, as real postmortems are.
    const story =
      "At 13:05 UTC the checkout API began returning errors after a configuration push; the " +
      "on-call engineer was paged at 13:10, rolled back at 13:40 and traffic recovered by 14:00. ";
    const section = (n: number): string =>
      [
        `## Incident ${n}: checkout latency`,
        "",
        story.repeat(8),
        "",
        "### Root cause",
        "",
        story.repeat(6),
        "",
        "## Action items",
        "",
        `- [ ] Add replica lag alerting for shard ${n} @alice by 2026-02-01`,
        `- Document the failover runbook for region ${n} (P1)`,
        `1. Rotate the deploy keys of service ${n}, owner @acme/sre, due next week`,
        "",
        ...(n % 10 === 0
          ? [
              "| Action | Owner | Due | Priority |",
              "|---|---|---|---|",
              `| Fix retries in client ${n} | @bob | 2026-03-01 | P0 |`,
              "",
            ]
          : []),
      ].join("\n");
    const parts: string[] = [];
    let size = 0;
    for (let n = 0; size < MiB; n++) {
      const next = section(n);
      parts.push(next);
      size += next.length;
    }
    const text = parts.join("\n");
    const result = plan(text);
    expectValidPlan(text, result);
    expect(result.items.length).toBeGreaterThan(0);
  });

  it("plans a 1 MiB document that is a single line", () => {
    const unit = "Add replica lag alerting to the database dashboard and page the on-call. ";
    const text = unit.repeat(Math.ceil(MiB / unit.length)).slice(0, MiB);
    expectValidPlan(text, plan(text));
  });

  // Found by `npm run bench`: recursion over the nesting depth overflows the stack, in the
  // planner's list walk and, deeper still, in remark-gfm's tree walk (so a fix inside the walks
  // alone is not enough).
  it.each([
    ["a list nested 3,000 deep", `## Action items\n\n${"- ".repeat(3000)}Add alerting\n`],
    [
      "a blockquote nested 10,000 deep",
      `## Action items\n\n${"> ".repeat(10_000)}- Add alerting\n`,
    ],
  ])("plans %s without throwing", (_name, text) => {
    expectValidPlan(text, plan(text));
  });
});
