import type { List, Nodes, Root, RootContent, Table } from "mdast";
import { convertHtmlLines } from "./html-to-markdown.js";
import { normalizeText, unwrapProseFences } from "./normalize-source.js";
import { parseMarkdown, type MarkdownParser } from "./parse-markdown.js";

/** One source line of a paragraph, as markdown source with its 1-based line number. */
export interface SourceLine {
  text: string;
  line: number;
}

/**
 * The document as a reader sees it: a flat sequence of blocks in document order. Lists and tables
 * keep their mdast nodes (their structure matters); paragraphs are kept as lines because
 * postmortems often put one action per line with no list markup.
 */
export type Block =
  | { kind: "heading"; depth: number; text: string; line: number }
  | { kind: "paragraph"; lines: SourceLine[] }
  | { kind: "list"; node: List }
  | { kind: "table"; node: Table }
  | { kind: "break"; line: number }
  | { kind: "code"; line: number };

export interface ReadDocument {
  text: string;
  blocks: Block[];
  frontMatter: string | null;
  /** Lines whose markup lied and was repaired (unclosed fences, prose in code blocks, HTML). */
  repairs: { line: number; message: string }[];
}

const BLOCK_HTML =
  /<\/?(h[1-6]|p|ul|ol|li|div|br|section|article|header|footer|table|tr|td|th|blockquote)\b/i;

/**
 * Parses `raw` and returns its blocks, repairing markup that renders differently from intent.
 * `parse` is replaceable so that the tests can compare markdown parsers on the same documents.
 */
export function readBlocks(raw: string, parse: MarkdownParser = parseMarkdown): ReadDocument {
  const text = normalizeText(raw);
  const lines = text.split("\n");
  const repairs: ReadDocument["repairs"] = [];
  // A fence needs three backticks or tildes in a row: without them there is nothing to unwrap.
  if (text.includes("```") || text.includes("~~~")) {
    const before = lines.slice();
    if (unwrapProseFences(lines)) {
      lines.forEach((l, i) => {
        if (l !== before[i])
          repairs.push({ line: i + 1, message: "Code fence read as text (unclosed or markdown)." });
      });
    }
  }
  if (capNesting(lines))
    repairs.push({ line: 1, message: "Nesting deeper than 32 levels was flattened." });
  // Every change to `lines` comes with a repair: with none, the lines still join to `text`, and
  // with none during the parse, to what was parsed. Joining a large document costs a parse's worth.
  const joined = repairs.length === 0 ? text : lines.join("\n");
  const repaired = repairs.length;
  const children = parseRegion(lines, 0, lines.length, 0, repairs, parse, joined);
  const source = repairs.length === repaired ? joined : lines.join("\n");
  if (children === null) {
    // The markdown parser gave up (its recursion has limits): read the text as plain lines.
    repairs.push({
      line: 1,
      message: "The document could not be read as markdown; read as plain text.",
    });
    return { text: source, blocks: plainBlocks(lines), frontMatter: null, repairs };
  }
  if (repairs.some((r) => r.message.startsWith("Indented") || r.message.startsWith("HTML")))
    fixOffsets(children, lines);
  const root: Root = { type: "root", children };
  const blocks: Block[] = [];
  let frontMatter: string | null = null;
  for (const node of root.children) {
    if (node.type === "yaml" && frontMatter === null) {
      frontMatter = node.value;
      continue;
    }
    pushBlocks(node, source, blocks);
  }
  return { text: source, blocks, frontMatter, repairs };
}

const MAX_DEPTH = 32;
const DEEP_PREFIX = /^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])[ \t]+){33,}/;

/** Caps container nesting (`> > > …`, `- - - …`) that would overflow the parser's stack. */
function capNesting(lines: string[]): boolean {
  let changed = false;
  lines.forEach((line, i) => {
    // 33 markers, each followed by a space, take at least this many characters.
    if (line.length < 66) return;
    const deep = DEEP_PREFIX.exec(line);
    if (!deep) return;
    const markers = deep[0].trim().split(/[ \t]+/);
    lines[i] = `${markers.slice(-MAX_DEPTH).join(" ")} ${line.slice(deep[0].length)}`;
    changed = true;
  });
  return changed;
}

function parseMarkdownSafely(source: string, parse: MarkdownParser): Root | null {
  try {
    return parse(source);
  } catch {
    // Only pathological input gets here (stack overflows on nesting the cap did not catch).
    return null;
  }
}

function plainBlocks(lines: string[]): Block[] {
  const rows = lines.map((text, i) => ({ text: text.trim(), line: i + 1 }));
  return [{ kind: "paragraph", lines: rows.filter((r) => r.text !== "") }];
}

/**
 * Parses `lines[from..to)` and repairs, in place, what a reader would not call code or HTML:
 * prose indented four spaces, and block HTML. Only a repaired node's own lines are parsed again
 * (recursively: an indented HTML document becomes HTML, then markdown), so repairs cost about
 * one extra parse of the repaired text, not of the whole document. Lines of the returned nodes are
 * absolute; offsets are fixed by the caller once all repairs are done.
 */
function parseRegion(
  lines: string[],
  from: number,
  to: number,
  depth: number,
  repairs: ReadDocument["repairs"],
  parse: MarkdownParser,
  /** `lines[from..to)` joined, when the caller has it already. */
  joined?: string,
): RootContent[] | null {
  const text = joined ?? lines.slice(from, to).join("\n");
  const root = parseMarkdownSafely(text, parse);
  if (root === null) return null;
  const out: RootContent[] = [];
  for (const node of root.children) {
    const start = (node.position?.start.line ?? 1) + from;
    const end = (node.position?.end.line ?? 1) + from;
    const repaired = depth < 3 && repairNode(node, text, lines, start, end, repairs);
    const again = repaired ? parseRegion(lines, start - 1, end, depth + 1, repairs, parse) : null;
    if (again !== null) out.push(...again);
    else {
      shiftLines(node, from);
      out.push(node);
    }
  }
  return out;
}

