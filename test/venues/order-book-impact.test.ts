import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../src/core/errors.js";
import { ConsumableOrderBook } from "../../src/venues/book-consumable.js";
import {
  bookBestPrice,
  bookPriceImpactRatio,
  sequentialTradeImpact,
} from "../../src/venues/book-price-impact.js";

// Figure 1 of Tulupov, "Price Impact for Different Market Models in Cryptocurrency Trading", asks best
// first (the figure prints them highest first).
const ASKS: ReadonlyArray<readonly [number, number]> = [
  [57976.02, 0.00979],
  [57976.04, 0.0002],
  [57976.05, 0.0015],
  [57976.4, 0.0001],
  [57977.15, 0.00076],
  [57978.38, 0.00043],
  [57978.46, 0.0001],
  [57978.47, 0.1034],
  [57978.9, 0.01725],
  [57979.15, 0.0833],
  [57980.0, 0.0883],
  [57980.01, 0.1034],
  [57980.02, 0.1034],
  [57980.05, 0.1034],
  [57980.2, 0.1034],
  [57981.28, 0.00043],
  [57981.34, 0.13916],
];
const P = Float64Array.from(ASKS.map((l) => l[0]));
const S = Float64Array.from(ASKS.map((l) => l[1]));
const N = P.length;

describe("formula 10 on the paper's Table 3 (Figure 1 book)", () => {
  // Table 3 prints p_1 / p_u (best over worst), the reciprocal of formula 10 as the paper defines it
  // (PI = p_{sell u_1} / p_{sell 1} >= 1 for a buy). We test formula 10 and compare its reciprocal with
  // the printed column.
  it("0.01, 0.1, 0.2 BTC: 1/PI matches the printed 16 digits (up to float rounding)", () => {
    const printed: ReadonlyArray<readonly [number, number, number]> = [
      [0.01, 0.9999994825449473, 57976.05],
      [0.1, 0.9999577429345754, 57978.47],
      [0.2, 0.9999460150761091, 57979.15],
    ];
    for (const [qty, value, worst] of printed) {
      const pi = bookPriceImpactRatio(P, S, N, qty);
      expect(pi).toBe(worst / 57976.02);
      expect(pi).toBeGreaterThan(1);
      expect(Math.abs(1 / pi - value)).toBeLessThan(1e-15);
    }
  });

  it("0.3 and 0.5 BTC: the printed values do not hold; the levels reached are 57980.00 and 57980.02", () => {
    // Printed 0.9999658491151815 = 57976.02 / 57978.00 and 0.9999655041686486 = 57976.02 / 57978.02:
    // denominators 2.00 below the levels these buys reach (cumulative depth 0.30513 at 57980.00 and
    // 0.51193 at 57980.02), and not prices in the book at all. Correct: 57976.02/57980.00 =
    // 0.99993135563987..., 57976.02/57980.02 = 0.99993101…
    const pi3 = bookPriceImpactRatio(P, S, N, 0.3);
    const pi5 = bookPriceImpactRatio(P, S, N, 0.5);
    expect(pi3).toBe(57980.0 / 57976.02);
    expect(pi5).toBe(57980.02 / 57976.02);
    expect(1 / pi3).toBeCloseTo(0.9999313556, 10);
    expect(1 / pi5).toBeCloseTo(0.9999310107, 10);
    // what the paper printed, reproduced from its (wrong) denominators
    expect(Math.abs(57976.02 / 57978.0 - 0.9999658491151815)).toBeLessThan(1e-15);
    expect(Math.abs(57976.02 / 57978.02 - 0.9999655041686486)).toBeLessThan(1e-15);
    expect(Math.abs(1 / pi3 - 0.9999658491151815)).toBeGreaterThan(3e-5);
  });

  it("a trade inside the best level has no impact (PI = 1); nothing filled gives NaN", () => {
    expect(bookPriceImpactRatio(P, S, N, 0.005)).toBe(1);
    expect(bookPriceImpactRatio(P, S, 0, 1)).toBeNaN();
    expect(bookBestPrice(P, Float64Array.from([0, 0, 1]), 3)).toBe(57976.05);
  });

  it("for a sell on bids the ratio is below 1 (how many times the best bid fell)", () => {
    const bids = Float64Array.from([100, 99, 98]);
    const sizes = Float64Array.from([1, 1, 1]);
    expect(bookPriceImpactRatio(bids, sizes, 3, 2.5)).toBe(0.98);
  });
});

