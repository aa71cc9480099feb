/**
 * What each command accepts, for argument parsing and for `--help`. This module imports nothing,
 * so that `--help`, `--version` and usage errors answer without loading any command, and `plan`
 * without loading the GitHub stack (main.ts imports each command only when it runs).
 */

export type CommandName = "plan" | "sync" | "digest";

export interface OptionSpec {
  name: string;
  type: "string" | "boolean";
  short?: string;
  /** The value's placeholder in the help, for string options. */
  value?: string;
  description: string;
}

export interface CommandSpec {
  name: CommandName;
  summary: string;
  usage: string;
  /** Positional arguments: how many, and how `--help` names them. */
  positionals: { min: number; max: number; description?: string };
  options: OptionSpec[];
  /** Environment variables the command reads, with what each means. */
  env: [name: string, description: string][];
}

const HELP: OptionSpec = {
  name: "help",
  type: "boolean",
  short: "h",
  description: "Print this help and exit.",
};

/** Where `sync` and `digest` act: one repository, or all the app's. */
const TARGET_OPTIONS: OptionSpec[] = [
  { name: "repo", type: "string", value: "OWNER/NAME", description: "One repository." },
  {
    name: "all",
    type: "boolean",
    description: "Every repository of every installation (the app's credentials).",
  },
];

/** The repository's config file, for `sync` and `digest` (the Action's `config-path` input). */
const CONFIG_PATH_OPTION: OptionSpec = {
  name: "config-path",
  type: "string",
  value: "PATH",
  description: "The config file in the repository. Default: .github/postmortem-tracker.yml.",
};

const GITHUB_ENV: [string, string][] = [
  ["GITHUB_TOKEN", "A token for one repository (--repo); used before the app's credentials."],
  ["APP_ID", "The GitHub App's ID (with PRIVATE_KEY or PRIVATE_KEY_PATH; needed for --all)."],
  ["PRIVATE_KEY", "The app's private key (PEM, or base64 of it)."],
  ["PRIVATE_KEY_PATH", "Path to the app's .pem file, when PRIVATE_KEY is not set."],
  ["GITHUB_API_URL", "The API's URL, as in GitHub Actions (GITHUB_SERVER_URL: its web URL)."],
  ["GHE_HOST", "GitHub Enterprise Server host (GHE_PROTOCOL: its protocol, default https)."],
  ["WRITE_INTERVAL_MS", "Milliseconds between writes. Default 1000, GitHub's guidance."],
  ["LOG_LEVEL", "Level of the JSON logs on stderr. Default info."],
];

export const COMMANDS: Record<CommandName, CommandSpec> = {
  plan: {
    name: "plan",
    summary: "Show what merging these postmortems would file (offline, no credentials).",
    usage:
      "postmortem-tracker plan FILE... [--json] [--now YYYY-MM-DD] [--author LOGIN] [--config FILE]",
    positionals: { min: 1, max: Infinity, description: "FILE...  Postmortem markdown files." },
    options: [
      {
        name: "json",
        type: "boolean",
        description: "Print the plan as JSON (an array for several files).",
      },
      {
        name: "now",
        type: "string",
        value: "YYYY-MM-DD",
        description: "The merge date deadlines count from. Default: today (UTC).",
      },
      {
        name: "author",
        type: "string",
        value: "LOGIN",
        description: "The owner of last resort (the PR author, when the app runs).",
      },
      {
        name: "config",
        type: "string",
        value: "FILE",
        description: "A config file as .github/postmortem-tracker.yml. Default: the defaults.",
      },
      HELP,
    ],
    env: [],
  },
  sync: {
    name: "sync",
    summary: "File what is missing for the postmortems on the default branch.",
    usage:
      "postmortem-tracker sync (--repo OWNER/NAME | --all) [--dry-run] [--backfill] [--config-path PATH]",
    positionals: { min: 0, max: 0 },
    options: [
      ...TARGET_OPTIONS,
      { name: "dry-run", type: "boolean", description: "Write nothing; print what it would do." },
      {
        name: "backfill",
        type: "boolean",
        description: "Also file untracked postmortems older than config backfillDays.",
      },
      CONFIG_PATH_OPTION,
      HELP,
    ],
    env: GITHUB_ENV,
  },
  digest: {
    name: "digest",
    summary: "Post or edit this week's digest comment on the tracking issue.",
    usage:
      "postmortem-tracker digest (--repo OWNER/NAME | --all) [--due-only] [--state FILE] [--dry-run] [--now ISO-TIME] [--config-path PATH]",
    positionals: { min: 0, max: 0 },
    options: [
      ...TARGET_OPTIONS,
      {
        name: "due-only",
        type: "boolean",
        description: "Only where config digest.day/hour have passed and this week's is missing.",
      },
      {
        name: "state",
        type: "string",
        value: "FILE",
        description:
          "With --all --due-only: what this run learnt, for the next hourly run to read only what may have changed.",
      },
      { name: "dry-run", type: "boolean", description: "Print the comments instead of posting." },
      {
        name: "now",
        type: "string",
        value: "ISO-TIME",
        description: "The time to act as of. Default: now.",
      },
      CONFIG_PATH_OPTION,
      HELP,
    ],
    env: GITHUB_ENV,
  },
};

