import { describe, expect, it } from "vitest";
import {
  appJson,
  branchJson,
  checkRunJson,
  commentJson,
  commitJson,
  diffEntryJson,
  fullRepositoryJson,
  installationJson,
  installationTokenJson,
  issueJson,
  labelJson,
  permissionJson,
  pullJson,
  pullSimpleJson,
  reactionJson,
  repositoryJson,
  treeJson,
  userProfileJson,
  validationFailedJson,
} from "./helpers/github-json.js";
import { checkAnswer } from "./helpers/openapi-nock.js";

const API = "https://api.github.com";
const SHA = "9f2c4e1a7b3d5f60812a4c6e8b0d2f4a6c8e0b1d";

/** What the guard would say about answering `METHOD path` with `status` and `body`. */
function problems(method: string, path: string, status: number, body: unknown): string[] {
  return checkAnswer(API, { method, path }, status, body)?.problems ?? [];
}

describe("GitHub's JSON for the nock doubles (helpers/github-json.ts)", () => {
  it.each([
    ["GET", "/app", 200, appJson()],
    ["POST", "/app/installations/1/access_tokens", 201, installationTokenJson()],
    ["GET", "/repos/acme/infra/installation", 200, installationJson(1)],
    [
      "GET",
      "/installation/repositories",
      200,
      { total_count: 1, repositories: [repositoryJson("infra")] },
    ],
    ["GET", "/repos/acme/infra", 200, fullRepositoryJson()],
    ["GET", "/repos/acme/infra/branches/main", 200, branchJson(SHA)],
    ["GET", `/repos/acme/infra/git/trees/${SHA}`, 200, treeJson(SHA, ["postmortems/a.md"])],
    ["GET", "/repos/acme/infra/commits", 200, [commitJson(SHA)]],
    [
      "GET",
      `/repos/acme/infra/commits/${SHA}/pulls`,
      200,
      [pullSimpleJson({ number: 4, headSha: SHA })],
    ],
    ["GET", "/repos/acme/infra/pulls/4", 200, pullJson({ number: 4, headSha: SHA })],
    [
      "GET",
      "/repos/acme/infra/pulls/4/files",
      200,
      [diffEntryJson("postmortems/a.md", "added", SHA)],
    ],
    [
      "GET",
      "/repos/acme/infra/issues",
      200,
      [
        issueJson({
          number: 1,
          title: "t",
          labels: ["postmortem-action"],
          assignees: [{ login: "alice" }],
        }),
        issueJson({ number: 2, title: "a pull request", pull_request: {} }),
      ],
    ],
    ["POST", "/repos/acme/infra/issues", 201, issueJson({ number: 3, title: "t" })],
    [
      "POST",
      "/repos/acme/infra/issues/3/comments",
      201,
      commentJson({ id: 9, issue_number: 3, body: "b" }),
    ],
    ["POST", "/repos/acme/infra/labels", 201, labelJson({ name: "postmortem", color: "b60205" })],
    [
      "POST",
      "/repos/acme/infra/labels",
      422,
      validationFailedJson({ resource: "Label", code: "already_exists", field: "name" }),
    ],
    [
      "POST",
      "/repos/acme/infra/issues/comments/9/reactions",
      201,
      reactionJson({ id: 1, content: "+1", user: { login: "postmortem-tracker[bot]" } }),
    ],
    [
      "GET",
      "/repos/acme/infra/collaborators/alice/permission",
      200,
      permissionJson("alice", "maintain"),
    ],
    [
      "POST",
      "/repos/acme/infra/check-runs",
      201,
      checkRunJson({ id: 7, name: "n", head_sha: SHA }),
    ],
    ["GET", "/user", 200, userProfileJson("alice")],
  ])("%s %s %i is an answer GitHub gives", (method, path, status, body) => {
    expect(problems(method, path, status, body)).toEqual([]);
  });
});
