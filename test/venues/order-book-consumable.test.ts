import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../src/core/errors.js";
import { ConsumableOrderBook } from "../../src/venues/book-consumable.js";
import { createBookWalkResult, walkBook } from "../../src/venues/order-book.js";

function book(): ConsumableOrderBook {
  return ConsumableOrderBook.fromLevels(
    [
      [100, 1],
      [101, 2],
      [102, 3],
    ],
    [
      [99, 1],
      [98, 2],
    ],
  );
}

describe("ConsumableOrderBook", () => {
  it("a buy eats the asks and leaves the partial level (the paper's b''_{u1})", () => {
    const b = book();
    const r = b.take("buy", 1.5);
    expect(r.notional).toBe(150.5);
    expect(b.levels("buy")).toEqual([
      [101, 1.5],
      [102, 3],
    ]);
    expect(b.bestAsk()).toBe(101);
    expect(b.mid()).toBe(100);
    expect(b.depth("buy")).toBe(4.5);
    const r2 = b.take("buy", 2);
    expect(r2.notional).toBe(1.5 * 101 + 0.5 * 102);
    expect(r2.levelsConsumed).toBe(2);
    expect(b.bestAsk()).toBe(102);
  });

  it("a level taken exactly whole disappears", () => {
    const b = book();
    b.take("buy", 3);
    expect(b.levels("buy")).toEqual([[102, 3]]);
    expect(b.bestAsk()).toBe(102);
  });

  it("quote does not change the book", () => {
    const b = book();
    const q = b.quote("sell", 2);
    expect(q.notional).toBe(99 + 98);
    expect(q.worstPrice).toBe(98);
    expect(b.levels("sell")).toEqual([
      [99, 1],
      [98, 2],
    ]);
  });

  it("a sell that exhausts the bids reports the remainder; the side is then empty (NaN best, NaN mid)", () => {
    const b = book();
    const r = b.take("sell", 5, createBookWalkResult());
    expect(r.filledQty).toBe(3);
    expect(r.remainingQty).toBe(2);
    expect(r.notional).toBe(99 + 196);
    expect(b.bestBid()).toBeNaN();
    expect(b.mid()).toBeNaN();
    expect(b.depth("sell")).toBe(0);
    const again = b.take("sell", 1);
    expect(again.filledQty).toBe(0);
    expect(again.remainingQty).toBe(1);
  });

  it("copies its input: changing the caller's arrays later does not move the book", () => {
    const prices = [100, 101];
    const sizes = [1, 1];
    const b = new ConsumableOrderBook({ prices, sizes }, { prices: [99], sizes: [1] });
    sizes[0] = 50;
    expect(b.depth("buy")).toBe(2);
  });

  it("reset replaces the snapshot; a rejected reset leaves the book unchanged", () => {
    const b = book();
    b.take("buy", 1);
    expect(() => b.reset({ prices: [100], sizes: [1] }, { prices: [100.5], sizes: [1] })).toThrow(
      /crossed book/,
    );
    expect(b.bestAsk()).toBe(101);
    b.reset({ prices: [200], sizes: [1] }, { prices: [199], sizes: [1] });
    expect(b.mid()).toBe(199.5);
  });

  it("rejects crossed, unordered and mismatched sides with INVALID_ARGUMENT", () => {
    expect(() => ConsumableOrderBook.fromLevels([[100, 1]], [[100, 1]])).toThrow(/crossed/);
    expect(() =>
      ConsumableOrderBook.fromLevels(
        [
          [101, 1],
          [100, 1],
        ],
        [],
      ),
    ).toThrow(/ascending/);
    expect(() => new ConsumableOrderBook({ prices: [1, 2], sizes: [1] }, { prices: [], sizes: [] })).toThrow(
      ExecsimError,
    );
  });
});

describe("ConsumableOrderBook invariants (fast-check, seed 42)", () => {
  it("a sequence of takes fills, in total, what one walk of the summed quantity fills", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 25 }),
        fc.array(fc.double({ min: 0.001, max: 8, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (sizesArr, orders) => {
          const prices = Float64Array.from(sizesArr.map((_, i) => 100 + i * 0.5));
          const sizes = Float64Array.from(sizesArr);
          const b = new ConsumableOrderBook({ prices, sizes }, { prices: [99], sizes: [1] });
          const total = sizes.reduce((a, x) => a + x, 0);
          let filled = 0;
          let notional = 0;
          const out = createBookWalkResult();
          for (const q of orders) {
            b.take("buy", q, out);
            filled += out.filledQty;
            notional += out.notional;
            // conservation: what is left in the book plus what filled is what was there
            expect(Math.abs(b.depth("buy") + filled - total)).toBeLessThan(1e-9 * total);
          }
          const sum = orders.reduce((a, x) => a + x, 0);
          const once = walkBook(prices, sizes, prices.length, sum, createBookWalkResult());
          expect(Math.abs(filled - once.filledQty)).toBeLessThan(1e-9 * Math.max(1, sum));
          expect(Math.abs(notional - once.notional)).toBeLessThan(1e-9 * Math.max(1, once.notional));
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
