import { describe, expect, it } from "vitest";
import {
  parseCommand,
  readOwnerLogin,
  resolveDue,
  snoozeDue,
  type Command,
} from "../../src/core/parse-command.js";

// Thursday.
const TODAY = "2026-11-26";

describe("parseCommand", () => {
  it.each<[string, string, Command | null]>([
    ["ISO date", "/due 2026-12-20", { name: "due", arg: "2026-12-20" }],
    ["relative", "/due +2w", { name: "due", arg: "+2w" }],
    ["words", "/due next friday", { name: "due", arg: "next friday" }],
    ["case-insensitive name", "/DUE Next Friday", { name: "due", arg: "Next Friday" }],
    ["no argument", "/due", { name: "due", arg: "" }],
    ["after prose", "Thanks!\n\n/snooze 1w\n", { name: "snooze", arg: "1w" }],
    ["CRLF", "ok\r\n/snooze 2d\r\n", { name: "snooze", arg: "2d" }],
    ["indented up to 3 spaces", "   /owner @bob", { name: "owner", arg: "@bob" }],
    [
      "wontfix reason over several lines",
      "/wontfix superseded by\nthe new alerting.\n\nSee #9.",
      { name: "wontfix", reason: "superseded by\nthe new alerting.\n\nSee #9." },
    ],
    ["wontfix without reason", "/wontfix", { name: "wontfix", reason: "" }],
    ["first command wins", "/due 2026-12-01\n/snooze 1w", { name: "due", arg: "2026-12-01" }],
    ["unknown command", "/assign @bob", null],
    ["command word must end", "/duesday", null],
    ["mid-line is prose", "I will /due 2026-12-01 later", null],
    ["quoted reply", "> /due 2026-12-01\nagreed", null],
    ["in a code fence", "```\n/due 2026-12-01\n```", null],
    ["in a tilde fence", "~~~md\n/snooze 1w\n~~~\n", null],
    ["after a closed fence", "```\nx\n```\n/snooze 3d", { name: "snooze", arg: "3d" }],
    ["4-space indent is code", "    /due 2026-12-01", null],
    ["no slash at all", "looks good", null],
    ["empty", "", null],
  ])("%s", (_name, body, expected) => {
    expect(parseCommand(body)).toEqual(expected);
  });

  it("null and undefined bodies", () => {
    expect(parseCommand(null)).toBeNull();
    expect(parseCommand(undefined)).toBeNull();
  });
});

describe("resolveDue (today is Thu 2026-11-26)", () => {
  it.each<[string, ReturnType<typeof resolveDue>]>([
    ["2026-12-20", { ok: true, due: "2026-12-20" }],
    ["2026-12-20.", { ok: true, due: "2026-12-20" }],
    ["+2w", { ok: true, due: "2026-12-10" }],
    ["+3d", { ok: true, due: "2026-11-29" }],
    ["+1m", { ok: true, due: "2026-12-26" }],
    ["next friday", { ok: true, due: "2026-12-04" }],
    ["friday", { ok: true, due: "2026-11-27" }],
    ["in 2 weeks", { ok: true, due: "2026-12-10" }],
    ["2 weeks", { ok: true, due: "2026-12-10" }],
    ["end of month", { ok: true, due: "2026-11-30" }],
    ["Dec 20", { ok: true, due: "2026-12-20" }],
    ["today", { ok: true, due: "2026-11-26" }],
    ["2026-11-25", { ok: false, problem: "past" }],
    ["2026-13-01", { ok: false, problem: "unreadable" }],
    ["someday", { ok: false, problem: "unreadable" }],
    ["friday or monday", { ok: false, problem: "unreadable" }],
    ["  ", { ok: false, problem: "missing" }],
  ])("%j", (arg, expected) => {
    expect(resolveDue(arg, TODAY)).toEqual(expected);
  });
});

describe("snoozeDue", () => {
  it.each<[string, string, ReturnType<typeof snoozeDue>]>([
    ["2026-12-01", "1w", { ok: true, due: "2026-12-08" }],
    ["2026-12-01", "", { ok: true, due: "2026-12-08" }],
    ["2026-12-01", "3d", { ok: true, due: "2026-12-04" }],
    ["2026-12-01", "+2 weeks", { ok: true, due: "2026-12-15" }],
    ["2026-12-01", "a week", { ok: true, due: "2026-12-08" }],
    ["2026-01-31", "1m", { ok: true, due: "2026-02-28" }],
    ["2026-12-01", "10 days.", { ok: true, due: "2026-12-11" }],
    ["2026-12-01", "0d", { ok: false, problem: "unreadable" }],
    ["2026-12-01", "next week", { ok: false, problem: "unreadable" }],
    ["2026-12-01", "1y", { ok: false, problem: "unreadable" }],
    ["2999-12-01", "1m", { ok: false, problem: "unreadable" }],
  ])("%s + %j", (current, arg, expected) => {
    expect(snoozeDue(current, arg)).toEqual(expected);
  });
});

describe("readOwnerLogin", () => {
  it.each<[string, string | null]>([
    ["@bob", "bob"],
    ["bob", "bob"],
    [" @Jane-Doe ", "Jane-Doe"],
    ["@acme/sre", null],
    ["@bob @carol", null],
    ["-bob", null],
    ["", null],
  ])("%j", (arg, expected) => {
    expect(readOwnerLogin(arg)).toBe(expected);
  });
});
