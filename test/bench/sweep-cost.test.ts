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

  it("an hour later with nothing changed, every read answered 200 before is 304; only the 404 config reads cost", async () => {
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
    const requests = 1 + 20 + noConfig + 3 * 20 + tracked;
    for (const run of [cost.first, cost.second]) {
      expect(run.outcomes).toEqual({ "nothing-tracked": 12, "already-posted": tracked });
      expect(run.installationRequests).toBe(requests);
      expect(run.writes).toBe(0);
      expect(run.maxInFlight).toBe(1);
    }
    // GET /app, GET /app/installations, the installation token (reused within its hour).
    expect(cost.first.appRequests).toBe(3);
    expect(cost.second.appRequests).toBe(2);

    expect(cost.first.notModified).toBe(0);
    expect(cost.first.points).toBe(requests);
    // GitHub tags no 404: a repository without a config file costs its two config reads.
    expect(cost.second.points).toBe(2 * noConfig);
    expect(cost.second.notModified).toBe(requests - 2 * noConfig);
    expect(cost.second.byKind["config, the repository's"]).toEqual({
      requests: 20,
      notModified: 20 - noConfig,
      points: noConfig,
    });
    expect(cost.second.byKind["config, the owner's .github"]).toEqual({
      requests: noConfig,
      notModified: 0,
      points: noConfig,
    });
    for (const kind of ["installation's repositories", "issue lists", "digest comments"] as const)
      expect(cost.second.byKind[kind].points).toBe(0);
  }, 120_000);
});
