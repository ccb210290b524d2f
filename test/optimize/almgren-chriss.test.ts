import fc from "fast-check";
import { Matrix, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../src/core/errors.js";
import {
  type AlmgrenChrissParams,
  almgrenChrissClosedForm,
  almgrenChrissCostOf,
  almgrenChrissSchedule,
} from "../../src/optimize/almgren-chriss.js";
import { AC_PAPER } from "../helpers/almgren-chriss-paper.js";

/** Almgren & Chriss (2000), §3 worked example (parameters and units in the helper). */
const PAPER = AC_PAPER;

/**
 * Independent computation: minimise U(x) = E(x) + λV(x) over the N−1 free holdings x_1..x_{N−1}
 * (x_0 = X, x_N = 0) by solving the normal equations of the quadratic objective directly (a linear
 * solve with ml-matrix, no sinh/cosh). For a monotone schedule ε Σ|n_j| = ε X is constant, so
 *   U = const + (η̃/τ) Σ_j (x_{j−1} − x_j)² + λσ²τ Σ_k x_k²
 *   ∂U/∂x_k = (2η̃/τ)(2x_k − x_{k−1} − x_{k+1}) + 2λσ²τ x_k = 0.
 */
function independentOptimum(p: AlmgrenChrissParams): number[] {
  const N = p.steps;
  const tau = p.horizon / N;
  const etaT = p.eta - (p.gamma * tau) / 2;
  const m = N - 1;
  const A = Matrix.zeros(m, m);
  const b = Matrix.zeros(m, 1);
  const c = etaT / tau;
  const d = p.lambda * p.sigma * p.sigma * tau;
  for (let k = 0; k < m; k++) {
    A.set(k, k, 2 * c + d);
    if (k > 0) A.set(k, k - 1, -c);
    if (k < m - 1) A.set(k, k + 1, -c);
  }
  b.set(0, 0, c * p.qty);
  const x = solve(A, b);
  return [p.qty, ...x.getColumn(0), 0];
}

describe("Almgren-Chriss worked example (Almgren & Chriss 2000, §3)", () => {
  it("λ = 1e-6 gives κ ≈ 0.607/day, κT ≈ 3 (3.035) and a half-life of ≈ 1.65 days", () => {
    const s = almgrenChrissSchedule({ ...PAPER, lambda: 1e-6 });
    expect(s.tau).toBe(1);
    expect(s.etaTilde).toBeCloseTo(2.375e-6, 15);
    // acosh(1 + λσ²τ²/(2η̃)) = acosh(1.19) computed separately in Python: 0.6070761632470627
    expect(s.kappa).toBeCloseTo(0.6070761632470627, 12);
    // The paper prints "κT ≈ 3"; the exact discrete value is 3.035 (the continuous approximation
    // κ = √(λσ²/η̃) = 0.6164 would give 3.08): both round to 3.
    expect(s.kappa * 5).toBeCloseTo(3.0353808162353135, 12);
    expect(Math.round(s.kappa * 5)).toBe(3);
    expect(s.halfLife).toBeCloseTo(1.6472397707913768, 12);
    const expected = [1e6, 541955.5543739223, 289854.2194099351, 147897.4878217232, 62141.801605766035, 0];
    expected.forEach((x, j) => {
      expect(s.holdings[j]).toBeCloseTo(x, 6);
    });
    const tradesSum = s.trades.reduce((a, n) => a + n, 0);
    expect(tradesSum).toBeCloseTo(1e6, 6);
    expect(Array.from(s.trades).map((n) => Math.round(n))).toEqual([458044, 252101, 141957, 85756, 62142]);
    // E = ½γX² + εX + (η̃/τ)Σn² ; V = σ²τΣx²
    expect(s.expectedCost).toBeCloseTo(911226.9863037934, 4);
    expect(s.variance).toBeCloseTo(364128572058.1411, 0);
    expect(s.stdDev).toBeCloseTo(603430.6688, 3);
    expect(s.utility).toBeCloseTo(911226.9863037934 + 1e-6 * 364128572058.1411, 3);
  });

  it("λ = 0 is the straight-line (TWAP) schedule with E = $662,500 and √V ≈ $1.04 M", () => {
    const s = almgrenChrissSchedule({ ...PAPER, lambda: 0 });
    expect(s.kappa).toBe(0);
    expect(s.halfLife).toBe(Number.POSITIVE_INFINITY);
    expect(Array.from(s.holdings)).toEqual([1e6, 8e5, 6e5, 4e5, 2e5, 0]);
    expect(Array.from(s.trades)).toEqual([2e5, 2e5, 2e5, 2e5, 2e5]);
    // Checked by hand from the formula with τ = 1 day: ½·2.5e-7·10¹² = 125,000 (permanent)
    // + 0.0625·10⁶ = 62,500 (spread) + 2.375e-6·5·(2·10⁵)² = 475,000 (temporary) = 662,500: the
    // issue's figure follows from the formula.
    expect(s.expectedCost).toBeCloseTo(662500, 6);
    // V = 0.95²·1·(0.8² + 0.6² + 0.4² + 0.2²)·10¹² = 0.9025·1.2e12 = 1.083e12, √V = 1,040,673
    expect(s.variance).toBeCloseTo(1.083e12, 0);
    expect(s.stdDev).toBeCloseTo(1040672.8593, 3);
    // The paper's closed form for the linear strategy, V = ⅓σ²X²T(1 − 1/N)(1 − 1/(2N))
    // = ⅓·0.9025·10¹²·5·0.8·0.9 = 1.083e12, confirms the index k = 1..N. The seed's
    // σ²τ Σ_{j=1..N} x_{j−1}² would give 0.9025·(1 + 0.64 + 0.36 + 0.16 + 0.04)·10¹² = 1.9855e12.
    expect((0.9025 * 1e12 * 5 * 0.8 * 0.9) / 3).toBeCloseTo(s.variance, 0);
    const seedV = 0.9025 * [1e6, 8e5, 6e5, 4e5, 2e5].reduce((a, x) => a + x * x, 0);
    expect(seedV).toBeCloseTo(1.9855e12, 0);
    expect(seedV - s.variance).toBeCloseTo(0.9025 * 1e12, 0); // overstated by σ²τX²
    expect(s.utility).toBe(s.expectedCost);
  });

  it("the schedule tends to TWAP continuously as λ → 0", () => {
    const twap = almgrenChrissSchedule({ ...PAPER, lambda: 0 });
    const tiny = almgrenChrissSchedule({ ...PAPER, lambda: 1e-16 });
    expect(tiny.kappa).toBeGreaterThan(0);
    for (let j = 0; j <= 5; j++) expect(tiny.holdings[j]).toBeCloseTo(twap.holdings[j]!, 3);
    expect(tiny.expectedCost).toBeCloseTo(twap.expectedCost, 3);
  });

  it.each([
    [1e-7, 0.1946285504674804, [757882.3913016854, 544564.3134728343, 351939.6795559511, 172688.75346219388]],
    [1e-6, 0.6070761632470627, [541955.5543739223, 289854.2194099351, 147897.4878217232, 62141.801605766035]],
    [2e-6, 0.8462971345012561, [428598.8457470175, 182932.81426176784, 76295.7216154617, 27643.377396906417]],
  ])("λ = %s matches a direct minimisation of E + λV over the free holdings", (lambda, kappa, inner) => {
    const p = { ...PAPER, lambda };
    const s = almgrenChrissSchedule(p);
    expect(s.kappa).toBeCloseTo(kappa, 12);
    const direct = independentOptimum(p);
    for (let j = 0; j <= 5; j++) expect(s.holdings[j]! / 1e6).toBeCloseTo(direct[j]! / 1e6, 10);
    inner.forEach((x, j) => {
      expect(s.holdings[j + 1]).toBeCloseTo(x, 5);
    });
    const u = almgrenChrissCostOf(direct, { ...PAPER, lambda });
    expect(s.utility / u.utility).toBeCloseTo(1, 12);
  });

  it("higher risk aversion front-loads: more sold in the first interval, lower √V, higher E", () => {
    const lambdas = [0, 1e-7, 1e-6, 2e-6, 1e-5];
    const ss = lambdas.map((lambda) => almgrenChrissSchedule({ ...PAPER, lambda }));
    for (let i = 1; i < ss.length; i++) {
      expect(ss[i]!.trades[0]!).toBeGreaterThan(ss[i - 1]!.trades[0]!);
      expect(ss[i]!.stdDev).toBeLessThan(ss[i - 1]!.stdDev);
      expect(ss[i]!.expectedCost).toBeGreaterThan(ss[i - 1]!.expectedCost);
    }
  });
});

describe("Almgren-Chriss closed forms and invariants", () => {
  const params = fc.record({
    qty: fc.double({ min: 1, max: 1e7, noNaN: true }),
    horizon: fc.double({ min: 0.01, max: 30, noNaN: true }),
    steps: fc.integer({ min: 1, max: 200 }),
    sigma: fc.double({ min: 0.001, max: 5, noNaN: true }),
    eta: fc.double({ min: 1e-8, max: 1e-4, noNaN: true }),
    gammaFrac: fc.double({ min: 0, max: 0.9, noNaN: true }), // γτ/2 as a fraction of η, keeps η̃ > 0
    epsilon: fc.double({ min: 0, max: 1, noNaN: true }),
    lambda: fc.oneof(
      fc.constant(0),
      fc.double({ min: 1e-14, max: 1e-4, noNaN: true }),
      fc.double({ min: 1e-4, max: 1e3, noNaN: true }),
    ),
  });
  const toParams = (r: {
    qty: number;
    horizon: number;
    steps: number;
    sigma: number;
    eta: number;
    gammaFrac: number;
    epsilon: number;
    lambda: number;
  }): AlmgrenChrissParams => {
    const tau = r.horizon / r.steps;
    return { ...r, gamma: (2 * r.gammaFrac * r.eta) / tau };
  };

  it("closed-form E and V (paper) equal the direct sums over the trade list", () => {
    fc.assert(
      fc.property(params, (r) => {
        const p = toParams(r);
        const s = almgrenChrissSchedule(p);
        const c = almgrenChrissClosedForm(p);
        expect(c.kappa).toBe(s.kappa);
        expect(Math.abs(c.expectedCost - s.expectedCost)).toBeLessThanOrEqual(1e-8 * s.expectedCost);
        expect(Math.abs(c.variance - s.variance)).toBeLessThanOrEqual(1e-8 * s.variance);
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it("the trade list liquidates exactly X, monotonically, and is the utility minimum", () => {
    fc.assert(
      fc.property(
        params,
        fc.integer({ min: 1, max: 199 }),
        fc.double({ min: -0.2, max: 0.2, noNaN: true }),
        (r, kRaw, bump) => {
          const p = toParams(r);
          const s = almgrenChrissSchedule(p);
          const sum = s.trades.reduce((a, n) => a + n, 0);
          expect(Math.abs(sum - p.qty)).toBeLessThanOrEqual(1e-9 * p.qty);
          for (const n of s.trades) expect(n).toBeGreaterThanOrEqual(-1e-9 * p.qty);
          fc.pre(p.steps >= 2 && bump !== 0);
          // perturb one free holding: utility cannot go down
          const k = 1 + (kRaw % (p.steps - 1));
          const x = Float64Array.from(s.holdings);
          x[k] = x[k]! + bump * (x[k]! + 1e-3 * p.qty);
          const perturbed = almgrenChrissCostOf(x, p);
          const opt = almgrenChrissCostOf(s.holdings, p);
          expect(opt.utility).toBeCloseTo(s.utility, 6);
          expect(perturbed.utility).toBeGreaterThanOrEqual(opt.utility * (1 - 1e-12));
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it("a buy programme (qty < 0) mirrors the sell schedule; E and V are unchanged", () => {
    const sell = almgrenChrissSchedule({ ...PAPER, lambda: 1e-6 });
    const buy = almgrenChrissSchedule({ ...PAPER, qty: -1e6, lambda: 1e-6 });
    for (let j = 0; j <= 5; j++) expect(buy.holdings[j]).toBeCloseTo(-sell.holdings[j]!, 6);
    expect(buy.expectedCost).toBeCloseTo(sell.expectedCost, 6);
    expect(buy.variance).toBeCloseTo(sell.variance, 0);
  });

  it("stays finite for very large κT and N = 10,000 (direct sums and closed forms agree)", () => {
    const s = almgrenChrissSchedule({ ...PAPER, steps: 10_000, lambda: 1 });
    const c = almgrenChrissClosedForm({ ...PAPER, steps: 10_000, lambda: 1 });
    expect(c.expectedCost / s.expectedCost).toBeCloseTo(1, 10);
    expect(c.variance / s.variance).toBeCloseTo(1, 8);
    // κτ ≫ 1: with τ fixed the discrete κ grows only like (2/τ)·ln √λ, so it takes λ = 1e100 to reach
    // κT ≈ 1,150 (sinh κT overflows beyond 710); everything sells in the first interval
    const big = almgrenChrissClosedForm({ ...PAPER, lambda: 1e100 });
    const bigS = almgrenChrissSchedule({ ...PAPER, lambda: 1e100 });
    expect(big.kappa * 5).toBeGreaterThan(700);
    expect(big.expectedCost).toBeCloseTo(bigS.expectedCost, 6);
    expect(big.expectedCost).toBeCloseTo(125000 + 62500 + 2.375e-6 * 1e12, 6);
    expect(big.variance).toBeGreaterThan(0);
    expect(big.variance / bigS.variance).toBeCloseTo(1, 6);
    expect(big.variance).toBeLessThan(1e-190);
    expect(s.kappa * 5).toBeGreaterThan(1000);
    expect(s.holdings.every(Number.isFinite)).toBe(true);
    // with κT ≫ 1 the holdings decay geometrically: x_1/X = e^{−κτ} to machine precision
    expect(s.holdings[1]! / 1e6).toBeCloseTo(Math.exp(-s.kappa * s.tau), 12);
    expect(s.trades[0]! / 1e6).toBeGreaterThan(0.25);
    expect(s.holdings[10_000]).toBe(0);
    expect(Number.isFinite(s.expectedCost) && Number.isFinite(s.variance)).toBe(true);
  });

  it("N = 1 sells everything at once with no variance", () => {
    const s = almgrenChrissSchedule({ ...PAPER, steps: 1, gamma: 2.5e-7, lambda: 1e-6 });
    expect(Array.from(s.trades)).toEqual([1e6]);
    expect(s.variance).toBe(0);
    // E = ½γX² + εX + (η − γT/2)X²/T = 125,000 + 62,500 + (2.5e-6 − 6.25e-7)·10¹²/5
    expect(s.expectedCost).toBeCloseTo(125000 + 62500 + 375000, 6);
  });

  it("rejects η̃ <= 0 with MODEL_ERROR and explains the fix", () => {
    const bad = { ...PAPER, steps: 1, gamma: 2e-6, lambda: 1e-6 }; // η̃ = 2.5e-6 − 2e-6·5/2 < 0
    expect(() => almgrenChrissSchedule(bad)).toThrowError(ExecsimError);
    try {
      almgrenChrissSchedule(bad);
    } catch (e) {
      expect((e as ExecsimError).code).toBe("MODEL_ERROR");
      expect((e as ExecsimError).message).toMatch(/more steps/);
    }
  });

  it.each([
    ["horizon", { horizon: 0 }],
    ["steps", { steps: 2.5 }],
    ["steps", { steps: 0 }],
    ["sigma", { sigma: -1 }],
    ["eta", { eta: 0 }],
    ["gamma", { gamma: Number.NaN }],
    ["epsilon", { epsilon: -0.1 }],
    ["lambda", { lambda: -1e-6 }],
    ["qty", { qty: Number.POSITIVE_INFINITY }],
  ])("rejects an invalid %s with INVALID_ARGUMENT", (name, patch) => {
    try {
      almgrenChrissSchedule({ ...PAPER, lambda: 1e-6, ...patch });
      expect.unreachable();
    } catch (e) {
      expect((e as ExecsimError).code).toBe("INVALID_ARGUMENT");
      expect((e as ExecsimError).message).toContain(name);
    }
  });
});
