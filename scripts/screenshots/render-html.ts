/**
 * The demo's Markdown as HTML pages that look like GitHub's issue, comment and Checks views, for
 * the README's pictures. Self-contained: inline CSS, system fonts, and a policy that lets the page
 * load nothing, so a screenshot never depends on the network.
 */
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import type { DemoLabel, DemoResult } from "../../demo/demo.js";

export interface Page {
  /** The file name under docs/images/, without `.png`. */
  name: string;
  /** CSS pixels; the height is measured from the rendered page. */
  width: number;
  html: string;
}

/** The three pictures of the README, from one run of the demo. */
export function buildPages(result: DemoResult): Page[] {
  const item = result.items[0];
  if (item === undefined) throw new Error("the demo filed no issue to picture");
  const run = result.checkRun;
  if (run?.summary == null) throw new Error("the demo's pull request has no check run summary");
  const { comment, issue, author } = result.digest;
  if (comment === null || issue === null || author === null)
    throw new Error("the demo posted no digest comment");
  return [
    {
      name: "filed-issue",
      width: 1012,
      html: issuePage({
        repository: result.repository,
        number: item.number,
        title: item.title,
        author: item.author,
        assignees: item.owners,
        labels: item.labels,
        body: item.body,
      }),
    },
    {
      name: "pr-preview",
      width: 1012,
      html: checkRunPage({
        repository: result.repository,
        pull: result.pull,
        name: run.name,
        conclusion: run.conclusion,
        title: run.title ?? "",
        summary: run.summary,
      }),
    },
    {
      name: "digest",
      width: 1012,
      html: commentPage({ repository: result.repository, issue, author, body: comment }),
    },
  ];
}

/**
 * GitHub-flavoured Markdown as GitHub renders it in an issue: raw HTML passes (GitHub keeps
 * `<details>`, `<sub>` and comments, so the app's hidden markers stay hidden), and `#123` and
 * `@login` in text become links. Only the demo's own output comes through here, and the page's
 * policy runs no script anyway.
 */
export function markdownToHtml(markdown: string): string {
  const html = micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });
  return autolinkReferences(html);
}

// Only text outside tags, links and code is GitHub's to autolink.
function autolinkReferences(html: string): string {
  let skip = 0;
  return html
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith("<")) {
        const tag = /^<(\/?)(a|code|pre)\b/i.exec(part);
        if (tag !== null) skip += tag[1] === "/" ? -1 : 1;
        return part;
      }
      if (skip > 0) return part;
      return part
        .replace(
          /(^|[^\w&/])#(\d+)\b/g,
          (_m, lead: string, n: string) => `${lead}<a class="issue-link" href="#">#${n}</a>`,
        )
        .replace(
          /(^|[^\w])@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/g,
          (_m, lead: string, login: string) =>
            `${lead}<a class="user-mention" href="#">@${login}</a>`,
        );
    })
    .join("");
}

interface IssueView {
  repository: string;
  number: number;
  title: string;
  author: string;
  assignees: string[];
  labels: DemoLabel[];
  body: string;
}

export function issuePage(issue: IssueView): string {
  const labels = issue.labels.map(label).join(" ");
  const assignees = issue.assignees
    .map((login) => `<div class="assignee">${avatar(login, 20)}<b>${escape(login)}</b></div>`)
    .join("");
  return page(
    `${issue.title} · Issue #${issue.number} · ${issue.repository}`,
    `${repoHeader(issue.repository, "Issues")}
<main>
  ${titleBlock(issue.title, issue.number)}
  <div class="state-line">${stateBadge("Open")}
    <span class="muted"><b class="fg">${escape(botName(issue.author))}</b> opened this issue</span></div>
  <div class="layout">
    <div class="timeline">${commentBox(issue.author, "opened", issue.body)}</div>
    <aside>
      <section><h3>Assignees</h3>${assignees || '<span class="muted">No one assigned</span>'}</section>
      <section><h3>Labels</h3><div class="labels">${labels || '<span class="muted">None yet</span>'}</div></section>
    </aside>
  </div>
</main>`,
  );
}

interface CheckRunView {
  repository: string;
  pull: { number: number; title: string; author: string; base: string };
  name: string;
  conclusion: string | null;
  title: string;
  summary: string;
}

export function checkRunPage(run: CheckRunView): string {
  const ok = run.conclusion === "success";
  return page(
    `${run.pull.title} · Pull Request #${run.pull.number} · ${run.repository}`,
    `${repoHeader(run.repository, "Pull requests")}
<main>
  ${titleBlock(run.pull.title, run.pull.number)}
  <div class="state-line">${stateBadge("Open")}
    <span class="muted"><b class="fg">${escape(run.pull.author)}</b> wants to merge 1 commit into <code class="branch">${escape(run.pull.base)}</code></span></div>
  <nav class="tabs"><span>Conversation</span><span>Commits <span class="counter">1</span></span><span class="selected">Checks <span class="counter">1</span></span><span>Files changed <span class="counter">1</span></span></nav>
  <div class="box check">
    <div class="box-header check-header">${ok ? ICON_CHECK : ICON_CROSS}<div>
      <div class="check-name">${escape(run.name)}</div>
      <div class="muted small">${escape(conclusionText(run.conclusion))}</div></div></div>
    <div class="box-body">
      <h2 class="check-title">${escape(run.title)}</h2>
      <div class="markdown-body">${markdownToHtml(run.summary)}</div>
    </div>
  </div>
</main>`,
  );
}

