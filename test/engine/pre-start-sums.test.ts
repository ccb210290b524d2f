import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/core/interval.js";
import { sliceSeries } from "../../src/core/market-types.js";
import { SeriesPrefixSums } from "../../src/engine/pre-start-sums.js";
import { averageDailyVolume } from "../../src/market/stats/daily-volume.js";
import { realizedVolatility } from "../../src/market/stats/realized-volatility.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";

const T0 = Date.UTC(2024, 0, 1);

function series(bars: number) {
  return generateSyntheticCandles({
    symbol: "X",
    category: "linear",
    interval: "1",
    startMs: T0,
    bars,
    seed: 9,
  });
}

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}

describe("SeriesPrefixSums: the pre-start estimators from running sums", () => {
  it("gives realizedVolatility's daily value and averageDailyVolume's ADV bit for bit, in any query order", () => {
    const s = series(3 * 1440 + 31);
    const sums = new SeriesPrefixSums(s);
    for (const n of [2 * 1440, 3, 1440, 3 * 1440 + 31, 1441, 2500, 4]) {
      const head = sliceSeries(s, 0, n);
      expect(sums.dailyVolatility(n)).toBe(realizedVolatility(head).daily);
      if (n * s.intervalMs >= DAY_MS) expect(sums.advBase(n)).toBe(averageDailyVolume(head).volumeBase);
    }
  });

  it("throws the estimators' own errors for too short a history", () => {
    const s = series(600);
    const sums = new SeriesPrefixSums(s);
    expect(message(() => sums.dailyVolatility(2))).toBe(
      message(() => realizedVolatility(sliceSeries(s, 0, 2))),
    );
    expect(message(() => sums.advBase(600))).toBe(message(() => averageDailyVolume(s)));
    expect(message(() => sums.advBase(600))).not.toBe("no error");
  });
});
