import type {
  Blockquote,
  Code,
  FootnoteDefinition,
  Heading,
  Html,
  List,
  ListItem,
  Paragraph,
  Parents,
  Root,
  RootContent,
  Table,
  TableCell,
  TableRow,
  Yaml,
} from "mdast";
import MarkdownIt, { type StateBlock, type Token } from "markdown-it";

/**
 * The markdown parser: a function from text to an mdast tree with positions. readBlocks takes one
 * so that the tests can check this parser against remark on the same documents.
 */
export type MarkdownParser = (text: string) => Root;

/**
 * Parses markdown (CommonMark, GFM tables, task lists and footnote definitions, YAML/TOML front
 * matter) into the block structure of an mdast tree, with the same positions remark gives.
 *
 * Block structure only: the planner reads every paragraph, heading and table cell as source text
 * by its position, never through inline nodes, so inline markdown is not parsed and those nodes
 * have no children. Link reference definitions leave no node (nothing reads them).
 *
 * This is markdown-it's block parser with rules of ours where remark reads differently: GFM
 * tables as micromark reads them (with the offsets of every cell), footnote definitions, front
 * matter, where indented code ends, the line after a link reference definition, and a rule that
 * records where each block starts inside its containers (markdown-it's tokens carry only line
 * numbers). test/core/parse-markdown.test.ts checks the result against remark; bench section 5
 * measures both.
 *
 * Line endings must be "\n" (readBlocks normalises them first); offsets count UTF-16 units.
 */
export function parseMarkdown(text: string): Root {
  const env: ParseEnv = { starts: new Int32Array(0), bol: new Int32Array(0) };
  const lines = lineStarts(text);
  env.starts = new Int32Array(lines.length);
  env.bol = new Int32Array(lines.length);
  const tokens: Token[] = [];
  md.block.parse(text, md, env, tokens);
  return toTree(tokens, text, lines, env);
}

interface ParseEnv {
  [key: PropertyKey]: unknown;
  /** Per line: offset of the first character of the innermost block that starts on it. */
  starts: Int32Array;
  /** Per line: offset where that block's line begins inside its containers (indented code). */
  bol: Int32Array;
  /** The line where a table was found to interrupt a paragraph. */
  tableAt?: number;
}

interface CellSpan {
  start: number;
  end: number;
}

// Nesting past this is dropped by markdown-it instead of overflowing the stack; readBlocks caps
// the nesting a single line can open at 32 levels, each of which is at most two here.
const MAX_NESTING = 1000;

type BlockRule = (
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
) => boolean;

const md = new MarkdownIt("commonmark", { html: true, maxNesting: MAX_NESTING }).enable("table");

/**
 * markdown-it's own rules that ours call. They are not exported, so they are read from the rule
 * list (an internal of the pinned version); a missing one fails at load, in every test.
 */
function builtInRule(name: string): BlockRule {
  const ruler = md.block.ruler as unknown as { __rules__?: { name: string; fn: BlockRule }[] };
  const rule = ruler.__rules__?.find((r) => r.name === name)?.fn;
  if (rule === undefined) throw new Error(`markdown-it has no block rule "${name}"`);
  return rule;
}

const reference = builtInRule("reference");
const setextHeading = builtInRule("lheading");
const paragraphRule = builtInRule("paragraph");

md.block.ruler.at("table", gfmTable, { alt: ["paragraph", "reference"] });
md.block.ruler.at("code", indentedCode);
md.block.ruler.at("reference", definitionsThenParagraph);
md.block.ruler.before("table", "record_starts", recordStarts);
md.block.ruler.before("table", "front_matter", frontMatter);
md.block.ruler.before("reference", "footnote_definition", footnoteDefinition, {
  alt: ["paragraph", "reference", "blockquote", "list"],
});

/**
 * Link reference definitions, then the line after them as a paragraph line. CommonMark (and
 * micromark) read definitions as the start of a paragraph, so a line that cannot interrupt a
 * paragraph ("10. ten", "-", indented text, a lazy line) continues it there; markdown-it would
 * start a new block.
 */
