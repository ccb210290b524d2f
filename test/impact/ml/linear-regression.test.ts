import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../../src/core/errors.js";
import { createRng } from "../../../src/core/rng.js";
import { matrixFromRows } from "../../../src/impact/ml/feature-matrix.js";
import { OlsRegressor } from "../../../src/impact/ml/linear-regression.js";
import { FeatureStandardizer } from "../../../src/impact/ml/standardizer.js";

describe("OLS regressor", () => {
  it("reproduces a hand-computed simple regression with its standard errors", () => {
    // x = 1..5, y = 2,4,5,4,5: slope = Sxy/Sxx = 6/10 = 0.6, intercept = 4 - 0.6*3 = 2.2,
    // residuals -0.8, 0.6, 1.0, -0.6, -0.2 -> RSS = 2.4, s² = 2.4/3 = 0.8,
    // SE(slope) = sqrt(0.8/10), SE(intercept) = sqrt(0.8 (1/5 + 9/10)), R² = 1 - 2.4/6 = 0.6.
    const m = matrixFromRows(["x"], [[1], [2], [3], [4], [5]]);
    const ols = OlsRegressor.fit(m, [2, 4, 5, 4, 5]);
    expect(ols.weights[0]).toBeCloseTo(0.6, 12);
    expect(ols.intercept).toBeCloseTo(2.2, 12);
    expect(ols.weightSE[0]).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(ols.interceptSE).toBeCloseTo(Math.sqrt(0.8 * 1.1), 12);
    expect(ols.stats.r2).toBeCloseTo(0.6, 12);
    expect(ols.stats.adjustedR2).toBeCloseTo(1 - (0.4 * 4) / 3, 12);
    expect(ols.stats.residualVariance).toBeCloseTo(0.8, 12);
    expect(ols.predictRow([6])).toBeCloseTo(5.8, 12);
    const p = ols.predict(matrixFromRows(["x"], [[0], [6], [10]]));
    expect(Array.from(p).map((v) => Number(v.toFixed(12)))).toEqual([2.2, 5.8, 8.2]);
    expect(() => ols.predict(matrixFromRows(["x", "z"], [[1, 2]]))).toThrowError(
      /OLS was fitted on 1 features \(x\) but got 2/,
    );
  });

  it("recovers known coefficients from seeded noisy data within about two standard errors", () => {
    const rng = createRng("ols-recover");
    const rows: number[][] = [];
    const y: number[] = [];
    const truth = [1.5, -2, 0.25];
    for (let i = 0; i < 2000; i++) {
      const r = [rng.normal(), rng.normal() * 3, rng.uniform()];
      rows.push(r);
      y.push(0.7 + truth[0]! * r[0]! + truth[1]! * r[1]! + truth[2]! * r[2]! + 0.5 * rng.normal());
    }
    const ols = OlsRegressor.fit(matrixFromRows(["a", "b", "c"], rows), y);
    truth.forEach((b, i) => {
      expect(Math.abs(ols.weights[i]! - b)).toBeLessThan(3 * ols.weightSE[i]!);
      expect(ols.weightSE[i]!).toBeGreaterThan(0);
    });
    expect(Math.abs(ols.intercept - 0.7)).toBeLessThan(3 * ols.interceptSE);
    // SE(a) ≈ σ/sqrt(n) = 0.5/sqrt(2000) ≈ 0.0112
    expect(ols.weightSE[0]!).toBeGreaterThan(0.0095);
    expect(ols.weightSE[0]!).toBeLessThan(0.013);
    expect(Math.sqrt(ols.stats.residualVariance)).toBeCloseTo(0.5, 1);
  });

  it("property: predictions do not depend on how the features are scaled (standardised vs raw)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 8, max: 60 }), (seed, n) => {
        const rng = createRng(seed);
        const scales = [1e-4, 1, 3e3];
        const rows = Array.from({ length: n }, () => scales.map((s) => s * (rng.normal() + 2)));
        const y = rows.map((r) => r[0]! * 2e3 - r[2]! * 1e-3 + rng.normal());
        const raw = matrixFromRows(["a", "b", "c"], rows);
        const std = FeatureStandardizer.fit(raw);
        const p1 = OlsRegressor.fit(raw, y).predict(raw);
        const p2 = OlsRegressor.fit(std.transform(raw), y).predict(std.transform(raw));
        for (let i = 0; i < n; i++) expect(p2[i]!).toBeCloseTo(p1[i]!, 6);
      }),
      { seed: 42, numRuns: 50 },
    );
  });

  it("refuses a constant feature (collinear with the intercept) with MODEL_ERROR naming it", () => {
    const m = matrixFromRows(
      ["x", "sign"],
      [
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
      ],
    );
    expect(() => OlsRegressor.fit(m, [1, 2, 3, 5])).toThrowError(
      /"sign" is constant or a linear combination/,
    );
    expect(() => OlsRegressor.fit(matrixFromRows(["x"], [[1], [2]]), [1, 2])).toThrowError(ExecsimError);
    expect(() =>
      OlsRegressor.fit(matrixFromRows(["x"], [[1], [Number.NaN], [3], [4]]), [1, 2, 3, 4]),
    ).toThrowError(/row 1/);
  });

  it("serialises to versioned JSON and reloads with identical predictions", () => {
    const rng = createRng(7);
    const rows = Array.from({ length: 50 }, () => [rng.normal(), rng.normal()]);
    const y = rows.map((r) => 1 + r[0]! - 0.3 * r[1]! + 0.1 * rng.normal());
    const m = matrixFromRows(["a", "b"], rows);
    const ols = OlsRegressor.fit(m, y);
    const json = ols.toJSON();
    expect(json.kind).toBe("execsim.ml.ols");
    expect(json.version).toBe(1);
    const back = OlsRegressor.fromJSON(JSON.stringify(json));
    expect(Array.from(back.predict(m))).toEqual(Array.from(ols.predict(m)));
    expect(() => OlsRegressor.fromJSON({ ...json, weights: [1] })).toThrowError(/expected 2/);
    expect(() => OlsRegressor.fromJSON({ ...json, kind: "execsim.ml.mlp" })).toThrowError(/kind/);
  });
});
