import { describe, expect, it } from "vitest";
import { seriesFromCandles } from "../../src/core/market-types.js";
import { barIndexAt, ohlcPathMid, SubBarClock, subBarMid } from "../../src/venues/sub-bar-path.js";

const key = { symbol: "T", category: "linear" as const, interval: "1" as const };
const bars = [
  { openTimeMs: 0, open: 100, high: 110, low: 95, close: 105, volume: 1, turnover: Number.NaN },
  { openTimeMs: 60_000, open: 100, high: 104, low: 90, close: 92, volume: 1, turnover: Number.NaN },
  // gap: the next bar opens two intervals later
  { openTimeMs: 180_000, open: 50, high: 50, low: 50, close: 50, volume: 1, turnover: Number.NaN },
];
const series = seriesFromCandles(key, 60_000, bars);

describe("sub-bar mid path", () => {
  it("an up bar goes O → L → H → C at constant speed (legs 5, 15, 5 of a 25-long path)", () => {
    expect(ohlcPathMid(100, 110, 95, 105, 0)).toBe(100);
    expect(ohlcPathMid(100, 110, 95, 105, 0.1)).toBeCloseTo(97.5, 12); // 2.5 of 5 down to L
    expect(ohlcPathMid(100, 110, 95, 105, 0.2)).toBeCloseTo(95, 12); // L reached at 5/25
    expect(ohlcPathMid(100, 110, 95, 105, 0.5)).toBeCloseTo(102.5, 12); // 7.5 up from L
    expect(ohlcPathMid(100, 110, 95, 105, 0.8)).toBeCloseTo(110, 12); // H reached at 20/25
    expect(ohlcPathMid(100, 110, 95, 105, 1)).toBe(105);
  });

  it("a down bar goes O → H → L → C (legs 4, 14, 2)", () => {
    expect(ohlcPathMid(100, 104, 90, 92, 0.1)).toBeCloseTo(102, 12);
    expect(ohlcPathMid(100, 104, 90, 92, 0.2)).toBeCloseTo(104, 12);
    expect(ohlcPathMid(100, 104, 90, 92, 0.9)).toBeCloseTo(90, 12);
    expect(ohlcPathMid(100, 104, 90, 92, 0.95)).toBeCloseTo(91, 12);
  });

  it("stays inside [low, high] and is continuous", () => {
    let prev = ohlcPathMid(100, 110, 95, 105, 0);
    for (let i = 1; i <= 1000; i++) {
      const m = ohlcPathMid(100, 110, 95, 105, i / 1000);
      expect(m).toBeGreaterThanOrEqual(95);
      expect(m).toBeLessThanOrEqual(110);
      expect(Math.abs(m - prev)).toBeLessThanOrEqual(25 / 1000 + 1e-9);
      prev = m;
    }
  });

  it("a flat bar is constant; fractions outside [0, 1] clamp to open and close", () => {
    expect(ohlcPathMid(7, 7, 7, 7, 0.4)).toBe(7);
    expect(ohlcPathMid(100, 110, 95, 105, -1)).toBe(100);
    expect(ohlcPathMid(100, 110, 95, 105, 2)).toBe(105);
  });

  it("subBarMid reads the bar's own path; barIndexAt finds the bar (or the last one before a gap)", () => {
    expect(subBarMid(series, 1, 60_000 + 6_000)).toBeCloseTo(102, 12);
    expect(barIndexAt(series, -1)).toBe(-1);
    expect(barIndexAt(series, 0)).toBe(0);
    expect(barIndexAt(series, 59_999)).toBe(0);
    expect(barIndexAt(series, 60_000)).toBe(1);
    expect(barIndexAt(series, 150_000)).toBe(1);
    expect(barIndexAt(series, 180_000)).toBe(2);
    expect(barIndexAt(series, 1e12)).toBe(2);
  });

  it("the clock reads the open before the series, the close inside a gap, and moves forward only", () => {
    const c = new SubBarClock();
    c.reset(series);
    expect(c.mid()).toBe(100);
    c.advanceTo(-5);
    expect(c.bar).toBe(-1);
    expect(c.mid()).toBe(100);
    expect(c.advanceTo(30_000)).toBe(true);
    expect(c.mid()).toBeCloseTo(102.5, 12);
    expect(c.advanceTo(30_001)).toBe(false);
    c.advanceTo(150_000); // inside the gap after bar 1
    expect(c.bar).toBe(1);
    expect(c.mid()).toBe(92);
    c.advanceTo(200_000);
    expect(c.bar).toBe(2);
    expect(c.mid()).toBe(50);
  });
});