function definitionsThenParagraph(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
): boolean {
  if (!reference(state, startLine, endLine, silent)) return false;
  if (silent) return true;
  // A footnote or a table (whose header may look like a definition) ends the definitions.
  const isFootnote = (line: number) => footnoteDefinition(state, line, endLine, true);
  const isTable = (line: number) => gfmTable(state, line, endLine, true);
  while (
    state.line < endLine &&
    !isFootnote(state.line) &&
    !isTable(state.line) &&
    reference(state, state.line, endLine, false)
  );
  const next = state.line;
  if (next >= endLine || state.isEmpty(next)) return true;
  const oldParentType = state.parentType;
  state.parentType = "paragraph";
  const interrupts = state.md.block.ruler
    .getRules("paragraph")
    .some((rule) => rule(state, next, endLine, true));
  state.parentType = oldParentType;
  if (interrupts) return true;
  recordStarts(state, next);
  const first = state.tokens.length;
  // An indented line here continues the paragraph: it is no code block, so it may also be the
  // text of a setext heading, which markdown-it only starts below four columns.
  const sCount = state.sCount[next] ?? 0;
  state.sCount[next] = Math.min(sCount, state.blkIndent);
  const setext = setextHeading(state, next, endLine, false);
  state.sCount[next] = sCount;
  if (setext) {
    // remark's setext heading spans the definitions above its text, as CommonMark's does, unless
    // its first line is an underline itself (one the definitions alone could not take).
    const heading = state.tokens[first];
    if (heading?.map && !/^ {0,3}(=+|-+)[ \t]*$/.test(lineText(state, next)))
      heading.map[0] = startLine;
  } else {
    paragraphRule(state, next, endLine, false);
  }
  return true;
}

/**
 * Never matches: markdown-it tries it first at every block start, inside every container, so the
 * last value it records for a line is where the innermost block on that line starts (after `> `
 * and list markers). Tokens carry only line numbers; this gives paragraphs and headings their
 * offsets.
 */
function recordStarts(state: StateBlock, startLine: number): boolean {
  const env = state.env as unknown as ParseEnv;
  env.starts[startLine] = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
  env.bol[startLine] = state.bMarks[startLine] ?? 0;
  return false;
}

/** `---` … `---` (YAML) or `+++` … `+++` (TOML) from the first line, as micromark reads them. */
function frontMatter(state: StateBlock, startLine: number, endLine: number): boolean {
  if (startLine !== 0 || state.level !== 0 || state.tShift[0] !== 0) return false;
  const first = lineText(state, 0);
  const fence = /^(-{3}|\+{3})[ \t]*$/.exec(first)?.[1];
  // An opening fence must be followed by a line ending, and the matter must be closed.
  if (fence === undefined || endLine < 2) return false;
  const closing = new RegExp(`^\\${fence[0]}{3}[ \\t]*$`);
  for (let line = 1; line < endLine; line++) {
    if (state.tShift[line] !== 0 || !closing.test(lineText(state, line))) continue;
    const token = state.push("front_matter", "", 0);
    token.info = fence === "---" ? "yaml" : "toml";
    token.content = line > 1 ? state.src.slice(state.bMarks[1], state.eMarks[line - 1]) : "";
    token.map = [0, line + 1];
    state.line = line + 1;
    return true;
  }
  return false;
}

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line], state.eMarks[line]);
}

/**
 * `[^label]: text`, a container whose lines after the first are indented four spaces (GFM). Its
 * content is tokenized only so that the lines it spans are known: nothing in a footnote is an
 * action item. Label rules are micromark's: no whitespace or `[`, at most 999 characters.
 */
