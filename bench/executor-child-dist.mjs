// One cold default `compare` through the COMPILED library (dist/, as bin/execsim.js runs it) in a fresh
// process, for bench/executor-bench.ts: argv[2] = database file, argv[3] = "threads" | "in-process".
// Prints {"ms": wall-clock ms of prepare + execute, "runIds": [...]} on stdout (as executor-child.ts).
import { performance } from "node:perf_hooks";
import { buildRunConfig } from "../dist/src/engine/run-config.js";
import { executeBatch, prepareBatch } from "../dist/src/experiment/batch.js";
import { openDatabase } from "../dist/src/store/database.js";

const [file, executor] = process.argv.slice(2);
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
