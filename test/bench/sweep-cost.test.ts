import { describe, expect, it } from "vitest";
import { countKinds, measureSweepCost, repoKind } from "../../bench/sweep-cost.js";

describe("hourly digest sweep cost (bench)", () => {
  it("mixes the organisation's repositories as the bench says", () => {
    expect(countKinds(2_000)).toEqual({
      bare: 1_600,
      tracked: 300,
      "tracked-no-config": 50,
      overdue: 50,
    });
    expect([0, 1, 6, 7, 8, 39, 40].map(repoKind)).toEqual([
      "overdue",
      "tracked",
      "tracked",
      "tracked-no-config",
      "bare",
      "bare",
      "overdue",
    ]);
  });

  it("an hour later with nothing changed, the scheduler's config cache reads no config and every other read is a 304: no points; one push brings back just its config read", async () => {
    // 20 repositories: #0 overdue, #1–#6 tracked with a config, #7 tracked without, 12 bare.
    const cost = await measureSweepCost({ repositories: 20, latencyMs: 0 });
    const noConfig = 12 + 1;
    const tracked = 8;

    // The digest hour (setup): this week's comment posted where something is tracked, and the
    // overdue repository's two overdue items nudged.
    expect(cost.digestHour.outcomes).toEqual({ "nothing-tracked": 12, posted: tracked });
    expect(cost.digestHour.writes).toBe(tracked + 2);

    // Per repository: its config (and the owner's .github when it has none), the three issue
    // lists (two labels, the bot as filer), and where the digest issue changed this week, its
    // comments; plus one page of the installation's repositories.
    const configReads = 20 + noConfig;
    const requests = 1 + configReads + 3 * 20 + tracked;
    for (const run of [cost.first, cost.second]) {
      expect(run.outcomes).toEqual({ "nothing-tracked": 12, "already-posted": tracked });
      expect(run.writes).toBe(0);
      expect(run.maxInFlight).toBe(1);
    }
    // GET /app, GET /app/installations, the installation token (reused within its hour).
    expect(cost.first.appRequests).toBe(3);
    expect(cost.second.appRequests).toBe(2);

    // The first run: a server just started, no ETags and an empty config cache.
    expect(cost.first.installationRequests).toBe(requests);
    expect(cost.first.notModified).toBe(0);
    expect(cost.first.points).toBe(requests);
    expect(cost.first.byKind["config, the repository's"].requests).toBe(20);
    expect(cost.first.byKind["config, the owner's .github"].requests).toBe(noConfig);

    // The second run: no pushed_at moved, so no config is read again (GitHub tags no 404: each
    // repository without a config file would cost two points), and everything else is a 304.
    expect(cost.second.installationRequests).toBe(requests - configReads);
    expect(cost.second.byKind["config, the repository's"].requests).toBe(0);
    expect(cost.second.byKind["config, the owner's .github"].requests).toBe(0);
    expect(cost.second.notModified).toBe(requests - configReads);
    expect(cost.second.points).toBe(0);

    // The third run, after a push of a config file (digest off) to one bare repository: its new
    // pushed_at makes the scheduler read that one config again (found: 1 point, no fallback),
    // and with the digest off it reads nothing more there. Nothing else is read again.
    expect(cost.third.outcomes).toEqual({
      "nothing-tracked": 11,
      disabled: 1,
      "already-posted": tracked,
    });
    expect(cost.third.byKind["config, the repository's"]).toEqual({
      requests: 1,
      notModified: 0,
      points: 1,
    });
    expect(cost.third.byKind["config, the owner's .github"].requests).toBe(0);
    expect(cost.third.installationRequests).toBe(requests - configReads + 1 - 3);
    // The listing changed too (a new pushed_at): its page is a 200 this time.
    expect(cost.third.byKind["installation's repositories"].points).toBe(1);
    expect(cost.third.points).toBe(2);
  }, 120_000);
});
