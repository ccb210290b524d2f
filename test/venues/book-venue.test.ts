/**
 * Hand-computed cases on a noise-free book. Series: flat bars at 100 with volume 100, so the trailing
 * volatility is the 1 bp floor and, with 1 bp spacing, the depth unit is u = κ·V̄·(Δ/σ̄)² = 0.5·100·1 = 50
 * base units. Level k holds u·(2k+1): 50, 150, 250, ... (cumulative 50·x² within x levels). Prices:
 * spacing Δ·m = 0.01, half-spread fixed 1 bp = 0.01, so asks at 100.01, 100.02, ... and bids at 99.99, ...
 */
import { describe, expect, it } from "vitest";
import { isExecsimError } from "../../src/core/errors";
import { allocSeries, type CandleSeries } from "../../src/core/market-types";
import { createRng } from "../../src/core/rng";
import { SyntheticBookVenue, type SyntheticBookVenueParams } from "../../src/venues/book-venue";

const MIN = 60_000;
function flatSeries(n: number, price = 100, volume = 100): CandleSeries {
  const s = allocSeries({ symbol: "FLAT", category: "linear", interval: "1" }, MIN, n);
  for (let i = 0; i < n; i++) {
    s.openTimeMs[i] = i * MIN;
    s.open[i] = price;
    s.high[i] = price;
    s.low[i] = price;
    s.close[i] = price;
    s.volume[i] = volume;
    s.turnover[i] = price * volume;
  }
  return s;
}

const exact: Partial<SyntheticBookVenueParams> = {
  levelNoise: 0,
  barNoise: 0,
  spread: "fixed",
  halfSpreadBps: 1,
  levelSpacingBps: 1,
  minVolatilityBps: 1,
  depthScale: 0.5,
  permanentFraction: 0.2,
  resilienceHalfLifeMs: 10 * MIN,
};

function venueAt(params: Partial<SyntheticBookVenueParams> = exact, t = 35 * MIN): SyntheticBookVenue {
  const v = new SyntheticBookVenue(params);
  v.reset(flatSeries(60), createRng(1));
  v.advanceTo(t);
  return v;
}

