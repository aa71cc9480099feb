/**
 * `npm run screenshots`: the README's three pictures (a filed issue, the pull request's preview,
 * a digest comment), from one run of the demo, rendered as GitHub-like pages and photographed by
 * headless Chromium into docs/images/. Compiled by scripts/screenshots/tsconfig.json into
 * `.screenshots/` and run from there, as the demo is.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { copyAssetsInto } from "../../demo/build-assets.js";
import { Chromium, findChromium } from "./chromium.js";

/**
 * Device pixels per CSS pixel. Two would be sharper on high-density screens but makes each file
 * about 2.5 times larger (the preview near 300 KB), for pictures the README shows scaled down anyway.
 */
const SCALE = 1;

const buildRoot = new URL("../../", import.meta.url);
const checkout = new URL("../", buildRoot);

const chromium = findChromium(process.env);
if (chromium === null) {
  console.error(
    "npm run screenshots needs Chromium and found none on the PATH.\n" +
      "Install Debian's (apt-get install -y chromium) or set CHROMIUM=/path/to/chrome.",
  );
  process.exit(1);
}

copyAssetsInto(buildRoot, ".screenshots");
try {
  // Imported only now: the app reads its data files from the build directory.
  const { demoPages } = await import("./demo-pages.js");
  const pages = await demoPages();
  mkdirSync(new URL("docs/images/", checkout), { recursive: true });
  const browser = Chromium.launch(chromium);
  try {
    for (const page of pages) {
      const png = await browser.screenshot(page.html, page.width, SCALE);
      writeFileSync(new URL(`docs/images/${page.name}.png`, checkout), png);
      console.log(`docs/images/${page.name}.png  ${Math.round(png.length / 1024)} KB`);
    }
  } finally {
    await browser.close();
  }
} catch (error) {
  console.error(
    `screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
}
