import { readFileSync } from "node:fs";
import { z } from "zod";

const packageInfoSchema = z.object({ name: z.string(), version: z.string() });

export type PackageInfo = z.infer<typeof packageInfoSchema>;

/**
 * Name and version from the project's package.json. The path is resolved from this module so it
 * is the same from src/ (tests) and lib/ (compiled): both sit one level below the package root.
 */
export function readPackageInfo(): PackageInfo {
  const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
  return packageInfoSchema.parse(JSON.parse(text));
}
