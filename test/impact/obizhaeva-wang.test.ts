import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exponentialKernel } from "../../src/impact/decay-kernels.js";
import {
  discretizePiecewise,
  obizhaevaWangCost,
  obizhaevaWangOptimal,
  obizhaevaWangOptimalCost,
  obizhaevaWangTwapCost,
  piecewiseTotal,
} from "../../src/impact/obizhaeva-wang.js";
import { transientImpactCost } from "../../src/impact/transient-impact.js";

// X = 10,000 units over T = 3,600,000 ms (1 h), resilience half-life 5 min, λ = 1e-4 price/unit
const P = { qty: 10_000, horizon: 3_600_000, rho: Math.LN2 / 300_000, impactPerUnit: 1e-4 };

describe("Obizhaeva-Wang optimal execution", () => {
  it("blocks X/(ρT+2) at both ends and rate ρX/(ρT+2) between, trading exactly X", () => {
    const s = obizhaevaWangOptimal(P);
    const rhoT = P.rho * P.horizon; // 12 ln 2 = 8.3178
    expect(rhoT).toBeCloseTo(12 * Math.LN2, 12);
    expect(s.block).toBeCloseTo(10_000 / (rhoT + 2), 9);
    expect(s.block).toBeCloseTo(969.2, 1);
    expect(piecewiseTotal(s)).toBeCloseTo(10_000, 8);
  });

  it("its closed-form cost λX²/(ρT+2) equals the model's own cost function", () => {
    const s = obizhaevaWangOptimal(P);
    const closed = obizhaevaWangOptimalCost(P);
    // 1e-4·1e8/(8.3178 + 2) = 969.2...
    expect(closed).toBeCloseTo(1e4 / (12 * Math.LN2 + 2), 9);
    expect(obizhaevaWangCost(s, P)).toBeCloseTo(closed, 9);
  });

  it("the discretised optimum priced by the transient-impact propagator converges to the same cost", () => {
    const s = obizhaevaWangOptimal(P);
    const kernel = exponentialKernel(P.rho);
    const closed = obizhaevaWangOptimalCost(P);
    let prevErr = Number.POSITIVE_INFINITY;
    for (const slices of [10, 100, 1000, 10000]) {
      const d = discretizePiecewise(s, slices);
      const c = transientImpactCost(d.times, d.qtys, kernel, P.impactPerUnit);
      const err = Math.abs(c - closed) / closed;
      expect(err).toBeLessThan(prevErr);
      prevErr = err;
    }
    expect(prevErr).toBeLessThan(1e-5);
  });

  it("TWAP's closed form matches the cost function and costs more than the optimum", () => {
    const twap = { times: [0, P.horizon], blocks: [0, 0], rates: [P.qty / P.horizon] };
    expect(obizhaevaWangCost(twap, P)).toBeCloseTo(obizhaevaWangTwapCost(P), 8);
    expect(obizhaevaWangTwapCost(P)).toBeGreaterThan(obizhaevaWangOptimalCost(P));
    // a single block at t = 0 costs λX²/2 (walks the whole book)
    expect(obizhaevaWangCost({ times: [0], blocks: [P.qty], rates: [] }, P)).toBeCloseTo(5000, 9);
  });

  it("no resilience limit: cost → λX²/2 for the optimum and for TWAP", () => {
    const slow = { ...P, rho: 1e-15 };
    expect(obizhaevaWangOptimalCost(slow) / 5000).toBeCloseTo(1, 6);
    expect(obizhaevaWangTwapCost(slow) / 5000).toBeCloseTo(1, 6);
  });

  it("beats every other buy strategy of X units (random blocks and rates, property)", () => {
    const opt = obizhaevaWangOptimalCost(P);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 12 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 11 }),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 1, maxLength: 11 }),
        (blocksRaw, ratesRaw, gapsRaw) => {
          const m = Math.min(blocksRaw.length - 1, ratesRaw.length, gapsRaw.length);
          const gapSum = gapsRaw.slice(0, m).reduce((a, b) => a + b, 0);
          const times = [0];
          for (let i = 0; i < m; i++) times.push(times[i]! + (gapsRaw[i]! / gapSum) * P.horizon);
          const blocks = blocksRaw.slice(0, m + 1);
          const rates = ratesRaw.slice(0, m).map((r) => r / P.horizon);
          const raw = piecewiseTotal({ times, blocks, rates });
          fc.pre(raw > 1e-9);
          const k = P.qty / raw;
          const s = { times, blocks: blocks.map((b) => b * k), rates: rates.map((r) => r * k) };
          expect(piecewiseTotal(s)).toBeCloseTo(P.qty, 6);
          expect(obizhaevaWangCost(s, P)).toBeGreaterThanOrEqual(opt * (1 - 1e-12));
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it("perturbing the optimum's block sizes (keeping X) raises the cost", () => {
    const s = obizhaevaWangOptimal(P);
    const opt = obizhaevaWangOptimalCost(P);
    for (const shift of [-0.5, -0.1, 0.1, 0.5]) {
      const b = s.block * (1 + shift);
      const rate = (P.qty - 2 * b) / P.horizon;
      const c = obizhaevaWangCost({ times: [0, P.horizon], blocks: [b, b], rates: [rate] }, P);
      expect(c).toBeGreaterThan(opt);
    }
  });
});