function footnoteDefinition(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
): boolean {
  if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false;
  const src = state.src;
  const start = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
  const max = state.eMarks[startLine] ?? 0;
  if (src.charCodeAt(start) !== 0x5b || src.charCodeAt(start + 1) !== 0x5e) return false;
  let pos = start + 2;
  let size = 0;
  for (; ; pos++) {
    if (pos >= max || size > 999) return false;
    const ch = src.charCodeAt(pos);
    if (ch === 0x5d) break;
    if (ch === 0x5b || ch === 0x20 || ch === 0x09) return false;
    size++;
    const next = src.charCodeAt(pos + 1);
    if (ch === 0x5c && (next === 0x5b || next === 0x5c || next === 0x5d)) {
      pos++;
      size++;
    }
  }
  if (size === 0 || src.charCodeAt(pos + 1) !== 0x3a) return false;
  if (silent) return true;
  pos += 2;
  // All whitespace after the colon is eaten: the first line's content is never indented code.
  while (pos < max && (src.charCodeAt(pos) === 0x20 || src.charCodeAt(pos) === 0x09)) pos++;
  const saved = {
    bMark: state.bMarks[startLine] ?? 0,
    tShift: state.tShift[startLine] ?? 0,
    sCount: state.sCount[startLine] ?? 0,
    parentType: state.parentType,
  };
  state.bMarks[startLine] = pos;
  state.tShift[startLine] = 0;
  state.blkIndent += 4;
  state.sCount[startLine] = state.blkIndent;
  state.parentType = "footnote";
  const open = state.push("footnote_open", "", 1);
  state.md.block.tokenize(state, startLine, endLine);
  state.blkIndent -= 4;
  state.bMarks[startLine] = saved.bMark;
  state.tShift[startLine] = saved.tShift;
  state.sCount[startLine] = saved.sCount;
  state.parentType = saved.parentType;
  // "[^1]:" alone, followed by a line that is not indented, is still one line long.
  if (state.line <= startLine) state.line = startLine + 1;
  // It ends at its last line with text, as in remark, not at the blank lines after it.
  let last = state.line - 1;
  while (last > startLine && state.isEmpty(last)) last--;
  open.map = [startLine, last + 1];
  state.push("footnote_close", "", -1);
  return true;
}

/**
 * Indented code as markdown-it reads it, except where it ends: micromark (and so remark) also
 * counts lines of only spaces that are indented four columns, and the blank lines before them.
 */
function indentedCode(state: StateBlock, startLine: number, endLine: number): boolean {
  if ((state.sCount[startLine] ?? 0) - state.blkIndent < 4) return false;
  let line = startLine + 1;
  let last = line;
  let end = line;
  for (; line < endLine; line++) {
    const indented = (state.sCount[line] ?? 0) - state.blkIndent >= 4;
    if (!state.isEmpty(line)) {
      if (!indented) break;
      last = line + 1;
    }
    if (indented) end = line + 1;
  }
  state.line = last;
  const token = state.push("code_block", "code", 0);
  token.map = [startLine, Math.max(last, end)];
  // remark's value has those lines too, less one final line ending (dropped in toTree).
  token.content = state.getLines(startLine, token.map[1], 4 + state.blkIndent, false);
  return true;
}

/**
 * A GFM table as micromark-extension-gfm-table reads it (markdown-it's own rule differs on escaped
 * backslashes, header rows without a pipe and HTML lines in the body): a header row, a delimiter
 * row with as many cells and at least one pipe or colon, then body rows until a blank, lazy or
 * indented line or the start of another block. Each row token carries its cells' offsets.
 */
