import { describe, expect, it } from "vitest";
import { digestBudget, measureDigestCost } from "../../bench/digest-cost.js";

describe("digest cost (bench)", () => {
  it.each([10, 250])(
    "stays within the list pages + 4 requests and one write for M = %i",
    async (m) => {
      const cost = await measureDigestCost(m);
      // By the items' label (M issues), the tracking label (tracking and digest issues), then
      // by the filer's login (all M + 2 again).
      const pages = Math.ceil(m / 100) + 1 + Math.ceil((m + 2) / 100);
      // Config, the pages, the post and the race read-back.
      expect(cost.post).toEqual({ outcome: "posted", requests: pages + 3, writes: 1, pages });
      // Config, the pages, this week's comments, the edit.
      expect(cost.edit).toEqual({ outcome: "updated", requests: pages + 3, writes: 1, pages });
      expect(cost.unchanged).toEqual({
        outcome: "unchanged",
        requests: pages + 2,
        writes: 0,
        pages,
      });
      // A token client makes no installation-token request; an App's would be the 4th.
      expect(cost.post.requests + 1).toBeLessThanOrEqual(digestBudget(m));
    },
  );
});
