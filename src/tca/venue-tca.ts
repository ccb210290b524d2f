/**
 * TCA per venue of one parent execution: when an order is routed across the book and AMM pools, each
 * venue's fills get their own implementation-shortfall decomposition against the parent's arrival mid
 * (cost-decomposition.ts: spread, temporary, permanent, transient, timing), with exchange fees and
 * pool fees as separate parts. Per venue v, with s the side sign, A the arrival mid, Q·A the parent's
 * arrival notional:
 *   execution_v = s·(N_v − q_v·A) = spread + temporary + permanent + transient + timing   (exactly)
 *   cost_v      = execution_v + fees_v + poolFees_v,   costBps_v = cost_v / (Q·A) · 1e4
 * so the venues' costs add up to the parent's shortfall without its opportunity cost. A pool fill's
 * fee (feeQuote) is the pool's fee (routed-venue.ts), every other fill's fee the exchange's taker fee.
 * Units: quote currency, bps of the parent's arrival notional.
 */
import type { ParentExecution } from "../core/execution-types.js";
import { FillCostAccumulator } from "./cost-decomposition.js";

export interface VenueTca {
  readonly parentId: string;
  readonly venue: string;
  readonly fills: number;
  readonly filledQtyBase: number;
  readonly notionalQuote: number;
  /** NaN when nothing filled. */
  readonly avgPrice: number;
  readonly executionCostQuote: number;
  readonly spreadQuote: number;
  readonly temporaryImpactQuote: number;
  readonly permanentImpactQuote: number;
  readonly transientImpactQuote: number;
  readonly timingQuote: number;
  /** Exchange (taker) fees. */
  readonly feesQuote: number;
  /** AMM pool fees. */
  readonly poolFeesQuote: number;
  /** execution + fees + pool fees, bps of the parent's arrival notional. */
  readonly costBps: number;
}

/** One row per venue that filled, in the order venues first filled. */
export function venueTca(e: ParentExecution, poolNames: ReadonlySet<string>): VenueTca[] {
  const sign = e.parent.side === "buy" ? 1 : -1;
  const byVenue = new Map<string, FillCostAccumulator>();
  for (const f of e.fills) {
    let acc = byVenue.get(f.venue);
    if (acc === undefined) {
      acc = new FillCostAccumulator(sign, e.arrivalMid);
      byVenue.set(f.venue, acc);
    }
    acc.add(f);
  }
  const arrivalNotional = e.parent.qtyBase * e.arrivalMid;
  return [...byVenue].map(([venue, a]) => {
    const pool = poolNames.has(venue);
    const cost = a.executionCostQuote + a.feesQuote;
    return {
      parentId: e.parent.id,
      venue,
      fills: a.fillCount,
      filledQtyBase: a.filledQtyBase,
      notionalQuote: a.notionalQuote,
      avgPrice: a.avgPrice(),
      executionCostQuote: a.executionCostQuote,
      spreadQuote: a.spreadQuote,
      temporaryImpactQuote: a.temporaryImpactQuote,
      permanentImpactQuote: a.permanentImpactQuote,
      transientImpactQuote: a.transientImpactQuote,
      timingQuote: a.timingQuote,
      feesQuote: pool ? 0 : a.feesQuote,
      poolFeesQuote: pool ? a.feesQuote : 0,
      costBps: (cost / arrivalNotional) * 1e4,
    };
  });
}
