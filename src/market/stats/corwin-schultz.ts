/**
 * Corwin-Schultz (2012) bid-ask spread estimator from high and low prices.
 *
 * Source: S. A. Corwin and P. Schultz, "A Simple Way to Estimate Bid-Ask Spreads from Daily High and
 * Low Prices", Journal of Finance 67(2), 2012, 719-760, equations (14), (18) and (19).
 * Idea: a bar's high is (nearly always) a buy at the ask and its low a sell at the bid, so ln(H/L)
 * holds the spread plus volatility; volatility grows with the window, the spread does not, so
 * comparing one two-bar window with two one-bar windows separates them. For each pair of
 * consecutive bars t, t+1:
 *   β = [ln(H_t/L_t)]² + [ln(H_{t+1}/L_{t+1})]²
 *   γ = [ln(max(H_t,H_{t+1}) / min(L_t,L_{t+1}))]²
 *   α = (√(2β) − √β) / (3 − 2√2) − √(γ / (3 − 2√2))
 *   S = 2 (e^α − 1) / (1 + e^α)
 * Following the paper, (1) when bar t+1 trades wholly above (below) bar t's close, its high and low
 * are shifted down (up) by the gap before computing γ and β (the paper's overnight-return adjustment),
 * and (2) negative two-bar estimates are set to 0 before averaging. The result is the mean over all
 * pairs of consecutive bars: a relative spread, a fraction of the price (0.0002 = 2 bps).
 * Limitations: setting negatives to zero biases the mean upwards when the true spread is small
 * relative to the bar's volatility (minute bars of a tick-wide market): read a small estimate as an
 * upper bound. Pairs separated by missing bars are skipped. Discrete trading inside a bar makes the
 * range understate volatility, which the estimator attributes to a negative spread (then zero).
 */
import type { CandleSeries } from "../../core/market-types.js";
import { insufficient, requireFiniteResult } from "./stats-common.js";

export interface CorwinSchultzEstimate {
  /** Mean of the two-bar estimates after setting negatives to zero (fraction of price). */
  spread: number;
  /** Mean of the raw two-bar estimates, negatives kept (may be < 0). */
  rawMean: number;
  /** Number of two-bar pairs used. */
  pairs: number;
  /** How many pairs gave a negative estimate (set to 0). */
  negativePairs: number;
}

const K = 3 - 2 * Math.SQRT2;

/** The two-bar estimate S for bars (h1,l1,c1) and (h2,l2), before truncation at zero. */
export function corwinSchultzPair(h1: number, l1: number, c1: number, h2: number, l2: number): number {
  return corwinSchultzPairWithLogs(h1, l1, c1, h2, l2, Math.log(h1 / l1), Math.log(h2 / l2));
}

/**
 * `corwinSchultzPair` for a caller that already holds r1 = ln(h1/l1) and r2 = ln(h2/l2) (a pass over
 * a series computes each bar's log range once; bar t's is the first bar's log of pair (t, t+1) and the
 * second's of pair (t−1, t)). Same arithmetic and the same bits as corwinSchultzPair: r2 is used only
 * when bar 2 needs no gap shift, else the shifted bar's log range is taken.
 */
export function corwinSchultzPairWithLogs(
  h1: number,
  l1: number,
  c1: number,
  h2: number,
  l2: number,
  r1: number,
  r2: number,
): number {
  // Gap adjustment (the paper's overnight adjustment): shift bar 2 so it overlaps bar 1's close.
  let b = r2;
  if (l2 > c1) {
    const d = l2 - c1;
    h2 -= d;
    l2 -= d;
    b = Math.log(h2 / l2);
  } else if (h2 < c1) {
    const d = c1 - h2;
    h2 += d;
    l2 += d;
    b = Math.log(h2 / l2);
  }
  const beta = r1 * r1 + b * b;
  const g = Math.log(Math.max(h1, h2) / Math.min(l1, l2));
  const gamma = g * g;
  const alpha = (Math.sqrt(2 * beta) - Math.sqrt(beta)) / K - Math.sqrt(gamma / K);
  const e = Math.exp(alpha);
  return (2 * (e - 1)) / (1 + e);
}

export function corwinSchultzEstimate(series: CandleSeries): CorwinSchultzEstimate {
  const { high, low, close, openTimeMs, intervalMs } = series;
  let sum = 0;
  let rawSum = 0;
  let pairs = 0;
  let negative = 0;
  for (let t = 0; t + 1 < series.length; t++) {
    if (openTimeMs[t + 1]! - openTimeMs[t]! !== intervalMs) continue;
    const h1 = high[t]!;
    const l1 = low[t]!;
    const h2 = high[t + 1]!;
    const l2 = low[t + 1]!;
    const s = corwinSchultzPair(h1, l1, close[t]!, h2, l2);
    rawSum += s;
    if (s < 0) negative++;
    else sum += s;
    pairs++;
  }
  if (pairs === 0) {
    throw insufficient(series, "the Corwin-Schultz spread estimate", "at least two consecutive bars");
  }
  requireFiniteResult(series, "the Corwin-Schultz spread estimate", rawSum);
  return { spread: sum / pairs, rawMean: rawSum / pairs, pairs, negativePairs: negative };
}

/** Corwin-Schultz relative spread (fraction of price), negative two-bar estimates set to 0. */
export function corwinSchultzSpread(series: CandleSeries): number {
  return corwinSchultzEstimate(series).spread;
}