interface CommentView {
  repository: string;
  issue: { number: number; title: string };
  author: string;
  body: string;
}

export function commentPage(view: CommentView): string {
  return page(
    `${view.issue.title} · Issue #${view.issue.number} · ${view.repository}`,
    `${repoHeader(view.repository, "Issues")}
<main>
  ${titleBlock(view.issue.title, view.issue.number)}
  <div class="state-line">${stateBadge("Open")}
    <span class="muted"><b class="fg">${escape(botName(view.author))}</b> opened this issue</span></div>
  <div class="timeline">${commentBox(view.author, "commented", view.body)}</div>
</main>`,
  );
}

function conclusionText(conclusion: string | null): string {
  if (conclusion === null) return "In progress";
  if (conclusion === "success") return "Succeeded";
  if (conclusion === "failure") return "Failed";
  return conclusion.charAt(0).toUpperCase() + conclusion.slice(1).replace(/_/g, " ");
}

function titleBlock(title: string, number: number): string {
  return `<h1 class="title">${escape(title)} <span class="number">#${number}</span></h1>`;
}

function repoHeader(repository: string, tab: string): string {
  const [owner = "", name = ""] = repository.split("/");
  const tabs = ["Code", "Issues", "Pull requests", "Actions"]
    .map((t) => `<span${t === tab ? ' class="selected"' : ""}>${t}</span>`)
    .join("");
  return `<header><div class="repo">${ICON_REPO}<span>${escape(owner)}</span> / <b>${escape(name)}</b></div><nav class="repo-tabs">${tabs}</nav></header>`;
}

function commentBox(author: string, verb: string, markdown: string): string {
  return `<div class="comment">${avatar(author, 40)}
  <div class="box">
    <div class="box-header"><b>${escape(botName(author))}</b>${isBot(author) ? '<span class="bot">bot</span>' : ""} <span class="muted">${verb}</span></div>
    <div class="box-body markdown-body">${markdownToHtml(markdown)}</div>
  </div></div>`;
}

/** A letter on a colour of its own instead of a downloaded picture; apps get a square one. */
function avatar(login: string, size: number): string {
  const name = botName(login);
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  const shape = isBot(login) ? "6px" : "50%";
  return `<span class="avatar" style="width:${size}px;height:${size}px;font-size:${Math.round(size * 0.5)}px;border-radius:${shape};background:hsl(${hash} 55% 45%)">${escape(name.charAt(0).toUpperCase())}</span>`;
}

function label(l: DemoLabel): string {
  const color = /^[0-9a-f]{6}$/i.test(l.color) ? l.color : "ededed";
  const r = parseInt(color.slice(0, 2), 16);
  const g = parseInt(color.slice(2, 4), 16);
  const b = parseInt(color.slice(4, 6), 16);
  // GitHub picks dark or light text by the label colour's perceived brightness.
  const text = (r * 299 + g * 587 + b * 114) / 1000 > 150 ? "#1f2328" : "#ffffff";
  return `<span class="label" style="background:#${color};color:${text}">${escape(l.name)}</span>`;
}

function stateBadge(text: string): string {
  return `<span class="state">${ICON_ISSUE_OPEN}${escape(text)}</span>`;
}

function isBot(login: string): boolean {
  return login.endsWith("[bot]");
}

function botName(login: string): string {
  return login.replace(/\[bot\]$/, "");
}

export function escape(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escape(title)}</title>
<style>${CSS}</style></head>
<body>${body}</body></html>
`;
}

// Simple shapes drawn for these pages, in the spirit of GitHub's icons.
const ICON_ISSUE_OPEN = `<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" stroke-width="1.5"/><circle cx="8" cy="8" r="1.5" fill="currentColor"/></svg>`;
const ICON_CHECK = `<svg class="check-icon ok" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="10" fill="currentColor"/><path d="M5.5 10.5l3 3 6-6.5" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
const ICON_CROSS = `<svg class="check-icon fail" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="10" fill="currentColor"/><path d="M6.5 6.5l7 7m0-7l-7 7" stroke="#fff" stroke-width="2" stroke-linecap="round"/></svg>`;
const ICON_REPO = `<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 2.5A1.5 1.5 0 0 1 4.5 1H13v11H4.5A1.5 1.5 0 0 0 3 13.5zM3 13.5A1.5 1.5 0 0 0 4.5 15H13v-3" fill="none" stroke="#59636e" stroke-width="1.3"/></svg>`;

