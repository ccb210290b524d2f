import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../../src/core/errors.js";
import { createRng } from "../../../src/core/rng.js";
import { type FeatureMatrix, matrixFromRows } from "../../../src/impact/ml/feature-matrix.js";
import { MlpRegressor, mlpParameterCount, trainMlp } from "../../../src/impact/ml/neural-network.js";

function dataset(n: number, seed: string, f: (a: number, b: number) => number, noise = 0.05) {
  const rng = createRng(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = 2 * rng.uniform() - 1;
    const b = 2 * rng.uniform() - 1;
    rows.push([a, b]);
    y.push(f(a, b) + noise * rng.normal());
  }
  return { m: matrixFromRows(["a", "b"], rows), y: Float64Array.from(y) };
}

function mse(pred: Float64Array, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += (pred[i]! - y[i]!) ** 2;
  return s / pred.length;
}

describe("two-hidden-layer ReLU network", () => {
  it("has the chapter's shape d -> h1 -> h2 -> 1 and He-initialised weights", () => {
    expect(mlpParameterCount(7, { hidden1: 16, hidden2: 8 })).toBe(7 * 16 + 16 + 16 * 8 + 8 + 8 + 1);
    const names = Array.from({ length: 50 }, (_, i) => `f${i}`);
    const net = MlpRegressor.initialize(names, { hidden1: 200, hidden2: 100 }, createRng("he"));
    // Var(W1) should be 2/fan_in = 2/50 = 0.04 (10,000 draws: sd of the estimate ~ 0.04*sqrt(2/1e4))
    let s2 = 0;
    for (let i = 0; i < 50 * 200; i++) s2 += net.params[i]! ** 2;
    expect(s2 / 10_000).toBeGreaterThan(0.04 * 0.95);
    expect(s2 / 10_000).toBeLessThan(0.04 * 1.05);
    // biases start at zero
    expect(net.params.subarray(50 * 200, 50 * 200 + 200).every((v) => v === 0)).toBe(true);
  });

  it("gradient check: back-propagation matches central finite differences (relative error < 1e-6)", () => {
    const rng = createRng("grad-check");
    const d = 4;
    const net = MlpRegressor.initialize(
      Array.from({ length: d }, (_, i) => `x${i}`),
      { hidden1: 5, hidden2: 3 },
      rng.fork("init"),
    );
    // random non-zero biases so that every parameter (incl. biases) gets a generic gradient
    for (let i = 0; i < net.params.length; i++) net.params[i]! += 0.1 * rng.normal();
    const n = 6;
    const x = new Float64Array(n * d).map(() => rng.normal());
    const t = new Float64Array(n).map(() => rng.normal());
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    for (const l2 of [0, 0.01]) {
      const grad = new Float64Array(net.params.length);
      net.lossAndGradient(x, t, rows, n, grad, l2);
      const h = 1e-5;
      const scratch = new Float64Array(net.params.length);
      let maxRel = 0;
      let checked = 0;
      for (let i = 0; i < net.params.length; i++) {
        const p0 = net.params[i]!;
        net.params[i] = p0 + h;
        const lp = net.lossAndGradient(x, t, rows, n, scratch, l2);
        net.params[i] = p0 - h;
        const lm = net.lossAndGradient(x, t, rows, n, scratch, l2);
        net.params[i] = p0;
        const numeric = (lp - lm) / (2 * h);
        const analytic = grad[i]!;
        if (analytic === 0 && numeric === 0) continue; // a unit that is off for every row
        maxRel = Math.max(
          maxRel,
          Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), 1e-8),
        );
        checked++;
      }
      expect(checked).toBeGreaterThan(net.params.length * 0.8);
      expect(maxRel).toBeLessThan(1e-6);
    }
  });

  it("learns a nonlinear function (|a|·b + a²) far better than the best constant", () => {
    const f = (a: number, b: number) => Math.abs(a) * b + a * a;
    const train = dataset(1500, "nl-train", f);
    const test = dataset(500, "nl-test", f);
    const { model, report } = trainMlp(train.m, train.y, { seed: 1, maxEpochs: 150, learningRate: 3e-3 });
    const testMse = mse(model.predict(test.m), test.y);
    let mean = 0;
    for (const v of test.y) mean += v / test.y.length;
    let varY = 0;
    for (const v of test.y) varY += (v - mean) ** 2 / test.y.length;
    // noise variance is 0.0025; the net should get close to it and far below Var(y)
    expect(testMse).toBeLessThan(0.01);
    expect(testMse / varY).toBeLessThan(0.1);
    expect(report.trainRows).toBe(1200);
    expect(report.validationRows).toBe(300);
    expect(report.bestValidationMse).toBe(Math.min(...report.validationMse));
  });

  it("the same seed gives byte-identical trained weights; another seed does not", () => {
    const data = dataset(300, "det", (a, b) => a * b);
    const opts = { maxEpochs: 15, hidden1: 8, hidden2: 4 };
    const a = trainMlp(data.m, data.y, { ...opts, seed: 99 }).model;
    const b = trainMlp(data.m, data.y, { ...opts, seed: 99 }).model;
    const c = trainMlp(data.m, data.y, { ...opts, seed: 100 }).model;
    expect(Buffer.from(a.params.buffer).equals(Buffer.from(b.params.buffer))).toBe(true);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(Buffer.from(a.params.buffer).equals(Buffer.from(c.params.buffer))).toBe(false);
  });

  it("early stopping restores the weights of the best validation epoch", () => {
    // Pure-noise labels: the validation error cannot improve for long, so training stops early.
    const rng = createRng("noise");
    const rows = Array.from({ length: 400 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const m: FeatureMatrix = matrixFromRows(["a", "b", "c"], rows);
    const y = Float64Array.from(rows, () => rng.normal());
    const { model, report } = trainMlp(m, y, {
      seed: 3,
      maxEpochs: 500,
      patience: 5,
      learningRate: 1e-2,
      hidden1: 32,
      hidden2: 32,
    });
    expect(report.stoppedEarly).toBe(true);
    expect(report.epochs).toBe(report.bestEpoch + 5);
    expect(report.epochs).toBeLessThan(500);
    // the restored weights reproduce the best validation MSE exactly
    const valM = matrixFromRows(["a", "b", "c"], rows.slice(report.trainRows));
    const valMse = mse(model.predict(valM), y.subarray(report.trainRows));
    expect(valMse).toBeCloseTo(report.bestValidationMse, 10);
    expect(report.validationMse[report.bestEpoch - 1]).toBe(report.bestValidationMse);
  });

  it("SGD with momentum also trains (loss goes down)", () => {
    const data = dataset(600, "sgd", (a, b) => 2 * a - b);
    const { report } = trainMlp(data.m, data.y, {
      seed: 5,
      optimizer: "sgd",
      learningRate: 0.01,
      maxEpochs: 30,
    });
    expect(report.trainMse[report.trainMse.length - 1]!).toBeLessThan(report.trainMse[0]! / 5);
  });

  it("serialises to versioned JSON and reloads with identical predictions; rejects bad files", () => {
    const data = dataset(200, "json", (a, b) => a - b);
    const { model } = trainMlp(data.m, data.y, { seed: 11, maxEpochs: 5, hidden1: 6, hidden2: 5 });
    const text = JSON.stringify(model);
    const back = MlpRegressor.fromJSON(text);
    expect(Array.from(back.predict(data.m))).toEqual(Array.from(model.predict(data.m)));
    expect(model.predict(data.m)[3]).toBe(model.predictRow(data.m.x.subarray(3 * 2, 4 * 2)));
    expect(() => model.predict(matrixFromRows(["a"], [[1]]))).toThrowError(
      /network expects 2 features, got 1/,
    );
    const obj = JSON.parse(text);
    expect(obj.kind).toBe("execsim.ml.mlp");
    expect(obj.version).toBe(1);
    for (const bad of [
      { ...obj, params: obj.params.slice(1) },
      { ...obj, hidden1: 0 },
      { ...obj, yScale: -1 },
      { ...obj, version: 99 },
      { ...obj, params: [...obj.params.slice(1), null] },
    ]) {
      let err: unknown;
      try {
        MlpRegressor.fromJSON(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ExecsimError);
      expect((err as ExecsimError).code).toBe("PARSE_ERROR");
    }
  });

  it("rejects invalid training options with a clear message", () => {
    const data = dataset(50, "opts", (a) => a);
    expect(() => trainMlp(data.m, data.y, { learningRate: -1 })).toThrowError(/learningRate/);
    expect(() => trainMlp(data.m, data.y, { batchSize: 0 })).toThrowError(/batchSize/);
    expect(() => trainMlp(data.m, data.y, { validationFraction: 1 })).toThrowError(/validationFraction/);
    expect(() => trainMlp(matrixFromRows(["a"], [[1], [2]]), [1, 2])).toThrowError(
      /at least 2 training rows/,
    );
  });
});
