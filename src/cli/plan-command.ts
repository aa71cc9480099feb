import { readFileSync } from "node:fs";
import { defaultConfig } from "../config/default-config.js";
import type { Config } from "../config/schema.js";
import { planPostmortem } from "../core/plan-postmortem.js";
import type { PostmortemPlan } from "../core/types.js";
import { UsageError, type CommandArgs } from "./command-specs.js";
import { formatPlanTable } from "./format-plan-table.js";
import type { CliIo } from "./io.js";

/** `plan`: what merging these postmortems would file, offline. Returns the exit code. */
export async function runPlan(args: CommandArgs, io: CliIo): Promise<number> {
  const now = args.text("now") ?? io.today();
  if (!isIsoDate(now)) throw new UsageError(`--now must be a date as YYYY-MM-DD, got "${now}"`);
  const author = args.text("author") ?? null;
  const configPath = args.text("config");
  let config: Config = defaultConfig();
  if (configPath !== undefined) {
    const text = readText(configPath, io);
    if (text === null) return 1;
    // The validator (zod) loads only when there is a config file to validate.
    const { parseConfigText } = await import("../config/parse-config.js");
    const result = parseConfigText(text, configPath);
    if (!result.ok) {
      io.stderr(result.error);
      return 1;
    }
    config = result.config;
  }
  const plans: PostmortemPlan[] = [];
  for (const path of args.positionals) {
    const text = readText(path, io);
    if (text === null) return 1;
    plans.push(planPostmortem({ path, text, config, now, author }));
  }
  if (args.flag("json")) {
    io.stdout(JSON.stringify(plans.length === 1 ? plans[0] : plans, null, 2));
  } else {
    io.stdout(plans.map(formatPlanTable).join("\n\n"));
  }
  return 0;
}

// Synchronous: the files are read one after another anyway, and node:fs/promises would cost a
// start-up module load (with the streams it pulls in) that a one-shot command does not need.
function readText(path: string, io: CliIo): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    io.stderr(`cannot read ${path}: ${code === "ENOENT" ? "no such file" : code}`);
    return null;
  }
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}
