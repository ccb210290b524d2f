/**
 * Candle storage: bulk, transactional, idempotent writes and typed-array reads.
 *
 * Writes go through one prepared UPSERT inside one transaction: a row whose key already exists with
 * identical values is left alone (counted `unchanged`), one whose values differ is overwritten
 * (counted `updated`: Bybit's newest candle is still open when fetched and is completed by a later
 * fetch), and new keys are `inserted`. Either every row of a call lands or none does.
 *
 * Reads return a CandleSeries (Float64Array columns) in ascending open time, the form the engine,
 * the statistics and the benchmarks use, without allocating an object per row.
 */
import { ExecsimError } from "../core/errors.js";
import { intervalMs } from "../core/interval.js";
import { type Candle, type CandleSeries, type SeriesKey, seriesFromCandles } from "../core/market-types.js";
import { readCandleChunks, refreshCandleChunks } from "./candle-chunks.js";
import type { ExecsimDatabase } from "./database.js";

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface InstrumentInfo {
  baseCoin?: string | null;
  quoteCoin?: string | null;
}

const UPSERT_SQL = `INSERT INTO candles (symbol, category, interval, open_time_ms, open, high, low, close, volume, turnover, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (symbol, category, interval, open_time_ms) DO UPDATE SET
  open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
  volume = excluded.volume, turnover = excluded.turnover, source = excluded.source
WHERE candles.open IS NOT excluded.open OR candles.high IS NOT excluded.high OR candles.low IS NOT excluded.low
   OR candles.close IS NOT excluded.close OR candles.volume IS NOT excluded.volume
   OR candles.turnover IS NOT excluded.turnover`;

const COUNT_SQL = "SELECT count(*) FROM candles WHERE symbol = ? AND category = ? AND interval = ?";

/** Insert or update the instrument row; keeps the first source that named it. */
export function upsertInstrument(
  store: ExecsimDatabase,
  symbol: string,
  category: string,
  source: string,
  info: InstrumentInfo = {},
  nowMs = 0,
): void {
  store.sqlite
    .prepare(
      `INSERT INTO instruments (symbol, category, base_coin, quote_coin, source, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (symbol, category) DO UPDATE SET base_coin = coalesce(excluded.base_coin, instruments.base_coin),
       quote_coin = coalesce(excluded.quote_coin, instruments.quote_coin)`,
    )
    .run(symbol, category, info.baseCoin ?? null, info.quoteCoin ?? null, source, nowMs);
}

/**
 * Write candles of one series in one transaction. Rows must already be validated (see
 * market/candle-validation). `candles` may be an array of Candle or a CandleSeries.
 * `onProgress(done, total)`: rows written so far, every 65,536 rows and at the end (a progress bar).
 */
export function writeCandles(
  store: ExecsimDatabase,
  key: SeriesKey,
  candles: readonly Candle[] | CandleSeries,
  source: string,
  info: InstrumentInfo = {},
  onProgress?: (done: number, total: number) => void,
): WriteCounts {
  const upsert = store.sqlite.prepare(UPSERT_SQL);
  const countAll = store.sqlite.prepare(COUNT_SQL).pluck();
  const { symbol, category, interval } = key;
  // One columnar loop for both inputs (an array of Candle is copied into typed arrays first: exact).
  const rows = isSeries(candles) ? candles : seriesFromCandles(key, intervalMs(interval), candles);
  const n = rows.length;
  let changed = 0;
  let inserted = 0;
  const tx = store.sqlite.transaction(() => {
    const before = countAll.get(symbol, category, interval) as number;
    upsertInstrument(store, symbol, category, source, info);
    for (let i = 0; i < n; i++) {
      const to = rows.turnover[i]!;
      changed += upsert.run(
        symbol,
        category,
        interval,
        rows.openTimeMs[i]!,
        rows.open[i]!,
        rows.high[i]!,
        rows.low[i]!,
        rows.close[i]!,
        rows.volume[i]!,
        Number.isNaN(to) ? null : to,
        source,
      ).changes;
      if (onProgress && (i + 1) % 65_536 === 0) onProgress(i + 1, n);
    }
    onProgress?.(n, n);
    inserted = (countAll.get(symbol, category, interval) as number) - before;
    // the columnar copies of what changed (the triggers dropped the stale ones), in the same transaction
    if (changed > 0)
      refreshCandleChunks(store, key, minOf(rows.openTimeMs, n), maxOf(rows.openTimeMs, n), rows);
  });
  try {
    tx.immediate(); // take the write lock first: concurrent importers wait instead of failing
  } catch (e) {
    throw new ExecsimError(
      "DATABASE_ERROR",
      `writing candles for ${symbol} ${category} ${interval} failed, nothing was written: ${(e as Error).message}`,
      undefined,
      { cause: e },
    );
  }
  // Each statement changes one row (insert or update) or none (identical row kept).
  return { inserted, updated: changed - inserted, unchanged: n - changed };
}

function minOf(a: Float64Array, n: number): number {
  let m = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) if (a[i]! < m) m = a[i]!;
  return m;
}

function maxOf(a: Float64Array, n: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

function isSeries(x: readonly Candle[] | CandleSeries): x is CandleSeries {
  return (x as CandleSeries).openTimeMs instanceof Float64Array;
}

/**
 * Read candles with fromMs <= open time < toMs (defaults: everything) as typed arrays, from the
 * columnar candle chunks (candle-chunks.ts; same values as the rows); `shared`: in one SharedArrayBuffer.
 * Throws NOT_FOUND when the series has no rows at all in the store.
 */
export function readSeries(
  store: ExecsimDatabase,
  key: SeriesKey,
  fromMs = Number.MIN_SAFE_INTEGER,
  toMs = Number.MAX_SAFE_INTEGER,
  opts: { readonly shared?: boolean } = {},
): CandleSeries {
  const s = readCandleChunks(store, key, fromMs, toMs, opts.shared === true);
  if (s.length === 0) {
    const { symbol, category, interval } = key;
    const any = store.sqlite
      .prepare("SELECT count(*) FROM candles WHERE symbol = ? AND category = ? AND interval = ?")
      .pluck()
      .get(symbol, category, interval) as number;
    if (any === 0) {
      throw new ExecsimError(
        "NOT_FOUND",
        `no candles stored for ${symbol} (${category}, interval ${interval}); run \`execsim data list\` to see what is stored, or fetch/import/generate it first`,
      );
    }
  }
  return s;
}
