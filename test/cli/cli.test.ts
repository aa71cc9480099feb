/**
 * The `postmortem-tracker plan` CLI through `runCli` with a fake CliIo (captured output, fixed
 * clock), plus one end-to-end run of the built binary when lib/ has been built.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";
import type { PostmortemPlan } from "../../src/core/types.js";

const TODAY = "2026-01-15";
const REPO = fileURLToPath(new URL("../..", import.meta.url));

interface Captured {
  io: CliIo;
  stdout: string[];
  stderr: string[];
}

function fakeIo(today = TODAY): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    io: {
      stdout: (text) => stdout.push(text),
      stderr: (text) => stderr.push(text),
      today: () => today,
      env: {},
    },
    stdout,
    stderr,
  };
}

async function run(argv: string[], today = TODAY): Promise<Captured & { code: number }> {
  const captured = fakeIo(today);
  const code = await runCli(argv, captured.io);
  return { ...captured, code };
}

/** stdout must be exactly one JSON document. */
function json(stdout: string[]): unknown {
  expect(stdout).toHaveLength(1);
  return JSON.parse(stdout[0] ?? "") as unknown;
}

const ACTIONS = md(
  "# DB failover",
  "",
  "## Action items",
  "",
  "- Add replica lag alerting to the database dashboard",
  "- Rehearse the failover runbook every quarter",
);
const OTHER = md(
  "# Search outage",
  "",
  "## Follow-ups",
  "",
  "- Add rate limiting to the public search endpoint",
);
// A document the planner has something to warn about (a repeated item).
const WITH_WARNING = md(
  "# Cache outage",
  "",
  "## Action items",
  "",
  "- Add a cache hit-rate alert",
  "",
  "## Follow-ups",
  "",
  "- Add a cache hit-rate alert",
);

function md(...lines: string[]): string {
  return lines.join("\n");
}

let dir = "";
const file = (name: string): string => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "postmortem-tracker-cli-"));
  await writeFile(file("actions.md"), ACTIONS);
  await writeFile(file("other.md"), OTHER);
  await writeFile(file("warning.md"), WITH_WARNING);
  await writeFile(file("good.yml"), "deadlines:\n  P2: 10\n");
  await writeFile(file("bad.yml"), "deadlines: {P1: -3}\n");
  await mkdir(file("a-directory"));
});

afterAll(async () => {
  if (dir !== "") await rm(dir, { recursive: true, force: true });
});

describe("plan --json", () => {
  it("prints exactly one JSON object for one file", async () => {
    const { code, stdout, stderr } = await run(["plan", file("actions.md"), "--json"]);
    expect(code).toBe(0);
    expect(stderr).toEqual([]);
    const plan = json(stdout) as PostmortemPlan;
    expect(Array.isArray(plan)).toBe(false);
    expect(plan.postmortem.path).toBe(file("actions.md"));
    expect(plan.items.map((i) => i.text)).toEqual([
      "Add replica lag alerting to the database dashboard",
      "Rehearse the failover runbook every quarter",
    ]);
  });

  it("prints exactly one JSON array for two files, in argument order", async () => {
    const { code, stdout } = await run(["plan", file("actions.md"), file("other.md"), "--json"]);
    expect(code).toBe(0);
    const plans = json(stdout) as PostmortemPlan[];
    expect(Array.isArray(plans)).toBe(true);
    expect(plans.map((p) => [p.postmortem.path, p.items.length])).toEqual([
      [file("actions.md"), 2],
      [file("other.md"), 1],
    ]);
  });

  it("counts policy deadlines from today() without --now", async () => {
    const { stdout } = await run(["plan", file("other.md"), "--json"], "2026-03-01");
    const plan = json(stdout) as PostmortemPlan;
    expect(plan.items.map((i) => [i.due, i.dueSource])).toEqual([["2026-03-31", "policy"]]);
  });

  it.each([
    ["2026-01-15", "2026-02-14"],
    ["2026-12-20", "2027-01-19"],
  ])("counts policy deadlines from --now %s", async (now, due) => {
    const { code, stdout } = await run(["plan", file("other.md"), "--json", "--now", now]);
    expect(code).toBe(0);
    const plan = json(stdout) as PostmortemPlan;
    expect(plan.items.map((i) => [i.due, i.dueSource])).toEqual([[due, "policy"]]);
  });

  it("falls back to --author when nothing else names an owner", async () => {
    const { stdout } = await run(["plan", file("other.md"), "--json", "--author", "dave"]);
    const plan = json(stdout) as PostmortemPlan;
    expect(plan.items.map((i) => [i.owners, i.ownerSource])).toEqual([[["dave"], "author"]]);
  });

  it("has no owner without --author", async () => {
    const { stdout } = await run(["plan", file("other.md"), "--json"]);
    const plan = json(stdout) as PostmortemPlan;
    expect(plan.items.map((i) => [i.owners, i.ownerSource])).toEqual([[[], "none"]]);
  });

  it("uses the deadlines of a valid --config file", async () => {
    const { code, stdout, stderr } = await run([
      "plan",
      file("other.md"),
      "--json",
      "--config",
      file("good.yml"),
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: [] });
    const plan = json(stdout) as PostmortemPlan;
    expect(plan.items.map((i) => [i.priority, i.due])).toEqual([["P2", "2026-01-25"]]);
  });

  it("exits 0 with a warning for a file with no action items", async () => {
    await writeFile(file("empty.md"), "");
    const { code, stdout } = await run(["plan", file("empty.md"), "--json"]);
    expect(code).toBe(0);
    const plan = json(stdout) as PostmortemPlan;
    expect(plan.items).toEqual([]);
    expect(plan.warnings.length).toBeGreaterThan(0);
  });
});

