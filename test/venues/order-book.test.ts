import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../src/core/errors.js";
import {
  createBookWalkResult,
  levelsWithinLimit,
  validateBookSide,
  walkBook,
  walkBookRange,
} from "../../src/venues/order-book.js";

/**
 * Figure 1 of Tulupov, "Price Impact for Different Market Models in Cryptocurrency Trading" (the BTC/USDT
 * book), printed highest price first; a buyer walks it from the bottom row up, so the asks below are
 * the rows in reverse (best ask first).
 */
const FIGURE1_ROWS: ReadonlyArray<readonly [number, number]> = [
  [57981.34, 0.13916],
  [57981.28, 0.00043],
  [57980.2, 0.1034],
  [57980.05, 0.1034],
  [57980.02, 0.1034],
  [57980.01, 0.1034],
  [57980.0, 0.0883],
  [57979.15, 0.0833],
  [57978.9, 0.01725],
  [57978.47, 0.1034],
  [57978.46, 0.0001],
  [57978.38, 0.00043],
  [57977.15, 0.00076],
  [57976.4, 0.0001],
  [57976.05, 0.0015],
  [57976.04, 0.0002],
  [57976.02, 0.00979],
];
const ASKS = [...FIGURE1_ROWS].reverse();
const askPrices = Float64Array.from(ASKS.map((r) => r[0]));
const askSizes = Float64Array.from(ASKS.map((r) => r[1]));

describe("walkBook on a hand-computed book", () => {
  const prices = Float64Array.from([100, 101, 102]);
  const sizes = Float64Array.from([1, 2, 3]);

  it("fills inside the first level at the best price", () => {
    const r = walkBook(prices, sizes, 3, 0.5, createBookWalkResult());
    expect(r).toEqual({
      filledQty: 0.5,
      notional: 50,
      vwap: 100,
      worstPrice: 100,
      levelsConsumed: 1,
      lastLevelFilled: 0.5,
      remainingQty: 0,
    });
  });

  it("crosses levels: 2.5 = 1@100 + 1.5@101, vwap 251.5/2.5 = 100.6", () => {
    const r = walkBook(prices, sizes, 3, 2.5, createBookWalkResult());
    expect(r.filledQty).toBe(2.5);
    expect(r.notional).toBeCloseTo(251.5, 12);
    expect(r.vwap).toBeCloseTo(100.6, 12);
    expect(r.worstPrice).toBe(101);
    expect(r.levelsConsumed).toBe(2);
    expect(r.lastLevelFilled).toBe(1.5);
    expect(r.remainingQty).toBe(0);
  });

  it("takes a level exactly whole: 3 = 1@100 + 2@101, last level filled = its size", () => {
    const r = walkBook(prices, sizes, 3, 3, createBookWalkResult());
    expect(r.levelsConsumed).toBe(2);
    expect(r.lastLevelFilled).toBe(2);
    expect(r.notional).toBe(302);
    expect(r.worstPrice).toBe(101);
  });

  it("reports the unfilled remainder when the book is exhausted (10 asked, 6 available)", () => {
    const r = walkBook(prices, sizes, 3, 10, createBookWalkResult());
    expect(r.filledQty).toBe(6);
    expect(r.remainingQty).toBe(4);
    expect(r.notional).toBe(100 + 202 + 306);
    expect(r.vwap).toBeCloseTo(608 / 6, 12);
    expect(r.worstPrice).toBe(102);
    expect(r.levelsConsumed).toBe(3);
    expect(r.lastLevelFilled).toBe(3);
  });

  it("walks only the first n levels", () => {
    const r = walkBook(prices, sizes, 2, 10, createBookWalkResult());
    expect(r.filledQty).toBe(3);
    expect(r.remainingQty).toBe(7);
    expect(r.worstPrice).toBe(101);
  });

  it("walks bids (descending) for a sell: worst price is the lowest bid touched", () => {
    const bidPrices = Float64Array.from([99, 98, 97]);
    const bidSizes = Float64Array.from([1, 1, 1]);
    const r = walkBook(bidPrices, bidSizes, 3, 1.5, createBookWalkResult());
    expect(r.notional).toBe(99 + 49);
    expect(r.vwap).toBeCloseTo(148 / 1.5, 12);
    expect(r.worstPrice).toBe(98);
    expect(r.levelsConsumed).toBe(2);
  });

  it("skips empty levels without counting them", () => {
    const r = walkBook(
      Float64Array.from([100, 101, 102]),
      Float64Array.from([1, 0, 1]),
      3,
      1.5,
      createBookWalkResult(),
    );
    expect(r.levelsConsumed).toBe(2);
    expect(r.worstPrice).toBe(102);
    expect(r.notional).toBe(151);
  });

  it("a zero qty or an empty book fills nothing: vwap and worst price are NaN", () => {
    const out = walkBook(prices, sizes, 3, 0, createBookWalkResult());
    expect(out.filledQty).toBe(0);
    expect(out.levelsConsumed).toBe(0);
    expect(out.vwap).toBeNaN();
    expect(out.worstPrice).toBeNaN();
    const empty = walkBook(prices, sizes, 0, 1, out);
    expect(empty.filledQty).toBe(0);
    expect(empty.remainingQty).toBe(1);
    expect(empty.vwap).toBeNaN();
  });

  it("reuses and fully overwrites the result object", () => {
    const out = createBookWalkResult();
    const a = walkBook(prices, sizes, 3, 10, out);
    const b = walkBook(prices, sizes, 3, 0.25, out);
    expect(a).toBe(b);
    expect(b).toEqual({
      filledQty: 0.25,
      notional: 25,
      vwap: 100,
      worstPrice: 100,
      levelsConsumed: 1,
      lastLevelFilled: 0.25,
      remainingQty: 0,
    });
  });

  it("walkBookRange starts at a given level", () => {
    const r = walkBookRange(prices, sizes, 1, 3, 3, createBookWalkResult());
    expect(r.notional).toBe(202 + 102);
    expect(r.levelsConsumed).toBe(2);
  });

  it("rejects a negative or non-finite qty, a bad n and bad levels with INVALID_ARGUMENT", () => {
    const out = createBookWalkResult();
    for (const q of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => walkBook(prices, sizes, 3, q, out)).toThrow(ExecsimError);
    }
    expect(() => walkBook(prices, sizes, 4, 1, out)).toThrow(/level count|range/);
    expect(() => walkBook(prices, sizes, 1.5, 1, out)).toThrow(ExecsimError);
    expect(() => walkBook(Float64Array.from([100, Number.NaN]), sizes, 2, 5, out)).toThrow(/level 1/);
    expect(() => walkBook(prices, Float64Array.from([1, -2, 3]), 3, 5, out)).toThrow(/level 1/);
  });
});

