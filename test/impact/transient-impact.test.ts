import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exponentialKernel, powerLawKernel } from "../../src/impact/decay-kernels.js";
import {
  preTradeDisplacement,
  transientImpactCost,
  transientImpactPath,
} from "../../src/impact/transient-impact.js";
import { almgrenChrissSchedule } from "../../src/optimize/almgren-chriss.js";
import { AC_PAPER } from "../helpers/almgren-chriss-paper.js";

describe("transient impact path", () => {
  it("hand-computed exponential example: two buys, ρ = ln2 / 1000 ms (half-life 1 s)", () => {
    const k = exponentialKernel(Math.LN2 / 1000);
    // λ = 0.01 per unit; buy 100 at 0 (D jumps to 1), buy 50 at 1000 ms (D(1000−) = 0.5, then 1.0)
    const path = transientImpactPath([0, 1000], [100, 50], k, 0.01, [0, 500, 1000, 2000, 3000]);
    expect(path[0]).toBeCloseTo(1, 12);
    expect(path[1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(path[2]).toBeCloseTo(1.0, 12);
    expect(path[3]).toBeCloseTo(0.5, 12);
    expect(path[4]).toBeCloseTo(0.25, 12);
    const pre = preTradeDisplacement([0, 1000], [100, 50], k, 0.01);
    expect(Array.from(pre)).toEqual([0, expect.closeTo(0.5, 12)]);
    // cost = 100·(0 + 0.5) + 50·(0.5 + 0.25) = 50 + 37.5
    expect(transientImpactCost([0, 1000], [100, 50], k, 0.01)).toBeCloseTo(87.5, 10);
  });

  it("is zero before the first trade and mirrors for sells", () => {
    const k = exponentialKernel(1e-3);
    const buy = transientImpactPath([100, 200], [10, 10], k, 0.1, [0, 50, 150, 250]);
    const sell = transientImpactPath([100, 200], [-10, -10], k, 0.1, [0, 50, 150, 250]);
    expect(buy[0]).toBe(0);
    expect(buy[1]).toBe(0);
    for (let i = 0; i < 4; i++) expect(sell[i]).toBeCloseTo(-buy[i]!, 14);
    expect(transientImpactCost([100, 200], [-10, -10], k, 0.1)).toBeCloseTo(
      transientImpactCost([100, 200], [10, 10], k, 0.1),
      12,
    );
  });

  it("the O(N) exponential recursion equals the direct kernel sums (property)", () => {
    // A power-law-shaped wrapper with kind "power-law" forces the direct O(N·M) branch on the same G.
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1e4, noNaN: true }),
            fc.double({ min: -50, max: 50, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        fc.double({ min: 1e-5, max: 1e-2, noNaN: true }),
        (trades, rho) => {
          trades.sort((a, b) => a[0] - b[0]);
          const times = trades.map((t) => t[0]);
          const qtys = trades.map((t) => t[1]);
          const exp = exponentialKernel(rho);
          const direct = { kind: "power-law" as const, value: exp.value, params: {} };
          const evalTimes = [0, 2500, 5000, 7500, 10000, 12000];
          const a = transientImpactPath(times, qtys, exp, 0.02, evalTimes);
          const b = transientImpactPath(times, qtys, direct, 0.02, evalTimes);
          for (let i = 0; i < evalTimes.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 9);
          const pa = preTradeDisplacement(times, qtys, exp, 0.02);
          const pb = preTradeDisplacement(times, qtys, direct, 0.02);
          for (let i = 0; i < times.length; i++) expect(pa[i]).toBeCloseTo(pb[i]!, 9);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it("power-law propagator: G(ℓ) = (ℓ0/(ℓ0+ℓ))^β decays slower than any exponential in the tail", () => {
    const k = powerLawKernel(100, 0.5);
    const path = transientImpactPath([0], [1], k, 1, [0, 300, 9900]);
    expect(path[0]).toBeCloseTo(1, 14);
    expect(path[1]).toBeCloseTo(Math.sqrt(100 / 400), 14); // 0.5
    expect(path[2]).toBeCloseTo(Math.sqrt(100 / 10000), 14); // 0.1
    // cost of three unit buys 100 ms apart, λ = 1: 0.5 + (G(100) + 0.5) + (G(200) + G(100) + 0.5)
    const g = (l: number) => Math.sqrt(100 / (100 + l));
    expect(transientImpactCost([0, 100, 200], [1, 1, 1], k, 1)).toBeCloseTo(1.5 + 2 * g(100) + g(200), 12);
  });

  it("prices an AC trade list: instant decay costs Σλq²/2, no decay costs λX²/2 (permanent limit)", () => {
    const s = almgrenChrissSchedule({ ...AC_PAPER, lambda: 1e-6 });
    const day = 86_400_000;
    const times = Array.from(s.trades, (_, j) => j * day); // trade j at the start of interval j
    const lam = 2.5e-7;
    const sumSq = s.trades.reduce((a, n) => a + n * n, 0);
    const fast = transientImpactCost(times, s.trades, exponentialKernel(1), lam); // gone after 1 ms
    expect(fast).toBeCloseTo((lam * sumSq) / 2, 6);
    const slow = transientImpactCost(times, s.trades, exponentialKernel(1e-30), lam);
    expect(slow / ((lam * 1e12) / 2)).toBeCloseTo(1, 12); // = AC's ½γX², whatever the schedule
    // in between, a one-day half-life: strictly between the two limits
    const mid = transientImpactCost(times, s.trades, exponentialKernel(Math.LN2 / day), lam);
    expect(mid).toBeGreaterThan(fast);
    expect(mid).toBeLessThan(slow);
    // D(t) just before trade 2 = λ(n1·G(2d) + n2·G(1d)) = λ(n1/4 + n2/2)
    const path = transientImpactPath(times, s.trades, exponentialKernel(Math.LN2 / day), lam, [
      2 * day - 1e-6,
    ]);
    expect(path[0]).toBeCloseTo(lam * (s.trades[0]! / 4 + s.trades[1]! / 2), 6);
  });

  it("rejects unsorted times and mismatched lengths", () => {
    const k = exponentialKernel(1e-3);
    expect(() => transientImpactPath([0, 10], [1], k, 1, [0])).toThrow(/same length/);
    expect(() => preTradeDisplacement([10, 0], [1, 1], k, 1)).toThrow(/ascending/);
    expect(() => transientImpactPath([0], [1], k, 1, [5, 1])).toThrow(/ascending/);
    expect(() => transientImpactCost([0], [1], k, -1)).toThrow(/impactPerUnit/);
  });
});
