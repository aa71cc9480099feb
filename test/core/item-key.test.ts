/**
 * Key stability: an item keeps its key through every edit that leaves it the same action (so a
 * re-edited postmortem updates its issues instead of filing duplicates), and gets a new key when
 * its words change. Each case plans two versions of a document and compares the item's keys.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/parse-config.js";
import { makeItemKeys } from "../../src/core/item-key.js";
import { planPostmortem } from "../../src/core/plan-postmortem.js";
import type { PlannedItem } from "../../src/core/types.js";

const md = (...lines: string[]): string => lines.join("\n");

function itemAt(text: string, index: number): PlannedItem {
  const plan = planPostmortem({
    path: "postmortems/search-outage.md",
    text,
    config: defaultConfig(),
    now: "2026-01-15",
  });
  const item = plan.items[index];
  if (item === undefined) {
    throw new Error(`no item #${index}; planned: ${JSON.stringify(plan.items.map((i) => i.text))}`);
  }
  return item;
}

const X = "Add rate limiting to the public search endpoint";
const Y = "Document the cache warm-up procedure";
const actions = (...lines: string[]): string =>
  md("# Search outage", "", "## Action items", "", ...lines);
const BASE = actions(`- ${X}`, `- ${Y}`);

describe("item keys", () => {
  it.each([
    ["`-` bullets become `*`", BASE, 0, actions(`* ${X}`, `* ${Y}`), 0],
    ["bullets become numbers", BASE, 0, actions(`1. ${X}`, `2. ${Y}`), 0],
    ["bullets become checkboxes", BASE, 0, actions(`- [ ] ${X}`, `- [ ] ${Y}`), 0],
    ["bullets become plain lines", BASE, 0, md("Search outage", "", "Action items:", X, Y), 0],
    [
      "the line wraps (indented continuation)",
      BASE,
      0,
      actions("- Add rate limiting to the public", "  search endpoint", `- ${Y}`),
      0,
    ],
    [
      "the line wraps (lazy continuation)",
      BASE,
      0,
      actions("- Add rate limiting to the", "public search endpoint", `- ${Y}`),
      0,
    ],
    ["the item moves down the list", BASE, 0, actions(`- ${Y}`, `- ${X}`), 1],
    [
      "the item moves to another section",
      BASE,
      0,
      md("# Search outage", "", "## Action items", "", `- ${Y}`, "", "## Follow-ups", "", `- ${X}`),
      1,
    ],
    [
      "an item is inserted before it",
      BASE,
      0,
      actions("- Page on-call when search latency p99 exceeds 2s", `- ${X}`, `- ${Y}`),
      1,
    ],
    [
      "bold is added",
      BASE,
      0,
      actions("- **Add rate limiting** to the public search endpoint", `- ${Y}`),
      0,
    ],
    [
      "a link is added",
      BASE,
      0,
      actions(
        "- Add rate limiting to the [public search endpoint](https://api.example.com/docs/search)",
        `- ${Y}`,
      ),
      0,
    ],
    [
      "inline code is added",
      BASE,
      0,
      actions("- Add rate limiting to the public `search` endpoint", `- ${Y}`),
      0,
    ],
    ["a trailing period is added", BASE, 0, actions(`- ${X}.`, `- ${Y}`), 0],
    [
      "the case changes",
      BASE,
      0,
      actions("- Add Rate Limiting to the Public Search Endpoint", `- ${Y}`),
      0,
    ],
    ["an owner is added", BASE, 0, actions(`- ${X} (owner: @alice)`, `- ${Y}`), 0],
    [
      "the owner changes",
      actions(`- ${X} (owner: @alice)`, `- ${Y}`),
      0,
      actions(`- ${X} (owner: @bob)`, `- ${Y}`),
      0,
    ],
    ["an `— @alice` tail is added", BASE, 0, actions(`- ${X} — @alice`, `- ${Y}`), 0],
    ["a deadline is added", BASE, 0, actions(`- ${X} by 2026-02-01`, `- ${Y}`), 0],
    [
      "the deadline changes",
      actions(`- ${X} (due: 2026-02-01)`, `- ${Y}`),
      0,
      actions(`- ${X} (due: 2026-03-15)`, `- ${Y}`),
      0,
    ],
    ["a priority is added", BASE, 0, actions(`- [P1] ${X}`, `- ${Y}`), 0],
    [
      "the priority changes",
      actions(`- ${X} [P1]`, `- ${Y}`),
      0,
      actions(`- ${X} [P2]`, `- ${Y}`),
      0,
    ],
    [
      "the checkbox is ticked",
      actions(`- [ ] ${X}`, `- [ ] ${Y}`),
      0,
      actions(`- [x] ${X}`, `- [ ] ${Y}`),
      0,
    ],
    ["a `(Done)` status is added", BASE, 0, actions(`- ${X} (Done)`, `- ${Y}`), 0],
    [
      "the list becomes a table with owner and due columns",
      BASE,
      0,
      actions(
        "| Action Item | Owner | Due |",
        "|---|---|---|",
        `| ${X} | @alice | 2026-02-01 |`,
        `| ${Y} | @bob | 2026-02-15 |`,
      ),
      0,
    ],
  ])("stay the same when %s", (_case, before, i, after, j) => {
    const a = itemAt(before, i);
    const b = itemAt(after, j);
    expect(b.text.toLowerCase().replace(/\.$/, "")).toBe(a.text.toLowerCase().replace(/\.$/, ""));
    expect(b.key).toBe(a.key);
  });

  it.each([
    ["a word changes", actions("- Add rate limiting to the public export endpoint", `- ${Y}`)],
    [
      "a word is added",
      actions("- Add rate limiting to the public search and export endpoints", `- ${Y}`),
    ],
    ["a word is removed", actions("- Add rate limiting to the search endpoint", `- ${Y}`)],
    [
      "the verb changes",
      actions("- Remove rate limiting from the public search endpoint", `- ${Y}`),
    ],
  ])("change when %s", (_case, after) => {
    expect(itemAt(after, 0).key).not.toBe(itemAt(BASE, 0).key);
  });

  it("keep the first copy's key when a duplicate is appended", () => {
    const withDuplicate = actions(`- ${X}`, `- ${Y}`, `- ${X}`);
    expect(itemAt(withDuplicate, 0).key).toBe(itemAt(BASE, 0).key);
    expect(itemAt(withDuplicate, 2).key).toBe(`${itemAt(BASE, 0).key}-2`);
  });

  it("are the same for the same document planned twice", () => {
    expect(itemAt(BASE, 1).key).toBe(itemAt(BASE, 1).key);
    expect(itemAt(BASE, 0).key).not.toBe(itemAt(BASE, 1).key);
  });
});

describe("the key itself", () => {
  it("is the first 12 hex digits of the sha256 of the item's words, as issue markers store it", () => {
    // Issues filed earlier carry these keys: the way they are computed may never change.
    const words = createHash("sha256").update("add rate limiting").digest("hex").slice(0, 12);
    expect(makeItemKeys(["Add *rate limiting*!", "add rate limiting"])).toEqual([
      words,
      `${words}-2`,
    ]);
  });
});