const CSS = `
* { box-sizing: border-box; }
html { background: #ffffff; }
body { margin: 0; color: #1f2328; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, "Liberation Sans", sans-serif; }
a { color: #0969da; text-decoration: none; }
code, .branch { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
.muted { color: #59636e; }
.fg { color: #1f2328; }
.small { font-size: 12px; }
header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 16px 24px 0; }
.repo { display: flex; align-items: center; gap: 8px; font-size: 16px; color: #1f2328; margin-bottom: 12px; }
.repo-tabs, .tabs { display: flex; gap: 4px; }
.repo-tabs span, .tabs > span { padding: 8px 12px; color: #1f2328; border-bottom: 2px solid transparent; }
.repo-tabs .selected, .tabs .selected { border-bottom-color: #fd8c73; font-weight: 600; }
main { padding: 20px 24px 24px; }
h1.title { font-size: 32px; font-weight: 400; line-height: 1.25; margin: 0 0 8px; word-wrap: break-word; }
h1.title .number { color: #59636e; font-weight: 300; }
.state-line { display: flex; align-items: center; gap: 8px; padding-bottom: 16px; border-bottom: 1px solid #d1d9e0; margin-bottom: 16px; }
.state { display: inline-flex; align-items: center; gap: 4px; background: #1f883d; color: #fff; border-radius: 2em; padding: 5px 12px; font-weight: 500; }
.branch { background: #ddf4ff; color: #0969da; border-radius: 6px; padding: 2px 6px; font-size: 12px; }
.tabs { border-bottom: 1px solid #d1d9e0; margin: -16px 0 16px; }
.counter { display: inline-block; min-width: 20px; padding: 0 6px; border-radius: 2em; background: #818b981f; font-size: 12px; font-weight: 500; line-height: 18px; text-align: center; }
.layout { display: flex; gap: 24px; }
.timeline { flex: 1; min-width: 0; }
aside { width: 256px; flex-shrink: 0; }
aside section { padding-bottom: 16px; margin-bottom: 16px; border-bottom: 1px solid #d1d9e0; }
aside h3 { font-size: 12px; font-weight: 600; color: #59636e; margin: 0 0 8px; }
.assignee { display: flex; align-items: center; gap: 6px; }
.labels { display: flex; flex-wrap: wrap; gap: 4px; }
.label { display: inline-block; padding: 0 7px; font-size: 12px; font-weight: 500; line-height: 18px; border-radius: 2em; white-space: nowrap; }
.avatar { display: inline-flex; align-items: center; justify-content: center; flex-shrink: 0; color: #fff; font-weight: 600; }
.comment { display: flex; gap: 16px; align-items: flex-start; }
.box { flex: 1; min-width: 0; border: 1px solid #d1d9e0; border-radius: 6px; background: #fff; }
.box-header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; border-radius: 6px 6px 0 0; padding: 8px 16px; color: #1f2328; }
.box-body { padding: 16px; }
.bot { display: inline-block; margin-left: 4px; padding: 0 6px; border: 1px solid #d1d9e0; border-radius: 2em; font-size: 12px; font-weight: 500; line-height: 18px; color: #59636e; }
.check-header { display: flex; align-items: center; gap: 12px; }
.check-icon.ok { color: #1a7f37; }
.check-icon.fail { color: #d1242f; }
.check-name { font-weight: 600; }
h2.check-title { font-size: 20px; font-weight: 600; margin: 0 0 12px; }
.markdown-body { font-size: 14px; line-height: 1.5; word-wrap: break-word; }
.markdown-body > :first-child { margin-top: 0 !important; }
.markdown-body > :last-child { margin-bottom: 0 !important; }
.markdown-body p, .markdown-body blockquote, .markdown-body ul, .markdown-body ol, .markdown-body table, .markdown-body details { margin: 0 0 16px; }
.markdown-body h2, .markdown-body h3, .markdown-body h4 { margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
.markdown-body h2 { font-size: 1.5em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
.markdown-body h3 { font-size: 1.25em; }
.markdown-body h4 { font-size: 1em; }
.markdown-body ul, .markdown-body ol { padding-left: 2em; }
.markdown-body li + li { margin-top: .25em; }
.markdown-body blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
.markdown-body code { padding: .2em .4em; font-size: 85%; background: #818b981f; border-radius: 6px; white-space: break-spaces; }
.markdown-body hr { height: .25em; padding: 0; margin: 24px 0; background: #d1d9e0; border: 0; }
.markdown-body table { border-spacing: 0; border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
.markdown-body th { font-weight: 600; }
.markdown-body th, .markdown-body td { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body tr { background: #ffffff; border-top: 1px solid #d1d9e0b3; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body sub { font-size: 75%; }
.markdown-body details summary { cursor: pointer; }
.markdown-body li:has(> input[type="checkbox"]) { list-style: none; margin-left: -1.4em; }
.markdown-body li > input[type="checkbox"] { margin: 0 .3em .2em 0; vertical-align: middle; }
.markdown-body .user-mention { font-weight: 600; color: #1f2328; }
`;
