/**
 * Issue 4, finding 2: VWAP slippage and participation cover the window the parent was actually trading
 * in — [start, close of the bar of the last fill) when fully filled, else the whole horizon — and the
 * whole-horizon figures are kept beside them.
 */
import { describe, expect, it } from "vitest";
import type { FillRecord, ParentExecution, ParentOrder } from "../../src/core/execution-types.js";
import { seriesFromCandles } from "../../src/core/market-types.js";
import { simulate } from "../../src/engine/simulator.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { aggregateByStrategy } from "../../src/tca/aggregate.js";
import { intervalBenchmarks } from "../../src/tca/benchmarks.js";
import { parentTca } from "../../src/tca/parent-tca.js";
import { createVenue } from "../../src/venues/venue-factory.js";
import { pov } from "../../strategies/pov.js";
import { MIN, T0 } from "./fixtures.js";

/** 60 one-minute bars of volume 100: price 100 for the first 30, 110 for the last 30 (turnover given). */
function stepSeries() {
  const bars = [];
  for (let i = 0; i < 60; i++) {
    const px = i < 30 ? 100 : 110;
    bars.push({
      openTimeMs: T0 + i * MIN,
      open: px,
      high: px,
      low: px,
      close: px,
      volume: 100,
      turnover: px * 100,
    });
  }
  return seriesFromCandles({ symbol: "TEST", category: "linear", interval: "1" }, MIN, bars);
}

/** A buy of `qty` over the hour from T0 filled by `fills` ([time, qty] at price 100, no costs). */
function exec(qty: number, fills: readonly [number, number][]): ParentExecution {
  const parent: ParentOrder = {
    id: "p1",
    symbol: "TEST",
    side: "buy",
    qtyBase: qty,
    startMs: T0,
    endMs: T0 + 60 * MIN,
  };
  const recs: FillRecord[] = fills.map(([t, q], i) => ({
    childId: `c${i}`,
    parentId: "p1",
    strategy: "pov",
    venue: "test",
    side: "buy",
    timeMs: t,
    qtyBase: q,
    avgPrice: 100,
    notionalQuote: 100 * q,
    feeQuote: 0,
    liquidity: "taker",
    marketMid: 100,
    midBefore: 100,
    midAfter: 100,
    halfSpread: 0,
    permanentImpactBefore: 0,
    transientImpactBefore: 0,
    levelsConsumed: 1,
  }));
  return {
    strategy: "pov",
    parent,
    children: [],
    fills: recs,
    arrivalMid: 100,
    endMid: 110,
    status: "completed",
  };
}

