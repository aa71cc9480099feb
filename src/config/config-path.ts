import { z } from "zod";
import { CONFIG_FILE } from "./schema.js";

/**
 * Where the app reads its settings, and the default of the Action's `config-path` input and the
 * CLI's `--config-path`.
 */
export const DEFAULT_CONFIG_PATH = `.github/${CONFIG_FILE}`;

/*
 * A path another runtime may choose instead (the Action's input, the CLI's option). It is read
 * through the contents API, so it must name a file inside the repository; and it is quoted in
 * Markdown code spans, annotations and the config loader's "Invalid config in <path>: …" line, so
 * it keeps to characters none of those treat specially (no backtick, colon, comma or space).
 */
const SEGMENT = /^[A-Za-z0-9_.-]+$/;

const configPathSchema = z
  .string()
  .min(1, { error: "is empty: name a file such as .github/postmortem-tracker.yml" })
  .refine((path) => !path.startsWith("/"), {
    error: "must be relative to the repository's root, not absolute",
  })
  .refine((path) => !path.includes("\\"), { error: "separates folders with /, not \\" })
  .refine((path) => !path.split("/").includes(".."), {
    error: "must stay inside the repository: no .. segment",
  })
  .refine((path) => path.split("/").every((segment) => segment !== "" && segment !== "."), {
    error: "has an empty or . segment (// or /./ or a trailing /)",
  })
  .refine((path) => path.split("/").every((segment) => SEGMENT.test(segment)), {
    error: "may hold only letters, digits, ., _, - and /",
  })
  // Probot's config reader parses .yml, .yaml and .json; the line annotations read YAML.
  .refine((path) => /\.ya?ml$/i.test(path), { error: "must name a YAML file (.yml or .yaml)" });

export type ConfigPathResult = { ok: true; path: string } | { ok: false; error: string };

/**
 * Checks a config path given by a person (the Action's input, the CLI's option): a relative path
 * to a YAML file inside the repository. The error quotes the value and names the first rule it
 * breaks, for the caller to prefix with the input's or option's name.
 */
export function readConfigPath(value: string): ConfigPathResult {
  const result = configPathSchema.safeParse(value);
  if (result.success) return { ok: true, path: result.data };
  const reason = result.error.issues[0]?.message ?? "is not a path";
  return { ok: false, error: `"${value}" ${reason}` };
}
