/**
 * The default book venue inside the engine: TWAP parents through `simulate` with
 * `createVenue("book")`. Faster TWAPs (same quantity, shorter horizon, so fewer larger one-minute
 * slices) pay more impact against the historical mid at each fill, and every fill record satisfies the
 * venue's identity midBefore − marketMid = permanent + transient.
 */
import { describe, expect, it } from "vitest";
import { MINUTE_MS, type ParentOrder, simulate } from "../../src/index.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { createVenue } from "../../src/venues/venue-factory.js";
import { twap } from "../../strategies/twap.js";

const series = generateSyntheticCandles({
  symbol: "SYN-BTCUSDT",
  category: "linear",
  interval: "1",
  startMs: Date.UTC(2024, 0, 1),
  bars: 1440,
  seed: 42,
});

function impactCostBps(horizonMin: number, startBar: number, qty: number): number {
  const start = series.openTimeMs[startBar]!;
  const parent: ParentOrder = {
    id: `p-${horizonMin}-${startBar}`,
    symbol: series.symbol,
    side: "buy",
    qtyBase: qty,
    startMs: start,
    endMs: start + horizonMin * MINUTE_MS,
  };
  const [e] = simulate({
    series,
    parents: [parent],
    strategies: [{ name: "twap", create: () => twap() }],
    createVenue: () => createVenue("book"),
    latencyMs: 0,
    seed: 7,
  });
  expect(e!.status).toBe("completed");
  let cost = 0;
  let filled = 0;
  for (const f of e!.fills) {
    expect(f.venue).toBe("book");
    expect(f.midBefore - f.marketMid).toBeCloseTo(f.permanentImpactBefore + f.transientImpactBefore, 6);
    cost += f.notionalQuote - f.qtyBase * f.marketMid;
    filled += f.qtyBase;
  }
  expect(filled).toBeCloseTo(qty, 6);
  return (cost / qty / series.open[startBar]!) * 1e4;
}

describe("book venue in the engine", () => {
  it("a faster TWAP of the same quantity pays more impact (averaged over 6 start times)", () => {
    const starts = [120, 300, 480, 660, 840, 1020];
    const mean = (h: number) => starts.reduce((a, b) => a + impactCostBps(h, b, 150), 0) / starts.length;
    const c5 = mean(5);
    const c15 = mean(15);
    const c60 = mean(60);
    expect(c5).toBeGreaterThan(c15);
    expect(c15).toBeGreaterThan(c60);
    // 150 BTC ≈ 4 % of an hour's volume on this dataset: costs of a few bps, not tens
    expect(c60).toBeGreaterThan(0.5);
    expect(c5).toBeLessThan(60);
  });
});