describe("SyntheticBookVenue (hand-computed, noise-free book)", () => {
  it("builds the documented book: u = 50, level k holds 50·(2k+1), spread 2 bps", () => {
    const v = venueAt();
    expect(v.book.depthUnit(35)).toBeCloseTo(50, 10);
    expect(v.halfSpread()).toBeCloseTo(0.01, 12);
    const snap = v.book.snapshot(35, 100, 0, 3);
    expect(snap.asks.map((l) => l.size)).toEqual([50, 150, 250].map((x) => expect.closeTo(x, 9)));
    expect(snap.asks.map((l) => l.price)).toEqual([100.01, 100.02, 100.03].map((x) => expect.closeTo(x, 12)));
    expect(snap.bids.map((l) => l.price)).toEqual([99.99, 99.98, 99.97].map((x) => expect.closeTo(x, 12)));
  });

  it("a buy of 200 walks two levels: 50 @ 100.01 + 150 @ 100.02", () => {
    const v = venueAt();
    const r = v.execute("buy", 200);
    expect(r.filledQtyBase).toBe(200);
    expect(r.notionalQuote).toBeCloseTo(50 * 100.01 + 150 * 100.02, 8);
    expect(r.avgPrice).toBeCloseTo(100.0175, 10);
    expect(r.worstPrice).toBeCloseTo(100.02, 12);
    expect(r.levelsConsumed).toBe(2);
    expect(r.marketMid).toBe(100);
    expect(r.midBefore).toBe(100);
    expect(r.halfSpread).toBeCloseTo(0.01, 12);
    // hole 200 = 4 level units → reaches √4 = 2 levels = 0.02; 20 % of it is permanent
    expect(r.midAfter).toBeCloseTo(100.02, 12);
    const o = v.ownImpact();
    expect(o.permanent).toBeCloseTo(0.004, 12);
    expect(o.transient).toBeCloseTo(0.016, 12);
    expect(v.mid()).toBeCloseTo(100.02, 12);
  });

  it("a second buy pays for the first: the remaining hole is 1.6² · 50 = 128", () => {
    const v = venueAt();
    v.execute("buy", 200);
    const r = v.execute("buy", 100);
    // anchor 100.004; level 1 has (4 − 2.56)·50 = 72 left at 100.024, then 28 at 100.034
    expect(r.midBefore).toBeCloseTo(100.02, 12);
    expect(r.permanentImpactBefore).toBeCloseTo(0.004, 12);
    expect(r.transientImpactBefore).toBeCloseTo(0.016, 12);
    expect(r.avgPrice).toBeCloseTo((72 * 100.024 + 28 * 100.034) / 100, 10);
    expect(r.worstPrice).toBeCloseTo(100.034, 12);
    expect(r.levelsConsumed).toBe(2);
    // position 128 + 100 = 228 → √(228/50) levels
    expect(r.midAfter).toBeCloseTo(100.004 + Math.sqrt(228 / 50) * 0.01, 12);
  });

  it("a sell mirrors a buy exactly", () => {
    const r = venueAt().execute("sell", 200);
    expect(r.avgPrice).toBeCloseTo(99.9825, 10);
    expect(r.worstPrice).toBeCloseTo(99.98, 12);
    expect(r.midAfter).toBeCloseTo(99.98, 12);
    expect(r.levelsConsumed).toBe(2);
  });

  it("selling after buying first takes back the ask hole, at the displaced prices", () => {
    const v = venueAt();
    v.execute("buy", 200); // hole 128 on the ask side, anchor 100.004
    const r = v.execute("sell", 100);
    // 78 from ask level 1 at 100.004 − 0.01 + 0.01, then 22 at the anchor − h (level 0, merged with bid touch)
    expect(r.avgPrice).toBeCloseTo((78 * 100.004 + 22 * 99.994) / 100, 10);
    expect(r.levelsConsumed).toBe(2);
    expect(r.worstPrice).toBeCloseTo(99.994, 12);
  });

  it("the hole refills exponentially: after one half-life 64 of 128 remain", () => {
    const v = venueAt();
    v.execute("buy", 200);
    v.advanceTo(45 * MIN);
    const o = v.ownImpact();
    expect(o.permanent).toBeCloseTo(0.004, 12);
    expect(o.transient).toBeCloseTo(Math.sqrt(64 / 50) * 0.01, 12);
  });

  it("with a power-law kernel the hole decays as (ℓ0/(ℓ0+ℓ))^β: half after 3ℓ0 for β = 1/2", () => {
    const v = venueAt({
      ...exact,
      kernel: "power-law",
      powerLawL0Ms: MIN,
      powerLawBeta: 0.5,
      permanentFraction: 0,
    });
    v.execute("buy", 200);
    expect(v.ownImpact().transient).toBeCloseTo(0.02, 12);
    v.advanceTo(38 * MIN);
    expect(v.ownImpact().transient).toBeCloseTo(Math.sqrt(100 / 50) * 0.01, 12);
    const r = v.execute("buy", 100); // hole 100 + 100 → 2 levels → 0.02
    expect(r.midAfter).toBeCloseTo(100.02, 12);
    v.advanceTo(41 * MIN); // first impulse (200) at lag 6ℓ0, second (+100) at lag 3ℓ0
    const h = 200 / Math.sqrt(7) + 100 / 2;
    expect(v.ownImpact().transient).toBeCloseTo(Math.sqrt(h / 50) * 0.01, 12);
  });

  it("fills partially when the book runs out, and the limit price cuts the walk", () => {
    const small = venueAt({ ...exact, levels: 3 });
    const r = small.execute("buy", 500);
    expect(r.filledQtyBase).toBeCloseTo(450, 9); // 50 + 150 + 250
    expect(r.requestedQtyBase).toBe(500);
    expect(r.levelsConsumed).toBe(3);
    const lim = venueAt().execute("buy", 200, 100.015);
    expect(lim.filledQtyBase).toBeCloseTo(50, 9);
    expect(lim.avgPrice).toBeCloseTo(100.01, 12);
    const none = venueAt().execute("sell", 10, 99.995);
    expect(none.filledQtyBase).toBe(0);
    expect(Number.isNaN(none.avgPrice)).toBe(true);
    expect(none.midAfter).toBe(none.midBefore);
  });

  it("quote is a pure look: it returns what execute would do and changes nothing", () => {
    const v = venueAt();
    v.execute("buy", 120);
    v.advanceTo(36 * MIN);
    const q1 = v.quote("buy", 300);
    const q2 = v.quote("buy", 300);
    expect(q2).toEqual(q1);
    const e = v.execute("buy", 300);
    expect(e).toEqual(q1);
  });

  it("rejects time going back, bad quantities and use before reset, with codes", () => {
    const v = venueAt();
    expect(() => v.advanceTo(MIN)).toThrow(/must not go back/);
    expect(() => v.execute("buy", -1)).toThrow(/finite number >= 0/);
    expect(() => v.execute("buy", Number.NaN)).toThrow(/finite number >= 0/);
    expect(() => new SyntheticBookVenue().mid()).toThrow(/before reset/);
    try {
      new SyntheticBookVenue({ depthScale: -1 });
      expect.unreachable();
    } catch (e) {
      expect(isExecsimError(e) && e.code).toBe("INVALID_ARGUMENT");
    }
  });

  it("describe() returns the resolved parameters", () => {
    const d = venueAt().describe();
    expect(d.venue).toBe("book");
    expect(d.permanentFraction).toBe(0.2);
    expect((d.book as Record<string, unknown>).depthScale).toBe(0.5);
    expect((d.book as Record<string, unknown>).spacingRelUsed).toBeCloseTo(1e-4, 15);
  });
});
