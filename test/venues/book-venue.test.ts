/**
 * Hand-computed cases on a noise-free book. Series: flat bars at 100 with volume 100, so the trailing
 * volatility is the 1 bp floor and, with 1 bp spacing, the depth unit is u = κ·V̄·(Δ/σ̄)² = 0.5·100·1 = 50
 * base units. Level k holds u·(2k+1): 50, 150, 250, ... (cumulative 50·x² within x levels). Prices:
 * spacing Δ·m = 0.01, half-spread fixed 1 bp = 0.01, so asks at 100.01, 100.02, ... and bids at 99.99, ...
 */
import { describe, expect, it } from "vitest";
import { isExecsimError } from "../../src/core/errors.js";
import { createRng } from "../../src/core/rng.js";
import { SyntheticBookVenue, type SyntheticBookVenueParams } from "../../src/venues/book-venue.js";
import { flatSeries } from "../helpers/series-fixtures.js";

const MIN = 60_000;
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

// With no noise the book is the continuous latent book: cumulative depth within x spacings is 50·x²,
// so a hole of H base units reaches X = √(H/50) spacings and the marginal ask is m + h + 0.01·√(H/50).
// Walking from H0 to H1 costs ∫(m + h + 0.01·√(u/50)) du = (H1 − H0)(m + h) + 0.01·50·(2/3)·(x1³ − x0³).
const walkCost = (h0: number, h1: number, base = 100.01) =>
  (h1 - h0) * base + 0.01 * 50 * (2 / 3) * (Math.sqrt(h1 / 50) ** 3 - Math.sqrt(h0 / 50) ** 3);

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

  it("a buy of 200 walks two level bins and pays ∫ of the margin: 20 004.6667", () => {
    const v = venueAt();
    const r = v.execute("buy", 200);
    expect(r.filledQtyBase).toBe(200);
    // 200 · 100.01 + 0.01 · 50 · (2/3) · 2³ = 20002 + 2.666…
    expect(r.notionalQuote).toBeCloseTo(20004.666666667, 7);
    expect(r.avgPrice).toBeCloseTo(100.023333333, 8);
    expect(r.worstPrice).toBeCloseTo(100.03, 12); // new mid 100.02 + h
    expect(r.levelsConsumed).toBe(2);
    expect(r.marketMid).toBe(100);
    expect(r.midBefore).toBe(100);
    expect(r.halfSpread).toBeCloseTo(0.01, 12);
    expect(r.midAfter).toBeCloseTo(100.02, 12);
    // permanent part of the hole φ·200 = 40 reaches √0.8 spacings
    const o = v.ownImpact();
    expect(o.permanent).toBeCloseTo(0.01 * Math.sqrt(0.8), 12);
    expect(o.transient).toBeCloseTo(0.02 - 0.01 * Math.sqrt(0.8), 12);
    expect(v.mid()).toBeCloseTo(100.02, 12);
  });

  it("a second buy pays for the first; two slices at one instant cost exactly the block", () => {
    const v = venueAt();
    const a = v.execute("buy", 200);
    const b = v.execute("buy", 100);
    expect(b.midBefore).toBeCloseTo(100.02, 12);
    expect(b.permanentImpactBefore).toBeCloseTo(0.01 * Math.sqrt(0.8), 12);
    expect(b.transientImpactBefore).toBeCloseTo(0.02 - 0.01 * Math.sqrt(0.8), 12);
    expect(b.notionalQuote).toBeCloseTo(walkCost(200, 300), 7);
    expect(b.avgPrice).toBeCloseTo(100.032323, 6);
    expect(b.midAfter).toBeCloseTo(100 + 0.01 * Math.sqrt(6), 12);
    const block = venueAt().execute("buy", 300);
    expect(a.notionalQuote + b.notionalQuote).toBeCloseTo(block.notionalQuote, 7);
    expect(block.notionalQuote).toBeCloseTo(walkCost(0, 300), 7);
  });

  it("a sell mirrors a buy exactly", () => {
    const r = venueAt().execute("sell", 200);
    expect(r.avgPrice).toBeCloseTo(99.976666667, 8);
    expect(r.worstPrice).toBeCloseTo(99.97, 12);
    expect(r.midAfter).toBeCloseTo(99.98, 12);
    expect(r.levelsConsumed).toBe(2);
  });

  it("selling after buying first walks back down the ask hole, at the displaced prices", () => {
    const v = venueAt();
    v.execute("buy", 200); // hole 200 on the ask side
    const r = v.execute("sell", 100);
    // the sale takes the hole from 200 back to 100 at the margin 99.99 + 0.01·√(u/50)
    expect(r.notionalQuote).toBeCloseTo(walkCost(100, 200, 99.99), 7);
    expect(r.avgPrice).toBeCloseTo(100.0072386, 6);
    expect(r.levelsConsumed).toBe(1); // all inside bin 1 (2 to 4 levels²)
    expect(r.worstPrice).toBeCloseTo(99.99 + 0.01 * Math.SQRT2, 12);
    expect(r.midAfter).toBeCloseTo(100 + 0.01 * Math.SQRT2, 12);
    // permanent hole 40 − 20 = 20 reaches √0.4
    expect(v.ownImpact().permanent).toBeCloseTo(0.01 * Math.sqrt(0.4), 12);
  });

  it("the refilling part halves per half-life; the permanent part stays", () => {
    const v = venueAt();
    v.execute("buy", 200); // permanent hole 40, refilling 160
    v.advanceTo(45 * MIN);
    const o = v.ownImpact();
    expect(o.permanent).toBeCloseTo(0.01 * Math.sqrt(0.8), 12);
    expect(o.transient).toBeCloseTo(0.01 * (Math.sqrt(120 / 50) - Math.sqrt(0.8)), 12);
    v.advanceTo(1e9);
    expect(v.ownImpact().transient).toBeCloseTo(0, 12);
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

  it("continues past its last noisy level with the noise-free shape; a limit stops the walk where the margin reaches it", () => {
    const small = venueAt({ ...exact, levels: 3 });
    const r = small.execute("buy", 500);
    expect(r.filledQtyBase).toBe(500); // 450 in the 3 levels, 50 beyond
    expect(r.levelsConsumed).toBe(4);
    expect(r.notionalQuote).toBeCloseTo(walkCost(0, 500), 7);
    expect(r.worstPrice).toBeCloseTo(100.01 + 0.01 * Math.sqrt(10), 12);
    // margin 100.01 + 0.01·√(u/50) = 100.015 at u = 12.5
    const lim = venueAt().execute("buy", 200, 100.015);
    expect(lim.filledQtyBase).toBeCloseTo(12.5, 9);
    expect(lim.avgPrice).toBeCloseTo(100.01 + 0.01 * (2 / 3) * 0.5, 10);
    expect(lim.worstPrice).toBeCloseTo(100.015, 12);
    const none = venueAt().execute("sell", 10, 99.995);
    expect(none.filledQtyBase).toBe(0);
    expect(Number.isNaN(none.avgPrice)).toBe(true);
    expect(none.midAfter).toBe(none.midBefore);
  });

  it("bookSnapshot shows the book the trader faces: the hole is gone, and the other side followed the price", () => {
    const v = venueAt();
    const before = v.bookSnapshot(3);
    expect(before.asks).toEqual(
      [
        [100.01, 50],
        [100.02, 150],
        [100.03, 250],
      ].map(([price, size]) => ({ price: expect.closeTo(price!, 10), size: expect.closeTo(size!, 9) })),
    );
    v.execute("buy", 200); // takes bins 0 and 1 (50 + 150): the asks now start at bin 2
    const after = v.bookSnapshot(4);
    expect(after.asks.slice(0, 2)).toEqual(
      [
        [100.03, 250],
        [100.04, 350],
      ].map(([price, size]) => ({ price: expect.closeTo(price!, 10), size: expect.closeTo(size!, 9) })),
    );
    // a seller first takes the consumed bins back, then meets the untouched bids
    expect(after.bids).toEqual(
      [
        [100.01, 150],
        [100.0, 50],
        [99.99, 50],
        [99.98, 150],
      ].map(([price, size]) => ({ price: expect.closeTo(price!, 10), size: expect.closeTo(size!, 9) })),
    );
    expect(after.asks[0]!.price - v.halfSpread()).toBeCloseTo(v.mid(), 10);
    for (const l of [...after.asks, ...after.bids]) expect(l.size).toBeGreaterThan(0);
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