function gfmTable(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (startLine + 2 > endLine) return false;
  if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false;
  const delimiterLine = startLine + 1;
  if ((state.sCount[delimiterLine] ?? 0) < state.blkIndent) return false;
  if ((state.sCount[delimiterLine] ?? 0) - state.blkIndent >= 4) return false;
  const head = splitRow(state, startLine);
  if (head === null) return false;
  const columns = delimiterCells(lineText(state, delimiterLine).slice(state.tShift[delimiterLine]));
  if (columns !== head.length) return false;
  // micromark opens containers (lists, quotes, footnotes) before it tries a table, and headings,
  // fences, rules and HTML before it tries one at the same place: neither row may start those.
  const terminators = state.md.block.ruler.getRules("blockquote");
  const env = state.env as unknown as ParseEnv;
  // A table that ends a paragraph is one even if its header reads as a list that may not: it
  // is parsed next as a block of its own, where that list would win.
  const interrupting = env.tableAt === startLine;
  if (!interrupting && startsBlock(state, terminators, startLine, endLine)) return false;
  if (startsBlock(state, terminators, delimiterLine, endLine)) return false;
  if (silent) {
    if (state.parentType === "paragraph") env.tableAt = startLine;
    return true;
  }

  const oldParentType = state.parentType;
  state.parentType = "table";
  const table = state.push("table_open", "table", 1);
  pushRow(state, startLine, head);
  let line = startLine + 2;
  for (; line < endLine; line++) {
    if ((state.sCount[line] ?? 0) < state.blkIndent || state.isEmpty(line)) break;
    if ((state.sCount[line] ?? 0) - state.blkIndent >= 4) break;
    if (startsBlock(state, terminators, line, endLine)) break;
    // A body row of a lone pipe is one empty cell.
    const cells = splitRow(state, line) ?? [
      { start: state.eMarks[line] ?? 0, end: state.eMarks[line] ?? 0 },
    ];
    pushRow(state, line, cells);
  }
  table.map = [startLine, line];
  state.push("table_close", "table", -1);
  state.parentType = oldParentType;
  state.line = line;
  return true;
}

/**
 * Whether `line` starts a block other than a paragraph: the rules that may interrupt a block
 * quote's paragraph, and any HTML block, even an open or close tag alone on its line (which may
 * not interrupt a paragraph, but does end a table in micromark).
 */
function startsBlock(
  state: StateBlock,
  rules: BlockRule[],
  line: number,
  endLine: number,
): boolean {
  // Every such block starts with one of these characters: a table row ("| …") never does, so a
  // large table is not checked against every rule on every row.
  const first = state.src[(state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0)] ?? "";
  if (!BLOCK_STARTS.includes(first)) return false;
  if (rules.some((rule) => rule(state, line, endLine, true))) return true;
  return HTML_TAG_LINE.test(lineText(state, line).slice(state.tShift[line]));
}

// Fences, quotes, rules, list markers, HTML, ATX headings, footnote definitions.
const BLOCK_STARTS = "`~>*-_+0123456789<#[";

const HTML_TAG_LINE =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;

/** One token per row, with no closing token: a row holds nothing but its cells. */
function pushRow(state: StateBlock, line: number, cells: CellSpan[]): void {
  const row = state.push("tr", "tr", 0);
  row.map = [line, line + 1];
  row.meta = { cells };
}

/**
 * The cells of a table row: what lies between unescaped pipes (`\|` and `\\` are escapes), less
 * an empty segment before a leading pipe or after a trailing one. Null for a header row that
 * micromark would not take: a lone pipe, or nothing.
 */
function splitRow(state: StateBlock, line: number): CellSpan[] | null {
  const src = state.src;
  const from = (state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0);
  const to = state.eMarks[line] ?? 0;
  const cells: CellSpan[] = [];
  let start = from;
  for (let pos = from; pos < to; pos++) {
    const ch = src.charCodeAt(pos);
    if (ch === 0x5c) {
      const next = src.charCodeAt(pos + 1);
      if (next === 0x5c || next === 0x7c) pos++;
    } else if (ch === 0x7c) {
      if (pos > from) cells.push({ start, end: pos });
      start = pos + 1;
    }
  }
  if (src.slice(start, to).trim() !== "") cells.push({ start, end: to });
  // micromark takes any header row but a lone pipe.
  if (cells.length === 0) return null;
  return cells;
}

