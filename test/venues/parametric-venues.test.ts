/**
 * Parametric venues on flat bars at 100 with volume 100 per 1-minute bar: trailing σ̄ is the 1 bp
 * floor, V̄ = 100, half-spread fixed at 1 bp = 0.01 (so every number below can be done by hand).
 */
import { describe, expect, it } from "vitest";
import type { ExecutionVenue } from "../../src/core/execution-types.js";
import { createRng } from "../../src/core/rng.js";
import { simulate } from "../../src/engine/simulator.js";
import {
  AlmgrenChrissFillVenue,
  NoImpactVenue,
  PropagatorFillVenue,
  SquareRootFillVenue,
} from "../../src/venues/parametric-venues.js";
import {
  createVenue,
  parseVenueKind,
  parseVenueParams,
  VENUE_KINDS,
  venueDefaults,
} from "../../src/venues/venue-factory.js";
import { twap } from "../../strategies/twap.js";
import { flatSeries } from "../helpers/series-fixtures.js";

const MIN = 60_000;
const spread = { spread: "fixed" as const, halfSpreadBps: 1, minVolatilityBps: 1 };
function ready<V extends ExecutionVenue>(v: V, t = 35 * MIN): V {
  v.reset(flatSeries(60), createRng(3));
  v.advanceTo(t);
  return v;
}

describe("NoImpactVenue", () => {
  it("fills everything at mid ± half-spread and never moves the mid", () => {
    const v = ready(new NoImpactVenue(spread));
    const b = v.execute("buy", 1e6);
    expect(b.avgPrice).toBeCloseTo(100.01, 12);
    expect(b.filledQtyBase).toBe(1e6);
    expect(b.notionalQuote).toBeCloseTo(100.01e6, 4);
    expect(b.midAfter).toBe(100);
    expect(v.execute("sell", 5).avgPrice).toBeCloseTo(99.99, 12);
    const atMid = ready(new NoImpactVenue({ spread: "fixed", halfSpreadBps: 0, tickSize: 1e-9 }));
    expect(atMid.execute("buy", 3).avgPrice).toBeCloseTo(100, 9);
  });

  it("a limit the price would violate fills nothing", () => {
    const r = ready(new NoImpactVenue(spread)).execute("buy", 1, 100.005);
    expect(r.filledQtyBase).toBe(0);
    expect(r.levelsConsumed).toBe(0);
  });
});

describe("SquareRootFillVenue", () => {
  it("a buy of one bar volume: I = η σ̄ √(Q/V̄) = 0.5 bp, average fill 2/3 of it over the spread", () => {
    const v = ready(new SquareRootFillVenue({ ...spread, eta: 0.5, permanentFraction: 0.2 }));
    const r = v.execute("buy", 100);
    // I(100) = 0.5 · 1e-4 · 1 = 5e-5 → 0.005 at m = 100; average displacement I/(δ+1) → 0.00333…
    expect(r.avgPrice).toBeCloseTo(100 + 0.01 + 0.005 / 1.5, 12);
    expect(r.worstPrice).toBeCloseTo(100.015, 12);
    expect(r.midAfter).toBeCloseTo(100.005, 12);
    // permanent: the φ·100 = 20 that never decays, valued on the curve: 100 · I(20)
    const o = v.ownImpact();
    expect(o.permanent).toBeCloseTo(0.005 * Math.sqrt(0.2), 12);
    expect(o.transient).toBeCloseTo(0.005 * (1 - Math.sqrt(0.2)), 12);
    // a second buy continues up the same curve from Q = 100 to 136
    const r2 = v.execute("buy", 36);
    expect(r2.midBefore).toBeCloseTo(100.005, 12);
    expect(r2.midAfter).toBeCloseTo(100 + 0.005 * Math.sqrt(1.36), 12);
    const G = (q: number) => (q * 0.5e-4 * Math.sqrt(q / 100)) / 1.5;
    expect(r2.avgPrice).toBeCloseTo(100.01 + (100 * (G(136) - G(100))) / 36, 12);
    // and two slices at one instant cost exactly the block
    const block = ready(new SquareRootFillVenue({ ...spread, eta: 0.5, permanentFraction: 0.2 })).execute(
      "buy",
      136,
    );
    expect(r.notionalQuote + r2.notionalQuote).toBeCloseTo(block.notionalQuote, 8);
  });

  it("the decaying part halves per half-life", () => {
    const v = ready(new SquareRootFillVenue({ ...spread, eta: 0.5, permanentFraction: 0 }), 0);
    v.execute("sell", 100);
    expect(v.ownImpact().transient).toBeCloseTo(-0.005, 12);
    v.advanceTo(30 * MIN);
    expect(v.ownImpact().transient).toBeCloseTo(-0.005 / Math.SQRT2, 12);
  });
});

