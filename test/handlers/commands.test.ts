import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readMarker, renderMarker } from "../../src/core/issue-marker.js";
import { memoizeBotLogin } from "../../src/handlers/app-identity.js";
import { onIssueComment } from "../../src/handlers/on-issue-comment.js";
import {
  BOT_LOGIN,
  deliver,
  FakeGitHub,
  issueCommentCreated,
  LOCK_LABEL,
  REPO_URL,
} from "../helpers/github-mock.js";
import { makeProbot } from "../helpers/probot.js";
import {
  digestBody,
  itemBody,
  itemMarker,
  seedDigest,
  seedHumanIssue,
  seedTracked,
  trackingBody,
} from "../helpers/tracked-repo.js";

/*
 * Slash commands on tracked issues: who may run them, what each changes (exact bodies), the
 * replies when they change nothing, and redeliveries. Today is Thu 2026-11-26 (faked clock).
 * Items #1 and #2 are alice's, #3 is unassigned, #4 is their tracking issue.
 */

const R = "/repos/acme/infra";
const TOKEN = "POST /app/installations/1/access_tokens";
const CONFIG = [
  `GET ${R}/contents/.github/postmortem-tracker.yml`,
  "GET /repos/acme/.github/contents/.github/postmortem-tracker.yml",
];
/** The tracker's issues: by the items' label, by the tracking label, by the app's login. */
const LISTS = Array<string>(3).fill(`GET ${R}/issues`);
const LOCKED = [`POST ${R}/labels`, ...LISTS];
const UNLOCK = [`GET ${R}/labels/${LOCK_LABEL}`, `DELETE ${R}/labels/${LOCK_LABEL}`];
const REACTIONS = `${R}/issues/comments/7001/reactions`;
const ZWJ = "\u200D";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-26T12:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

/** What every command that gets as far as running needs. */
function commandRoutes(gh: FakeGitHub): FakeGitHub {
  return gh.installationToken().appIdentity().reactionList().config(null).reactionCreate();
}

/** The item body after `/due` or `/snooze` by `login`: new marker, new due line, nothing else. */
function movedBody(index: number, due: string, line: string): string {
  return itemBody(index)
    .replace(/^- \*\*Due:\*\* .*$/m, () => line)
    .replace(renderMarker(itemMarker(index)), renderMarker(itemMarker(index, due)));
}

function reactionsOn(gh: FakeGitHub, commentId = 7001): string[] {
  return (gh.reactions.get(commentId) ?? []).map((r) => `${r.user.login} ${r.content}`);
}

