import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Side } from "../../src/core/market-types.js";
import { childTca } from "../../src/tca/child-tca.js";
import { parentTca, sumOfParts } from "../../src/tca/parent-tca.js";
import { type FillSpec, makeExecution, threeBars } from "./fixtures.js";

const TAKER = 0.00055;

// A buy of 10 at arrival mid 100, 7 filled in two child orders, 3 left at the horizon end (mid 103).
//   fill 1: 4 @ 100.6, market mid 100.5, no own impact yet, half-spread 0.05
//   fill 2: 3 @ 101.7, market mid 101.0, own permanent +0.2 and transient +0.3 → mid before 101.5
// By hand: execution cost = (402.4 − 400) + (305.1 − 300) = 7.5
//   spread 4·0.05 + 3·0.05 = 0.35; temporary (402.4 − 402 − 0.2) + (305.1 − 304.5 − 0.15) = 0.65
//   permanent 3·0.2 = 0.6; transient 3·0.3 = 0.9; timing 4·0.5 + 3·1 = 5   (sum 7.5)
//   fees 0.00055·(402.4 + 305.1) = 0.389125; opportunity 3·(103 − 100) = 9
//   shortfall = 16.889125 quote = 168.89125 bps of the 1000 arrival notional.
const BUY_FILLS: FillSpec[] = [
  { q: 4, avg: 100.6, marketMid: 100.5, perm: 0, trans: 0, half: 0.05, feeRate: TAKER },
  { q: 3, avg: 101.7, marketMid: 101, perm: 0.2, trans: 0.3, half: 0.05, feeRate: TAKER },
];
// The mirror image: a sell, every price reflected around 100 (own impact pushes the mid down).
const SELL_FILLS: FillSpec[] = [
  { q: 4, avg: 99.4, marketMid: 99.5, perm: 0, trans: 0, half: 0.05, feeRate: TAKER },
  { q: 3, avg: 98.3, marketMid: 99, perm: -0.2, trans: -0.3, half: 0.05, feeRate: TAKER },
];

