/**
 * The candles behind a baseline: saving them beside it (`--with-data`) and making sure the database
 * a check runs on holds exactly them.
 *
 * The candles file `<NAME>.candles.csv.gz` is the `data export` CSV (ISO open time, shortest
 * round-trip decimals, so it parses back to the same doubles) compressed with gzip (node:zlib).
 *
 * ensureBaselineCandles(store, baseline, dir), before a check runs:
 *   1. the built-in dataset is (re)generated when missing (ensureDefaultDataset);
 *   2. the stored bars in [fromMs, toMs) whose sha256 equals data.candlesHash are used as they are;
 *   3. otherwise, with a candles file: its hash must equal the baseline's (else DATA_MISMATCH), every
 *      stored bar in the range must equal the file's bar at that time (else DATA_MISMATCH: the store
 *      holds other candles), and the missing bars are imported in one transaction, then re-verified;
 *   4. without one: NOT_FOUND when the store has none of those bars, DATA_MISMATCH when it has
 *      different or incomplete ones — each message says which series, range and hashes.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { ExecsimError } from "../../core/errors.js";
import { intervalMs, isoUtc, parseInterval } from "../../core/interval.js";
import {
  allocSeries,
  type CandleSeries,
  type Category,
  type SeriesKey,
  seriesFromCandles,
  sliceSeries,
} from "../../core/market-types.js";
import { copyBar } from "../../core/series-copy.js";
import { ensureDefaultDataset } from "../../market/default-dataset.js";
import { formatCandlesCsv } from "../../market/export-csv.js";
import { parseOhlcvCsv } from "../../market/import-ohlcv-csv.js";
import { readSeries, writeCandles } from "../../store/candle-store.js";
import type { ExecsimDatabase } from "../../store/database.js";
import { candlesHash } from "../../store/result-sink.js";
import type { Baseline, BaselineData } from "./baseline-file.js";

/** Write the series as gzip-compressed CSV to `file`. */
export function writeCandlesFile(file: string, series: CandleSeries): void {
  writeFileSync(file, gzipSync(Buffer.from(formatCandlesCsv(series), "utf8"), { level: 9 }));
}

/** Read a candles file written by writeCandlesFile as a series of `key`. */
export function readCandlesFile(file: string, key: SeriesKey): CandleSeries {
  let text: string;
  try {
    text = gunzipSync(readFileSync(file)).toString("utf8");
  } catch (e) {
    throw new ExecsimError(
      "PARSE_ERROR",
      `candles file ${file} is not gzip-compressed CSV (${(e as Error).message}); save the baseline again with --with-data`,
    );
  }
  const parsed = parseOhlcvCsv(text, file);
  return seriesFromCandles(key, intervalMs(key.interval), parsed.candles);
}

function dataKey(d: BaselineData): SeriesKey {
  return { symbol: d.symbol, category: d.category as Category, interval: parseInterval(d.interval) };
}

function describe(d: BaselineData): string {
  return `${d.symbol} ${d.category} interval ${d.interval}, ${isoUtc(d.fromMs)} .. ${isoUtc(d.toMs)}`;
}

function storedRange(store: ExecsimDatabase, key: SeriesKey, d: BaselineData): CandleSeries {
  const any = store.sqlite
    .prepare("SELECT count(*) FROM candles WHERE symbol = ? AND category = ? AND interval = ?")
    .pluck()
    .get(key.symbol, key.category, key.interval) as number;
  return any === 0 ? allocSeries(key, intervalMs(key.interval), 0) : readSeries(store, key, d.fromMs, d.toMs);
}

/** Bars of `file` the store lacks; DATA_MISMATCH when a stored bar differs from the file's. */
function missingBars(stored: CandleSeries, file: CandleSeries, d: BaselineData): CandleSeries {
  const at = new Map<number, number>();
  for (let i = 0; i < file.length; i++) at.set(file.openTimeMs[i]!, i);
  for (let i = 0; i < stored.length; i++) {
    const j = at.get(stored.openTimeMs[i]!);
    const same =
      j !== undefined &&
      (["open", "high", "low", "close", "volume", "turnover"] as const).every((k) =>
        Object.is(stored[k][i], file[k][j]),
      );
    if (!same)
      throw new ExecsimError(
        "DATA_MISMATCH",
        `the database holds other candles for ${describe(d)} than the baseline (first difference at ${isoUtc(stored.openTimeMs[i]!)}); check on a fresh database (--db) or save the baseline again`,
      );
  }
  const have = new Set(Array.from(stored.openTimeMs.subarray(0, stored.length)));
  const out = allocSeries(file, file.intervalMs, file.length);
  let n = 0;
  for (let i = 0; i < file.length; i++) {
    if (have.has(file.openTimeMs[i]!)) continue;
    copyBar(file, i, out, n);
    n++;
  }
  return sliceSeries(out, 0, n);
}

/** Make the store hold exactly the baseline's candles (see the module doc); returns their key. */
export function ensureBaselineCandles(store: ExecsimDatabase, b: Baseline, dir: string): SeriesKey {
  const d = b.data;
  const key = dataKey(d);
  if (d.builtIn !== null) ensureDefaultDataset(store);
  let stored = storedRange(store, key, d);
  if (candlesHash(stored) === d.candlesHash) return key;
  const fileName = d.candlesFile;
  const file = fileName === null ? null : path.resolve(dir, fileName);
  if (file === null || !existsSync(file)) {
    if (stored.length === 0)
      throw new ExecsimError(
        "NOT_FOUND",
        `the candles of baseline ${b.name} (${describe(d)}, ${d.bars} bars) are missing from the database` +
          (file === null
            ? "; import or fetch them (`execsim data import|fetch`), or save the baseline again with --with-data"
            : `, and its candles file ${file} is missing; restore it or save the baseline again with --with-data`),
      );
    throw new ExecsimError(
      "DATA_MISMATCH",
      `the stored candles for ${describe(d)} no longer match baseline ${b.name}: ${stored.length} of ${d.bars} bars stored, sha256 ${candlesHash(stored).slice(0, 16)}… instead of ${d.candlesHash.slice(0, 16)}…; restore those candles, or check on a fresh database (--db) with data the baseline can import (save it with --with-data)`,
    );
  }
  const saved = readCandlesFile(file, key);
  if (candlesHash(saved) !== d.candlesHash)
    throw new ExecsimError(
      "DATA_MISMATCH",
      `candles file ${file} does not match baseline ${b.name} (sha256 ${candlesHash(saved).slice(0, 16)}… instead of ${d.candlesHash.slice(0, 16)}…); restore it or save the baseline again with --with-data`,
    );
  const missing = missingBars(stored, saved, d);
  writeCandles(store, key, missing, `baseline:${b.name}`);
  stored = storedRange(store, key, d);
  if (candlesHash(stored) !== d.candlesHash)
    throw new ExecsimError(
      "DATA_MISMATCH",
      `after importing ${file}, the stored candles for ${describe(d)} still differ from baseline ${b.name}; check on a fresh database (--db)`,
    );
  return key;
}
