/**
 * Structures that postmortems outside the corpus use (issue 13). Every snippet is synthetic and
 * every expectation is how a person reads it, per ../shared/corpus/LABELING.md.
 */
import { describe, expect, it } from "vitest";
import { parsePostmortem } from "../../src/core/parse-postmortem.js";

const NOW = "2026-01-15";
const md = (...lines: string[]): string => lines.join("\n");
const parse = (text: string) => parsePostmortem(text, NOW);
const texts = (text: string): string[] => parse(text).items.map((i) => i.text);

const A1 = "Add a schema check for config pushes to CI";
const A2 = "Alert on-call when checkout errors exceed 1%";

describe("not items, though they sit in an action section", () => {
  it.each([
    ["a review date", "Review date: 2026-01-10"],
    ["an attendee list", "Attendees: Jane, Bob, Carol"],
    ["a review summary", "Summary of the review: the team agreed on the items below."],
    ["a template question", "- When was the issue detected?"],
    ["a template prompt", "- What could be improved?"],
    ["an assignment brief", "- Write a postmortem of an outage you or your team experienced."],
  ])("%s", (_name, line) => {
    expect(texts(md("# Checkout outage", "", "## Action items", "", line, "", `- ${A1}`))).toEqual([
      A1,
    ]);
  });

  it("a metadata line does not open a section that swallows the list after it", () => {
    const doc = md(
      "## Action items",
      "",
      "Summary of the review: the team agreed on the items below.",
      "",
      `- ${A1}`,
      `- ${A2}`,
    );
    expect(texts(doc)).toEqual([A1, A2]);
  });

  it("a question that is an item's own wording stays an item", () => {
    const item = "Spread scheduled jobs out so they do not all start at once?";
    expect(texts(md("## Action items", "", `- ${item}`))).toEqual([item]);
  });

  it("an action to write a report is an item", () => {
    expect(texts(md("## Action items", "", "- Write an incident report"))).toEqual([
      "Write an incident report",
    ]);
  });
});

describe("an owner annotation left in the text", () => {
  it.each([
    ["closed", "- Improve alerting (Owner: Jane Doe)"],
    ["unclosed", "- Improve alerting (Owner: Jane Doe"],
    ["unclosed, lower case", "- Improve alerting (owner: Jane Doe"],
    ["unclosed square bracket", "- Improve alerting [Owner: Jane Doe"],
  ])("%s: the owner goes to owners, not the text", (_name, line) => {
    const [item] = parse(md("## Action items", "", line)).items;
    expect(item?.text).toBe("Improve alerting");
    expect(item?.owners).toEqual(["Jane Doe"]);
  });

  it("a parenthesis closed later is left alone", () => {
    const [item] = parse(
      md("## Action items", "", "- Improve alerting (owner: see below) now"),
    ).items;
    expect(item?.text).not.toBe("Improve alerting");
  });
});
