import { describe, expect, it } from "vitest";
import { DEMO_STARTS_AT, demoPages } from "../../scripts/screenshots/demo-pages.js";

// The pages `npm run screenshots` photographs, from the demo's real output: if a template or the
// demo changes what the README's pictures would show, this fails without needing Chromium.
describe("the README's pictures: the demo rendered as GitHub pages", { timeout: 30_000 }, () => {
  it("draws a filed issue, the pull request's preview and a digest comment, dated from the pinned clock", async () => {
    const RealDate = Date;

    const pages = await demoPages();

    expect(Date).toBe(RealDate);
    expect(pages.map((p) => p.name)).toEqual(["filed-issue", "pr-preview", "digest"]);
    const [issue, preview, digest] = pages.map((p) => p.html) as [string, string, string];

    expect(issue).toMatch(
      /<h1 class="title">Pushing all intended changes first .*#2<\/span><\/h1>/,
    );
    expect(issue).toContain(">postmortem-action</span>");
    expect(issue).toContain(">priority: P2</span>");
    expect(issue).toMatch(/class="assignee">.*<b>alice<\/b>/);
    expect(issue).toContain("<blockquote>");
    expect(issue).toContain("<details><summary>Incident summary</summary>");
    expect(issue).toContain('<strong>Owner:</strong> <a class="user-mention" href="#">@alice</a>');
    // The merge happens on the pinned day; P2's policy puts the deadline 30 days later.
    expect(issue).toContain(`after the merge on ${longDate(DEMO_STARTS_AT)}`);
    expect(issue).toContain("Due:</strong> Thu 11 Jun 2026");

    expect(preview).toContain('<div class="check-name">Postmortem action items</div>');
    expect(preview).toContain(">Succeeded<");
    expect(preview).toContain('<h2 class="check-title">5 issues to file</h2>');
    expect(preview).toMatch(/<h4><a href="[^"]+">0x19\. Postmortem<\/a><\/h4>/);
    expect(headerCells(preview)).toEqual(["Action item", "Owner", "Due", "Priority", "On merge"]);
    expect(bodyRows(preview)).toBe(5);

    expect(digest).toContain("<h2>Postmortem action items, week 2026-W25</h2>");
    expect(digest.match(/<h3>[^<]+<\/h3>/g)).toEqual([
      "<h3>Overdue</h3>",
      "<h3>Figures</h3>",
      "<h3>By postmortem</h3>",
    ]);
    expect(digest).toContain('<a class="user-mention" href="#">@alice</a>');
    expect(
      digest.match(/<li><a class="issue-link" href="#">#\d+<\/a> [^<]*10 days overdue/g),
    ).toHaveLength(5);
    expect(digest).toContain('<th align="right">Open</th>');

    for (const html of [issue, digest]) {
      // The app's hidden markers stay HTML comments, as on GitHub, never visible text.
      expect(html).toContain("<!-- postmortem-tracker:v1 ");
      expect(html).not.toContain("&lt;!--");
    }
  });
});

/** "2026-05-12T…" as the app writes it: "Tue 12 May 2026". */
function longDate(iso: string): string {
  const [weekday, day, month, year] = new Date(iso).toUTCString().replace(",", "").split(" ") as [
    string,
    string,
    string,
    string,
  ];
  return `${weekday} ${String(Number(day))} ${month} ${year}`;
}

function headerCells(html: string): string[] {
  const head = /<thead>([\s\S]*?)<\/thead>/.exec(html)?.[1] ?? "";
  return [...head.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1] ?? "");
}

function bodyRows(html: string): number {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? "";
  return body.match(/<tr>/g)?.length ?? 0;
}
