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
 * 1e-9 relative). Benchmarks over [start, end) (benchmarks.ts): market VWAP and TWAP from the bars,
 * slippage of the average fill price against each in bps (positive = worse), and the participation
 * rate F / market volume over the window (fees, like every part, in bps of the arrival notional Q·A).
 * The pre-trade estimate of the chosen model (pre-trade.ts) is carried beside the realized cost.
 * Limitations: one arrival price per parent (no per-day re-decision); opportunity cost uses the
 * historical end mid (without the trader's own impact), i.e. what the rest would cost if bought then
 * without further impact.
 */
import type { ParentExecution } from "../core/execution-types";
import type { CandleSeries, Side } from "../core/market-types";
import { intervalBenchmarks, slippageBps } from "./benchmarks";
import { FillCostAccumulator } from "./cost-decomposition";
import type { PreTradeEstimate } from "./pre-trade";

export interface ParentTca {
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
  readonly spreadQuote: number;
  readonly temporaryImpactQuote: number;
  readonly permanentImpactQuote: number;
  readonly transientImpactQuote: number;
  readonly timingQuote: number;
  readonly feesQuote: number;
  readonly opportunityQuote: number;
  readonly spreadBps: number;
  readonly temporaryImpactBps: number;
  readonly permanentImpactBps: number;
  readonly transientImpactBps: number;
  readonly timingBps: number;
  readonly feesBps: number;
  readonly opportunityBps: number;
  readonly intervalVwap: number;
  readonly intervalTwap: number;
  readonly marketVolumeBase: number;
  /** s·(avgFill − VWAP)/VWAP·10⁴; NaN when nothing filled. */
  readonly vwapSlippageBps: number;
  readonly twapSlippageBps: number;
  /** Filled / market volume over [start, end). */
  readonly participationRate: number;
  readonly preTradeModel: string | null;
  readonly preTradeBps: number;
  readonly preTradeQuote: number;
}

export interface ParentTcaOptions {
  preTrade?: PreTradeEstimate;
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
  const pre = opts.preTrade;
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
    spreadQuote: acc.spreadQuote,
    temporaryImpactQuote: acc.temporaryImpactQuote,
    permanentImpactQuote: acc.permanentImpactQuote,
    transientImpactQuote: acc.transientImpactQuote,
    timingQuote: acc.timingQuote,
    feesQuote: acc.feesQuote,
    opportunityQuote: opportunity,
    spreadBps: bps(acc.spreadQuote),
    temporaryImpactBps: bps(acc.temporaryImpactQuote),
    permanentImpactBps: bps(acc.permanentImpactQuote),
    transientImpactBps: bps(acc.transientImpactQuote),
    timingBps: bps(acc.timingQuote),
    feesBps: bps(acc.feesQuote),
    opportunityBps: bps(opportunity),
    intervalVwap: bench.vwap,
    intervalTwap: bench.twap,
    marketVolumeBase: bench.volumeBase,
    vwapSlippageBps: slippageBps(p.side, avg, bench.vwap),
    twapSlippageBps: slippageBps(p.side, avg, bench.twap),
    participationRate: bench.volumeBase > 0 ? acc.filledQtyBase / bench.volumeBase : Number.NaN,
    preTradeModel: pre ? pre.model : null,
    preTradeBps: pre ? pre.costBps : Number.NaN,
    preTradeQuote: pre ? pre.costQuote : Number.NaN,
  };
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
