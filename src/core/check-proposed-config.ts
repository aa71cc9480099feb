import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { configSchema } from "../config/schema.js";

/** A problem in a config file, at the line of the field it names. */
export interface ConfigProblem {
  /** 1-based line of the field (or of the YAML error) in the file. */
  line: number;
  /** The field, e.g. `deadlines.P1`; empty for the file as a whole. */
  path: string;
  message: string;
}

/**
 * Validates the config file a pull request proposes, before it lands on the default branch and
 * becomes the config every merge is filed with. Pure. `_extends` is set aside (its target is
 * another file), so only the file's own fields are checked.
 */
export function checkProposedConfig(text: string): ConfigProblem[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    return doc.errors.slice(0, 10).map((e) => ({
      line: e.linePos?.[0].line ?? 1,
      path: "",
      message: `not valid YAML (${(e.message.split("\n")[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, "")})`,
    }));
  }
  const value: unknown = doc.toJS() ?? {};
  const own =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).filter(([key]) => key !== "_extends"))
      : value;
  const result = configSchema.safeParse(own);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    line: lineOf(doc, issue.path, lines),
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}

/** The line of the deepest key of `path` present in the document (line 1 when none is). */
function lineOf(doc: Document, path: readonly PropertyKey[], lines: LineCounter): number {
  let node: unknown = doc.contents;
  let line = 1;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isScalar(p.key) && String(p.key.value) === String(segment),
      );
      const start = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
      if (pair === undefined || start === undefined) break;
      line = lines.linePos(start).line;
      node = pair.value;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)];
      const start = isScalar(item) || isMap(item) || isSeq(item) ? item.range?.[0] : undefined;
      if (start === undefined) break;
      line = lines.linePos(start).line;
      node = item;
    } else break;
  }
  return line;
}
