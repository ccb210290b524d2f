/**
 * Impact features for ML predictors, computed for each sample from candles that had CLOSED at or
 * before the sample's time (no look-ahead).
 *
 * A sample is an order observed at time t (epoch ms UTC) with signed size Q (base units, > 0 buy)
 * and, for training, its realized impact (ΔP/P, signed fraction of the arrival price). The features
 * are the ones the ML chapter lists for its linear and network predictors (price-impact-ml-chapter.txt,
 * "Linear Regression Baseline": participation rate |Q|/ADV, relative spread, realized volatility, order
 * sign, volume profile features) plus the time-of-day indicators of the calibration workflow in
 * impact-model-hedging-article.txt ("Feature Engineering": participation, prevailing spread, recent
 * volatility, time-of-day):
 *
 *   participation   |Q| / ADV                       ADV = Σ volume / days over the trailing ADV window
 *   relativeSpread  Corwin-Schultz (2012) spread     mean of two-bar estimates (negatives → 0), fraction
 *   realizedVol     daily realized volatility       sqrt(Σ r² / bars spanned · bars per day), fraction
 *   orderSign       sign(Q)                          +1 buy, −1 sell
 *   hourSin/hourCos sin/cos(2π · τ / 1 day)          τ = t mod 1 day (UTC): a cyclic time of day
 *   relativeVolume  recent volume / expected volume  see below; 1 = a normal amount for the hour
 *
 * The statistics are exactly those of src/market/market-stats (averageDailyVolume, realizedVolatility,
 * corwinSchultzEstimate, intradayVolumeProfile) applied to the trailing window of closed bars — the
 * tests check this equality — but computed from prefix sums and a sliding per-bucket window, so a whole
 * dataset costs O(n + m log n) for n bars and m samples instead of O(n · m).
 *
 * Windows (defaults in DEFAULT_FEATURE_CONFIG): the bars used for sample t are those with
 * open ≥ t − window and open + interval ≤ t. ADV and the intraday profile share `advWindowMs` (7 days,
 * a whole number of days so every time-of-day bucket is seen equally often); realized volatility and
 * the spread use 1 day; recent volume uses the last hour.
 * Relative volume: with vol_b the volume in time-of-day bucket b (1 hour) over the ADV window and
 * share_b = vol_b / Σ vol, the expected volume of one bar in bucket b is ADV · share_b / (bars per
 * bucket), i.e. the average bar volume at that time of day; relativeVolume = Σ recent bar volumes /
 * Σ their expected volumes.
 * A sample is dropped (and counted) when a window holds less than `minCoverage` (90 %) of its bars, when
 * Q = 0, or when a statistic is not finite (e.g. no volume at all in the window).
 * Limitations: candles cannot show the true spread or depth (the Corwin-Schultz estimate is noisy and
 * upward biased on 1-minute bars); the in-progress bar is ignored, so features lag by up to one bar.
 */
import { ExecsimError } from "../../core/errors.js";
import { DAY_MS, HOUR_MS } from "../../core/interval.js";
import type { CandleSeries } from "../../core/market-types.js";
import { corwinSchultzPair } from "../../market/market-stats.js";
import type { FeatureMatrix } from "./feature-matrix.js";
import { readEnvelope, readNumber } from "./model-json.js";

/** Column names of the impact feature matrix, in order. */
export const IMPACT_FEATURE_NAMES = [
  "participation",
  "relativeSpread",
  "realizedVol",
  "orderSign",
  "hourSin",
  "hourCos",
  "relativeVolume",
] as const;
export type ImpactFeatureName = (typeof IMPACT_FEATURE_NAMES)[number];

export interface FeatureConfig {
  /** Trailing window for ADV and the intraday volume profile (ms, whole days). */
  advWindowMs: number;
  /** Trailing window for realized volatility (ms). */
  volatilityWindowMs: number;
  /** Trailing window for the Corwin-Schultz spread (ms). */
  spreadWindowMs: number;
  /** Trailing window of "recent" volume (ms). */
  recentVolumeWindowMs: number;
  /** Time-of-day bucket of the volume profile (ms; divides a day; multiple of the bar interval). */
  profileBucketMs: number;
  /** Minimum share of a window's bars that must be present (0..1]. */
  minCoverage: number;
}

