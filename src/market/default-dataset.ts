/**
 * The built-in default dataset: what execsim runs on when the user names no data. Thirty days of
 * synthetic 1-minute SYN-BTCUSDT linear-perpetual candles from 2024-01-01T00:00Z, seed 42, with the
 * generator's default (BTC-like) parameters: 43,200 bars. `ensureDefaultDataset(store)` writes it
 * (source "synthetic:42") when the store does not hold all of it yet and is idempotent: a store that
 * already has it is left untouched, and bars already stored are never overwritten (only missing bars
 * are written). Generation is deterministic, so every machine gets identical rows.
 */
import type { Interval } from "../core/interval.js";
import { DAY_MS, intervalMs } from "../core/interval.js";
import {
  allocSeries,
  type CandleSeries,
  type Category,
  type SeriesKey,
  sliceSeries,
} from "../core/market-types.js";
import { copyBar } from "../core/series-copy.js";
import { type WriteCounts, writeCandles } from "../store/candle-store.js";
import type { ExecsimDatabase } from "../store/database.js";
import { generateSyntheticCandles, type SyntheticCandleConfig } from "./synthetic-candles.js";

export const DEFAULT_DATASET_SYMBOL = "SYN-BTCUSDT";
export const DEFAULT_DATASET_CATEGORY: Category = "linear";
export const DEFAULT_DATASET_INTERVAL: Interval = "1";
export const DEFAULT_DATASET_DAYS = 30;
/** 2024-01-01T00:00:00Z */
export const DEFAULT_DATASET_START_MS = Date.UTC(2024, 0, 1);
export const DEFAULT_DATASET_SEED = 42;
export const DEFAULT_DATASET_SOURCE = `synthetic:${DEFAULT_DATASET_SEED}`;
/** Open time of the last bar + one interval: 2024-01-31T00:00:00Z. */
export const DEFAULT_DATASET_END_MS = DEFAULT_DATASET_START_MS + DEFAULT_DATASET_DAYS * DAY_MS;
export const DEFAULT_DATASET_BARS = (DEFAULT_DATASET_DAYS * DAY_MS) / intervalMs(DEFAULT_DATASET_INTERVAL);

export const DEFAULT_DATASET_KEY: Readonly<SeriesKey> = Object.freeze({
  symbol: DEFAULT_DATASET_SYMBOL,
  category: DEFAULT_DATASET_CATEGORY,
  interval: DEFAULT_DATASET_INTERVAL,
});

/** The generator config of the default dataset (default model parameters). */
export function defaultDatasetConfig(): SyntheticCandleConfig {
  return {
    ...DEFAULT_DATASET_KEY,
    startMs: DEFAULT_DATASET_START_MS,
    bars: DEFAULT_DATASET_BARS,
    seed: DEFAULT_DATASET_SEED,
  };
}

export interface EnsureDefaultResult {
  key: SeriesKey;
  /** Whether rows were written by this call (false: the store already held every bar). */
  generated: boolean;
  /** inserted = bars written now; unchanged = bars already stored (never overwritten). */
  counts: WriteCounts;
  /** Bars in the default range stored from another source (e.g. `data generate --seed 7`). */
  foreignBars: number;
}

/**
 * Make sure the store holds every bar of the default dataset; generate it and write the missing bars.
 * Returns the SeriesKey to read it with. Idempotent: a second call writes nothing. Bars already stored
 * are never overwritten, even when a user stored other data under the same key (`foreignBars` says so).
 */
export function ensureDefaultDataset(store: ExecsimDatabase): SeriesKey {
  return ensureDefaultDatasetDetailed(store).key;
}

/** ensureDefaultDataset, also saying whether it wrote anything and the write counts. */
export function ensureDefaultDatasetDetailed(store: ExecsimDatabase): EnsureDefaultResult {
  const key: SeriesKey = { ...DEFAULT_DATASET_KEY };
  const where = "symbol = ? AND category = ? AND interval = ? AND open_time_ms >= ? AND open_time_ms < ?";
  const args = [key.symbol, key.category, key.interval, DEFAULT_DATASET_START_MS, DEFAULT_DATASET_END_MS];
  const stored = store.sqlite
    .prepare(`SELECT open_time_ms FROM candles WHERE ${where}`)
    .pluck()
    .all(...args) as number[];
  const foreignBars = store.sqlite
    .prepare(`SELECT count(*) FROM candles WHERE ${where} AND source IS NOT ?`)
    .pluck()
    .get(...args, DEFAULT_DATASET_SOURCE) as number;
  if (stored.length === DEFAULT_DATASET_BARS) {
    return {
      key,
      generated: false,
      counts: { inserted: 0, updated: 0, unchanged: stored.length },
      foreignBars,
    };
  }
  const series = generateSyntheticCandles(defaultDatasetConfig());
  const missing = missingRows(series, new Set(stored));
  const counts = writeCandles(store, key, missing, DEFAULT_DATASET_SOURCE, {
    baseCoin: "BTC",
    quoteCoin: "USDT",
  });
  return { key, generated: true, counts: { ...counts, unchanged: stored.length }, foreignBars };
}

/** The rows of `s` whose open time is not in `have`, as a compact series. */
function missingRows(s: CandleSeries, have: ReadonlySet<number>): CandleSeries {
  if (have.size === 0) return s;
  const out = allocSeries(s, s.intervalMs, s.length - have.size);
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    if (have.has(s.openTimeMs[i]!)) continue;
    copyBar(s, i, out, j);
    j++;
  }
  return sliceSeries(out, 0, j);
}
