import type * as ParseConfig from "../../config/parse-config.js";
import { loadChunk } from "./load-chunk.js";

/**
 * Stands for ../config/parse-config.js in `plan`'s chunk, which cannot `import()` (a vm script):
 * the validator (zod, 100 KB) is a chunk of its own, loaded only for `plan --config`.
 */
export function parseConfigText(
  ...args: Parameters<typeof ParseConfig.parseConfigText>
): ReturnType<typeof ParseConfig.parseConfigText> {
  const chunk = loadChunk("cli-chunk-config.cjs") as typeof ParseConfig;
  return chunk.parseConfigText(...args);
}
