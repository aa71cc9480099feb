/**
 * The markdown parsers the bench measures side by side (section 5), each a MarkdownParser that
 * readBlocks accepts:
 * - `remark`: unified + remark-parse + remark-gfm + remark-frontmatter, the parser the planner
 *   used before it moved to markdown-it. The tests check the new parser against it.
 * - `micromark, fewer extensions`: the same micromark and mdast builder with only what the
 *   planner reads (tables, task lists, footnote definitions, front matter) and every inline
 *   construct disabled, since the planner reads inline text by position.
 * - `markdown-it`: what the planner uses now (src/core/markdown/parse-markdown.ts).
 */
import type { Root } from "mdast";
import { fromMarkdown, type Options } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { gfmFootnoteFromMarkdown } from "mdast-util-gfm-footnote";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { gfmTaskListItemFromMarkdown } from "mdast-util-gfm-task-list-item";
import { frontmatter } from "micromark-extension-frontmatter";
import { gfmFootnote } from "micromark-extension-gfm-footnote";
import { gfmTable } from "micromark-extension-gfm-table";
import { gfmTaskListItem } from "micromark-extension-gfm-task-list-item";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { parseMarkdown, type MarkdownParser } from "../src/core/markdown/parse-markdown.js";

const remark = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkFrontmatter, ["yaml", "toml"])
  .freeze();

/** remark with remark-gfm and front matter, exactly as the planner parsed before markdown-it. */
export const parseWithRemark: MarkdownParser = (text) => remark.parse(text);

// Inline constructs the planner never reads; the task-list check stays (it marks list items).
const NO_INLINE = {
  disable: {
    null: [
      "attention",
      "autolink",
      "characterEscape",
      "characterReference",
      "codeText",
      "hardBreakEscape",
      "htmlText",
      "labelStartImage",
      "labelStartLink",
      "labelEnd",
    ],
  },
};

const FEWER: Options = {
  extensions: [
    gfmTable(),
    gfmTaskListItem(),
    gfmFootnote(),
    frontmatter(["yaml", "toml"]),
    NO_INLINE,
  ],
  mdastExtensions: [
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
    gfmFootnoteFromMarkdown(),
    frontmatterFromMarkdown(["yaml", "toml"]),
  ],
};

/** micromark without autolink literals, strikethrough or any inline construct. */
export const parseWithFewerExtensions: MarkdownParser = (text): Root => fromMarkdown(text, FEWER);

export interface NamedParser {
  name: string;
  parse: MarkdownParser;
}

export const PARSERS: readonly NamedParser[] = [
  { name: "remark + remark-gfm (before)", parse: parseWithRemark },
  { name: "micromark, fewer extensions", parse: parseWithFewerExtensions },
  { name: "markdown-it (in use)", parse: parseMarkdown },
];