/**
 * The number of cells of a delimiter row (`| --- | :-: |`), or -1 when the line is not one. With
 * no pipe and no colon, "---" is a thematic break or a setext underline, not a table.
 */
function delimiterCells(text: string): number {
  if (!DELIMITER_ROW.test(text) || !/[|:]/.test(text)) return -1;
  return text.match(/-+/g)?.length ?? -1;
}

const DELIMITER_ROW = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*(?:\|[ \t]*)?$/;

// ---------------------------------------------------------------------------------------------

/** Offsets where each line starts; one more entry than newlines. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The children of every paragraph, heading and cell: inline content is not parsed (the planner
 * reads it by position). One frozen array, not one per node: a large table has tens of thousands
 * of cells.
 */
const NO_INLINE = Object.freeze([]) as unknown as Paragraph["children"];

type Container = Root | Blockquote | List | ListItem | FootnoteDefinition | Table;

/** Builds the mdast tree from markdown-it's flat token stream, positions from lines and offsets. */
function toTree(tokens: Token[], text: string, lines: number[], env: ParseEnv): Root {
  const lineEnd = (line: number): number => {
    const next = lines[line + 1];
    return next === undefined ? text.length : next - 1;
  };
  const point = (offset: number, line: number) => ({
    line: line + 1,
    column: offset - (lines[line] ?? 0) + 1,
    offset,
  });
  const span = (start: number, startLine: number, endLine: number) => ({
    start: point(start, startLine),
    end: point(lineEnd(endLine), endLine),
  });
  const lineSpan = (map: [number, number]) =>
    span(lines[map[0]] ?? 0, map[0], Math.max(map[0], map[1] - 1));

  const root: Root = {
    type: "root",
    children: [],
    position: { start: point(0, 0), end: point(text.length, lines.length - 1) },
  };
  const stack: Container[] = [root];
  const add = (node: RootContent): void => {
    const parent = stack.at(-1) as Parents;
    (parent.children as RootContent[]).push(node);
  };
  for (const token of tokens) {
    const map = token.map;
    if (token.nesting === -1) {
      if (token.type !== "paragraph_close" && token.type !== "heading_close") stack.pop();
      continue;
    }
    if (map === null) continue;
    switch (token.type) {
      case "front_matter":
        add({ type: token.info, value: token.content, position: lineSpan(map) } as Yaml);
        break;
      case "heading_open": {
        const setext = token.markup === "=" || token.markup === "-";
        const depth = setext ? (token.markup === "=" ? 1 : 2) : token.markup.length;
        const node: Heading = {
          type: "heading",
          depth: depth as Heading["depth"],
          children: NO_INLINE,
          position: span(env.starts[map[0]] ?? 0, map[0], map[1] - 1),
        };
        add(node);
        break;
      }
      case "paragraph_open":
        add(paragraph(map, stack.at(-1), text, env, span));
        break;
      case "bullet_list_open":
      case "ordered_list_open": {
        const node: List = {
          type: "list",
          ordered: token.type === "ordered_list_open",
          spread: false,
          children: [],
          position: lineSpan(map),
        };
        add(node);
        stack.push(node);
        break;
      }
      case "list_item_open": {
        const node: ListItem = {
          type: "listItem",
          checked: null,
          spread: false,
          children: [],
          position: lineSpan(map),
        };
        (stack.at(-1) as List).children.push(node);
        stack.push(node);
        break;
      }
      case "blockquote_open": {
        const node: Blockquote = { type: "blockquote", children: [], position: lineSpan(map) };
        add(node);
        stack.push(node);
        break;
      }
      case "footnote_open": {
        const node: FootnoteDefinition = {
          type: "footnoteDefinition",
          identifier: "",
          children: [],
          position: lineSpan(map),
        };
        add(node);
        stack.push(node);
        break;
      }
      case "table_open": {
        const node: Table = { type: "table", children: [], position: lineSpan(map) };
        add(node);
        stack.push(node);
        break;
      }
      case "tr": {
        const cells = (token.meta as { cells: CellSpan[] }).cells.map((c): TableCell => ({
          type: "tableCell",
          children: NO_INLINE,
          position: { start: point(c.start, map[0]), end: point(c.end, map[0]) },
        }));
        const row: TableRow = { type: "tableRow", children: cells, position: lineSpan(map) };
        (stack.at(-1) as Table).children.push(row);
        break;
      }
      case "hr":
        add({ type: "thematicBreak", position: lineSpan(map) });
        break;
      case "fence":
      case "code_block": {
        const fenced = token.type === "fence";
        const node: Code = {
          type: "code",
          lang: fenced ? token.info.trim() || null : null,
          value: token.content.replace(/\n$/, ""),
          position: span(
            fenced ? (env.starts[map[0]] ?? 0) : (env.bol[map[0]] ?? 0),
            map[0],
            map[1] - 1,
          ),
        };
        add(node);
        break;
      }
      case "html_block": {
        const node: Html = {
          type: "html",
          value: token.content.replace(/\n$/, ""),
          position: span(env.starts[map[0]] ?? 0, map[0], map[1] - 1),
        };
        add(node);
        break;
      }
      default:
        break;
    }
  }
  return root;
}