export const DEFAULT_FEATURE_CONFIG: Readonly<FeatureConfig> = Object.freeze({
  advWindowMs: 7 * DAY_MS,
  volatilityWindowMs: DAY_MS,
  spreadWindowMs: DAY_MS,
  recentVolumeWindowMs: HOUR_MS,
  profileBucketMs: HOUR_MS,
  minCoverage: 0.9,
});

export const FEATURE_CONFIG_KIND = "execsim.ml.feature-config";

/** One observed (or hypothetical) order. */
export interface ImpactSample {
  /** Decision/arrival time, epoch ms UTC. Features use bars closed at or before it. */
  timeMs: number;
  /** Signed order size in base units: > 0 buy, < 0 sell. */
  qty: number;
  /** Realized impact ΔP/P (signed fraction); NaN or absent when only predicting. */
  impact?: number;
}

export interface DroppedSamples {
  /** A window held less than minCoverage of its bars (typically: too early in the series). */
  insufficientHistory: number;
  zeroQty: number;
  /** Non-finite time, qty or statistic. */
  invalid: number;
}

/** Features plus what the baseline and the evaluation need, one row per kept sample, in time order. */
export interface ImpactDataset {
  features: FeatureMatrix;
  /** Realized impact per row (NaN where the sample had none). */
  impact: Float64Array;
  timeMs: Float64Array;
  /** Signed order size (base units). */
  qty: Float64Array;
  /** ADV used for the row (base units per day): the square-root law's V. */
  adv: Float64Array;
  /** Daily realized volatility used for the row (fraction): the square-root law's σ. */
  sigmaDaily: Float64Array;
  /** Index of the row's sample in the input array. */
  sampleIndex: Int32Array;
  dropped: DroppedSamples;
  config: Readonly<FeatureConfig>;
}

export function validateFeatureConfig(c: FeatureConfig, intervalMs?: number): void {
  const bad = (what: string, hint: string): never => {
    throw new ExecsimError("INVALID_CONFIG", `feature config ${what}: ${hint}`);
  };
  if (!(Number.isInteger(c.advWindowMs) && c.advWindowMs >= DAY_MS && c.advWindowMs % DAY_MS === 0)) {
    bad(
      "advWindowMs",
      `must be a whole number of days >= 1 (e.g. ${7 * DAY_MS} for 7 days), got ${c.advWindowMs}`,
    );
  }
  for (const k of ["volatilityWindowMs", "spreadWindowMs", "recentVolumeWindowMs"] as const) {
    if (!(Number.isFinite(c[k]) && c[k] > 0)) bad(k, `must be a duration > 0 ms, got ${c[k]}`);
  }
  if (!(Number.isInteger(c.profileBucketMs) && c.profileBucketMs > 0 && DAY_MS % c.profileBucketMs === 0)) {
    bad("profileBucketMs", `must divide one day (e.g. ${HOUR_MS}), got ${c.profileBucketMs}`);
  }
  if (!(c.minCoverage > 0 && c.minCoverage <= 1))
    bad("minCoverage", `must be in (0, 1], got ${c.minCoverage}`);
  if (intervalMs !== undefined) {
    if (c.profileBucketMs % intervalMs !== 0) {
      bad(
        "profileBucketMs",
        `${c.profileBucketMs} ms is not a multiple of the ${intervalMs} ms bar interval`,
      );
    }
    for (const k of ["volatilityWindowMs", "spreadWindowMs", "recentVolumeWindowMs"] as const) {
      if (c[k] < 2 * intervalMs) bad(k, `must span at least two bars (${2 * intervalMs} ms), got ${c[k]}`);
    }
  }
}

export function featureConfigToJSON(c: FeatureConfig): Record<string, unknown> {
  return { kind: FEATURE_CONFIG_KIND, version: 1, ...c };
}

