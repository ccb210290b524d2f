/**
 * Workers started ahead of their jobs: a worker thread costs a thread start and a module load (~0.1 s
 * each on the 2-core dev machine) before it can run anything, as long as the whole default `compare`
 * spends reading and planning its data. Started when a batch or sweep begins preparing, the workers
 * load their modules (and the built-in strategies named) while the main thread reads the candles;
 * the pool (worker-pool.ts) then takes them for its long-lived built-in workers and sends each its
 * set-up (the series) as the first message.
 *
 * Only for built-ins: a user's file always gets a fresh worker of its own. A warm worker runs nothing
 * until it gets a set-up; idle ones do not keep the process alive (unref) and end after IDLE_MS, or
 * when close() is called (a preparation that failed).
 */
import type { Worker } from "node:worker_threads";
import type { WorkerData, WorkerSetup } from "./job-protocol.js";
import { startWorker, workerEntry } from "./worker-bundle.js";

/** An idle warm worker ends after this long, ms. */
const IDLE_MS = 60_000;

export interface WarmWorkers {
  /** Resolves when the workers are started (their modules may still be loading). */
  readonly ready: Promise<void>;
  /** A started worker (its listeners removed, ref'd again), or undefined when none is left. */
  take(): Worker | undefined;
  /** End the workers not taken. */
  close(): void;
}

/** Start `count` workers for set-ups of `kind`, each importing the built-in strategies `preload`. */
export function prestartWorkers(opts: {
  readonly kind: Exclude<WorkerSetup["kind"], "describe">;
  readonly count: number;
  /** Built-in strategy specs (never a user's file: that is imported only in its own worker). */
  readonly preload?: readonly string[];
}): WarmWorkers {
  const idle: Worker[] = [];
  let closed = false;
  const close = () => {
    closed = true;
    for (const w of idle.splice(0)) {
      w.removeAllListeners();
      w.on("error", () => {});
      void w.terminate();
    }
  };
  const ready = (async () => {
    const entry = await workerEntry();
    if (closed) return;
    const data: WorkerData = {
      kind: opts.kind,
      builtinDir: entry.builtinDir?.href,
      ...(opts.preload && opts.preload.length > 0 ? { preload: [...opts.preload] } : {}),
    };
    for (let i = 0; i < opts.count; i++) {
      const w = startWorker(entry, data, []);
      w.unref();
      // a warm worker that fails before it is taken is dropped (the pool starts another)
      const drop = () => {
        const k = idle.indexOf(w);
        if (k >= 0) idle.splice(k, 1);
      };
      w.on("error", drop);
      w.on("exit", drop);
      idle.push(w);
    }
    setTimeout(close, IDLE_MS).unref();
  })();
  ready.catch(() => {}); // the pool starts its own workers then
  return {
    ready: ready.catch(() => {}),
    take() {
      const w = idle.shift();
      if (w === undefined) return undefined;
      w.removeAllListeners("error");
      w.removeAllListeners("exit");
      w.ref();
      return w;
    },
    close,
  };
}
