/**
 * Worker-thread entry of the strategy job executor (job-executor.ts): for each task of its job, in
 * order, loads the task's strategy (built-in or the user's file; a user's file is always a job's only
 * task), runs the task's parents in order with simulate() (the same engine, random streams and checks
 * as in-process) and posts each ParentExecution back as soon as it is done. The main thread times each parent and terminates this worker when one exceeds its budget;
 * a strategy that calls process.exit or throws outside the engine's call stack ends only this thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { simulate } from "../../engine/simulator.js";
import { loadStrategy } from "../../engine/strategy-loader.js";
import { createVenue } from "../../venues/venue-factory.js";
import { plainExecution, type WorkerJob, type WorkerMessage } from "./job-protocol.js";

const port = parentPort;
if (port === null) throw new Error("strategy-worker.ts runs only as a worker thread (job-executor.ts)");
const post = (m: WorkerMessage): void => port.postMessage(m);

async function main(job: WorkerJob): Promise<void> {
  const params = job.venue.params;
  const makeVenue = () => createVenue(job.venue.model, { ...params });
  const builtinDir = job.builtinDir;
  for (let t = 0; t < job.tasks.length; t++) {
    const { strategy: s, from, to } = job.tasks[t]!;
    const strategy = await loadStrategy(s.spec, {
      label: s.label,
      baseDir: s.baseDir,
      ...(builtinDir !== undefined ? { builtinUrl: (f: string) => new URL(`${f}.mjs`, builtinDir) } : {}),
    });
    post({ type: "ready", task: t });
    let index = from;
    simulate({
      series: job.series,
      parents: job.parents.slice(from, to),
      strategies: [strategy],
      createVenue: makeVenue,
      latencyMs: job.latencyMs,
      fees: job.fees,
      seed: job.seed,
      onExecution: (e) => post({ type: "execution", task: t, index: index++, execution: plainExecution(e) }),
    });
  }
}

main(workerData as WorkerJob).catch((e: unknown) => {
  const message = e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);
  post({ type: "fatal", message });
});
