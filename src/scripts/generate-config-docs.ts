import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { buildConfigDocs } from "../config/build-config-docs.js";

// `npm run docs:config` (after `npm run build`): regenerates the configuration table in docs/configuration.md and
// schema/postmortem-tracker.schema.json from src/config/schema.ts. test/config/config-docs.test.ts
// fails when either is out of date.

// Both src/scripts and lib/scripts sit two levels below the package root.
const readmePath = fileURLToPath(new URL("../../docs/configuration.md", import.meta.url));
const jsonSchemaPath = fileURLToPath(
  new URL("../../schema/postmortem-tracker.schema.json", import.meta.url),
);

const docs = await buildConfigDocs({
  readme: readFileSync(readmePath, "utf8"),
  readmePath,
  jsonSchemaPath,
});
writeFileSync(readmePath, docs.readme);
mkdirSync(dirname(jsonSchemaPath), { recursive: true });
writeFileSync(jsonSchemaPath, docs.jsonSchema);
console.log(`Wrote ${readmePath} (configuration table) and ${jsonSchemaPath}`);
