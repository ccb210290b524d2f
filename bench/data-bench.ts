/**
 * Data benchmark: generate one year of 1-minute synthetic candles (525,600 bars), store them in a
 * fresh temp-file SQLite database with writeCandles, read them back as typed arrays with readSeries,
 * and compute the market statistics. Target (issue 2): generate, store and read each well under 5 s
 * (wall clock; `withinTarget`). Each step also reports CPU seconds and the run the 1-minute load
 * average: on the shared 2-core machine other processes stretch wall-clock times.
 * The read (issue 12: a year of 1-minute bars under 0.25 s) goes through the columnar candle chunks;
 * `readRows` is the same read from the row table (the path before the chunks), for comparison.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DAY_MS } from "../src/core/interval.js";
import { marketStats } from "../src/market/market-stats.js";
import { generateSyntheticCandles } from "../src/market/synthetic-candles.js";
import { readCandleRows } from "../src/store/candle-rows.js";
import { readSeries, writeCandles } from "../src/store/candle-store.js";
import { openDatabase } from "../src/store/database.js";
import { type BenchSection, loadAverage, sig, step, timeIt } from "./bench-utils.js";

const BARS = 525_600;
const TARGET_SECONDS = 5;
const READ_TARGET_SECONDS = 0.25;

export const dataBench: BenchSection = {
  name: "data",
  description: "generate, store and read back one year of 1-minute candles (525,600 rows)",
  run() {
    const dir = mkdtempSync(path.join(os.tmpdir(), "execsim-bench-"));
    const store = openDatabase(path.join(dir, "bench.db"));
    try {
      const key = { symbol: "SYN-BENCH", category: "linear", interval: "1" } as const;
      const gen = timeIt(() =>
        generateSyntheticCandles({ ...key, startMs: Date.UTC(2024, 0, 1), bars: BARS, seed: 42 }),
      );
      const write = timeIt(() => writeCandles(store, key, gen.value, "synthetic:42"));
      const rewrite = timeIt(() => writeCandles(store, key, gen.value, "synthetic:42"));
      const read = timeIt(() => readSeries(store, key));
      const readRows = timeIt(() =>
        readCandleRows(store, key, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      );
      const stats = timeIt(() => marketStats(read.value));
      if (read.value.length !== BARS || write.value.inserted !== BARS || rewrite.value.unchanged !== BARS) {
        throw new Error(
          `data bench round trip is wrong: wrote ${JSON.stringify(write.value)}, re-wrote ${JSON.stringify(rewrite.value)}, read ${read.value.length}`,
        );
      }
      const steps = { generate: gen.seconds, write: write.seconds, read: read.seconds };
      return {
        rows: BARS,
        days: (BARS * 60_000) / DAY_MS,
        loadAverage1m: loadAverage(),
        generate: step(gen.seconds, BARS, gen.cpuSeconds),
        write: step(write.seconds, BARS, write.cpuSeconds),
        rewriteUnchanged: step(rewrite.seconds, BARS, rewrite.cpuSeconds),
        read: step(read.seconds, BARS, read.cpuSeconds),
        readRows: step(readRows.seconds, BARS, readRows.cpuSeconds),
        readTargetSeconds: READ_TARGET_SECONDS,
        readWithinTarget: read.seconds < READ_TARGET_SECONDS,
        marketStats: step(stats.seconds, BARS, stats.cpuSeconds),
        annualizedVol: sig(stats.value.volatility.annualized),
        targetSeconds: TARGET_SECONDS,
        withinTarget: Object.values(steps).every((s) => s < TARGET_SECONDS),
      };
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
