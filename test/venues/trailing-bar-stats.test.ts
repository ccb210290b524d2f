import { describe, expect, it } from "vitest";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { TrailingBarStats } from "../../src/venues/trailing-bar-stats.js";

const series = generateSyntheticCandles({
  symbol: "X",
  category: "linear",
  interval: "1",
  startMs: Date.UTC(2024, 0, 1),
  bars: 3000,
  seed: 11,
});

/** Abdi-Ranaldo over the pairs (j−1, j), j in [max(1, i − W), i), straight from the definition. */
function directAbdiRanaldo(i: number, W: number): number {
  let sum = 0;
  let n = 0;
  for (let j = Math.max(1, i - W); j < i; j++) {
    const cl = Math.log(series.close[j - 1]!);
    sum +=
      (cl - 0.5 * Math.log(series.high[j - 1]! * series.low[j - 1]!)) *
      (cl - 0.5 * Math.log(series.high[j]! * series.low[j]!));
    n++;
  }
  const m = (4 * sum) / n;
  return m > 0 ? Math.sqrt(m) : 0;
}

describe("TrailingBarStats: Abdi-Ranaldo sums built on demand", () => {
  it("give the same bits whether or not other statistics were built first, and match the definition", () => {
    const W = 30;
    const warm = new TrailingBarStats();
    warm.prepare(series);
    const fresh = new TrailingBarStats();
    fresh.prepare(series);
    // warm: volume and Corwin-Schultz over bars 500..1999 first, then Abdi-Ranaldo (built later, same base)
    for (let i = 500; i < 2000; i++) {
      warm.volume(i, W);
      warm.spread(i, W);
    }
    fresh.spreadAbdiRanaldo(500, W);
    let positive = 0;
    for (let i = 500; i < 2500; i += 7) {
      const a = warm.spreadAbdiRanaldo(i, W);
      if (a > 0) positive++;
      expect(a).toBe(fresh.spreadAbdiRanaldo(i, W));
      expect(a).toBeCloseTo(directAbdiRanaldo(i, W), 12);
    }
    // the comparison is not vacuous: many windows give a positive (unclipped) estimate
    expect(positive).toBeGreaterThan(20);
  });
});