describe("parent TCA: hand-computed examples", () => {
  it("decomposes a partly filled buy into spread, impact, timing, fees and opportunity", () => {
    const t = parentTca(makeExecution("buy", 10, 100, 103, BUY_FILLS), threeBars());
    expect(t.filledQtyBase).toBe(7);
    expect(t.unfilledQtyBase).toBe(3);
    expect(t.avgFillPrice).toBeCloseTo(707.5 / 7, 12);
    expect(t.spreadQuote).toBeCloseTo(0.35, 12);
    expect(t.temporaryImpactQuote).toBeCloseTo(0.65, 12);
    expect(t.permanentImpactQuote).toBeCloseTo(0.6, 12);
    expect(t.transientImpactQuote).toBeCloseTo(0.9, 12);
    expect(t.timingQuote).toBeCloseTo(5, 12);
    expect(t.feesQuote).toBeCloseTo(0.389125, 12);
    expect(t.opportunityQuote).toBeCloseTo(9, 12);
    expect(t.shortfallQuote).toBeCloseTo(16.889125, 12);
    expect(t.shortfallBps).toBeCloseTo(168.89125, 9);
    expect(t.opportunityBps).toBeCloseTo(90, 9);
    expect(sumOfParts(t)).toBeCloseTo(t.shortfallQuote, 12);
  });

  it("gives a sell that mirrors the buy the same costs, all positive when they hurt", () => {
    const t = parentTca(makeExecution("sell", 10, 100, 97, SELL_FILLS), threeBars());
    expect(t.spreadQuote).toBeCloseTo(0.35, 12);
    expect(t.temporaryImpactQuote).toBeCloseTo(0.65, 12);
    expect(t.permanentImpactQuote).toBeCloseTo(0.6, 12);
    expect(t.transientImpactQuote).toBeCloseTo(0.9, 12);
    expect(t.timingQuote).toBeCloseTo(5, 12);
    expect(t.opportunityQuote).toBeCloseTo(9, 12);
    // fees differ from the buy's: a sell at lower prices pays fees on a smaller notional, 0.00055·692.5
    expect(t.feesQuote).toBeCloseTo(0.380875, 12);
    expect(t.shortfallQuote).toBeCloseTo(16.880875, 12);
  });

  it("compares the average fill with the interval VWAP (turnover, else typical price) and TWAP", () => {
    const buy = parentTca(makeExecution("buy", 10, 100, 103, BUY_FILLS), threeBars());
    expect(buy.intervalVwap).toBeCloseTo(101.125, 12);
    expect(buy.intervalTwap).toBeCloseTo(101, 12);
    expect(buy.marketVolumeBase).toBe(40);
    // (101.0714285714 − 101.125) / 101.125 · 1e4: the buy beat the VWAP, so the slippage is negative
    expect(buy.vwapSlippageBps).toBeCloseTo(-5.297545470598823, 9);
    expect(buy.twapSlippageBps).toBeCloseTo(7.0721357850068705, 9);
    expect(buy.participationRate).toBeCloseTo(7 / 40, 15);
    const sell = parentTca(makeExecution("sell", 10, 100, 97, SELL_FILLS), threeBars());
    // −(98.9285714286 − 101.125) / 101.125 · 1e4: sold below the VWAP, a cost
    expect(sell.vwapSlippageBps).toBeCloseTo(217.19936429454333, 9);
  });

  it("charges no opportunity cost when the parent is fully filled, and full opportunity cost when nothing fills", () => {
    const full = parentTca(makeExecution("buy", 7, 100, 150, BUY_FILLS), threeBars());
    expect(full.unfilledQtyBase).toBe(0);
    expect(full.opportunityQuote).toBe(0);
    expect(full.shortfallQuote).toBeCloseTo(7.5 + 0.389125, 12);
    const none = parentTca(makeExecution("sell", 5, 100, 98, []), threeBars());
    expect(none.filledQtyBase).toBe(0);
    expect(Number.isNaN(none.avgFillPrice)).toBe(true);
    expect(Number.isNaN(none.vwapSlippageBps)).toBe(true);
    // a seller who sold nothing while the price fell 2 lost 5 × 2 = 10 against the decision
    expect(none.opportunityQuote).toBeCloseTo(10, 12);
    expect(none.shortfallBps).toBeCloseTo(200, 9);
    // ... and one who waited while the price rose gained: the opportunity "cost" is negative
    const lucky = parentTca(makeExecution("sell", 5, 100, 101, []), threeBars());
    expect(lucky.opportunityQuote).toBeCloseTo(-5, 12);
  });

  it("child TCA parts add up to the parent's parts (opportunity aside)", () => {
    const e = makeExecution("buy", 10, 100, 103, BUY_FILLS);
    const p = parentTca(e, threeBars());
    const cs = childTca(e, threeBars());
    expect(cs).toHaveLength(2);
    expect(cs[0]!.shortfallQuote).toBeCloseTo(2.4 + 0.00055 * 402.4, 12);
    // child 2: 3 filled at 101.7 vs parent arrival 100 → (5.1 + fee) / 300 · 1e4
    expect(cs[1]!.shortfallBps).toBeCloseTo(((5.1 + 0.00055 * 305.1) / 300) * 1e4, 9);
    // vs its own arrival (market mid 101): (101.7 − 101) / 101 · 1e4
    expect(cs[1]!.arrivalSlippageBps).toBeCloseTo((0.7 / 101) * 1e4, 9);
    // the bar of child 2 has no turnover → VWAP = typical price 101
    expect(cs[1]!.barVwap).toBeCloseTo(101, 12);
    const sum = (k: "spreadQuote" | "temporaryImpactQuote" | "timingQuote" | "feesQuote") =>
      cs.reduce((a, c) => a + c[k], 0);
    expect(sum("spreadQuote")).toBeCloseTo(p.spreadQuote, 12);
    expect(sum("temporaryImpactQuote")).toBeCloseTo(p.temporaryImpactQuote, 12);
    expect(sum("timingQuote")).toBeCloseTo(p.timingQuote, 12);
    expect(sum("feesQuote")).toBeCloseTo(p.feesQuote, 12);
  });
});

// Random executions: buys and sells, 0..30 fills whose total stays within the parent quantity,
// arbitrary market path, own impact (either sign), spreads, prices through or inside the touch, fees.
const fillArb = fc.record({
  w: fc.double({ min: 0.01, max: 1, noNaN: true }),
  marketMove: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
  perm: fc.double({ min: -0.02, max: 0.02, noNaN: true }),
  trans: fc.double({ min: -0.02, max: 0.02, noNaN: true }),
  halfRel: fc.double({ min: 0, max: 0.005, noNaN: true }),
  walkRel: fc.double({ min: -0.001, max: 0.01, noNaN: true }),
  feeRate: fc.double({ min: 0, max: 0.001, noNaN: true }),
});
const execArb = fc.record({
  side: fc.constantFrom<Side>("buy", "sell"),
  arrival: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
  qty: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  fillFraction: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0.001, max: 1, noNaN: true })),
  endMove: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
  fills: fc.array(fillArb, { maxLength: 30 }),
});

type ExecInput = typeof execArb extends fc.Arbitrary<infer T> ? T : never;

function build(x: ExecInput) {
  const s = x.side === "buy" ? 1 : -1;
  const wsum = x.fills.reduce((a, f) => a + f.w, 0);
  const specs: FillSpec[] = x.fills.map((f) => {
    const m = x.arrival * (1 + f.marketMove);
    const perm = f.perm * x.arrival;
    const trans = f.trans * x.arrival;
    const before = m + perm + trans;
    const half = f.halfRel * before;
    return {
      q: (x.qty * x.fillFraction * f.w) / wsum,
      avg: before + s * (half + f.walkRel * before),
      marketMid: m,
      perm,
      trans,
      half,
      feeRate: f.feeRate,
    };
  });
  return makeExecution(x.side, x.qty, x.arrival, x.arrival * (1 + x.endMove), specs);
}

