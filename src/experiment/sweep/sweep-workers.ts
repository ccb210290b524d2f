/**
 * A pool of worker threads for sweep jobs (sweep-worker.ts). Workers start (and load their modules)
 * as soon as the pool is made, while the main thread prepares the data; `run` then has them prepare
 * the batch from the database and hands out jobs, each worker taking the next one when it finishes
 * one. Results go to `onResult` in the order they finish (the sweep's single writer puts them in
 * canonical order). An aborted signal stops handing out jobs and ends the workers ("aborted"); a job
 * error rejects with it.
 *
 * Loading: compiled, the worker is sweep-worker.js beside this file; from the TypeScript sources it is
 * started through a small module that registers tsx first (~0.5-1 s per worker).
 * This is the sweep's own small pool; the library's strategy job executor (isolation issue) is meant
 * to replace it once it lands on main: the job (grid point × parent chunk) and its result stay the same.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { type ErrorCode, ExecsimError } from "../../core/errors.js";
import type { RunConfig } from "../../engine/run-config.js";
import type { SweepJob, SweepJobResult } from "./sweep-job.js";
import type { SweepWorkerData, SweepWorkerMessage, SweepWorkerRequest } from "./sweep-worker.js";

function startWorker(workerData: SweepWorkerData): Worker {
  const here = import.meta.url;
  if (here.endsWith(".js")) return new Worker(new URL("./sweep-worker.js", here), { workerData });
  const target = new URL("./sweep-worker.ts", here).href;
  const tsxApi = pathToFileURL(createRequire(here).resolve("tsx/esm/api")).href.replace(/\.cjs$/, ".mjs");
  const boot = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(target)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

export class SweepWorkerPool {
  private readonly workers: Worker[] = [];
  /** Number of workers started. */
  readonly size: number;

  constructor(dbPath: string, size: number) {
    this.size = size;
    for (let i = 0; i < size; i++) {
      const w = startWorker({ dbPath });
      w.unref(); // never keep the process alive by itself
      this.workers.push(w);
    }
  }

  /**
   * Run `jobs` on the pool; resolves "done" when every result was handed over, or "aborted". Each
   * worker first prepares the batch of `config` (which names its series: the workers never write,
   * not even the built-in data) from its own read-only connection.
   */
  run(
    config: RunConfig,
    jobs: readonly SweepJob[],
    onResult: (r: SweepJobResult) => void,
    signal?: AbortSignal,
  ): Promise<"done" | "aborted"> {
    const queue = [...jobs];
    const send = (w: Worker, m: SweepWorkerRequest) => w.postMessage(m);
    return new Promise((resolve, reject) => {
      let settled = false;
      let outstanding = queue.length;
      const finish = (how: "done" | "aborted" | Error) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        for (const w of this.workers)
          w.removeAllListeners("message").removeAllListeners("error").removeAllListeners("exit");
        this.close();
        if (how instanceof Error) reject(how);
        else resolve(how);
      };
      const onAbort = () => finish("aborted");
      if (signal?.aborted) return finish("aborted");
      signal?.addEventListener("abort", onAbort);
      if (outstanding === 0) return finish("done");
      const next = (w: Worker) => {
        const job = queue.shift();
        if (job !== undefined) send(w, { type: "job", job });
      };
      for (const w of this.workers) {
        w.on("message", (m: SweepWorkerMessage) => {
          if (settled) return;
          if (m.type === "ready") next(w);
          else if (m.type === "result") {
            try {
              onResult(m.result);
            } catch (e) {
              return finish(e as Error);
            }
            if (--outstanding === 0) return finish("done");
            next(w);
          } else finish(new ExecsimError((m.code as ErrorCode | undefined) ?? "STRATEGY_ERROR", m.message));
        });
        w.on("error", (e) => finish(e));
        w.on("exit", (code) =>
          finish(
            new ExecsimError("STRATEGY_ERROR", `a sweep worker stopped unexpectedly (exit code ${code})`),
          ),
        );
        send(w, { type: "prepare", config });
      }
    });
  }

  /** End every worker (idempotent). */
  close(): void {
    for (const w of this.workers.splice(0)) void w.terminate();
  }
}
