import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readMarkers, renderMarker } from "../../src/core/issue-marker.js";
import {
  cell,
  codeBlock,
  commitLink,
  date,
  docTitle,
  handle,
  link,
  md,
  mention,
  nomention,
  oneLine,
  plural,
  quote,
  ref,
  safeUrl,
  sourceUrl,
  truncate,
  ZWJ,
} from "../../src/render/helpers.js";

/** Shows the zero-width joiner, so expectations read what the helpers do. */
const visible = (text: string): string => text.replaceAll(ZWJ, "‹zwj›");

/** A mention GitHub would notify: `@` after a non-alphanumeric, then a login character. */
const LIVE_MENTION = /(?<![A-Za-z0-9])@[A-Za-z0-9_]/;

const DOC = {
  repoUrl: "https://github.com/acme/payments",
  sha: "4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39",
  path: "docs/post mortems/2026 (db).md",
  title: "DB failover",
};

describe("nomention", () => {
  it("neutralises logins and teams with a zero-width joiner after @", () => {
    expect(visible(nomention("ping @everyone, @alice and @acme/sre (@bob)"))).toBe(
      "ping @‹zwj›everyone, @‹zwj›alice and @‹zwj›acme/sre (@‹zwj›bob)",
    );
  });

  it("leaves e-mail addresses and a lone @ alone, and is idempotent", () => {
    expect(nomention("mail ops@example.com @ noon")).toBe("mail ops@example.com @ noon");
    const once = nomention("@a @b");
    expect(nomention(once)).toBe(once);
  });
});

describe("mention and handle", () => {
  it("mention renders a login or team as a live mention", () => {
    expect(mention("alice")).toBe("@alice");
    expect(mention("@alice")).toBe("@alice");
    expect(mention("acme/sre")).toBe("@acme/sre");
    expect(mention("dependabot[bot]")).toBe("@dependabot[bot]");
  });

  it("renders anything that is not a login as inert text", () => {
    expect(mention("Jane Doe")).toBe("Jane Doe");
    expect(visible(mention("@everyone please"))).toBe("@‹zwj›everyone please");
    expect(mention("<!-- x -->")).toBe("&lt;!-- x --&gt;");
    expect(mention("a|b")).toBe("a\\|b");
  });

  it("handle shows a login that never notifies", () => {
    expect(visible(handle("alice"))).toBe("@‹zwj›alice");
    expect(visible(handle("@acme/sre"))).toBe("@‹zwj›acme/sre");
    expect(handle("Jane Doe")).toBe("Jane Doe");
  });
});

describe("md", () => {
  it("keeps inline markdown", () => {
    expect(md("Add **replica lag** alerting to `db-01`, see [runbook](https://x.test)")).toBe(
      "Add **replica lag** alerting to `db-01`, see [runbook](https://x.test)",
    );
  });

  it("escapes what would change meaning at the start of a line", () => {
    const input = [
      "# heading",
      "> quote",
      "- bullet",
      "+ bullet",
      "* bullet",
      "1. ordered",
      "12) ordered",
      "---",
      "===",
      "___",
      "```js",
      "~~~",
      "| a | b |",
      "[ref]: https://x.test",
      "    indented code",
      "#123 is an issue reference, #not a heading",
      "3.5 is a number",
    ].join("\n");
    expect(md(input).split("\n")).toEqual([
      "\\# heading",
      "\\> quote",
      "\\- bullet",
      "\\+ bullet",
      "\\* bullet",
      "1\\. ordered",
      "12\\) ordered",
      "\\---",
      "\\===",
      "\\___",
      "\\```js",
      "\\~~~",
      "\\| a | b |",
      "\\[ref]: https://x.test",
      "indented code",
      "#123 is an issue reference, #not a heading",
      "3.5 is a number",
    ]);
  });

  it("neutralises HTML tags and comments, keeping comparisons", () => {
    expect(md("<!-- hidden --> <b>x</b> <img src=x> <?php ?> a < b, c > d")).toBe(
      "&lt;!-- hidden --&gt; &lt;b>x&lt;/b> &lt;img src=x> &lt;?php ?> a < b, c > d",
    );
  });

  it("leaves HTML in code spans as written, except a comment opener", () => {
    expect(visible(md("use `<br>` and `<!-- x -->` and ``a ` <b>``"))).toBe(
      "use `<br>` and `<‹zwj›!-- x -->` and ``a ` <b>``",
    );
  });

  it("treats an unclosed backtick as text", () => {
    expect(md("a ` <b> b")).toBe("a ` &lt;b> b");
  });

  it("neutralises mentions, in code spans too", () => {
    expect(visible(md("@everyone `@here`"))).toBe("@‹zwj›everyone `@‹zwj›here`");
  });

  it("normalises line endings", () => {
    expect(md("a\r\n# b\rc")).toBe("a\n\\# b\nc");
  });
});

describe("oneLine, cell and quote", () => {
  it("oneLine collapses whitespace and escapes the start", () => {
    expect(oneLine("  # one\n\n  two\tthree  ")).toBe("\\# one two three");
  });

  it("cell escapes pipes, also inside code spans and after a backslash", () => {
    expect(cell("a | b `c|d` e\\|f")).toBe("a \\| b `c\\|d` e\\|f");
  });

  it("quote prefixes every line, blank ones included", () => {
    expect(quote("first\n\n# second\n")).toBe("> first\n>\n> \\# second");
  });
});

