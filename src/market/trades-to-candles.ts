/**
 * Aggregating individual trades into OHLCV candles of a Bybit interval.
 *
 * For the bar [T, T + interval) (T on the interval grid, see candle-validation):
 *   open  = price of the first trade in time order,   close = price of the last,
 *   high  = max price,  low = min price,
 *   volume   = Σ size                      (contract units: base coin for linear/spot, USD for inverse),
 *   turnover = Σ price · size  (linear, spot: quote coin)   or   Σ size / price  (inverse: base coin),
 * which is how Bybit's own klines define volume and turnover per category.
 * Trades at the same timestamp keep their file order (the sort is stable on input order).
 *
 * Bars without trades produce no candle: they show up as gaps and are never filled (a flat
 * zero-volume candle would be an invention). Units: times in epoch ms, prices in quote per base.
 * Known limitation: Σ price·size in double precision differs from Bybit's decimal turnover in
 * the last digits.
 */
import { ExecsimError } from "../core/errors.js";
import type { Interval } from "../core/interval.js";
import type { Candle, Category } from "../core/market-types.js";
import { floorToInterval } from "./candle-validation.js";

/** Trades in ascending (non-decreasing) time, as parallel columns. */
export interface TradeColumns {
  readonly length: number;
  readonly timeMs: ArrayLike<number>;
  readonly price: ArrayLike<number>;
  readonly size: ArrayLike<number>;
}

export interface AggregatedCandles {
  candles: Candle[];
  /** Index of the first trade of each candle (for error messages and provenance). */
  firstTrade: number[];
  /** Number of trades aggregated into each candle. */
  tradeCount: number[];
}

/** Aggregate trades (non-decreasing timeMs) into candles of `interval`. */
export function tradesToCandles(
  trades: TradeColumns,
  interval: Interval,
  category: Category,
): AggregatedCandles {
  const candles: Candle[] = [];
  const firstTrade: number[] = [];
  const tradeCount: number[] = [];
  const inverse = category === "inverse";
  let cur: Candle | undefined;
  let count = 0;
  let prevTime = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < trades.length; i++) {
    const t = trades.timeMs[i]!;
    const p = trades.price[i]!;
    const q = trades.size[i]!;
    if (t < prevTime) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `tradesToCandles: trade ${i} at ${t} is earlier than the one before (${prevTime}); sort trades by time first`,
      );
    }
    prevTime = t;
    const bar = floorToInterval(t, interval);
    if (cur === undefined || bar !== cur.openTimeMs) {
      if (cur) tradeCount.push(count);
      cur = { openTimeMs: bar, open: p, high: p, low: p, close: p, volume: 0, turnover: 0 };
      candles.push(cur);
      firstTrade.push(i);
      count = 0;
    }
    if (p > cur.high) cur.high = p;
    if (p < cur.low) cur.low = p;
    cur.close = p;
    cur.volume += q;
    cur.turnover += inverse ? q / p : p * q;
    count++;
  }
  if (cur) tradeCount.push(count);
  return { candles, firstTrade, tradeCount };
}
