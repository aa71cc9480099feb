import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  createLabel,
  deleteLabel,
  getLabel,
  updateLabel,
} from "../../src/github/gateway-labels.js";
import { labelJson, validationFailedJson } from "../helpers/github-json.js";
import { API, makeClient, makeRetryingClient, REPO } from "./test-client.js";

const LABEL = { name: "postmortem-action", color: "d73a4a", description: "Postmortem action item" };

describe("createLabel", () => {
  it("creates a label", async () => {
    nock(API).post("/repos/acme/infra/labels", LABEL).reply(201, labelJson(LABEL));

    expect(await createLabel(makeClient(), REPO, LABEL)).toBe("created");
  });

  it('reports "exists" on 422 already_exists', async () => {
    nock(API)
      .post("/repos/acme/infra/labels", LABEL)
      .reply(
        422,
        validationFailedJson({ resource: "Label", code: "already_exists", field: "name" }),
      );

    expect(await createLabel(makeClient(), REPO, LABEL)).toBe("exists");
  });

  it("throws other 422s as rejected writes", async () => {
    const longName = { ...LABEL, name: "x".repeat(51) };
    nock(API)
      .post("/repos/acme/infra/labels", longName)
      .reply(
        422,
        validationFailedJson({
          resource: "Label",
          code: "custom",
          field: "name",
          message: "name is too long",
        }),
      );

    await expect(createLabel(makeClient(), REPO, longName)).rejects.toMatchObject({
      name: "GitHubWriteError",
      status: 422,
      outcome: "rejected",
    });
  });

  it("is sent once on a 5xx even with retries on", async () => {
    nock(API).post("/repos/acme/infra/labels", LABEL).reply(503, { message: "Unavailable" });

    await expect(createLabel(makeRetryingClient(), REPO, LABEL)).rejects.toMatchObject({
      status: 503,
      outcome: "unknown",
    });
  });
});

describe("updateLabel", () => {
  it("sets colour and description", async () => {
    nock(API)
      .patch("/repos/acme/infra/labels/P1", { color: "b60205", description: "Priority 1" })
      .reply(200, labelJson({ name: "P1", color: "b60205", description: "Priority 1" }));

    expect(
      await updateLabel(makeClient(), REPO, "P1", { color: "b60205", description: "Priority 1" }),
    ).toEqual({ name: "P1", color: "b60205", description: "Priority 1" });
  });
});

describe("getLabel and deleteLabel", () => {
  it("reads a label, URL-encoding its name", async () => {
    nock(API)
      .get("/repos/acme/infra/labels/needs%20owner")
      .reply(200, labelJson({ name: "needs owner", color: "ededed", description: null }));

    expect(await getLabel(makeClient(), REPO, "needs owner")).toEqual({
      name: "needs owner",
      color: "ededed",
      description: null,
    });
  });

  it("returns null for a missing label", async () => {
    nock(API).get("/repos/acme/infra/labels/gone").reply(404, { message: "Not Found" });

    expect(await getLabel(makeClient(), REPO, "gone")).toBeNull();
  });

  it('deletes, and reports "missing" on 404', async () => {
    nock(API)
      .delete("/repos/acme/infra/labels/a")
      .reply(204)
      .delete("/repos/acme/infra/labels/b")
      .reply(404, { message: "Not Found" });

    expect(await deleteLabel(makeClient(), REPO, "a")).toBe("deleted");
    expect(await deleteLabel(makeClient(), REPO, "b")).toBe("missing");
  });
});
