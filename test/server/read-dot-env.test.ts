import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readDotEnv } from "../../src/server/read-dot-env.js";

describe("readDotEnv", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "read-dot-env-"));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("returns nothing when there is no .env", () => {
    expect(readDotEnv(dir)).toEqual({});
  });

  it("parses the file as Probot does", () => {
    writeFileSync(
      join(dir, ".env"),
      '# comment\nNODE_ENV=production\nWEBHOOK_SECRET="quoted value"\nEMPTY=\n',
    );

    expect(readDotEnv(dir)).toEqual({
      NODE_ENV: "production",
      WEBHOOK_SECRET: "quoted value",
      EMPTY: "",
    });
  });

  it("fails on a .env it cannot read rather than ignoring it", () => {
    // A directory named .env: reading it fails with EISDIR, not ENOENT.
    mkdirSync(join(dir, ".env"));

    expect(() => readDotEnv(dir)).toThrow(/EISDIR/);
  });
});
