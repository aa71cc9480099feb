import { parseArgs, type ParseArgsConfig } from "node:util";
import {
  COMMANDS,
  formatCliUsage,
  formatCommandHelp,
  formatUsageHint,
  isCommandName,
  isUsageError,
  UsageError,
  type CommandArgs,
  type CommandName,
  type CommandSpec,
} from "./command-specs.js";
import type { CliIo } from "./io.js";

type Run = (args: CommandArgs, io: CliIo) => Promise<number>;

/**
 * Each command is imported only when it runs: `plan` must start at once, and must not load
 * Probot, Octokit and the rest of the GitHub stack that `sync` and `digest` need.
 */
const LOAD: Record<CommandName, () => Promise<Run>> = {
  plan: async () => (await import("./plan-command.js")).runPlan,
  sync: async () => (await import("./sync-command.js")).runSync,
  digest: async () => (await import("./digest-command.js")).runDigestCommand,
};

/** Dispatches a CLI command; returns the process exit code (0 ok, 1 failed, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      io.stderr(formatCliUsage());
      return 2;
    case "--help":
    case "-h":
      io.stdout(formatCliUsage());
      return 0;
    case "--version":
    case "-V": {
      const { readPackageInfo } = await import("../read-package-info.js");
      io.stdout(readPackageInfo().version);
      return 0;
    }
    case "help": {
      const [topic, ...extra] = rest;
      if (topic === undefined) {
        io.stdout(formatCliUsage());
        return 0;
      }
      if (!isCommandName(topic) || extra.length > 0) {
        io.stderr(
          `${isCommandName(topic) ? `unexpected argument '${extra[0] ?? ""}'` : `unknown command '${topic}'`}\n${formatCliUsage()}`,
        );
        return 2;
      }
      io.stdout(formatCommandHelp(COMMANDS[topic]));
      return 0;
    }
  }
  if (!isCommandName(command)) {
    io.stderr(`unknown command '${command}'\n${formatCliUsage()}`);
    return 2;
  }
  const spec = COMMANDS[command];
  try {
    const args = readArgs(spec, rest);
    if (args === "help") {
      io.stdout(formatCommandHelp(spec));
      return 0;
    }
    const run = await LOAD[command]();
    return await run(args, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isUsageError(error)) {
      io.stderr(`${firstLine(message)}\n${formatUsageHint(spec)}`);
      return 2;
    }
    io.stderr(firstLine(message));
    return 1;
  }
}

/** The arguments checked against the command's spec, or "help" for `--help`/`-h`. */
function readArgs(spec: CommandSpec, args: string[]): CommandArgs | "help" {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const o of spec.options) {
    options[o.name] = o.short === undefined ? { type: o.type } : { type: o.type, short: o.short };
  }
  let parsed: {
    values: Record<string, string | boolean | (string | boolean)[] | undefined>;
    positionals: string[];
  };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // `plan FILE --help --jsn` still asks for help; anything else parseArgs rejects is a usage error.
    if (args.some((a) => a === "--help" || a === "-h")) return "help";
    throw new UsageError(parseArgsMessage(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return "help";
  if (positionals.length < spec.positionals.min)
    throw new UsageError(`missing argument: ${spec.positionals.description?.split(" ")[0] ?? ""}`);
  if (positionals.length > spec.positionals.max)
    throw new UsageError(`unexpected argument '${positionals[spec.positionals.max] ?? ""}'`);
  return {
    positionals,
    flag: (name) => values[name] === true,
    text: (name) => {
      const value = values[name];
      return typeof value === "string" ? value : undefined;
    },
  };
}

/** parseArgs' message, down to its first sentence ("Unknown option '--jsn'"). */
function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = firstLine(message).split(/\.\s/)[0] ?? message;
  return first;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