describe("/due", () => {
  it("an assignee moves the deadline to a date: marker and due line, under the lock; 👍; no permission check", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).lock().issueList().issueUpdate();
    const { items } = seedTracked(gh);

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, items[0], "/due 2026-12-20", { author: "alice" }),
    );

    expect(gh.calls()).toEqual([
      "GET /app",
      TOKEN,
      `GET ${REACTIONS}`,
      ...CONFIG,
      ...LOCKED,
      `PATCH ${R}/issues/1`,
      ...UNLOCK,
      `POST ${REACTIONS}`,
    ]);
    const expected = movedBody(
      0,
      "2026-12-20",
      `- **Due:** Sun 20 Dec 2026 (\`2026-12-20\`), set by @${ZWJ}alice with \`/due\``,
    );
    expect(gh.bodies("PATCH", `${R}/issues/1`)).toEqual([{ body: expected }]);
    expect(readMarker(items[0].body, "item")?.due).toBe("2026-12-20");
    expect(gh.bodies("POST", REACTIONS)).toEqual([{ content: "+1" }]);
    expect(failure).toBeUndefined();
  });

  it("a writer who is not assigned may: `/due +2w` is two weeks from today", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub())
      .collaboratorPermission()
      .lock()
      .issueList()
      .issueUpdate();
    gh.roles.set("bob", "write");
    const { items } = seedTracked(gh);

    const failure = await deliver(probot, issueCommentCreated(gh, items[2], "/due +2w"));

    expect(gh.calls()).toContain(`GET ${R}/collaborators/bob/permission`);
    expect(gh.bodies("PATCH", `${R}/issues/3`)).toEqual([
      {
        body: movedBody(
          2,
          "2026-12-10",
          `- **Due:** Thu 10 Dec 2026 (\`2026-12-10\`), set by @${ZWJ}bob with \`/due\``,
        ),
      },
    ]);
    expect(reactionsOn(gh)).toEqual([`${BOT_LOGIN} +1`]);
    expect(failure).toBeUndefined();
  });

  it.each(["maintain", "admin"])("the %s role may too", async (role) => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub())
      .collaboratorPermission()
      .lock()
      .issueList()
      .issueUpdate();
    gh.roles.set("bob", role);
    const { items } = seedTracked(gh);

    const failure = await deliver(probot, issueCommentCreated(gh, items[2], "/due next friday"));

    expect(readMarker(items[2].body, "item")?.due).toBe("2026-12-04");
    expect(failure).toBeUndefined();
  });

  it.each([
    ["read", "read"],
    ["triage", "triage"],
    ["a stranger (404)", null],
  ])("%s is refused politely: a reply, 😕, nothing moved", async (_name, role) => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).collaboratorPermission().commentCreate();
    if (role !== null) gh.roles.set("bob", role);
    const { items } = seedTracked(gh);

    const failure = await deliver(probot, issueCommentCreated(gh, items[0], "/due 2026-12-20"));

    expect(gh.calls()).toEqual([
      "GET /app",
      TOKEN,
      `GET ${REACTIONS}`,
      ...CONFIG,
      `GET ${R}/collaborators/bob/permission`,
      `POST ${R}/issues/1/comments`,
      `POST ${REACTIONS}`,
    ]);
    expect(gh.bodies("POST", `${R}/issues/1/comments`)).toEqual([
      {
        body: `Sorry @${ZWJ}bob, only this issue's assignees and people with write access to the repository can use \`/due\` here. Please ask one of them.\n`,
      },
    ]);
    expect(gh.bodies("POST", REACTIONS)).toEqual([{ content: "confused" }]);
    expect(items[0].body).toBe(itemBody(0));
    expect(failure).toBeUndefined();
  });

  it.each([
    [
      "/due someday",
      "I could not read “someday” as a date. Try `/due YYYY-MM-DD`, `/due +2w` or `/due next friday`. The deadline is unchanged.\n",
    ],
    [
      "/due 2026-02-30",
      "I could not read “2026-02-30” as a date. Try `/due YYYY-MM-DD`, `/due +2w` or `/due next friday`. The deadline is unchanged.\n",
    ],
    [
      "/due 2026-11-01",
      "“2026-11-01” is in the past, so I left the deadline as it is. Give a date from today on.\n",
    ],
    [
      "/due",
      "`/due` needs a date, e.g. `/due YYYY-MM-DD`, `/due +2w` or `/due next friday`. The deadline is unchanged.\n",
    ],
  ])("a bad date (%j) gets a reply and 😕, and takes no lock", async (body, reply) => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).commentCreate();
    const { items } = seedTracked(gh);

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, items[0], body, { author: "alice" }),
    );

    expect(gh.calls()).toEqual([
      "GET /app",
      TOKEN,
      `GET ${REACTIONS}`,
      ...CONFIG,
      `POST ${R}/issues/1/comments`,
      `POST ${REACTIONS}`,
    ]);
    expect(gh.bodies("POST", `${R}/issues/1/comments`)).toEqual([{ body: reply }]);
    expect(reactionsOn(gh)).toEqual([`${BOT_LOGIN} confused`]);
    expect(failure).toBeUndefined();
  });

  it("on an adopted issue the deadline moves in the registry (the human's body is untouched)", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).lock().issueList().issueUpdate();
    const digest = seedDigest(gh, [
      { number: 2, due: "2026-12-26", priority: "P2", since: "2026-11-26" },
    ]);
    const issue = seedHumanIssue(gh, { assignees: ["dave"], labels: ["postmortem-action"] });

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, issue, "/due next friday", { author: "dave" }),
    );

    expect(gh.calls()).toEqual([
      "GET /app",
      TOKEN,
      `GET ${REACTIONS}`,
      ...CONFIG,
      ...LISTS, // is it adopted?
      ...LOCKED,
      `PATCH ${R}/issues/1`,
      ...UNLOCK,
      `POST ${REACTIONS}`,
    ]);
    expect(gh.bodies("PATCH", `${R}/issues/1`)).toEqual([
      {
        body: digestBody([{ number: 2, due: "2026-12-04", priority: "P2", since: "2026-11-26" }]),
      },
    ]);
    expect(readMarker(digest.body, "digest")?.adopted[0]?.due).toBe("2026-12-04");
    expect(failure).toBeUndefined();
  });
});

