import picomatch from "picomatch";

export interface PathRules {
  paths: readonly string[];
  ignore: readonly string[];
}

/**
 * Builds the test for "is this file a postmortem?" from config globs. Matching ignores case
 * (`PostMortems/2026-01.md`) and dot-files count, since repositories keep docs in `.github/`.
 */
export function makePostmortemMatcher(rules: PathRules): (path: string) => boolean {
  const options = { nocase: true, dot: true };
  const include = picomatch([...rules.paths], options);
  const exclude = rules.ignore.length > 0 ? picomatch([...rules.ignore], options) : () => false;
  return (path) => include(path) && !exclude(path);
}