export function isCommandName(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** A command's arguments, checked against its spec by main.ts. */
export interface CommandArgs {
  positionals: string[];
  flag: (name: string) => boolean;
  text: (name: string) => string | undefined;
}

const USAGE_ERROR = Symbol.for("postmortem-tracker.UsageError");

/** A mistake in the command line: exit 2, one line saying what, then the command's usage. */
export class UsageError extends Error {
  override name = "UsageError";
  readonly [USAGE_ERROR] = true;
}

/**
 * Whether `error` is a UsageError from any copy of this module. A CLI run can hold two: the
 * CLI's CommonJS bundle has its own, and `sync` and `digest` import tsc's ES module, so
 * `instanceof` would miss the errors they throw.
 */
export function isUsageError(error: unknown): error is UsageError {
  return error instanceof Error && USAGE_ERROR in error && error[USAGE_ERROR] === true;
}

/** The one-screen help of a command, for `--help` (stdout). */
export function formatCommandHelp(spec: CommandSpec): string {
  const lines = [spec.summary, "", `usage: ${spec.usage}`];
  if (spec.positionals.description !== undefined) {
    lines.push("", "arguments:", `  ${spec.positionals.description}`);
  }
  const flags = spec.options.map((o) => {
    const long = `--${o.name}${o.value === undefined ? "" : ` ${o.value}`}`;
    return [o.short === undefined ? `    ${long}` : `-${o.short}, ${long}`, o.description] as const;
  });
  const width = Math.max(...flags.map(([flag]) => flag.length));
  lines.push("", "options:", ...flags.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`));
  lines.push("", "environment:");
  if (spec.env.length === 0) lines.push("  none read");
  else {
    const envWidth = Math.max(...spec.env.map(([name]) => name.length));
    lines.push(...spec.env.map(([name, text]) => `  ${name.padEnd(envWidth)}  ${text}`));
  }
  lines.push("", "exit codes: 0 done, 1 failed (one line on stderr), 2 usage error");
  return lines.join("\n");
}

/** What follows the one line of a usage error: the command's usage line and where help is. */
export function formatUsageHint(spec: CommandSpec): string {
  return `usage: ${spec.usage}\nrun 'postmortem-tracker ${spec.name} --help' for the options`;
}

/** The whole CLI's usage, for `postmortem-tracker`, `--help` and `help`. */
export function formatCliUsage(): string {
  return [
    "usage: postmortem-tracker <command> [options]",
    "       postmortem-tracker help <command> | --help | --version",
    "",
    "commands:",
    ...Object.values(COMMANDS).map((spec) => `  ${spec.name.padEnd(7)} ${spec.summary}`),
    "",
    "run 'postmortem-tracker <command> --help' for a command's options",
  ].join("\n");
}