function repairNode(
  node: RootContent,
  text: string,
  lines: string[],
  start: number,
  end: number,
  repairs: ReadDocument["repairs"],
): boolean {
  if (node.type === "code" && !isFenced(node, text) && looksLikeProse(node.value)) {
    dedentLines(lines, start - 1, end);
    repairs.push({ line: start, message: "Indented text read as prose, not code." });
    return true;
  }
  if (node.type === "html" && BLOCK_HTML.test(node.value)) {
    convertHtmlLines(lines, start - 1, end);
    repairs.push({ line: start, message: "HTML read as the markdown it shows." });
    return true;
  }
  return false;
}

interface Positioned {
  position?:
    | {
        start: { line: number; column: number; offset?: number };
        end: { line: number; column: number; offset?: number };
      }
    | undefined;
  children?: unknown[];
}

function walk(node: Positioned, visit: (n: Positioned) => void): void {
  visit(node);
  for (const child of (node.children ?? []) as Positioned[]) walk(child, visit);
}

function shiftLines(node: RootContent, by: number): void {
  if (by === 0) return;
  walk(node, (n) => {
    if (!n.position) return;
    n.position.start.line += by;
    n.position.end.line += by;
  });
}

/** After repairs changed line lengths, recomputes every offset from its line and column. */
function fixOffsets(children: RootContent[], lines: string[]): void {
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const at = (p: { line: number; column: number; offset?: number }) => {
    p.offset = (starts[p.line - 1] ?? offset) + p.column - 1;
  };
  for (const child of children)
    walk(child, (n) => {
      if (!n.position) return;
      at(n.position.start);
      at(n.position.end);
    });
}

function isFenced(node: RootContent, source: string): boolean {
  const offset = node.position?.start.offset ?? 0;
  const head = source.slice(offset, offset + 8).trimStart();
  return head.startsWith("```") || head.startsWith("~~~");
}

const CODE_HINT =
  /[{};]\s*$|=>|\b(function|const|let|var|def|import|return|sudo|apt-get|echo)\b|^\s*[$#>] |^\s*\/\//;

/** Indented "code" in postmortems is usually prose or HTML indented by a word processor. */
function looksLikeProse(value: string): boolean {
  const rows = value.split("\n").filter((l) => l.trim() !== "");
  if (rows.length === 0) return false;
  let prose = 0;
  for (const row of rows) {
    const t = row.trim();
    if (/^<\/?[a-z]/i.test(t) || /^(#{1,6} |[-*+] |\d+[.)] |\[[ xX]?\] )/.test(t)) prose++;
    else if (!CODE_HINT.test(t) && /^[\p{L}\p{N}"'“(*_]/u.test(t) && t.split(/\s+/).length >= 3)
      prose++;
  }
  return prose / rows.length >= 0.6;
}

function dedentLines(lines: string[], start: number, end: number): void {
  let indent = Infinity;
  for (let i = start; i < end; i++) {
    const l = (lines[i] ?? "").replace(/\t/g, "    ");
    if (l.trim() === "") continue;
    indent = Math.min(indent, l.length - l.trimStart().length);
  }
  if (!Number.isFinite(indent)) return;
  for (let i = start; i < end; i++) {
    const l = (lines[i] ?? "").replace(/\t/g, "    ");
    lines[i] = l.slice(Math.min(indent, l.length - l.trimStart().length));
  }
}

function pushBlocks(node: Nodes, source: string, blocks: Block[]): void {
  const line = node.position?.start.line ?? 1;
  switch (node.type) {
    case "heading": {
      const raw = sliceSource(node, source);
      const rows = raw.split("\n");
      if (rows.length > 1) {
        // A setext underline below a whole paragraph: the reader sees a paragraph and a rule.
        const content = rows.slice(0, -1).map((t, i) => ({ text: t.trim(), line: line + i }));
        if (content.length > 1) {
          blocks.push({ kind: "paragraph", lines: content });
          blocks.push({ kind: "break", line: line + rows.length - 1 });
          return;
        }
        blocks.push({ kind: "heading", depth: node.depth, text: content[0]?.text ?? "", line });
        return;
      }
      const text = raw
        .replace(/^\s*#{1,6}\s*/, "")
        .replace(/\s+#+\s*$/, "")
        .trim();
      blocks.push({ kind: "heading", depth: node.depth, text, line });
      return;
    }
    case "paragraph": {
      const rows = sliceSource(node, source).split("\n");
      blocks.push({
        kind: "paragraph",
        lines: rows.map((t, i) => ({ text: t.trim(), line: line + i })),
      });
      return;
    }
    case "list":
      blocks.push({ kind: "list", node });
      return;
    case "table":
      blocks.push({ kind: "table", node });
      return;
    case "thematicBreak":
      blocks.push({ kind: "break", line });
      return;
    case "code":
      blocks.push({ kind: "code", line });
      return;
    case "blockquote":
      for (const child of node.children) pushBlocks(child, source, blocks);
      return;
    default:
      // html comments, definitions, footnotes: nothing a reader treats as an action.
      return;
  }
}

/** The markdown source of a node. */
export function sliceSource(node: Nodes, source: string): string {
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? start;
  return source.slice(start, end);
}