describe("walkBook on the paper's Figure 1 book (Table 3 levels)", () => {
  // Table 3 prints the number of orders each buy reaches: "0.01 (2+ orders)" means two levels taken
  // whole and part of a third. Cumulative ask depth: 0.00979, 0.00999, 0.01149, ..., 0.11628 (8 levels),
  // 0.13353, 0.21683 (10), 0.30513 (11), 0.40853, 0.51193 (13).
  const cases: ReadonlyArray<readonly [number, number, number]> = [
    [0.01, 3, 57976.05],
    [0.1, 8, 57978.47],
    [0.2, 10, 57979.15],
    [0.3, 11, 57980.0],
    [0.5, 13, 57980.02],
  ];
  for (const [qty, levels, worst] of cases) {
    it(`buying ${qty} BTC touches ${levels} levels (${levels - 1} whole + part), worst ask ${worst}`, () => {
      const r = walkBook(askPrices, askSizes, askPrices.length, qty, createBookWalkResult());
      expect(r.levelsConsumed).toBe(levels);
      expect(r.worstPrice).toBe(worst);
      expect(r.filledQty).toBe(qty);
      expect(r.lastLevelFilled).toBeLessThan(askSizes[levels - 1]!);
    });
  }

  it("buying 0.01 BTC: notional 0.00979·57976.02 + 0.0002·57976.04 + 0.00001·57976.05 = 579.7602043", () => {
    const r = walkBook(askPrices, askSizes, askPrices.length, 0.01, createBookWalkResult());
    expect(r.notional).toBeCloseTo(567.5852358 + 11.595208 + 0.5797605, 6);
    expect(r.lastLevelFilled).toBeCloseTo(0.00001, 12);
    expect(r.vwap).toBeCloseTo(57976.02043, 5);
  });

  it("the whole book holds 0.85832 BTC; a 1 BTC buy leaves 0.14168 unfilled", () => {
    const r = walkBook(askPrices, askSizes, askPrices.length, 1, createBookWalkResult());
    expect(r.filledQty).toBeCloseTo(0.85832, 12);
    expect(r.remainingQty).toBeCloseTo(0.14168, 12);
    expect(r.levelsConsumed).toBe(17);
    expect(r.worstPrice).toBe(57981.34);
  });
});

