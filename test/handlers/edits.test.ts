import { describe, expect, it } from "vitest";
import { readMarker } from "../../src/core/issue-marker.js";
import {
  deliver,
  FakeGitHub,
  LOCK_LABEL,
  MERGE_SHA,
  pullRequestClosed,
  push,
  readFixture,
  REPO_URL,
} from "../helpers/github-mock.js";
import { makeProbot } from "../helpers/probot.js";

/*
 * A postmortem already filed (by the app itself, in PR #42) is edited by a direct push to main.
 * The set-up merge runs through the same fake, so the existing issues carry exactly the bodies
 * and markers the app writes.
 */

const R = "/repos/acme/infra";
/** The tracker's issues: by the items' label, by the tracking label, by the app's login. */
const LISTS = Array<string>(3).fill(`GET ${R}/issues`);
const PUSH_SHA = "4d1e7c9b2a0f3e5d7c9b1a3f5e7d9c1b3a5f7e9d";
const PUSHED_AT = "2026-12-03T16:45:00+01:00";

/** Routes for the set-up merge and the push; the push's file version is served at PUSH_SHA. */
function editedRepo(path: string, before: string, after: string): FakeGitHub {
  const gh = new FakeGitHub();
  gh.assignable.add("alice");
  return gh
    .installationToken()
    .appIdentity()
    .config(null)
    .pullFiles(42, [{ filename: path, status: "added" }])
    .file(path, MERGE_SHA, readFixture(before))
    .file(path, PUSH_SHA, readFixture(after))
    .commitPulls(PUSH_SHA, [])
    .issueList()
    .lock()
    .assigneeCheck()
    .issueCreate()
    .issueUpdate()
    .labelUpdate()
    .commentList()
    .commentCreate();
}