describe("parent TCA: active window (hand-computed)", () => {
  // 10% of each of the first 30 bars, filled 1 s into the bar: done in bar 29, which closes at T0 + 30 min.
  const povFills: [number, number][] = Array.from({ length: 30 }, (_, i) => [T0 + i * MIN + 1000, 10]);

  it("a POV at rate 0.1 that finishes at half the horizon shows participation 0.1, not 0.05", () => {
    const t = parentTca(exec(300, povFills), stepSeries());
    expect(t.activeEndMs).toBe(T0 + 30 * MIN);
    // 300 filled / (30 bars × 100) = 0.1 over the active window; / (60 × 100) = 0.05 over the horizon
    expect(t.participationRate).toBeCloseTo(0.1, 15);
    expect(t.marketVolumeBase).toBe(3000);
    expect(t.horizonParticipationRate).toBeCloseTo(0.05, 15);
    expect(t.horizonVolumeBase).toBe(6000);
    // bought at 100 while the market traded at 100: 0 bp against the active-window VWAP; against the
    // horizon VWAP (100·3000 + 110·3000)/6000 = 105 it looks like (100 − 105)/105·1e4 = −476.19 bp
    expect(t.intervalVwap).toBeCloseTo(100, 12);
    expect(t.vwapSlippageBps).toBeCloseTo(0, 12);
    expect(t.horizonVwap).toBeCloseTo(105, 12);
    expect(t.horizonVwapSlippageBps).toBeCloseTo((-5 / 105) * 1e4, 9);
    // TWAP stays a whole-horizon benchmark: mean typical price 105
    expect(t.intervalTwap).toBeCloseTo(105, 12);
  });

  it("uses the whole horizon when anything is left unfilled, so both figures coincide", () => {
    const t = parentTca(exec(400, povFills), stepSeries());
    expect(t.unfilledQtyBase).toBe(100);
    expect(t.activeEndMs).toBe(T0 + 60 * MIN);
    expect(t.participationRate).toBeCloseTo(0.05, 15);
    expect(t.participationRate).toBe(t.horizonParticipationRate);
    expect(t.vwapSlippageBps).toBe(t.horizonVwapSlippageBps);
  });

  it("ends the window at the close of the bar holding the last fill, even a fill on its last millisecond", () => {
    const t = parentTca(
      exec(20, [
        [T0, 10],
        [T0 + 5 * MIN - 1, 10],
      ]),
      stepSeries(),
    );
    expect(t.activeEndMs).toBe(T0 + 5 * MIN);
    expect(t.participationRate).toBeCloseTo(20 / 500, 15);
    const u = parentTca(
      exec(20, [
        [T0, 10],
        [T0 + 5 * MIN, 10],
      ]),
      stepSeries(),
    );
    expect(u.activeEndMs).toBe(T0 + 6 * MIN);
    expect(u.participationRate).toBeCloseTo(20 / 600, 15);
  });

  it("aggregates both windows per strategy", () => {
    const [s] = aggregateByStrategy([parentTca(exec(300, povFills), stepSeries())]);
    expect(s!.participationRate.mean).toBeCloseTo(0.1, 15);
    expect(s!.horizonParticipationRate.mean).toBeCloseTo(0.05, 15);
    expect(s!.horizonVwapSlippageBps.mean).toBeCloseTo((-5 / 105) * 1e4, 9);
  });
});

describe("parent TCA: active window on the real engine (POV rate 0.1)", () => {
  it("a POV sized to finish about half way through the hour shows participation ≈ 0.1", () => {
    const start = Date.UTC(2024, 0, 1);
    const series = generateSyntheticCandles({
      symbol: "SYN",
      category: "linear",
      interval: "1",
      startMs: start,
      bars: 2 * 1440,
      seed: 11,
    });
    const t0 = start + 1440 * MIN + 12 * 60 * MIN;
    // size: 10% of the market volume of the first 30 minutes of the hour
    const qty = 0.1 * intervalBenchmarks(series, t0, t0 + 30 * MIN).volumeBase;
    const parent: ParentOrder = {
      id: "p",
      symbol: "SYN",
      side: "buy",
      qtyBase: qty,
      startMs: t0,
      endMs: t0 + 60 * MIN,
    };
    const [e] = simulate({
      series,
      parents: [parent],
      strategies: [{ name: "pov", create: () => pov({ rate: 0.1 }) }],
      createVenue: () => createVenue("none", {}),
      latencyMs: 100,
      fees: { takerRate: 0.00055, makerRate: 0.0002 },
      seed: 1,
    });
    const t = parentTca(e!, series);
    expect(t.unfilledQtyBase).toBe(0);
    // POV trades one bar behind, so it finishes in the bar after minute 30
    expect(t.activeEndMs).toBeGreaterThan(t0 + 25 * MIN);
    expect(t.activeEndMs).toBeLessThanOrEqual(t0 + 35 * MIN);
    expect(t.participationRate).toBeGreaterThan(0.09);
    expect(t.participationRate).toBeLessThanOrEqual(0.1 + 1e-12);
    // the horizon figure dilutes it by the volume traded after POV had finished
    expect(t.horizonParticipationRate).toBeLessThan(0.07);
  });
});
