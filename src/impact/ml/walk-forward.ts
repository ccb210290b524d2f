/**
 * Walk-forward (out-of-sample, split by time) evaluation of impact predictors against the square-root
 * law as the baseline, following the calibration workflow of impact-model-hedging-article.txt
 * ("Backtesting and Validation": a model is judged on data not used to calibrate it) and the chapter's
 * advice to add complexity "only when justified by out-of-sample performance"
 * (price-impact-ml-chapter.txt, Key Takeaways).
 *
 * Folds: rows are in time order. The first `initialTrainFraction` of the rows form the first training
 * set; the rest is cut into `folds` consecutive test blocks of (nearly) equal size. For test block k:
 *   expanding: train on every row before the block;   rolling: train on the `initial` rows before it.
 * A block boundary never splits rows with the same timestamp, and with `embargoMs` > 0 training rows
 * within embargoMs before the block are left out (for labels measured over a horizon that would
 * otherwise overlap the test period).
 * Models per fold (each fitted on the fold's training rows only):
 *   sqrt  square-root law ΔP/P = σ·sign(Q)·η·(|Q|/V)^δ with η, δ from calibrateSquareRoot (log-linear
 *         OLS) on the training rows; σ = daily realized vol and V = ADV from the feature builder
 *   ols   OLS on the standardised features;   mlp   the two-hidden-layer ReLU network
 * Metrics on each test block and pooled over all test rows, in COST units c = sign(Q) · ΔP/P
 * (fraction of price, positive when the impact hurts; DESIGN.md's convention), e = ĉ − c:
 *   RMSE = sqrt(mean e²), MAE = mean |e| (both identical on the ΔP/P scale, since |e| is the same),
 *   bias = mean e (> 0: the model over-predicts cost),
 *   R² = 1 − Σe² / Σ(c − c̄)² with c̄ the mean of the evaluated rows (can be < 0 out of sample),
 *   relativeMse = MSE(model) / MSE(sqrt baseline)  (< 1: the model beats the baseline).
 * R² is taken on costs rather than on signed ΔP/P on purpose: on the signed scale the order's sign
 * alone "explains" most of the variance, and every model would look good for knowing it.
 * Limitations: one split scheme per call; no hyper-parameter search (that would need a nested split).
 */
import { ExecsimError } from "../../core/errors.js";
import { createRng, type Rng } from "../../core/rng.js";
import { calibrateSquareRoot } from "../square-root-calibration.js";
import { squareRootFraction } from "../square-root-impact.js";
import type { ImpactDataset } from "./feature-builder.js";
import { fitImpactPredictor, type MlTarget } from "./impact-predictor.js";
import type { MlpArchitecture, MlpTrainingOptions } from "./neural-network.js";

export type EvaluatedModel = "sqrt" | "ols" | "mlp";
export const EVALUATED_MODELS: readonly EvaluatedModel[] = ["sqrt", "ols", "mlp"];

export interface WalkForwardOptions {
  folds: number;
  scheme: "expanding" | "rolling";
  /** Share of the rows that forms the first training set (0..1). */
  initialTrainFraction: number;
  /** Training rows within this many ms before a test block are dropped (default 0). */
  embargoMs: number;
  models: readonly EvaluatedModel[];
  network: Partial<MlpTrainingOptions & MlpArchitecture>;
  /** Seed for the networks (fold k uses rng.fork(`fold-${k}`)). */
  seed: string | number;
  /** What the ML models learn (see impact-predictor.ts); default "cost". */
  target: MlTarget;
  /** Called after each fold (done of total), e.g. for a progress bar. */
  onFold?: (done: number, total: number) => void;
}

export const DEFAULT_WALK_FORWARD: Readonly<WalkForwardOptions> = Object.freeze({
  folds: 4,
  scheme: "expanding",
  initialTrainFraction: 0.5,
  embargoMs: 0,
  models: EVALUATED_MODELS,
  network: {},
  seed: 42,
  target: "cost",
});

export interface RegressionMetrics {
  n: number;
  rmse: number;
  mae: number;
  bias: number;
  r2: number;
}

export interface WalkForwardFold {
  index: number;
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
}

export interface FoldResult extends WalkForwardFold {
  trainFromMs: number;
  trainToMs: number;
  testFromMs: number;
  testToMs: number;
  metrics: Partial<Record<EvaluatedModel, RegressionMetrics>>;
  /** The baseline's calibration on this fold's training rows. */
  sqrt?: { eta: number; delta: number; etaSE: number; deltaSE: number; n: number; excluded: number };
  /** The network's early-stopping outcome on this fold. */
  mlp?: { epochs: number; bestEpoch: number; bestValidationMse: number };
}