describe("an edit pushed to a filed postmortem", () => {
  it("9. a removed item: its open issue gets a comment and is closed as not planned; the tracking issue is updated", async () => {
    const path = "postmortems/2026-05-01-outage.md";
    const { probot } = await makeProbot();
    const gh = editedRepo(path, "seed.md", "seed-item-removed.md");
    const setUp = await deliver(probot, pullRequestClosed());
    // #1–#5 are the items in document order, #6 the tracking issue; #2 is the one removed.
    expect(gh.issues.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(gh.issues[1]?.title).toBe(
      "Increase the performance metrics threshold to alert on-call engineers in the event of a possible server crash",
    );
    gh.clearRequests();

    const failure = await deliver(
      probot,
      push({ after: PUSH_SHA, modified: [path], timestamp: PUSHED_AT }),
    );

    expect(gh.calls()).toEqual([
      `GET ${R}/contents/.github/postmortem-tracker.yml`,
      "GET /repos/acme/.github/contents/.github/postmortem-tracker.yml",
      `GET ${R}/commits/${PUSH_SHA}/pulls`,
      `GET ${R}/contents/${path}`,
      ...LISTS,
      `POST ${R}/labels`,
      ...LISTS,
      `POST ${R}/issues/2/comments`,
      `PATCH ${R}/issues/2`,
      `PATCH ${R}/issues/6`,
      `GET ${R}/labels/${LOCK_LABEL}`,
      `DELETE ${R}/labels/${LOCK_LABEL}`,
    ]);
    const comment = (gh.bodies("POST", `${R}/issues/2/comments`) as { body: string }[])[0];
    expect(comment?.body).toContain("This action item was removed from the postmortem");
    expect(comment?.body).toContain(PUSH_SHA.slice(0, 7));
    expect(comment?.body).toContain("Closing it as not planned.");
    expect(gh.bodies("PATCH", `${R}/issues/2`)).toEqual([
      { state: "closed", state_reason: "not_planned" },
    ]);
    expect(gh.issues[1]).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(gh.issues.filter((i) => i.state === "closed").map((i) => i.number)).toEqual([2]);

    const tracking = (gh.bodies("PATCH", `${R}/issues/6`) as { body?: string }[])[0]?.body ?? "";
    for (const n of [1, 3, 4, 5]) expect(tracking).toContain(`- [ ] #${n}\n`);
    expect(tracking).not.toContain("- [ ] #2\n");
    expect(tracking).toContain(`${REPO_URL}/blob/${PUSH_SHA}/${path}`);
    expect(readMarker(tracking, "tracking")).toEqual({ v: 1, kind: "tracking", path, pr: 42 });
    expect(gh.bodies("POST", `${R}/issues`)).toEqual([]);
    expect(failure).toBeUndefined();
    expect(setUp, "the set-up merge in PR #42 failed").toBeUndefined();
  });

  it("10. a reworded item ('Add alerting on queue depth' → '… and consumer lag'): its issue's title and body are updated (new key, same deadline), no new issue", async () => {
    const path = "postmortems/2026-11-20-queue-backlog.md";
    const { probot } = await makeProbot();
    const gh = editedRepo(path, "queue-v1.md", "queue-v2.md");
    const setUp = await deliver(probot, pullRequestClosed());
    expect(gh.issues.map((i) => [i.number, i.title])).toEqual([
      [1, "Add alerting on queue depth"],
      [2, "Document the consumer rollback runbook"],
      [3, "Postmortem: Queue backlog incident"],
    ]);
    expect(readMarker(gh.issues[0]?.body, "item")?.key).toBe("8a2bd0bcdc40");
    gh.clearRequests();

    const failure = await deliver(
      probot,
      push({ after: PUSH_SHA, modified: [path], timestamp: PUSHED_AT }),
    );

    expect(gh.bodies("POST", `${R}/issues`)).toEqual([]);
    const patches = gh.bodies("PATCH", `${R}/issues/1`) as { title?: string; body?: string }[];
    expect(patches).toHaveLength(1);
    expect(patches[0]).toEqual({
      title: "Add alerting on queue depth and consumer lag",
      body: expect.any(String) as unknown,
    });
    const body = patches[0]?.body ?? "";
    expect(body).toContain("> Add alerting on queue depth and consumer lag\n");
    expect(body).toContain(`${REPO_URL}/blob/${PUSH_SHA}/${path}#L9`);
    // The key follows the words; the deadline stays the one first set (policy from the merge).
    expect(readMarker(body, "item")).toEqual({
      v: 1,
      kind: "item",
      path,
      key: "5e5f8ef8e8bc",
      due: "2026-12-26",
      priority: "P2",
    });
    expect(gh.issues[0]).toMatchObject({
      title: "Add alerting on queue depth and consumer lag",
      state: "open",
    });
    // The untouched item is left alone; only the tracking issue (new commit link) may change.
    expect(gh.bodies("PATCH", `${R}/issues/2`)).toEqual([]);
    expect(
      gh
        .writes()
        .map((r) => `${r.method} ${r.path}`)
        .filter((c) => !c.includes("/labels")),
    ).toEqual([`PATCH ${R}/issues/1`, `PATCH ${R}/issues/3`]);
    expect(gh.issues).toHaveLength(3);
    expect(failure).toBeUndefined();
    expect(setUp, "the set-up merge in PR #42 failed").toBeUndefined();
  });

  it("a postmortem committed straight to main, with no owners: its items are filed unassigned and say why, as `sync` would file them", async () => {
    const path = "postmortems/2026-11-20-queue-backlog.md";
    const { probot } = await makeProbot();
    const gh = new FakeGitHub()
      .installationToken()
      .appIdentity()
      .config(null)
      .file(path, PUSH_SHA, readFixture("queue-v1.md"))
      .commitPulls(PUSH_SHA, [])
      .issueList()
      .lock()
      .issueCreate()
      .labelUpdate();

    const failure = await deliver(
      probot,
      push({ after: PUSH_SHA, added: [path], timestamp: PUSHED_AT, pusher: "alice" }),
    );

    expect(failure).toBeUndefined();
    const created = gh.bodies("POST", `${R}/issues`) as { assignees?: string[]; body: string }[];
    const items = created.filter((c) => readMarker(c.body, "item") !== null);
    expect(items).toHaveLength(2);
    for (const item of items) {
      // The pusher is not the owner: pushing may be no more than moving a file.
      expect(item.assignees ?? []).toEqual([]);
      expect(item.body).toContain("committed without a pull request whose author could own it");
    }
    expect(gh.calls()).not.toContain(`GET ${R}/assignees/alice`);
  });
});
