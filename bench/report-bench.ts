/**
 * Report and export timings on the built-in compare (29 parents × TWAP, VWAP, POV, IS, every fill
 * stored): building the static HTML report (cold = including the first import of vega / vega-lite;
 * warm = a second build), its size, and exporting the fills as CSV and as Parquet. No targets: the
 * figures say what a user waits for after `execsim compare --report`.
 */
import { performance } from "node:perf_hooks";
import { compareStrategies } from "../src/experiment/batch.js";
import { buildReport } from "../src/report/build-report.js";
import { exportChunks, exportParquet } from "../src/report/result-export.js";
import { openDatabase } from "../src/store/database.js";
import { type BenchResult, type BenchSection, loadAverage, sig } from "./bench-utils.js";

async function seconds<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, sig((performance.now() - t0) / 1000)];
}

export const reportBench: BenchSection = {
  name: "report",
  description: "HTML report and result exports of the built-in compare (29 parents × 4 strategies)",
  async run(): Promise<BenchResult> {
    const store = openDatabase(":memory:");
    try {
      const batch = await compareStrategies(store);
      const sel = { batchId: batch.batchId! };
      const ids = batch.runs.map((r) => r.runId);
      const fills = store.sqlite.prepare("SELECT count(*) FROM fills").pluck().get() as number;
      const [cold, coldSeconds] = await seconds(() => buildReport(store, sel));
      const [, warmSeconds] = await seconds(() => buildReport(store, sel));
      const [interactive, interactiveSeconds] = await seconds(() =>
        buildReport(store, sel, { interactive: true }),
      );
      const [csv, csvSeconds] = await seconds(() => [...exportChunks(store, ids, "fills", "csv")].join(""));
      const [parquet, parquetSeconds] = await seconds(() => exportParquet(store, ids, "fills"));
      return {
        loadAverage: loadAverage(),
        parents: batch.parents,
        runs: ids.length,
        fills,
        reportColdSeconds: coldSeconds,
        reportWarmSeconds: warmSeconds,
        reportBytes: Buffer.byteLength(cold.html),
        interactiveSeconds,
        interactiveBytes: Buffer.byteLength(interactive.html),
        fillsCsvSeconds: csvSeconds,
        fillsCsvBytes: Buffer.byteLength(csv),
        fillsParquetSeconds: parquetSeconds,
        fillsParquetBytes: parquet.byteLength,
      };
    } finally {
      store.close();
    }
  },
};
