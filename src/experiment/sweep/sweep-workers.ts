/**
 * Runs sweep jobs in worker threads (sweep-worker.ts), at most `workers` at a time, each worker taking
 * the next job when it finishes one; results are handed to `onResult` in the order they finish (the
 * sweep's single writer puts them in canonical order). An aborted signal stops handing out jobs and
 * terminates the workers (resolves "aborted"); a job error rejects with it.
 *
 * Loading: compiled, the worker is sweep-worker.js beside this file; from the TypeScript sources it is
 * started through a small module that registers tsx first (~0.5-1 s per worker).
 * This is the sweep's own small pool; the library's strategy job executor (isolation issue) is meant
 * to replace it once it lands on main: the job (grid point × parent chunk) and the result contract
 * stay the same.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { ExecsimError } from "../../core/errors.js";
import type { RunConfig } from "../../engine/run-config.js";
import type { SweepJob, SweepJobResult } from "./sweep-job.js";
import type { SweepWorkerData, SweepWorkerMessage } from "./sweep-worker.js";

function startWorker(workerData: SweepWorkerData): Worker {
  const here = import.meta.url;
  if (here.endsWith(".js")) return new Worker(new URL("./sweep-worker.js", here), { workerData });
  const target = new URL("./sweep-worker.ts", here).href;
  const tsxApi = pathToFileURL(createRequire(here).resolve("tsx/esm/api")).href.replace(/\.cjs$/, ".mjs");
  const boot = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(target)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

export async function runJobsInWorkers(opts: {
  dbPath: string;
  config: RunConfig;
  jobs: readonly SweepJob[];
  workers: number;
  signal?: AbortSignal;
  onResult: (r: SweepJobResult) => void;
}): Promise<"done" | "aborted"> {
  const queue = [...opts.jobs];
  const n = Math.max(1, Math.min(opts.workers, queue.length));
  const live = new Set<Worker>();
  return new Promise((resolve, reject) => {
    let settled = false;
    let running = 0;
    const finish = (how: "done" | "aborted" | Error) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener("abort", onAbort);
      for (const w of live) void w.terminate();
      live.clear();
      if (how instanceof Error) reject(how);
      else resolve(how);
    };
    const onAbort = () => finish("aborted");
    if (opts.signal?.aborted) return finish("aborted");
    opts.signal?.addEventListener("abort", onAbort);
    const next = (w: Worker) => {
      const job = queue.shift();
      if (job === undefined || settled) {
        w.postMessage(null);
        live.delete(w);
        if (live.size === 0 && running === 0) finish("done");
        return;
      }
      running++;
      w.postMessage(job);
    };
    for (let i = 0; i < n; i++) {
      const w = startWorker({ dbPath: opts.dbPath, config: opts.config });
      live.add(w);
      w.on("message", (m: SweepWorkerMessage) => {
        if (settled) return;
        if (m.type === "ready") next(w);
        else if (m.type === "result") {
          running--;
          try {
            opts.onResult(m.result);
          } catch (e) {
            return finish(e as Error);
          }
          next(w);
        } else finish(new ExecsimError((m.code as never) ?? "STRATEGY_ERROR", m.message));
      });
      w.on("error", (e) => finish(e));
      w.on("exit", (code) => {
        if (!settled && live.has(w))
          finish(
            new ExecsimError("STRATEGY_ERROR", `a sweep worker stopped unexpectedly (exit code ${code})`),
          );
      });
    }
  });
}
