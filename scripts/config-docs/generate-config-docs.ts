import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { buildConfigDocs } from "./build-config-docs.js";

// `npm run docs:config`: regenerates the configuration table in docs/configuration.md,
// schema/postmortem-tracker.schema.json and src/config/default-config.ts from src/config/schema.ts.
// test/config/config-docs.test.ts fails when any of them is out of date. It is compiled by
// scripts/config-docs/tsconfig.json into .scripts/, outside the package, as it needs prettier (a
// dev dependency).

// Two levels below the checkout in source, three when compiled under .scripts/.
const twoUp = new URL("../../", import.meta.url);
const root = basename(fileURLToPath(twoUp)) === ".scripts" ? new URL("../", twoUp) : twoUp;
const readmePath = fileURLToPath(new URL("docs/configuration.md", root));
const jsonSchemaPath = fileURLToPath(new URL("schema/postmortem-tracker.schema.json", root));
const defaultConfigPath = fileURLToPath(new URL("src/config/default-config.ts", root));

const docs = await buildConfigDocs({
  readme: readFileSync(readmePath, "utf8"),
  readmePath,
  jsonSchemaPath,
  defaultConfigPath,
});
writeFileSync(readmePath, docs.readme);
mkdirSync(dirname(jsonSchemaPath), { recursive: true });
writeFileSync(jsonSchemaPath, docs.jsonSchema);
writeFileSync(defaultConfigPath, docs.defaultConfigModule);
console.log(
  `Wrote ${readmePath} (configuration table), ${jsonSchemaPath} and ${defaultConfigPath}`,
);
