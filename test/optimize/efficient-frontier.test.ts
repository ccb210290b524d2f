import { describe, expect, it } from "vitest";
import { almgrenChrissSchedule } from "../../src/optimize/almgren-chriss.js";
import { almgrenChrissFrontier, lambdaGrid } from "../../src/optimize/efficient-frontier.js";

const PAPER = { qty: 1e6, horizon: 5, steps: 5, sigma: 0.95, eta: 2.5e-6, gamma: 2.5e-7, epsilon: 0.0625 };

describe("Almgren-Chriss efficient frontier", () => {
  const lambdas = [0, ...lambdaGrid(1e-8, 1e-4, 25)];
  const frontier = almgrenChrissFrontier(PAPER, lambdas);

  it("runs from TWAP (λ = 0: E = $662,500, √V = $1,040,673) towards immediate liquidation", () => {
    expect(frontier[0]!.expectedCost).toBeCloseTo(662500, 6);
    expect(frontier[0]!.stdDev).toBeCloseTo(1040672.8593, 3);
    expect(frontier[0]!.halfLife).toBe(Number.POSITIVE_INFINITY);
    // λ → ∞ sells everything in the first interval: E → ½γX² + εX + (η̃/τ)X², V → 0
    const last = frontier[frontier.length - 1]!;
    expect(last.stdDev / frontier[0]!.stdDev).toBeLessThan(0.1);
    expect(last.expectedCost).toBeLessThan(125000 + 62500 + 2.375e-6 * 1e12);
  });

  it("matches the schedule at every λ (closed forms vs direct sums)", () => {
    for (const pt of frontier) {
      const s = almgrenChrissSchedule({ ...PAPER, lambda: pt.lambda });
      expect(pt.expectedCost / s.expectedCost).toBeCloseTo(1, 10);
      expect(pt.variance / s.variance).toBeCloseTo(1, 9);
      expect(pt.utility / s.utility).toBeCloseTo(1, 9);
      expect(pt.kappa).toBe(s.kappa);
    }
  });

  it("is efficient: E rises, √V falls, and each chord's slope ΔE/ΔV lies in [−λ_{i+1}, −λ_i]", () => {
    for (let i = 1; i < frontier.length; i++) {
      const a = frontier[i - 1]!;
      const b = frontier[i]!;
      expect(b.expectedCost).toBeGreaterThan(a.expectedCost);
      expect(b.stdDev).toBeLessThan(a.stdDev);
      // optimality of a for λ_a and of b for λ_b bounds the chord slope (convex frontier, dE/dV = −λ)
      const slope = (b.expectedCost - a.expectedCost) / (b.variance - a.variance);
      expect(slope).toBeLessThanOrEqual(-a.lambda * (1 - 1e-9) + 1e-15);
      expect(slope).toBeGreaterThanOrEqual(-b.lambda * (1 + 1e-9));
    }
  });

  it("lambdaGrid is log-spaced with exact end points and rejects bad grids", () => {
    const g = lambdaGrid(1e-8, 1e-5, 4);
    expect(g).toEqual([1e-8, expect.closeTo(1e-7, 20), expect.closeTo(1e-6, 19), 1e-5]);
    expect(() => lambdaGrid(0, 1, 3)).toThrow(/0 < from < to/);
    expect(() => lambdaGrid(1e-6, 1e-7, 3)).toThrow(/0 < from < to/);
    expect(() => almgrenChrissFrontier(PAPER, [])).toThrow(/at least one/);
  });
});
