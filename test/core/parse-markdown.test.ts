/**
 * The markdown parser (markdown-it with our rules, issue 14) against remark with remark-gfm, the
 * parser it replaced: the same blocks at the same positions, and the same plans, on the labelled
 * corpus, the fixtures and generated documents. Where they differ on purpose (remark departs from
 * CommonMark, or a difference no reader of the blocks can see), the test says so.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { Nodes, Root } from "mdast";
import { describe, expect, it } from "vitest";
import { parseWithRemark } from "../../bench/parsers.js";
import { parseMarkdown } from "../../src/core/markdown/parse-markdown.js";
import { parsePostmortem } from "../../src/core/parse-postmortem.js";

const NOW = "2026-01-15";

/**
 * What the planner can read of a tree, one line per node: types, start lines, the source of
 * paragraphs, headings and cells (cells as emit-table reads them), list and task flags, code and
 * HTML values. End lines are left out where no reader uses them (containers, fences), and
 * trailing whitespace of code and HTML values, which remark keeps or drops with the blank lines at
 * the end of a document.
 */
function view(root: Root, text: string): string[] {
  const lines = text.split("\n");
  const out: string[] = [];
  const walk = (node: Nodes, depth: string): void => {
    const p = node.position;
    const line = p?.start.line ?? 0;
    const source = p ? text.slice(p.start.offset, p.end.offset) : "";
    switch (node.type) {
      case "tableCell": {
        const cell = source
          .replace(/^\s*\|/, "")
          .replace(/\|\s*$/, "")
          .trim();
        out.push(`${depth}cell L${line} ${JSON.stringify(cell)}`);
        return;
      }
      case "paragraph":
      case "heading":
        out.push(`${depth}${node.type} L${line} ${JSON.stringify(source)}`);
        return;
      case "code": {
        const fenced = /^(```|~~~)/.test(source.trimStart());
        let end = p?.end.line ?? line;
        while (end > line && (lines[end - 1] ?? "").trim() === "") end--;
        const where = `L${line}-${fenced ? "fence" : end} @${p?.start.offset}`;
        out.push(`${depth}code ${where} ${JSON.stringify(node.value.trimEnd())}`);
        return;
      }
      case "html":
        out.push(`${depth}html L${line} ${JSON.stringify(node.value.trimEnd())}`);
        return;
      case "yaml":
        out.push(`${depth}yaml L${line}-${p?.end.line} ${JSON.stringify(node.value)}`);
        return;
      case "thematicBreak":
        out.push(`${depth}hr L${line}`);
        return;
      case "footnoteDefinition":
        out.push(`${depth}footnote L${line}-${p?.end.line}`);
        return;
      case "list":
        out.push(`${depth}list ${node.ordered ? "ordered" : "bullet"} L${line}`);
        break;
      case "listItem":
        out.push(`${depth}item L${line} checked=${node.checked}`);
        break;
      case "root":
      case "blockquote":
      case "table":
      case "tableRow":
        out.push(`${depth}${node.type} L${line}`);
        break;
      default:
        // Definitions (remark only) and inline nodes: nothing the planner reads.
        return;
    }
    for (const child of node.children) walk(child, `${depth} `);
  };
  walk(root, "");
  return out;
}

const sameAsRemark = (text: string): void => {
  expect(view(parseMarkdown(text), text)).toEqual(view(parseWithRemark(text), text));
};

function markdownFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...markdownFiles(path));
    else if (entry.endsWith(".md")) files.push(path);
  }
  return files;
}

const FIXTURES = join(import.meta.dirname, "../fixtures/postmortems");
// The labelled corpus sits beside the checkout (CI copies it there); the fixtures always run.
const CORPUS = join(import.meta.dirname, "../../../shared/corpus");

describe.each([
  ["the fixtures", FIXTURES],
  ["the labelled corpus", CORPUS],
])("on %s", { timeout: 120_000 }, (_name, dir) => {
  const files = existsSync(dir) ? markdownFiles(dir) : [];

  it.skipIf(!existsSync(dir))("parses every document to the blocks remark gives", () => {
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(file, "utf8").replace(/\r\n?/g, "\n");
      expect({ file, blocks: view(parseMarkdown(text), text) }).toEqual({
        file,
        blocks: view(parseWithRemark(text), text),
      });
    }
  });

  it.skipIf(!existsSync(dir))("plans every document as it did with remark", () => {
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect({ file, plan: parsePostmortem(text, NOW) }).toEqual({
        file,
        plan: parsePostmortem(text, NOW, parseWithRemark),
      });
    }
  });
});

describe("on generated documents", { timeout: 120_000 }, () => {
  // Lines chosen for where parsers disagree: containers, laziness, tables with and without
  // pipes, escapes, fences, indented code, HTML, footnotes, definitions, task checks, tabs.
  const LINE = fc.constantFrom(
    "",
    "text line",
    "Add alerting for the queue",
    "**Action items**",
    "## Action items",
    "# Title",
    "### Deep ##",
    "#",
    "- item",
    "- [ ] task",
    "- [x] done",
    "* [X] t",
    "1. first",
    "1. [ ] x",
    "  - nested",
    "    - deeper",
    "  continuation",
    "> quote",
    "> - quoted item",
    "> | a | b |",
    ">",
    "  > nested quote",
    "- > q",
    "| A | B |",
    "|---|---|",
    "| --- | :-: |",
    "a | b",
    "--|--",
    "| 1 | 2 |",
    "| 1 \\| 2 | x |",
    "| \\\\| x |",
    "| a |",
    "|---",
    ":--",
    "|",
    "||",
    "   | x | y |",
    "   |-|-|",
    "```",
    "```js",
    "~~~",
    "    code line",
    "    ",
    "\tcode tab",
    "<div>",
    "</div>",
    "<!-- c -->",
    "<!--",
    "[^1]: note",
    "[^a b]: no",
    "    note cont",
    "[ref]: /url",
    '[ref]: /url "title"',
    "---",
    "***",
    "===",
    "+++",
    "Owner: @alice",
    "- Owner: Ken",
    "  - Due: 2026-01-01",
    "text with trailing  ",
    "   indented three",
    "- a\tb",
    "- [ ] **bold** task",
  );

  /**
   * Where remark departs from CommonMark (commonmark.js, the reference, agrees with markdown-it):
   * after indented code it reads a list item that could not interrupt a paragraph ("2) x", "-")
   * as a paragraph; a first line "---" or "+++" that opens no front matter leaves it unable to
   * open lists until a blank line; after a block quote it splits indented code into one block per
   * line (blank lines between them or not). And two remark quirks nobody can rely on: a task check at
   * the end of its line keeps or drops the check from the paragraph depending on tables elsewhere
   * in the document, and a table whose header is a lazy line of a list item stays in the item.
   */
  const listItem = /^([-*+]|\d+[.)])\s/;
  /** Whether line i goes on an indented code block above it (blank lines may come between). */
  const continuesIndentedCode = (lines: string[], i: number): boolean => {
    for (let j = i - 1; j >= 0; j--) {
      const above = lines[j] ?? "";
      if (/^( {4}|\t)/.test(above)) return true;
      if (above.trim() !== "") return false;
    }
    return false;
  };
  const remarkDeparts = (lines: string[]): boolean =>
    lines.some(
      (l, i) =>
        /^( {4}|\t)/.test(l) &&
        lines.slice(i + 1).some((m) => /^(-|- |- \[ \]|[02-9]\d*[.)] .*|1\d+[.)] .*)$/.test(m)),
    ) ||
    /^(---|\+\+\+)$/.test(lines[0] ?? "") ||
    lines.some(
      (l, i) =>
        /^( {4}|\t)/.test(l) &&
        continuesIndentedCode(lines, i) &&
        lines.slice(0, i).some((m) => m.startsWith(">")),
    ) ||
    lines.some((l, i) => /^[-*] \[[ xX]\]$/.test(l) && /^\S/.test(lines[i + 1] ?? "")) ||
    lines.some(
      (l, i) =>
        /^\S/.test(l) &&
        l.includes("|") &&
        /^\s+\|?:?-/.test(lines[i + 1] ?? "") &&
        lines.slice(0, i).some((m) => listItem.test(m)),
    );

  it("gives the blocks remark gives", () => {
    fc.assert(
      fc.property(
        fc.array(LINE, { minLength: 1, maxLength: 14 }),
        fc.boolean(),
        (lines, newline) => {
          fc.pre(!remarkDeparts(lines));
          sameAsRemark(lines.join("\n") + (newline ? "\n" : ""));
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe("positions the planner reads", () => {
  const tree = (text: string) => parseMarkdown(text);

  it("reads a task check and leaves it out of the paragraph, as remark does", () => {
    const text = "- [x] Add alerting\n- [ ] **Bold** first\n- [x]\n";
    const items = (tree(text).children[0] as { children: { checked: boolean | null }[] }).children;
    expect(items.map((i) => i.checked)).toEqual([true, false, null]);
    sameAsRemark(text);
  });

  it("gives each table cell its own source, escaped pipes included", () => {
    const text = "| Action | Owner |\n| --- | --- |\n| Fix a \\| b | @alice |\nlazy row\n";
    const table = tree(text).children[0];
    expect(table?.type).toBe("table");
    const cells = (table as { children: { children: Nodes[] }[] }).children.map((row) =>
      row.children.map((c) => text.slice(c.position?.start.offset, c.position?.end.offset).trim()),
    );
    expect(cells).toEqual([["Action", "Owner"], ["Fix a \\| b", "@alice"], ["lazy row"]]);
    sameAsRemark(text);
  });

  it("keeps line numbers after front matter, footnotes and blank lines", () => {
    const text = "---\ntitle: X\n---\n\n# T\n\n[^1]: a note\n    more\n\n- item\n";
    const root = tree(text);
    expect(root.children.map((n) => [n.type, n.position?.start.line])).toEqual([
      ["yaml", 1],
      ["heading", 5],
      ["footnoteDefinition", 7],
      ["list", 10],
    ]);
    sameAsRemark(text);
  });

  it("reads lists after indented code as CommonMark does (remark reads a paragraph)", () => {
    const root = tree("    indented code\n\n2) second item\n");
    expect(root.children.map((n) => n.type)).toEqual(["code", "list"]);
  });

  it("never throws on deep nesting and keeps the rows of a large table", () => {
    expect(() => tree(`${"> ".repeat(5000)}- x\n`)).not.toThrow();
    expect(() => tree(`${"- ".repeat(2500)}x\n`)).not.toThrow();
    const rows = Array.from({ length: 20_000 }, (_, i) => `| Add alert ${i} | @a |`);
    const table = tree(`| A | O |\n|---|---|\n${rows.join("\n")}\n`).children[0];
    expect((table as { children: unknown[] }).children).toHaveLength(20_001);
  });
});
