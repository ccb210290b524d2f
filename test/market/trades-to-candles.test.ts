import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateCandles } from "../../src/market/candle-validation.js";
import { tradesToCandles } from "../../src/market/trades-to-candles.js";

const M = 60_000;
const T = Date.UTC(2024, 5, 4, 8, 5); // 08:05:00Z

/** Hand-computed example: five trades over four 1-minute bars, one bar without trades. */
const trades = {
  timeMs: [T + 100, T + 10_000, T + 59_999, T + M, T + 3 * M + 500],
  price: [100, 101.5, 99, 100.5, 102],
  size: [0.5, 1, 0.25, 2, 1],
  length: 5,
};

describe("trades to candles", () => {
  it("builds OHLCV per bar: first/last trade for open/close, Σ size and Σ price·size (linear)", () => {
    const { candles, firstTrade, tradeCount } = tradesToCandles(trades, "1", "linear");
    expect(candles).toEqual([
      // 0.5·100 + 1·101.5 + 0.25·99 = 50 + 101.5 + 24.75 = 176.25
      { openTimeMs: T, open: 100, high: 101.5, low: 99, close: 99, volume: 1.75, turnover: 176.25 },
      { openTimeMs: T + M, open: 100.5, high: 100.5, low: 100.5, close: 100.5, volume: 2, turnover: 201 },
      // 08:07 had no trades: no candle (a gap), never a made-up flat bar
      { openTimeMs: T + 3 * M, open: 102, high: 102, low: 102, close: 102, volume: 1, turnover: 102 },
    ]);
    expect(firstTrade).toEqual([0, 3, 4]);
    expect(tradeCount).toEqual([3, 1, 1]);
  });

  it("inverse contracts: turnover is Σ size / price (coin), volume Σ size (USD contracts)", () => {
    const { candles } = tradesToCandles(trades, "1", "inverse");
    expect(candles[0]!.turnover).toBeCloseTo(0.5 / 100 + 1 / 101.5 + 0.25 / 99, 15);
    expect(candles[0]!.volume).toBe(1.75);
  });

  it("a 5-minute interval puts all five trades in 08:05", () => {
    const { candles } = tradesToCandles(trades, "5", "linear");
    expect(candles).toEqual([
      {
        openTimeMs: T,
        open: 100,
        high: 102,
        low: 99,
        close: 102,
        volume: 4.75,
        turnover: 176.25 + 201 + 102,
      },
    ]);
  });

  it("refuses unsorted trades", () => {
    expect(() =>
      tradesToCandles({ timeMs: [T + 5, T], price: [1, 1], size: [1, 1], length: 2 }, "1", "linear"),
    ).toThrow(/sort trades by time first/);
  });

  it("property: volume and trade count are conserved, bars are valid, and each bar's high/low/open/close match its trades", () => {
    const tradeArb = fc.record({
      dt: fc.integer({ min: 0, max: 90_000 }),
      price: fc.integer({ min: 1, max: 100_000 }).map((x) => x / 10),
      size: fc.integer({ min: 1, max: 10_000 }).map((x) => x / 1000),
    });
    fc.assert(
      fc.property(
        fc.array(tradeArb, { minLength: 1, maxLength: 200 }),
        fc.constantFrom("1", "5", "15"),
        (rows, iv) => {
          let t = T;
          const timeMs = rows.map((r) => (t += r.dt));
          const cols = {
            timeMs,
            price: rows.map((r) => r.price),
            size: rows.map((r) => r.size),
            length: rows.length,
          };
          const { candles, firstTrade, tradeCount } = tradesToCandles(cols, iv as "1" | "5" | "15", "linear");
          validateCandles(candles, { interval: iv as "1" });
          expect(tradeCount.reduce((a, b) => a + b, 0)).toBe(rows.length);
          const vol = candles.reduce((a, c) => a + c.volume, 0);
          const sizes = rows.reduce((a, r) => a + r.size, 0);
          expect(vol).toBeCloseTo(sizes, 9);
          candles.forEach((c, k) => {
            const from = firstTrade[k]!;
            const ps = cols.price.slice(from, from + tradeCount[k]!);
            expect(c.open).toBe(ps[0]);
            expect(c.close).toBe(ps[ps.length - 1]);
            expect(c.high).toBe(Math.max(...ps));
            expect(c.low).toBe(Math.min(...ps));
          });
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});
