/**
 * Completion cost of a parent order: the estimated cost of trading its unfilled rest U at the horizon
 * end with the run's own impact model, so that a strategy that leaves quantity unfilled is not
 * rewarded for it (the opportunity cost in the shortfall charges the rest only the market's drift
 * from the arrival mid to the end mid E; the rest still has to be bought or sold, paying spread,
 * impact and fees).
 *
 *   completion (quote) = s·(N_U − U·E) + f·N_U       N_U = the notional of a taker order of U at the end
 *   completion (bps)   = completion / (Q·A) · 10⁴    (bps of the arrival notional, like every TCA part)
 *   ranked cost (bps)  = shortfall (bps) + completion (bps)
 * with s the side sign (+1 buy), f the taker fee rate, Q·A the arrival notional. N_U comes from the
 * venue's pre-trade quote (no state change) for U at endMs on a fresh venue of the run's model, reset
 * with the parent's market random stream (the same world every strategy faced, so E is the run's end
 * mid): the part of U the venue can fill at its average price, any rest it cannot fill at the worst
 * price it reached (or, when it fills nothing, at E ± its half-spread).
 * Zero when the parent was filled. Limitations: the fresh venue carries none of the strategy's own
 * residual impact at the end (a strategy that pushed the price leaves that push out of the estimate);
 * one taker order at the end, no schedule for the rest.
 */
import type { ExecutionVenue, ParentOrder } from "../core/execution-types.js";
import type { CandleSeries } from "../core/market-types.js";
import type { Rng } from "../core/rng.js";

/** Completion cost in quote currency of trading `unfilledQtyBase` of `parent` at its horizon end. */
export function completionCostQuote(
  venue: ExecutionVenue,
  series: CandleSeries,
  rng: Rng,
  parent: ParentOrder,
  unfilledQtyBase: number,
  takerFeeRate: number,
): number {
  if (!(unfilledQtyBase > 0)) return 0;
  const s = parent.side === "buy" ? 1 : -1;
  venue.reset(series, rng);
  venue.advanceTo(parent.endMs);
  const end = venue.marketMid();
  const q = venue.quote(parent.side, unfilledQtyBase);
  const filled = Math.min(unfilledQtyBase, Math.max(0, q.filledQtyBase));
  const restPrice = filled > 0 ? q.worstPrice : end + s * venue.halfSpread();
  const notional = (filled > 0 ? q.notionalQuote : 0) + (unfilledQtyBase - filled) * restPrice;
  return s * (notional - unfilledQtyBase * end) + takerFeeRate * notional;
}

/** Fill state of a parent: all of it (up to float dust), none of it, or in between. */
export type FillState = "filled" | "partial" | "unfilled";

/** `filled` when the rest is dust (≤ 1e-12 of the parent), `unfilled` when nothing traded, else `partial`. */
export function fillStateOf(qtyBase: number, filledQtyBase: number): FillState {
  if (qtyBase - filledQtyBase <= qtyBase * 1e-12) return "filled";
  return filledQtyBase > 0 ? "partial" : "unfilled";
}
