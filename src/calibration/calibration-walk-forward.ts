/**
 * Walk-forward (by time) out-of-sample error of a calibrated model, and of the ML predictors on the
 * same split (the comparison the hedging seed asks for: "a calibrated model is never trusted blindly";
 * price-impact-ml-chapter: add complexity "only when justified by out-of-sample performance").
 *
 * Split: parents sorted by start; the first half (at least the model's minimum) is the first training
 * set, the rest is cut into `folds` consecutive test blocks. A block's model is fitted on the parents
 * that ENDED at or before the block's first start (so no fill of the training set comes after a test
 * parent begins), and scored on the block. Errors are pooled over all blocks: RMSE = sqrt(mean e²).
 * ML comparison, on the same blocks and training sets, in cost units (fraction of the arrival price,
 * e = predicted − realized cost): the square-root law (calibrateSquareRoot), OLS and the two-layer
 * network on the impact features (impact/ml; the network's seed is fixed, so results are
 * reproducible); relativeMse = MSE / MSE(square-root law) (< 1: the model beats the law out of sample).
 * Limitations: few parents give few, noisy test blocks; the network needs ≥ 20 training parents (it is
 * skipped below that, with a note).
 */
import { isExecsimError } from "../core/errors.js";
import { createRng } from "../core/rng.js";
import { IMPACT_FEATURE_NAMES, type ImpactDataset } from "../impact/ml/feature-builder.js";
import { fitImpactPredictor, type MlModelKind } from "../impact/ml/impact-predictor.js";
import type { CalibrationPoint } from "./calibration-points.js";
import { CALIBRATION_FEATURE_CONFIG } from "./calibration-points.js";
import { sqrtFitter } from "./fit-sqrt.js";
import { type KindFitter, rmse } from "./kind-fit.js";

export interface WalkForwardSplit {
  /** Training and test parents of each block (indices into the time-sorted points). */
  readonly blocks: readonly { train: number[]; test: number[] }[];
  readonly sorted: readonly CalibrationPoint[];
}

export const DEFAULT_CALIBRATION_FOLDS = 4;
/** Minimum training parents of the ML predictors. */
export const MIN_ML_TRAIN = 20;

/** The walk-forward blocks of `points` (blocks without enough training parents are left out). */
export function calibrationWalkForward(
  points: readonly CalibrationPoint[],
  minTrain: number,
  folds = DEFAULT_CALIBRATION_FOLDS,
): WalkForwardSplit {
  const sorted = [...points].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const n = sorted.length;
  const initial = Math.max(minTrain, Math.round(n / 2));
  const blocks: { train: number[]; test: number[] }[] = [];
  const rest = n - initial;
  const k = Math.min(folds, rest);
  for (let b = 0; b < k; b++) {
    const from = initial + Math.round((b * rest) / k);
    const to = initial + Math.round(((b + 1) * rest) / k);
    if (to <= from) continue;
    const t0 = sorted[from]!.startMs;
    const train = sorted.map((_, i) => i).filter((i) => i < from && sorted[i]!.endMs <= t0);
    if (train.length < minTrain) continue;
    blocks.push({ train, test: Array.from({ length: to - from }, (_, i) => from + i) });
  }
  return { blocks, sorted };
}

/** Out-of-sample errors of a kind's fit on the split (blocks whose fit fails are skipped). */
export function outOfSampleErrors(
  split: WalkForwardSplit,
  fitter: KindFitter,
): { errors: number[]; blocks: number } {
  const errors: number[] = [];
  let blocks = 0;
  for (const b of split.blocks) {
    try {
      const f = fitter.fit(
        b.train.map((i) => split.sorted[i]!),
        { standardErrors: false },
      );
      errors.push(...f.errors(b.test.map((i) => split.sorted[i]!)));
      blocks++;
    } catch (e) {
      if (!isExecsimError(e)) throw e;
    }
  }
  return { errors, blocks };
}

export interface MlComparisonRow {
  readonly model: "sqrt" | MlModelKind | string;
  readonly oosRmse: number;
  /** MSE / MSE of the square-root law on the same test parents. */
  readonly relativeMse: number;
  readonly n: number;
}

export interface MlComparison {
  readonly rows: MlComparisonRow[];
  readonly blocks: number;
  readonly notes: string[];
}

/**
 * Feature columns that vary and are linearly independent on `rows` (Gram-Schmidt on the centred
 * columns, in IMPACT_FEATURE_NAMES order): parents that all start at the same time of day, or are all
 * buys, make hourSin / hourCos / orderSign constant, which OLS cannot fit.
 */