/**
 * A paragraph, from where its first line's text starts to the end of its last line (remark keeps
 * trailing whitespace too). In a list item's first paragraph, a GFM task check (`[ ]`, `[x]`)
 * followed by text marks the item and is left out of the paragraph, as remark does.
 */
function paragraph(
  map: [number, number],
  parent: Container | undefined,
  text: string,
  env: ParseEnv,
  span: (start: number, startLine: number, endLine: number) => Paragraph["position"],
): Paragraph {
  let start = env.starts[map[0]] ?? 0;
  if (parent?.type === "listItem" && parent.children.length === 0) {
    const check = taskCheck(text, start, map[1] - map[0] > 1);
    if (check !== null) {
      parent.checked = check;
      // remark drops the check and the one character after it, when text follows.
      if (startsWithText(text, start + 3)) start += 4;
    }
  }
  return { type: "paragraph", children: NO_INLINE, position: span(start, map[0], map[1] - 1) };
}

/**
 * remark drops the check and the one space or tab after it from the paragraph only when text
 * follows on that line; before emphasis, code, a link or HTML the paragraph keeps its check. After
 * a line ending it always drops them. `at` is just past the check. Only task items get here, so
 * the inline parse is rare.
 */
function startsWithText(text: string, at: number): boolean {
  const from = at + 1;
  // A line ending, or whitespace after the one dropped character, is text.
  if (text[at] === "\n" || /[ \t\n]/.test(text[from] ?? "")) return true;
  const end = text.indexOf("\n", from);
  const line = text.slice(from, end === -1 ? undefined : end);
  const first = md
    .parseInline(line, {})[0]
    ?.children?.find((t) => t.content !== "" || t.nesting !== 0);
  return first === undefined || first.type === "text";
}

/**
 * micromark's rule for a task check at `at`: `[`, a space, tab, `x` or `X`, `]`, then text on the
 * same line or, after optional spaces, a line ending inside the paragraph. True when checked.
 */
function taskCheck(text: string, at: number, moreLines: boolean): boolean | null {
  if (text.charCodeAt(at) !== 0x5b || text.charCodeAt(at + 2) !== 0x5d) return null;
  const value = text[at + 1];
  if (value !== " " && value !== "\t" && value !== "x" && value !== "X") return null;
  let pos = at + 3;
  const first = text[pos];
  if (first === "\n") return moreLines ? value === "x" || value === "X" : null;
  if (first !== " " && first !== "\t") return null;
  while (text[pos] === " " || text[pos] === "\t") pos++;
  const after = text[pos];
  if (after === undefined || (after === "\n" && !moreLines)) return null;
  return value === "x" || value === "X";
}