export function featureConfigFromJSON(input: unknown): FeatureConfig {
  const o = readEnvelope(input, FEATURE_CONFIG_KIND, [1]);
  const c: FeatureConfig = {
    advWindowMs: readNumber(o, "advWindowMs", FEATURE_CONFIG_KIND),
    volatilityWindowMs: readNumber(o, "volatilityWindowMs", FEATURE_CONFIG_KIND),
    spreadWindowMs: readNumber(o, "spreadWindowMs", FEATURE_CONFIG_KIND),
    recentVolumeWindowMs: readNumber(o, "recentVolumeWindowMs", FEATURE_CONFIG_KIND),
    profileBucketMs: readNumber(o, "profileBucketMs", FEATURE_CONFIG_KIND),
    minCoverage: readNumber(o, "minCoverage", FEATURE_CONFIG_KIND),
  };
  try {
    validateFeatureConfig(c);
  } catch (e) {
    throw new ExecsimError("PARSE_ERROR", `${FEATURE_CONFIG_KIND}: ${(e as Error).message}`);
  }
  return c;
}

/**
 * Prefix sums over a series: everything a trailing window needs in O(1).
 * Index convention: P[i] = sum over bars 0..i−1.
 */
export class RollingMarketStats {
  readonly series: CandleSeries;
  /** Σ volume. */
  readonly cumVolume: Float64Array;
  /** Σ r_i² with r_i = ln(C_i / C_{i−1}), attributed to bar i (i ≥ 1). */
  readonly cumSqReturn: Float64Array;
  /** Σ bar-lengths spanned by r_i (1 without gaps), attributed to bar i. */
  readonly cumSpanned: Float64Array;
  /** Σ max(S_t, 0) of the Corwin-Schultz pair (t, t+1), attributed to bar t+1. */
  readonly cumSpread: Float64Array;
  /** Number of valid Corwin-Schultz pairs, attributed to bar t+1. */
  readonly cumPairs: Float64Array;

  constructor(series: CandleSeries) {
    const n = series.length;
    const { close, high, low, volume, openTimeMs, intervalMs } = series;
    for (let i = 1; i < n; i++) {
      if (!(openTimeMs[i]! > openTimeMs[i - 1]!)) {
        throw new ExecsimError(
          "VALIDATION_ERROR",
          `candles must be in strictly ascending open time; bar ${i} (${openTimeMs[i]}) is not after bar ${i - 1}`,
        );
      }
    }
    this.series = series;
    this.cumVolume = new Float64Array(n + 1);
    this.cumSqReturn = new Float64Array(n + 1);
    this.cumSpanned = new Float64Array(n + 1);
    this.cumSpread = new Float64Array(n + 1);
    this.cumPairs = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      this.cumVolume[i + 1] = this.cumVolume[i]! + volume[i]!;
      let r2 = 0;
      let k = 0;
      let s = 0;
      let pair = 0;
      if (i >= 1) {
        const r = Math.log(close[i]! / close[i - 1]!);
        r2 = r * r;
        k = Math.max(1, Math.round((openTimeMs[i]! - openTimeMs[i - 1]!) / intervalMs));
        if (openTimeMs[i]! - openTimeMs[i - 1]! === intervalMs && low[i - 1]! > 0 && low[i]! > 0) {
          const v = corwinSchultzPair(high[i - 1]!, low[i - 1]!, close[i - 1]!, high[i]!, low[i]!);
          s = Math.max(v, 0);
          pair = 1;
        }
      }
      this.cumSqReturn[i + 1] = this.cumSqReturn[i]! + r2;
      this.cumSpanned[i + 1] = this.cumSpanned[i]! + k;
      this.cumSpread[i + 1] = this.cumSpread[i]! + s;
      this.cumPairs[i + 1] = this.cumPairs[i]! + pair;
    }
  }

  /** Number of bars closed at or before t: the end (exclusive) of every trailing window at t. */
  closedBefore(t: number): number {
    // first index with openTime + interval > t
    return lowerBound(this.series.openTimeMs, this.series.length, t - this.series.intervalMs, true);
  }

  /** First bar index with open time >= t. */
  firstAtOrAfter(t: number): number {
    return lowerBound(this.series.openTimeMs, this.series.length, t, false);
  }

  /** Average daily volume of bars [s, e) exactly as averageDailyVolume (base units per day). */
  adv(s: number, e: number): number {
    const o = this.series.openTimeMs;
    const days = (o[e - 1]! + this.series.intervalMs - o[s]!) / DAY_MS;
    return (this.cumVolume[e]! - this.cumVolume[s]!) / days;
  }

  /** Daily realized volatility of bars [s, e) exactly as realizedVolatility(...).daily. */
  dailyVolatility(s: number, e: number): number {
    const sumSq = this.cumSqReturn[e]! - this.cumSqReturn[s + 1]!;
    const spanned = this.cumSpanned[e]! - this.cumSpanned[s + 1]!;
    return Math.sqrt((sumSq / spanned) * (DAY_MS / this.series.intervalMs));
  }

  /** Corwin-Schultz spread of bars [s, e) exactly as corwinSchultzEstimate(...).spread. */
  spread(s: number, e: number): number {
    const pairs = this.cumPairs[e]! - this.cumPairs[s + 1]!;
    return (this.cumSpread[e]! - this.cumSpread[s + 1]!) / pairs;
  }
}