describe("formulas 11 and 12: two sequential trades", () => {
  const prices = Float64Array.from([100, 101, 102]);
  const sizes = Float64Array.from([1, 2, 3]);

  it("hand example: buy 1.5 then 2 on asks 1@100, 2@101, 3@102", () => {
    // Trade 1: 1@100 + 0.5@101 -> AvgC1 = 150.5/1.5 = 100.3333..., u_1 at 101, b'' = 1.5 left there.
    // Trade 2: 1.5@101 + 0.5@102 -> AvgC2 = 202.5/2 = 101.25, u_2 at 102.
    // PI_1 = 101/100 = 1.01 (f. 10); PI_2 = 102/101 (f. 11); API = 101.25 / 100.3333... = 1.00913621...
    const r = sequentialTradeImpact(prices, sizes, 3, 1.5, 2);
    expect(r.bestPrice).toBe(100);
    expect(r.avgPrice1).toBeCloseTo(150.5 / 1.5, 12);
    expect(r.avgPrice2).toBeCloseTo(101.25, 12);
    expect(r.worstPrice1).toBe(101);
    expect(r.worstPrice2).toBe(102);
    expect(r.levels1).toBe(2);
    expect(r.levels2).toBe(2);
    expect(r.priceImpact1).toBeCloseTo(1.01, 14);
    expect(r.priceImpact2).toBeCloseTo(102 / 101, 14);
    expect(r.averagePriceImpact).toBeCloseTo(1.0091362126, 9);
    expect(r.filledQty2).toBeCloseTo(2, 14);
    expect(r.remainingQty2).toBe(0);
  });

  it("sells on bids 1@100, 2@99, 3@98: sell 1.5 then 2, ratios below 1", () => {
    // Trade 1: 1@100 + 0.5@99 = 149.5 -> AvgC1 = 99.6667; trade 2: 1.5@99 + 0.5@98 = 197.5 -> AvgC2 = 98.75.
    // PI_1 = 99/100 = 0.99, PI_2 = 98/99, API = 98.75 / 99.6667 = 0.99080268...
    const r = sequentialTradeImpact(Float64Array.from([100, 99, 98]), sizes, 3, 1.5, 2);
    expect(r.avgPrice1).toBeCloseTo(149.5 / 1.5, 12);
    expect(r.avgPrice2).toBeCloseTo(98.75, 12);
    expect(r.priceImpact1).toBeCloseTo(0.99, 14);
    expect(r.priceImpact2).toBeCloseTo(98 / 99, 14);
    expect(r.averagePriceImpact).toBeCloseTo(0.9908026756, 9);
  });

  it("formula 12 as printed leaves b''_{u1} out of AvgC2's denominator: 202.5/0.5 = 405, not an average price", () => {
    // Printed: AvgC2 = (Σ_{u1<i<u2} b_i p_i + b'_{u2} p_{u2} + b''_{u1} p_{u1}) / (Σ_{u1<i<u2} b_i + b'_{u2})
    const printedAvgC2 = (0.5 * 102 + 1.5 * 101) / 0.5;
    expect(printedAvgC2).toBe(405);
    const r = sequentialTradeImpact(prices, sizes, 3, 1.5, 2);
    expect(r.avgPrice2).toBeLessThanOrEqual(r.worstPrice2);
    expect(printedAvgC2).toBeGreaterThan(r.worstPrice2);
  });

  it("trade 2 starting on a fresh level does not count level u_1 again", () => {
    const r = sequentialTradeImpact(prices, sizes, 3, 3, 1);
    expect(r.levels1).toBe(2);
    expect(r.levels2).toBe(1);
    expect(r.avgPrice2).toBeCloseTo(102, 12);
    expect(r.averagePriceImpact).toBeCloseTo(102 / (302 / 3), 12);
  });

  it("trade 2 beyond the book reports its unfilled part; a book emptied by trade 1 gives NaN", () => {
    const r = sequentialTradeImpact(prices, sizes, 3, 2, 10);
    expect(r.filledQty2).toBeCloseTo(4, 12);
    expect(r.remainingQty2).toBeCloseTo(6, 12);
    const empty = sequentialTradeImpact(prices, sizes, 3, 6, 1);
    expect(empty.filledQty2).toBe(0);
    expect(empty.averagePriceImpact).toBeNaN();
    expect(() => sequentialTradeImpact(prices, sizes, 3, 0, 1)).toThrow(ExecsimError);
  });

  it("on Figure 1: buy 0.01 then 0.09 BTC", () => {
    // Trade 1 ends inside 57976.05 (0.00001 of 0.0015 taken). Trade 2 takes the remaining 0.00149 there,
    // then 0.0001@57976.40, 0.00076@57977.15, 0.00043@57978.38, 0.0001@57978.46 and 0.08712@57978.47.
    const notional2 =
      0.00149 * 57976.05 + 0.0001 * 57976.4 + 0.00076 * 57977.15 + 0.00043 * 57978.38 + 0.0001 * 57978.46;
    const rest = 0.09 - (0.00149 + 0.0001 + 0.00076 + 0.00043 + 0.0001);
    const avg2 = (notional2 + rest * 57978.47) / 0.09;
    const avg1 = (0.00979 * 57976.02 + 0.0002 * 57976.04 + 0.00001 * 57976.05) / 0.01;
    const r = sequentialTradeImpact(P, S, N, 0.01, 0.09);
    expect(rest).toBeCloseTo(0.08712, 12);
    expect(r.avgPrice1).toBeCloseTo(avg1, 6);
    expect(r.avgPrice2).toBeCloseTo(avg2, 6);
    expect(r.avgPrice2).toBeCloseTo(57978.41605, 4);
    expect(r.levels2).toBe(6);
    expect(r.priceImpact2).toBe(57978.47 / 57976.05);
    expect(r.averagePriceImpact).toBeCloseTo(avg2 / avg1, 12);
  });
});

