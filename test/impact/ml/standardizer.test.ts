import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../../src/core/errors.js";
import { matrixFromRows, sliceRows } from "../../../src/impact/ml/feature-matrix.js";
import { FeatureStandardizer } from "../../../src/impact/ml/standardizer.js";

describe("feature standardizer", () => {
  const train = matrixFromRows(
    ["a", "b", "k"],
    [
      [1, 10, 5],
      [2, 20, 5],
      [3, 30, 5],
      [4, 40, 5],
    ],
  );

  it("fits population mean and standard deviation on the training rows (hand-computed)", () => {
    const s = FeatureStandardizer.fit(train);
    expect(Array.from(s.mean)).toEqual([2.5, 25, 5]);
    // population sd of 1,2,3,4 = sqrt(1.25); of 10..40 = 10 sqrt(1.25); the constant column gets scale 1
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(1.25), 14);
    expect(s.scale[1]).toBeCloseTo(10 * Math.sqrt(1.25), 13);
    expect(s.scale[2]).toBe(1);
    expect(s.constantColumns).toEqual(["k"]);
    const z = s.transform(train);
    expect(z.x[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 14);
    expect(z.x[2]).toBe(0);
  });

  it("applies the training scaling unchanged to later rows (no refit on test data)", () => {
    const s = FeatureStandardizer.fit(sliceRows(train, 0, 2)); // rows 1,2 -> mean 1.5, sd 0.5
    const test = matrixFromRows(["a", "b", "k"], [[5, 50, 7]]);
    const z = s.transform(test);
    expect(z.x[0]).toBeCloseTo((5 - 1.5) / 0.5, 14);
    expect(z.x[1]).toBeCloseTo((50 - 15) / 5, 14);
    expect(z.x[2]).toBe(2); // constant column: (7 - 5) / 1
    const back = s.inverseTransform(z);
    expect(Array.from(back.x)).toEqual([5, 50, 7]);
  });

  it("round-trips through JSON with identical output and refuses malformed JSON", () => {
    const s = FeatureStandardizer.fit(train);
    const text = JSON.stringify(s);
    const s2 = FeatureStandardizer.fromJSON(text);
    expect(Array.from(s2.transform(train).x)).toEqual(Array.from(s.transform(train).x));
    expect(s2.constantColumns).toEqual(["k"]);
    const obj = JSON.parse(text);
    for (const bad of [
      "{not json",
      { ...obj, kind: "execsim.ml.ols" },
      { ...obj, version: 2 },
      { ...obj, scale: [1, 2] },
      { ...obj, scale: [1, 0, 1] },
      { ...obj, mean: [1, "x", 3] },
      [1, 2],
    ]) {
      expect(() => FeatureStandardizer.fromJSON(bad)).toThrowError(ExecsimError);
    }
    try {
      FeatureStandardizer.fromJSON({ ...obj, version: 2 });
    } catch (e) {
      expect((e as ExecsimError).code).toBe("PARSE_ERROR");
      expect((e as Error).message).toMatch(/version/);
    }
  });

  it("property: inverseTransform undoes transform, and training columns get mean 0 and sd 1", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }), {
          minLength: 2,
          maxLength: 40,
        }),
        (rows) => {
          const m = matrixFromRows(["a", "b", "c"], rows);
          const s = FeatureStandardizer.fit(m);
          const z = s.transform(m);
          const back = s.inverseTransform(z);
          for (let i = 0; i < m.x.length; i++) {
            expect(Math.abs(back.x[i]! - m.x[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(m.x[i]!)));
          }
          for (let c = 0; c < 3; c++) {
            if (s.constantColumns.includes(m.names[c]!)) continue;
            let mean = 0;
            let sq = 0;
            for (let r = 0; r < m.nRows; r++) mean += z.x[r * 3 + c]! / m.nRows;
            for (let r = 0; r < m.nRows; r++) sq += (z.x[r * 3 + c]! - mean) ** 2 / m.nRows;
            expect(Math.abs(mean)).toBeLessThan(1e-9);
            expect(Math.sqrt(sq)).toBeCloseTo(1, 9);
          }
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it("refuses a matrix with other columns than it was fitted on", () => {
    const s = FeatureStandardizer.fit(train);
    expect(() => s.transform(matrixFromRows(["a", "c", "k"], [[1, 2, 3]]))).toThrowError(/fitted on/);
  });
});
