/**
 * `fitCalibratedModel`: one model kind fitted to parent-level points, pooled and per volatility regime,
 * with in-sample and walk-forward out-of-sample error, a test of whether the regimes differ, and the ML
 * predictors beside it; returns the record to store (calibrated-model.ts) and a report.
 *
 * Regimes (`regimes: n`): the points' volatility before their start (regimes.ts) cut at its n-quantiles
 * (3 = calm / normal / stressed terciles); one fit per regime; the Chow F-test compares the pooled fit's
 * residual sum of squares with the sum over the regimes' fits (least-squares.ts; p-value < 0.05: the
 * regimes' parameters differ). Exact for sqrt (the log-linear OLS, p = 2); for ac it uses the cost
 * regression's RSS with each fit's own γ (p = 3) and for the propagator the profiled markout RSS (p = 1,
 * the per-parent scales being nuisance parameters of every fit alike): large-sample approximations. A regime with fewer parents than the kind needs is an input error
 * (INSUFFICIENT_DATA, exit 2), as is an unknown kind or too few parents overall.
 * Stats of the record and of each regime (finite values only: a statistic that cannot be computed, e.g.
 * oosRmse without a walk-forward block, is left out): n, r2, inSampleRmse, oosRmse, the kind's own (fit-sqrt.ts, fit-ac.ts, fit-propagator.ts) and barMs (the candles' bar length,
 * which venueParamsFor needs to convert the square-root η to the venue's per-bar units).
 */
import { ExecsimError } from "../core/errors.js";
import {
  CALIBRATED_MODEL_KINDS,
  type CalibratedModelKind,
  type NewCalibratedModel,
  type RegimeFit,
  type RegimeRule,
} from "./calibrated-model.js";
import type { CalibrationPoint } from "./calibration-points.js";
import {
  calibrationWalkForward,
  compareWithMl,
  DEFAULT_CALIBRATION_FOLDS,
  type MlComparison,
  outOfSampleErrors,
} from "./calibration-walk-forward.js";
import { acFitter } from "./fit-ac.js";
import { type PropagatorFitOptions, propagatorFitter } from "./fit-propagator.js";
import { sqrtFitter } from "./fit-sqrt.js";
import { type KindFit, type KindFitter, rmse } from "./kind-fit.js";
import { chowTest, type RegimeTest } from "./least-squares.js";
import { regimeOf, regimeRuleFromTerciles } from "./regimes.js";

export interface FitCalibratedModelOptions {
  name: string;
  /** Number of volatility regimes (>= 2), or a rule to apply; none = pooled only. */
  regimes?: number | RegimeRule;
  /** Where the points came from (stored with the record). */
  source: string;
  symbol: string | null;
  /** Propagator kernel (default exponential) and power-law ℓ0. */
  propagator?: Partial<PropagatorFitOptions>;
  /** Walk-forward test blocks (default 4). */
  folds?: number;
  /** Compare with the ML predictors (default true). */
  compareMl?: boolean;
  /** Seed of the network (default 42). */
  seed?: string | number;
  /** Fit time (ISO-8601; metadata only). Default: now. */
  fittedAt?: string;
}

export interface RegimeSummary {
  readonly label: string;
  readonly n: number;
  /** Volatility range [low, high) of the regime (fraction per √day). */
  readonly volLow: number;
  readonly volHigh: number;
}

export interface CalibrationReport {
  readonly model: CalibratedModelKind;
  readonly n: number;
  readonly errorUnit: string;
  readonly inSampleRmse: number;
  readonly oosRmse: number;
  /** Walk-forward blocks scored. */
  readonly oosBlocks: number;
  readonly regimes: readonly RegimeSummary[];
  readonly regimeTest: RegimeTest | null;
  readonly ml: MlComparison | null;
  readonly notes: string[];
}

export interface CalibrationResult {
  readonly model: NewCalibratedModel;
  readonly report: CalibrationReport;
}

/** The fitter of a kind (INVALID_ARGUMENT for an unknown one). */
export function fitterOf(kind: string, propagator?: Partial<PropagatorFitOptions>): KindFitter {
  if (kind === "sqrt") return sqrtFitter;
  if (kind === "ac") return acFitter;
  if (kind === "propagator") return propagatorFitter(propagator);
  throw new ExecsimError(
    "INVALID_ARGUMENT",
    `unknown model kind "${kind}": use one of ${CALIBRATED_MODEL_KINDS.join(", ")}`,
  );
}

function tooFew(what: string, n: number, need: number): ExecsimError {
  return new ExecsimError(
    "INSUFFICIENT_DATA",
    `${what} has ${n} parent(s) with fills; fitting needs at least ${need}. Supply more parents` +
      (what.startsWith("regime") ? " or fewer regimes (--regimes)" : ""),
  );
}

interface ScoredFit {
  fit: KindFit;
  stats: Record<string, number>;
  oosBlocks: number;
}

