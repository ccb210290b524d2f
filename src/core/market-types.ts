/**
 * Market-data domain types. Units are in the names where they are not obvious: prices in quote
 * currency per unit of base (e.g. USDT per BTC), volume in base units, turnover in quote units,
 * times in epoch milliseconds UTC (a candle is stamped with its open time, as Bybit does).
 */
import type { Interval } from "./interval.js";

export type Category = "spot" | "linear" | "inverse";
export const CATEGORIES: readonly Category[] = ["spot", "linear", "inverse"];

export type Side = "buy" | "sell";
/** +1 for a buy, -1 for a sell. */
export function sideSign(side: Side): 1 | -1 {
  return side === "buy" ? 1 : -1;
}

export interface Candle {
  openTimeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Base-currency volume traded during the bar. */
  volume: number;
  /** Quote-currency value traded during the bar (NaN where the source does not give it). */
  turnover: number;
}

/** Which market a series belongs to. */
export interface SeriesKey {
  symbol: string;
  category: Category;
  interval: Interval;
}

/**
 * A columnar, typed-array view of candles in ascending open time: the form the simulator, the
 * statistics and the benchmarks work on. `length` may be smaller than the arrays' capacity.
 */
export interface CandleSeries extends SeriesKey {
  readonly intervalMs: number;
  readonly length: number;
  readonly openTimeMs: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly turnover: Float64Array;
}

/** Just the candle columns of a series (importers fill these before the series key is known). */
export type CandleArrays = Pick<
  CandleSeries,
  "length" | "openTimeMs" | "open" | "high" | "low" | "close" | "volume" | "turnover"
>;

/** The seven columns of a candle series, in their canonical order (storage, hashing, copies). */
export const CANDLE_COLUMNS = ["openTimeMs", "open", "high", "low", "close", "volume", "turnover"] as const;

/** A series' column arrays in CANDLE_COLUMNS order. */
export function candleColumns(s: CandleArrays): Float64Array[] {
  return CANDLE_COLUMNS.map((c) => s[c]);
}

export function candleAt(s: CandleArrays, i: number): Candle {
  return {
    openTimeMs: s.openTimeMs[i]!,
    open: s.open[i]!,
    high: s.high[i]!,
    low: s.low[i]!,
    close: s.close[i]!,
    volume: s.volume[i]!,
    turnover: s.turnover[i]!,
  };
}

/** Allocate an empty series of the given capacity. */
export function allocSeries(key: SeriesKey, intervalMs: number, n: number): CandleSeries {
  return {
    ...key,
    intervalMs,
    length: n,
    openTimeMs: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    turnover: new Float64Array(n),
  };
}

/**
 * allocSeries with the seven columns in ONE SharedArrayBuffer: posted to a worker thread, such a series
 * is shared, not copied (the executor's built-in workers read the main thread's bars; nothing writes
 * them). A user's strategy never gets it: its worker gets a private copy (worker-pool.ts).
 */
export function allocSharedSeries(key: SeriesKey, intervalMs: number, n: number): CandleSeries {
  const buf = new SharedArrayBuffer(n * 8 * 7);
  const col = (k: number) => new Float64Array(buf, k * n * 8, n);
  return {
    symbol: key.symbol,
    category: key.category,
    interval: key.interval,
    intervalMs,
    length: n,
    openTimeMs: col(0),
    open: col(1),
    high: col(2),
    low: col(3),
    close: col(4),
    volume: col(5),
    turnover: col(6),
  };
}

/** True when every column of `s` lives in a SharedArrayBuffer. */
export function isSharedSeries(s: CandleSeries): boolean {
  return candleColumns(s).every((a) => a.buffer instanceof SharedArrayBuffer);
}

/** `s` itself when shared already, else a copy of its bars in one SharedArrayBuffer. */
export function sharedSeries(s: CandleSeries): CandleSeries {
  if (isSharedSeries(s)) return s;
  const n = s.length;
  const out = allocSharedSeries(
    { symbol: s.symbol, category: s.category, interval: s.interval },
    s.intervalMs,
    n,
  );
  for (const k of CANDLE_COLUMNS) out[k].set(s[k].subarray(0, n));
  return out;
}

export function seriesFromCandles(
  key: SeriesKey,
  intervalMs: number,
  candles: readonly Candle[],
): CandleSeries {
  const s = allocSeries(key, intervalMs, candles.length);
  candles.forEach((c, i) => {
    s.openTimeMs[i] = c.openTimeMs;
    s.open[i] = c.open;
    s.high[i] = c.high;
    s.low[i] = c.low;
    s.close[i] = c.close;
    s.volume[i] = c.volume;
    s.turnover[i] = c.turnover;
  });
  return s;
}

/** A sub-range [from, to) of a series sharing the same buffers (no copy). */
export function sliceSeries(s: CandleSeries, from: number, to: number): CandleSeries {
  return {
    symbol: s.symbol,
    category: s.category,
    interval: s.interval,
    intervalMs: s.intervalMs,
    length: Math.max(0, to - from),
    openTimeMs: s.openTimeMs.subarray(from, to),
    open: s.open.subarray(from, to),
    high: s.high.subarray(from, to),
    low: s.low.subarray(from, to),
    close: s.close.subarray(from, to),
    volume: s.volume.subarray(from, to),
    turnover: s.turnover.subarray(from, to),
  };
}

/** Order-book level: price in quote per base, size in base units. */
export interface BookLevel {
  price: number;
  size: number;
}

/** A two-sided book snapshot; bids descending, asks ascending. */
export interface BookSnapshot {
  timeMs: number;
  bids: BookLevel[];
  asks: BookLevel[];
}
