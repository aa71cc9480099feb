import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { buildConfigDocs } from "../../scripts/config-docs/build-config-docs.js";
import { defaultConfig } from "../../src/config/default-config.js";
import { parseConfigText } from "../../src/config/parse-config.js";
import { configSchema } from "../../src/config/schema.js";
import {
  CONFIG_TABLE_END,
  CONFIG_TABLE_START,
  describeType,
  renderConfigTable,
  replaceConfigTable,
} from "../../scripts/config-docs/render-config-docs.js";

const readmePath = fileURLToPath(new URL("../../docs/configuration.md", import.meta.url));
const jsonSchemaPath = fileURLToPath(
  new URL("../../schema/postmortem-tracker.schema.json", import.meta.url),
);
const defaultConfigPath = fileURLToPath(
  new URL("../../src/config/default-config.ts", import.meta.url),
);

describe("generated configuration docs", () => {
  // If this fails, run `npm run docs:config` and commit the result.
  it("docs/configuration.md's table, the JSON Schema file and default-config.ts match the schema", async () => {
    const readme = readFileSync(readmePath, "utf8");

    const docs = await buildConfigDocs({ readme, readmePath, jsonSchemaPath, defaultConfigPath });

    expect(readme).toBe(docs.readme);
    expect(readFileSync(jsonSchemaPath, "utf8")).toBe(docs.jsonSchema);
    expect(readFileSync(defaultConfigPath, "utf8")).toBe(docs.defaultConfigModule);
  });

  it("defaultConfig() is what the schema makes of an empty config, a fresh object each time", () => {
    expect(defaultConfig()).toStrictEqual(configSchema.parse({}));
    const first = defaultConfig();
    first.paths.push("mutated/**");
    first.digest.hour = 0;
    expect(defaultConfig()).toStrictEqual(configSchema.parse({}));
  });

  it("documents every top-level field with its default", () => {
    const table = renderConfigTable();

    expect(table.split("\n").slice(0, 2)).toEqual([
      "| Field | Type | Default | Description |",
      "| --- | --- | --- | --- |",
    ]);
    expect(table).toContain(
      '| `defaultPriority` | `"P0" \\| "P1" \\| "P2" \\| "P3"` | `"P2"` | Priority for items',
    );
    expect(table).toContain(
      '| `deadlines` | `{ P0, P1, P2, P3: integer 1–3650 }` | `{"P0":7,"P1":14,"P2":30,"P3":60}` |',
    );
  });
});

describe("describeType", () => {
  it.each([
    [{ type: "string" }, "string"],
    [{ anyOf: [{ type: "string" }, { type: "null" }] }, "string | null"],
    [{ type: "integer", minimum: 1 }, "integer ≥ 1"],
    [{ type: "array", items: { type: "string" } }, "string[]"],
    [
      { type: "object", properties: { a: { type: "string" }, b: { type: "integer" } } },
      "{ a: string, b: integer }",
    ],
    [{ type: "object", additionalProperties: { enum: ["x", 1] } }, '{ [string]: "x" | 1 }'],
    [{ type: "object" }, "object"],
  ] satisfies [z.core.JSONSchema.JSONSchema, string][])("%j is %s", (schema, expected) => {
    expect(describeType(schema)).toBe(expected);
  });
});

describe("replaceConfigTable", () => {
  it("replaces only what is between the markers", () => {
    const readme = `# Title\n\n${CONFIG_TABLE_START}\nold table\n${CONFIG_TABLE_END}\n\nAfter.\n`;

    const replaced = replaceConfigTable(readme, "| new |");

    expect(replaced).toMatch(/^# Title\n\n<!-- config-table:start -->\n<!-- Generated from /);
    expect(replaced).toContain("\n\n| new |\n\n<!-- config-table:end -->\n\nAfter.\n");
    expect(replaced).not.toContain("old table");
  });

  it.each([
    ["no markers", "# Title\n"],
    ["only the start marker", `${CONFIG_TABLE_START}\n`],
    ["markers out of order", `${CONFIG_TABLE_END}\n${CONFIG_TABLE_START}\n`],
  ])("refuses a README with %s", (_name, readme) => {
    expect(() => replaceConfigTable(readme, "| new |")).toThrow(
      /must contain <!-- config-table:start -->/,
    );
  });
});

describe("the README's configuration at a glance", () => {
  it("is a valid config that changes what it says it changes", () => {
    const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
    const block = /## Configuration at a glance[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const result = parseConfigText(block ?? "", "README.md");
    if (!result.ok) throw new Error(result.error);
    expect(result.config).toMatchObject({
      paths: ["postmortems/**/*.md"],
      label: { name: "postmortem-action" },
      defaultPriority: "P2",
      deadlines: { P0: 7, P1: 14, P2: 30, P3: 60 },
      digest: { day: "monday", hour: 9, timezone: "Europe/Berlin" },
      strict: false,
    });
  });
});
