/**
 * Parent-level observations for impact calibration: one point per parent order that filled, built from
 * its fills and the stored candles BEFORE its start (no look-ahead for σ, ADV, the regime volatility and
 * the ML features).
 *
 * For a parent of side s (+1 buy, −1 sell) with arrival price A, fills (q_i, p_i) at t_i, F = Σ q_i:
 *   cost, basis "shortfall"  (a desk's fills):  c = Σ s·q_i·(p_i − A) / (F·A)
 *        every price move since the decision counts (the trader's own impact is in the market's
 *        prices and cannot be told apart from the market's move), fees excluded;
 *   cost, basis "own-impact" (simulated runs):  c = Σ q_i·(s·(p_i − m_i) − h_i) / (F·A)
 *        m_i the market mid and h_i the half-spread at the fill: the historical market's move and
 *        the spread are removed, what remains is the impact the venue charged (temporary + the own
 *        permanent and transient displacement met by each fill).
 *   participation  F / Σ market volume of the bars that opened in [start, end)
 *   σ (sigmaDaily), ADV   daily realized volatility and average daily volume over the day before the
 *                         start (closed bars only; ml/feature-builder.ts with 1-day windows)
 *   regimeVol             realizedVolBefore(series, start, lookback) (regimes.ts)
 *   markouts              the displacement the parent left after its end, signed (> 0 adverse), fraction
 *                         of A: shortfall basis s·(M(end + h) − A)/A with M the candles' mid
 *                         (lastCloseMid); own-impact basis s·(P + T)(end + h)/A, the venue's own
 *                         permanent and transient impact rebuilt by replaying the fills
 *                         (experiment/markout-replay.ts). NaN where the candles do not reach end + h.
 * Units: prices quote per base, quantities base, times epoch ms, costs and markouts fractions of A.
 * Parents without fills, and parents whose day before the start is not (90 %) covered by candles, are
 * left out and counted (`dropped`). Limitations: one arrival price per parent (no intra-parent
 * decision changes); the candles' mid is the close of the last closed bar (up to one bar stale).
 */
import { DAY_MS } from "../core/interval.js";
import type { CandleSeries } from "../core/market-types.js";
import { buildImpactFeatures, type FeatureConfig, type ImpactSample } from "../impact/ml/feature-builder.js";
import { firstBarAtOrAfter } from "../tca/benchmarks.js";
import { lastCloseMid } from "../tca/markouts.js";
import { DEFAULT_REGIME_LOOKBACK_MS, realizedVolBefore } from "./regimes.js";

/** Horizons after a parent's end at which markouts are read (ms); 0 = at the end. */
export const CALIBRATION_MARKOUT_HORIZONS_MS: readonly number[] = [
  0, 60_000, 120_000, 300_000, 600_000, 1_200_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000,
];

/** The feature windows of calibration points: one day of history is enough. */
export const CALIBRATION_FEATURE_CONFIG: Partial<FeatureConfig> = Object.freeze({
  advWindowMs: DAY_MS,
  volatilityWindowMs: DAY_MS,
  spreadWindowMs: DAY_MS,
});

export type CostBasis = "shortfall" | "own-impact";

export interface CalibrationFill {
  readonly timeMs: number;
  /** Signed quantity, base units (> 0 buy). */
  readonly qty: number;
}

export interface CalibrationMarkout {
  readonly horizonMs: number;
  /** Signed displacement after the end, fraction of the arrival price (> 0 adverse); NaN when unknown. */
  readonly move: number;
}

/** One parent-level observation. */
export interface CalibrationPoint {
  readonly parentId: string;
  readonly symbol: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Signed filled quantity, base units (> 0 buy). */
  readonly qty: number;
  readonly arrivalPrice: number;
  readonly avgPrice: number;
  /** Realized cost, fraction of the arrival price (> 0 hurts); see costBasis. */
  readonly cost: number;
  readonly costBasis: CostBasis;
  readonly participation: number;
  /** Daily realized volatility over the day before the start (fraction). */
  readonly sigmaDaily: number;
  /** Average daily volume over the day before the start (base units). */
  readonly adv: number;
  /** Realized volatility over `regimeLookbackMs` before the start (regime split). */
  readonly regimeVol: number;
  readonly regimeLookbackMs: number;
  /** Bar length of the candles, ms. */
  readonly barMs: number;
  /** Fills in time order. */
  readonly fills: readonly CalibrationFill[];
  /** Markout curve after the end; null when it could not be rebuilt. */
  readonly markouts: readonly CalibrationMarkout[] | null;
  /** ML features at the start (IMPACT_FEATURE_NAMES order). */
  readonly features: readonly number[];
}

/** What a builder needs of one executed parent. */
export interface ExecutedParent {
  readonly parentId: string;
  readonly symbol: string;
  readonly sideSign: 1 | -1;
  readonly startMs: number;
  readonly endMs: number;
  readonly arrivalPrice: number;
  /** In time order; marketMid and halfSpread are used by the own-impact basis only. */
  readonly fills: readonly {
    readonly timeMs: number;
    readonly qtyBase: number;
    readonly price: number;
    readonly marketMid: number;
    readonly halfSpread: number;
  }[];
}

export interface DroppedParents {
  noFills: number;
  /** No full day of candles before the start (σ, ADV and features unknown). */
  insufficientHistory: number;
  /** Arrival price or cost not a finite number. */
  invalid: number;
}

export interface CalibrationPoints {
  readonly points: CalibrationPoint[];
  readonly dropped: DroppedParents;
  readonly notes: string[];
}

