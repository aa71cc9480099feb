import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  createCheckRun,
  getPullForCheck,
  updateCheckRun,
  type CheckAnnotation,
} from "../../src/github/gateway-checks.js";
import { checkRunJson, pullJson } from "../helpers/github-json.js";
import { nockGuard } from "../helpers/nock-guard.js";
import { API, makeClient, REPO } from "./test-client.js";

const SHA = "4b8e1d2c3a5f67890b1c2d3e4f5a6b7c8d9e0f1a";

function annotations(count: number): CheckAnnotation[] {
  return Array.from({ length: count }, (_, i) => ({
    path: "postmortems/x.md",
    line: i + 1,
    level: "warning" as const,
    title: "Owner cannot be assigned",
    message: `line ${i + 1}`,
  }));
}

describe("createCheckRun", () => {
  it("sends a completed run with its conclusion and GitHub's annotation fields; returns id and URL", async () => {
    nock(API)
      .post("/repos/acme/infra/check-runs", {
        name: "Postmortem action items",
        head_sha: SHA,
        external_id: "pull/42",
        status: "completed",
        conclusion: "neutral",
        output: {
          title: "1 issue to file, 1 warning",
          summary: "table",
          annotations: [
            {
              path: "postmortems/x.md",
              start_line: 1,
              end_line: 1,
              annotation_level: "warning",
              title: "Owner cannot be assigned",
              message: "line 1",
            },
          ],
        },
      })
      .reply(
        201,
        checkRunJson({
          id: 7,
          name: "Postmortem action items",
          head_sha: SHA,
          external_id: "pull/42",
          status: "completed",
          conclusion: "neutral",
        }),
      );

    const run = await createCheckRun(makeClient(), REPO, {
      name: "Postmortem action items",
      headSha: SHA,
      externalId: "pull/42",
      conclusion: "neutral",
      output: {
        title: "1 issue to file, 1 warning",
        summary: "table",
        annotations: annotations(1),
      },
    });

    expect(run).toEqual({ id: 7, url: "https://github.com/acme/infra/runs/7" });
  });

  it("leaves the run in progress, without a conclusion, when more annotations follow", async () => {
    nock(API)
      .post(
        "/repos/acme/infra/check-runs",
        (body: Record<string, unknown>) => body.status === "in_progress" && !("conclusion" in body),
      )
      .reply(
        201,
        checkRunJson({
          id: 8,
          name: "Postmortem action items",
          head_sha: SHA,
          status: "in_progress",
        }),
      );

    const run = await createCheckRun(makeClient(), REPO, {
      name: "Postmortem action items",
      headSha: SHA,
      externalId: "pull/42",
      conclusion: null,
      output: { title: "t", summary: "s", annotations: annotations(50) },
    });

    expect(run).toEqual({ id: 8, url: "https://github.com/acme/infra/runs/8" });
  });

  it("refuses more than 50 annotations before sending anything", async () => {
    await expect(
      createCheckRun(makeClient(), REPO, {
        name: "Postmortem action items",
        headSha: SHA,
        externalId: "pull/42",
        conclusion: "neutral",
        output: { title: "t", summary: "s", annotations: annotations(51) },
      }),
    ).rejects.toThrow("at most 50 annotations per request, got 51");
  });

  it("wraps a refused create (403 without checks: write) in GitHubWriteError", async () => {
    nock(API)
      .post("/repos/acme/infra/check-runs")
      .reply(403, { message: "Resource not accessible by integration" });

    await expect(
      createCheckRun(makeClient(), REPO, {
        name: "Postmortem action items",
        headSha: SHA,
        externalId: "pull/42",
        conclusion: "success",
        output: { title: "t", summary: "s", annotations: [] },
      }),
    ).rejects.toMatchObject({ name: "GitHubWriteError", status: 403, outcome: "rejected" });
  });
});

describe("updateCheckRun", () => {
  it("appends annotations and completes the run", async () => {
    nock(API)
      .patch("/repos/acme/infra/check-runs/8", {
        status: "completed",
        conclusion: "failure",
        output: {
          title: "t",
          summary: "s",
          annotations: [
            {
              path: "postmortems/x.md",
              start_line: 1,
              end_line: 1,
              annotation_level: "warning",
              title: "Owner cannot be assigned",
              message: "line 1",
            },
          ],
        },
      })
      .reply(
        200,
        checkRunJson({
          id: 8,
          name: "Postmortem action items",
          head_sha: SHA,
          status: "completed",
          conclusion: "failure",
        }),
      );

    expect(
      await updateCheckRun(makeClient(), REPO, 8, {
        conclusion: "failure",
        output: { title: "t", summary: "s", annotations: annotations(1) },
      }),
    ).toEqual({ id: 8, url: "https://github.com/acme/infra/runs/8" });
  });

  it("fails loudly when GitHub's answer lacks the run's id", async () => {
    nock(API).patch("/repos/acme/infra/check-runs/8").reply(200, { name: "x" });

    await expect(
      updateCheckRun(makeClient(), REPO, 8, {
        conclusion: null,
        output: { title: "t", summary: "s", annotations: [] },
      }),
    ).rejects.toThrow(/Unexpected response from PATCH check-runs/);
    // The answer is one GitHub never gives, on purpose: the guard says so, and is then reset.
    expect(() => {
      nockGuard.assertClean();
    }).toThrow("200 response body: must have required property 'id'");
    nockGuard.reset();
  });
});

describe("getPullForCheck", () => {
  it("reads state, author, head and base", async () => {
    nock(API)
      .get("/repos/acme/infra/pulls/42")
      .reply(200, pullJson({ number: 42, headSha: SHA, headRef: "pm", state: "closed" }));

    expect(await getPullForCheck(makeClient(), REPO, 42)).toEqual({
      number: 42,
      open: false,
      author: "alice",
      headSha: SHA,
      baseRef: "main",
    });
  });
});
