import { createSign } from "node:crypto";
import { verify } from "@octokit/webhooks-methods";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalGitHub, WebhookSender, type Repository } from "./index.js";
import { generateAppKeys } from "./auth.js";
import { conform } from "./webhooks.js";

/*
 * The local GitHub behaves as GitHub documents, and keeps the tests that use it honest: a
 * request GitHub would refuse, or an answer GitHub would never give, is a recorded violation.
 * Requests go over HTTP with fetch, authenticated like the app (JWT, then installation token).
 */

const R = "/repos/acme/infra";

describe("the local GitHub", { timeout: 15_000 }, () => {
  let gh: LocalGitHub;
  let repo: Repository;
  let token: string;

  beforeEach(async () => {
    gh = await LocalGitHub.start();
    repo = gh.state.createRepository({ owner: "acme", name: "infra", files: { "a.md": "a\n" } });
    gh.state.addCollaborator(repo, "alice", "write");
    gh.state.addCollaborator(repo, "rita", "read");
    const installation = gh.state.installApp("acme", [repo]);
    token = gh.tokens.issue(installation, Date.now()).token;
  });

  afterEach(async () => {
    await gh.close();
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
    auth = `token ${token}`,
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const response = await fetch(`${gh.url}/api/v3${path}`, {
      method,
      headers: {
        authorization: auth,
        accept: "application/vnd.github+json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text === "" ? undefined : (JSON.parse(text) as unknown),
      headers: response.headers,
    };
  }

  function appJwt(privateKey = gh.app.privateKey, iss: number = gh.app.id): string {
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat: now - 30, exp: now + 540, iss })}`;
    const signature = createSign("RSA-SHA256").update(unsigned).sign(privateKey, "base64url");
    return `${unsigned}.${signature}`;
  }

  function issueNumbers(body: unknown): number[] {
    return (body as { number: number }[]).map((i) => i.number);
  }

  describe("issues", () => {
    it("refuses a create whose assignee cannot be assigned with 422 (field assignees, code invalid) and files nothing", async () => {
      const reply = await call("POST", `${R}/issues`, {
        title: "t",
        assignees: ["alice", "mallory"],
      });

      expect(reply.status).toBe(422);
      expect(reply.body).toMatchObject({
        message: "Validation Failed",
        errors: [{ value: "mallory", resource: "Issue", field: "assignees", code: "invalid" }],
      });
      expect(repo.issues.size).toBe(0);
      expect((await call("GET", `${R}/assignees/mallory`)).status).toBe(404);
      expect((await call("GET", `${R}/assignees/alice`)).status).toBe(204);
      // An update cannot assign such a person either.
      const created = await call("POST", `${R}/issues`, { title: "t", assignees: ["alice"] });
      const number = (created.body as { number: number }).number;
      expect(
        (await call("PATCH", `${R}/issues/${number}`, { assignees: ["mallory"] })).status,
      ).toBe(422);
      expect(repo.issues.get(number)?.assignees.map((a) => a.login)).toEqual(["alice"]);
      gh.assertNoViolations();
    });

    it("creates unknown labels grey (#ededed) and keeps the colour of existing ones", async () => {
      await call("POST", `${R}/labels`, { name: "bug", color: "d73a4a" });
      const reply = await call("POST", `${R}/issues`, { title: "t", labels: ["Bug", "new-one"] });

      expect(reply.status).toBe(201);
      const labels = (reply.body as { labels: { name: string; color: string }[] }).labels;
      expect(labels.map((l) => [l.name, l.color])).toEqual([
        ["bug", "d73a4a"],
        ["new-one", "ededed"],
      ]);
      expect((await call("GET", `${R}/labels/new-one`)).body).toMatchObject({
        color: "ededed",
        description: null,
      });
      gh.assertNoViolations();
    });

    it("enforces GitHub's title (256) and body (65,536) limits with 422", async () => {
      const title = await call("POST", `${R}/issues`, { title: "x".repeat(257) });
      const body = await call("POST", `${R}/issues`, { title: "t", body: "x".repeat(65_537) });
      const fits = await call("POST", `${R}/issues`, {
        title: "x".repeat(256),
        body: "x".repeat(65_536),
      });

      expect(title).toMatchObject({ status: 422, body: { errors: [{ field: "title" }] } });
      expect(body).toMatchObject({ status: 422, body: { errors: [{ field: "body" }] } });
      expect(fits.status).toBe(201);
      const number = (fits.body as { number: number }).number;
      const comment = await call("POST", `${R}/issues/${number}/comments`, {
        body: "x".repeat(65_537),
      });
      expect(comment.status).toBe(422);
      gh.assertNoViolations();
    });

    it("lists pull requests too, filters by state, labels, creator and since, and pages with Link headers", async () => {
      const pr = gh.state.openPullRequest(repo, {
        author: "alice",
        title: "PR",
        branch: "b",
        changes: { "b.md": "b" },
      });
      for (let n = 0; n < 5; n += 1) {
        await call("POST", `${R}/issues`, {
          title: `bot ${n}`,
          labels: n % 2 === 0 ? ["even", "all"] : ["all"],
        });
      }
      gh.state.createIssue(repo, { author: "alice", title: "by a person" });

      const open = await call("GET", `${R}/issues`);
      expect(issueNumbers(open.body)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      expect(
        (open.body as { number: number; pull_request?: unknown }[]).find(
          (i) => i.number === pr.number,
        )?.pull_request,
      ).toBeDefined();
      const mine = await call(
        "GET",
        `${R}/issues?creator=${encodeURIComponent(`${gh.app.slug}[bot]`)}&labels=even,ALL&state=all`,
      );
      expect(issueNumbers(mine.body)).toEqual([6, 4, 2]);
      const future = await call(
        "GET",
        `${R}/issues?since=${new Date(Date.now() + 60_000).toISOString()}`,
      );
      expect(future.body).toEqual([]);

      const first = await call("GET", `${R}/issues?per_page=3`);
      expect(issueNumbers(first.body)).toEqual([7, 6, 5]);
      const link = first.headers.get("link") ?? "";
      expect(link).toContain(`${gh.url}/api/v3${R}/issues?per_page=3&page=2>; rel="next"`);
      expect(link).toContain('page=3>; rel="last"');
      const last = await call("GET", `${R}/issues?per_page=3&page=3`);
      expect(issueNumbers(last.body)).toEqual([1]);
      expect(last.headers.get("link")).toContain('rel="prev"');
      gh.assertNoViolations();
    });
  });

  describe("keeping callers honest", () => {
    it("records a request GitHub's description rejects, answers 422, and fails assertNoViolations", async () => {
      const noTitle = await call("POST", `${R}/issues`, { body: "no title" });
      const badState = await call("GET", `${R}/issues?state=done&per_page=100`);
      const misspelt = await call("GET", `${R}/issues?lables=bug`);

      expect([noTitle.status, badState.status, misspelt.status]).toEqual([422, 422, 422]);
      expect(gh.violations.map((v) => v.problems)).toEqual([
        ["request body: must have required property 'title'"],
        [expect.stringContaining("query parameter state") as unknown],
        ["unknown query parameter lables"],
      ]);
      expect(() => {
        gh.assertNoViolations();
      }).toThrow(/3 violation/);
      gh.violations.length = 0;
    });

    it("records an answer GitHub would never send (a route that forgets a required field)", async () => {
      gh.addRoute({
        operation: "GET /repos/{owner}/{repo}/labels/{name}",
        auth: "token",
        handle: () => ({ status: 200, body: { name: "bug", color: "ffffff" } }),
      });

      expect((await call("GET", `${R}/labels/bug`)).status).toBe(200);
      expect(gh.violations).toHaveLength(1);
      expect(gh.violations[0]?.problems).toContain(
        "200 response body: must have required property 'id'",
      );
      gh.violations.length = 0;
    });

    it("records a call to an operation outside the subset", async () => {
      expect((await call("GET", `${R}/milestones`)).status).toBe(404);
      expect(gh.violations.map((v) => v.kind)).toEqual(["unknown-operation"]);
      gh.violations.length = 0;
    });
  });

  describe("app authentication", () => {
    it("takes the app's RS256 JWT on app endpoints and an unexpired installation token elsewhere", async () => {
      const jwt = `Bearer ${appJwt()}`;
      expect((await call("GET", "/app", undefined, jwt)).body).toMatchObject({
        slug: "postmortem-tracker",
      });
      const installation = (await call("GET", `${R}/installation`, undefined, jwt)).body as {
        id: number;
      };
      const minted = await call(
        "POST",
        `/app/installations/${installation.id}/access_tokens`,
        {},
        jwt,
      );
      expect(minted.status).toBe(201);
      const fresh = (minted.body as { token: string }).token;
      expect((await call("GET", `${R}/issues`, undefined, `token ${fresh}`)).status).toBe(200);

      expect((await call("GET", "/app")).status).toBe(401); // a token where a JWT is needed
      expect((await call("GET", `${R}/issues`, undefined, jwt)).status).toBe(401); // and the reverse
      expect((await call("GET", `${R}/issues`, undefined, "")).status).toBe(401);
      const otherKey = generateAppKeys(true).privateKey;
      expect((await call("GET", "/app", undefined, `Bearer ${appJwt(otherKey)}`)).status).toBe(401);
      expect((await call("GET", "/app", undefined, `Bearer ${appJwt(undefined, 1)}`)).status).toBe(
        401,
      );

      expect(gh.expireTokens()).toBe(2);
      expect((await call("GET", `${R}/issues`, undefined, `token ${fresh}`)).body).toMatchObject({
        message: "Bad credentials",
      });
      gh.assertNoViolations();
    });

    it("hides private repositories outside the token's installation (404); public ones are read-only (403 on writes)", async () => {
      const other = gh.state.createRepository({ owner: "other", name: "private", private: true });
      gh.state.installApp("other", [other]);
      expect((await call("GET", "/repos/other/private/issues")).status).toBe(404);
      gh.state.createRepository({ owner: "other", name: "public" });
      expect((await call("GET", "/repos/other/public/issues")).status).toBe(200);
      expect(await call("POST", "/repos/other/public/issues", { title: "t" })).toMatchObject({
        status: 403,
        body: { message: "Resource not accessible by integration" },
      });
      gh.assertNoViolations();
    });
  });

  describe("each kind of credential", () => {
    /** The four kinds, as `Authorization` header values. */
    function credentials() {
      const installation = [...gh.state.installations.values()][0];
      if (installation === undefined) throw new Error("no installation");
      gh.state.addCollaborator(repo, "maggie", "maintain");
      return {
        app: `Bearer ${appJwt()}`,
        installation: `token ${gh.issueInstallationToken(installation)}`,
        actions: `token ${gh.issueActionsToken(repo)}`,
        // Personal tokens work with either scheme.
        user: `Bearer ${gh.issuePersonalToken("maggie")}`,
      };
    }

    it("GET /user: 403 'Resource not accessible by integration' for installation and Actions tokens, the user for a personal token, 401 for the app's JWT", async () => {
      const as = credentials();
      for (const kind of ["installation", "actions"] as const) {
        expect(await call("GET", "/user", undefined, as[kind])).toMatchObject({
          status: 403,
          body: {
            message: "Resource not accessible by integration",
            documentation_url:
              "https://docs.github.com/rest/users/users#get-the-authenticated-user",
          },
        });
      }
      expect(await call("GET", "/user", undefined, as.user)).toMatchObject({
        status: 200,
        body: { login: "maggie", type: "User", user_view_type: "public" },
      });
      expect((await call("GET", "/user", undefined, as.app)).status).toBe(401);
      expect((await call("GET", "/user", undefined, "token ghp_unknown")).status).toBe(401);
      gh.assertNoViolations();
    });

    it("GET /app takes only the JWT; GET /installation/repositories only installation tokens (the Actions token lists its one repository)", async () => {
      gh.state.createRepository({ owner: "acme", name: "second", private: true });
      const second = gh.state.repository("acme", "second");
      const installation = [...gh.state.installations.values()][0];
      if (second === undefined || installation === undefined) throw new Error("setup");
      installation.repositories.push(second);
      const as = credentials();

      expect((await call("GET", "/app", undefined, as.app)).status).toBe(200);
      for (const kind of ["installation", "actions", "user"] as const) {
        expect(await call("GET", "/app", undefined, as[kind])).toMatchObject({
          status: 401,
          body: { message: "A JSON web token could not be decoded" },
        });
      }
      const names = async (auth: string) => {
        const reply = await call("GET", "/installation/repositories", undefined, auth);
        const body = reply.body as { total_count: number; repositories: { full_name: string }[] };
        return [reply.status, body.total_count, body.repositories.map((r) => r.full_name)];
      };
      expect(await names(as.installation)).toEqual([200, 2, ["acme/infra", "acme/second"]]);
      expect(await names(as.actions)).toEqual([200, 1, ["acme/infra"]]);
      expect((await call("GET", "/installation/repositories", undefined, as.user)).status).toBe(
        403,
      );
      expect((await call("GET", "/installation/repositories", undefined, as.app)).status).toBe(401);
      gh.assertNoViolations();
    });

    it("the Actions token reaches only its own repository: another private one is 404 even in the same installation", async () => {
      const sibling = gh.state.createRepository({ owner: "acme", name: "sibling", private: true });
      [...gh.state.installations.values()][0]?.repositories.push(sibling);
      const as = credentials();

      expect((await call("GET", `${R}/issues`, undefined, as.actions)).status).toBe(200);
      expect((await call("GET", "/repos/acme/sibling/issues", undefined, as.actions)).status).toBe(
        404,
      );
      expect(
        (await call("POST", "/repos/acme/sibling/issues", { title: "t" }, as.actions)).status,
      ).toBe(404);
      expect(
        (await call("GET", "/repos/acme/sibling/issues", undefined, as.installation)).status,
      ).toBe(200);
      // A person sees what they have a role on.
      expect((await call("GET", "/repos/acme/sibling/issues", undefined, as.user)).status).toBe(
        404,
      );
      gh.assertNoViolations();
    });

    it("issues, comments and reactions are by whoever the token acts as", async () => {
      const as = credentials();
      const authors: [string, string, number, string][] = [];
      for (const kind of ["installation", "actions", "user"] as const) {
        const created = (await call("POST", `${R}/issues`, { title: kind }, as[kind])).body as {
          number: number;
          user: { login: string; id: number; type: string };
        };
        const comment = (
          await call("POST", `${R}/issues/${created.number}/comments`, { body: "c" }, as[kind])
        ).body as { id: number; user: { login: string } };
        const reaction = (
          await call(
            "POST",
            `${R}/issues/comments/${comment.id}/reactions`,
            { content: "eyes" },
            as[kind],
          )
        ).body as { user: { login: string } };
        expect(comment.user.login).toBe(created.user.login);
        expect(reaction.user.login).toBe(created.user.login);
        authors.push([kind, created.user.login, created.user.id, created.user.type]);
      }
      const maggie = gh.state.account("maggie");
      expect(authors).toEqual([
        ["installation", "postmortem-tracker[bot]", gh.state.app?.bot.id, "Bot"],
        ["actions", "github-actions[bot]", 41898282, "Bot"],
        ["user", "maggie", maggie.id, "User"],
      ]);
      gh.assertNoViolations();
    });

    it("labels and assignees on a new issue are dropped silently for a person without push access", async () => {
      gh.state.addCollaborator(repo, "olly", "read");
      const as = credentials();
      const outsider = `token ${gh.issuePersonalToken("olly", "fine-grained")}`;
      const body = { title: "t", labels: ["postmortem-action"], assignees: ["alice"] };

      const dropped = await call("POST", `${R}/issues`, body, outsider);
      const kept = await call("POST", `${R}/issues`, body, as.user);

      expect(dropped).toMatchObject({ status: 201, body: { labels: [], assignees: [] } });
      expect(dropped.body).toMatchObject({ user: { login: "olly", type: "User" } });
      expect(kept).toMatchObject({
        status: 201,
        body: { labels: [{ name: "postmortem-action" }], assignees: [{ login: "alice" }] },
      });
      gh.assertNoViolations();
    });

    it("check runs: apps and the Actions token write them; a personal token is refused with 403", async () => {
      const as = credentials();
      const head = repo.branches.get("main") ?? "";
      const run = { name: "postmortem", head_sha: head };

      const byApp = await call("POST", `${R}/check-runs`, run, as.installation);
      const byActions = await call("POST", `${R}/check-runs`, run, as.actions);
      const classic = await call("POST", `${R}/check-runs`, run, as.user);
      const fineGrained = await call(
        "POST",
        `${R}/check-runs`,
        run,
        `token ${gh.issuePersonalToken("maggie", "fine-grained")}`,
      );

      expect(byApp).toMatchObject({ status: 201, body: { app: { slug: "postmortem-tracker" } } });
      expect(byActions).toMatchObject({ status: 201, body: { app: { slug: "github-actions" } } });
      expect(classic).toMatchObject({
        status: 403,
        body: { message: "You must authenticate via a GitHub App." },
      });
      expect(fineGrained).toMatchObject({
        status: 403,
        body: { message: "Resource not accessible by personal access token" },
      });
      // Each app updates only its own runs.
      const appRun = (byApp.body as { id: number }).id;
      expect(
        (await call("PATCH", `${R}/check-runs/${appRun}`, { status: "in_progress" }, as.actions))
          .status,
      ).toBe(403);
      expect(repo.checkRuns.size).toBe(2);
      gh.assertNoViolations();
    });

    it("collaborator permission answers each role to every token kind, and 'none' on a private repository", async () => {
      const secret = gh.state.createRepository({ owner: "acme", name: "secret", private: true });
      [...gh.state.installations.values()][0]?.repositories.push(secret);
      gh.state.addCollaborator(repo, "olly", "read");
      gh.state.addCollaborator(repo, "tina", "triage");
      gh.state.addCollaborator(repo, "wes", "write");
      gh.state.account("stranger");
      const as = credentials();
      const roles = async (auth: string) =>
        Promise.all(
          ["acme", "maggie", "wes", "tina", "olly", "stranger"].map(async (login) => {
            const reply = await call(
              "GET",
              `${R}/collaborators/${login}/permission`,
              undefined,
              auth,
            );
            return (reply.body as { role_name: string }).role_name;
          }),
        );
      for (const kind of ["installation", "actions", "user"] as const) {
        // A public repository: anyone may read it.
        expect(await roles(as[kind])).toEqual([
          "admin",
          "maintain",
          "write",
          "triage",
          "read",
          "read",
        ]);
      }
      const none = await call(
        "GET",
        "/repos/acme/secret/collaborators/stranger/permission",
        undefined,
        as.installation,
      );
      expect(none.body).toMatchObject({ permission: "none", role_name: "none" });
      gh.assertNoViolations();
    });

    it("commits/{sha}/pulls: the merged pull request that brought a commit, open ones for a branch's commit, none for a direct commit", async () => {
      const squashed = gh.state.openPullRequest(repo, {
        author: "alice",
        title: "squash",
        branch: "s",
        changes: { "s.md": "s" },
      });
      const squash = gh.state.mergePullRequest(repo, squashed.number, {
        by: "alice",
        method: "squash",
      });
      const merged = gh.state.openPullRequest(repo, {
        author: "wes",
        title: "merge",
        branch: "m",
        changes: { "m.md": "m" },
      });
      const head = merged.head.sha;
      const merge = gh.state.mergePullRequest(repo, merged.number, { by: "alice" });
      const direct = gh.state.commitToBranch(
        repo,
        "main",
        { "d.md": "d" },
        {
          message: "direct",
          author: gh.state.account("alice"),
        },
      );
      const open = gh.state.openPullRequest(repo, {
        author: "alice",
        title: "open",
        branch: "o",
        changes: { "o.md": "o" },
      });
      const pulls = async (sha: string) =>
        (
          (await call("GET", `${R}/commits/${sha}/pulls`)).body as {
            number: number;
            merged_at: string | null;
            user: { login: string };
          }[]
        ).map((p) => [p.number, p.user.login, p.merged_at !== null]);

      expect(await pulls(squash.sha)).toEqual([[squashed.number, "alice", true]]);
      expect(await pulls(merge.sha)).toEqual([[merged.number, "wes", true]]);
      expect(await pulls(head)).toEqual([[merged.number, "wes", true]]);
      expect(await pulls(direct.sha)).toEqual([]);
      expect(await pulls(open.head.sha)).toEqual([[open.number, "alice", false]]);
      gh.assertNoViolations();
    });

    it("the issue list filters by creator and labels for every kind of author; a comment marks its issue updated", async () => {
      const as = credentials();
      for (const kind of ["installation", "actions", "user"] as const) {
        await call("POST", `${R}/issues`, { title: kind, labels: ["tracked"] }, as[kind]);
        await call("POST", `${R}/issues`, { title: `${kind} unlabelled` }, as[kind]);
      }
      const titles = async (query: string) =>
        ((await call("GET", `${R}/issues?state=all&${query}`)).body as { title: string }[]).map(
          (i) => i.title,
        );
      expect(await titles("labels=tracked")).toEqual(["user", "actions", "installation"]);
      expect(await titles(`creator=${encodeURIComponent("github-actions[bot]")}`)).toEqual([
        "actions unlabelled",
        "actions",
      ]);
      expect(await titles("creator=maggie&labels=tracked")).toEqual(["user"]);
      expect(await titles("creator=nobody")).toEqual([]);

      const first = [...repo.issues.values()][0];
      if (first === undefined) throw new Error("no issue");
      first.updatedAt = "2020-01-01T00:00:00Z";
      await call("POST", `${R}/issues/${first.number}/comments`, { body: "bump" }, as.actions);
      expect(first.updatedAt).not.toBe("2020-01-01T00:00:00Z");
      gh.assertNoViolations();
    });
  });

  describe("faults", () => {
    it("fails the next N matching requests without changing anything", async () => {
      gh.faults.failNext({ operation: "POST /repos/{owner}/{repo}/issues" }, 500, 2);
      expect((await call("POST", `${R}/issues`, { title: "a" })).status).toBe(500);
      expect((await call("POST", `${R}/issues`, { title: "b" })).status).toBe(500);
      expect((await call("POST", `${R}/issues`, { title: "c" })).status).toBe(201);
      expect([...repo.issues.values()].map((i) => i.title)).toEqual(["c"]);
      expect(gh.faults.injected).toHaveLength(2);
      gh.assertNoViolations();
    });

    it("answers 502 after committing a create", async () => {
      gh.faults.add({
        operation: "POST /repos/{owner}/{repo}/issues",
        skip: 1,
        action: { kind: "after-commit", status: 502 },
      });
      expect((await call("POST", `${R}/issues`, { title: "first" })).status).toBe(201);
      expect((await call("POST", `${R}/issues`, { title: "second" })).status).toBe(502);
      expect([...repo.issues.values()].map((i) => i.title)).toEqual(["first", "second"]);
      gh.assertNoViolations();
    });

    it("imposes a secondary rate limit: 403 or 429 with retry-after, nothing done", async () => {
      gh.faults.add({
        method: "POST",
        action: { kind: "secondary-rate-limit", retryAfterSeconds: 7 },
      });
      gh.faults.add({ method: "POST", action: { kind: "secondary-rate-limit", status: 429 } });
      const forbidden = await call("POST", `${R}/issues`, { title: "a" });
      const tooMany = await call("POST", `${R}/issues`, { title: "b" });

      expect(forbidden.status).toBe(403);
      expect(forbidden.headers.get("retry-after")).toBe("7");
      expect(forbidden.body).toMatchObject({
        message: expect.stringContaining("secondary rate limit") as unknown,
      });
      expect(tooMany.status).toBe(429);
      expect(repo.issues.size).toBe(0);
      gh.assertNoViolations();
    });

    it("fails a seeded share of requests, the same ones on every run", async () => {
      const run = async (seed: number) => {
        const local = await LocalGitHub.start({ seed });
        const r = local.state.createRepository({ owner: "acme", name: "infra" });
        const t = local.tokens.issue(local.state.installApp("acme", [r]), Date.now()).token;
        local.faults.add({
          path: /\/issues$/,
          probability: 0.2,
          action: { kind: "status", status: 500 },
        });
        const statuses: number[] = [];
        for (let n = 0; n < 30; n += 1) {
          const res = await fetch(`${local.url}${R}/issues`, {
            headers: { authorization: `token ${t}` },
          });
          statuses.push(res.status);
        }
        await local.close();
        return statuses;
      };
      const [a, b] = [await run(7), await run(7)];
      expect(a).toEqual(b);
      const failures = a.filter((s) => s === 500).length;
      expect(failures).toBeGreaterThan(0);
      expect(failures).toBeLessThan(15);
    });

    it("delays a request and then answers it normally", async () => {
      gh.faults.add({ method: "GET", path: /\/labels$/, action: { kind: "delay", ms: 50 } });
      expect((await call("GET", `${R}/labels`)).status).toBe(200);
      expect(gh.requests.map((r) => r.fault)).toEqual(["delay"]);
      gh.assertNoViolations();
    });

    it("drops the connection (a timeout), before or after the change", async () => {
      gh.faults.add({
        operation: "POST /repos/{owner}/{repo}/issues",
        action: { kind: "reset", afterCommit: true },
      });
      gh.faults.add({
        operation: "POST /repos/{owner}/{repo}/issues",
        action: { kind: "reset", afterCommit: false },
      });
      await expect(call("POST", `${R}/issues`, { title: "lost answer" })).rejects.toThrow();
      await expect(call("POST", `${R}/issues`, { title: "never filed" })).rejects.toThrow();
      expect([...repo.issues.values()].map((i) => i.title)).toEqual(["lost answer"]);
      gh.assertNoViolations();
    });
  });

  describe("repositories", () => {
    it("merges a pull request that adds a file and serves the merge commit's contents, files and pulls", async () => {
      const pr = gh.state.openPullRequest(repo, {
        author: "alice",
        title: "Add b",
        branch: "add-b",
        changes: { "docs/b.md": "b\n" },
      });
      const merge = gh.state.mergePullRequest(repo, pr.number, { by: "alice" });

      expect(merge.parents).toHaveLength(2);
      const files = await call("GET", `${R}/pulls/${pr.number}/files?per_page=100`);
      expect(files.body).toMatchObject([{ filename: "docs/b.md", status: "added", additions: 1 }]);
      const raw = await fetch(`${gh.url}${R}/contents/docs%2Fb.md?ref=${merge.sha}`, {
        headers: { authorization: `token ${token}`, accept: "application/vnd.github.raw+json" },
      });
      expect(await raw.text()).toBe("b\n");
      const json = await call("GET", `${R}/contents/docs/b.md?ref=main`);
      expect(Buffer.from((json.body as { content: string }).content, "base64").toString()).toBe(
        "b\n",
      );
      expect((await call("GET", `${R}/contents/docs/b.md?ref=${pr.forkPoint}`)).status).toBe(404);
      expect((await call("GET", `${R}/pulls/${pr.number}`)).body).toMatchObject({
        merged: true,
        merge_commit_sha: merge.sha,
      });
      expect(issueNumbers((await call("GET", `${R}/commits/${merge.sha}/pulls`)).body)).toEqual([
        pr.number,
      ]);
      const tree = await call("GET", `${R}/git/trees/main?recursive=1`);
      expect((tree.body as { tree: { path: string }[] }).tree.map((e) => e.path)).toEqual([
        "a.md",
        "docs",
        "docs/b.md",
      ]);
      const commits = await call("GET", `${R}/commits?path=docs%2Fb.md&sha=main&per_page=1`);
      expect((commits.body as { sha: string }[]).map((c) => c.sha)).toEqual([merge.sha]);
      expect((await call("GET", `${R}/branches/main`)).body).toMatchObject({
        commit: { sha: merge.sha },
      });
      gh.assertNoViolations();
    });

    it("reports collaborator roles, folding maintain and triage into the legacy permission", async () => {
      gh.state.addCollaborator(repo, "mia", "maintain");
      gh.state.addCollaborator(repo, "tom", "triage");
      const permission = async (login: string) =>
        (await call("GET", `${R}/collaborators/${login}/permission`)).body;
      expect(await permission("mia")).toMatchObject({ permission: "write", role_name: "maintain" });
      expect(await permission("tom")).toMatchObject({ permission: "read", role_name: "triage" });
      expect(await permission("acme")).toMatchObject({ permission: "admin", role_name: "admin" });
      expect((await call("GET", `${R}/collaborators/nobody-here/permission`)).status).toBe(404);
      gh.assertNoViolations();
    });

    it("serves comments, reactions, sub-issues and check runs as the description says", async () => {
      const parent = (await call("POST", `${R}/issues`, { title: "parent" })).body as {
        number: number;
      };
      const child = (await call("POST", `${R}/issues`, { title: "child" })).body as {
        id: number;
        number: number;
      };
      expect(
        (await call("POST", `${R}/issues/${parent.number}/sub_issues`, { sub_issue_id: child.id }))
          .status,
      ).toBe(201);
      expect(
        (await call("POST", `${R}/issues/${parent.number}/sub_issues`, { sub_issue_id: child.id }))
          .status,
      ).toBe(422);
      expect(
        issueNumbers((await call("GET", `${R}/issues/${parent.number}/sub_issues`)).body),
      ).toEqual([child.number]);

      const comment = (await call("POST", `${R}/issues/${parent.number}/comments`, { body: "hi" }))
        .body as { id: number };
      expect(
        (await call("POST", `${R}/issues/comments/${comment.id}/reactions`, { content: "+1" }))
          .status,
      ).toBe(201);
      expect(
        (await call("POST", `${R}/issues/comments/${comment.id}/reactions`, { content: "+1" }))
          .status,
      ).toBe(200);
      const reactions = await call(
        "GET",
        `${R}/issues/comments/${comment.id}/reactions?content=%2B1`,
      );
      expect(reactions.body).toMatchObject([
        { content: "+1", user: { login: `${gh.app.slug}[bot]` } },
      ]);
      expect(
        (await call("PATCH", `${R}/issues/comments/${comment.id}`, { body: "edited" })).body,
      ).toMatchObject({ body: "edited" });
      expect((await call("DELETE", `${R}/issues/comments/${comment.id}`)).status).toBe(204);

      const head = repo.branches.get("main") ?? "";
      const run = (
        await call("POST", `${R}/check-runs`, {
          name: "preview",
          head_sha: head,
          status: "in_progress",
        })
      ).body as { id: number };
      const annotations = Array.from({ length: 2 }, (_, n) => ({
        path: "a.md",
        start_line: n + 1,
        end_line: n + 1,
        annotation_level: "warning",
        message: "m",
      }));
      await call("PATCH", `${R}/check-runs/${run.id}`, {
        output: { title: "t", summary: "s", annotations },
      });
      const done = await call("PATCH", `${R}/check-runs/${run.id}`, {
        conclusion: "success",
        output: { title: "t", summary: "s", annotations },
      });
      expect(done.body).toMatchObject({
        status: "completed",
        conclusion: "success",
        output: { annotations_count: 4 },
      });
      const tooMany = Array.from({ length: 51 }, () => annotations[0]);
      expect(
        (
          await call("PATCH", `${R}/check-runs/${run.id}`, {
            output: { title: "t", summary: "s", annotations: tooMany },
          })
        ).status,
      ).toBe(422);
      expect(gh.violations.map((v) => v.kind)).toEqual(["request"]);
      gh.violations.length = 0;
    });
  });

  describe("webhooks", () => {
    it("builds payloads shaped like GitHub's examples, valid against @octokit/webhooks-schemas, and signs them", async () => {
      const received: { headers: Headers; body: string }[] = [];
      const { createServer } = await import("node:http");
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          received.push({
            headers: new Headers(req.headers as Record<string, string>),
            body: Buffer.concat(chunks).toString(),
          });
          res.writeHead(200).end("ok");
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const port = (server.address() as { port: number }).port;
      const hooks = new WebhookSender(gh.state, {
        url: `http://127.0.0.1:${port}/`,
        secret: "s3cret",
      });

      const pr = gh.state.openPullRequest(repo, {
        author: "alice",
        title: "Add b",
        branch: "add-b",
        changes: { "b.md": "b" },
      });
      const before = repo.branches.get("main") ?? "";
      const opened = hooks.pullRequest(repo, pr.number, "opened");
      gh.state.mergePullRequest(repo, pr.number, { by: "alice" });
      const closed = hooks.pullRequest(repo, pr.number, "closed");
      const push = hooks.push(repo, { before, pusher: "alice" });
      const issue = gh.state.createIssue(repo, { author: "alice", title: "a bug" });
      const issueOpened = hooks.issues(repo, issue.number, "opened", "alice");
      const comment = gh.state.addComment(repo, issue.number, "rita", "/postmortem snooze 7d");
      const commented = hooks.issueComment(repo, comment.id);
      const run = (
        await call("POST", `${R}/check-runs`, {
          name: "p",
          head_sha: before,
          conclusion: "success",
        })
      ).body as { id: number };
      const rerun = hooks.checkRunRerequested(repo, run.id, "alice");
      const [installation] = gh.state.installations.values();
      if (installation === undefined) throw new Error("no installation");
      const installed = hooks.installationCreated(installation, "acme-admin");

      expect(closed.payload).toMatchObject({
        action: "closed",
        pull_request: { merged: true, merge_commit_sha: repo.branches.get("main") },
      });
      expect(push.payload).toMatchObject({
        ref: "refs/heads/main",
        after: repo.branches.get("main"),
        commits: [
          { added: ["b.md"], message: "Add b" },
          { added: ["b.md"], message: "Merge pull request #1 from add-b" },
        ],
      });
      expect(commented.payload).toMatchObject({
        comment: { body: "/postmortem snooze 7d", user: { login: "rita" } },
      });
      for (const event of [opened, closed, push, issueOpened, commented, rerun, installed]) {
        const delivery = await hooks.deliver(event);
        expect(delivery.status).toBe(200);
      }
      await hooks.deliver(opened, { signature: "wrong" });
      await hooks.deliver(opened, { signature: "missing" });
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });

      const checks = await Promise.all(
        received.map(async (r) => {
          const signature = r.headers.get("x-hub-signature-256");
          return signature === null ? false : await verify("s3cret", r.body, signature);
        }),
      );
      expect(checks).toEqual([true, true, true, true, true, true, true, false, false]);
      expect(received[8]?.headers.get("x-hub-signature-256")).toBeNull();
      expect(received.map((r) => r.headers.get("x-github-event"))).toEqual([
        "pull_request",
        "pull_request",
        "push",
        "issues",
        "issue_comment",
        "check_run",
        "installation",
        "pull_request",
        "pull_request",
      ]);
      gh.assertNoViolations();
    });

    it("conform keeps the example's keys and takes the state's values", () => {
      expect(
        conform(
          { a: 1, b: { c: "x", d: 2 }, e: [{ f: 0 }] },
          { a: 5, b: { c: "y", z: 1 }, e: [{ f: 1, g: 2 }, { f: 3 }], extra: 1 },
        ),
      ).toEqual({
        a: 5,
        b: { c: "y", d: 2 },
        e: [{ f: 1 }, { f: 3 }],
      });
      expect(conform(1557933565, "2026-05-01T00:00:00Z")).toBe(1777593600);
    });
  });
});
