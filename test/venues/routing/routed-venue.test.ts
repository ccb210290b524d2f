/**
 * RoutedVenue on a flat market (mid 100, no impact venue with a fixed 1 bp half-spread): pools priced
 * at the mid at the first advanceTo, the trader's pool trade undone by the arbitrageur at the next bar
 * close (into the fee band, reserves showing it), nothing undone with arbitrage off, per-leg results
 * whose price parts add up, and a limit price honoured on every leg.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/core/rng.js";
import type { ConstantProductLiquidity } from "../../../src/venues/amm/pool-liquidity.js";
import { parsePoolsConfig } from "../../../src/venues/amm/pools-file.js";
import { NoImpactVenue } from "../../../src/venues/parametric-venues.js";
import { RoutedVenue } from "../../../src/venues/routing/routed-venue.js";
import { flatSeries } from "../../helpers/series-fixtures.js";

const MIN = 60_000;
function venue(arbitrage: boolean, fee = 0.003): RoutedVenue {
  const pools = parsePoolsConfig({
    pools: [{ name: "cp", model: "constant-product", reserveBase: 100, fee }],
    arbitrage,
  });
  const v = new RoutedVenue(new NoImpactVenue({ spread: "fixed", halfSpreadBps: 1 }), {
    mode: "optimal",
    pools,
    takerFeeRate: 0.00055,
  });
  v.reset(flatSeries(30), createRng(1));
  v.advanceTo(5 * MIN + 1000);
  return v;
}
const pool = (v: RoutedVenue) => v.poolStates()![0] as ConstantProductLiquidity;

describe("RoutedVenue", () => {
  it("prices a depth-only pool at the book's mid and arbitrages the trader's trade away at the bar close", () => {
    const v = venue(true);
    expect(pool(v).base).toBe(100);
    expect(pool(v).quote).toBe(10000);
    const r = v.executeRouted("buy", 5, undefined, "cp");
    expect(r.filledQtyBase).toBe(5);
    // (100, 10000) buy 5: pays 10000·5/(0.997·95) = 527.9205... quote, pool price → 10527.92/95
    expect(pool(v).quote).toBeCloseTo(10000 + (10000 * 5) / (0.997 * 95), 9);
    expect(pool(v).mid()).toBeGreaterThan(100 / 0.997);
    v.advanceTo(6 * MIN + 500); // past the close of bar 5 (6 min)
    const m = 100;
    // the arbitrageur sold into the pool until the next unit no longer pays: γ·p ≤ m ≤ p/γ, the fee band
    expect(pool(v).mid()).toBeLessThanOrEqual(m / 0.997);
    expect(pool(v).mid()).toBeGreaterThanOrEqual(m * 0.997);
    expect(pool(v).marginal("sell", 0)).toBeCloseTo(m * 0.997 * (pool(v).mid() / 100), 9);
    expect(pool(v).marginal("sell", 1e-9)).toBeLessThanOrEqual(m * (1 + 1e-12));
    // its sale is in the reserves: more base than the trader left (95), less quote
    expect(pool(v).base).toBeGreaterThan(95);
    expect(pool(v).mid()).toBeLessThan(10527.92 / 95);
  });

  it("without arbitrage the pool keeps the trader's footprint", () => {
    const v = venue(false);
    v.executeRouted("buy", 5, undefined, "cp");
    const after = pool(v).mid();
    v.advanceTo(20 * MIN);
    expect(pool(v).mid()).toBe(after);
  });

  it("an optimal split fills on both venues with legs whose price parts add up; a limit binds on every leg", () => {
    // a 1 bp pool: its marginal price 100/0.9999 ≈ 100.01 is below the book's 100.01·1.00055
    const v = venue(false, 0.0001);
    const r = v.execute("buy", 3);
    const legs = v.lastLegs();
    expect(legs.map((l) => l.venue).sort()).toEqual(["cp", "none"]);
    expect(legs.reduce((a, l) => a + l.result.filledQtyBase, 0)).toBeCloseTo(3, 12);
    expect(r.notionalQuote).toBeCloseTo(
      legs.reduce((a, l) => a + l.result.notionalQuote, 0),
      9,
    );
    for (const l of legs) {
      const x = l.result;
      expect(x.midBefore - x.marketMid).toBeCloseTo(x.permanentImpactBefore + x.transientImpactBefore, 12);
    }
    const poolLeg = legs.find((l) => l.venue === "cp")!;
    // the fee on a buy: pays x·q/(γ(b − q)) instead of x·q/(b − q), so fee / fee-free notional = ρ/γ
    expect(poolLeg.feeQuote! / poolLeg.result.notionalQuote).toBeCloseTo(0.0001 / 0.9999, 9);
    // equal marginal prices: the pool's after its part equals the book's (with taker fee)
    expect(poolLeg.result.worstPrice).toBeCloseTo(100.01 * 1.00055, 6);
    // the no-impact book sells at 100.01 (+ taker fee 0.055%): the pool takes orders until its marginal
    // price with fee reaches 100.01·1.00055, so no more than that is ever paid at the margin
    const w = venue(false, 0.0001);
    const limited = w.execute("buy", 50, 100.02);
    expect(limited.worstPrice).toBeLessThanOrEqual(100.02);
    for (const l of w.lastLegs()) expect(l.result.worstPrice).toBeLessThanOrEqual(100.02 + 1e-9);
  });
});
