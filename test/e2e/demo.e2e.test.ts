import { describe, expect, it } from "vitest";
import { runDemo } from "../../demo/demo.js";

// `npm run demo` is the README's first command: keep it working (it runs in-process here).
describe("npm run demo", { timeout: 30_000 }, () => {
  it("prints the preview, the five filed issues with owner and due date, the PR comment and an overdue digest", async () => {
    const lines: string[] = [];

    const result = await runDemo({ print: (text) => lines.push(text) });

    const out = lines.join("\n");
    expect(result.checkRun).toMatchObject({ conclusion: "success", title: "5 issues to file" });
    expect(result.items).toHaveLength(5);
    for (const item of result.items) {
      expect(item.owners).toEqual(["alice"]);
      expect(out).toMatch(
        new RegExp(`#${item.number}\\s+${escape(item.title)}\\s+alice\\s+${item.due}`),
      );
    }
    expect(out).toContain("Pushing all intended changes first to our test environments");
    expect(result.prComment).toContain("### Postmortem action items");
    expect(result.digest.report).toMatch(/^acme\/infra, week \d{4}-W\d\d: digest posted$/);
    expect(result.digest.comment).toContain("**5 overdue**, 5 open, 0 done.");
    expect(out).toContain("10 days overdue");
    // Hidden metadata is for the app, not for the reader.
    expect(out).not.toContain("<!-- postmortem-tracker");
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
