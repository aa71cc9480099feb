import type { CliIo } from "./io.js";
import { PLAN_USAGE, runPlan } from "./plan-command.js";

const USAGE = ["postmortem-tracker <command>", "", `  ${PLAN_USAGE.replace("usage: ", "")}`].join(
  "\n",
);

/** Dispatches a CLI command; returns the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case "plan":
        return await runPlan(args, io);
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
    // parseArgs throws on unknown flags: its message and the usage, no stack.
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
}
