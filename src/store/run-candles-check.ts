/**
 * Whether a stored run can still be reproduced from the candles in the store: each run records the
 * sha256 of the candle arrays it used (result-sink candlesHash over [from_ms, to_ms) of its series).
 * Re-importing different values for those bars, or deleting them, changes the hash; `runs show`
 * reports it and `data import` counts the runs whose range an update touched.
 */
import { ExecsimError } from "../core/errors.js";
import type { SeriesKey } from "../core/market-types.js";
import { readSeries } from "./candle-store.js";
import type { ExecsimDatabase } from "./database.js";
import { candlesHash } from "./result-sink.js";
import type { RunRow } from "./run-queries.js";

export interface RunCandlesCheck {
  /** True when the stored candles of the run's range hash to the run's candles_hash. */
  matches: boolean;
  /** The hash of what is stored now (null when no candles of the series remain). */
  currentHash: string | null;
}

/** Re-hash the candles the run used ([fromMs, toMs) of its series) and compare with its stored hash. */
export function checkRunCandles(
  store: ExecsimDatabase,
  run: Pick<RunRow, "symbol" | "category" | "interval" | "fromMs" | "toMs" | "candlesHash">,
): RunCandlesCheck {
  const key = { symbol: run.symbol, category: run.category, interval: run.interval } as SeriesKey;
  let currentHash: string | null;
  try {
    currentHash = candlesHash(readSeries(store, key, run.fromMs, run.toMs));
  } catch (e) {
    if (e instanceof ExecsimError && e.code === "NOT_FOUND") currentHash = null;
    else throw e;
  }
  return { matches: currentHash === run.candlesHash, currentHash };
}

/** Ids of the stored runs over this series whose range [from_ms, to_ms) overlaps [fromMs, toMs]. */
export function runsOverlapping(
  store: ExecsimDatabase,
  key: { symbol: string; category: string; interval: string },
  fromMs: number,
  toMs: number,
): number[] {
  return store.sqlite
    .prepare(
      "SELECT id FROM runs WHERE symbol = ? AND category = ? AND interval = ? AND from_ms <= ? AND to_ms > ? ORDER BY id",
    )
    .pluck()
    .all(key.symbol, key.category, key.interval, toMs, fromMs) as number[];
}