/** Signed displacement (fraction of A) at each end + h, for one parent. */
export type MarkoutReader = (parent: ExecutedParent, timesMs: readonly number[]) => ArrayLike<number>;

/** Build points from executed parents on `series` (which must hold the day before every start). */
export function buildCalibrationPoints(
  series: CandleSeries,
  parents: readonly ExecutedParent[],
  basis: CostBasis,
  markouts: MarkoutReader | null,
  regimeLookbackMs = DEFAULT_REGIME_LOOKBACK_MS,
): CalibrationPoints {
  const dropped: DroppedParents = { noFills: 0, insufficientHistory: 0, invalid: 0 };
  const kept: { parent: ExecutedParent; filled: number; avg: number; cost: number }[] = [];
  for (const p of parents) {
    let filled = 0;
    let notional = 0;
    let costQuote = 0;
    for (const f of p.fills) {
      filled += f.qtyBase;
      notional += f.qtyBase * f.price;
      costQuote +=
        basis === "shortfall"
          ? p.sideSign * f.qtyBase * (f.price - p.arrivalPrice)
          : f.qtyBase * (p.sideSign * (f.price - f.marketMid) - f.halfSpread);
    }
    if (!(filled > 0)) {
      dropped.noFills++;
      continue;
    }
    const cost = costQuote / (filled * p.arrivalPrice);
    if (!(p.arrivalPrice > 0 && Number.isFinite(cost))) {
      dropped.invalid++;
      continue;
    }
    kept.push({ parent: p, filled, avg: notional / filled, cost });
  }
  const samples: ImpactSample[] = kept.map((k) => ({
    timeMs: k.parent.startMs,
    qty: k.parent.sideSign * k.filled,
    impact: k.parent.sideSign * k.cost,
  }));
  const ds = buildImpactFeatures(series, samples, CALIBRATION_FEATURE_CONFIG);
  dropped.insufficientHistory += ds.dropped.insufficientHistory;
  dropped.invalid += ds.dropped.invalid + ds.dropped.zeroQty;
  const H = CALIBRATION_MARKOUT_HORIZONS_MS;
  const points: CalibrationPoint[] = [];
  for (let r = 0; r < ds.features.nRows; r++) {
    const k = kept[ds.sampleIndex[r]!]!;
    const p = k.parent;
    const moves = markouts
      ? markouts(
          p,
          H.map((h) => p.endMs + h),
        )
      : null;
    const d = ds.features.nCols;
    points.push({
      parentId: p.parentId,
      symbol: p.symbol,
      startMs: p.startMs,
      endMs: p.endMs,
      qty: p.sideSign * k.filled,
      arrivalPrice: p.arrivalPrice,
      avgPrice: k.avg,
      cost: k.cost,
      costBasis: basis,
      participation: participationOf(k.filled, windowVolume(series, p.startMs, p.endMs)),
      sigmaDaily: ds.sigmaDaily[r]!,
      adv: ds.adv[r]!,
      regimeVol: realizedVolBefore(series, p.startMs, regimeLookbackMs),
      regimeLookbackMs,
      barMs: series.intervalMs,
      fills: p.fills.map((f) => ({ timeMs: f.timeMs, qty: p.sideSign * f.qtyBase })),
      markouts: moves ? H.map((h, i) => ({ horizonMs: h, move: moves[i]! })) : null,
      features: Array.from(ds.features.x.subarray(r * d, (r + 1) * d)),
    });
  }
  const notes: string[] = [];
  if (dropped.insufficientHistory > 0)
    notes.push(
      `${dropped.insufficientHistory} parent(s) start less than a day after the first stored candle ` +
        "(σ and ADV need the day before the start) and were left out",
    );
  if (dropped.noFills > 0) notes.push(`${dropped.noFills} parent(s) have no fills and were left out`);
  return { points, dropped, notes };
}

/** F / market volume; NaN when the window holds no volume (e.g. a one-fill parent between bar opens). */
function participationOf(filled: number, volume: number): number {
  return volume > 0 ? filled / volume : Number.NaN;
}

/** Market volume of the bars that opened in [startMs, endMs). */
function windowVolume(series: CandleSeries, startMs: number, endMs: number): number {
  const a = firstBarAtOrAfter(series, startMs);
  const b = firstBarAtOrAfter(series, endMs);
  let v = 0;
  for (let i = a; i < b; i++) v += series.volume[i]!;
  return v;
}

/** Append `from` to `into` (points, dropped counts, and notes prefixed with `label`). */
export function appendCalibrationPoints(
  into: CalibrationPoints,
  from: CalibrationPoints,
  label: string,
): void {
  into.points.push(...from.points);
  into.dropped.noFills += from.dropped.noFills;
  into.dropped.insufficientHistory += from.dropped.insufficientHistory;
  into.dropped.invalid += from.dropped.invalid;
  into.notes.push(...from.notes.map((n) => `${label}: ${n}`));
}

/** An empty collection to append to. */
export function emptyCalibrationPoints(): CalibrationPoints {
  return { points: [], dropped: { noFills: 0, insufficientHistory: 0, invalid: 0 }, notes: [] };
}

/** Markouts on the candles' mids: s·(M(t) − A)/A with M the close of the last bar closed at or before t. */
export function candleMarkouts(series: CandleSeries): MarkoutReader {
  return (p, times) =>
    times.map((t) => (p.sideSign * (lastCloseMid(series, t) - p.arrivalPrice)) / p.arrivalPrice);
}
