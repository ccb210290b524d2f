/**
 * Market statistics the models need, in one import: realized volatility, average daily volume and
 * turnover, the intraday volume profile, bid-ask spread estimates from OHLC (Corwin-Schultz 2012,
 * Abdi-Ranaldo 2017) and the Amihud (2002) illiquidity ratio. Each statistic lives in its own file
 * under ./stats with its formula, units, source and limitations; this module re-exports them, adds the
 * `marketStats` summary and helpers that read a date range of stored candles first.
 *
 * Every function works on a CandleSeries (typed arrays, ascending open time) and throws
 * INSUFFICIENT_DATA with a message naming the series, its range and what is needed when the series
 * is too short for the statistic. The range helpers additionally demand `minDays` (default 2) days of
 * coverage, so daily figures are never extrapolated from a few hours.
 */
import { ExecsimError } from "../core/errors.js";
import { DAY_MS, HOUR_MS, isoUtc } from "../core/interval.js";
import type { CandleSeries, SeriesKey } from "../core/market-types.js";
import { readSeries } from "../store/candle-store.js";
import type { ExecsimDatabase } from "../store/database.js";
import { type AbdiRanaldoEstimate, abdiRanaldoEstimate } from "./stats/abdi-ranaldo.js";
import { type AmihudEstimate, amihudEstimate } from "./stats/amihud.js";
import { type CorwinSchultzEstimate, corwinSchultzEstimate } from "./stats/corwin-schultz.js";
import { type AverageDailyVolume, averageDailyVolume } from "./stats/daily-volume.js";
import { type IntradayVolumeProfile, intradayVolumeProfile } from "./stats/intraday-profile.js";
import { type RealizedVolatility, realizedVolatility } from "./stats/realized-volatility.js";
import { spanDays } from "./stats/stats-common.js";

export * from "./stats/abdi-ranaldo.js";
export * from "./stats/amihud.js";
export * from "./stats/corwin-schultz.js";
export * from "./stats/daily-volume.js";
export * from "./stats/intraday-profile.js";
export * from "./stats/realized-volatility.js";
export { barTurnover, spanDays } from "./stats/stats-common.js";

export interface MarketStats {
  symbol: string;
  category: string;
  interval: string;
  bars: number;
  /** First bar's open time and last bar's close time (epoch ms UTC). */
  fromMs: number;
  toMs: number;
  days: number;
  volatility: RealizedVolatility;
  dailyVolume: AverageDailyVolume;
  /** Hourly profile (24 shares) when the bar interval is at most an hour, else null. */
  intradayProfile: IntradayVolumeProfile | null;
  corwinSchultz: CorwinSchultzEstimate;
  abdiRanaldo: AbdiRanaldoEstimate;
  /** Amihud ratio over complete UTC days; null for bars longer than a day (weekly). */
  amihud: AmihudEstimate | null;
}

/**
 * All statistics of one series. Throws INSUFFICIENT_DATA when it covers less than one full day (or,
 * for intraday bars, holds no complete UTC day for the Amihud ratio).
 */
export function marketStats(series: CandleSeries): MarketStats {
  const n = series.length;
  const dailyVolume = averageDailyVolume(series);
  return {
    symbol: series.symbol,
    category: series.category,
    interval: series.interval,
    bars: n,
    fromMs: series.openTimeMs[0]!,
    toMs: series.openTimeMs[n - 1]! + series.intervalMs,
    days: spanDays(series),
    volatility: realizedVolatility(series),
    dailyVolume,
    intradayProfile: HOUR_MS % series.intervalMs === 0 ? intradayVolumeProfile(series, HOUR_MS) : null,
    corwinSchultz: corwinSchultzEstimate(series),
    abdiRanaldo: abdiRanaldoEstimate(series),
    amihud: series.intervalMs <= DAY_MS ? amihudEstimate(series) : null,
  };
}

