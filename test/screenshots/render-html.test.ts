import { describe, expect, it } from "vitest";
import { issuePage, markdownToHtml } from "../../scripts/screenshots/render-html.js";

describe("markdownToHtml: GitHub-flavoured Markdown as GitHub shows it", () => {
  it("renders tables with their alignment, task lists and strikethrough", () => {
    const html = markdownToHtml(
      "| Open | Oldest |\n| ---: | --- |\n| 5 | x |\n\n- [ ] to do\n- [x] done\n\n~~gone~~\n",
    );

    expect(html).toContain('<th align="right">Open</th>');
    expect(html).toContain('<td align="right">5</td>');
    expect(html).toContain('<input type="checkbox" disabled="" /> to do');
    expect(html).toContain('<input type="checkbox" disabled="" checked="" /> done');
    expect(html).toContain("<del>gone</del>");
  });

  it("keeps the app's hidden markers hidden and the HTML GitHub allows, and filters what it does not", () => {
    const html = markdownToHtml(
      "<details><summary>More</summary>\n\nText\n\n</details>\n\n<sub>small</sub>\n<!-- postmortem-tracker:v1 abc -->\n\n<script>alert(1)</script>\n",
    );

    expect(html).toContain("<details><summary>More</summary>");
    expect(html).toContain("<sub>small</sub>");
    expect(html).toContain("<!-- postmortem-tracker:v1 abc -->");
    expect(html).not.toContain("&lt;!--");
    expect(html).not.toContain("<script>");
  });

  it("links #123 and @login in text, not in code, link text or URLs", () => {
    const html = markdownToHtml(
      "@alice owns #2 (#7). `#3 @bob` [#4 @carol](https://example.com/#5) a#6 me@example.com\n",
    );

    expect(html).toContain('<a class="user-mention" href="#">@alice</a> owns');
    expect(html).toContain('<a class="issue-link" href="#">#2</a>');
    expect(html).toContain('(<a class="issue-link" href="#">#7</a>)');
    expect(html).toContain("<code>#3 @bob</code>");
    expect(html).toContain('<a href="https://example.com/#5">#4 @carol</a>');
    expect(html).toContain(' a#6 <a href="mailto:me@example.com">me@example.com</a>');
  });
});

describe("issuePage", () => {
  it("shows the title, number, state, author, assignees and labels in GitHub's colours", () => {
    const html = issuePage({
      repository: "acme/infra",
      number: 2,
      title: "Roll back <safely>",
      author: "postmortem-tracker[bot]",
      assignees: ["alice"],
      labels: [
        { name: "postmortem-action", color: "d93f0b" },
        { name: "priority: P2", color: "fbca04" },
      ],
      body: "- **Owner:** @alice",
    });

    expect(html).toMatch(
      /<h1 class="title">Roll back &lt;safely&gt; <span class="number">#2<\/span><\/h1>/,
    );
    expect(html).toContain("</svg>Open</span>");
    expect(html).toMatch(/<b>postmortem-tracker<\/b><span class="bot">bot<\/span>/);
    expect(html).toMatch(/class="assignee">.*<b>alice<\/b>/);
    // Light text on a dark label, dark text on a light one, as GitHub picks them.
    expect(html).toContain('style="background:#d93f0b;color:#ffffff">postmortem-action</span>');
    expect(html).toContain('style="background:#fbca04;color:#1f2328">priority: P2</span>');
    // Nothing for the browser to fetch.
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/\ssrc=/);
  });
});
