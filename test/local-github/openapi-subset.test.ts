import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LocalGitHub } from "./index.js";
import { SUBSET_FILE, type SubsetDocument } from "./openapi-validator.js";

/*
 * The committed OpenAPI subset is current: it holds exactly the operations listed in
 * scripts/openapi/operations.json (which are exactly those the local GitHub serves), it says
 * which @octokit/openapi release it came from, and nobody edited its schemas by hand. Refreshing
 * it from a newer release is `npm run openapi:subset` (see scripts/openapi/extract-subset.mjs);
 * CI does not download the 385 MB package.
 */

const subset = JSON.parse(readFileSync(SUBSET_FILE, "utf8")) as SubsetDocument;
const listed = (
  JSON.parse(
    readFileSync(new URL("../../scripts/openapi/operations.json", import.meta.url), "utf8"),
  ) as { operations: string[] }
).operations;

function operationsIn(doc: SubsetDocument): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => key !== "parameters")
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe("the OpenAPI subset of GitHub's description", () => {
  it("records the @octokit/openapi release and description version it was extracted from", () => {
    const meta = subset["x-subset"];
    expect(meta.source).toBe(`@octokit/openapi@${meta.packageVersion}`);
    expect(meta.packageVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(meta.specVersion).toBe(subset.info.version);
    expect(subset.openapi).toMatch(/^3\./);
  });

  it("holds exactly the operations of scripts/openapi/operations.json", () => {
    expect(subset["x-subset"].operations).toEqual(listed);
    expect(operationsIn(subset).sort()).toEqual([...listed].sort());
  });

  it("was not edited by hand: its content matches the digest the script recorded", () => {
    const content = { paths: subset.paths, components: subset.components };
    const digest = createHash("sha256").update(JSON.stringify(content)).digest("hex");
    expect(digest).toBe(subset["x-subset"].contentSha256);
  });

  it("has no dangling references", () => {
    const refs = JSON.stringify(subset).match(/"\$ref":"#\/components\/[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const [, kind = "", name = ""] = /#\/components\/([^/]+)\/([^"]+)/.exec(ref) ?? [];
      expect(subset.components[kind]?.[name], ref).toBeDefined();
    }
  });

  it("covers every operation the local GitHub serves, and the local GitHub serves every one", () => {
    const served = new LocalGitHub().servedOperations();
    expect([...served].sort()).toEqual([...listed].sort());
  });
});
