import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/**
 * The variables of `<dir>/.env`, parsed the way Probot 14.3+ parses them (node:util parseEnv), or
 * nothing when the file does not exist. Probot's run() then copies them over process.env, so the
 * file wins over the real environment; start-up checks must look at that merged view.
 */
export function readDotEnv(dir: string): NodeJS.Dict<string> {
  let text: string;
  try {
    text = readFileSync(join(dir, ".env"), "utf8");
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") {
      return {};
    }
    throw error;
  }
  return parseEnv(text);
}