export interface StatsRangeOptions {
  /** Minimum days of coverage the range must hold (default 2). */
  minDays?: number;
}

export const DEFAULT_MIN_STATS_DAYS = 2;

/**
 * Read candles with fromMs <= open time < toMs and check the range holds at least `minDays` days of
 * bars (by count: bars × interval). Throws NOT_FOUND for an unknown series, INSUFFICIENT_DATA for a
 * range that is too short or too sparse.
 */
export function readStatsSeries(
  store: ExecsimDatabase,
  key: SeriesKey,
  fromMs: number,
  toMs: number,
  opts: StatsRangeOptions = {},
): CandleSeries {
  const minDays = opts.minDays ?? DEFAULT_MIN_STATS_DAYS;
  if (!(toMs > fromMs)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `the statistics range ${isoUtc(fromMs)} .. ${isoUtc(toMs)} is empty; give an end after the start`,
    );
  }
  const s = readSeries(store, key, fromMs, toMs);
  const coveredDays = (s.length * s.intervalMs) / DAY_MS;
  if (coveredDays < minDays) {
    const need = Math.ceil((minDays * DAY_MS) / s.intervalMs);
    throw new ExecsimError(
      "INSUFFICIENT_DATA",
      `statistics for ${key.symbol} (${key.category}, interval ${key.interval}) over ${isoUtc(fromMs)} .. ${isoUtc(toMs)} need at least ${minDays} day(s) of candles (${need} bars), but the range holds ${s.length} bar(s) (${coveredDays.toFixed(2)} days); widen the range or fetch/import/generate more candles`,
      { bars: s.length, needBars: need },
    );
  }
  return s;
}

/** marketStats over a stored date range [fromMs, toMs). */
export function marketStatsForRange(
  store: ExecsimDatabase,
  key: SeriesKey,
  fromMs: number,
  toMs: number,
  opts: StatsRangeOptions = {},
): MarketStats {
  return marketStats(readStatsSeries(store, key, fromMs, toMs, opts));
}

/** realizedVolatility over a stored date range. */
export function realizedVolatilityForRange(
  store: ExecsimDatabase,
  key: SeriesKey,
  fromMs: number,
  toMs: number,
  opts: StatsRangeOptions = {},
): RealizedVolatility {
  return realizedVolatility(readStatsSeries(store, key, fromMs, toMs, opts));
}

/** averageDailyVolume over a stored date range. */
export function averageDailyVolumeForRange(
  store: ExecsimDatabase,
  key: SeriesKey,
  fromMs: number,
  toMs: number,
  opts: StatsRangeOptions = {},
): AverageDailyVolume {
  return averageDailyVolume(readStatsSeries(store, key, fromMs, toMs, opts));
}

/** intradayVolumeProfile over a stored date range. */
export function intradayVolumeProfileForRange(
  store: ExecsimDatabase,
  key: SeriesKey,
  fromMs: number,
  toMs: number,
  bucketMs: number = HOUR_MS,
  opts: StatsRangeOptions = {},
): IntradayVolumeProfile {
  return intradayVolumeProfile(readStatsSeries(store, key, fromMs, toMs, opts), bucketMs);
}

/** Corwin-Schultz relative spread over a stored date range. */
export function corwinSchultzSpreadForRange(
  store: ExecsimDatabase,
  key: SeriesKey,
  fromMs: number,
  toMs: number,
  opts: StatsRangeOptions = {},
): CorwinSchultzEstimate {
  return corwinSchultzEstimate(readStatsSeries(store, key, fromMs, toMs, opts));
}

/** Amihud illiquidity over a stored date range. */
export function amihudIlliquidityForRange(
  store: ExecsimDatabase,
  key: SeriesKey,
  fromMs: number,
  toMs: number,
  opts: StatsRangeOptions = {},
): AmihudEstimate {
  return amihudEstimate(readStatsSeries(store, key, fromMs, toMs, opts));
}
