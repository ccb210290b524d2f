/**
 * Worker-thread entry of a parallel sweep (sweep-workers.ts starts it). It loads its modules at once,
 * then on "prepare" opens the database READ-ONLY (its own connection; the main thread is the only
 * writer) and prepares the same batch as the main thread from the same config (same candles, parents,
 * one strategy per grid point), then runs the jobs it is sent one at a time and posts each result
 * back. A `null` message ends it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isExecsimError } from "../../core/errors.js";
import type { RunConfig } from "../../engine/run-config.js";
import { type ExecsimDatabase, openDatabaseReadOnly } from "../../store/database.js";
import type { PreTradeEstimate } from "../../tca/pre-trade.js";
import { type PreparedBatch, prepareBatch } from "../batch.js";
import { runSweepJob, type SweepJob } from "./sweep-job.js";

export interface SweepWorkerData {
  readonly dbPath: string;
}

export type SweepWorkerRequest =
  /** The run config with one strategy spec per grid point, in grid order, its series named. */
  | { readonly type: "prepare"; readonly config: RunConfig }
  | { readonly type: "job"; readonly job: SweepJob }
  | null;

export type SweepWorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "result"; readonly result: ReturnType<typeof runSweepJob> }
  | { readonly type: "error"; readonly message: string; readonly code?: string };

const port = parentPort!;
const data = workerData as SweepWorkerData;
const post = (m: SweepWorkerMessage) => port.postMessage(m);
const fail = (e: unknown) =>
  post({
    type: "error",
    message: (e as Error)?.message ?? String(e),
    ...(isExecsimError(e) ? { code: e.code } : {}),
  });

let store: ExecsimDatabase | undefined;
let prepared: PreparedBatch | undefined;
const preTrade = new Map<string, PreTradeEstimate>();

port.on("message", async (m: SweepWorkerRequest) => {
  try {
    if (m === null) {
      store?.close();
      port.close();
    } else if (m.type === "prepare") {
      store = openDatabaseReadOnly(data.dbPath);
      prepared = await prepareBatch(store, m.config);
      post({ type: "ready" });
    } else post({ type: "result", result: runSweepJob(prepared!, m.job, preTrade) });
  } catch (e) {
    fail(e);
  }
});
