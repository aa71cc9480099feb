import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/parse-config.js";
import { readMarker, renderMarker } from "../../src/core/issue-marker.js";
import type { TrackedIssue } from "../../src/core/tracked-issue.js";
import { ensureDigestIssue, findDigestIssue, saveAdopted } from "../../src/github/digest-issue.js";
import { listOwnIssues, type SyncTarget } from "../../src/github/sync-work.js";
import { makeAuthorTrust } from "../../src/github/tracker-trust.js";
import { BOT_LOGIN, FakeGitHub, REPO_URL } from "../helpers/github-mock.js";
import { makeClient, REPO } from "../github/test-client.js";

const PATH = "/repos/acme/infra";

function target(): SyncTarget {
  const client = makeClient();
  return {
    client,
    repo: REPO,
    repoUrl: REPO_URL,
    trust: makeAuthorTrust(client, REPO, BOT_LOGIN),
    config: defaultConfig(),
    log: pino({ level: "silent" }),
  };
}

function issue(number: number, body: string, author = BOT_LOGIN): TrackedIssue {
  return {
    number,
    id: number,
    title: "Postmortem action items",
    body,
    state: "open",
    stateReason: null,
    assignees: [],
    labels: [],
    author,
    authorType: author.endsWith("[bot]") ? "Bot" : "User",
    url: `${REPO_URL}/issues/${number}`,
    createdAt: "2026-11-01T00:00:00Z",
    updatedAt: "2026-11-01T00:00:00Z",
    closedAt: null,
  };
}

const registry = (numbers: number[]) =>
  renderMarker({
    v: 1,
    kind: "digest",
    adopted: numbers.map((number) => ({
      number,
      due: "2026-12-01",
      priority: "P2",
      since: "2026-11-20",
    })),
  });

describe("findDigestIssue", () => {
  it("finds the issue with a digest marker, the oldest of two, and nothing else", () => {
    const item = renderMarker({
      v: 1,
      kind: "item",
      path: "a.md",
      key: "k",
      due: "2026-12-01",
      priority: "P1",
    });
    expect(findDigestIssue([issue(1, item)])).toBeNull();
    const found = findDigestIssue([
      issue(4, registry([7])),
      issue(2, registry([])),
      issue(1, item),
    ]);
    expect(found?.issue.number).toBe(2);
    expect(found?.marker).toEqual({ v: 1, kind: "digest", adopted: [] });
  });
});

describe("ensureDigestIssue", () => {
  it("creates it once, even when GitHub answers the create with a 502 after filing it", async () => {
    // No label fix-up after a lost answer: the next create of a labelled issue does it.
    const github = new FakeGitHub().issueCreate().issueList();
    github.createsAnswering502.add(1);
    const t = target();

    const digest = await ensureDigestIssue(t, []);

    expect(digest.issue.number).toBe(1);
    expect(github.issues).toHaveLength(1);
    // After the lost answer: the tracker's issues are listed again (2 labels, 1 login).
    expect(github.calls()).toEqual([
      `POST ${PATH}/issues`,
      ...Array<string>(3).fill(`GET ${PATH}/issues`),
    ]);
    // A second call with the app's issues finds it and writes nothing.
    github.clearRequests();
    const again = await ensureDigestIssue(t, await listOwnIssues(t));
    expect(again.issue.number).toBe(1);
    expect(github.writes()).toEqual([]);
  });

  it("ignores a digest marker pasted into someone else's issue", async () => {
    const github = new FakeGitHub().issueCreate().issueList().labelUpdate();
    github.addIssue({
      title: "Fake",
      body: registry([99]),
      labels: [],
      assignees: [],
      author: "mallory",
    });
    const t = target();

    const digest = await ensureDigestIssue(t, await listOwnIssues(t));

    expect(digest.issue.number).toBe(2);
    expect(digest.marker.adopted).toEqual([]);
    expect(github.bodies("PATCH", `${PATH}/labels/postmortem`)).toEqual([
      { color: "5319e7", description: "Tracking issue of a postmortem's action items" },
    ]);
  });
});

describe("saveAdopted", () => {
  it("writes the registry sorted by number, one entry per issue, and nothing when unchanged", async () => {
    const github = new FakeGitHub().issueCreate().issueUpdate().labelUpdate();
    const t = target();
    const digest = await ensureDigestIssue(t, []);
    github.clearRequests();
    const entry = (number: number, due: string) => ({
      number,
      due,
      priority: "P1" as const,
      since: "2026-11-20",
    });

    const saved = await saveAdopted(t, digest, [
      entry(12, "2026-12-01"),
      entry(3, "2026-12-24"),
      entry(12, "2026-12-05"),
    ]);

    expect(readMarker(saved.body, "digest")?.adopted).toEqual([
      entry(3, "2026-12-24"),
      entry(12, "2026-12-05"),
    ]);
    expect(saved.body).toContain(
      "2 issues tracked because someone added the tracker label:\n\n- #3, due Thu 24 Dec 2026 (P1)\n- #12, due Sat 5 Dec 2026 (P1)\n",
    );
    expect(github.calls()).toEqual([`PATCH ${PATH}/issues/1`]);

    github.clearRequests();
    const marker = readMarker(saved.body, "digest");
    if (marker === null) throw new Error("no marker");
    await saveAdopted(t, { issue: saved, marker }, [
      entry(12, "2026-12-05"),
      entry(3, "2026-12-24"),
    ]);
    expect(github.requests).toEqual([]);
  });
});
