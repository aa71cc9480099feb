/** The README's pictures as pages, from one run of the demo on a pinned clock. */
import { runDemo } from "../../demo/demo.js";
import { pinProcessClock } from "./fixed-clock.js";
import { buildPages, type Page } from "./render-html.js";

/**
 * The pictures show dates (the merge, the deadlines, the digest's week); a fixed start keeps a
 * regenerated picture identical to the committed one whatever day it is taken.
 */
export const DEMO_STARTS_AT = "2026-05-12T09:00:00Z";

export async function demoPages(): Promise<Page[]> {
  const restoreClock = pinProcessClock(DEMO_STARTS_AT);
  try {
    return buildPages(await runDemo({ print: () => undefined }));
  } finally {
    restoreClock();
  }
}