export interface WalkForwardReport {
  options: Omit<WalkForwardOptions, "network"> & { network: Partial<MlpTrainingOptions & MlpArchitecture> };
  folds: FoldResult[];
  /** Metrics pooled over every test row of every fold. */
  overall: Partial<Record<EvaluatedModel, RegressionMetrics & { relativeMse?: number }>>;
  /** Out-of-sample predictions of ΔP/P (signed) per model, aligned with `testRows` (dataset rows). */
  predictions: Partial<Record<EvaluatedModel, Float64Array>>;
  testRows: Int32Array;
}

/** RMSE, MAE, bias and R² of predictions against labels. */
export function regressionMetrics(y: ArrayLike<number>, pred: ArrayLike<number>): RegressionMetrics {
  const n = y.length;
  if (n === 0 || pred.length !== n) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `metrics need as many predictions as labels (>= 1), got ${pred.length} and ${n}`,
    );
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let sse = 0;
  let sae = 0;
  let se = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const e = pred[i]! - y[i]!;
    sse += e * e;
    sae += Math.abs(e);
    se += e;
    sst += (y[i]! - mean) ** 2;
  }
  return {
    n,
    rmse: Math.sqrt(sse / n),
    mae: sae / n,
    bias: se / n,
    r2: sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : Number.NEGATIVE_INFINITY,
  };
}

function validate(o: WalkForwardOptions): void {
  const bad = (what: string, hint: string): never => {
    throw new ExecsimError("INVALID_ARGUMENT", `walk-forward ${what}: ${hint}`);
  };
  if (!(Number.isInteger(o.folds) && o.folds >= 1)) bad("folds", `must be an integer >= 1, got ${o.folds}`);
  if (o.scheme !== "expanding" && o.scheme !== "rolling")
    bad("scheme", `use "expanding" or "rolling", got ${o.scheme}`);
  if (!(o.initialTrainFraction > 0 && o.initialTrainFraction < 1)) {
    bad("initialTrainFraction", `must be in (0, 1), got ${o.initialTrainFraction}`);
  }
  if (!(o.embargoMs >= 0)) bad("embargoMs", `must be >= 0, got ${o.embargoMs}`);
  if (o.models.length === 0 || o.models.some((m) => !EVALUATED_MODELS.includes(m))) {
    bad("models", `choose from ${EVALUATED_MODELS.join(", ")}, got ${o.models.join(", ") || "none"}`);
  }
}

/** Minimum training rows per fold. */
export const MIN_TRAIN_ROWS = 20;

/** The folds for rows with (ascending) times `timeMs`. */
export function walkForwardFolds(
  timeMs: ArrayLike<number>,
  options: Partial<WalkForwardOptions> = {},
): WalkForwardFold[] {
  const o = { ...DEFAULT_WALK_FORWARD, ...options };
  validate(o);
  const n = timeMs.length;
  for (let i = 1; i < n; i++) {
    if (!(timeMs[i]! >= timeMs[i - 1]!)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `walk-forward needs rows in time order; row ${i} is earlier than row ${i - 1}`,
      );
    }
  }
  const initial = Math.round(n * o.initialTrainFraction);
  const rest = n - initial;
  if (initial < MIN_TRAIN_ROWS || rest < o.folds) {
    throw new ExecsimError(
      "INSUFFICIENT_DATA",
      `walk-forward with ${o.folds} fold(s) and ${o.initialTrainFraction} initial training share needs at least ` +
        `${MIN_TRAIN_ROWS} training rows and one test row per fold, but ${n} rows give ${initial} and ${rest}; ` +
        "supply more samples or fewer folds",
    );
  }
  // Block boundaries, moved forward past equal timestamps so no instant is split.
  const bounds: number[] = [];
  for (let k = 0; k <= o.folds; k++) {
    let b = k === o.folds ? n : initial + Math.round((k * rest) / o.folds);
    while (b > 0 && b < n && timeMs[b] === timeMs[b - 1]) b++;
    bounds.push(b);
  }
  const folds: WalkForwardFold[] = [];
  for (let k = 0; k < o.folds; k++) {
    const testStart = bounds[k]!;
    const testEnd = bounds[k + 1]!;
    if (testEnd <= testStart) continue; // a block swallowed by a run of equal timestamps
    // Training rows: strictly before the test block's first time minus the embargo.
    const cutoff = timeMs[testStart]! - o.embargoMs;
    let trainEnd = testStart;
    while (trainEnd > 0 && timeMs[trainEnd - 1]! >= cutoff) trainEnd--;
    const trainStart = o.scheme === "expanding" ? 0 : Math.max(0, trainEnd - initial);
    if (trainEnd - trainStart < MIN_TRAIN_ROWS) {
      throw new ExecsimError(
        "INSUFFICIENT_DATA",
        `walk-forward fold ${k} has only ${trainEnd - trainStart} training rows (embargo ${o.embargoMs} ms); ` +
          `at least ${MIN_TRAIN_ROWS} are needed — reduce the embargo or supply more samples`,
      );
    }
    folds.push({ index: folds.length, trainStart, trainEnd, testStart, testEnd });
  }
  return folds;
}