describe("/snooze", () => {
  it("moves the current deadline by a week; a redelivery of the same comment does not move it again", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).lock().issueList().issueUpdate();
    const { items } = seedTracked(gh);
    const delivery = issueCommentCreated(gh, items[1], "Blocked on the vendor.\n/snooze 1w", {
      author: "alice",
    });

    expect(await deliver(probot, delivery)).toBeUndefined();
    const afterFirst = items[1].body;
    gh.clearRequests();
    const failure = await deliver(probot, delivery);

    expect(afterFirst).toBe(
      movedBody(
        1,
        "2027-01-02",
        `- **Due:** Sat 2 Jan 2027 (\`2027-01-02\`), snoozed by @${ZWJ}alice with \`/snooze\``,
      ),
    );
    // The redelivery sees the app's 👍 and stops: one read, no write.
    expect(gh.calls()).toEqual([`GET ${REACTIONS}`]);
    expect(items[1].body).toBe(afterFirst);
    expect(readMarker(items[1].body, "item")?.due).toBe("2027-01-02");
    expect(failure).toBeUndefined();
  });

  it("an unreadable duration gets a reply", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).commentCreate();
    const { items } = seedTracked(gh);

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, items[1], "/snooze a while", { author: "alice" }),
    );

    expect(gh.bodies("POST", `${R}/issues/2/comments`)).toEqual([
      {
        body: "I could not read “a while” as a duration. Try `/snooze 1w`, `/snooze 3d` or `/snooze 1m`. The deadline is unchanged.\n",
      },
    ]);
    expect(failure).toBeUndefined();
  });
});

describe("/wontfix", () => {
  it("records the reason, closes as not planned and ticks the tracking issue", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).commentCreate().issueUpdate().issueList().lock();
    const { items, tracking } = seedTracked(gh);

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, items[1], "/wontfix superseded by the SLO alerts in #31", {
        author: "alice",
      }),
    );

    expect(gh.calls()).toEqual([
      "GET /app",
      TOKEN,
      `GET ${REACTIONS}`,
      ...CONFIG,
      `POST ${R}/issues/2/comments`,
      `PATCH ${R}/issues/2`,
      ...LISTS,
      ...LOCKED,
      `PATCH ${R}/issues/4`,
      ...UNLOCK,
      `POST ${REACTIONS}`,
    ]);
    expect(gh.bodies("POST", `${R}/issues/2/comments`)).toEqual([
      {
        body: `Closing as not planned (won't do), as @${ZWJ}alice asked in [this comment](${REPO_URL}/issues/2#issuecomment-7001):\n\n> superseded by the SLO alerts in #31\n`,
      },
    ]);
    expect(gh.bodies("PATCH", `${R}/issues/2`)).toEqual([
      { state: "closed", state_reason: "not_planned" },
    ]);
    expect(tracking.body).toBe(trackingBody([2], [2]));
    expect(failure).toBeUndefined();
  });

  it("without a reason: a reply, and the issue stays open", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).commentCreate();
    const { items } = seedTracked(gh);

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, items[1], "/wontfix", { author: "alice" }),
    );

    expect(gh.bodies("POST", `${R}/issues/2/comments`)).toEqual([
      {
        body: "`/wontfix` needs a reason, e.g. `/wontfix superseded by the new alerting`: it is what the postmortem's readers will see. The issue stays open.\n",
      },
    ]);
    expect(items[1].state).toBe("open");
    expect(failure).toBeUndefined();
  });
});

describe("/owner", () => {
  it("reassigns to an assignable login", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).assigneeCheck().issueUpdate();
    gh.assignable.add("erin");
    const { items } = seedTracked(gh);

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, items[0], "/owner @erin", { author: "alice" }),
    );

    expect(gh.calls()).toEqual([
      "GET /app",
      TOKEN,
      `GET ${REACTIONS}`,
      ...CONFIG,
      `GET ${R}/assignees/erin`,
      `PATCH ${R}/issues/1`,
      `POST ${REACTIONS}`,
    ]);
    expect(gh.bodies("PATCH", `${R}/issues/1`)).toEqual([{ assignees: ["erin"] }]);
    expect(failure).toBeUndefined();
  });

  it("an unassignable login gets a reply; assignees unchanged", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).assigneeCheck().commentCreate();
    const { items } = seedTracked(gh);

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, items[0], "/owner @mallory", { author: "alice" }),
    );

    expect(gh.bodies("POST", `${R}/issues/1/comments`)).toEqual([
      {
        body: `@${ZWJ}mallory cannot be assigned issues in this repository (not a collaborator, or no such user). The assignees are unchanged.\n`,
      },
    ]);
    expect(items[0].assignees).toEqual([{ login: "alice" }]);
    expect(reactionsOn(gh)).toEqual([`${BOT_LOGIN} confused`]);
    expect(failure).toBeUndefined();
  });

  it("a team is not a login", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).commentCreate();
    const { items } = seedTracked(gh);

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, items[0], "/owner @acme/sre", { author: "alice" }),
    );

    expect(gh.bodies("POST", `${R}/issues/1/comments`)).toEqual([
      {
        body: `\`/owner\` needs one GitHub login, e.g. \`/owner @login\`; “@${ZWJ}acme/sre” is not one. The assignees are unchanged.\n`,
      },
    ]);
    expect(failure).toBeUndefined();
  });
});

