import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../../src/core/errors.js";
import { DAY_MS } from "../../../src/core/interval.js";
import { createRng } from "../../../src/core/rng.js";
import { sliceRows } from "../../../src/impact/ml/feature-matrix.js";
import { fitImpactPredictor, MlImpactPredictor } from "../../../src/impact/ml/impact-predictor.js";
import { FeatureStandardizer } from "../../../src/impact/ml/standardizer.js";
import { generateImpactSamples, timeOfDayTruth } from "../../../src/impact/ml/synthetic-impact-samples.js";
import { START_MS, syntheticSeries } from "./ml-fixtures.js";

const series = syntheticSeries(12);
const set = generateImpactSamples(series, { count: 600, truth: timeOfDayTruth() }, createRng("pred"));
const network = { hidden1: 8, hidden2: 8, maxEpochs: 15, learningRate: 5e-3 };

describe("storable ML impact predictor", () => {
  for (const model of ["ols", "mlp"] as const) {
    for (const target of ["cost", "signed"] as const) {
      it(`${model}/${target}: a JSON round trip gives identical predictions, on features and on raw orders`, () => {
        const { predictor, training } = fitImpactPredictor(set.dataset, { model, target, network, seed: 1 });
        expect(training === null).toBe(model === "ols");
        const text = JSON.stringify(predictor);
        const back = MlImpactPredictor.fromJSON(text);
        expect(back.model).toBe(model);
        expect(back.target).toBe(target);
        const p1 = predictor.predictFeatures(set.dataset.features);
        expect(Array.from(back.predictFeatures(set.dataset.features))).toEqual(Array.from(p1));
        // predicting from (time, qty) on the series rebuilds the same features
        const orders = set.samples.slice(0, 50).map((s) => ({ timeMs: s.timeMs, qty: s.qty }));
        const p2 = back.predictSamples(series, orders);
        for (let i = 0; i < 50; i++) expect(p2[i]).toBe(p1[i]);
        // cost target: ΔP/P = sign(Q) · regressor(z); signed target: ΔP/P = regressor(z)
        const raw = predictor.regressor.predict(predictor.standardizer.transform(set.dataset.features));
        const expected = raw.map((v, r) => (target === "cost" && set.dataset.qty[r]! < 0 ? -v : v));
        expect(Array.from(p1)).toEqual(Array.from(expected));
      });
    }
  }

  it("fits the standardizer on the rows the model trains on (the network's validation tail excluded)", () => {
    const n = set.dataset.features.nRows;
    const { predictor, training } = fitImpactPredictor(set.dataset, { model: "mlp", network, seed: 1 });
    expect(training!.trainRows).toBe(n - Math.round(n * 0.2));
    const expected = FeatureStandardizer.fit(sliceRows(set.dataset.features, 0, training!.trainRows));
    expect(Array.from(predictor.standardizer.mean)).toEqual(Array.from(expected.mean));
    expect(Array.from(predictor.standardizer.scale)).toEqual(Array.from(expected.scale));
    const ols = fitImpactPredictor(set.dataset, { model: "ols" }).predictor;
    expect(Array.from(ols.standardizer.mean)).toEqual(
      Array.from(FeatureStandardizer.fit(set.dataset.features).mean),
    );
  });

  it("returns NaN for orders without enough history or with zero size, in input order", () => {
    const { predictor } = fitImpactPredictor(set.dataset, { model: "ols" });
    const p = predictor.predictSamples(series, [
      { timeMs: START_MS + DAY_MS, qty: 1 },
      { timeMs: START_MS + 10 * DAY_MS, qty: 2 },
      { timeMs: START_MS + 10 * DAY_MS, qty: 0 },
    ]);
    expect(Number.isNaN(p[0]!)).toBe(true);
    expect(Number.isFinite(p[1]!)).toBe(true);
    expect(Number.isNaN(p[2]!)).toBe(true);
  });

  it("the cost target flips with the order: a sell is predicted as the mirror of the same-size buy", () => {
    const { predictor } = fitImpactPredictor(set.dataset, { model: "mlp", network, seed: 2 });
    const t = START_MS + 10 * DAY_MS + 3_600_000;
    const [buy, sell] = predictor.predictSamples(series, [
      { timeMs: t, qty: 5 },
      { timeMs: t, qty: -5 },
    ]);
    expect(buy!).toBeGreaterThan(0);
    expect(sell!).toBeLessThan(0);
  });

  it("rejects malformed or inconsistent JSON with PARSE_ERROR", () => {
    const { predictor } = fitImpactPredictor(set.dataset, { model: "mlp", network, seed: 3 });
    const obj = JSON.parse(JSON.stringify(predictor));
    const renamed = {
      ...obj,
      standardizer: { ...obj.standardizer, names: obj.standardizer.names.map((n: string) => `${n}_`) },
    };
    for (const bad of [
      { ...obj, model: "forest" },
      { ...obj, target: "bps" },
      { ...obj, kind: "execsim.ml.mlp" },
      { ...obj, regressor: { ...obj.regressor, params: [] } },
      { ...obj, features: { ...obj.features, advWindowMs: 1000 } },
      renamed,
      // a cost-target predictor whose features have no orderSign column cannot restore the sign
      {
        ...renamed,
        regressor: { ...obj.regressor, names: renamed.standardizer.names },
      },
      "null",
    ]) {
      let err: unknown;
      try {
        MlImpactPredictor.fromJSON(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ExecsimError);
      expect((err as ExecsimError).code).toBe("PARSE_ERROR");
    }
  });
});
