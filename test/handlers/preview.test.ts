import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { memoizeBotLogin } from "../../src/handlers/app-identity.js";
import { onPullRequestPreview } from "../../src/handlers/on-pull-request-preview.js";
import {
  API,
  BOT_LOGIN,
  checkRunRerequested,
  deliver,
  FakeGitHub,
  HEAD_SHA,
  pullRequestEvent,
  readFixture,
  REPO_URL,
  type FakeAnnotation,
  type PullFileSpec,
} from "../helpers/github-mock.js";
import { makeProbot } from "../helpers/probot.js";

/*
 * The "Postmortem action items" check run on an open pull request (PR #42 by alice, head
 * HEAD_SHA), through probot.receive with payloads from @octokit/webhooks-examples. Today is
 * 2026-11-26, so policy deadlines are 2026-11-26 + 7/14/30/60 days.
 *
 * Request budget of a preview: the installation token, the PR's files (1 per 100 files), the
 * config (1, plus 1 for the owner's .github repository when the repo has none), each postmortem
 * at the head commit (1 each), the app's login (once per process), the app's issues (1 per 100),
 * one assignability check per distinct login; then 1 check-run create carrying the first 50
 * annotations and the conclusion, plus 1 update per further 50 annotations (the last one carries
 * the conclusion). So 9 + (distinct logins − 1) requests and 1 write for up to 50 annotations.
 */

const PATH = "postmortems/2026-11-20-checkout.md";
const R = "/repos/acme/infra";
/**
 * The tracker's issues (by the items' label, by the tracking label, by the app's login); the
 * first listing in a process also learns the app's login for the creator query (cached).
 */
const LISTS_LEARNING_LOGIN = [`GET ${R}/issues`, `GET ${R}/issues`, "GET /app", `GET ${R}/issues`];
const BLOB = `${REPO_URL}/blob/${HEAD_SHA}/${PATH}`;
const ZWJ = "\u200D";
const TOKEN = "POST /app/installations/1/access_tokens";
const FILES = `GET ${R}/pulls/42/files`;
const CONFIG = `GET ${R}/contents/.github/postmortem-tracker.yml`;
const OWNER_CONFIG = "GET /repos/acme/.github/contents/.github/postmortem-tracker.yml";
const DOC = `GET ${R}/contents/${PATH}`;
const LIST = `GET ${R}/issues`;
const CREATE_CHECK = `POST ${R}/check-runs`;
/** Everything a preview reads before the assignability checks, repo without a config file. */
const READS = [TOKEN, FILES, CONFIG, OWNER_CONFIG, DOC, ...LISTS_LEARNING_LOGIN];
const CHECK_NAME = "Postmortem action items";
const CONFIG_FILE = ".github/postmortem-tracker.yml";
const POLICY_NOTE =
  "Deadlines set by the priority policy count from Thu 26 Nov 2026 in this preview; on merge they count from the merge date.";

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  external_id?: string;
  status: string;
  conclusion?: string;
  output: { title: string; summary: string; annotations: FakeAnnotation[] };
}

beforeEach(() => {
  // Only the clock's date is fixed: timers stay real for Probot and nock.
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-26T12:00:00Z") });
});

afterEach(() => {
  vi.useRealTimers();
});

/** A repository where PR #42 adds `fixture` at PATH; routes beyond these are added per case. */
function previewRepo(
  fixture: string,
  options: { config?: string | null; files?: PullFileSpec[] } = {},
): FakeGitHub {
  return new FakeGitHub()
    .installationToken()
    .appIdentity()
    .config(options.config ?? null)
    .pullFiles(42, options.files ?? [{ filename: PATH, status: "added" }])
    .file(PATH, HEAD_SHA, readFixture(fixture))
    .issueList()
    .checkRunCreate();
}

function creates(gh: FakeGitHub): CheckRunBody[] {
  return gh.bodies("POST", `${R}/check-runs`) as CheckRunBody[];
}

function updates(gh: FakeGitHub): CheckRunBody[] {
  return gh.requests
    .filter((r) => r.method === "PATCH" && r.path.startsWith(`${R}/check-runs/`))
    .map((r) => r.body as CheckRunBody);
}

function annotation(
  line: number,
  title: string,
  message: string,
  level = "warning",
  path = PATH,
): FakeAnnotation {
  return { path, start_line: line, end_line: line, annotation_level: level, title, message };
}

