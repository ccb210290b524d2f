/**
 * Executor benchmark (issue 10): the default `execsim compare` (TWAP, VWAP, POV, IS on the built-in
 * 30-day dataset, 29 parents, the book venue, TCA and storage) through the library's executeBatch,
 * with the strategies in worker threads (the default: containment, a time budget per parent) and in
 * this thread (the pre-issue-10 way, no containment), alternately, best of REPEATS each, same store
 * and data. Target: the contained run at most 20 % slower than in-process (`withinTarget`). Also: the
 * stored TCA rows of the two are identical (`identicalRows`), and the first contained run's time
 * includes building the worker bundle when running from sources (reported as `firstThreadsSeconds`).
 * Wall-clock seconds; the 1-minute load average says how busy the shared machine was.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { buildRunConfig } from "../src/engine/run-config.js";
import { executeBatch, prepareBatch } from "../src/experiment/batch.js";
import { openDatabase } from "../src/store/database.js";
import { tcaRowsWithoutRunId } from "../src/store/run-queries.js";
import { type BenchSection, loadAverage, sig } from "./bench-utils.js";

const REPEATS = 5;
const TARGET_RATIO = 1.2;

export const executorBench: BenchSection = {
  name: "executor",
  description: "default compare with strategies in worker threads vs in this thread (target: ≤ 20 % slower)",
  async run() {
    const dir = mkdtempSync(path.join(os.tmpdir(), "execsim-bench-exec-"));
    const store = openDatabase(path.join(dir, "bench.db"));
    try {
      const prepared = await prepareBatch(store, buildRunConfig({}));
      const time = async (executor: "threads" | "in-process") => {
        const t0 = performance.now();
        const r = await executeBatch(store, prepared, "compare", t0, executor);
        return { seconds: (performance.now() - t0) / 1000, runIds: r.runs.map((x) => x.runId) };
      };
      const first = await time("threads");
      const threads: number[] = [];
      const inProcess: number[] = [];
      let last = { threads: first.runIds, inProcess: [] as number[] };
      for (let k = 0; k < REPEATS; k++) {
        const a = await time("in-process");
        const b = await time("threads");
        inProcess.push(a.seconds);
        threads.push(b.seconds);
        last = { threads: b.runIds, inProcess: a.runIds };
      }
      const identicalRows = last.threads.every(
        (id, i) =>
          JSON.stringify(tcaRowsWithoutRunId(store, id)) ===
          JSON.stringify(tcaRowsWithoutRunId(store, last.inProcess[i]!)),
      );
      const bestThreads = Math.min(...threads);
      const bestInProcess = Math.min(...inProcess);
      const ratio = bestThreads / bestInProcess;
      return {
        repeats: REPEATS,
        firstThreadsSeconds: sig(first.seconds),
        inProcessSeconds: sig(bestInProcess),
        threadsSeconds: sig(bestThreads),
        ratio: sig(ratio, 3),
        medianRatio: sig(median(threads) / median(inProcess), 3),
        targetRatio: TARGET_RATIO,
        withinTarget: ratio <= TARGET_RATIO,
        identicalRows,
        loadAverage: loadAverage(),
      };
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function median(xs: readonly number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}