describe("sequential trades on a static book (fast-check, seed 42)", () => {
  const bookArb = fc
    .array(
      fc.record({
        gap: fc.double({ min: 0.01, max: 5, noNaN: true }),
        size: fc.double({ min: 0.01, max: 10, noNaN: true }),
      }),
      {
        minLength: 1,
        maxLength: 30,
      },
    )
    .map((lv) => {
      let p = 50;
      const prices = Float64Array.from(lv.map((l) => (p += l.gap)));
      const sizes = Float64Array.from(lv.map((l) => l.size));
      return { prices, sizes };
    });

  it("formula 12 from cumulative walks equals consuming the book trade by trade", () => {
    fc.assert(
      fc.property(
        bookArb,
        fc.double({ min: 0.001, max: 100, noNaN: true }),
        fc.double({ min: 0.001, max: 100, noNaN: true }),
        ({ prices, sizes }, q1, q2) => {
          const r = sequentialTradeImpact(prices, sizes, prices.length, q1, q2);
          const book = new ConsumableOrderBook({ prices, sizes }, { prices: [1], sizes: [1] });
          const t1 = { ...book.take("buy", q1) };
          const t2 = { ...book.take("buy", q2) };
          expect(r.avgPrice1).toBeCloseTo(t1.vwap, 8);
          expect(r.filledQty2).toBeCloseTo(t2.filledQty, 8);
          if (t2.filledQty > 1e-9) {
            expect(Math.abs(r.avgPrice2 - t2.vwap)).toBeLessThan(1e-6 * t2.vwap);
            expect(r.worstPrice2).toBe(t2.worstPrice);
            expect(r.levels2).toBe(t2.levelsConsumed);
            // buys never get cheaper: API >= 1, PI_2 >= 1
            expect(r.averagePriceImpact).toBeGreaterThanOrEqual(1 - 1e-12);
            expect(r.priceImpact2).toBeGreaterThanOrEqual(1);
          }
          expect(r.priceImpact1).toBeGreaterThanOrEqual(1);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