describe("parent TCA: the accounting identity (property)", () => {
  it("shortfall = spread + temporary + permanent + transient + timing + fees + opportunity, to 1e-9 relative", () => {
    fc.assert(
      fc.property(execArb, (x) => {
        const t = parentTca(build(x), threeBars());
        const parts = [
          t.spreadQuote,
          t.temporaryImpactQuote,
          t.permanentImpactQuote,
          t.transientImpactQuote,
          t.timingQuote,
          t.feesQuote,
          t.opportunityQuote,
        ];
        // 1e-9 relative to the size of the parts; the parts are differences of prices times quantities,
        // so float rounding is also bounded by ~1e-16 of the notional per term: a floor of 1e-12 × the
        // arrival notional (1e-8 bps) covers parts that cancel to nearly nothing.
        const scale =
          parts.reduce((a, p) => a + Math.abs(p), Math.abs(t.shortfallQuote)) + 1e-3 * t.arrivalNotionalQuote;
        expect(Math.abs(t.shortfallQuote - sumOfParts(t))).toBeLessThanOrEqual(1e-9 * scale);
        // the same identity in bps
        const bpsSum =
          t.spreadBps +
          t.temporaryImpactBps +
          t.permanentImpactBps +
          t.transientImpactBps +
          t.timingBps +
          t.feesBps +
          t.opportunityBps;
        const bpsScale = (scale / t.arrivalNotionalQuote) * 1e4;
        expect(Math.abs(t.shortfallBps - bpsSum)).toBeLessThanOrEqual(1e-9 * bpsScale);
        // fees and spread are never negative; filled + unfilled = parent quantity
        expect(t.feesQuote).toBeGreaterThanOrEqual(0);
        expect(t.spreadQuote).toBeGreaterThanOrEqual(0);
        expect(Math.abs(t.filledQtyBase + t.unfilledQtyBase - t.qtyBase)).toBeLessThanOrEqual(
          1e-9 * t.qtyBase,
        );
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it("a sell mirrored around the arrival mid costs what the buy costs (fees aside)", () => {
    fc.assert(
      fc.property(execArb, (x) => {
        const buy = build({ ...x, side: "buy" });
        const a = x.arrival;
        const reflect = (p: number) => 2 * a - p;
        const sell = {
          ...buy,
          parent: { ...buy.parent, side: "sell" as const },
          endMid: reflect(buy.endMid),
          fills: buy.fills.map((f) => ({
            ...f,
            side: "sell" as const,
            notionalQuote: f.qtyBase * reflect(f.avgPrice),
            avgPrice: reflect(f.avgPrice),
            feeQuote: 0,
            marketMid: reflect(f.marketMid),
            midBefore: reflect(f.midBefore),
            permanentImpactBefore: -f.permanentImpactBefore,
            transientImpactBefore: -f.transientImpactBefore,
          })),
        };
        const noFees = { ...buy, fills: buy.fills.map((f) => ({ ...f, feeQuote: 0 })) };
        const tb = parentTca(noFees, threeBars());
        const ts = parentTca(sell, threeBars());
        const tol = 1e-9 * (Math.abs(tb.arrivalNotionalQuote) + 1) * 10;
        expect(Math.abs(tb.shortfallQuote - ts.shortfallQuote)).toBeLessThanOrEqual(tol);
        expect(Math.abs(tb.timingQuote - ts.timingQuote)).toBeLessThanOrEqual(tol);
        expect(Math.abs(tb.temporaryImpactQuote - ts.temporaryImpactQuote)).toBeLessThanOrEqual(tol);
        expect(Math.abs(tb.permanentImpactQuote - ts.permanentImpactQuote)).toBeLessThanOrEqual(tol);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe("float dust threshold", () => {
  it("a rest of 0.005 % is unfilled (priced as opportunity cost), only ~1e-12 of the parent counts as dust", () => {
    // buy 10 at arrival 100, end mid 101; filled 10 − 5e-4 at 100: the rest 5e-4 costs 5e-4 · (101 − 100)
    const fills = [{ q: 10 - 5e-4, avg: 100, marketMid: 100, perm: 0, trans: 0, half: 0, feeRate: 0 }];
    const t = parentTca(makeExecution("buy", 10, 100, 101, fills), threeBars());
    expect(t.unfilledQtyBase).toBeCloseTo(5e-4, 12);
    expect(t.opportunityQuote).toBeCloseTo(5e-4, 12);
    expect(t.opportunityBps).toBeCloseTo(5e-3, 10);
    expect(t.fillState).toBe("partial");
    // a rest of 1e-13 of the parent is float dust: filled, no opportunity cost
    const dust = [{ q: 10 - 1e-12, avg: 100, marketMid: 100, perm: 0, trans: 0, half: 0, feeRate: 0 }];
    const d = parentTca(makeExecution("buy", 10, 100, 101, dust), threeBars());
    expect([d.unfilledQtyBase, d.opportunityQuote, d.fillState]).toEqual([0, 0, "filled"]);
  });
});
