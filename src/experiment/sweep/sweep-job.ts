/**
 * One job of a sweep: one grid point's strategy on a chunk of consecutive parents, simulated and
 * analysed (parent-level TCA with the pre-trade estimate), nothing written. The same function runs
 * in the main thread (--workers 1, or an in-memory database) and in worker threads (sweep-worker.ts);
 * a (strategy, parent) result depends only on the series, the parent, the config and the seed
 * (simulate's per-parent market streams), never on the chunking, so every worker count gives the
 * same numbers. Results carry plain data only (structured-clone safe).
 */
import type { ParentExecution } from "../../core/execution-types.js";
import { SeriesPrefixSums } from "../../engine/pre-start-sums.js";
import { simulate } from "../../engine/simulator.js";
import type { ParentTca } from "../../tca/parent-tca.js";
import type { PreTradeEstimate } from "../../tca/pre-trade.js";
import { batchParentTca, type PreparedBatch } from "../batch.js";

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

export interface SweepJobResult extends SweepJob {
  readonly executions: readonly ParentOnlyExecution[];
  readonly tca: readonly ParentTca[];
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

/** Run one job on a prepared batch whose strategies are the grid points, in grid order. */
export function runSweepJob(
  p: PreparedBatch,
  job: SweepJob,
  preTrade: Map<string, PreTradeEstimate> = new Map(),
): SweepJobResult {
  const { config, plan } = p;
  const executions: ParentOnlyExecution[] = [];
  const tca: ParentTca[] = [];
  simulate({
    series: plan.series,
    parents: plan.parents.slice(job.from, job.to),
    strategies: [p.strategies[job.point]!],
    createVenue: p.createVenue,
    latencyMs: config.latencyMs,
    fees: { takerRate: config.takerFeeRate, makerRate: config.makerFeeRate },
    seed: config.seed,
    prefixSums: sumsFor(p),
    onExecution: (e) => {
      tca.push(batchParentTca(p, e, preTrade));
      executions.push({
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
      });
    },
  });
  return { ...job, executions, tca };
}
