/**
 * Transaction-cost analysis of one parent order (one strategy's execution of it).
 *
 * Implementation shortfall (Perold 1988) against the arrival mid A (historical mid at the parent's
 * start), with side sign s (+1 buy, −1 sell), parent quantity Q, filled F = Σ q, unfilled U = Q − F,
 * end-of-horizon mid E, fills' cash notional N = Σ p·q and fees Φ:
 *
 *   shortfall (quote) = s·(N − F·A)  +  Φ  +  s·U·(E − A)
 *                       execution       fees  opportunity (the unfilled rest, valued at the horizon end)
 *                     = spread + temporary impact + permanent impact + transient impact
 *                       + timing/drift + fees + opportunity                    (exactly; see cost-decomposition.ts)
 *   shortfall (bps)   = shortfall / (Q·A) · 10⁴      (bps of the arrival notional of the whole order;
 *                                                    every part is expressed in the same bps, so they add up)
 *
 * Costs are positive when they hurt, for buys and sells alike. The total is computed from prices
 * directly and the parts from the fills' mids; they agree to float rounding (a property test checks
 * 1e-9 relative). Benchmarks (benchmarks.ts), slippage of the average fill price against each in bps
 * (positive = worse), fees like every part in bps of the arrival notional Q·A:
 *   - VWAP slippage and participation F / market volume are measured over the ACTIVE window
 *     [start, activeEnd): activeEnd = the close of the bar holding the last fill when the parent was
 *     fully filled (capped at the horizon end), else the horizon end. A strategy that finished early
 *     (POV) is not credited with the volume, nor charged with the drift, of bars after it stopped
 *     trading; for a parent that trades to the end (or leaves a rest) the two windows coincide.
 *   - The same two figures over the whole horizon [start, end) are kept as horizonVwapSlippageBps and
 *     horizonParticipationRate (with horizonVwap / horizonVolumeBase).
 *   - TWAP (and its slippage) is over the whole horizon [start, end).
 * The pre-trade estimate of the chosen model (pre-trade.ts) is carried beside the realized cost.
 * Limitations: one arrival price per parent (no per-day re-decision); opportunity cost uses the
 * historical end mid (without the trader's own impact), i.e. what the rest would cost if bought then
 * without further impact.
 */
import type { ParentExecution } from "../core/execution-types.js";
import type { CandleSeries, Side } from "../core/market-types.js";
import { firstBarAtOrAfter, intervalBenchmarks, slippageBps } from "./benchmarks.js";
import { type FillState, fillStateOf } from "./completion-cost.js";
import { type CostParts, costPartsOf, FillCostAccumulator } from "./cost-decomposition.js";
import type { PreTradeEstimate } from "./pre-trade.js";

/** The quote cost parts (spreadQuote … feesQuote) come from CostParts (cost-decomposition.ts). */
export interface ParentTca extends Readonly<CostParts> {
  readonly strategy: string;
  readonly parentId: string;
  readonly side: Side;
  readonly status: "completed" | "failed";
  readonly error: string | null;
  readonly startMs: number;
  readonly endMs: number;
  readonly qtyBase: number;
  readonly filledQtyBase: number;
  readonly unfilledQtyBase: number;
  readonly childCount: number;
  readonly fillCount: number;
  readonly arrivalMid: number;
  readonly endMid: number;
  /** NaN when nothing filled. */
  readonly avgFillPrice: number;
  /** Q × A, the denominator of every bps figure below. */
  readonly arrivalNotionalQuote: number;
  readonly shortfallQuote: number;
  readonly shortfallBps: number;
  readonly opportunityQuote: number;
  readonly spreadBps: number;
  readonly temporaryImpactBps: number;
  readonly permanentImpactBps: number;
  readonly transientImpactBps: number;
  readonly timingBps: number;
  readonly feesBps: number;
  readonly opportunityBps: number;
  /** End of the active window [startMs, activeEndMs): see the doc block. */
  readonly activeEndMs: number;
  /** Market VWAP over the active window. */
  readonly intervalVwap: number;
  /** Market TWAP over the whole horizon [start, end). */
  readonly intervalTwap: number;
  /** Market volume over the active window, base units. */
  readonly marketVolumeBase: number;
  /** s·(avgFill − VWAP)/VWAP·10⁴ against the active-window VWAP; NaN when nothing filled. */
  readonly vwapSlippageBps: number;
  /** Against the whole-horizon TWAP. */
  readonly twapSlippageBps: number;
  /** Filled / market volume over the active window [start, activeEnd). */
  readonly participationRate: number;
  /** Market VWAP and volume over the whole horizon [start, end). */
  readonly horizonVwap: number;
  readonly horizonVolumeBase: number;
  /** VWAP slippage and participation over the whole horizon [start, end). */
  readonly horizonVwapSlippageBps: number;
  readonly horizonParticipationRate: number;
  readonly preTradeModel: string | null;
  readonly preTradeBps: number;
  readonly preTradeQuote: number;
  /** filled | partial | unfilled (a 76 %-filled parent is partial, whatever the run's status). */
  readonly fillState: FillState;
  /** Estimated cost of trading the unfilled rest at the horizon end (completion-cost.ts); 0 when filled. */
  readonly completionQuote: number;
  readonly completionBps: number;
  /** shortfallBps + completionBps: what `compare` ranks by. */
  readonly rankedCostBps: number;
}

