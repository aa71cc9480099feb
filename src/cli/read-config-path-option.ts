import { readConfigPath } from "../config/config-path.js";
import { UsageError, type CommandArgs } from "./command-specs.js";

/**
 * `--config-path PATH` of `sync` and `digest`: the config file in the repository, checked as the
 * Action's `config-path` input is (a relative path inside the repository, no `..`). Undefined
 * when not given, so the jobs read the app's file. A bad path is a usage error (exit 2).
 */
export function readConfigPathOption(args: CommandArgs): string | undefined {
  const value = args.text("config-path");
  if (value === undefined) return undefined;
  const result = readConfigPath(value);
  if (!result.ok) throw new UsageError(`--config-path: ${result.error}`);
  return result.path;
}
