import { z } from "zod";
import { configSchema } from "../../src/config/schema.js";

/** The lines of docs/configuration.md between which the configuration table is generated. */
export const CONFIG_TABLE_START = "<!-- config-table:start -->";
export const CONFIG_TABLE_END = "<!-- config-table:end -->";

type JsonSchema = z.core.JSONSchema.JSONSchema;

/**
 * The configuration as JSON Schema for editors (e.g. the YAML language server). `io: "input"`
 * describes what a user may write: fields with a default are optional.
 */
export function buildConfigJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(configSchema, { io: "input" });
  return { $schema: generated.$schema, title: "postmortem-tracker configuration", ...generated };
}

function asSchema(value: unknown): JsonSchema | null {
  return typeof value === "object" && value !== null ? (value as JsonSchema) : null;
}

function describeRange(schema: JsonSchema): string {
  const { minimum, maximum } = schema;
  if (minimum !== undefined && maximum !== undefined) return ` ${minimum}–${maximum}`;
  if (minimum !== undefined) return ` ≥ ${minimum}`;
  if (maximum !== undefined) return ` ≤ ${maximum}`;
  return "";
}

/** A short human type for a table cell: `"P0" | "P1"`, `string | null`, `{ [string]: string }`. */
export function describeType(schema: JsonSchema): string {
  if (schema.enum) {
    return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  }
  if (schema.anyOf) {
    return schema.anyOf.map(describeType).join(" | ");
  }
  if (schema.type === "integer" || schema.type === "number") {
    return `${schema.type}${describeRange(schema)}`;
  }
  if (schema.type === "array") {
    const items = asSchema(schema.items);
    return `${items ? describeType(items) : "unknown"}[]`;
  }
  if (schema.type === "object") {
    const properties = Object.entries(schema.properties ?? {});
    if (properties.length > 0) {
      const types = properties.map(([key, value]) => [key, describeType(asSchema(value) ?? {})]);
      const uniform = types.every(([, type]) => type === types[0]?.[1]);
      return uniform
        ? `{ ${types.map(([key]) => key).join(", ")}: ${types[0]?.[1] ?? ""} }`
        : `{ ${types.map(([key, type]) => `${key}: ${type}`).join(", ")} }`;
    }
    const values = asSchema(schema.additionalProperties);
    const keys = asSchema(schema.propertyNames);
    if (values) {
      return `{ [${keys ? describeType(keys) : "string"}]: ${describeType(values)} }`;
    }
    return "object";
  }
  if (Array.isArray(schema.type)) {
    return schema.type.join(" | ");
  }
  return schema.type ?? "unknown";
}

/** Text for a GFM table cell: one line, pipes escaped (also inside code spans, per GFM). */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

function code(text: string): string {
  return `\`${cell(text)}\``;
}

/** The Markdown table of top-level fields: field, type, default, description. */
export function renderConfigTable(jsonSchema: JsonSchema = buildConfigJsonSchema()): string {
  const required = new Set(jsonSchema.required ?? []);
  const rows = Object.entries(jsonSchema.properties ?? {}).map(([name, value]) => {
    const field = asSchema(value) ?? {};
    const fallback =
      "default" in field
        ? code(JSON.stringify(field.default))
        : required.has(name)
          ? "required"
          : "";
    return `| ${code(name)} | ${code(describeType(field))} | ${fallback} | ${cell(field.description ?? "")} |`;
  });
  return ["| Field | Type | Default | Description |", "| --- | --- | --- | --- |", ...rows].join(
    "\n",
  );
}

/**
 * `readme` with the text between the config-table markers replaced by `table`. Throws when the
 * markers are missing or out of order, rather than appending a second table somewhere.
 */
export function replaceConfigTable(readme: string, table: string): string {
  const start = readme.indexOf(CONFIG_TABLE_START);
  const end = readme.indexOf(CONFIG_TABLE_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(
      `docs/configuration.md must contain ${CONFIG_TABLE_START} followed by ${CONFIG_TABLE_END}, on lines of their own`,
    );
  }
  const note =
    "<!-- Generated from src/config/schema.ts by `npm run docs:config`: edit the schema, not this table. -->";
  return (
    readme.slice(0, start + CONFIG_TABLE_START.length) +
    `\n${note}\n\n${table}\n\n` +
    readme.slice(end)
  );
}

/**
 * src/config/default-config.ts: `configSchema.parse({})` written out as a literal, so that code
 * which only needs the defaults (`plan` without --config) does not load the validator, zod.
 */
export function renderDefaultConfigModule(): string {
  const defaults = JSON.stringify(configSchema.parse({}), null, 2);
  return [
    "// Generated from src/config/schema.ts by `npm run docs:config`; do not edit.",
    "// test/config/config-docs.test.ts fails when it no longer matches the schema.",
    'import type { Config } from "./schema.js";',
    "",
    "/**",
    " * The config every repository gets when it has no config file, i.e. `configSchema.parse({})`:",
    " * a literal, so that reading the defaults does not load zod (`plan` without --config starts",
    " * faster). A fresh object on each call, as parsing returns.",
    " */",
    "export function defaultConfig(): Config {",
    `  return ${defaults};`,
    "}",
    "",
  ].join("\n");
}
