/**
 * Trailing per-bar market statistics for the venues: what the world knew when a bar opened.
 *
 * For bar i and a window of W bars, over the completed bars j ∈ [max(0, i − W), i):
 *   volume(i)  = mean volume_j                                             (base units per bar)
 *   sigma(i)   = sqrt(mean of ln(H_j/L_j)² / (4 ln 2))                     (Parkinson 1980; fraction per bar)
 *   spread(i)  = mean of max(0, S_CS(j−1, j)) over consecutive pairs inside the window
 *                (Corwin & Schultz 2012 two-bar estimate, `corwinSchultzPair`; fraction of price)
 *   spreadAbdiRanaldo(i) = √max(4·mean[(c_{j−1} − η_{j−1})(c_{j−1} − η_j)], 0) over the same pairs
 *                (Abdi & Ranaldo 2017; c = ln close, η = ln of the mid-range √(H·L))
 * Bar 0 has no history: it uses its own volume and range (documented fallback; every later bar uses
 * strictly earlier bars only), and spread(0) is NaN (the caller falls back to a configured value).
 *
 * Why trailing and not the bar's own values: the venue is "the world" and may read the current bar, but
 * a bar's volume and range are only known when it closes; depth that scaled with the current bar's
 * final volume would let a trader at minute 0 of a busy bar see liquidity that only arrived later.
 * Trailing means are also smoother, so the book does not jump from bar to bar.
 *
 * Cost: prefix sums are built lazily from the first bar queried minus the window (a venue reset on a
 * month of bars for a one-day parent touches one day, not the month) and extended as later bars are
 * queried: O(1) amortised per bar, nothing at prepare; the Abdi-Ranaldo sums (three logs a bar) are
 * built only once that spread is asked for, from the same base, so they hold the same bits. A query further back than the built range
 * rebuilds from there. Limitations: equal weights over the window (no EWMA); gaps in the data are
 * ignored except by the spread estimator, which skips non-consecutive pairs; sums are differences of
 * prefix sums started at the first bar queried, so values can differ in the last bits (≈1e-16
 * relative) between venues that first looked at different bars.
 */
import type { CandleSeries } from "../core/market-types";
import { corwinSchultzPair as importedCorwinSchultzPair } from "../market/stats/corwin-schultz";

// Read once: under tsx and vite-node each read of an imported name is a getter call (this runs per bar).
const corwinSchultzPair = importedCorwinSchultzPair;

const FOUR_LN2 = 4 * Math.LN2;

export class TrailingBarStats {
  private series: CandleSeries | undefined;
  /** Prefix sums over bars [base, upto): index j − base holds the sum over [base, j). */
  private base = 0;
  private upto = -1;
  /** arSum covers [base, uptoAr) (built only when the Abdi-Ranaldo spread is asked for; same base). */
  private uptoAr = -1;
  private volSum: Float64Array = new Float64Array(0);
  private varSum: Float64Array = new Float64Array(0);
  private csSum: Float64Array = new Float64Array(0);
  private csCount: Float64Array = new Float64Array(0);
  private arSum: Float64Array = new Float64Array(0);

  /** Attach to a series; nothing is computed until a bar is queried. */
  prepare(series: CandleSeries): void {
    this.series = series;
    this.upto = -1;
  }

  /** Make the prefix sums cover [from, to] (from >= 0, to <= length). */
  private ensure(from: number, to: number): void {
    if (this.upto < 0 || from < this.base) {
      this.base = from;
      this.upto = from;
      this.uptoAr = from;
      this.grow(to - from + 1);
      this.volSum[0] = 0;
      this.varSum[0] = 0;
      this.csSum[0] = 0;
      this.csCount[0] = 0;
      this.arSum[0] = 0;
    }
    if (to <= this.upto) return;
    this.grow(to - this.base + 1);
    const { high, low, close, volume, openTimeMs, intervalMs } = this.series!;
    const b = this.base;
    for (let j = this.upto; j < to; j++) {
      const h = high[j]!;
      const l = low[j]!;
      const r = h > 0 && l > 0 ? Math.log(h / l) : 0;
      const k = j - b;
      this.volSum[k + 1] = this.volSum[k]! + volume[j]!;
      this.varSum[k + 1] = this.varSum[k]! + (r * r) / FOUR_LN2;
      let cs = 0;
      let c = 0;
      if (j > 0 && openTimeMs[j]! - openTimeMs[j - 1]! === intervalMs && low[j - 1]! > 0 && l > 0) {
        cs = Math.max(corwinSchultzPair(high[j - 1]!, low[j - 1]!, close[j - 1]!, h, l), 0);
        c = 1;
      }
      this.csSum[k + 1] = this.csSum[k]! + cs;
      this.csCount[k + 1] = this.csCount[k]! + c;
    }
    this.upto = to;
  }

