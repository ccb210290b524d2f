import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/core/interval.js";
import { almgrenChrissMarketParams } from "../../src/engine/ac-market-params.js";
import { averageDailyVolume } from "../../src/market/stats/daily-volume.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";

const T0 = Date.UTC(2024, 0, 1);

describe("almgrenChrissMarketParams: ADV from the volume sum alone", () => {
  it("eta and gamma use exactly averageDailyVolume's volume (same sum, same order, same days)", () => {
    const s = generateSyntheticCandles({
      symbol: "X",
      category: "linear",
      interval: "1",
      startMs: T0,
      bars: 3 * 1440 + 17,
      seed: 5,
    });
    const adv = averageDailyVolume(s).volumeBase;
    const m = almgrenChrissMarketParams(s, 42_000, 1.5);
    expect(m.eta).toBe(3 / (0.01 * adv));
    expect(m.gamma).toBe(3 / (0.1 * adv));
  });

  it("less than a day of history is the same INSUFFICIENT_DATA as averageDailyVolume's", () => {
    const s = generateSyntheticCandles({
      symbol: "X",
      category: "linear",
      interval: "1",
      startMs: T0,
      bars: 600,
      seed: 5,
    });
    expect(600 * 60_000).toBeLessThan(DAY_MS);
    let statsMessage = "";
    try {
      averageDailyVolume(s);
    } catch (e) {
      statsMessage = (e as Error).message;
    }
    expect(statsMessage).not.toBe("");
    expect(() => almgrenChrissMarketParams(s, 42_000, 1.5, { sigma: 1 })).toThrow(statsMessage);
  });
});
