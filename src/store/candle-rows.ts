/**
 * The row-table read of one candle series: `candles` rows with fromMs <= open time < toMs, in
 * ascending open time, into typed arrays (raw row arrays, no object per row). The reference read:
 * candle chunks (candle-chunks.ts) are built from it, and readSeries falls back to it where chunks
 * cannot be used.
 */
import { intervalMs } from "../core/interval.js";
import { allocSeries, type CandleSeries, type SeriesKey, sliceSeries } from "../core/market-types.js";
import type { ExecsimDatabase } from "./database.js";

export const SERIES_WHERE =
  "symbol = ? AND category = ? AND interval = ? AND open_time_ms >= ? AND open_time_ms < ?";

export function readCandleRows(
  store: ExecsimDatabase,
  key: SeriesKey,
  fromMs: number,
  toMs: number,
): CandleSeries {
  const { symbol, category, interval } = key;
  const n = store.sqlite
    .prepare(`SELECT count(*) FROM candles WHERE ${SERIES_WHERE}`)
    .pluck()
    .get(symbol, category, interval, fromMs, toMs) as number;
  const s = allocSeries(key, intervalMs(interval), n);
  if (n === 0) return s;
  const stmt = store.sqlite
    .prepare(
      `SELECT open_time_ms, open, high, low, close, volume, turnover FROM candles WHERE ${SERIES_WHERE} ORDER BY open_time_ms`,
    )
    .raw(true);
  let i = 0;
  for (const row of stmt.iterate(symbol, category, interval, fromMs, toMs) as Iterable<
    [number, number, number, number, number, number, number | null]
  >) {
    s.openTimeMs[i] = row[0];
    s.open[i] = row[1];
    s.high[i] = row[2];
    s.low[i] = row[3];
    s.close[i] = row[4];
    s.volume[i] = row[5];
    s.turnover[i] = row[6] ?? Number.NaN;
    i++;
  }
  return i === n ? s : sliceSeries(s, 0, i);
}
