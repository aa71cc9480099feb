import type * as Yaml from "yaml";
import { loadChunk } from "./load-chunk.js";

// yaml (115 KB) reads front matter and --config files: most postmortems have neither.
let yaml: typeof Yaml | undefined;

/** yaml's `parse`, from the chunk that holds yaml, loaded at the first call. */
export function parse(...args: Parameters<typeof Yaml.parse>): unknown {
  yaml ??= loadChunk("cli-chunk-yaml.cjs") as typeof Yaml;
  return yaml.parse(...args);
}
