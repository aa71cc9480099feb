import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  getDefaultBranch,
  getFileText,
  findMergedPullForCommit,
  getLastCommit,
  listPullFiles,
  listTreePaths,
} from "../../src/github/gateway-contents.js";
import { NotAFileError } from "../../src/github/errors.js";
import {
  commitJson,
  diffEntryJson,
  fullRepositoryJson,
  pullSimpleJson,
  treeJson,
} from "../helpers/github-json.js";
import { nockGuard } from "../helpers/nock-guard.js";
import { API, makeClient, nextLink, REPO, REPO_ID_PATH } from "./test-client.js";

const FILE = "docs/postmortems/2026-11-01-outage.md";
const SHA = "abc123";
// What Octokit sends for `mediaType: { format: "raw" }`.
// Octokit expands `{path}` as one URI segment, so the slashes go out as %2F (GitHub accepts that).
const FILE_URL = `/repos/acme/infra/contents/${encodeURIComponent(FILE)}`;
const RAW_ACCEPT = "application/vnd.github.v3.raw";

describe("getFileText", () => {
  it("asks for the raw media type at the ref and returns the text", async () => {
    nock(API)
      .get(FILE_URL)
      .query({ ref: SHA })
      .matchHeader("accept", RAW_ACCEPT)
      .reply(200, "# Outage\n\n- [ ] Fix it", { "content-type": "text/plain; charset=utf-8" });

    expect(await getFileText(makeClient(), REPO, FILE, SHA)).toBe("# Outage\n\n- [ ] Fix it");
  });

  it("decodes the bytes Octokit hands back when the content type names no charset", async () => {
    nock(API)
      .get(FILE_URL)
      .query({ ref: SHA })
      .matchHeader("accept", RAW_ACCEPT)
      .reply(200, Buffer.from("Café ✓", "utf8"), { "content-type": "application/vnd.github.raw" });

    expect(await getFileText(makeClient(), REPO, FILE, SHA)).toBe("Café ✓");
  });

  it("returns null when the file does not exist at the ref", async () => {
    nock(API).get(FILE_URL).query({ ref: SHA }).reply(404, { message: "Not Found" });

    expect(await getFileText(makeClient(), REPO, FILE, SHA)).toBeNull();
  });

  it("rejects a directory, for which GitHub ignores the raw media type", async () => {
    nock(API)
      .get("/repos/acme/infra/contents/docs")
      .query({ ref: SHA })
      .reply(200, [{ type: "file", name: "a.md", path: "docs/a.md" }]);

    const error = await getFileText(makeClient(), REPO, "docs", SHA).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAFileError);
    expect(error).toMatchObject({ path: "docs", kind: "dir" });
  });

  it("rejects a submodule", async () => {
    nock(API)
      .get("/repos/acme/infra/contents/vendor%2Flib")
      .query({ ref: SHA })
      .reply(200, { type: "submodule", name: "lib", path: "vendor/lib" });

    await expect(getFileText(makeClient(), REPO, "vendor/lib", SHA)).rejects.toMatchObject({
      name: "NotAFileError",
      kind: "submodule",
    });
  });

  it("lets other errors through", async () => {
    nock(API)
      .get(FILE_URL)
      .query({ ref: SHA })
      .reply(403, { message: "Resource not accessible by integration" });

    await expect(getFileText(makeClient(), REPO, FILE, SHA)).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe("listPullFiles", () => {
  it("follows the Link header across pages, 100 per page", async () => {
    nock(API)
      .get("/repos/acme/infra/pulls/7/files")
      .query({ per_page: "100" })
      .reply(
        200,
        [diffEntryJson("a.md", "added", SHA), diffEntryJson("b.md", "renamed", SHA)],
        nextLink(`${REPO_ID_PATH}/pulls/7/files?per_page=100&page=2`),
      )
      .get(`${REPO_ID_PATH}/pulls/7/files`)
      .query({ per_page: "100", page: "2" })
      .reply(200, [diffEntryJson("c.md", "removed", SHA)]);

    expect(await listPullFiles(makeClient(), REPO, 7)).toEqual([
      { path: "a.md", status: "added", previousPath: null },
      { path: "b.md", status: "renamed", previousPath: "old/b.md" },
      { path: "c.md", status: "removed", previousPath: null },
    ]);
  });
});

describe("getDefaultBranch", () => {
  it("reads default_branch", async () => {
    nock(API)
      .get("/repos/acme/infra")
      .reply(200, { ...fullRepositoryJson(), default_branch: "trunk" });

    expect(await getDefaultBranch(makeClient(), REPO)).toBe("trunk");
  });

  it("fails loudly when the field is missing", async () => {
    nock(API).get("/repos/acme/infra").reply(200, { id: 42 });

    await expect(getDefaultBranch(makeClient(), REPO)).rejects.toMatchObject({
      name: "UnexpectedResponseError",
    });
    // The answer is one GitHub never gives, on purpose: the guard says so, and is then reset.
    expect(() => {
      nockGuard.assertClean();
    }).toThrow(
      "GET https://api.github.com/repos/acme/infra answered 200 (GET /repos/{owner}/{repo}):",
    );
    nockGuard.reset();
  });
});

describe("listTreePaths", () => {
  /** A tree entry as GitHub lists it: a file (blob), a folder (tree) or a submodule (commit). */
  const entry = (path: string, mode: string, type: string) => {
    const sha = Buffer.from(path).toString("hex").padEnd(40, "0").slice(0, 40);
    return { path, mode, type, sha, url: `${API}/repos/acme/infra/git/${type}s/${sha}` };
  };

  it("asks for the recursive tree and keeps only blobs", async () => {
    nock(API)
      .get("/repos/acme/infra/git/trees/main")
      .query({ recursive: "1" })
      .reply(200, {
        ...treeJson("t1", []),
        truncated: true,
        tree: [
          entry("docs", "040000", "tree"),
          entry("docs/a.md", "100644", "blob"),
          entry("vendor/lib", "160000", "commit"),
          entry("README.md", "100644", "blob"),
        ],
      });

    expect(await listTreePaths(makeClient(), REPO, "main")).toEqual({
      paths: ["docs/a.md", "README.md"],
      truncated: true,
    });
  });
});

describe("getLastCommit", () => {
  it("reads the sha and committer date of the newest commit touching the path", async () => {
    nock(API)
      .get("/repos/acme/infra/commits")
      .query({ path: FILE, sha: "main", per_page: "1" })
      .reply(200, [commitJson("c1", "2026-11-02T10:00:00Z", "2026-11-01T09:00:00Z")]);

    expect(await getLastCommit(makeClient(), REPO, FILE, "main")).toEqual({
      sha: "c1",
      date: "2026-11-02T10:00:00Z",
    });
  });

  it("returns null when no commit touched the path", async () => {
    nock(API)
      .get("/repos/acme/infra/commits")
      .query({ path: FILE, sha: "main", per_page: "1" })
      .reply(200, []);

    expect(await getLastCommit(makeClient(), REPO, FILE, "main")).toBeNull();
  });
});

describe("findMergedPullForCommit", () => {
  const pull = (number: number, mergedAt: string | null, base: string, login: string) =>
    pullSimpleJson({
      number,
      headSha: "c1",
      state: "closed",
      mergedAt,
      author: login,
      baseRef: base,
    });

  it("returns the pull request merged into the branch, skipping open ones and other bases", async () => {
    nock(API)
      .get("/repos/acme/infra/commits/c1/pulls")
      .query({ per_page: "10" })
      .reply(200, [
        pull(7, null, "main", "drafter"),
        pull(8, "2026-11-02T10:00:00Z", "release", "porter"),
        pull(9, "2026-11-02T10:00:00Z", "main", "alice"),
      ]);

    expect(await findMergedPullForCommit(makeClient(), REPO, "c1", "main")).toEqual({
      number: 9,
      author: "alice",
      mergedAt: "2026-11-02T10:00:00Z",
    });
  });

  it("returns null for a commit pushed straight to the branch", async () => {
    nock(API).get("/repos/acme/infra/commits/c2/pulls").query({ per_page: "10" }).reply(200, []);

    expect(await findMergedPullForCommit(makeClient(), REPO, "c2", "main")).toBeNull();
  });
});
