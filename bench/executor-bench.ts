/**
 * Executor benchmark (issue 10): the default `execsim compare` (TWAP, VWAP, POV, IS on the built-in
 * 30-day dataset, 29 parents, the book venue, TCA and storage) through the library's prepareBatch +
 * executeBatch, each run in a FRESH process (bench/executor-child.mjs: cold, as the CLI runs it), with
 * the strategies in worker threads (the default: containment, a time budget per parent) and in the
 * main thread (the pre-issue-10 way, no containment), alternately, best of REPEATS each, on one store
 * that already holds the data. Target: contained at most 20 % slower (`withinTarget`). Also: the
 * stored TCA rows of the two are identical (`identicalRows`). The same comparison through the compiled
 * build (`compiled`: the same child on dist/, as bin/execsim.js runs; a compiled worker
 * loads ~60 module files instead of one bundle). Wall-clock seconds; the 1-minute load average says
 * how busy the shared machine was (the threads' parallelism needs idle cores).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../src/store/database.js";
import { tcaRowsWithoutRunId } from "../src/store/run-queries.js";
import { type BenchSection, loadAverage, sig } from "./bench-utils.js";

const REPEATS = 5;
const TARGET_RATIO = 1.2;
const CHILD = fileURLToPath(new URL("./executor-child.mjs", import.meta.url));
const DIST = fileURLToPath(new URL("../dist/src/experiment/batch.js", import.meta.url));

function coldCompare(
  file: string,
  executor: "threads" | "in-process",
  compiled = false,
): { ms: number; runIds: number[] } {
  const args = compiled
    ? [CHILD, file, executor, "compiled"]
    : ["--import", "tsx", CHILD, file, executor, "sources"];
  const out = execFileSync(process.execPath, args, { encoding: "utf8" });
  return JSON.parse(out) as { ms: number; runIds: number[] };
}

/** Best-of and median ratio of alternate cold runs (in-process first), seconds. */
function alternate(file: string, compiled: boolean) {
  const threads: number[] = [];
  const inProcess: number[] = [];
  let last = { threads: [] as number[], inProcess: [] as number[] };
  for (let k = 0; k < REPEATS; k++) {
    const a = coldCompare(file, "in-process", compiled);
    const b = coldCompare(file, "threads", compiled);
    inProcess.push(a.ms / 1000);
    threads.push(b.ms / 1000);
    last = { threads: b.runIds, inProcess: a.runIds };
  }
  const ratio = Math.min(...threads) / Math.min(...inProcess);
  return {
    last,
    figures: {
      inProcessSeconds: sig(Math.min(...inProcess)),
      threadsSeconds: sig(Math.min(...threads)),
      ratio: sig(ratio, 3),
      medianRatio: sig(median(threads) / median(inProcess), 3),
      withinTarget: ratio <= TARGET_RATIO,
    },
  };
}

export const executorBench: BenchSection = {
  name: "executor",
  description:
    "cold default compare with strategies in worker threads vs in the main thread (target: ≤ 20 % slower)",
  run() {
    const dir = mkdtempSync(path.join(os.tmpdir(), "execsim-bench-exec-"));
    const file = path.join(dir, "bench.db");
    try {
      coldCompare(file, "threads"); // writes the built-in data and builds the worker bundle if stale
      const source = alternate(file, false);
      const last = source.last;
      const store = openDatabase(file);
      let identicalRows: boolean;
      try {
        identicalRows = last.threads.every(
          (id, i) =>
            JSON.stringify(tcaRowsWithoutRunId(store, id)) ===
            JSON.stringify(tcaRowsWithoutRunId(store, last.inProcess[i]!)),
        );
      } finally {
        store.close();
      }
      // the same through the compiled build (dist/), as the CLI runs (skipped without a build)
      const compiled = existsSync(DIST) ? alternate(file, true).figures : null;
      return {
        repeats: REPEATS,
        ...source.figures,
        targetRatio: TARGET_RATIO,
        compiled,
        identicalRows,
        loadAverage: loadAverage(),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function median(xs: readonly number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}
