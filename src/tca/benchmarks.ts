/**
 * Interval market benchmarks from bars: the market VWAP and TWAP over an execution window, and the
 * market volume traded in it (the denominator of the participation rate).
 *
 * Bars used: every bar that overlaps [startMs, endMs), i.e. openTime < endMs and
 * openTime + intervalMs > startMs (for windows aligned on bar boundaries, exactly the bars inside).
 *
 *   VWAP  = Σ_i value_i / Σ_i volume_i,   value_i = turnover_i where the bar has a finite turnover,
 *                                          else typical_i × volume_i, typical_i = (high + low + close) / 3
 *   TWAP  = (1/n) Σ_i typical_i           (each bar weighs the same time; n = number of bars)
 *   volumeBase = Σ_i volume_i             (base units)
 *
 * When the window holds no bar, or no volume, the VWAP is NaN (and so is the TWAP when no bar).
 * Slippage against a benchmark B, in bps, positive when the trader did worse than B (Kissell 2013,
 * "The Science of Algorithmic Trading"; price-impact-ml-chapter seed, "VWAP Slippage"):
 *   slippageBps = s · (avgFillPrice − B) / B · 10⁴,   s = +1 buy, −1 sell.
 * Limitations: bars give no intra-bar distribution, so a window that cuts a bar uses the whole bar;
 * the typical price stands in for the bar's average trade price where turnover is missing.
 */
import type { CandleSeries, Side } from "../core/market-types.js";

export interface IntervalBenchmarks {
  /** Volume-weighted average price over the window (quote per base); NaN without volume. */
  readonly vwap: number;
  /** Time-weighted average of bar typical prices; NaN without bars. */
  readonly twap: number;
  /** Market volume traded over the window, base units. */
  readonly volumeBase: number;
  /** Number of bars in the window. */
  readonly bars: number;
}

/** Index of the first bar with openTimeMs >= t (binary search over the ascending open times). */
export function firstBarAtOrAfter(series: CandleSeries, t: number): number {
  let lo = 0;
  let hi = series.length;
  const ot = series.openTimeMs;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ot[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bar index range [from, to) of the bars overlapping [startMs, endMs). */
export function barsOverlapping(series: CandleSeries, startMs: number, endMs: number): [number, number] {
  const from = firstBarAtOrAfter(series, startMs - series.intervalMs + 1);
  const to = firstBarAtOrAfter(series, endMs);
  return [from, Math.max(from, to)];
}

/** Market VWAP, TWAP and volume over the bars overlapping [startMs, endMs). */
export function intervalBenchmarks(series: CandleSeries, startMs: number, endMs: number): IntervalBenchmarks {
  const [from, to] = barsOverlapping(series, startMs, endMs);
  let value = 0;
  let volume = 0;
  let typicalSum = 0;
  for (let i = from; i < to; i++) {
    const typical = (series.high[i]! + series.low[i]! + series.close[i]!) / 3;
    const v = series.volume[i]!;
    const t = series.turnover[i]!;
    value += Number.isFinite(t) ? t : typical * v;
    volume += v;
    typicalSum += typical;
  }
  const n = to - from;
  return {
    vwap: volume > 0 ? value / volume : Number.NaN,
    twap: n > 0 ? typicalSum / n : Number.NaN,
    volumeBase: volume,
    bars: n,
  };
}

/** Slippage of an average fill price against a benchmark, bps, positive when worse (NaN if undefined). */
export function slippageBps(side: Side, avgPrice: number, benchmark: number): number {
  if (!(Number.isFinite(avgPrice) && Number.isFinite(benchmark) && benchmark > 0)) return Number.NaN;
  const s = side === "buy" ? 1 : -1;
  return ((s * (avgPrice - benchmark)) / benchmark) * 1e4;
}
