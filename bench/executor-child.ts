/**
 * One cold default `compare` through the library in a fresh process (what `execsim compare` does after
 * parsing flags), for bench/executor-bench.ts: argv[2] = database file, argv[3] = "threads" |
 * "in-process". Prints {"ms": wall-clock ms of prepare + execute, "runIds": [...]} on stdout.
 */
import { performance } from "node:perf_hooks";
import { buildRunConfig } from "../src/engine/run-config.js";
import { executeBatch, prepareBatch } from "../src/experiment/batch.js";
import { openDatabase } from "../src/store/database.js";

const [file, executor] = process.argv.slice(2) as [string, "threads" | "in-process"];
const store = openDatabase(file);
try {
  const t0 = performance.now();
  const prepared = await prepareBatch(store, buildRunConfig({}), { executor });
  const r = await executeBatch(store, prepared, "compare", t0, { executor });
  process.stdout.write(
    `${JSON.stringify({ ms: performance.now() - t0, runIds: r.runs.map((x) => x.runId) })}\n`,
  );
} finally {
  store.close();
}
