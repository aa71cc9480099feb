import { describe, expect, it } from "vitest";
import {
  makeTitle,
  TITLE_COMFORTABLE_LENGTH,
  TITLE_MAX_LENGTH,
} from "../../src/core/make-title.js";

describe("makeTitle", () => {
  it.each<[string, string, string]>([
    [
      "drops the trailing period",
      "Add an index on `customer_prefs(email)`.",
      "Add an index on customer_prefs(email)",
    ],
    [
      "removes markdown",
      "**Fix** the [retry loop](https://example.com/x) in _deployer_",
      "Fix the retry loop in deployer",
    ],
    [
      "joins wrapped lines",
      "Load test consumers\n  against production volumes.",
      "Load test consumers against production volumes",
    ],
    [
      "keeps a short Title: description item whole",
      "Runbook step: check database latency before scaling consumers.",
      "Runbook step: check database latency before scaling consumers",
    ],
    [
      "uses the title of a long Title: description item",
      "Rate limiting: Introduce per-user rate limits on the publish endpoint so that a single script cannot upload hundreds of crates in a few minutes.",
      "Rate limiting",
    ],
    [
      "uses the description when the head is a generic label (h005)",
      "Improvements/Fixes: Improve monitoring of server configurations and implement automated checks for configuration files before deployment.",
      "Improve monitoring of server configurations and implement automated checks for configuration files before deployment",
    ],
    [
      "uses the first sentence of a long item (p022)",
      "Write down the responsibilities of the people doing the deployment. Specifically include the lesson of 'never ignore any errors in staging, they will always bite you in production'.",
      "Write down the responsibilities of the people doing the deployment",
    ],
    [
      "does not end a sentence at an abbreviation",
      "Use e.g. the canary runbook for this. Then make sure the whole procedure is documented in the wiki so that new on-call engineers can follow it alone.",
      "Use e.g. the canary runbook for this",
    ],
    [
      "cuts a long single sentence at a clause (p008)",
      "Freeze production until 2015-11-20 due to error budget exhaustion, or seek exception due to grotesque, unbelievable, bizarre, and unprecedented circumstances",
      "Freeze production until 2015-11-20 due to error budget exhaustion",
    ],
    [
      "cuts before a trailing aside (p013)",
      "Hypha will run the full suite of tests for every upgrade (including for things that aren’t changing) - each run is a couple hours",
      "Hypha will run the full suite of tests for every upgrade (including for things that aren’t changing)",
    ],
    ["keeps etc.", "Rotate keys, tokens, etc.", "Rotate keys, tokens, etc."],
    ["keeps an ellipsis", "Patch the servers...", "Patch the servers..."],
    ["drops heading marks", "## Add alerting", "Add alerting"],
  ])("%s", (_name, text, title) => {
    expect(makeTitle(text)).toBe(title);
  });

  it("cuts at a word boundary with an ellipsis when nothing better exists", () => {
    const text = `Investigate ${"very ".repeat(40)}slow queries`;
    const title = makeTitle(text);
    expect(title.endsWith("…")).toBe(true);
    expect(title.length).toBeLessThanOrEqual(TITLE_COMFORTABLE_LENGTH);
    expect(title).toMatch(/^Investigate (very )+very…$/);
  });

  it.each([
    "x",
    "...",
    "**",
    "`code`",
    "#",
    "a".repeat(1000),
    "word ".repeat(300),
    "é\n\n😀",
    "[](https://x.y)",
  ])("gives a non-empty single line of at most 256 characters for %j", (text) => {
    const title = makeTitle(text);
    expect(title).not.toBe("");
    expect(title).not.toMatch(/[\r\n]/);
    expect(title.length).toBeLessThanOrEqual(TITLE_MAX_LENGTH);
  });

  it("gives an empty title only for blank text", () => {
    expect(makeTitle("  \n ")).toBe("");
  });
});
