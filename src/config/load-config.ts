import type { Context } from "probot";
import { parseConfig, type ConfigResult } from "./parse-config.js";
import { CONFIG_FILE } from "./schema.js";

const SOURCE = `.github/${CONFIG_FILE}`;

/**
 * Reads and validates the repository's config from its default branch (Probot's
 * `context.config`, so `_extends` and the owner's `.github` repository work). A missing file means
 * the defaults; unreadable YAML or an invalid field is an error naming the field, never a silent
 * fallback.
 */
export async function loadConfig(context: Pick<Context, "config">): Promise<ConfigResult> {
  let raw: unknown;
  try {
    // Arrays replace rather than concatenate when a repo extends a shared config.
    raw = await context.config(CONFIG_FILE, undefined, {
      arrayMerge: (_base, own: unknown[]) => own,
    });
  } catch (error) {
    // An HTTP failure is GitHub's problem, not the file's: let the caller retry or report it.
    if (typeof (error as { status?: unknown }).status === "number") throw error;
    return { ok: false, error: `Invalid config in ${SOURCE}: ${describeReadError(error)}` };
  }
  return parseConfig(raw ?? {}, SOURCE);
}

/**
 * What is wrong with the file, for a person who can fix it: Probot's config plugin says
 * "Configuration could not be parsed from <API URL> (invalid YAML)" and keeps the parser's
 * message, which names the line and column, in `cause`.
 */
function describeReadError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const problem = /\((invalid YAML|invalid JSON|YAML is not an object)\)/.exec(error.message)?.[1];
  const cause = error.cause instanceof Error ? error.cause.message.split("\n")[0] : undefined;
  if (problem !== undefined) return cause === undefined ? problem : `${problem}: ${cause}`;
  const first = error.message.split("\n")[0] ?? "";
  return first.replace(/^\[@probot\/octokit-plugin-config\] /, "").replace(/\S+:\/\/\S+/g, SOURCE);
}