describe("every command is refused to a read-only user, who is not assigned", () => {
  it.each([
    ["/snooze 1w", "snooze"],
    ["/wontfix not worth it", "wontfix"],
    ["/owner @bob", "owner"],
  ])("%s", async (body, name) => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).collaboratorPermission().commentCreate();
    gh.roles.set("bob", "read");
    const { items } = seedTracked(gh);

    const failure = await deliver(probot, issueCommentCreated(gh, items[0], body));

    expect(gh.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `POST ${R}/issues/1/comments`,
      `POST ${REACTIONS}`,
    ]);
    expect(gh.bodies("POST", `${R}/issues/1/comments`)).toEqual([
      {
        body: `Sorry @${ZWJ}bob, only this issue's assignees and people with write access to the repository can use \`/${name}\` here. Please ask one of them.\n`,
      },
    ]);
    expect(items[0].state).toBe("open");
    expect(items[0].assignees).toEqual([{ login: "alice" }]);
    expect(items[0].body).toBe(itemBody(0));
    expect(failure).toBeUndefined();
  });
});

describe("/wontfix on an adopted issue", () => {
  it("closes it as not planned after the reason; no tracking issue to tick", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).issueList().commentCreate().issueUpdate();
    seedDigest(gh, [{ number: 2, due: "2026-12-26", priority: "P2", since: "2026-11-26" }]);
    const issue = seedHumanIssue(gh, { assignees: ["bob"] });

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, issue, "/wontfix duplicate of #1"),
    );

    expect(gh.calls()).toEqual([
      "GET /app",
      TOKEN,
      `GET ${REACTIONS}`,
      ...CONFIG,
      ...LISTS,
      `POST ${R}/issues/2/comments`,
      `PATCH ${R}/issues/2`,
      `POST ${REACTIONS}`,
    ]);
    expect(gh.bodies("PATCH", `${R}/issues/2`)).toEqual([
      { state: "closed", state_reason: "not_planned" },
    ]);
    expect(failure).toBeUndefined();
  });
});

