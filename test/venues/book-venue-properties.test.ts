/**
 * Invariants of the venues, as fast-check properties over seeded inputs: quantity conservation, the
 * impact identity, fill prices between the touch and the worst price, positive depth in the latent and
 * in the consumed book, buy/sell
 * symmetry, purity of quote, determinism, and "a faster schedule never costs less" on the book venue.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExecutionResult, ExecutionVenue } from "../../src/core/execution-types.js";
import type { Side } from "../../src/core/market-types.js";
import { createRng } from "../../src/core/rng.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { SyntheticBookVenue } from "../../src/venues/book-venue.js";
import { createVenue, VENUE_KINDS } from "../../src/venues/venue-factory.js";
import { flatSeries } from "../helpers/series-fixtures.js";

const MIN = 60_000;
const market = generateSyntheticCandles({
  symbol: "SYN",
  category: "linear",
  interval: "1",
  startMs: 0,
  bars: 600,
  seed: 11,
});

const opArb = fc.record({
  side: fc.constantFrom<Side>("buy", "sell"),
  /** quantity as a fraction of the mean bar volume (≈ 50 000/1440 ≈ 35 base units) */
  frac: fc.double({ min: 0, max: 3, noNaN: true }),
  dtMs: fc.integer({ min: 0, max: 20 * MIN }),
  limitBps: fc.option(fc.double({ min: -5, max: 50, noNaN: true }), { nil: undefined }),
});
const paramsArb = fc.record({
  kernel: fc.constantFrom("exponential", "power-law"),
  permanentFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  depthScale: fc.double({ min: 0.05, max: 5, noNaN: true }),
  levels: fc.integer({ min: 5, max: 400 }),
  depthExponent: fc.constantFrom(1, 1.5, 2, 2.5),
});

const close = (a: number, b: number, rel = 1e-9) =>
  Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

function checkResult(r: ExecutionResult, side: Side): void {
  const s = side === "buy" ? 1 : -1;
  expect(r.filledQtyBase).toBeGreaterThanOrEqual(0);
  expect(r.filledQtyBase).toBeLessThanOrEqual(r.requestedQtyBase * (1 + 1e-12));
  expect(close(r.midBefore - r.marketMid, r.permanentImpactBefore + r.transientImpactBefore)).toBe(true);
  expect(r.halfSpread).toBeGreaterThan(0);
  if (r.filledQtyBase > 0) {
    expect(close(r.notionalQuote, r.avgPrice * r.filledQtyBase)).toBe(true);
    // the first unit fills at the trader's touch, the last at the worst price = new mid ± h
    expect(s * (r.avgPrice - (r.midBefore + s * r.halfSpread))).toBeGreaterThanOrEqual(-1e-9 * r.marketMid);
    expect(s * (r.worstPrice - r.avgPrice)).toBeGreaterThanOrEqual(-1e-9 * r.marketMid);
    expect(close(r.worstPrice, r.midAfter + s * r.halfSpread)).toBe(true);
    expect(s * (r.midAfter - r.midBefore)).toBeGreaterThanOrEqual(0);
    expect(r.levelsConsumed).toBeGreaterThanOrEqual(1);
  } else {
    expect(r.notionalQuote).toBe(0);
    expect(r.levelsConsumed).toBe(0);
    expect(r.midAfter).toBe(r.midBefore);
  }
}

