import type { Context } from "probot";
import { DEFAULT_CONFIG_PATH } from "./config-path.js";
import { parseConfig, type ConfigResult } from "./parse-config.js";

/**
 * Reads and validates the repository's config from its default branch (Probot's
 * `context.config`, so `_extends` and the owner's `.github` repository work). A missing file means
 * the defaults; unreadable YAML or an invalid field is an error naming the field, never a silent
 * fallback. `path` is the app's `.github/postmortem-tracker.yml` unless the Action's
 * `config-path` input names another file (checked by readConfigPath: relative, no `..`).
 */
export async function loadConfig(
  context: Pick<Context, "config">,
  path: string = DEFAULT_CONFIG_PATH,
): Promise<ConfigResult> {
  let raw: unknown;
  try {
    // Probot reads `.github/<name>`, joining the two with path.posix.join, which resolves `..`:
    // a path outside `.github` is named from there (readConfigPath allows no `..` of its own).
    const name = path.startsWith(".github/") ? path.slice(".github/".length) : `../${path}`;
    raw = await context.config(name, undefined, {
      // Arrays replace rather than concatenate when a repo extends a shared config.
      arrayMerge: (_base, own: unknown[]) => own,
    });
  } catch (error) {
    // An HTTP failure is GitHub's problem, not the file's: let the caller retry or report it.
    if (typeof (error as { status?: unknown }).status === "number") throw error;
    return {
      ok: false,
      error: `Invalid config in ${path}: ${describeReadError(error, path)}`,
      source: path,
    };
  }
  return parseConfig(raw ?? {}, path);
}

/**
 * What is wrong with the file, for a person who can fix it: Probot's config plugin says
 * "Configuration could not be parsed from <API URL> (invalid YAML)" and keeps the parser's
 * message, which names the line and column, in `cause`.
 */
function describeReadError(error: unknown, path: string): string {
  if (!(error instanceof Error)) return String(error);
  const problem = /\((invalid YAML|invalid JSON|YAML is not an object)\)/.exec(error.message)?.[1];
  const cause = error.cause instanceof Error ? error.cause.message.split("\n")[0] : undefined;
  if (problem !== undefined) return cause === undefined ? problem : `${problem}: ${cause}`;
  const first = error.message.split("\n")[0] ?? "";
  return first.replace(/^\[@probot\/octokit-plugin-config\] /, "").replace(/\S+:\/\/\S+/g, path);
}