export function independentFeatures(rows: readonly CalibrationPoint[]): number[] {
  const basis: Float64Array[] = [];
  const keep: number[] = [];
  IMPACT_FEATURE_NAMES.forEach((_, j) => {
    const col = Float64Array.from(rows, (p) => p.features[j]!);
    const scale = Math.hypot(...col);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    for (let i = 0; i < col.length; i++) col[i]! -= mean;
    const norm0 = Math.hypot(...col);
    for (const b of basis) {
      let dot = 0;
      for (let i = 0; i < col.length; i++) dot += col[i]! * b[i]!;
      for (let i = 0; i < col.length; i++) col[i]! -= dot * b[i]!;
    }
    const norm = Math.hypot(...col);
    if (norm0 > 1e-9 * scale && norm > 1e-6 * norm0) {
      basis.push(col.map((v) => v / norm));
      keep.push(j);
    }
  });
  return keep;
}

/**
 * Dataset of the given points for the ML predictors: the chosen feature columns, the realized cost as
 * the label (learnt directly: target "signed" on a label that is already a cost, so a constant order
 * sign can be left out) and |Q|.
 */
function datasetOf(points: readonly CalibrationPoint[], columns: readonly number[]): ImpactDataset {
  const d = columns.length;
  const x = new Float64Array(points.length * d);
  points.forEach((p, r) => {
    columns.forEach((c, k) => {
      x[r * d + k] = p.features[c]!;
    });
  });
  return {
    features: { names: columns.map((c) => IMPACT_FEATURE_NAMES[c]!), nRows: points.length, nCols: d, x },
    impact: Float64Array.from(points, (p) => p.cost),
    timeMs: Float64Array.from(points, (p) => p.startMs),
    qty: Float64Array.from(points, (p) => Math.abs(p.qty)),
    adv: Float64Array.from(points, (p) => p.adv),
    sigmaDaily: Float64Array.from(points, (p) => p.sigmaDaily),
    sampleIndex: Int32Array.from(points, (_, i) => i),
    dropped: { insufficientHistory: 0, zeroQty: 0, invalid: 0 },
    config: Object.freeze({ ...CALIBRATION_FEATURE_CONFIG }) as ImpactDataset["config"],
  };
}

/**
 * The square-root law, OLS and the network (and `extra`, the calibrated kind, when it predicts costs:
 * ac does, the propagator predicts markouts) on the same blocks, in cost units.
 */
export function compareWithMl(
  points: readonly CalibrationPoint[],
  extra: { name: string; fitter: KindFitter } | null,
  seed: string | number = 42,
): MlComparison {
  const split = calibrationWalkForward(points, MIN_ML_TRAIN);
  const notes: string[] = [];
  if (split.blocks.length === 0) {
    notes.push(
      `the ML comparison needs at least ${MIN_ML_TRAIN} training parents before a test block ` +
        `(${points.length} parents give none); supply more parents`,
    );
    return { rows: [], blocks: 0, notes };
  }
  const names = ["sqrt", "ols", "mlp", ...(extra && extra.name !== "sqrt" ? [extra.name] : [])];
  const errs = new Map<string, number[]>(names.map((m) => [m, []]));
  const rng = createRng(seed);
  let used = 0;
  split.blocks.forEach((b, k) => {
    const train = b.train.map((i) => split.sorted[i]!);
    const test = b.test.map((i) => split.sorted[i]!);
    let law: ReturnType<typeof sqrtFitter.fit>;
    try {
      law = sqrtFitter.fit(train);
    } catch (e) {
      if (!isExecsimError(e)) throw e;
      return; // the baseline cannot be fitted on this block: skip it for every model
    }
    const blockErrs = new Map<string, number[]>();
    blockErrs.set("sqrt", law.errors(test));
    const ds = datasetOf([...train, ...test], independentFeatures(train));
    for (const model of ["ols", "mlp"] as const) {
      const { predictor } = fitImpactPredictor(
        ds,
        { model, target: "signed", rng: rng.fork(`fold-${k}/${model}`) },
        0,
        train.length,
      );
      const m = ds.features;
      const pred = predictor.predictFeatures({
        names: m.names,
        nRows: test.length,
        nCols: m.nCols,
        x: m.x.subarray(train.length * m.nCols),
      });
      blockErrs.set(
        model,
        test.map((p, i) => pred[i]! - p.cost),
      );
    }
    if (extra && extra.name !== "sqrt") {
      try {
        const f = extra.fitter.fit(train, { standardErrors: false });
        if (f.predictCost)
          blockErrs.set(
            extra.name,
            test.map((p) => f.predictCost!(p) - p.cost),
          );
      } catch (e) {
        if (!isExecsimError(e)) throw e;
        return;
      }
    }
    for (const [m, e] of blockErrs) errs.get(m)!.push(...e);
    used++;
  });
  const base = rmse(errs.get("sqrt")!);
  const scored = names.filter((m) => errs.get(m)!.length > 0 || m === "sqrt");
  if (scored.length < names.length)
    notes.push(
      `${names.filter((m) => !scored.includes(m)).join(", ")} predicts markouts, not costs: it is not in the cost comparison`,
    );
  const rows = scored.map((m) => {
    const e = errs.get(m)!;
    const r = rmse(e);
    return { model: m, oosRmse: r, relativeMse: (r * r) / (base * base), n: e.length };
  });
  return { rows, blocks: used, notes };
}