describe("AlmgrenChrissFillVenue", () => {
  it("uses the AC rules of thumb from the series: η = spread/(1% V_day), γ = spread/(10% V_day)", () => {
    const v = ready(new AlmgrenChrissFillVenue(spread));
    const r = v.execute("buy", 1);
    // V_day = 100 · 1440 = 144000; spread 0.02 → η = 0.02/1440, rate v = 1 per minute = 1440 per day
    expect(r.avgPrice).toBeCloseTo(100 + 0.01 + (0.02 / 1440) * 1440, 12);
    expect(v.ownImpact().permanent).toBeCloseTo(0.02 / 14400, 15);
    expect(r.midAfter).toBeCloseTo(100 + 0.02 / 14400, 12);
    const d = v.describe();
    expect(d.etaUsed).toBeCloseTo(0.02 / 1440, 15);
    expect(d.gammaUsed).toBeCloseTo(0.02 / 14400, 15);
  });

  it("explicit coefficients: avg = mid + P + ε + η·q/τ; the next trade pays the permanent γq", () => {
    const v = ready(new AlmgrenChrissFillVenue({ ...spread, eta: 1e-6, gamma: 1e-3, epsilon: 0.05 }));
    const a = v.execute("sell", 10); // rate 10 per minute = 14400 per day
    expect(a.avgPrice).toBeCloseTo(100 - 0.05 - 1e-6 * 14400, 12);
    const b = v.execute("sell", 10);
    expect(b.midBefore).toBeCloseTo(100 - 0.01, 12);
    expect(b.permanentImpactBefore).toBeCloseTo(-0.01, 12);
    expect(b.avgPrice).toBeCloseTo(100 - 0.01 - 0.05 - 1e-6 * 14400, 12);
  });
});

describe("PropagatorFillVenue", () => {
  it("λ = σ̄·m/V̄ = 1e-4; a trade shifts D by λq and fills at D(t−) + λq/2; power-law decay", () => {
    const v = ready(new PropagatorFillVenue({ ...spread, powerLawL0Ms: MIN, powerLawBeta: 0.5 }));
    const r = v.execute("buy", 100);
    expect(r.avgPrice).toBeCloseTo(100 + 0.01 + 0.005, 12);
    expect(r.midAfter).toBeCloseTo(100.01, 12);
    v.advanceTo(38 * MIN); // lag 3ℓ0 → G = 1/2
    expect(v.ownImpact().transient).toBeCloseTo(0.005, 12);
    const r2 = v.execute("buy", 100);
    expect(r2.transientImpactBefore).toBeCloseTo(0.005, 12);
    expect(r2.avgPrice).toBeCloseTo(100 + 0.01 + 0.005 + 0.005, 12);
    expect(v.describe().lambdaUsed).toBeCloseTo(1e-4, 15);
  });

  it("exponential kernel: D halves per half-life", () => {
    const v = ready(
      new PropagatorFillVenue({ ...spread, kernel: "exponential", halfLifeMs: 5 * MIN, lambda: 2e-4 }),
    );
    v.execute("sell", 50);
    v.advanceTo(40 * MIN);
    expect(v.ownImpact().transient).toBeCloseTo(-0.005, 12);
  });
});

describe("createVenue", () => {
  it("builds every kind; each reports its name and parameters", () => {
    for (const k of VENUE_KINDS) {
      const v = createVenue(k);
      expect(v.name).toBe(k);
      expect(v.describe().venue).toBe(k);
      ready(v);
      const r = v.execute("buy", 1);
      expect(r.filledQtyBase).toBe(1);
      expect(r.midBefore - r.marketMid).toBeCloseTo(r.permanentImpactBefore + r.transientImpactBefore, 12);
    }
  });

  it("accepts aliases and CLI-style key=value parameters", () => {
    expect(parseVenueKind("AC")).toBe("almgren-chriss");
    expect(parseVenueKind(" sqrt ")).toBe("sqrt");
    expect(parseVenueParams(["depthScale=0.25", "kernel=power-law", "x=true"])).toEqual({
      depthScale: 0.25,
      kernel: "power-law",
      x: true,
    });
    const v = createVenue("book", parseVenueParams(["depthScale=0.25"]));
    expect((v.describe().book as Record<string, unknown>).depthScale).toBe(0.25);
  });

  it("rejects an unknown kind, an unknown key and a bad value with a message that says what is accepted", () => {
    expect(() => createVenue("orderbook")).toThrow(/use one of book, sqrt, almgren-chriss, propagator, none/);
    expect(() => createVenue("book", { depthscale: 1 })).toThrow(
      /no parameter "depthscale"; accepted: .*depthScale/,
    );
    expect(() => createVenue("sqrt", { eta: -1 })).toThrow(/eta must be a finite number >= 0/);
    expect(() => createVenue("propagator", { kernel: "gauss" })).toThrow(/power-law/);
    expect(() => parseVenueParams(["depthScale"])).toThrow(/key=value/);
    expect(Object.keys(venueDefaults("book"))).toContain("resilienceHalfLifeMs");
  });
});

