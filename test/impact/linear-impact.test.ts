import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AlmgrenChrissImpactModel,
  linearImpactPath,
  permanentImpact,
  temporaryImpact,
} from "../../src/impact/linear-impact.js";
import { almgrenChrissCostOf, almgrenChrissSchedule } from "../../src/optimize/almgren-chriss.js";

const AC = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625 };

describe("Almgren-Chriss linear impact split", () => {
  it("g(v) = γv and h(v) = ε·sign(v) + ηv with the paper's coefficients", () => {
    // selling 10% of a 5M daily volume in a day (v = 500,000/day) moves the price permanently by 1/8
    expect(permanentImpact(AC.gamma, 500_000)).toBeCloseTo(0.125, 12);
    // selling 1% of daily volume per day costs one spread (1/8) on top of the half spread 1/16
    expect(temporaryImpact(AC.epsilon, AC.eta, 50_000)).toBeCloseTo(0.0625 + 0.125, 12);
    expect(temporaryImpact(AC.epsilon, AC.eta, -50_000)).toBeCloseTo(-0.1875, 12);
    expect(temporaryImpact(AC.epsilon, AC.eta, 0)).toBe(0);
  });

  it("prices and fill prices of TWAP in the paper's example (5 sales of 200,000 from S0 = 50)", () => {
    const path = linearImpactPath(50, [2e5, 2e5, 2e5, 2e5, 2e5], 1, AC);
    // each sale lowers the price by γ·n = 0.05
    expect(Array.from(path.prices)).toEqual(
      [50, 49.95, 49.9, 49.85, 49.8, 49.75].map((x) => expect.closeTo(x, 12)),
    );
    // fill = previous price − (1/16 + 2.5e-6·2e5) = previous − 0.5625
    expect(path.fillPrices[0]).toBeCloseTo(49.4375, 12);
    expect(path.fillPrices[4]).toBeCloseTo(49.8 - 0.5625, 12);
    // permanent: γ Σ_{i<k} n_i n_k = 2.5e-7·(2e5)²·10 = 100,000; spread 62,500; rate 2.5e-6·5·4e10 = 500,000
    expect(path.permanentCost).toBeCloseTo(100_000, 6);
    expect(path.spreadCost).toBeCloseTo(62_500, 6);
    expect(path.rateCost).toBeCloseTo(500_000, 6);
    // = ½γX² + εX + (η̃/τ)Σn² = 662,500: the AC expected cost of TWAP
    expect(path.totalCost).toBeCloseTo(662_500, 6);
  });

  it("shortfall X·S0 − Σ n_k S̃_k equals ½γX² + εΣ|n| + (η̃/τ)Σn² for any sell schedule (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (trades, tau) => {
          const path = linearImpactPath(100, trades, tau, AC);
          const X = trades.reduce((a, b) => a + b, 0);
          const holdings = [X];
          for (const n of trades) holdings.push(holdings[holdings.length - 1]! - n);
          holdings[holdings.length - 1] = 0;
          let proceeds = 0;
          trades.forEach((n, k) => {
            proceeds += n * path.fillPrices[k]!;
          });
          const shortfall = X * 100 - proceeds;
          expect(path.totalCost).toBeCloseTo(shortfall, 4);
          fc.pre(AC.eta - (AC.gamma * tau) / 2 > 0 && X > 0);
          const ac = almgrenChrissCostOf(holdings, {
            horizon: tau * trades.length,
            sigma: 0,
            lambda: 0,
            ...AC,
          });
          expect(Math.abs(ac.expectedCost - path.totalCost)).toBeLessThanOrEqual(
            1e-9 * path.totalCost + 1e-6,
          );
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it("a purchase (n < 0) fills above the price and pushes it up; the cost is positive", () => {
    const path = linearImpactPath(50, [-2e5], 1, AC);
    expect(path.fillPrices[0]).toBeCloseTo(50.5625, 12);
    expect(path.prices[1]).toBeCloseTo(50.05, 12);
    expect(path.totalCost).toBeCloseTo(2e5 * 0.5625, 6);
  });
});

describe("AlmgrenChrissImpactModel", () => {
  const cfg = { ...AC, sigma: 0.95, lambda: 1e-6, steps: 5 };
  it("estimates the expected cost of the optimal schedule over the horizon (paper: $911,227 at λ = 1e-6)", () => {
    const m = new AlmgrenChrissImpactModel(cfg);
    const e = m.estimate({ qty: 1e6, mid: 50, horizonDays: 5 });
    const s = almgrenChrissSchedule({ ...cfg, qty: 1e6, horizon: 5 });
    expect(e.costQuote).toBeCloseTo(s.expectedCost, 6);
    expect(e.costQuote).toBeCloseTo(911226.986, 2);
    expect(e.fraction).toBeCloseTo(911226.9863037934 / 5e7, 12);
    expect(e.bps).toBeCloseTo(182.2453972607587, 8);
    const sell = m.estimate({ qty: -1e6, mid: 50, horizonDays: 5 });
    expect(sell.costQuote).toBeCloseTo(e.costQuote, 6);
    expect(sell.fraction).toBeCloseTo(-e.fraction, 15);
  });

  it("needs a horizon, from the input or the config", () => {
    const m = new AlmgrenChrissImpactModel(cfg);
    expect(() => m.estimate({ qty: 1e6, mid: 50 })).toThrow(/horizon/);
    const withDefault = new AlmgrenChrissImpactModel({ ...cfg, horizonDays: 5 });
    expect(withDefault.estimate({ qty: 1e6, mid: 50 }).costQuote).toBeCloseTo(911226.986, 2);
  });
});