describe("levelsWithinLimit and validateBookSide", () => {
  it("counts levels a limit order may take", () => {
    expect(levelsWithinLimit(askPrices, askPrices.length, "buy", 57976.05)).toBe(3);
    expect(levelsWithinLimit(askPrices, askPrices.length, "buy", 57976.0)).toBe(0);
    expect(levelsWithinLimit(askPrices, askPrices.length, "buy", 1e9)).toBe(17);
    const bids = Float64Array.from([99, 98, 97]);
    expect(levelsWithinLimit(bids, 3, "sell", 97.5)).toBe(2);
    expect(() => levelsWithinLimit(bids, 3, "sell", Number.NaN)).toThrow(ExecsimError);
  });

  it("accepts the Figure 1 asks and rejects unordered or malformed sides", () => {
    expect(() => validateBookSide(askPrices, askSizes, askPrices.length, "buy")).not.toThrow();
    expect(() => validateBookSide(askPrices, askSizes, askPrices.length, "sell")).toThrow(/descending/);
    expect(() => validateBookSide(Float64Array.from([1, 1]), Float64Array.from([1, 1]), 2, "buy")).toThrow(
      /ascending/,
    );
    expect(() => validateBookSide(askPrices, askSizes, 18, "buy")).toThrow(/level count/);
    expect(() => validateBookSide(Float64Array.from([0]), Float64Array.from([1]), 1, "buy")).toThrow(
      /level 0/,
    );
  });
});

/** A random ask side: ascending prices, non-negative sizes. */
const bookArb = fc
  .array(
    fc.record({
      gap: fc.double({ min: 0.01, max: 10, noNaN: true }),
      size: fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 100, noNaN: true })),
    }),
    { minLength: 0, maxLength: 40 },
  )
  .map((levels) => {
    const prices = new Float64Array(levels.length);
    const sizes = new Float64Array(levels.length);
    let p = 100;
    levels.forEach((l, i) => {
      p += l.gap;
      prices[i] = p;
      sizes[i] = l.size;
    });
    return { prices, sizes };
  });

describe("walkBook invariants (fast-check, seed 42)", () => {
  it("conserves quantity, sums level consumption to the fill, keeps vwap in [best, worst]", () => {
    const out = createBookWalkResult();
    fc.assert(
      fc.property(
        bookArb,
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.boolean(),
        (book, qty, asBids) => {
          let { prices, sizes } = book;
          if (asBids) {
            // mirror into a descending bid side
            prices = prices.map((p) => 1000 - p);
          }
          const n = prices.length;
          walkBook(prices, sizes, n, qty, out);
          const tol = 1e-9 * Math.max(1, qty);
          expect(Math.abs(out.filledQty + out.remainingQty - qty)).toBeLessThanOrEqual(tol);
          expect(out.filledQty).toBeGreaterThanOrEqual(0);
          expect(out.remainingQty).toBeGreaterThanOrEqual(0);
          // recompute level by level, independently
          let consumed = 0;
          let notional = 0;
          let touched = 0;
          let rem = qty;
          for (let i = 0; i < n && rem > 0; i++) {
            const take = Math.min(sizes[i]!, rem);
            if (take > 0) touched++;
            rem -= take;
            consumed += take;
            notional += take * prices[i]!;
          }
          expect(Math.abs(consumed - out.filledQty)).toBeLessThanOrEqual(tol);
          expect(Math.abs(notional - out.notional)).toBeLessThanOrEqual(1e-9 * Math.max(1, notional));
          expect(out.levelsConsumed).toBe(touched);
          const total = sizes.reduce((a, b) => a + b, 0);
          if (qty > total * (1 + 1e-12)) expect(out.remainingQty).toBeGreaterThan(0);
          if (qty <= total * (1 - 1e-12)) expect(out.remainingQty).toBe(0);
          if (out.filledQty > 0) {
            let best = Number.NaN;
            for (let i = 0; i < n; i++)
              if (sizes[i]! > 0) {
                best = prices[i]!;
                break;
              }
            const lo = Math.min(best, out.worstPrice);
            const hi = Math.max(best, out.worstPrice);
            expect(out.vwap).toBeGreaterThanOrEqual(lo);
            expect(out.vwap).toBeLessThanOrEqual(hi);
            expect(out.lastLevelFilled).toBeGreaterThan(0);
          } else {
            expect(out.vwap).toBeNaN();
          }
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });
});