describe("book venue properties", () => {
  it("conservation, identity, price bounds and limit prices hold for any sequence of orders", () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.array(opArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 40, max: 400 }),
        (p, ops, startBar) => {
          const v = new SyntheticBookVenue(p);
          v.reset(market, createRng(`p/${startBar}`));
          let t = market.openTimeMs[startBar]!;
          v.advanceTo(t);
          for (const op of ops) {
            t += op.dtMs;
            v.advanceTo(t);
            const before = v.ownImpact();
            const mid = v.mid();
            const qty = op.frac * 35;
            const limit =
              op.limitBps === undefined
                ? undefined
                : v.marketMid() * (1 + ((op.side === "buy" ? 1 : -1) * op.limitBps) / 1e4);
            const r = v.execute(op.side, qty, limit);
            checkResult(r, op.side);
            expect(close(r.midBefore, mid)).toBe(true);
            expect(close(r.permanentImpactBefore, before.permanent)).toBe(true);
            expect(close(r.transientImpactBefore, before.transient)).toBe(true);
            expect(close(v.mid(), r.midAfter)).toBe(true);
            if (limit !== undefined && r.filledQtyBase > 0) {
              const s = op.side === "buy" ? 1 : -1;
              expect(s * (r.worstPrice - limit)).toBeLessThanOrEqual(1e-9 * limit);
            }
            // without a limit every order fills (the latent book continues past its K levels)
            if (limit === undefined) expect(r.filledQtyBase).toBe(qty);
            // the book the trader now faces: positive depth, asks ascending, bids descending (ties only when
            // a sub-ulp hole rounds away), not crossed
            const snap = v.bookSnapshot(8);
            for (const l of [...snap.asks, ...snap.bids]) expect(l.size).toBeGreaterThan(0);
            for (let j = 1; j < snap.asks.length; j++)
              expect(snap.asks[j]!.price).toBeGreaterThanOrEqual(snap.asks[j - 1]!.price);
            for (let j = 1; j < snap.bids.length; j++)
              expect(snap.bids[j]!.price).toBeLessThanOrEqual(snap.bids[j - 1]!.price);
            expect(snap.asks[0]!.price).toBeGreaterThan(snap.bids[0]!.price);
          }
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });

  it("slices at one instant add up to the block: same total quantity, notional and final mid", () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.constantFrom<Side>("buy", "sell"),
        fc.array(fc.double({ min: 0.001, max: 60, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 40, max: 500 }),
        (p, side, slices, bar) => {
          const mk = () => {
            const v = new SyntheticBookVenue(p);
            v.reset(market, createRng("split"));
            v.advanceTo(market.openTimeMs[bar]! + 12_345);
            return v;
          };
          const split = mk();
          let qty = 0;
          let notional = 0;
          let last: ExecutionResult | undefined;
          for (const q of slices) {
            last = split.execute(side, q);
            qty += last.filledQtyBase;
            notional += last.notionalQuote;
          }
          const blockVenue = mk();
          const block = blockVenue.execute(
            side,
            slices.reduce((a, b) => a + b, 0),
          );
          expect(close(qty, block.filledQtyBase, 1e-12)).toBe(true);
          expect(close(notional, block.notionalQuote, 1e-9)).toBe(true);
          expect(close(last!.midAfter, block.midAfter, 1e-12)).toBe(true);
          const a = split.ownImpact();
          const b = blockVenue.ownImpact();
          expect(close(a.permanent, b.permanent, 1e-9)).toBe(true);
          expect(close(a.transient, b.transient, 1e-9)).toBe(true);
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });

  it("the latent book has non-negative depth and increasing cumulative depth on both sides", () => {
    fc.assert(
      fc.property(paramsArb, fc.integer({ min: 0, max: 599 }), fc.string(), (p, bar, seed) => {
        const v = new SyntheticBookVenue(p);
        v.reset(market, createRng(seed));
        for (const cum of [v.book.askCum, v.book.bidCum]) {
          for (let k = 0; k < v.book.K; k++) expect(cum[k + 1]!).toBeGreaterThan(cum[k]!);
        }
        const snap = v.book.snapshot(bar, market.open[bar]!, 0, 50);
        for (const l of [...snap.bids, ...snap.asks]) expect(l.size).toBeGreaterThan(0);
        expect(v.book.depthUnit(bar)).toBeGreaterThan(0);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it("filled quantity and average price grow with the order size (quote is monotone)", () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (p, a, b) => {
          const v = new SyntheticBookVenue(p);
          v.reset(market, createRng(1));
          v.advanceTo(market.openTimeMs[200]! + 17_000);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          for (const side of ["buy", "sell"] as const) {
            const s = side === "buy" ? 1 : -1;
            const r1 = v.quote(side, lo);
            const r2 = v.quote(side, hi);
            expect(r2.filledQtyBase).toBeGreaterThanOrEqual(r1.filledQtyBase);
            if (r1.filledQtyBase > 0)
              expect(s * (r2.avgPrice - r1.avgPrice)).toBeGreaterThanOrEqual(-1e-9 * r1.avgPrice);
          }
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it("a buy pushes the mid up exactly as far as the same sell pushes it down (symmetric book)", () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.integer({ min: 30, max: 590 }),
        (p, q, bar) => {
          const mk = () => {
            const v = new SyntheticBookVenue({ ...p, levelNoise: 0 });
            v.reset(market, createRng(5));
            v.advanceTo(market.openTimeMs[bar]! + 1234);
            return v;
          };
          const b = mk().execute("buy", q);
          const s = mk().execute("sell", q);
          expect(b.filledQtyBase).toBeCloseTo(s.filledQtyBase, 9);
          expect(b.midAfter - b.midBefore).toBeGreaterThan(0);
          expect(close(b.midAfter - b.midBefore, s.midBefore - s.midAfter, 1e-9)).toBe(true);
          expect(close(b.avgPrice - b.marketMid, s.marketMid - s.avgPrice, 1e-9)).toBe(true);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it("a faster schedule (same quantity, fewer larger slices) never costs less on a constant-depth market", () => {
    const flat = flatSeries(3000);
    fc.assert(
      fc.property(
        fc.constantFrom("exponential", "power-law"),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 3000, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 60 }).map((m) => m * 20_000),
        (kernel, phi, qty, a, b, halfLifeMin, spacingMs) => {
          const cost = (slices: number) => {
            const v = new SyntheticBookVenue({
              kernel,
              permanentFraction: phi,
              resilienceHalfLifeMs: halfLifeMin * MIN,
              barNoise: 0,
            });
            v.reset(flat, createRng(9));
            let c = 0;
            for (let k = 0; k < slices; k++) {
              v.advanceTo(40 * MIN + k * spacingMs);
              const r = v.execute("buy", qty / slices);
              c += r.notionalQuote - r.filledQtyBase * r.marketMid;
            }
            return c;
          };
          const [fewer, more] = a <= b ? [a, b] : [b, a];
          expect(cost(fewer)).toBeGreaterThanOrEqual(cost(more) * (1 - 1e-9));
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });
});

describe("every venue kind", () => {
  it("quote is pure, runs are deterministic, and the identity holds on random orders", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VENUE_KINDS),
        fc.array(opArb, { minLength: 1, maxLength: 15 }),
        (kind, ops) => {
          const run = () => {
            const v: ExecutionVenue = createVenue(kind);
            v.reset(market, createRng("det"));
            let t = market.openTimeMs[100]!;
            const out: ExecutionResult[] = [];
            for (const op of ops) {
              t += op.dtMs;
              v.advanceTo(t);
              const q = v.quote(op.side, op.frac * 35);
              expect(v.quote(op.side, op.frac * 35)).toEqual(q);
              const r = v.execute(op.side, op.frac * 35);
              expect(r).toEqual(q);
              expect(
                close(r.midBefore - r.marketMid, r.permanentImpactBefore + r.transientImpactBefore),
              ).toBe(true);
              expect(r.filledQtyBase).toBeLessThanOrEqual(r.requestedQtyBase);
              out.push(r);
            }
            return out;
          };
          expect(run()).toEqual(run());
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });
});
