/**
 * Synthetic training sets for the ML impact predictors: orders placed at random times on a candle
 * series, labelled by a KNOWN ground-truth impact function plus seeded noise, so tests and examples can
 * check that a model recovers the signal (and which model recovers it best).
 *
 *   t     ~ uniform over [fromMs, toMs) (ms), sorted ascending
 *   sign  = +1 with probability buyProbability, else −1
 *   π     ~ log-uniform on [participationMin, participationMax]   (participation |Q|/ADV)
 *   Q     = sign · π · ADV(t)                                       (base units; ADV from the features)
 *   label = truth(features at t) · exp(logNoiseSd · z1) + additiveNoiseSd · z2,   z1, z2 ~ N(0, 1)
 *
 * With multiplicative noise the label's median (not its mean) equals the truth, which is exactly what
 * the log-linear square-root calibration estimates; the mean is larger by exp(logNoiseSd²/2).
 * Ground truths provided (signed ΔP/P, fraction of price):
 *   squareRootTruth:  sign · σ · η · π^δ   (the chapter's square-root law; σ = daily realized vol)
 *   timeOfDayTruth:   squareRootTruth · (1 + A · cos(2π (h − h_peak) / 24)),  h = UTC hour
 *                     (impact that depends on the time of day, as in the article's
 *                     regime/time-of-day discussion; |A| < 1 keeps the sign)
 * Defaults: η = 0.5, δ = 0.5, A = 0.8, h_peak = 14 (UTC afternoon), π in [1e-4, 5e-2], log-noise 0.2.
 * Source: the square-root law of price-impact-ml-chapter.txt; the time-of-day factor is made up for
 * testing (a nonlinearity a linear model and the plain square-root law cannot represent).
 * Limitations: orders do not move the candles (labels are drawn, not simulated through a venue);
 * samples whose windows lack history are dropped, so fewer than `count` rows may come back.
 */
import { ExecsimError } from "../../core/errors.js";
import { DAY_MS, HOUR_MS } from "../../core/interval.js";
import type { CandleSeries } from "../../core/market-types.js";
import type { Rng } from "../../core/rng.js";
import {
  buildImpactFeatures,
  DEFAULT_FEATURE_CONFIG,
  type FeatureConfig,
  firstFeatureTimeMs,
  type ImpactDataset,
  type ImpactSample,
} from "./feature-builder.js";

/** What a ground-truth function sees for one order. */
export interface ImpactTruthInput {
  /** |Q| / ADV. */
  participation: number;
  /** Daily realized volatility (fraction). */
  sigmaDaily: number;
  /** +1 buy, −1 sell. */
  orderSign: number;
  /** UTC hour of the order, fractional (0 ≤ h < 24). */
  hourUtc: number;
  /** Corwin-Schultz relative spread (fraction). */
  relativeSpread: number;
  /** Recent volume relative to its intraday profile. */
  relativeVolume: number;
}

/** A ground-truth impact function: signed ΔP/P (fraction) without noise. */
export type ImpactTruth = (f: ImpactTruthInput) => number;

export interface SquareRootTruthParams {
  eta: number;
  delta: number;
}

export const DEFAULT_TRUTH_PARAMS = Object.freeze({ eta: 0.5, delta: 0.5, amplitude: 0.8, peakHourUtc: 14 });

/** sign · σ · η · π^δ. */
export function squareRootTruth(p: Partial<SquareRootTruthParams> = {}): ImpactTruth {
  const eta = p.eta ?? DEFAULT_TRUTH_PARAMS.eta;
  const delta = p.delta ?? DEFAULT_TRUTH_PARAMS.delta;
  return (f) => f.orderSign * f.sigmaDaily * eta * f.participation ** delta;
}

/** The square-root law scaled by (1 + A · cos(2π (h − h_peak)/24)). */
export function timeOfDayTruth(
  p: Partial<SquareRootTruthParams & { amplitude: number; peakHourUtc: number }> = {},
): ImpactTruth {
  const base = squareRootTruth(p);
  const a = p.amplitude ?? DEFAULT_TRUTH_PARAMS.amplitude;
  const peak = p.peakHourUtc ?? DEFAULT_TRUTH_PARAMS.peakHourUtc;
  if (!(Math.abs(a) < 1)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `time-of-day amplitude must be in (-1, 1) so impact keeps its sign, got ${a}`,
    );
  }
  return (f) => base(f) * (1 + a * Math.cos((2 * Math.PI * (f.hourUtc - peak)) / 24));
}

export interface SyntheticSampleConfig {
  /** Number of orders to draw (some may be dropped for lack of history). */
  count: number;
  truth: ImpactTruth;
  participationMin: number;
  participationMax: number;
  buyProbability: number;
  /** Standard deviation of the log-normal multiplicative noise (0 = none). */
  logNoiseSd: number;
  /** Standard deviation of additive Gaussian noise, fraction of price (0 = none). */
  additiveNoiseSd: number;
  /** Sample times from here (default: the first time every feature window is complete). */
  fromMs?: number;
  /** Sample times before here (default: the close of the last bar). */
  toMs?: number;
  features: Partial<FeatureConfig>;
}

