import * as prettier from "prettier";
import {
  buildConfigJsonSchema,
  renderConfigTable,
  renderDefaultConfigModule,
  replaceConfigTable,
} from "./render-config-docs.js";

export interface ConfigDocs {
  readme: string;
  jsonSchema: string;
  defaultConfigModule: string;
}

async function formatLike(text: string, filepath: string): Promise<string> {
  const options = await prettier.resolveConfig(filepath);
  return prettier.format(text, { ...options, filepath });
}

/**
 * docs/configuration.md (with a fresh config table), the JSON Schema file and
 * src/config/default-config.ts, formatted by the project's Prettier so that `prettier --check`
 * agrees with the generator. Prettier is a dev dependency: only the docs script and the tests load
 * this module.
 */
export async function buildConfigDocs(input: {
  readme: string;
  readmePath: string;
  jsonSchemaPath: string;
  defaultConfigPath: string;
}): Promise<ConfigDocs> {
  const readme = replaceConfigTable(input.readme, renderConfigTable());
  const jsonSchema = JSON.stringify(buildConfigJsonSchema(), null, 2);
  return {
    readme: await formatLike(readme, input.readmePath),
    jsonSchema: await formatLike(jsonSchema, input.jsonSchemaPath),
    defaultConfigModule: await formatLike(renderDefaultConfigModule(), input.defaultConfigPath),
  };
}
