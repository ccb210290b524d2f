// One cold default `compare` through the library in a fresh process (what `execsim compare` does after
// parsing flags), for bench/executor-bench.ts: argv[2] = database file, argv[3] = "threads" |
// "in-process", argv[4] = "sources" (run with `--import tsx`: src/) or "compiled" (dist/, as
// bin/execsim.js runs). Prints {"ms": wall-clock ms of prepare + execute, "runIds": [...]} on stdout.
import { performance } from "node:perf_hooks";

const [file, executor, build] = process.argv.slice(2);
const base = build === "compiled" ? "../dist/src" : "../src";
const [{ buildRunConfig }, { executeBatch, prepareBatch }, { openDatabase }] = await Promise.all([
  import(`${base}/engine/run-config.js`),
  import(`${base}/experiment/batch.js`),
  import(`${base}/store/database.js`),
]);
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
