/**
 * Shared helpers for the market statistics: argument checks that raise INSUFFICIENT_DATA with a
 * message saying how much data is needed, the bars-per-day of a series, and a bar's quote turnover
 * (falling back to volume × typical price (H+L+C)/3 where the source gave no turnover, e.g. a plain
 * OHLCV CSV; callers report whether that fallback was used).
 */
import { ExecsimError } from "../../core/errors.js";
import { DAY_MS, isoUtc } from "../../core/interval.js";
import type { CandleSeries } from "../../core/market-types.js";

/** A human-readable name of a series for error messages: "BTCUSDT linear 1". */
export function seriesLabel(s: CandleSeries): string {
  return `${s.symbol} (${s.category}, interval ${s.interval})`;
}

/** The time range a series covers, for error messages. */
export function seriesRangeLabel(s: CandleSeries): string {
  if (s.length === 0) return "an empty range";
  return `${isoUtc(s.openTimeMs[0]!)} .. ${isoUtc(s.openTimeMs[s.length - 1]! + s.intervalMs)}`;
}

export function insufficient(s: CandleSeries, what: string, need: string): ExecsimError {
  return new ExecsimError(
    "INSUFFICIENT_DATA",
    `${what} needs ${need}, but ${seriesLabel(s)} has ${s.length} bar(s) covering ${seriesRangeLabel(s)}; ` +
      "widen the date range or fetch/import/generate more candles",
    { symbol: s.symbol, category: s.category, interval: s.interval, bars: s.length },
  );
}

export function requireBars(s: CandleSeries, min: number, what: string): void {
  if (s.length < min) throw insufficient(s, what, `at least ${min} bars`);
}

/** Bars per UTC day (fractional for weekly bars: 1/7). */
export function barsPerDay(s: CandleSeries): number {
  return DAY_MS / s.intervalMs;
}

/** Time covered by the series: from the first bar's open to the last bar's close, in days. */
export function spanDays(s: CandleSeries): number {
  if (s.length === 0) return 0;
  return (s.openTimeMs[s.length - 1]! + s.intervalMs - s.openTimeMs[0]!) / DAY_MS;
}

/** Quote turnover of bar i; volume × (H+L+C)/3 where the stored turnover is NaN. */
export function barTurnover(s: CandleSeries, i: number): number {
  const t = s.turnover[i]!;
  if (!Number.isNaN(t)) return t;
  return (s.volume[i]! * (s.high[i]! + s.low[i]! + s.close[i]!)) / 3;
}

/** True when any bar of the series lacks a stored turnover (so barTurnover estimated it). */
export function turnoverEstimated(s: CandleSeries): boolean {
  for (let i = 0; i < s.length; i++) if (Number.isNaN(s.turnover[i]!)) return true;
  return false;
}

/** VALIDATION_ERROR for a statistic that came out NaN/Infinity: the candles hold a non-positive or NaN price. */
export function requireFiniteResult(s: CandleSeries, what: string, value: number): void {
  if (Number.isFinite(value)) return;
  throw new ExecsimError(
    "VALIDATION_ERROR",
    `${what} of ${seriesLabel(s)} over ${seriesRangeLabel(s)} is not a number: some candles have a price <= 0 or NaN; ` +
      "re-import the data (importers validate candles) or pick a range without the broken rows",
  );
}
