/**
 * Abdi-Ranaldo (2017) bid-ask spread estimator from close, high and low prices.
 *
 * Source: F. Abdi and A. Ranaldo, "A Simple Estimation of Bid-Ask Spreads from Daily Close, High, and
 * Low Prices", Review of Financial Studies 30(12), 2017, 4437-4480, equation (10) and the monthly
 * estimator of their Section 2.
 * With c_t = ln C_t and the mid-range η_t = (ln H_t + ln L_t) / 2 as a proxy of the efficient price,
 *   s² = 4 · E[(c_t − η_t)(c_t − η_{t+1})]
 * and the sample estimate is S = √(max(4 · mean_t[(c_t − η_t)(c_t − η_{t+1})], 0)) over all pairs of
 * consecutive bars (the paper's sample estimator; a negative mean is set to 0). Units: fraction of price.
 * Limitations: like Corwin-Schultz it assumes the close is at the bid or ask with equal probability
 * and that volatility is constant over the two bars; pairs separated by missing bars are skipped.
 */
import type { CandleSeries } from "../../core/market-types.js";
import { insufficient, requireFiniteResult } from "./stats-common.js";

export interface AbdiRanaldoEstimate {
  /** Relative spread (fraction of price); 0 when the sample moment is negative. */
  spread: number;
  /** The sample moment 4·mean[(c_t − η_t)(c_t − η_{t+1})] (may be negative). */
  moment: number;
  pairs: number;
}

export function abdiRanaldoEstimate(series: CandleSeries): AbdiRanaldoEstimate {
  const { high, low, close, openTimeMs, intervalMs } = series;
  let sum = 0;
  let pairs = 0;
  for (let t = 0; t + 1 < series.length; t++) {
    if (openTimeMs[t + 1]! - openTimeMs[t]! !== intervalMs) continue;
    const c = Math.log(close[t]!);
    const eta1 = 0.5 * (Math.log(high[t]!) + Math.log(low[t]!));
    const eta2 = 0.5 * (Math.log(high[t + 1]!) + Math.log(low[t + 1]!));
    sum += (c - eta1) * (c - eta2);
    pairs++;
  }
  if (pairs === 0) {
    throw insufficient(series, "the Abdi-Ranaldo spread estimate", "at least two consecutive bars");
  }
  const moment = (4 * sum) / pairs;
  requireFiniteResult(series, "the Abdi-Ranaldo spread estimate", moment);
  return { spread: Math.sqrt(Math.max(moment, 0)), moment, pairs };
}

/** Abdi-Ranaldo relative spread (fraction of price). */
export function abdiRanaldoSpread(series: CandleSeries): number {
  return abdiRanaldoEstimate(series).spread;
}