describe("what is ignored or refused", () => {
  it("a command on a pull request costs no request", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub();
    const { items } = seedTracked(gh);
    items[0].pull_request = { url: `https://api.github.com${R}/pulls/1` };

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, items[0], "/due 2026-12-20", { author: "alice" }),
    );

    expect(gh.requests).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it("a failed command redelivered is not answered twice", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).commentCreate();
    const { items } = seedTracked(gh);
    const delivery = issueCommentCreated(gh, items[0], "/due someday", { author: "alice" });
    expect(await deliver(probot, delivery)).toBeUndefined();
    gh.clearRequests();

    const failure = await deliver(probot, delivery);

    expect(gh.calls()).toEqual([`GET ${REACTIONS}`]);
    expect(gh.comments.filter((c) => c.user.login === BOT_LOGIN)).toHaveLength(1);
    expect(failure).toBeUndefined();
  });

  it.each([
    ["👍 by the Action's GITHUB_TOKEN", "github-actions[bot]", "+1"],
    ["😕 by an app's installation token in the Action", "pm-tracker-action[bot]", "confused"],
  ])(
    "a command another runtime of the tracker answered (%s) is not run again",
    async (_name, login, content) => {
      const { probot } = await makeProbot();
      // Only what the guard reads: any further request would fail the test (no route).
      const gh = new FakeGitHub().installationToken().appIdentity().reactionList();
      const { items } = seedTracked(gh);
      const delivery = issueCommentCreated(gh, items[0], "/snooze 1w", { author: "alice" });
      gh.reactions.set(7001, [{ id: 9, content, user: { login, type: "Bot" } }]);

      const failure = await deliver(probot, delivery);

      expect(gh.calls()).toEqual(["GET /app", TOKEN, `GET ${REACTIONS}`]);
      expect(items[0].body).toBe(itemBody(0));
      expect(failure).toBeUndefined();
    },
  );

  it.each([
    ["a person's 👍 (agreeing, not answering)", { login: "maggie", type: "User" }, "+1"],
    [
      "a bot's 👀, which is not how the tracker answers",
      { login: "other[bot]", type: "Bot" },
      "eyes",
    ],
  ])("%s does not stop the command", async (_name, user, content) => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).lock().issueList().issueUpdate();
    const { items } = seedTracked(gh);
    const delivery = issueCommentCreated(gh, items[0], "/due 2026-12-20", { author: "alice" });
    gh.reactions.set(7001, [{ id: 9, content, user }]);

    const failure = await deliver(probot, delivery);

    expect(readMarker(items[0].body, "item")?.due).toBe("2026-12-20");
    expect(gh.bodies("POST", REACTIONS)).toEqual([{ content: "+1" }]);
    expect(reactionsOn(gh)).toEqual([`${user.login} ${content}`, `${BOT_LOGIN} +1`]);
    expect(failure).toBeUndefined();
  });

  it("an invalid config: a reply saying so, nothing changed", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .reactionList()
      .config("deadlines:\n  P1: soon\n")
      .commentCreate()
      .reactionCreate();
    const { items } = seedTracked(gh);

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, items[0], "/due 2026-12-20", { author: "alice" }),
    );

    expect(gh.bodies("POST", `${R}/issues/1/comments`)).toEqual([
      {
        body: "`/due` did nothing: the configuration in `.github/postmortem-tracker.yml` is invalid. Fix it first.\n",
      },
    ]);
    expect(items[0].body).toBe(itemBody(0));
    expect(reactionsOn(gh)).toEqual([`${BOT_LOGIN} confused`]);
    expect(failure).toBeUndefined();
  });

  it.each([".github/pm.yml", "config/pm.yml"])(
    "an invalid config at the Action's config-path %s: read there, and the reply names it",
    async (configPath) => {
      // The handler as the Action wires it, with its `config-path` input.
      const { probot } = await makeProbot((app) => {
        app.on(
          "issue_comment.created",
          onIssueComment(memoizeBotLogin(app), () => "2026-11-26", { configPath }),
        );
      });
      const gh = new FakeGitHub()
        .installationToken()
        .appIdentity()
        .reactionList()
        .config("deadlines:\n  P1: soon\n", configPath)
        .commentCreate()
        .reactionCreate();
      const { items } = seedTracked(gh);

      const failure = await deliver(
        probot,
        issueCommentCreated(gh, items[0], "/due 2026-12-20", { author: "alice" }),
      );

      expect(gh.calls()).toContain(`GET ${R}/contents/${configPath}`);
      expect(gh.bodies("POST", `${R}/issues/1/comments`)).toEqual([
        {
          body: `\`/due\` did nothing: the configuration in \`${configPath}\` is invalid. Fix it first.\n`,
        },
      ]);
      expect(items[0].body).toBe(itemBody(0));
      expect(failure).toBeUndefined();
    },
  );

  it.each([
    ["the app's own comment", BOT_LOGIN],
    ["another bot's comment", "renovate[bot]"],
  ])("%s: no request, no reaction", async (_name, author) => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub();
    const { items } = seedTracked(gh);

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, items[0], "/due 2026-12-20", { author }),
    );

    expect(gh.requests).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it("a comment without a command costs no request", async () => {
    const { probot } = await makeProbot();
    const gh = new FakeGitHub();
    const { items } = seedTracked(gh);

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, items[0], "Looking into it /due soon", { author: "alice" }),
    );

    expect(gh.requests).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it("a human's issue with a copied item marker, and a comment carrying one, is not tracked", async () => {
    const { probot } = await makeProbot();
    const gh = commandRoutes(new FakeGitHub()).issueList().commentCreate().collaboratorPermission();
    gh.roles.set("carol", "read");
    const { items } = seedTracked(gh);
    const forged = seedHumanIssue(gh, {
      body: `Same as #1\n${renderMarker(itemMarker(0))}\n`,
      assignees: ["carol"],
    });

    const failure = await deliver(
      probot,
      issueCommentCreated(gh, forged, `/due 2026-12-20\n${renderMarker(itemMarker(0))}`, {
        author: "carol",
      }),
    );

    expect(gh.calls()).toEqual([
      "GET /app",
      TOKEN,
      `GET ${REACTIONS}`,
      ...CONFIG,
      // carol's marker would count only if she could write here: her role is asked once.
      `GET ${R}/collaborators/carol/permission`,
      ...LISTS,
      `POST ${R}/issues/5/comments`,
      `POST ${REACTIONS}`,
    ]);
    expect(gh.bodies("POST", `${R}/issues/5/comments`)).toEqual([
      {
        body: "This issue is not tracked by postmortem-tracker, so `/due` does nothing here. Add the label “postmortem-action” to track it.\n",
      },
    ]);
    // Item #1, whose marker was copied, keeps its deadline.
    expect(readMarker(items[0].body, "item")?.due).toBe("2026-12-26");
    expect(failure).toBeUndefined();
  });
});
