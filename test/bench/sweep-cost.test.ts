import { describe, expect, it } from "vitest";
import {
  countKinds,
  installationLimit,
  measureSweepCost,
  repoKind,
} from "../../bench/sweep-cost.js";
import { hourOf } from "../../src/jobs/quiet-repositories.js";

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

  it("states an installation's hourly limit as GitHub does for an organisation's size", () => {
    expect([1, 20, 21, 100, 170, 171, 2_000].map(installationLimit)).toEqual([
      5_000, 5_000, 5_050, 9_000, 12_500, 12_500, 12_500,
    ]);
  });

  it("an hour later, with a new installation token and nothing changed, the scheduler reads only the listing; a push and a postmortem filed bring back just those repositories", async () => {
    // 20 repositories: #0 overdue, #1–#6 tracked with a config, #7 tracked without, 12 bare
    // (#8–#19, none of them in its hour of the day at 11:00 or 12:00 UTC).
    const bare = Array.from({ length: 12 }, (_, i) => `acme/svc-${String(8 + i).padStart(4, "0")}`);
    expect(bare.filter((r) => [11, 12].includes(hourOf(r)))).toEqual([]);
    const cost = await measureSweepCost({ repositories: 20, latencyMs: 0 });
    const tracked = 8;

    // The digest hour (setup): this week's comment posted where something is tracked, and the
    // overdue repository's two overdue items nudged.
    expect(cost.digestHour.outcomes).toEqual({ "nothing-tracked": 12, posted: tracked });
    expect(cost.digestHour.writes).toBe(tracked + 2);

    // The first run: a server just started. Per repository its config, the three issue lists
    // (two labels, the bot as filer) and, where the digest issue changed this week, its
    // comments; one read of acme/.github's config for all 13 repositories without their own; one
    // page of the installation's repositories.
    const firstRequests = 1 + 20 + 1 + 3 * 20 + tracked;
    expect(cost.first.outcomes).toEqual({ "nothing-tracked": 12, "already-posted": tracked });
    expect(cost.first.installationRequests).toBe(firstRequests);
    expect(cost.first.points).toBe(firstRequests);
    expect(cost.first.byKind["config, the owner's .github"].requests).toBe(1);
    expect(cost.first.writes).toBe(0);
    expect(cost.first.maxInFlight).toBe(1);

    // An hour later, a new token (GET /app, GET /app/installations, POST …/access_tokens): every
    // ETag is stale. The listing is read (1 point) and nothing else: the 8 repositories are
    // settled for the week and the 12 bare ones unchanged in the listing.
    expect(cost.second.appRequests).toBe(3);
    expect(cost.second.outcomes).toEqual({});
    expect(cost.second.installationRequests).toBe(1);
    expect(cost.second.notModified).toBe(0);
    expect(cost.second.points).toBe(1);

    // The third run: a config file (digest off) pushed to #8 — its config is read again, and
    // with the digest off nothing more; two items filed in #9 (its open-issue count moved): its
    // lists are read, and its first digest is posted (the digest issue changed this week: its
    // comments are read; after the post, read back once). Nothing else is read.
    expect(cost.third.outcomes).toEqual({ disabled: 1, posted: 1 });
    expect(cost.third.byKind["config, the repository's"]).toEqual({
      requests: 1,
      notModified: 0,
      points: 1,
    });
    expect(cost.third.byKind["issue lists"].requests).toBe(3);
    expect(cost.third.byKind["digest comments"].requests).toBe(2);
    expect(cost.third.writes).toBe(1);
    expect(cost.third.installationRequests).toBe(1 + 1 + 3 + 2 + 1);
    expect(cost.third.points).toBe(8);
  }, 120_000);
});