function fitAndScore(
  fitter: KindFitter,
  points: readonly CalibrationPoint[],
  folds: number,
  what: string,
): ScoredFit {
  if (points.length < fitter.minPoints) throw tooFew(what, points.length, fitter.minPoints);
  const fit = fitter.fit(points);
  const oos = outOfSampleErrors(calibrationWalkForward(points, fitter.minPoints, folds), fitter);
  const barMs = points[0]!.barMs;
  return {
    fit,
    stats: {
      ...fit.stats,
      inSampleRmse: rmse(fit.errors(points)),
      oosRmse: rmse(oos.errors),
      barMs,
    },
    oosBlocks: oos.blocks,
  };
}

/** Fit `kind` to `points`: the record to store (without its version) and the report. */
export function fitCalibratedModel(
  kind: CalibratedModelKind | string,
  points: readonly CalibrationPoint[],
  opts: FitCalibratedModelOptions,
): CalibrationResult {
  const fitter = fitterOf(kind, opts.propagator);
  const folds = opts.folds ?? DEFAULT_CALIBRATION_FOLDS;
  const pooled = fitAndScore(fitter, points, folds, "the calibration set");
  const notes: string[] = [];
  let rule: RegimeRule | null = null;
  const regimeFits: RegimeFit[] = [];
  const summaries: RegimeSummary[] = [];
  let regimeTest: RegimeTest | null = null;
  if (opts.regimes !== undefined) {
    const lookback = points[0]!.regimeLookbackMs;
    rule =
      typeof opts.regimes === "number"
        ? regimeRuleFromTerciles(
            points.map((p) => p.regimeVol),
            opts.regimes,
            lookback,
          )
        : opts.regimes;
    const groups: CalibrationPoint[][] = rule.labels.map(() => []);
    let unknown = 0;
    for (const p of points) {
      const r = regimeOf(rule, p.regimeVol);
      if (r === null) unknown++;
      else groups[r]!.push(p);
    }
    if (unknown > 0)
      notes.push(`${unknown} parent(s) have no volatility before their start and are in the pooled fit only`);
    const fits = groups.map((g, i) =>
      fitAndScore(fitter, g, folds, `regime ${rule!.labels[i]} (volatility ${rangeText(rule!, i)})`),
    );
    fits.forEach((f, i) => {
      regimeFits.push({
        label: rule!.labels[i]!,
        n: groups[i]!.length,
        params: finite(f.fit.params),
        standardErrors: finite(f.fit.standardErrors),
        stats: finite(f.stats),
      });
      summaries.push({
        label: rule!.labels[i]!,
        n: groups[i]!.length,
        volLow: i === 0 ? 0 : rule!.cuts[i - 1]!,
        volHigh: i < rule!.cuts.length ? rule!.cuts[i]! : Number.POSITIVE_INFINITY,
      });
    });
    // the F-test compares like with like: the pooled fit on the parents that have a regime
    const inRegimes = groups.flat();
    const pooledForTest = unknown > 0 ? fitter.fit(inRegimes, { standardErrors: false }) : pooled.fit;
    regimeTest = chowTest(
      pooledForTest.rss,
      fits.map((f) => f.fit.rss),
      fits.reduce((s, f) => s + f.fit.nObs, 0),
      pooled.fit.nParams,
    );
  }
  const ml = opts.compareMl === false ? null : compareWithMl(points, { name: kind, fitter }, opts.seed);
  if (ml) notes.push(...ml.notes);
  const opposite = pooled.fit.stats.oppositeSign ?? 0;
  if (opposite > 0)
    notes.push(
      `${opposite} parent(s) had a negative cost (a price improvement); the log-linear fit uses |cost| for them`,
    );
  if (pooled.oosBlocks === 0)
    notes.push("too few parents for a walk-forward test block: oosRmse is not available");
  const symbols = [...new Set(points.map((p) => p.symbol))];
  const model: NewCalibratedModel = {
    name: opts.name,
    model: kind as CalibratedModelKind,
    params: finite(pooled.fit.params),
    standardErrors: finite(pooled.fit.standardErrors),
    regimeRule: rule,
    regimes: regimeFits,
    symbol: opts.symbol ?? (symbols.length === 1 ? symbols[0]! : null),
    fromMs: Math.min(...points.map((p) => p.startMs)),
    toMs: Math.max(...points.map((p) => p.endMs)),
    fittedAt: opts.fittedAt ?? new Date().toISOString(),
    source: opts.source,
    stats: finite(pooled.stats),
  };
  return {
    model,
    report: {
      model: kind as CalibratedModelKind,
      n: pooled.fit.stats.n ?? points.length,
      errorUnit: fitter.errorUnit,
      inSampleRmse: pooled.stats.inSampleRmse!,
      oosRmse: pooled.stats.oosRmse!,
      oosBlocks: pooled.oosBlocks,
      regimes: summaries,
      regimeTest,
      ml,
      notes,
    },
  };
}

/** The finite entries of a record of numbers (NaN and ±∞ do not survive JSON storage). */
function finite(r: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => Number.isFinite(v)));
}

function rangeText(rule: RegimeRule, i: number): string {
  const lo = i === 0 ? 0 : rule.cuts[i - 1]!;
  const hi = i < rule.cuts.length ? rule.cuts[i]! : Number.POSITIVE_INFINITY;
  return `[${lo.toPrecision(3)}, ${hi === Number.POSITIVE_INFINITY ? "∞" : hi.toPrecision(3)}) per √day`;
}