  /** ensure(from, to) plus the Abdi-Ranaldo prefix sums over the same range (same base, same order). */
  private ensureAr(from: number, to: number): void {
    this.ensure(from, to);
    if (to <= this.uptoAr) return;
    const { high, low, close, openTimeMs, intervalMs } = this.series!;
    const b = this.base;
    for (let j = this.uptoAr; j < to; j++) {
      const h = high[j]!;
      const l = low[j]!;
      const k = j - b;
      let ar = 0;
      if (j > 0 && openTimeMs[j]! - openTimeMs[j - 1]! === intervalMs && low[j - 1]! > 0 && l > 0) {
        // Abdi-Ranaldo: (c_{j−1} − η_{j−1})(c_{j−1} − η_j), η = mid-range in logs
        const cl = Math.log(close[j - 1]!);
        ar = (cl - 0.5 * Math.log(high[j - 1]! * low[j - 1]!)) * (cl - 0.5 * Math.log(h * l));
      }
      this.arSum[k + 1] = this.arSum[k]! + ar;
    }
    this.uptoAr = to;
  }

  private grow(size: number): void {
    if (this.volSum.length >= size) return;
    const cap = Math.max(size, 2 * this.volSum.length, 256);
    const copy = (a: Float64Array): Float64Array => {
      const out = new Float64Array(cap);
      out.set(a);
      return out;
    };
    this.volSum = copy(this.volSum);
    this.varSum = copy(this.varSum);
    this.csSum = copy(this.csSum);
    this.csCount = copy(this.csCount);
    this.arSum = copy(this.arSum);
  }

  /** Mean volume per bar over the window before bar i (bar 0: its own volume). */
  volume(i: number, window: number): number {
    if (i <= 0) return this.series!.volume[0]!;
    const from = Math.max(i - window, 0);
    this.ensure(from, i);
    return (this.volSum[i - this.base]! - this.volSum[from - this.base]!) / (i - from);
  }

  /** Parkinson volatility per bar (fraction) over the window before bar i (bar 0: its own range). */
  sigma(i: number, window: number): number {
    if (i <= 0) {
      const s = this.series!;
      const r = s.high[0]! > 0 && s.low[0]! > 0 ? Math.log(s.high[0]! / s.low[0]!) : 0;
      return Math.sqrt((r * r) / FOUR_LN2);
    }
    const from = Math.max(i - window, 0);
    this.ensure(from, i);
    return Math.sqrt((this.varSum[i - this.base]! - this.varSum[from - this.base]!) / (i - from));
  }

  /**
   * Corwin-Schultz relative spread over the consecutive pairs (j−1, j) with j in the window before bar
   * i; NaN when the window holds no pair (bar 0 and 1, or gaps only).
   */
  spread(i: number, window: number): number {
    if (i <= 1) return Number.NaN;
    // pair index j (second bar of the pair) runs over [max(1, i − window), i)
    const from = Math.max(1, i - window);
    this.ensure(from, i);
    const c = this.csCount[i - this.base]! - this.csCount[from - this.base]!;
    if (c <= 0) return Number.NaN;
    return (this.csSum[i - this.base]! - this.csSum[from - this.base]!) / c;
  }

  /**
   * Abdi-Ranaldo relative spread over the same pairs: √max(4·mean[(c_{j−1} − η_{j−1})(c_{j−1} − η_j)], 0)
   * with c the log close and η the log mid-range (Abdi & Ranaldo 2017, eq. 10); NaN when no pair.
   */
  spreadAbdiRanaldo(i: number, window: number): number {
    if (i <= 1) return Number.NaN;
    const from = Math.max(1, i - window);
    this.ensureAr(from, i);
    const c = this.csCount[i - this.base]! - this.csCount[from - this.base]!;
    if (c <= 0) return Number.NaN;
    const m = (4 * (this.arSum[i - this.base]! - this.arSum[from - this.base]!)) / c;
    return m > 0 ? Math.sqrt(m) : 0;
  }
}