describe("plan errors", () => {
  it("rejects an invalid config with one stderr line naming deadlines.P1", async () => {
    const { code, stdout, stderr } = await run([
      "plan",
      file("actions.md"),
      "--json",
      "--config",
      file("bad.yml"),
    ]);
    expect(code).not.toBe(0);
    expect(stdout).toEqual([]);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).not.toContain("\n");
    expect(stderr[0]).toContain("deadlines.P1");
  });

  it.each([
    ["a missing file", "missing.md"],
    ["a directory", "a-directory"],
  ])("rejects %s with one stderr line naming it", async (_case, name) => {
    const { code, stdout, stderr } = await run(["plan", file(name), "--json"]);
    expect(code).not.toBe(0);
    expect(stdout).toEqual([]);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).not.toContain("\n");
    expect(stderr[0]).toContain(name);
  });

  it("rejects a missing --config file with one stderr line", async () => {
    const { code, stderr } = await run([
      "plan",
      file("actions.md"),
      "--config",
      file("missing.yml"),
    ]);
    expect(code).not.toBe(0);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toContain("missing.yml");
  });

  it.each([["tomorrow"], ["2026-02-30"], ["15/01/2026"], ["2026-1-5"]])(
    "exits 2 on --now %s",
    async (now) => {
      const { code, stdout, stderr } = await run(["plan", file("actions.md"), "--now", now]);
      expect(code).toBe(2);
      expect(stdout).toEqual([]);
      expect(stderr.join("\n")).toMatch(/--now/);
    },
  );

  it.each([
    ["an unknown command", ["frobnicate", file("actions.md")]],
    ["an unknown flag", ["plan", file("actions.md"), "--jsn"]],
    ["plan without a file", ["plan", "--json"]],
    ["no command at all", []],
  ])("exits 2 with usage on %s", async (_case, argv) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect([...stdout, ...stderr].join("\n")).toMatch(/usage|postmortem-tracker plan FILE/i);
  });
});

describe("plan table output", () => {
  it("shows a header row, each item's title and the warnings", async () => {
    const { code, stdout } = await run(["plan", file("actions.md"), file("warning.md")]);
    expect(code).toBe(0);
    const out = stdout.join("\n");
    expect(out.split("\n").some((l) => /\btitle\b.*\bowner\b.*\bdue\b/i.test(l))).toBe(true);
    for (const title of [
      "Add replica lag alerting to the database dashboard",
      "Rehearse the failover runbook every quarter",
      "Add a cache hit-rate alert",
    ]) {
      expect(out).toContain(title);
    }
    expect(out).toMatch(/warning.*duplicate/i);
    expect(() => JSON.parse(out) as unknown).toThrow();
  });
});

describe("the built binary", () => {
  const built = existsSync(join(REPO, "lib/cli/bin.cjs"));

  // Runs only after `npm run build`: compiling inside the test run is too slow for a unit suite.
  it.skipIf(!built)("plans the seed document end to end (node bin/postmortem-tracker.cjs)", () => {
    const run = spawnSync(
      process.execPath,
      [
        "bin/postmortem-tracker.cjs",
        "plan",
        "test/fixtures/postmortems/seed.md",
        "--json",
        "--now",
        "2026-01-15",
      ],
      { cwd: REPO, encoding: "utf8" },
    );
    // Empty stderr also shows that this Node's V8 knows the flag the bin sets (V8 reports an
    // unknown one there and goes on).
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const plan = JSON.parse(run.stdout) as PostmortemPlan;
    expect(plan.items).toHaveLength(5);
    expect(plan.items.map((i) => i.line)).toEqual([27, 28, 32, 33, 34]);
    expect(plan.items.every((i) => i.due === "2026-02-14" && i.dueSource === "policy")).toBe(true);
  });
});
