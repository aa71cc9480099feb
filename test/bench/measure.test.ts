import { describe, expect, it } from "vitest";
import {
  growthPerDoubling,
  megabytesPerSecond,
  percentile,
  summarize,
} from "../../bench/measure.js";

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe("percentile", () => {
  it.each([
    [0, 1],
    [50, 50.5],
    [99, 99.01],
    [100, 100],
  ])("p%d of 1..100 is %d", (p, expected) => {
    expect(percentile(oneToHundred, p)).toBeCloseTo(expected, 10);
  });

  it("takes the mean of the two middle values for the median of an even-sized sample", () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
  });

  it("takes the middle value for the median of an odd-sized sample", () => {
    expect(percentile([9, 1, 5], 50)).toBe(5);
  });

  it("gives the only value of a one-value sample at every rank", () => {
    for (const p of [0, 1, 50, 99, 100]) expect(percentile([7], p)).toBe(7);
  });

  it("sorts numerically, not as strings", () => {
    expect(percentile([10, 9, 100, 2], 100)).toBe(100);
    expect(percentile([10, 9, 100, 2], 0)).toBe(2);
  });

  it("leaves its input unsorted", () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it("is NaN for an empty sample", () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it.each([-1, 101, NaN])("refuses percentile %d", (p) => {
    expect(() => percentile([1, 2], p)).toThrow(RangeError);
  });

  it("interpolates p99 of a sample with one outlier between the outlier and the rest", () => {
    const values = [...Array.from({ length: 99 }, () => 10), 1000];
    // rank 0.99 × 99 = 98.01: 1 % of the way from the 99th value (10) to the 100th (1000).
    expect(percentile(values, 99)).toBeCloseTo(19.9, 10);
  });
});

describe("summarize", () => {
  it("reports count, total, p50, p99 and max", () => {
    expect(summarize([2, 4, 6])).toEqual({
      count: 3,
      totalMs: 12,
      p50Ms: 4,
      p99Ms: 5.96,
      maxMs: 6,
    });
  });
});

describe("megabytesPerSecond", () => {
  it("counts MB as 10^6 bytes", () => {
    expect(megabytesPerSecond(2_000_000, 500)).toBe(4);
  });
});

describe("growthPerDoubling", () => {
  it("is 2 for linear work and 4 for quadratic work over one doubling", () => {
    expect(growthPerDoubling({ bytes: 100, ms: 10 }, { bytes: 200, ms: 20 })).toBeCloseTo(2, 10);
    expect(growthPerDoubling({ bytes: 100, ms: 10 }, { bytes: 200, ms: 40 })).toBeCloseTo(4, 10);
  });

  it("averages over several doublings", () => {
    expect(growthPerDoubling({ bytes: 1, ms: 1 }, { bytes: 8, ms: 8 })).toBeCloseTo(2, 10);
    expect(growthPerDoubling({ bytes: 1, ms: 1 }, { bytes: 8, ms: 64 })).toBeCloseTo(4, 10);
  });

  it("corrects for sizes that are not exact doublings", () => {
    // 1.9× the input in 1.9× the time is still linear.
    expect(growthPerDoubling({ bytes: 100, ms: 10 }, { bytes: 190, ms: 19 })).toBeCloseTo(2, 10);
  });

  it("is NaN when the second run is not larger", () => {
    expect(growthPerDoubling({ bytes: 100, ms: 10 }, { bytes: 100, ms: 20 })).toBeNaN();
  });
});