export const DEFAULT_SYNTHETIC_SAMPLES = Object.freeze({
  participationMin: 1e-4,
  participationMax: 5e-2,
  buyProbability: 0.5,
  logNoiseSd: 0.2,
  additiveNoiseSd: 0,
});

export interface SyntheticImpactSet {
  /** Kept samples with their labels, in time order (dataset row r is samples[r]). */
  samples: ImpactSample[];
  /** Their features (impact column filled with the labels). */
  dataset: ImpactDataset;
  /** Noise-free truth per row. */
  truth: Float64Array;
}

/** Draw a labelled training set from `series` (deterministic for a given rng state). */
export function generateImpactSamples(
  series: CandleSeries,
  config: Partial<SyntheticSampleConfig> & { count: number; truth: ImpactTruth },
  rng: Rng,
): SyntheticImpactSet {
  const c = { ...DEFAULT_SYNTHETIC_SAMPLES, features: {}, ...config };
  const bad = (what: string, hint: string): never => {
    throw new ExecsimError("INVALID_ARGUMENT", `synthetic impact samples ${what}: ${hint}`);
  };
  if (!(Number.isInteger(c.count) && c.count >= 1)) bad("count", `must be an integer >= 1, got ${c.count}`);
  if (!(c.participationMin > 0 && c.participationMax >= c.participationMin)) {
    bad("participation range", `needs 0 < min <= max, got [${c.participationMin}, ${c.participationMax}]`);
  }
  if (!(c.buyProbability >= 0 && c.buyProbability <= 1))
    bad("buyProbability", `must be in [0, 1], got ${c.buyProbability}`);
  if (!(c.logNoiseSd >= 0 && c.additiveNoiseSd >= 0)) bad("noise", "standard deviations must be >= 0");
  if (series.length === 0) bad("series", "is empty; generate or import candles first");
  const featureConfig = { ...DEFAULT_FEATURE_CONFIG, ...c.features };
  const from = c.fromMs ?? firstFeatureTimeMs(series.openTimeMs[0]!, featureConfig);
  const to = c.toMs ?? series.openTimeMs[series.length - 1]! + series.intervalMs;
  if (!(to > from)) {
    bad(
      "time range",
      `is empty (${new Date(from).toISOString()} .. ${new Date(to).toISOString()}); the series must be longer than the ` +
        `longest feature window (${Math.max(featureConfig.advWindowMs, featureConfig.volatilityWindowMs) / DAY_MS} days)`,
    );
  }
  // Draw everything up front in a fixed order so the stream does not depend on which rows survive.
  const times = new Float64Array(c.count);
  const signs = new Float64Array(c.count);
  const parts = new Float64Array(c.count);
  const z1 = new Float64Array(c.count);
  const z2 = new Float64Array(c.count);
  const lnMin = Math.log(c.participationMin);
  const lnSpan = Math.log(c.participationMax) - lnMin;
  for (let i = 0; i < c.count; i++) times[i] = Math.floor(from + rng.uniform() * (to - from));
  times.sort();
  for (let i = 0; i < c.count; i++) {
    signs[i] = rng.uniform() < c.buyProbability ? 1 : -1;
    parts[i] = Math.exp(lnMin + rng.uniform() * lnSpan);
    z1[i] = rng.normal();
    z2[i] = rng.normal();
  }
  // First pass: ADV at each time (participation is relative to it); second pass: the real orders.
  const probe = buildImpactFeatures(
    series,
    Array.from(times, (t, i) => ({ timeMs: t, qty: signs[i]! })),
    featureConfig,
  );
  const orders: ImpactSample[] = [];
  const draw: number[] = [];
  for (let r = 0; r < probe.features.nRows; r++) {
    const i = probe.sampleIndex[r]!;
    orders.push({ timeMs: times[i]!, qty: signs[i]! * parts[i]! * probe.adv[r]! });
    draw.push(i);
  }
  const ds = buildImpactFeatures(series, orders, featureConfig);
  const truth = new Float64Array(ds.features.nRows);
  const samples: ImpactSample[] = [];
  const d = ds.features.nCols;
  for (let r = 0; r < ds.features.nRows; r++) {
    const x = ds.features.x;
    const t = ds.timeMs[r]!;
    const i = draw[ds.sampleIndex[r]!]!;
    const f: ImpactTruthInput = {
      participation: x[r * d]!,
      relativeSpread: x[r * d + 1]!,
      sigmaDaily: x[r * d + 2]!,
      orderSign: x[r * d + 3]!,
      hourUtc: (((t % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS,
      relativeVolume: x[r * d + 6]!,
    };
    const v = c.truth(f);
    truth[r] = v;
    const label = v * Math.exp(c.logNoiseSd * z1[i]!) + c.additiveNoiseSd * z2[i]!;
    ds.impact[r] = label;
    samples.push({ timeMs: t, qty: ds.qty[r]!, impact: label });
  }
  return { samples, dataset: ds, truth };
}
