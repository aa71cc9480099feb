import * as commandSpecs from "../command-specs.js";
import type * as PlanCommand from "../plan-command.js";
import { runScriptChunk } from "./run-script-chunk.js";

/**
 * Stands for ./plan-command.js in the CLI's bundle: `plan` and all it loads (the parser,
 * markdown-it) are a script chunk, whose compiled code is kept between runs (code-cache.ts).
 */
export function runPlan(...args: Parameters<typeof PlanCommand.runPlan>): Promise<number> {
  const plan = runScriptChunk("cli-chunk-plan.cjs", {
    "./command-specs.js": commandSpecs,
  }) as typeof PlanCommand;
  return plan.runPlan(...args);
}
