import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Heading, Root } from "mdast";
import { toString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { describe, expect, it } from "vitest";

/*
 * The README is what a newcomer reads first and docs/ is where it sends them: a link that leads
 * nowhere is a broken promise. Every relative link and image in README.md and docs/*.md must name
 * a file in the repository, and every #fragment a heading of the page it points to.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const README_LIMIT_BYTES = 15 * 1024;

const pages = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

function parse(file: string): Root {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .parse(readFileSync(join(ROOT, file), "utf8"));
}

const anchorCache = new Map<string, Set<string>>();

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(file: string): Set<string> {
  const cached = anchorCache.get(file);
  if (cached !== undefined) return cached;
  const anchors = new Set<string>();
  anchorCache.set(file, anchors);
  const seen = new Map<string, number>();
  visit(parse(file), "heading", (heading: Heading) => {
    const base = toString(heading)
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${String(count)}`);
  });
  return anchors;
}

interface Link {
  page: string;
  url: string;
  line: number;
}

function linksOf(page: string): Link[] {
  const links: Link[] = [];
  visit(parse(page), ["link", "image", "definition"], (node) => {
    if ("url" in node && typeof node.url === "string")
      links.push({ page, url: node.url, line: node.position?.start.line ?? 0 });
  });
  return links;
}

function problemWith(link: Link): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link.url)) return null; // https:, mailto: — not ours to check
  const [path = "", fragment] = link.url.split("#", 2);
  const target = path === "" ? link.page : relative(ROOT, join(ROOT, dirname(link.page), path));
  if (!existsSync(join(ROOT, target))) return `${target} does not exist`;
  if (fragment === undefined || fragment === "") return null;
  if (!target.endsWith(".md") || statSync(join(ROOT, target)).isDirectory()) return null;
  return anchorsOf(target).has(decodeURIComponent(fragment))
    ? null
    : `${target} has no heading for #${fragment}`;
}

describe("the README and docs/", () => {
  it("link only to files and headings that exist", () => {
    const links = pages.flatMap(linksOf);
    const broken = links.flatMap((link) => {
      const problem = problemWith(link);
      return problem === null ? [] : [`${link.page}:${String(link.line)} ${link.url}: ${problem}`];
    });
    expect(broken).toEqual([]);
    // Guards the check itself: the README links into docs/, so a parse that finds nothing is wrong.
    expect(links.filter((link) => link.page === "README.md").length).toBeGreaterThan(5);
    expect(links.filter((link) => link.url.includes("#")).length).toBeGreaterThan(5);
  });

  it("finds a broken link and a missing heading", () => {
    expect(problemWith({ page: "README.md", url: "docs/nowhere.md", line: 1 })).toBe(
      "docs/nowhere.md does not exist",
    );
    expect(problemWith({ page: "docs/cli.md", url: "#no-such-heading", line: 1 })).toBe(
      "docs/cli.md has no heading for #no-such-heading",
    );
    expect(problemWith({ page: "docs/cli.md", url: "../README.md", line: 1 })).toBeNull();
  });

  it("keep the README short enough to read in five minutes", () => {
    expect(statSync(join(ROOT, "README.md")).size).toBeLessThanOrEqual(README_LIMIT_BYTES);
  });
});
