import { DIGEST_USAGE, runDigestCommand } from "./digest-command.js";
import type { CliIo } from "./io.js";
import { PLAN_USAGE, runPlan } from "./plan-command.js";
import { runSync, SYNC_USAGE } from "./sync-command.js";

const USAGE = [
  "postmortem-tracker <command>",
  "",
  `  ${PLAN_USAGE.replace("usage: ", "")}`,
  `  ${SYNC_USAGE.replace("usage: ", "")}`,
  `  ${DIGEST_USAGE.replace("usage: ", "")}`,
].join("\n");

/** Dispatches a CLI command; returns the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case "plan":
        return await runPlan(args, io);
      case "sync":
        return await runSync(args, io);
      case "digest":
        return await runDigestCommand(args, io);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.stderr(`unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs rejects unknown or malformed flags: a usage error. Anything else failed at run time.
    if ((error as { code?: unknown }).code?.toString().startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`${message}\n${USAGE}`);
      return 2;
    }
    io.stderr(message.split("\n")[0] ?? message);
    return 1;
  }
}