/** Fit every model on each fold's training rows and score it on the fold's test rows. */
export function walkForwardEvaluate(
  dataset: ImpactDataset,
  options: Partial<WalkForwardOptions> = {},
): WalkForwardReport {
  const o: WalkForwardOptions = { ...DEFAULT_WALK_FORWARD, ...options };
  const folds = walkForwardFolds(dataset.timeMs, o);
  const y = dataset.impact;
  for (let r = 0; r < y.length; r++) {
    if (!Number.isFinite(y[r]!)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `walk-forward needs a realized impact for every row; row ${r} (sample ${dataset.sampleIndex[r]}) has ${y[r]}`,
      );
    }
  }
  const cost = Float64Array.from(y, (v, r) => (dataset.qty[r]! < 0 ? -v : v));
  const rng: Rng = createRng(o.seed);
  const testCount = folds.reduce((s, f) => s + f.testEnd - f.testStart, 0);
  const testRows = new Int32Array(testCount);
  const predictions: Partial<Record<EvaluatedModel, Float64Array>> = {};
  for (const m of o.models) predictions[m] = new Float64Array(testCount);
  const results: FoldResult[] = [];
  let offset = 0;
  for (const f of folds) {
    const nTest = f.testEnd - f.testStart;
    for (let i = 0; i < nTest; i++) testRows[offset + i] = f.testStart + i;
    const cTest = cost.subarray(f.testStart, f.testEnd);
    const costPred = new Float64Array(nTest);
    const result: FoldResult = {
      ...f,
      trainFromMs: dataset.timeMs[f.trainStart]!,
      trainToMs: dataset.timeMs[f.trainEnd - 1]!,
      testFromMs: dataset.timeMs[f.testStart]!,
      testToMs: dataset.timeMs[f.testEnd - 1]!,
      metrics: {},
    };
    for (const model of o.models) {
      const out = predictions[model]!.subarray(offset, offset + nTest);
      if (model === "sqrt") {
        const points = [];
        for (let r = f.trainStart; r < f.trainEnd; r++) {
          points.push({
            qty: dataset.qty[r]!,
            volume: dataset.adv[r]!,
            sigma: dataset.sigmaDaily[r]!,
            impact: y[r]!,
          });
        }
        const cal = calibrateSquareRoot(points);
        result.sqrt = {
          eta: cal.eta,
          delta: cal.delta,
          etaSE: cal.etaSE,
          deltaSE: cal.deltaSE,
          n: cal.n,
          excluded: cal.excluded,
        };
        for (let i = 0; i < nTest; i++) {
          const r = f.testStart + i;
          out[i] = squareRootFraction(
            dataset.sigmaDaily[r]!,
            cal.eta,
            cal.delta,
            dataset.qty[r]!,
            dataset.adv[r]!,
          );
        }
      } else {
        const { predictor, training } = fitImpactPredictor(
          dataset,
          { model, target: o.target, network: o.network, rng: rng.fork(`fold-${f.index}`) },
          f.trainStart,
          f.trainEnd,
        );
        const m = dataset.features;
        out.set(
          predictor.predictFeatures({
            names: m.names,
            nRows: nTest,
            nCols: m.nCols,
            x: m.x.subarray(f.testStart * m.nCols, f.testEnd * m.nCols),
          }),
        );
        if (training) {
          result.mlp = {
            epochs: training.epochs,
            bestEpoch: training.bestEpoch,
            bestValidationMse: training.bestValidationMse,
          };
        }
      }
      for (let i = 0; i < nTest; i++) costPred[i] = dataset.qty[f.testStart + i]! < 0 ? -out[i]! : out[i]!;
      result.metrics[model] = regressionMetrics(cTest, costPred);
    }
    results.push(result);
    offset += nTest;
    o.onFold?.(results.length, folds.length);
  }
  const cAll = Float64Array.from(testRows, (r) => cost[r]!);
  const overall: WalkForwardReport["overall"] = {};
  for (const model of o.models) {
    const p = predictions[model]!;
    const pc = Float64Array.from(testRows, (r, i) => (dataset.qty[r]! < 0 ? -p[i]! : p[i]!));
    overall[model] = regressionMetrics(cAll, pc);
  }
  const base = overall.sqrt;
  if (base) {
    for (const model of o.models) overall[model]!.relativeMse = overall[model]!.rmse ** 2 / base.rmse ** 2;
  }
  return {
    options: { ...o, models: [...o.models], network: { ...o.network } },
    folds: results,
    overall,
    predictions,
    testRows,
  };
}
