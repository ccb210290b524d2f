/**
 * Transaction-cost analysis of each child order of a parent execution.
 *
 * For a child with fills of total quantity F_c and notional N_c, against the PARENT's arrival mid A
 * (cost-decomposition.ts gives the parts):
 *   shortfall_c (quote) = s·(N_c − F_c·A) + fees_c
 *                       = spread + temporary + permanent + transient + timing + fees   (exactly)
 *   shortfallBps        = shortfall_c / (F_c·A) · 10⁴           (bps of the child's filled notional at arrival)
 *   arrivalSlippageBps  = s·(avg_c − m_c) / m_c · 10⁴          m_c = market mid when the child first filled
 *   barVwapSlippageBps  = s·(avg_c − VWAP_bar) / VWAP_bar · 10⁴ VWAP of the bar the child first filled in
 * Summed over children, the quote parts equal the parent's parts (the parent adds opportunity cost).
 * A child with no fill has zero costs and NaN prices/bps; its status and reason say why.
 * Limitations: a child's bps use its own filled notional, so they do not add up to the parent's bps.
 */
import type { ChildOrderRecord, FillRecord, ParentExecution } from "../core/execution-types.js";
import type { CandleSeries, Side } from "../core/market-types.js";
import { intervalBenchmarks, slippageBps } from "./benchmarks.js";
import { type CostParts, costPartsOf, FillCostAccumulator } from "./cost-decomposition.js";

/** The cost parts (spreadQuote … feesQuote) come from CostParts (cost-decomposition.ts). */
export interface ChildTca extends Readonly<CostParts> {
  readonly strategy: string;
  readonly parentId: string;
  readonly childId: string;
  readonly side: Side;
  readonly status: ChildOrderRecord["status"];
  readonly reason: string | null;
  readonly submitMs: number;
  readonly arriveMs: number;
  readonly requestedQtyBase: number;
  readonly filledQtyBase: number;
  readonly fillCount: number;
  /** NaN when nothing filled. */
  readonly avgFillPrice: number;
  readonly parentArrivalMid: number;
  /** Market mid at the child's first fill (NaN when none). */
  readonly childArrivalMid: number;
  readonly shortfallQuote: number;
  readonly shortfallBps: number;
  readonly arrivalSlippageBps: number;
  readonly barVwap: number;
  readonly barVwapSlippageBps: number;
}

/** Per-child TCA in the order of exec.children. Fills whose child is not listed are an error. */
export function childTca(exec: ParentExecution, series: CandleSeries): ChildTca[] {
  const byChild = new Map<string, FillRecord[]>();
  for (const c of exec.children) byChild.set(c.id, []);
  for (const f of exec.fills) {
    const list = byChild.get(f.childId);
    if (!list) {
      throw new Error(
        `fill for unknown child order ${f.childId} in parent ${exec.parent.id} (${exec.strategy})`,
      );
    }
    list.push(f);
  }
  const s = exec.parent.side === "buy" ? 1 : -1;
  const arrival = exec.arrivalMid;
  return exec.children.map((c) => {
    const fills = byChild.get(c.id)!;
    const acc = new FillCostAccumulator(s, arrival);
    for (const f of fills) acc.add(f);
    const first = fills[0];
    const avg = acc.avgPrice();
    const shortfall = acc.executionCostQuote + acc.feesQuote;
    const atArrival = acc.filledQtyBase * arrival;
    const barVwap = first ? intervalBenchmarks(series, first.timeMs, first.timeMs + 1).vwap : Number.NaN;
    const childMid = first ? first.marketMid : Number.NaN;
    return {
      strategy: exec.strategy,
      parentId: exec.parent.id,
      childId: c.id,
      side: c.side,
      status: c.status,
      reason: c.reason ?? null,
      submitMs: c.submitMs,
      arriveMs: c.arriveMs,
      requestedQtyBase: c.qtyBase,
      filledQtyBase: acc.filledQtyBase,
      fillCount: acc.fillCount,
      avgFillPrice: avg,
      parentArrivalMid: arrival,
      childArrivalMid: childMid,
      shortfallQuote: shortfall,
      shortfallBps: atArrival > 0 ? (shortfall / atArrival) * 1e4 : Number.NaN,
      ...costPartsOf(acc),
      arrivalSlippageBps: slippageBps(exec.parent.side, avg, childMid),
      barVwap,
      barVwapSlippageBps: slippageBps(exec.parent.side, avg, barVwap),
    };
  });
}
