/**
 * The TCA inputs of a prepared batch's executions (batch.ts, the sweep's jobs): each parent's
 * pre-trade estimate (the square-root law, or `--impact model:NAME`'s per strategy), the completion
 * cost of an unfilled rest, and what the executor's workers need to quote those venue figures
 * themselves (execution-tca.ts), so the main thread builds no venue.
 */
import type { ParentExecution } from "../core/execution-types.js";
import { type ParentTca, parentTca } from "../tca/parent-tca.js";
import type { PreTradeEstimate } from "../tca/pre-trade.js";
import type { PreparedBatch } from "./batch.js";
import {
  completionQuote,
  halfSpreadAt,
  type PreTradeSettings,
  sqrtPreTrade,
  type VenueQuoteSettings,
} from "./execution-tca.js";

/** Completion cost (quote) of the execution's unfilled rest with the run's venue model (completion-cost.ts). */
export function completionOf(p: PreparedBatch, e: ParentExecution): number {
  return completionQuote(
    () => p.createVenue(e.parent),
    p.plan.series,
    p.config.seed,
    p.config.takerFeeRate,
    e,
  );
}

/**
 * What the executor's workers need to quote the TCA's venue figures themselves (execution-tca.ts), so
 * that this thread builds no venue (and none of a venue's per-bar caches over the whole series): the
 * completion cost always, the square-root pre-trade estimate unless `--impact model:NAME` plans it
 * per strategy (preTradeFor).
 */
export function venueQuoteSettings(p: PreparedBatch): VenueQuoteSettings {
  return {
    seed: p.config.seed,
    takerFeeRate: p.config.takerFeeRate,
    ...(p.models ? {} : { preTrade: preTradeSettings(p) }),
  };
}

/** What the square-root pre-trade estimate takes from the batch's settings (execution-tca.ts). */
function preTradeSettings(p: PreparedBatch): PreTradeSettings {
  const v = p.venueDescription;
  return {
    impact: p.config.impact,
    takerFeeRate: p.config.takerFeeRate,
    ...(typeof v.eta === "number" ? { eta: v.eta } : {}),
    ...(typeof v.delta === "number" ? { delta: v.delta } : {}),
  };
}

/**
 * The pre-trade estimate of an execution's parent: the square-root law (the venue's η and δ for the
 * sqrt venue), or with `--impact model:NAME` the model's (model-by-name.ts), as the execution's
 * strategy plans it (the closed loop refits per strategy). Computed once per parent (and strategy,
 * with a model) and kept in `cache`.
 */
export function preTradeFor(
  p: PreparedBatch,
  e: ParentExecution,
  cache: Map<string, PreTradeEstimate>,
  quoted?: PreTradeEstimate,
): PreTradeEstimate {
  const models = p.models;
  const key = models ? `${e.strategy}\u0000${e.parent.id}` : e.parent.id;
  let pre = cache.get(key);
  if (pre) return pre;
  // computed by the worker that ran the execution, with the same code (execution-tca.ts)
  if (quoted !== undefined && !models) {
    cache.set(key, quoted);
    return quoted;
  }
  const config = p.config;
  const halfSpread = halfSpreadAt(p.createVenue(e.parent), p.plan.series, config.seed, e.parent);
  if (models)
    pre = models.preTrade(e.parent, e.arrivalMid, models.belief(e.strategy, e.parent.id), {
      halfSpread,
      feeRate: config.takerFeeRate,
    });
  else pre = sqrtPreTrade(preTradeSettings(p), p.plan.series, e.parent, e.arrivalMid, halfSpread);
  cache.set(key, pre);
  return pre;
}

/**
 * The parent-level TCA of one execution of a prepared batch, with the square-root pre-trade estimate
 * for its parent (computed once per parent id and kept in `preTrade`, shared by the strategies).
 */
export function batchParentTca(
  p: PreparedBatch,
  e: ParentExecution,
  preTrade: Map<string, PreTradeEstimate>,
): ParentTca {
  const pre = preTradeFor(p, e, preTrade);
  return parentTca(e, p.plan.series, { preTrade: pre, completionQuote: completionOf(p, e) });
}
