/**
 * The code cache of the CLI's plan chunk (src/cli/lazy/code-cache.ts): what one run saves the
 * next reads, nothing without a digest or with NODE_DISABLE_COMPILE_CACHE, and never a
 * directory that others can write to (compiled code runs as it is).
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import module from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openCodeCache } from "../../src/cli/lazy/code-cache.js";

const DIGEST = "0123456789abcdef0123456789abcdef01234567";
const nodeCacheDir = (module as { getCompileCacheDir?: () => string | undefined })
  .getCompileCacheDir;

describe("openCodeCache", () => {
  let dir = "";
  const saved = { TMPDIR: process.env.TMPDIR, off: process.env.NODE_DISABLE_COMPILE_CACHE };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "postmortem-tracker-code-cache-"));
    process.env.TMPDIR = dir;
    delete process.env.NODE_DISABLE_COMPILE_CACHE;
  });

  afterEach(() => {
    if (saved.TMPDIR === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved.TMPDIR;
    if (saved.off === undefined) delete process.env.NODE_DISABLE_COMPILE_CACHE;
    else process.env.NODE_DISABLE_COMPILE_CACHE = saved.off;
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives a later run what an earlier one saved, for the same digest only", () => {
    const name = `test-${String(process.pid)}-${String(Date.now())}.cjs`;
    expect(openCodeCache(name, DIGEST).data).toBeUndefined();
    openCodeCache(name, DIGEST).save(() => Buffer.from("compiled"));
    expect(openCodeCache(name, DIGEST).data?.toString()).toBe("compiled");
    expect(openCodeCache(name, DIGEST.replace("0", "f")).data).toBeUndefined();
  });

  it("reads and writes nothing without a digest or with NODE_DISABLE_COMPILE_CACHE=1", () => {
    const name = `test-${String(process.pid)}-off.cjs`;
    openCodeCache(name, undefined).save(() => Buffer.from("compiled"));
    process.env.NODE_DISABLE_COMPILE_CACHE = "1";
    openCodeCache(name, DIGEST).save(() => Buffer.from("compiled"));
    expect(openCodeCache(name, DIGEST).data).toBeUndefined();
    delete process.env.NODE_DISABLE_COMPILE_CACHE;
    expect(openCodeCache(name, DIGEST).data).toBeUndefined();
  });

  // Only where the cache is under TMPDIR (Node 20, or Node 22 without its compile cache on) and
  // permissions mean something (not Windows).
  it.runIf(nodeCacheDir?.() === undefined && process.platform !== "win32")(
    "ignores its directory once others can write to it",
    () => {
      const name = "test-shared.cjs";
      openCodeCache(name, DIGEST).save(() => Buffer.from("compiled"));
      expect(openCodeCache(name, DIGEST).data?.toString()).toBe("compiled");
      chmodSync(join(dir, "node-compile-cache", "postmortem-tracker"), 0o777);
      expect(openCodeCache(name, DIGEST).data).toBeUndefined();
    },
  );
});