/**
 * Binary search in ascending a[0..n): first index i with a[i] > x (strict) or a[i] >= x (not strict).
 */
function lowerBound(a: Float64Array, n: number, x: number, strict: boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (strict ? v <= x : v < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Build the impact features for `samples` from `series`. Rows come out in ascending sample time
 * (ties keep input order); `sampleIndex` maps rows back to samples.
 */
export function buildImpactFeatures(
  series: CandleSeries,
  samples: readonly ImpactSample[],
  config: Partial<FeatureConfig> = {},
  stats?: RollingMarketStats,
): ImpactDataset {
  const c: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, ...config };
  validateFeatureConfig(c, series.intervalMs);
  const rs = stats ?? new RollingMarketStats(series);
  if (rs.series !== series) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "the RollingMarketStats passed in were built for another series",
    );
  }
  const I = series.intervalMs;
  const open = series.openTimeMs;
  const vol = series.volume;
  const d = IMPACT_FEATURE_NAMES.length;
  const dropped: DroppedSamples = { insufficientHistory: 0, zeroQty: 0, invalid: 0 };

  // Visit samples in time order (stable), which lets the intraday-profile window slide.
  const m = samples.length;
  const times = new Float64Array(m);
  let sorted = true;
  for (let i = 0; i < m; i++) {
    const t = samples[i]!.timeMs;
    if (!Number.isFinite(t)) {
      throw new ExecsimError("INVALID_ARGUMENT", `sample ${i} has time ${t}; give epoch milliseconds`);
    }
    times[i] = t;
    if (i > 0 && t < times[i - 1]!) sorted = false;
  }
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  if (!sorted) {
    const idx = Array.from(order);
    idx.sort((a, b) => times[a]! - times[b]! || a - b);
    order.set(idx);
  }

  const x = new Float64Array(m * d);
  const impact = new Float64Array(samples.length);
  const timeMs = new Float64Array(samples.length);
  const qtyOut = new Float64Array(samples.length);
  const adv = new Float64Array(samples.length);
  const sigma = new Float64Array(samples.length);
  const index = new Int32Array(samples.length);

  const nb = DAY_MS / c.profileBucketMs;
  const barsPerBucket = c.profileBucketMs / I;
  const bucketVol = new Float64Array(nb);
  // Time of day without the (slow, floating-point) % operator: t − floor(t / day) · day.
  const todOf = (t: number) => t - Math.floor(t / DAY_MS) * DAY_MS;
  const bucketOf = (i: number) => Math.floor(todOf(open[i]!) / c.profileBucketMs);
  let winS = -1; // sliding ADV/profile window [winS, winE), opened at the first kept sample
  let winE = -1;
  const need = (windowMs: number) => Math.max(1, Math.ceil((c.minCoverage * windowMs) / I - 1e-9));

  let rows = 0;
  for (const i of order) {
    const smp = samples[i]!;
    const t = times[i]!;
    const q = smp.qty;
    if (!Number.isFinite(q)) {
      dropped.invalid++;
      continue;
    }
    if (q === 0) {
      dropped.zeroQty++;
      continue;
    }
    const e = rs.closedBefore(t);
    const sAdv = rs.firstAtOrAfter(t - c.advWindowMs);
    const sVol = rs.firstAtOrAfter(t - c.volatilityWindowMs);
    const sSpr = rs.firstAtOrAfter(t - c.spreadWindowMs);
    const sRec = rs.firstAtOrAfter(t - c.recentVolumeWindowMs);
    if (
      e - sAdv < need(c.advWindowMs) ||
      e - sVol < Math.max(3, need(c.volatilityWindowMs)) ||
      e - sSpr < Math.max(2, need(c.spreadWindowMs)) ||
      e - sRec < need(c.recentVolumeWindowMs)
    ) {
      dropped.insufficientHistory++;
      continue;
    }
    // Slide the profile window to [sAdv, e) (both ends only move forward).
    if (winS < 0) {
      winS = sAdv;
      winE = sAdv;
    }
    while (winE < e) {
      bucketVol[bucketOf(winE)]! += vol[winE]!;
      winE++;
    }
    while (winS < sAdv) {
      bucketVol[bucketOf(winS)]! -= vol[winS]!;
      winS++;
    }
    const a = rs.adv(sAdv, e);
    const sd = rs.dailyVolatility(sVol, e);
    const spr = rs.spread(sSpr, e);
    // Expected volume of the recent bars: Σ over their buckets of (bars in bucket) · avg bar volume.
    const total = rs.cumVolume[e]! - rs.cumVolume[sAdv]!;
    let expected = 0;
    let j = sRec;
    while (j < e) {
      const b = bucketOf(j);
      // bars j..k−1 share bucket b (they are before the next bucket boundary)
      // the bucket's start (buckets divide the UTC day, and epoch 0 is a UTC midnight)
      const bucketStart = Math.floor(open[j]! / c.profileBucketMs) * c.profileBucketMs;
      const k = Math.min(e, rs.firstAtOrAfter(bucketStart + c.profileBucketMs));
      expected += (k - j) * ((a * (bucketVol[b]! / total)) / barsPerBucket);
      j = k;
    }
    const recent = rs.cumVolume[e]! - rs.cumVolume[sRec]!;
    const relVol = recent / expected;
    const tod = todOf(t);
    const angle = (2 * Math.PI * tod) / DAY_MS;
    const part = Math.abs(q) / a;
    const row = rows * d;
    x[row] = part;
    x[row + 1] = spr;
    x[row + 2] = sd;
    x[row + 3] = q > 0 ? 1 : -1;
    x[row + 4] = Math.sin(angle);
    x[row + 5] = Math.cos(angle);
    x[row + 6] = relVol;
    let finite = true;
    for (let k = 0; k < d; k++) if (!Number.isFinite(x[row + k]!)) finite = false;
    if (!finite) {
      dropped.invalid++;
      continue;
    }
    impact[rows] = smp.impact ?? Number.NaN;
    timeMs[rows] = t;
    qtyOut[rows] = q;
    adv[rows] = a;
    sigma[rows] = sd;
    index[rows] = i;
    rows++;
  }
  return {
    features: { names: [...IMPACT_FEATURE_NAMES], nRows: rows, nCols: d, x: x.slice(0, rows * d) },
    impact: impact.slice(0, rows),
    timeMs: timeMs.slice(0, rows),
    qty: qtyOut.slice(0, rows),
    adv: adv.slice(0, rows),
    sigmaDaily: sigma.slice(0, rows),
    sampleIndex: index.slice(0, rows),
    dropped,
    config: Object.freeze({ ...c }),
  };
}

/** Earliest sample time at which a series starting at `firstOpenMs` can have complete windows. */
export function firstFeatureTimeMs(firstOpenMs: number, config: Partial<FeatureConfig> = {}): number {
  const c = { ...DEFAULT_FEATURE_CONFIG, ...config };
  return (
    firstOpenMs + Math.max(c.advWindowMs, c.volatilityWindowMs, c.spreadWindowMs, c.recentVolumeWindowMs)
  );
}
