import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url);

// `npm run screenshots` makes them; CI cannot (no Chromium), so it checks they are in place.
describe("the README's pictures", () => {
  const readme = readFileSync(new URL("README.md", root), "utf8");
  const whatItDoes = /^## What it does\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? "";

  it.each(["filed-issue", "pr-preview", "digest"])(
    "%s.png is shown in 'What it does', committed, a PNG and small",
    (name) => {
      const path = `docs/images/${name}.png`;
      expect(whatItDoes).toMatch(new RegExp(`!\\[[^\\]]+\\]\\(${path.replace(/\./g, "\\.")}\\)`));
      const file = new URL(path, root);
      const png = readFileSync(file);
      expect(png.subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
      // The pages are 1012 CSS pixels wide, one device pixel each: another width means the
      // picture was made some other way than by npm run screenshots.
      expect(png.readUInt32BE(16)).toBe(1012);
      expect(statSync(file).size).toBeLessThan(150 * 1024);
    },
  );
});
