import nock from "nock";
import { describe, expect, it } from "vitest";
import { createComment, listComments, updateComment } from "../../src/github/gateway-comments.js";
import { commentJson as githubCommentJson } from "../helpers/github-json.js";
import { API, makeClient, nextLink, REPO, REPO_ID_PATH } from "./test-client.js";

/** A comment on issue 9 as GitHub answers it; `user` is null for a deleted account. */
function commentJson(id: number, body: string, login: string | null = "alice") {
  const json = githubCommentJson({
    id,
    issue_number: 9,
    body,
    user: { login: login ?? "ghost" },
    created_at: `2026-11-0${id}T00:00:00Z`,
  });
  return login === null ? { ...json, user: null } : json;
}

describe("createComment and updateComment", () => {
  it("posts the body and returns the comment's id and URL", async () => {
    nock(API)
      .post("/repos/acme/infra/issues/9/comments", { body: "Weekly digest" })
      .reply(201, commentJson(1, "Weekly digest"));

    expect(await createComment(makeClient(), REPO, 9, "Weekly digest")).toEqual({
      id: 1,
      url: "https://github.com/acme/infra/issues/9#issuecomment-1",
    });
  });

  it("edits a comment in place by id", async () => {
    nock(API)
      .patch("/repos/acme/infra/issues/comments/1", { body: "Updated digest" })
      .reply(200, commentJson(1, "Updated digest"));

    expect(await updateComment(makeClient(), REPO, 1, "Updated digest")).toEqual({
      id: 1,
      url: "https://github.com/acme/infra/issues/9#issuecomment-1",
    });
  });

  it("wraps a failed post in GitHubWriteError", async () => {
    nock(API)
      .post("/repos/acme/infra/issues/9/comments", { body: "x" })
      .reply(403, { message: "Resource not accessible by integration" });

    await expect(createComment(makeClient(), REPO, 9, "x")).rejects.toMatchObject({
      name: "GitHubWriteError",
      status: 403,
      outcome: "rejected",
    });
  });
});

describe("listComments", () => {
  it("reads every page, with `since`", async () => {
    nock(API)
      .get("/repos/acme/infra/issues/9/comments")
      .query({ per_page: "100", since: "2026-11-01T00:00:00Z" })
      .reply(
        200,
        [commentJson(1, "first"), commentJson(2, "", null)],
        nextLink(`${REPO_ID_PATH}/issues/9/comments?since=2026-11-01T00%3A00%3A00Z&page=2`),
      )
      .get(`${REPO_ID_PATH}/issues/9/comments`)
      .query({ since: "2026-11-01T00:00:00Z", page: "2" })
      .reply(200, [commentJson(3, "third", "postmortem-tracker[bot]")]);

    const comments = await listComments(makeClient(), REPO, 9, { since: "2026-11-01T00:00:00Z" });

    expect(comments).toEqual([
      {
        id: 1,
        body: "first",
        author: "alice",
        authorType: "User",
        createdAt: "2026-11-01T00:00:00Z",
      },
      // A deleted account: "ghost", a User that no role lookup vouches for.
      { id: 2, body: "", author: "ghost", authorType: "User", createdAt: "2026-11-02T00:00:00Z" },
      {
        id: 3,
        body: "third",
        author: "postmortem-tracker[bot]",
        authorType: "Bot",
        createdAt: "2026-11-03T00:00:00Z",
      },
    ]);
  });

  it("sends no `since` when none is given", async () => {
    nock(API).get("/repos/acme/infra/issues/9/comments").query({ per_page: "100" }).reply(200, []);

    expect(await listComments(makeClient(), REPO, 9)).toEqual([]);
  });
});
