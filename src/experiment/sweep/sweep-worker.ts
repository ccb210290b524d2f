/**
 * Worker-thread entry of a parallel sweep (sweep-workers.ts starts it): opens the database READ-ONLY
 * (its own connection; the main thread is the only writer), prepares the same batch as the main
 * thread from the same config (same candles, parents, strategies per grid point), then runs the jobs
 * it is sent one at a time and posts each result back. A `null` message ends it.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { RunConfig } from "../../engine/run-config.js";
import { openDatabaseReadOnly } from "../../store/database.js";
import type { PreTradeEstimate } from "../../tca/pre-trade.js";
import { prepareBatch } from "../batch.js";
import { runSweepJob, type SweepJob } from "./sweep-job.js";

export interface SweepWorkerData {
  readonly dbPath: string;
  /** The run config with one strategy spec per grid point, in grid order. */
  readonly config: RunConfig;
}

export type SweepWorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "result"; readonly result: ReturnType<typeof runSweepJob> }
  | { readonly type: "error"; readonly message: string; readonly code?: string };

const port = parentPort!;
const data = workerData as SweepWorkerData;
const post = (m: SweepWorkerMessage) => port.postMessage(m);

try {
  const store = openDatabaseReadOnly(data.dbPath);
  const prepared = await prepareBatch(store, data.config);
  const preTrade = new Map<string, PreTradeEstimate>();
  port.on("message", (job: SweepJob | null) => {
    if (job === null) {
      store.close();
      port.close();
      return;
    }
    try {
      post({ type: "result", result: runSweepJob(prepared, job, preTrade) });
    } catch (e) {
      post({
        type: "error",
        message: (e as Error)?.message ?? String(e),
        code: (e as { code?: string }).code,
      });
    }
  });
  post({ type: "ready" });
} catch (e) {
  post({ type: "error", message: (e as Error)?.message ?? String(e), code: (e as { code?: string }).code });
}
