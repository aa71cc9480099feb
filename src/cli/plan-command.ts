import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { defaultConfig, parseConfigText } from "../config/parse-config.js";
import type { Config } from "../config/schema.js";
import { planPostmortem } from "../core/plan-postmortem.js";
import type { PostmortemPlan } from "../core/types.js";
import { formatPlanTable } from "./format-plan-table.js";
import type { CliIo } from "./io.js";

export const PLAN_USAGE =
  "usage: postmortem-tracker plan FILE... [--json] [--now YYYY-MM-DD] [--author LOGIN] [--config FILE]";

/** `plan`: what merging these postmortems would file, offline. Returns the exit code. */
export async function runPlan(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      now: { type: "string" },
      author: { type: "string" },
      config: { type: "string" },
    },
  });
  if (positionals.length === 0) {
    io.stderr(PLAN_USAGE);
    return 2;
  }
  const now = values.now ?? io.today();
  if (!isIsoDate(now)) {
    io.stderr(`--now must be a date as YYYY-MM-DD, got "${now}"`);
    return 2;
  }
  let config: Config = defaultConfig();
  if (values.config !== undefined) {
    const text = await readText(values.config, io);
    if (text === null) return 1;
    const result = parseConfigText(text, values.config);
    if (!result.ok) {
      io.stderr(result.error);
      return 1;
    }
    config = result.config;
  }
  const plans: PostmortemPlan[] = [];
  for (const path of positionals) {
    const text = await readText(path, io);
    if (text === null) return 1;
    plans.push(planPostmortem({ path, text, config, now, author: values.author ?? null }));
  }
  if (values.json) {
    io.stdout(JSON.stringify(plans.length === 1 ? plans[0] : plans, null, 2));
  } else {
    io.stdout(plans.map(formatPlanTable).join("\n\n"));
  }
  return 0;
}

async function readText(path: string, io: CliIo): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
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
