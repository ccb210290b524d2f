/**
 * Pre-trade cost estimate for a parent order, stored beside the realized cost.
 *
 * Model: the square-root law (price-impact-ml-chapter seed, "The Square-Root Law"; Tóth et al. 2011)
 *   expected cost (bps of arrival notional) = σ_day · η · (Q / ADV)^δ · 10⁴  +  halfSpread / mid · 10⁴
 *   (+ fee rate · 10⁴ when a taker fee rate is given)
 * with σ_day the realized daily volatility and ADV the average daily volume, both measured ONLY on the
 * bars that closed before the parent's start, over a trailing window (default 7 days, at least 1 day):
 * the estimate a trader could have made at the decision time. The half-spread term is the crossing cost
 * the square-root law does not contain; it is given by the caller (e.g. the venue's half-spread at the
 * start, or a Corwin-Schultz estimate), default 0.
 *
 * Parameters and defaults: η = SQUARE_ROOT_DEFAULTS.eta (0.5), δ = 0.5, lookback 7 days. The CLI passes
 * the venue's own η and δ when the run uses the square-root fill model, and drops the impact term
 * (model "none") for the no-impact venue; for the book, propagator and AC venues the default law is
 * the reference.
 * Limitations: the square-root law ignores the execution horizon; for the book venue it is a
 * reference figure, not the venue's own expectation. Units: bps of Q × arrival mid; quote currency.
 */
import { DAY_MS } from "../core/interval.js";
import type { CandleSeries, Side } from "../core/market-types.js";
import { sliceSeries } from "../core/market-types.js";
import { SQUARE_ROOT_DEFAULTS, squareRootImpact } from "../impact/square-root-impact.js";
import { averageDailyVolume, realizedVolatility } from "../market/market-stats.js";
import { firstBarAtOrAfter } from "./benchmarks.js";

export interface PreTradeEstimate {
  /** Model name, e.g. "sqrt". */
  readonly model: string;
  /** Expected cost, bps of the arrival notional. */
  readonly costBps: number;
  /** Expected cost, quote currency. */
  readonly costQuote: number;
  /** Inputs, for the record. */
  readonly sigmaDaily: number;
  readonly advBase: number;
  readonly eta: number;
  readonly delta: number;
}

export interface PreTradeOptions {
  eta?: number;
  delta?: number;
  /** Trailing window for σ and ADV, ms (default 7 days). */
  lookbackMs?: number;
  /** Half-spread in price units at the start (default 0). */
  halfSpread?: number;
  /** Taker fee rate as a fraction (default 0). */
  feeRate?: number;
  /** Leave the impact term out (for the no-impact venue): model "none", spread and fees only. */
  withoutImpact?: boolean;
}

export const PRE_TRADE_DEFAULTS = Object.freeze({ lookbackMs: 7 * DAY_MS });

/** Bars that CLOSED at or before `t`, within the trailing lookback: [t − lookback, t). */
export function barsBefore(series: CandleSeries, t: number, lookbackMs: number): CandleSeries {
  const from = firstBarAtOrAfter(series, t - lookbackMs);
  const to = firstBarAtOrAfter(series, t - series.intervalMs + 1);
  return sliceSeries(series, from, Math.max(from, to));
}

/** Square-root pre-trade estimate from data strictly before `startMs` (throws INSUFFICIENT_DATA if < 1 day). */
export function squareRootPreTrade(
  series: CandleSeries,
  order: { side: Side; qtyBase: number; startMs: number },
  arrivalMid: number,
  opts: PreTradeOptions = {},
): PreTradeEstimate {
  const eta = opts.eta ?? SQUARE_ROOT_DEFAULTS.eta;
  const delta = opts.delta ?? SQUARE_ROOT_DEFAULTS.delta;
  const past = barsBefore(series, order.startMs, opts.lookbackMs ?? PRE_TRADE_DEFAULTS.lookbackMs);
  const sigmaDaily = realizedVolatility(past).daily;
  const advBase = averageDailyVolume(past).volumeBase;
  const impact = squareRootImpact({
    sigma: sigmaDaily,
    eta,
    delta,
    qty: order.qtyBase,
    volume: advBase,
    mid: arrivalMid,
  });
  const spreadBps = ((opts.halfSpread ?? 0) / arrivalMid) * 1e4;
  const feeBps = (opts.feeRate ?? 0) * 1e4;
  const impactBps = opts.withoutImpact ? 0 : Math.abs(impact.bps);
  const costBps = impactBps + spreadBps + feeBps;
  return {
    model: opts.withoutImpact ? "none" : "sqrt",
    costBps,
    costQuote: (costBps / 1e4) * order.qtyBase * arrivalMid,
    sigmaDaily,
    advBase,
    eta,
    delta,
  };
}
