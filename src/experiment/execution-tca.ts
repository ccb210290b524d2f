/**
 * The inputs of a batch execution's TCA besides the execution itself (batch.ts):
 * - the parent's pre-trade estimate: the square-root law (the sqrt venue's η and δ; without impact
 *   for `--impact none`) with the half-spread a fresh venue quotes at the parent's start on its own
 *   random stream (`pre-trade/<start ms>`); it does not depend on the strategy, as the arrival mid
 *   (the venue's market mid at the start on the parent's market stream) does not, so one worker's
 *   estimate serves every strategy's execution of that parent;
 * - the completion cost of the unfilled rest (completion-cost.ts) on the parent's market stream.
 * A batch with `--impact model:NAME` plans its pre-trade estimate per strategy from the model
 * (model-by-name.ts).
 */
import type { ExecutionVenue, ParentExecution, ParentOrder } from "../core/execution-types.js";
import type { CandleSeries } from "../core/market-types.js";
import { createRng } from "../core/rng.js";
import { completionCostQuote } from "../tca/completion-cost.js";
import { type PreTradeEstimate, squareRootPreTrade } from "../tca/pre-trade.js";

/**
 * What a worker of the strategy job executor needs to quote an execution's venue figures: the
 * completion cost always, the pre-trade estimate when `preTrade` is set.
 */
export interface VenueQuoteSettings {
  readonly seed: string | number;
  readonly takerFeeRate: number;
  readonly preTrade?: PreTradeSettings;
}

/** An execution's venue figures, quoted where it ran (its parent's pre-trade estimate, once per parent). */
export interface VenueQuotes {
  readonly completionQuote: number;
  readonly preTrade?: PreTradeEstimate;
}

/**
 * Quotes executions' venue figures on fresh venues of the run's model (not routed: the TCA quotes the
 * run's venue model), keeping each parent's pre-trade estimate (it does not depend on the strategy).
 */
export class VenueQuoter {
  readonly #preTrade = new Map<string, PreTradeEstimate>();

  constructor(
    readonly settings: VenueQuoteSettings,
    readonly series: CandleSeries,
    readonly createVenue: (parent: ParentOrder) => ExecutionVenue,
  ) {}

  quote(e: ParentExecution): VenueQuotes {
    const s = this.settings;
    const completion = completionQuote(
      () => this.createVenue(e.parent),
      this.series,
      s.seed,
      s.takerFeeRate,
      e,
    );
    if (s.preTrade === undefined) return { completionQuote: completion };
    let pre = this.#preTrade.get(e.parent.id);
    if (pre === undefined) {
      const half = halfSpreadAt(this.createVenue(e.parent), this.series, s.seed, e.parent);
      pre = sqrtPreTrade(s.preTrade, this.series, e.parent, e.arrivalMid, half);
      this.#preTrade.set(e.parent.id, pre);
    }
    return { completionQuote: completion, preTrade: pre };
  }
}

/** What the square-root pre-trade estimate of a batch takes from its run settings. */
export interface PreTradeSettings {
  /** The run's venue model (`--impact`). */
  readonly impact: string;
  readonly takerFeeRate: number;
  /** The sqrt venue's η and δ (the estimate then uses them). */
  readonly eta?: number;
  readonly delta?: number;
}

/** Half-spread a fresh venue quotes at the parent's start, on its own random stream (pre-trade). */
export function halfSpreadAt(
  venue: ExecutionVenue,
  series: CandleSeries,
  seed: string | number,
  parent: ParentOrder,
): number {
  const t = parent.startMs;
  venue.reset(series, createRng(seed).fork(`pre-trade/${t}`));
  venue.advanceTo(t);
  return venue.halfSpread();
}

/** The square-root pre-trade estimate of a parent arriving at `arrivalMid` (the sqrt venue's η and δ). */
export function sqrtPreTrade(
  s: PreTradeSettings,
  series: CandleSeries,
  parent: ParentOrder,
  arrivalMid: number,
  halfSpread: number,
): PreTradeEstimate {
  return squareRootPreTrade(series, parent, arrivalMid, {
    halfSpread,
    feeRate: s.takerFeeRate,
    ...(s.impact === "sqrt" && s.eta !== undefined ? { eta: s.eta } : {}),
    ...(s.impact === "sqrt" && s.delta !== undefined ? { delta: s.delta } : {}),
    withoutImpact: s.impact === "none",
  });
}

/**
 * Completion cost (quote) of the execution's unfilled rest on a fresh venue from `makeVenue`
 * (completion-cost.ts); 0, with no venue made, when the parent was filled.
 */
export function completionQuote(
  makeVenue: () => ExecutionVenue,
  series: CandleSeries,
  seed: string | number,
  takerFeeRate: number,
  e: ParentExecution,
): number {
  const rest = e.parent.qtyBase - e.fills.reduce((a, f) => a + f.qtyBase, 0);
  if (!(rest > e.parent.qtyBase * 1e-12)) return 0;
  const rng = createRng(seed).fork(`market/${e.parent.id}`);
  return completionCostQuote(makeVenue(), series, rng, e.parent, rest, takerFeeRate);
}