/** One table row as the summary shows it. */
function row(
  line: number,
  title: string,
  owner: string,
  due: string,
  priority: string,
  onMerge = "**new issue**",
): string {
  return `| [${title}](${BLOB}#L${line}) | ${owner} | ${due} | ${priority} | ${onMerge} |`;
}

function table(rows: string[]): string {
  return [
    "| Action item | Owner | Due | Priority | On merge |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

function note(line: number, message: string, level = "Warning"): string {
  return `- ${level}, [line ${line}](${BLOB}#L${line}): ${message}`;
}

const GHOST_MESSAGE =
  "@ghost cannot be assigned in acme/infra (not a collaborator, or no such account): the issue will be filed unassigned.";

const SEED_ROWS = [
  [
    27,
    "Pushing all intended changes first to our test environments before shipping to the live server",
  ],
  [
    28,
    "Increase the performance metrics threshold to alert on-call engineers in the event of a possible server crash",
  ],
  [32, "Develop and implement additional testing procedures for website updates and integrations"],
  [
    33,
    "Update monitoring and alerting systems to detect and respond to similar issues more quickly",
  ],
  [
    34,
    "Develop and document incident response procedures to ensure issues are resolved as efficiently as possible",
  ],
] as const;

describe("the preview check run on a postmortem pull request", () => {
  it("1. the seed (5 items, no owner, no date): success, every item to the PR author on the P2 policy date — 9 requests, 1 write", async () => {
    const { probot } = await makeProbot();
    const gh = previewRepo("seed.md").assigneeCheck();
    gh.assignable.add("alice");

    const failure = await deliver(probot, pullRequestEvent("opened"));

    expect(gh.calls()).toEqual([...READS, `GET ${R}/assignees/alice`, CREATE_CHECK]);
    expect(gh.writes()).toHaveLength(1);
    expect(creates(gh)).toEqual([
      {
        name: CHECK_NAME,
        head_sha: HEAD_SHA,
        external_id: "pull/42",
        status: "completed",
        conclusion: "success",
        output: {
          title: "5 issues to file",
          summary: [
            "**On merge:** 5 new · 0 updated · 0 already tracked · 0 done · 0 linked — 0 warnings.",
            "",
            POLICY_NOTE,
            "",
            `#### [0x19. Postmortem](${BLOB})`,
            "",
            table(
              SEED_ROWS.map(([line, title]) =>
                row(line, title, `@${ZWJ}alice (PR author)`, "Sat 26 Dec 2026 (policy)", "P2"),
              ),
            ),
            "",
          ].join("\n"),
          annotations: [],
        },
      },
    ]);
    // The tracker's issues are listed as the merge lists them: by its labels, then by login.
    expect(gh.requests.filter((r) => `${r.method} ${r.path}` === LIST).map((r) => r.query)).toEqual(
      [
        { labels: "postmortem-action", state: "all", per_page: "100" },
        { labels: "postmortem", state: "all", per_page: "100" },
        { creator: BOT_LOGIN, state: "all", per_page: "100" },
      ],
    );
    expect(gh.checkRuns[0]?.status).toBe("completed");
    expect(gh.issues).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it("2. an owner who cannot be assigned (@ghost, 404 on GET /assignees/ghost): a warning on line 9, neutral", async () => {
    const { probot } = await makeProbot();
    const gh = previewRepo("unassignable-owner.md").assigneeCheck();

    const failure = await deliver(probot, pullRequestEvent("synchronize"));

    expect(gh.calls()).toEqual([...READS, `GET ${R}/assignees/ghost`, CREATE_CHECK]);
    const BLOB_DOC = BLOB;
    expect(creates(gh)).toEqual([
      {
        name: CHECK_NAME,
        head_sha: HEAD_SHA,
        external_id: "pull/42",
        status: "completed",
        conclusion: "neutral",
        output: {
          title: "1 issue to file, 1 warning",
          summary: [
            "**On merge:** 1 new · 0 updated · 0 already tracked · 0 done · 0 linked — 1 warning.",
            "",
            POLICY_NOTE,
            "",
            `#### [Queue backlog incident](${BLOB_DOC})`,
            "",
            table([
              row(
                9,
                "Add a dead-letter queue for poison messages",
                `unassigned — @${ZWJ}ghost cannot be assigned in this repository`,
                "Sat 26 Dec 2026 (policy)",
                "P2",
              ),
            ]),
            "",
            note(9, GHOST_MESSAGE.replace("@ghost", `@${ZWJ}ghost`)),
            "",
          ].join("\n"),
          annotations: [annotation(9, "Owner cannot be assigned", GHOST_MESSAGE)],
        },
      },
    ]);
    expect(failure).toBeUndefined();
  });

  it("3. an SRE-style table (owners, priorities, dates, a bug column): carol asked once for two items; unreadable and past dates, @ghost and a team flagged on their lines", async () => {
    const { probot } = await makeProbot();
    const gh = previewRepo("sre-table.md").assigneeCheck();
    gh.assignable.add("carol");
    gh.assignable.add("dave");

    const failure = await deliver(probot, pullRequestEvent("opened"));

    // Five items, four distinct logins named, three checkable (the team is not a login).
    expect(gh.calls()).toEqual([
      ...READS,
      `GET ${R}/assignees/carol`,
      `GET ${R}/assignees/dave`,
      `GET ${R}/assignees/ghost`,
      CREATE_CHECK,
    ]);
    const teamMessage =
      'Team @acme/sre has no accountable person (config "teams"): the issue will mention the team and need an owner.';
    expect(creates(gh)).toEqual([
      {
        name: CHECK_NAME,
        head_sha: HEAD_SHA,
        external_id: "pull/42",
        status: "completed",
        conclusion: "neutral",
        output: {
          title: "4 issues to file, 1 linked, 4 warnings",
          summary: [
            "**On merge:** 4 new · 0 updated · 0 already tracked · 0 done · 1 linked — 4 warnings.",
            "",
            POLICY_NOTE,
            "",
            `#### [Checkout latency incident](${BLOB})`,
            "",
            table([
              row(
                16,
                "Alert on cache hit ratio below 80%",
                `@${ZWJ}carol`,
                "Tue 15 Dec 2026",
                "P1",
              ),
              row(
                17,
                "Drain cache nodes one at a time in the runbook",
                `@${ZWJ}dave`,
                "Sat 26 Dec 2026 (policy)",
                "P2",
              ),
              row(
                18,
                "Add a load test of checkout with a cold cache",
                `unassigned — @${ZWJ}ghost cannot be assigned in this repository`,
                "Sun 1 Nov 2026",
                "P0",
              ),
              row(
                19,
                "Document the cache topology",
                `unassigned — team @${ZWJ}acme/sre has no accountable person — please assign someone`,
                "Mon 25 Jan 2027 (policy)",
                "P3",
              ),
              row(
                20,
                "Page the cache owner from the checkout alert",
                "—",
                "—",
                "—",
                "tracked by #7",
              ),
            ]),
            "",
            note(17, 'Could not read the deadline "when the moon is blue".'),
            note(18, "Deadline 2026-11-01 is before 2026-11-26."),
            note(18, GHOST_MESSAGE.replace("@ghost", `@${ZWJ}ghost`)),
            note(19, teamMessage.replace("@acme", `@${ZWJ}acme`)),
            "",
          ].join("\n"),
          annotations: [
            annotation(
              17,
              "Action item warning",
              'Could not read the deadline "when the moon is blue".',
            ),
            annotation(18, "Action item warning", "Deadline 2026-11-01 is before 2026-11-26."),
            annotation(18, "Owner cannot be assigned", GHOST_MESSAGE),
            annotation(19, "Action item warning", teamMessage),
          ],
        },
      },
    ]);
    expect(failure).toBeUndefined();
  });

  it("4. a postmortem with no action section: one warning on line 1 saying why, neutral; no assignee check", async () => {
    const { probot } = await makeProbot();
    const gh = previewRepo("no-action-section.md");

    const failure = await deliver(probot, pullRequestEvent("reopened"));

    expect(gh.calls()).toEqual([...READS, CREATE_CHECK]);
    const why =
      'No action-item section found (a heading such as "Action items", "Corrective and preventive measures", "Follow-ups" or "Next steps").';
    expect(creates(gh)).toEqual([
      {
        name: CHECK_NAME,
        head_sha: HEAD_SHA,
        external_id: "pull/42",
        status: "completed",
        conclusion: "neutral",
        output: {
          title: "No action items found, 1 warning",
          summary: [
            "**On merge:** 0 new · 0 updated · 0 already tracked · 0 done · 0 linked — 1 warning.",
            "",
            POLICY_NOTE,
            "",
            `#### [DNS resolution incident](${BLOB})`,
            "",
            "No action items: merging files nothing for this postmortem.",
            "",
            note(1, why),
            "",
          ].join("\n"),
          annotations: [annotation(1, "No action items found", why)],
        },
      },
    ]);
    expect(failure).toBeUndefined();
  });

  it("5. 60 warnings (60 items owned by @ghost): one assignee check; the create carries 50 annotations in progress, one update the last 10 and the conclusion — 10 requests, 2 writes", async () => {
    const { probot } = await makeProbot();
    const gh = previewRepo("many-warnings.md").assigneeCheck().checkRunUpdate();

    const failure = await deliver(probot, pullRequestEvent("ready_for_review"));

    expect(gh.calls()).toEqual([
      ...READS,
      `GET ${R}/assignees/ghost`,
      CREATE_CHECK,
      `PATCH ${R}/check-runs/7001`,
    ]);
    expect(gh.writes()).toHaveLength(2);
    const expected = Array.from({ length: 60 }, (_, i) =>
      annotation(9 + i, "Owner cannot be assigned", GHOST_MESSAGE),
    );
    const [create] = creates(gh);
    const [update] = updates(gh);
    expect(create).toMatchObject({
      name: CHECK_NAME,
      head_sha: HEAD_SHA,
      external_id: "pull/42",
      status: "in_progress",
      output: { title: "60 issues to file, 60 warnings", annotations: expected.slice(0, 50) },
    });
    expect(create).not.toHaveProperty("conclusion");
    expect(update).toEqual({
      status: "completed",
      conclusion: "neutral",
      output: {
        title: "60 issues to file, 60 warnings",
        summary: create?.output.summary,
        annotations: expected.slice(50),
      },
    });
    // GitHub appends: the run ends with all 60, in line order.
    expect(gh.checkRuns[0]?.annotations).toEqual(expected);
    expect(gh.checkRuns[0]?.conclusion).toBe("neutral");
    expect(create?.output.summary).toContain(
      row(
        68,
        "Refund and notify billing account number 60 of the double charge",
        `unassigned — @${ZWJ}ghost cannot be assigned in this repository`,
        "Sat 26 Dec 2026 (policy)",
        "P2",
      ),
    );
    expect(failure).toBeUndefined();
  });

  it("6. an invalid config (deadlines.P1: -3): failure on line 1 naming deadlines.P1; no document, issue or assignee read — 4 requests, 1 write", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .config("deadlines:\n  P1: -3\n")
      .pullFiles(42, [{ filename: PATH, status: "added" }])
      .checkRunCreate();

    const failure = await deliver(probot, pullRequestEvent("opened"));

    expect(gh.calls()).toEqual([TOKEN, FILES, CONFIG, CREATE_CHECK]);
    const message =
      ".github/postmortem-tracker.yml on the default branch is invalid at deadlines.P1: Too small: expected number to be >=1. Merging files nothing until it is fixed.";
    expect(creates(gh)).toEqual([
      {
        name: CHECK_NAME,
        head_sha: HEAD_SHA,
        external_id: "pull/42",
        status: "completed",
        conclusion: "failure",
        output: {
          title: "Invalid config: nothing will be filed",
          summary: [
            "**The config on the default branch is invalid: merging this pull request files nothing** until `.github/postmortem-tracker.yml` is fixed there (nothing is lost: the next merge, push or `postmortem-tracker sync` files the items).",
            "",
            "```text",
            "deadlines.P1: Too small: expected number to be >=1",
            "```",
            "",
            `#### [${PATH}](${BLOB})`,
            "",
            "No action items: merging files nothing for this postmortem.",
            "",
          ].join("\n"),
          annotations: [annotation(1, "Invalid config", message, "failure")],
        },
      },
    ]);
    expect(failure).toBeUndefined();
  });

  it("7. a pull request that touches no postmortem (a template, code, a removed postmortem): PR files and config only, no check run", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .config(null)
      .pullFiles(42, [
        { filename: "postmortems/TEMPLATE.md", status: "modified" },
        { filename: "src/app.ts", status: "modified" },
        { filename: "postmortems/2025-01-01-old.md", status: "removed" },
      ]);

    const failure = await deliver(probot, pullRequestEvent("synchronize"));

    expect(gh.calls()).toEqual([TOKEN, FILES, CONFIG, OWNER_CONFIG]);
    expect(gh.writes()).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it("8. a pull request into another branch than the default: no request at all", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub();

    const failure = await deliver(probot, pullRequestEvent("opened", { baseRef: "release/1.x" }));

    expect(gh.requests).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it.each([
    {
      case: "9a. valid (defaultPriority: P1): the summary says the default branch's config is used",
      yaml: "defaultPriority: P1\n",
      conclusion: "neutral",
      problems: [],
      note: [],
    },
    {
      case: "9b. invalid (deadlines.P1: 0, strict: maybe): failures on their lines of the PR's config file, conclusion failure",
      yaml: "# team settings\ndeadlines:\n  P1: 0\nstrict: maybe\n",
      conclusion: "failure",
      problems: [
        annotation(
          3,
          "Invalid config in this pull request",
          "deadlines.P1: Too small: expected number to be >=1. Merged as is, this config makes the app file nothing until it is fixed.",
          "failure",
          CONFIG_FILE,
        ),
        annotation(
          4,
          "Invalid config in this pull request",
          "strict: Invalid input. Merged as is, this config makes the app file nothing until it is fixed.",
          "failure",
          CONFIG_FILE,
        ),
      ],
      note: [
        "",
        "**The new `.github/postmortem-tracker.yml` is invalid:** merged as is, the app files nothing until it is fixed.",
        "",
        "```text",
        "line 3: deadlines.P1: Too small: expected number to be >=1",
        "line 4: strict: Invalid input",
        "```",
      ],
    },
  ])(
    "9. a pull request that also edits the config file, $case",
    async ({ yaml, conclusion, problems, note }) => {
      const { probot } = await makeProbot();
      // The head commit's version first: the default-branch route answers any other query.
      const gh = new FakeGitHub()
        .installationToken()
        .appIdentity()
        .file(CONFIG_FILE, HEAD_SHA, yaml)
        .config(null)
        .pullFiles(42, [
          { filename: PATH, status: "added" },
          { filename: CONFIG_FILE, status: "modified" },
        ])
        .file(PATH, HEAD_SHA, readFixture("no-action-section.md"))
        .issueList()
        .checkRunCreate();

      const failure = await deliver(probot, pullRequestEvent("opened"));

      // One more read: the config file at the head commit.
      expect(gh.calls()).toEqual([
        TOKEN,
        FILES,
        CONFIG,
        OWNER_CONFIG,
        `GET ${R}/contents/${CONFIG_FILE}`,
        DOC,
        ...LISTS_LEARNING_LOGIN,
        CREATE_CHECK,
      ]);
      expect(gh.requests[4]?.query).toEqual({ ref: HEAD_SHA });
      const [create] = creates(gh);
      expect(create?.conclusion).toBe(conclusion);
      expect(create?.output.annotations.slice(1)).toEqual(problems);
      expect(create?.output.summary).toContain(
        [
          "",
          "> [!NOTE]",
          "> This pull request edits `.github/postmortem-tracker.yml`. The preview uses the config on the default branch (main), so a pull request cannot change the rules it is checked by. The merge itself files with the config it brings, so what is filed may differ from this preview.",
          ...note,
          "",
          `#### [DNS resolution incident](${BLOB})`,
        ].join("\n"),
      );
      expect(failure).toBeUndefined();
    },
  );
});

describe("the Action's config-path input", () => {
  it("9c. .github/pm.yml, invalid on the default branch and edited by the pull request: every message names it, none the app's file", async () => {
    const custom = ".github/pm.yml";
    // The handler as the Action wires it (run-action.ts), with its `config-path` input.
    const { probot } = await makeProbot((app) => {
      app.on(
        "pull_request.opened",
        onPullRequestPreview(memoizeBotLogin(app), () => "2026-11-26", { configPath: custom }),
      );
    });
    // The head commit's version first: the default-branch route answers any other query.
    const gh = new FakeGitHub()
      .installationToken()
      .file(custom, HEAD_SHA, "# team settings\nstrict: maybe\n")
      .config("deadlines:\n  P1: -3\n", custom)
      .pullFiles(42, [
        { filename: PATH, status: "added" },
        { filename: custom, status: "modified" },
      ])
      .checkRunCreate();

    const failure = await deliver(probot, pullRequestEvent("opened"));

    expect(gh.calls()).toEqual([
      TOKEN,
      FILES,
      `GET ${R}/contents/${custom}`,
      `GET ${R}/contents/${custom}`,
      CREATE_CHECK,
    ]);
    expect(gh.requests[3]?.query).toEqual({ ref: HEAD_SHA });
    const [create] = creates(gh);
    expect(create?.conclusion).toBe("failure");
    expect(create?.output.annotations).toEqual([
      annotation(
        1,
        "Invalid config",
        `${custom} on the default branch is invalid at deadlines.P1: Too small: expected number to be >=1. Merging files nothing until it is fixed.`,
        "failure",
      ),
      annotation(
        2,
        "Invalid config in this pull request",
        "strict: Invalid input. Merged as is, this config makes the app file nothing until it is fixed.",
        "failure",
        custom,
      ),
    ]);
    const summary = create?.output.summary ?? "";
    expect(summary).toContain(
      `**The config on the default branch is invalid: merging this pull request files nothing** until \`${custom}\` is fixed there`,
    );
    expect(summary).toContain(`> This pull request edits \`${custom}\`. The preview uses`);
    expect(summary).toContain(`**The new \`${custom}\` is invalid:** merged as is`);
    expect(summary).not.toContain(CONFIG_FILE);
    expect(failure).toBeUndefined();
  });
});

describe("strict config", () => {
  it("10. strict: true on the seed: every item fails for its missing owner and date (10 failures), conclusion failure", async () => {
    const { probot } = await makeProbot();
    const gh = previewRepo("seed.md", { config: "strict: true\n" }).assigneeCheck();
    gh.assignable.add("alice");

    const failure = await deliver(probot, pullRequestEvent("opened"));

    // The repository has its own config: no fallback read of acme/.github.
    expect(gh.calls()).toEqual([
      TOKEN,
      FILES,
      CONFIG,
      DOC,
      ...LISTS_LEARNING_LOGIN,
      `GET ${R}/assignees/alice`,
      CREATE_CHECK,
    ]);
    const [create] = creates(gh);
    expect(create?.conclusion).toBe("failure");
    expect(create?.output.title).toBe("5 issues to file, 10 failures");
    expect(create?.output.annotations).toEqual(
      SEED_ROWS.flatMap(([line]) => [
        annotation(
          line,
          "No owner named",
          `strict.owners: name this item's owner (e.g. "(owner: @login)") or the postmortem's; it would go to the pull request's author.`,
          "failure",
        ),
        annotation(
          line,
          "No deadline",
          'strict.deadlines: give this item a date (e.g. "by 2026-12-31"); it would get the P2 policy date 2026-12-26.',
          "failure",
        ),
      ]),
    );
    expect(create?.output.summary).toContain(
      "Strict mode (`owners`, `deadlines`, `warnings`): what it flags fails this check.",
    );
    expect(failure).toBeUndefined();
  });

  it("11. strict: { owners: true } makes an unassignable owner a failure; other warnings stay warnings", async () => {
    const { probot } = await makeProbot();
    const gh = previewRepo("sre-table.md", { config: "strict:\n  owners: true\n" }).assigneeCheck();
    gh.assignable.add("carol");
    gh.assignable.add("dave");

    const failure = await deliver(probot, pullRequestEvent("opened"));

    const [create] = creates(gh);
    expect(create?.conclusion).toBe("failure");
    expect(
      create?.output.annotations.map((a) => [a.start_line, a.annotation_level, a.title]),
    ).toEqual([
      [17, "warning", "Action item warning"],
      [18, "warning", "Action item warning"],
      [18, "failure", "Owner cannot be assigned"],
      [19, "warning", "Action item warning"],
      [19, "failure", "No owner"],
    ]);
    expect(failure).toBeUndefined();
  });
});

describe("re-run and the preview comment", () => {
  it("12. check_run.rerequested on our check: the PR is read again (GET pulls/42) and a new check run goes on the same commit", async () => {
    const { probot } = await makeProbot();
    const gh = previewRepo("unassignable-owner.md")
      .assigneeCheck()
      .pullGet(42, { headSha: HEAD_SHA });

    const failure = await deliver(probot, checkRunRerequested());

    expect(gh.calls()).toEqual([
      TOKEN,
      `GET ${R}/pulls/42`,
      FILES,
      CONFIG,
      OWNER_CONFIG,
      DOC,
      ...LISTS_LEARNING_LOGIN,
      `GET ${R}/assignees/ghost`,
      CREATE_CHECK,
    ]);
    expect(creates(gh)).toMatchObject([
      {
        name: CHECK_NAME,
        head_sha: HEAD_SHA,
        external_id: "pull/42",
        status: "completed",
        conclusion: "neutral",
        output: { annotations: [annotation(9, "Owner cannot be assigned", GHOST_MESSAGE)] },
      },
    ]);
    expect(failure).toBeUndefined();
  });

  it("13. a re-run of a fork's check (no external id) uses check_run.pull_requests; another app's check is ignored", async () => {
    const { probot } = await makeProbot();
    const gh = previewRepo("seed.md").assigneeCheck().pullGet(42, { headSha: HEAD_SHA });
    gh.assignable.add("alice");

    const ignored = await deliver(probot, checkRunRerequested({ name: "lint" }));
    expect(gh.requests).toEqual([]);

    const failure = await deliver(
      probot,
      checkRunRerequested({ externalId: null, pullNumbers: [42] }),
    );

    expect(gh.calls()[1]).toBe(`GET ${R}/pulls/42`);
    expect(creates(gh)).toHaveLength(1);
    expect(creates(gh)[0]?.conclusion).toBe("success");
    expect(ignored).toBeUndefined();
    expect(failure).toBeUndefined();
  });

  it("14. previewComment: true keeps one PR comment with the same preview: created on open, edited on push, untouched when unchanged", async () => {
    const { probot } = await makeProbot();
    const gh = previewRepo("seed.md", { config: "previewComment: true\n" })
      .assigneeCheck()
      .commentList()
      .commentCreate()
      .commentUpdate();
    gh.assignable.add("alice");

    const opened = await deliver(probot, pullRequestEvent("opened"));

    expect(gh.calls().slice(-3)).toEqual([
      CREATE_CHECK,
      `GET ${R}/issues/42/comments`,
      `POST ${R}/issues/42/comments`,
    ]);
    const body = gh.comments[0]?.body ?? "";
    expect(body).toMatch(/^### Postmortem action items: preview\n/);
    expect(body).toContain(creates(gh)[0]?.output.summary ?? "no summary");
    expect(body).toMatch(/\n<!-- postmortem-tracker:v1 [\w-]+ -->\n$/);

    // The same push again: the comment is already right.
    gh.clearRequests();
    const again = await deliver(probot, pullRequestEvent("synchronize"));
    expect(gh.calls().slice(-2)).toEqual([CREATE_CHECK, `GET ${R}/issues/42/comments`]);

    // alice becomes unassignable: the preview changes, the comment is edited in place.
    gh.assignable.delete("alice");
    gh.clearRequests();
    const changed = await deliver(probot, pullRequestEvent("synchronize"));
    expect(gh.calls().slice(-2)).toEqual([
      `GET ${R}/issues/42/comments`,
      `PATCH ${R}/issues/comments/9001`,
    ]);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]?.body).toContain(`@${ZWJ}alice cannot be assigned`);
    expect([opened, again, changed]).toEqual([undefined, undefined, undefined]);
  });

  it("15. a failed read after the postmortems are known still ends in a completed, neutral check run with a Re-run button", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()

      .config(null)
      .pullFiles(42, [{ filename: PATH, status: "added" }])
      .file(PATH, HEAD_SHA, readFixture("seed.md"))
      .checkRunCreate();
    nock(API).get(`${R}/issues`).query(true).reply(502, { message: "Server Error" });

    const failure = await deliver(probot, pullRequestEvent("opened"));

    expect(creates(gh)).toEqual([
      {
        name: CHECK_NAME,
        head_sha: HEAD_SHA,
        external_id: "pull/42",
        status: "completed",
        conclusion: "neutral",
        output: {
          title: "The preview failed",
          summary:
            "postmortem-tracker could not preview this pull request (an error the app logged, most likely in talking to GitHub). Use **Re-run** to try again; merging still files the action items.",
          annotations: [],
        },
      },
    ]);
    expect(failure).toMatch(/Server Error listIssuesBy/);
  });
});