describe("formula venues at a limit price: fill the part whose last unit is within it", () => {
  it("square root: the marginal price 100.01 + 100·I(Q) reaches 100.015 at Q* = 100 (buy and sell)", () => {
    const params = { ...spread, eta: 0.5, permanentFraction: 0.2 };
    const b = ready(new SquareRootFillVenue(params)).execute("buy", 400, 100.015);
    expect(b.filledQtyBase).toBeCloseTo(100, 9);
    expect(b.worstPrice).toBeCloseTo(100.015, 12);
    expect(b.avgPrice).toBeCloseTo(100.01 + 0.005 / 1.5, 12);
    const s = ready(new SquareRootFillVenue(params)).execute("sell", 400, 99.985);
    expect(s.filledQtyBase).toBeCloseTo(100, 9);
    expect(s.worstPrice).toBeCloseTo(99.985, 12);
    // a limit inside the spread fills nothing; one beyond the whole curve fills everything
    expect(ready(new SquareRootFillVenue(params)).execute("buy", 400, 100.009).filledQtyBase).toBe(0);
    expect(ready(new SquareRootFillVenue(params)).execute("buy", 400, 100.03).filledQtyBase).toBe(400);
  });

  it("propagator: worst = 100.01 + λq with λ = 1e-4, so a limit of 100.06 fills q* = 500 of 1000", () => {
    const r = ready(new PropagatorFillVenue({ ...spread, powerLawL0Ms: MIN, powerLawBeta: 0.5 })).execute(
      "buy",
      1000,
      100.06,
    );
    expect(r.filledQtyBase).toBeCloseTo(500, 9);
    expect(r.worstPrice).toBeCloseTo(100.06, 12);
    expect(r.avgPrice).toBeCloseTo(100.035, 12);
    expect(r.midAfter).toBeCloseTo(100.05, 12);
  });

  it("Almgren-Chriss: one price ε + η·q/τ; a limit of 100.0644 fills q* = 10 of 30 at exactly the limit", () => {
    const v = ready(new AlmgrenChrissFillVenue({ ...spread, eta: 1e-6, gamma: 1e-3, epsilon: 0.05 }));
    const r = v.execute("buy", 30, 100.0644); // 0.0144 of room / (1e-6 per unit/day) = 14400/day = 10 per minute
    expect(r.filledQtyBase).toBeCloseTo(10, 9);
    expect(r.avgPrice).toBeCloseTo(100.0644, 12);
    expect(v.ownImpact().permanent).toBeCloseTo(0.01, 12); // γ·q* only
  });

  it("in the engine a parent limit between a child's average and worst price no longer fails the run", () => {
    // Before the fix the sqrt venue filled whole children whose AVERAGE was within the limit, the last
    // units beyond it, and the engine stopped the run with MODEL_ERROR ("filled ... beyond the limit").
    const series = flatSeries(240);
    for (const kind of ["sqrt", "propagator", "almgren-chriss", "none"] as const) {
      const [e] = simulate({
        series,
        parents: [
          {
            id: "p",
            symbol: "FLAT",
            side: "buy",
            qtyBase: 600,
            startMs: 120 * MIN,
            endMs: 130 * MIN,
            limitPrice: 100.015,
          },
        ],
        strategies: [{ name: "twap", create: () => twap() }],
        createVenue: () => createVenue(kind, { spread: "fixed", halfSpreadBps: 1, minVolatilityBps: 1 }),
        latencyMs: 0,
        seed: 1,
      });
      expect(e!.status, `${kind}: ${e!.error}`).toBe("completed");
      expect(e!.fills.length).toBeGreaterThan(0);
      for (const f of e!.fills) expect(f.avgPrice).toBeLessThanOrEqual(100.015 * (1 + 1e-12));
    }
  });
});
