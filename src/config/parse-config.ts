import { parse as parseYaml } from "yaml";
import { configSchema, type Config } from "./schema.js";

/** A failure names the file it read (`source`), for messages that tell where to fix it. */
export type ConfigResult =
  { ok: true; config: Config } | { ok: false; error: string; source: string };

/** Validates an already-loaded config object; the error names each bad field by its path. */
export function parseConfig(value: unknown, source: string): ConfigResult {
  const result = configSchema.safeParse(value ?? {});
  if (result.success) return { ok: true, config: result.data };
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    return `${path}: ${issue.message}`;
  });
  return { ok: false, error: `Invalid config in ${source}: ${problems.join("; ")}`, source };
}

/** Parses config file text (YAML, which includes JSON) and validates it. */
export function parseConfigText(text: string, source: string): ConfigResult {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, error: `Invalid config in ${source}: not valid YAML (${reason})`, source };
  }
  return parseConfig(value, source);
}

// The defaults without the validator: generated from the schema (see default-config.ts).
export { defaultConfig } from "./default-config.js";
