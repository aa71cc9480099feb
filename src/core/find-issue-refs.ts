import { maskCodeSpans } from "./inline-markdown.js";
import type { IssueRef } from "./types.js";

// Any host, so GitHub Enterprise links count too; `-/issues` (GitLab) fails the repo pattern.
const ISSUE_URL =
  /\bhttps?:\/\/[\w.-]{1,253}(?::\d{1,5})?\/([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{0,99}[A-Za-z0-9_])\/(?:issues|pulls?)\/(\d{1,9})(?!\d)/g;
const ONE_ISSUE_URL = new RegExp(`^${ISSUE_URL.source}`);

/** Whether `url` links to an issue or pull request (on any host). */
export function isIssueUrl(url: string): boolean {
  return ONE_ISSUE_URL.test(url);
}

const ANY_URL = /\b(?:https?|ftp):\/\/[^\s<>()[\]"']{1,2000}/gi;
const REPO_REF =
  /(?<![\w./@-])([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{0,99}[A-Za-z0-9_])#(\d{1,9})(?![\w-])/g;
const LOCAL_REF = /(?<![\w&#/\]-])#([1-9]\d{0,8})(?![\w-])/g;
const GH_REF = /(?<![\w-])GH-([1-9]\d{0,8})(?![\w-])/g;

const REF_HINT = /#|GH-|\/issues\/|\/pull/;

// "#1 priority", "incident #465", "color: #333": a number sign that is not an issue.
const NOT_AFTER =
  /(?:\b(?:incident|sev|severity|step|item|page|line|rule|chapter|room|no)\s{0,2}|colou?r\s{0,2}:?\s{0,2}|background\s{0,2}:?\s{0,2})$/i;
const NOT_BEFORE =
  /^\s{1,3}(?:priority|prio|concern|goal|reason|cause|rule|lesson|takeaway|spot|place|rank|choice|fan)\b/i;

/** `text` with every match of `pattern` replaced by spaces, so later patterns skip it. */
function blankMatches(text: string, pattern: RegExp): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out += text.slice(last, m.index) + " ".repeat(m[0].length);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

/**
 * Issue and pull-request references in markdown: `#123`, `owner/repo#45`, `GH-12`, and
 * `https://<host>/owner/repo/issues/9` or `/pull/9` links (also inside link targets). Ignores code
 * spans, other URLs, HTML entities, hex colours and number signs that count or rank things. Deduplicated,
 * in order of appearance.
 */
export function findIssueRefs(text: string): IssueRef[] {
  // Every reference needs one of these, and masking only removes text: most items have none.
  if (!REF_HINT.test(text)) return [];
  let scan = maskCodeSpans(text);
  const found: { at: number; ref: IssueRef }[] = [];
  for (const m of scan.matchAll(ISSUE_URL)) {
    found.push({ at: m.index, ref: { repo: `${m[1] ?? ""}/${m[2] ?? ""}`, number: Number(m[3]) } });
  }
  scan = blankMatches(scan, ANY_URL);
  for (const m of scan.matchAll(REPO_REF)) {
    found.push({ at: m.index, ref: { repo: `${m[1] ?? ""}/${m[2] ?? ""}`, number: Number(m[3]) } });
  }
  scan = blankMatches(scan, REPO_REF);
  for (const m of scan.matchAll(LOCAL_REF)) {
    if (NOT_AFTER.test(scan.slice(Math.max(0, m.index - 24), m.index))) continue;
    if (NOT_BEFORE.test(scan.slice(m.index + m[0].length, m.index + m[0].length + 24))) continue;
    found.push({ at: m.index, ref: { repo: null, number: Number(m[1]) } });
  }
  for (const m of scan.matchAll(GH_REF))
    found.push({ at: m.index, ref: { repo: null, number: Number(m[1]) } });

  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const refs: IssueRef[] = [];
  for (const { ref } of found) {
    const id = `${ref.repo?.toLowerCase() ?? ""}#${ref.number}`;
    if (seen.has(id)) continue;
    seen.add(id);
    refs.push(ref);
  }
  return refs;
}
