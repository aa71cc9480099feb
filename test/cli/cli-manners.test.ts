/**
 * The CLI's manners, through `runCli` with a fake CliIo: `--help` and `help <command>`,
 * `--version`, usage errors (exit 2, one line, then the command's usage) and plain output whatever
 * NO_COLOR and the terminal say. Then the built binary (`npm run build`'s output), spawned, for
 * `--version`, `plan --help`, the module graph of `plan` (its bundle and chunks: no package
 * resolved, so no GitHub stack; the config validator only with --config) and plan's output, which
 * must be the sources' byte for byte.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS, formatUsageHint, type CommandName } from "../../src/cli/command-specs.js";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";
import { builtStartScript } from "../e2e/reliability/child-app.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SEED = "test/fixtures/postmortems/seed.md";
const { version: VERSION } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  version: string;
};
const NAMES = Object.keys(COMMANDS) as CommandName[];

async function run(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    today: () => "2026-01-15",
    env: { LOG_LEVEL: "silent", ...env },
  };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

describe("a command's help", () => {
  const asks = NAMES.flatMap((name): [CommandName, string[]][] => [
    [name, [name, "--help"]],
    [name, [name, "-h"]],
    [name, ["help", name]],
    // Help wins over everything else on the line, even a mistake.
    [name, [name, "--repo", "acme/infra", "--help"]],
    [name, [name, "--no-such-flag", "-h"]],
  ]);

  it.each(asks)("%s: %j prints the command's help to stdout and exits 0", async (name, argv) => {
    const { code, stdout, stderr } = await run(argv);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const spec = COMMANDS[name];
    expect(stdout.split("\n")[0]).toBe(spec.summary);
    expect(stdout).toContain(`usage: ${spec.usage}`);
    for (const option of spec.options) expect(stdout).toMatch(new RegExp(`--${option.name}\\b`));
    expect(stdout).toMatch(/^environment:$/m);
    for (const [variable] of spec.env) expect(stdout).toContain(variable);
    expect(stdout).toMatch(/exit codes: 0 .*, 1 .*, 2 usage error/);
  });

  it.each([
    ["plan", ["--json", "--now", "--author", "--config"], []],
    [
      "sync",
      ["--repo", "--all", "--dry-run", "--backfill", "--config-path"],
      ["GITHUB_TOKEN", "APP_ID"],
    ],
    [
      "digest",
      ["--repo", "--all", "--due-only", "--dry-run", "--now", "--config-path"],
      ["PRIVATE_KEY_PATH"],
    ],
  ] as const)("%s --help explains %j and names %j", async (name, options, env) => {
    const { stdout } = await run([name, "--help"]);
    for (const option of options) {
      const line = stdout.split("\n").find((l) => l.includes(`${option} `) || l.endsWith(option));
      // The option's line says what it does, not just its name.
      expect(line?.length ?? 0).toBeGreaterThan(option.length + 20);
    }
    for (const variable of env) expect(stdout).toMatch(new RegExp(`^  ${variable} +\\S`, "m"));
    if (env.length === 0) expect(stdout).toMatch(/^environment:\n {2}none read$/m);
  });

  it.each([[["--help"]], [["-h"]], [["help"]]])(
    "%j prints the whole CLI's usage to stdout and exits 0",
    async (argv) => {
      const { code, stdout, stderr } = await run(argv);
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      expect(stdout).toMatch(/^usage: postmortem-tracker <command>/);
      for (const name of NAMES) expect(stdout).toContain(`  ${name} `);
    },
  );
});

describe("--version", () => {
  it.each([[["--version"]], [["-V"]]])("%j prints package.json's version", async (argv) => {
    expect(await run(argv)).toEqual({ code: 0, stdout: VERSION, stderr: "" });
  });
});

describe("usage errors", () => {
  const PLAN_FILE = SEED;
  // argv, the one line that says what is wrong, and whose usage follows.
  const cases: [string, string[], RegExp, CommandName][] = [
    ["unknown option", ["plan", PLAN_FILE, "--jsn"], /^Unknown option '--jsn'$/, "plan"],
    ["unknown short option", ["plan", PLAN_FILE, "-x"], /^Unknown option '-x'$/, "plan"],
    ["missing file", ["plan"], /^missing argument: FILE\.\.\.$/, "plan"],
    ["missing option value", ["plan", PLAN_FILE, "--now"], /^Option '--now <value>'/, "plan"],
    ["value on a switch", ["plan", PLAN_FILE, "--json=yes"], /--json/, "plan"],
    ["bad --now", ["plan", PLAN_FILE, "--now", "tomorrow"], /^--now must be a date/, "plan"],
    ["no target", ["sync"], /^missing option: --repo OWNER\/NAME or --all$/, "sync"],
    ["extra argument", ["sync", "--all", "extra"], /^Unexpected argument 'extra'/i, "sync"],
    ["malformed --repo", ["sync", "--repo", "acme"], /^--repo must be OWNER\/NAME/, "sync"],
    ["both targets", ["digest", "--repo", "a/b", "--all"], /^--repo and --all exclude/, "digest"],
    ["bad --now", ["digest", "--all", "--now", "soon"], /^--now: not a date and time/, "digest"],
    ["extra argument", ["digest", "--all", "x"], /^Unexpected argument 'x'/i, "digest"],
  ];

  it.each(cases)("%s (%j) exits 2: one line, then that command's usage", async (...c) => {
    const [, argv, line, name] = c;
    const { code, stdout, stderr } = await run(argv);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    const [first, ...rest] = stderr.split("\n");
    expect(first).toMatch(line);
    expect(rest[0]).toBe(`usage: ${COMMANDS[name].usage}`);
    expect(rest.slice(1)).toEqual([`run 'postmortem-tracker ${name} --help' for the options`]);
    // Not the whole CLI's usage: no other command is listed.
    for (const other of NAMES.filter((n) => n !== name))
      expect(stderr).not.toContain(`postmortem-tracker ${other}`);
  });

  it.each([
    ["an unknown command", ["frobnicate"], "unknown command 'frobnicate'"],
    ["help on an unknown command", ["help", "frobnicate"], "unknown command 'frobnicate'"],
    ["help with two commands", ["help", "plan", "sync"], "unexpected argument 'sync'"],
  ])("%s exits 2: one line, then the CLI's usage", async (_case, argv, line) => {
    const { code, stdout, stderr } = await run(argv);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr.split("\n")[0]).toBe(line);
    expect(stderr.split("\n")[1]).toMatch(/^usage: postmortem-tracker <command>/);
  });

  it("no command at all prints the CLI's usage to stderr and exits 2", async () => {
    const { code, stdout, stderr } = await run([]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(/^usage: postmortem-tracker <command>/);
  });

  it("a failure at run time exits 1 with one line and no usage", async () => {
    const { code, stderr } = await run(["plan", "no-such-file.md"]);
    expect({ code, stderr }).toEqual({
      code: 1,
      stderr: "cannot read no-such-file.md: no such file",
    });
  });
});

describe("colour and terminals", () => {
  // The CLI has no colour and no terminal-only formatting: NO_COLOR, FORCE_COLOR and TERM
  // change nothing, and no output carries an escape sequence.
  const ENVS: [string, Record<string, string>][] = [
    ["nothing set", {}],
    ["NO_COLOR=1", { NO_COLOR: "1" }],
    ["FORCE_COLOR=1 TERM=xterm-256color", { FORCE_COLOR: "1", TERM: "xterm-256color" }],
  ];
  const OUTPUTS: [string, string[]][] = [
    ["plan table", ["plan", SEED]],
    ["plan --json", ["plan", SEED, "--json"]],
    ["plan --help", ["plan", "--help"]],
    ["a usage error", ["plan", "--jsn"]],
  ];

  it.each(OUTPUTS)("%s is the same plain text whatever the environment", async (_o, argv) => {
    const outputs = await Promise.all(ENVS.map(([, env]) => run(argv, env)));
    for (const output of outputs) {
      expect(output).toEqual(outputs[0]);
      // eslint-disable-next-line no-control-regex
      expect(output.stdout + output.stderr).not.toMatch(/\u001b/);
    }
  });
});

describe("the built binary", () => {
  let bin = "";
  /** The built lib/ directory's file: URL, with a trailing slash. */
  let lib = "";
  let dir = "";

  beforeAll(async () => {
    // lib/ when it is current (`npm run build`), else a build of the sources in a cache.
    const start = builtStartScript();
    bin =
      start === join(ROOT, "lib", "start.js")
        ? join(ROOT, "bin", "postmortem-tracker.cjs")
        : join(dirname(start), "cli", "bin.cjs");
    // Real paths, as Node reports modules (node_modules may be a symbolic link).
    lib = `${pathToFileURL(realpathSync(dirname(start))).href}/`;
    dir = await mkdtemp(join(tmpdir(), "postmortem-tracker-cli-graph-"));
  }, 180_000);

  afterAll(async () => {
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  function spawnCli(args: string[], nodeArgs: string[] = []) {
    return spawnSync(process.execPath, [...nodeArgs, bin, ...args], {
      cwd: ROOT,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
    });
  }

  it("--version prints the version from package.json", () => {
    const result = spawnCli(["--version"]);
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 0,
      stdout: `${VERSION}\n`,
      stderr: "",
    });
  });

  it("a usage mistake in sync (tsc's ES module, outside the CommonJS bundle) exits 2 with sync's usage", () => {
    // sync throws the UsageError of tsc's command-specs.js, not the bundle's copy.
    const result = spawnCli(["sync", "--dry-run"]);
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 2, stdout: "" });
    expect(result.stderr).toBe(
      `missing option: --repo OWNER/NAME or --all\n${formatUsageHint(COMMANDS.sync)}\n`,
    );
  });

  it("plan --help prints plan's help", () => {
    const result = spawnCli(["plan", "--help"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`usage: ${COMMANDS.plan.usage}\n`);
  });

  /**
   * The file: URLs of the modules `plan` loads: ES modules through a module hook that logs each
   * it resolves, CommonJS ones (the bundle's chunks, and whatever plan's chunk requires) from
   * require's cache at exit. Plan's chunk itself runs as a vm script, in neither.
   */
  async function modulesLoadedBy(args: string[], name: string): Promise<string[]> {
    const log = join(dir, `${name}.txt`);
    const hooks = join(dir, `${name}-hooks.mjs`);
    await writeFile(
      hooks,
      [
        'import { appendFileSync } from "node:fs";',
        "export async function resolve(specifier, context, next) {",
        "  const result = await next(specifier, context);",
        `  if (result.url.startsWith("file:")) appendFileSync(${JSON.stringify(log)}, result.url + "\\n");`,
        "  return result;",
        "}",
      ].join("\n"),
    );
    const register = join(dir, `${name}-register.mjs`);
    await writeFile(
      register,
      [
        'import { appendFileSync } from "node:fs";',
        'import { createRequire, register } from "node:module";',
        'import { pathToFileURL } from "node:url";',
        `register(${JSON.stringify(pathToFileURL(hooks).href)});`,
        "const { cache } = createRequire(import.meta.url);",
        'process.on("exit", () => {',
        "  const urls = Object.keys(cache).map((path) => pathToFileURL(path).href);",
        `  appendFileSync(${JSON.stringify(log)}, urls.map((url) => url + "\\n").join(""));`,
        "});",
      ].join("\n"),
    );
    const result = spawnCli(args, ["--import", register]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    return [...new Set(readFileSync(log, "utf8").split("\n").filter(Boolean))];
  }

  it("plan resolves no package: everything it needs is in its bundle, and no GitHub stack", async () => {
    const urls = await modulesLoadedBy(["plan", SEED, "--now", "2026-01-15"], "plan");
    // The hook works: the bundle was loaded.
    expect(urls).toContain(`${lib}cli/bin.cjs`);
    // Not one module from node_modules (Probot, Octokit, zod, markdown-it...): the bundle has them all.
    const entry = pathToFileURL(realpathSync(bin)).href;
    const bundled = (url: string) => url.startsWith(lib) || url === entry;
    expect(urls.filter((url) => !bundled(url))).toEqual([]);
  });

  it("plan loads the config validator only with --config, and yaml only with a YAML text", async () => {
    const config = join(dir, "config.yml");
    await writeFile(config, "defaultPriority: P1\n");
    const chunks = (urls: string[]) =>
      urls.filter((url) => /\/cli-chunk-[^/]*$/.test(url)).map((url) => url.replace(/.*\//, ""));
    const without = chunks(await modulesLoadedBy(["plan", SEED, "--now", "2026-01-15"], "bare"));
    const withConfig = chunks(
      await modulesLoadedBy(["plan", SEED, "--now", "2026-01-15", "--config", config], "config"),
    );
    expect(without).toEqual([]);
    expect(withConfig.sort()).toEqual(["cli-chunk-config.cjs", "cli-chunk-yaml.cjs"]);
  });

  it("plan keeps V8's code for its chunk between runs, and prints the same with it", async () => {
    const temp = join(dir, "tmp");
    await mkdir(temp, { recursive: true });
    const args = ["plan", SEED, "--now", "2026-01-15"];
    const runs = [1, 2].map(() =>
      spawnSync(process.execPath, [bin, ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", TMPDIR: temp },
      }),
    );
    // In Node's compile cache directory (Node 22: a directory per version in it), under TMPDIR.
    const cached = readdirSync(join(temp, "node-compile-cache"), { recursive: true }).map(String);
    const ours = cached.filter((path) =>
      /(^|\/)postmortem-tracker\/cli-chunk-plan\.cjs-/.test(path),
    );
    expect(ours).toHaveLength(1);
    const [first, second] = runs.map((r) => ({ status: r.status, out: r.stdout, err: r.stderr }));
    expect(first).toEqual({
      status: 0,
      out: expect.stringContaining("5 action items") as unknown,
      err: "",
    });
    expect(second).toEqual(first);
  });

  // The bundle must behave as the sources do: each of these through the spawned binary prints,
  // byte for byte, what runCli prints in-process, with the same exit code.
  it.each([
    ["the table", ["plan", SEED, "--now", "2026-01-15"]],
    ["--json", ["plan", SEED, "--json", "--now", "2026-01-15", "--author", "alice"]],
    ["a valid --config", ["plan", SEED, "--json", "--now", "2026-01-15", "--config", "good.yml"]],
    ["an invalid --config", ["plan", SEED, "--now", "2026-01-15", "--config", "bad.yml"]],
    ["a config that is not YAML", ["plan", SEED, "--now", "2026-01-15", "--config", "not.yml"]],
    ["a usage error thrown by plan", ["plan", SEED, "--now", "tomorrow"]],
    ["a missing file", ["plan", "no-such-file.md", "--now", "2026-01-15"]],
  ])("plan with %s prints what the sources print", async (_case, argv) => {
    await writeFile(join(dir, "good.yml"), "defaultPriority: P1\ndeadlines: { P1: 3 }\n");
    await writeFile(join(dir, "bad.yml"), "deadlines: { P1: -2 }\n");
    await writeFile(join(dir, "not.yml"), "deadlines: [\n");
    const args = argv.map((a) => (a.endsWith(".yml") ? join(dir, a) : a));
    const expected = await run(args);
    const result = spawnCli(args);
    const lines = (text: string) => (text === "" ? "" : `${text}\n`);
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: expected.code,
      stdout: lines(expected.stdout),
      stderr: lines(expected.stderr),
    });
  });
});
