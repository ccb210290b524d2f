import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/core/rng.js";
import {
  generateImpactSamples,
  squareRootTruth,
  timeOfDayTruth,
} from "../../../src/impact/ml/synthetic-impact-samples.js";
import {
  regressionMetrics,
  walkForwardEvaluate,
  walkForwardFolds,
} from "../../../src/impact/ml/walk-forward.js";
import { syntheticSeries } from "./ml-fixtures.js";

// 45 days of 5-minute bars: the samples span several volatility regimes of the GARCH generator, so
// the test periods do not ask the network to extrapolate far outside what it was trained on.
const series = syntheticSeries(45);
const NETWORK = { hidden1: 16, hidden2: 16, learningRate: 5e-3, maxEpochs: 60 };

describe("walk-forward evaluation", () => {
  it("computes RMSE, MAE, bias and R² as defined (hand-computed)", () => {
    // e = [0.5, 0, -1, 1]: SSE = 2.25, RMSE = 0.75, MAE = 0.625, bias = 0.125; SST = 5 -> R² = 0.55
    const m = regressionMetrics([1, 2, 3, 4], [1.5, 2, 2, 5]);
    expect(m).toEqual({ n: 4, rmse: 0.75, mae: 0.625, bias: 0.125, r2: 0.55 });
    // predicting the mean gives R² = 0; out of sample R² can be negative
    expect(regressionMetrics([1, 2, 3], [2, 2, 2]).r2).toBe(0);
    expect(regressionMetrics([1, 2, 3], [3, 2, 1]).r2).toBe(-3);
  });

  it("splits by time into expanding or rolling folds, with an embargo and without splitting an instant", () => {
    const t = Array.from({ length: 100 }, (_, i) => i * 1000);
    const expanding = walkForwardFolds(t, { folds: 5, initialTrainFraction: 0.5 });
    expect(expanding.map((f) => [f.trainStart, f.trainEnd, f.testStart, f.testEnd])).toEqual([
      [0, 50, 50, 60],
      [0, 60, 60, 70],
      [0, 70, 70, 80],
      [0, 80, 80, 90],
      [0, 90, 90, 100],
    ]);
    const rolling = walkForwardFolds(t, { folds: 5, initialTrainFraction: 0.5, scheme: "rolling" });
    expect(rolling.map((f) => [f.trainStart, f.trainEnd])).toEqual([
      [0, 50],
      [10, 60],
      [20, 70],
      [30, 80],
      [40, 90],
    ]);
    // an embargo of 5 s drops the 5 training rows just before each test block
    const embargo = walkForwardFolds(t, { folds: 5, initialTrainFraction: 0.5, embargoMs: 5000 });
    expect(embargo.map((f) => f.trainEnd)).toEqual([45, 55, 65, 75, 85]);
    // rows 58..61 share one timestamp: the boundary at 60 moves to 62
    const tied = t.map((v, i) => (i >= 58 && i <= 61 ? 58_000 : v));
    const f = walkForwardFolds(tied, { folds: 5, initialTrainFraction: 0.5 });
    expect(f[0]!.testEnd).toBe(62);
    expect(f[1]!.testStart).toBe(62);
    expect(() => walkForwardFolds([3, 2, 1])).toThrowError(/time order/);
    expect(() => walkForwardFolds(t.slice(0, 30), { folds: 4 })).toThrowError(/at least 20 training rows/);
  });

  it("property: every training row is strictly earlier than every row of its test block", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 60, maxLength: 300 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom("expanding" as const, "rolling" as const),
        fc.integer({ min: 0, max: 20 }),
        (raw, folds, scheme, embargoMs) => {
          const t = [...raw].sort((a, b) => a - b);
          let fs: ReturnType<typeof walkForwardFolds>;
          try {
            fs = walkForwardFolds(t, { folds, scheme, embargoMs, initialTrainFraction: 0.5 });
          } catch (e) {
            expect((e as Error).message).toMatch(/training rows|test row/);
            return;
          }
          let covered = 0;
          for (const f of fs) {
            expect(t[f.trainEnd - 1]!).toBeLessThan(
              t[f.testStart]! - embargoMs + (embargoMs === 0 ? 0 : 1e-9),
            );
            expect(t[f.trainEnd - 1]!).toBeLessThan(t[f.testStart]!);
            expect(f.trainEnd - f.trainStart).toBeGreaterThanOrEqual(20);
            covered += f.testEnd - f.testStart;
          }
          // test blocks are contiguous and end at the last row
          for (let k = 1; k < fs.length; k++) expect(fs[k]!.testStart).toBe(fs[k - 1]!.testEnd);
          expect(fs[fs.length - 1]!.testEnd).toBe(t.length);
          expect(covered).toBe(t.length - fs[0]!.testStart);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it("when the truth IS the square-root law, the calibrated baseline wins and recovers η = δ = 0.5; the net is close", () => {
    const set = generateImpactSamples(
      series,
      { count: 2000, truth: squareRootTruth() },
      createRng("wf-sqrt"),
    );
    const progress: [number, number][] = [];
    const rep = walkForwardEvaluate(set.dataset, {
      folds: 2,
      network: NETWORK,
      seed: 7,
      onFold: (done, total) => progress.push([done, total]),
    });
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]); // what `ml evaluate`'s progress bar is fed
    const { sqrt, ols, mlp } = rep.overall;
    expect(sqrt!.n).toBe(1000);
    // multiplicative log-normal noise sd 0.2 caps R²; the exact model gets ~0.93 on costs
    expect(sqrt!.r2).toBeGreaterThan(0.9);
    expect(sqrt!.r2).toBeGreaterThan(mlp!.r2);
    expect(sqrt!.r2).toBeGreaterThan(ols!.r2);
    expect(mlp!.r2).toBeGreaterThan(sqrt!.r2 - 0.07);
    // both learners recover real signal; the net beats the linear model on this nonlinear law
    expect(ols!.r2).toBeGreaterThan(0.6);
    expect(mlp!.r2).toBeGreaterThan(ols!.r2 + 0.08);
    expect(sqrt!.relativeMse).toBe(1);
    expect(mlp!.relativeMse).toBeGreaterThan(1);
    for (const f of rep.folds) {
      expect(Math.abs(f.sqrt!.eta - 0.5)).toBeLessThan(3 * f.sqrt!.etaSE);
      expect(Math.abs(f.sqrt!.delta - 0.5)).toBeLessThan(3 * f.sqrt!.deltaSE);
      expect(f.trainToMs).toBeLessThan(f.testFromMs);
      expect(f.mlp!.bestEpoch).toBeGreaterThan(0);
    }
  });

  it("when impact depends nonlinearly on the time of day, the net beats the square-root baseline and OLS", () => {
    const set = generateImpactSamples(series, { count: 2000, truth: timeOfDayTruth() }, createRng("wf-tod"));
    const rep = walkForwardEvaluate(set.dataset, { folds: 2, network: NETWORK, seed: 7 });
    const { sqrt, ols, mlp } = rep.overall;
    expect(mlp!.r2).toBeGreaterThan(sqrt!.r2 + 0.15);
    expect(mlp!.r2).toBeGreaterThan(ols!.r2 + 0.1);
    expect(mlp!.relativeMse).toBeLessThan(0.5);
    for (const f of rep.folds) expect(f.metrics.mlp!.rmse).toBeLessThan(f.metrics.sqrt!.rmse);
    // RMSE and MAE are the same on the ΔP/P and the cost scale
    const p = rep.predictions.mlp!;
    let sse = 0;
    rep.testRows.forEach((r, i) => {
      sse += (p[i]! - set.dataset.impact[r]!) ** 2;
    });
    expect(Math.sqrt(sse / p.length)).toBeCloseTo(mlp!.rmse, 15);
  });

  it("is deterministic for a seed and refuses rows without a realized impact", () => {
    const set = generateImpactSamples(series, { count: 400, truth: squareRootTruth() }, createRng("wf-det"));
    const opts = { folds: 2, network: { ...NETWORK, maxEpochs: 8 }, seed: 3 };
    const a = walkForwardEvaluate(set.dataset, opts);
    const b = walkForwardEvaluate(set.dataset, opts);
    expect(JSON.stringify(a.overall)).toBe(JSON.stringify(b.overall));
    expect(Array.from(a.predictions.mlp!)).toEqual(Array.from(b.predictions.mlp!));
    const only = walkForwardEvaluate(set.dataset, { ...opts, models: ["sqrt"] });
    expect(Object.keys(only.overall)).toEqual(["sqrt"]);
    const broken = { ...set.dataset, impact: set.dataset.impact.slice() };
    broken.impact[5] = Number.NaN;
    expect(() => walkForwardEvaluate(broken, opts)).toThrowError(/row 5/);
    expect(() => walkForwardEvaluate(set.dataset, { models: [] })).toThrowError(/models/);
  });
});