export interface ParentTcaOptions {
  preTrade?: PreTradeEstimate;
  /**
   * Completion cost of the unfilled rest in quote (completionCostQuote); without it a parent with an
   * unfilled rest has a NaN completion and ranked cost.
   */
  completionQuote?: number;
}

/** The cost parts' names, in display order (quote and bps fields share the stem). */
export const COST_PARTS = [
  "spread",
  "temporaryImpact",
  "permanentImpact",
  "transientImpact",
  "timing",
  "fees",
  "opportunity",
] as const;

export function parentTca(
  exec: ParentExecution,
  series: CandleSeries,
  opts: ParentTcaOptions = {},
): ParentTca {
  const p = exec.parent;
  const s = p.side === "buy" ? 1 : -1;
  const arrival = exec.arrivalMid;
  const acc = new FillCostAccumulator(s, arrival);
  for (const f of exec.fills) acc.add(f);
  // Guard against float dust: a fully filled parent has no opportunity cost.
  const rest = p.qtyBase - acc.filledQtyBase;
  const unfilled = rest > p.qtyBase * 1e-12 ? rest : 0;
  const opportunity = unfilled > 0 ? s * unfilled * (exec.endMid - arrival) : 0;
  const shortfall = acc.executionCostQuote + acc.feesQuote + opportunity;
  const notional = p.qtyBase * arrival;
  const bps = (x: number) => (notional > 0 ? (x / notional) * 1e4 : Number.NaN);
  const avg = acc.avgPrice();
  const bench = intervalBenchmarks(series, p.startMs, p.endMs);
  const activeEnd = activeEndMs(exec, series, unfilled);
  const active = activeEnd === p.endMs ? bench : intervalBenchmarks(series, p.startMs, activeEnd);
  const participation = (v: number) => (v > 0 ? acc.filledQtyBase / v : Number.NaN);
  const pre = opts.preTrade;
  const completion = unfilled > 0 ? (opts.completionQuote ?? Number.NaN) : 0;
  return {
    strategy: exec.strategy,
    parentId: p.id,
    side: p.side,
    status: exec.status,
    error: exec.error ?? null,
    startMs: p.startMs,
    endMs: p.endMs,
    qtyBase: p.qtyBase,
    filledQtyBase: acc.filledQtyBase,
    unfilledQtyBase: unfilled,
    childCount: exec.children.length,
    fillCount: acc.fillCount,
    arrivalMid: arrival,
    endMid: exec.endMid,
    avgFillPrice: avg,
    arrivalNotionalQuote: notional,
    shortfallQuote: shortfall,
    shortfallBps: bps(shortfall),
    ...costPartsOf(acc),
    opportunityQuote: opportunity,
    spreadBps: bps(acc.spreadQuote),
    temporaryImpactBps: bps(acc.temporaryImpactQuote),
    permanentImpactBps: bps(acc.permanentImpactQuote),
    transientImpactBps: bps(acc.transientImpactQuote),
    timingBps: bps(acc.timingQuote),
    feesBps: bps(acc.feesQuote),
    opportunityBps: bps(opportunity),
    activeEndMs: activeEnd,
    intervalVwap: active.vwap,
    intervalTwap: bench.twap,
    marketVolumeBase: active.volumeBase,
    vwapSlippageBps: slippageBps(p.side, avg, active.vwap),
    twapSlippageBps: slippageBps(p.side, avg, bench.twap),
    participationRate: participation(active.volumeBase),
    horizonVwap: bench.vwap,
    horizonVolumeBase: bench.volumeBase,
    horizonVwapSlippageBps: slippageBps(p.side, avg, bench.vwap),
    horizonParticipationRate: participation(bench.volumeBase),
    preTradeModel: pre ? pre.model : null,
    preTradeBps: pre ? pre.costBps : Number.NaN,
    preTradeQuote: pre ? pre.costQuote : Number.NaN,
    fillState: unfilled > 0 ? fillStateOf(p.qtyBase, acc.filledQtyBase) : "filled",
    completionQuote: completion,
    completionBps: bps(completion),
    rankedCostBps: bps(shortfall) + bps(completion),
  };
}

/**
 * End of the window the parent was trading in: the close of the bar holding its last fill when nothing
 * is left unfilled (capped at the horizon end), else the horizon end.
 */
function activeEndMs(exec: ParentExecution, series: CandleSeries, unfilled: number): number {
  const end = exec.parent.endMs;
  if (unfilled > 0 || exec.fills.length === 0) return end;
  let last = Number.NEGATIVE_INFINITY;
  for (const f of exec.fills) if (f.timeMs > last) last = f.timeMs;
  // the bar holding `last` is the last one opening at or before it (a fill inside a data gap has no
  // bar: the window then ends just after it, which adds no volume)
  const i = firstBarAtOrAfter(series, last + 1) - 1;
  const close = i >= 0 ? series.openTimeMs[i]! + series.intervalMs : Number.NEGATIVE_INFINITY;
  return Math.max(exec.parent.startMs + 1, Math.min(end, close > last ? close : last + 1));
}

/** Sum of the seven parts in quote (equals shortfallQuote up to float rounding). */
export function sumOfParts(t: ParentTca): number {
  return (
    t.spreadQuote +
    t.temporaryImpactQuote +
    t.permanentImpactQuote +
    t.transientImpactQuote +
    t.timingQuote +
    t.feesQuote +
    t.opportunityQuote
  );
}