describe("truncate", () => {
  it("keeps short text and cuts long text with an ellipsis", () => {
    expect(truncate("short", 10)).toBe("short");
    expect(truncate("abcdefghijkl", 10)).toBe("abcdefgh …");
  });

  it("never splits a surrogate pair", () => {
    const cut = truncate("ab😀😀😀😀", 5);
    expect(cut).toBe("ab …");
    expect(() => encodeURIComponent(cut)).not.toThrow(); // throws on a lone surrogate
  });
});

describe("links and references", () => {
  it("link escapes the text and makes the URL safe", () => {
    expect(link("a [b] | c\\", "https://x.test/p (1)|2")).toBe(
      "[a \\[b\\] \\| c\\\\](https://x.test/p%20%281%29%7C2)",
    );
    expect(visible(link("@everyone\n# now", "https://x.test"))).toBe(
      "[@‹zwj›everyone # now](https://x.test/)",
    );
  });

  it("refuses URLs that are not http(s)", () => {
    expect(() => safeUrl("javascript:alert(1)")).toThrow(/javascript/);
    expect(() => safeUrl("not a url")).toThrow();
  });

  it("ref renders local and cross-repository references", () => {
    expect(ref(12)).toBe("#12");
    expect(ref(7, "acme/infra")).toBe("acme/infra#7");
    expect(() => ref(0)).toThrow();
    expect(() => ref(1.5)).toThrow();
    expect(() => ref(3, "not a repo")).toThrow();
  });

  it("sourceUrl is a permalink at the pinned commit, to a line when given", () => {
    expect(sourceUrl(DOC, 12)).toBe(
      "https://github.com/acme/payments/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/docs/post%20mortems/2026%20%28db%29.md#L12",
    );
    expect(sourceUrl({ ...DOC, repoUrl: "https://ghe.acme.test/acme/payments/" })).toBe(
      "https://ghe.acme.test/acme/payments/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/docs/post%20mortems/2026%20%28db%29.md",
    );
    expect(() => sourceUrl({ ...DOC, sha: "main" })).toThrow(/SHA/);
    expect(() => sourceUrl(DOC, 0)).toThrow();
  });

  it("commitLink shows the short SHA", () => {
    expect(commitLink(DOC)).toBe(
      "[`4f2a9c1`](https://github.com/acme/payments/commit/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39)",
    );
  });

  it("docTitle falls back to the path", () => {
    expect(docTitle(DOC)).toBe("DB failover");
    expect(docTitle({ ...DOC, title: null })).toBe(DOC.path);
    expect(docTitle({ ...DOC, title: "  " })).toBe(DOC.path);
  });
});

describe("date and plural", () => {
  it("formats calendar dates in UTC, whatever the machine's zone", () => {
    expect(date("2026-12-26")).toBe("Sat 26 Dec 2026");
    expect(date("2028-02-29")).toBe("Tue 29 Feb 2028");
    expect(date("2026-01-01")).toBe("Thu 1 Jan 2026");
  });

  it("throws on anything that is not a real YYYY-MM-DD date", () => {
    expect(() => date("2026-02-30")).toThrow();
    expect(() => date("26/12/2026")).toThrow();
    expect(() => date("2026-12-26T00:00:00Z")).toThrow();
  });

  it("plural agrees the word with the count", () => {
    expect(plural(0, "item")).toBe("0 items");
    expect(plural(1, "item")).toBe("1 item");
    expect(plural(2, "day")).toBe("2 days");
    expect(plural(3, "person", "people")).toBe("3 people");
    expect(() => plural(-1, "item")).toThrow();
  });
});

describe("codeBlock", () => {
  it("fences with more backticks than the text holds", () => {
    expect(codeBlock("a ``` b\n")).toBe("````text\na ``` b\n````\n");
    expect(codeBlock("plain")).toBe("```text\nplain\n```\n");
  });

  it("breaks up comment openers and mentions", () => {
    expect(visible(codeBlock("<!-- x --> @everyone"))).toBe(
      "```text\n<‹zwj›!-- x --> @‹zwj›everyone\n```\n",
    );
  });
});

describe("properties of the text helpers", () => {
  const marker = renderMarker({
    v: 1,
    kind: "item",
    path: "p.md",
    key: "k",
    due: "2026-12-26",
    priority: "P2",
  });
  const hostile = fc.array(
    fc.oneof(
      fc.string({ unit: "binary" }),
      fc.constantFrom(marker, "<!--", "-->", "`", "``", "@everyone", "@", "\n", "# ", "|", "<b>"),
    ),
  );
  const textHelpers = { md, oneLine, cell, quote, link: (t: string) => link(t, "https://x.test") };

  for (const [name, helper] of Object.entries(textHelpers)) {
    it(`${name} output never holds a readable marker nor a live mention`, () => {
      fc.assert(
        fc.property(hostile, (parts) => {
          const out = helper(parts.join(""));
          expect(readMarkers(out)).toEqual([]);
          expect(out).not.toMatch(LIVE_MENTION);
          expect(out).not.toContain("<!--");
        }),
      );
    });
  }

  it("oneLine and cell never produce a line break; cell never an unescaped pipe", () => {
    fc.assert(
      fc.property(hostile, (parts) => {
        const text = parts.join("");
        expect(oneLine(text)).not.toMatch(/[\r\n]/);
        expect(cell(text)).not.toMatch(/(?<!\\)\|/);
      }),
    );
  });
});
