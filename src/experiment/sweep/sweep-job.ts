/**
 * One job of a sweep: one grid point's strategy on a chunk of consecutive parents, simulated and
 * analysed (parent-level TCA with the pre-trade estimate), nothing written. The same function runs
 * in the strategy job executor's workers ("store" mode, executor/strategy-worker.ts) and in the main
 * thread (an in-memory database, which no worker can open); a (strategy, parent) result depends only
 * on the series, the parent, the config and the seed (simulate's per-parent market streams), never on
 * the chunking or the thread, so every worker count gives the same numbers. Results carry plain data
 * only (structured-clone safe).
 */
import type { ParentExecution } from "../../core/execution-types.js";
import { SeriesPrefixSums } from "../../engine/pre-start-sums.js";
import { simulate } from "../../engine/simulator.js";
import type { ParentTca } from "../../tca/parent-tca.js";
import type { PreTradeEstimate } from "../../tca/pre-trade.js";
import type { PreparedBatch } from "../batch.js";
import { batchParentTca } from "../batch-tca.js";

export interface SweepJob {
  /** Index of the grid point (into the prepared batch's strategies). */
  readonly point: number;
  /** Parents [from, to) of the plan. */
  readonly from: number;
  readonly to: number;
}

/** A parent's execution without its child orders and fills (a sweep stores parent-level rows). */
export type ParentOnlyExecution = Omit<ParentExecution, "children" | "fills"> & {
  readonly children: readonly [];
  readonly fills: readonly [];
};

/** One parent of a job: its execution (parent level) and its parent-level TCA. */
export interface AnalysedParent {
  readonly execution: ParentOnlyExecution;
  readonly tca: ParentTca;
}

/** An execution reduced to its parent-level fields. */
export function parentOnly(e: ParentExecution): ParentOnlyExecution {
  return {
    strategy: e.strategy,
    parent: e.parent,
    arrivalMid: e.arrivalMid,
    endMid: e.endMid,
    ...(e.filledQtyBase === undefined ? {} : { filledQtyBase: e.filledQtyBase }),
    ...(e.unfilledQtyBase === undefined ? {} : { unfilledQtyBase: e.unfilledQtyBase }),
    status: e.status,
    ...(e.error === undefined ? {} : { error: e.error }),
    children: [],
    fills: [],
  };
}

/** Running sums over a prepared batch's series, shared by all its jobs (built once, lazily). */
const prefixSums = new WeakMap<PreparedBatch, SeriesPrefixSums>();

function sumsFor(p: PreparedBatch): SeriesPrefixSums {
  let s = prefixSums.get(p);
  if (!s) {
    s = new SeriesPrefixSums(p.plan.series);
    prefixSums.set(p, s);
  }
  return s;
}

/**
 * Run one job on a prepared batch whose strategies are the grid points, in grid order; each parent's
 * result goes to `onParent` (with its index in the plan) as soon as it is done.
 */
export function runSweepJob(
  p: PreparedBatch,
  job: SweepJob,
  preTrade: Map<string, PreTradeEstimate>,
  onParent: (index: number, r: AnalysedParent) => void,
): void {
  const { config, plan } = p;
  let index = job.from;
  simulate({
    series: plan.series,
    parents: plan.parents.slice(job.from, job.to),
    strategies: [p.strategies[job.point]!],
    createVenue: p.createVenue,
    latencyMs: config.latencyMs,
    fees: { takerRate: config.takerFeeRate, makerRate: config.makerFeeRate },
    seed: config.seed,
    prefixSums: sumsFor(p),
    onExecution: (e) => onParent(index++, { execution: parentOnly(e), tca: batchParentTca(p, e, preTrade) }),
    retainResults: false,
  });
}
