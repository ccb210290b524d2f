/**
 * Trailing per-bar market statistics for the venues: what the world knew when a bar opened.
 *
 * For bar i and a window of W bars, over the completed bars j ∈ [max(0, i − W), i):
 *   volume(i)  = mean volume_j                                             (base units per bar)
 *   sigma(i)   = sqrt(mean of ln(H_j/L_j)² / (4 ln 2))                     (Parkinson 1980; fraction per bar)
 *   spread(i)  = mean of max(0, S_CS(j−1, j)) over consecutive pairs inside the window
 *                (Corwin & Schultz 2012 two-bar estimate, `corwinSchultzPair`; fraction of price)
 * Bar 0 has no history: it uses its own volume and range (documented fallback; every later bar uses
 * strictly earlier bars only), and spread(0) is NaN (the caller falls back to a configured value).
 *
 * Why trailing and not the bar's own values: the venue is "the world" and may read the current bar, but
 * a bar's volume and range are only known when it closes; depth that scaled with the current bar's
 * final volume would let a trader at minute 0 of a busy bar see liquidity that only arrived later.
 * Trailing means are also smoother, so the book does not jump from bar to bar.
 *
 * Cost: O(n) prefix sums once per series (cached while the same series object is reset again), then
 * O(1) per query. Limitations: equal weights over the window (no EWMA); gaps in the data are ignored
 * except by the spread estimator, which skips non-consecutive pairs.
 */
import type { CandleSeries } from "../core/market-types";
import { corwinSchultzPair } from "../market/stats/corwin-schultz";

const FOUR_LN2 = 4 * Math.LN2;

export class TrailingBarStats {
  private series: CandleSeries | undefined;
  private n = -1;
  private volSum = new Float64Array(0);
  private varSum = new Float64Array(0);
  private csSum = new Float64Array(0);
  private csCount = new Float64Array(0);

  /** Build the prefix sums (skipped when the same series object with the same length is given again). */
  prepare(series: CandleSeries): void {
    if (series === this.series && series.length === this.n) return;
    const n = series.length;
    this.series = series;
    this.n = n;
    if (this.volSum.length < n + 1) {
      this.volSum = new Float64Array(n + 1);
      this.varSum = new Float64Array(n + 1);
      this.csSum = new Float64Array(n + 1);
      this.csCount = new Float64Array(n + 1);
    }
    const { high, low, close, volume, openTimeMs, intervalMs } = series;
    this.volSum[0] = 0;
    this.varSum[0] = 0;
    this.csSum[0] = 0;
    this.csCount[0] = 0;
    for (let j = 0; j < n; j++) {
      const h = high[j]!;
      const l = low[j]!;
      const r = h > 0 && l > 0 ? Math.log(h / l) : 0;
      this.volSum[j + 1] = this.volSum[j]! + volume[j]!;
      this.varSum[j + 1] = this.varSum[j]! + (r * r) / FOUR_LN2;
      let cs = 0;
      let c = 0;
      if (j > 0 && openTimeMs[j]! - openTimeMs[j - 1]! === intervalMs && low[j - 1]! > 0 && l > 0) {
        const s = corwinSchultzPair(high[j - 1]!, low[j - 1]!, close[j - 1]!, h, l);
        cs = Math.max(s, 0);
        c = 1;
      }
      this.csSum[j + 1] = this.csSum[j]! + cs;
      this.csCount[j + 1] = this.csCount[j]! + c;
    }
  }

  /** Mean volume per bar over the window before bar i (bar 0: its own volume). */
  volume(i: number, window: number): number {
    if (i <= 0) return this.volSum[1]! - this.volSum[0]!;
    const from = Math.max(i - window, 0);
    return (this.volSum[i]! - this.volSum[from]!) / (i - from);
  }

  /** Parkinson volatility per bar (fraction) over the window before bar i (bar 0: its own range). */
  sigma(i: number, window: number): number {
    if (i <= 0) return Math.sqrt(this.varSum[1]! - this.varSum[0]!);
    const from = Math.max(i - window, 0);
    return Math.sqrt((this.varSum[i]! - this.varSum[from]!) / (i - from));
  }

  /**
   * Corwin-Schultz relative spread over the consecutive pairs (j−1, j) with j in the window before bar
   * i; NaN when the window holds no pair (bar 0 and 1, or gaps only).
   */
  spread(i: number, window: number): number {
    if (i <= 1) return Number.NaN;
    // pair index j (second bar of the pair) runs over [max(1, i − window), i)
    const from = Math.max(1, i - window);
    const c = this.csCount[i]! - this.csCount[from]!;
    if (c <= 0) return Number.NaN;
    return (this.csSum[i]! - this.csSum[from]!) / c;
  }
}
