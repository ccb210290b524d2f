/**
 * Worker-thread entry of the strategy job executor (job-executor.ts): for each task of its job, in
 * order, loads the task's strategy (built-in or the user's file; a user's file is always a job's only
 * task), runs the task's parents in order with simulate() (the same engine, random streams and checks
 * as in-process) and posts each ParentExecution back as soon as it is done. The main thread times each parent and terminates this worker when one exceeds its budget;
 * a strategy that calls process.exit or throws outside the engine's call stack ends only this thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { ParentOrder } from "../../core/execution-types.js";
import { SeriesPrefixSums } from "../../engine/pre-start-sums.js";
import { simulate } from "../../engine/simulator.js";
import { type LoadedStrategy, loadStrategy } from "../../engine/strategy-loader.js";
import { createVenue } from "../../venues/venue-factory.js";
import { plainExecution, venueParamsOf, type WorkerJob, type WorkerMessage } from "./job-protocol.js";

const port = parentPort;
if (port === null) throw new Error("strategy-worker.ts runs only as a worker thread (job-executor.ts)");
const post = (m: WorkerMessage): void => port.postMessage(m);

async function main(job: WorkerJob): Promise<void> {
  const makeVenue = (p: ParentOrder) => createVenue(job.venue.model, venueParamsOf(job.venue, p.id));
  const builtinDir = job.builtinDir;
  const sums = new SeriesPrefixSums(job.series);
  for (let t = 0; t < job.tasks.length; t++) {
    const { strategy: s, from, to } = job.tasks[t]!;
    const load = (params?: Readonly<Record<string, number>>) =>
      loadStrategy(s.spec, {
        label: s.label,
        baseDir: s.baseDir,
        ...(params !== undefined ? { params } : {}),
        ...(builtinDir !== undefined ? { builtinUrl: (f: string) => new URL(`${f}.mjs`, builtinDir) } : {}),
      });
    const strategy = await load();
    post({ type: "ready", task: t });
    let index = from;
    const run = (parents: readonly ParentOrder[], entry: LoadedStrategy) =>
      simulate({
        series: job.series,
        parents,
        strategies: [entry],
        createVenue: makeVenue,
        latencyMs: job.latencyMs,
        fees: job.fees,
        seed: job.seed,
        prefixSums: sums,
        onExecution: (e) =>
          post({ type: "execution", task: t, index: index++, execution: plainExecution(e) }),
      });
    const byParent = s.paramsByParent;
    if (byParent === undefined) run(job.parents.slice(from, to), strategy);
    // parameters per parent (a calibrated model's): one load and one simulate() per parent, same
    // random streams (they are per parent) and the same running sums, so the same numbers as one call
    else
      for (const p of job.parents.slice(from, to))
        run([p], byParent[p.id] === undefined ? strategy : await load(byParent[p.id]));
  }
}

main(workerData as WorkerJob).catch((e: unknown) => {
  const message = e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);
  post({ type: "fatal", message });
});
