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
 *
 * Shared per-bar terms: the summands (ln(H/L)²/(4 ln 2), the clamped Corwin-Schultz pair estimate and
 * its 0/1 count, the Abdi-Ranaldo product) depend on the bar alone, so they are computed once per
 * series object and bar, kept in a WeakMap keyed by the series, and reused by every venue reset on
 * that series (a batch of strategies × parents computes each bar's logs once, not once per venue).
 * The prefix sums themselves stay per venue (same base, same order, same bits as before). A series is
 * therefore treated as immutable once a venue has been reset on it (as the engine does: simulate()
 * never writes into its series); changing its values in place afterwards would leave stale terms.
 */
import type { CandleSeries } from "../core/market-types";
import { corwinSchultzPair as importedCorwinSchultzPair } from "../market/stats/corwin-schultz";

// Read once: under tsx and vite-node each read of an imported name is a getter call (this runs per bar).
const corwinSchultzPair = importedCorwinSchultzPair;

const FOUR_LN2 = 4 * Math.LN2;

/** The per-bar summands of one series, filled bar by bar on first use (done/arDone flag them). */
class BarTerms {
  readonly done: Uint8Array;
  readonly varTerm: Float64Array;
  readonly csTerm: Float64Array;
  readonly csPair: Uint8Array;
  arDone: Uint8Array | undefined;
  arTerm: Float64Array | undefined;

  constructor(private readonly s: CandleSeries) {
    const n = s.length;
    this.done = new Uint8Array(n);
    this.varTerm = new Float64Array(n);
    this.csTerm = new Float64Array(n);
    this.csPair = new Uint8Array(n);
  }

  /** Compute bar j's variance and Corwin-Schultz terms. */
  fill(j: number): void {
    const { high, low, close, openTimeMs, intervalMs } = this.s;
    const h = high[j]!;
    const l = low[j]!;
    const r = h > 0 && l > 0 ? Math.log(h / l) : 0;
    this.varTerm[j] = (r * r) / FOUR_LN2;
    if (j > 0 && openTimeMs[j]! - openTimeMs[j - 1]! === intervalMs && low[j - 1]! > 0 && l > 0) {
      this.csTerm[j] = Math.max(corwinSchultzPair(high[j - 1]!, low[j - 1]!, close[j - 1]!, h, l), 0);
      this.csPair[j] = 1;
    }
    this.done[j] = 1;
  }

  /** Bar j's Abdi-Ranaldo term. */
  ar(j: number): number {
    if (this.arDone === undefined) {
      this.arDone = new Uint8Array(this.s.length);
      this.arTerm = new Float64Array(this.s.length);
    }
    const t = this.arTerm!;
    if (this.arDone[j] === 1) return t[j]!;
    const { high, low, close, openTimeMs, intervalMs } = this.s;
    const h = high[j]!;
    const l = low[j]!;
    let ar = 0;
    if (j > 0 && openTimeMs[j]! - openTimeMs[j - 1]! === intervalMs && low[j - 1]! > 0 && l > 0) {
      // Abdi-Ranaldo: (c_{j−1} − η_{j−1})(c_{j−1} − η_j), η = mid-range in logs
      const cl = Math.log(close[j - 1]!);
      ar = (cl - 0.5 * Math.log(high[j - 1]! * low[j - 1]!)) * (cl - 0.5 * Math.log(h * l));
    }
    t[j] = ar;
    this.arDone[j] = 1;
    return ar;
  }
}

const TERMS = new WeakMap<CandleSeries, BarTerms>();

function termsOf(series: CandleSeries): BarTerms {
  let t = TERMS.get(series);
  if (t === undefined || t.done.length !== series.length) {
    t = new BarTerms(series);
    TERMS.set(series, t);
  }
  return t;
}

export class TrailingBarStats {
  private series: CandleSeries | undefined;
  private terms: BarTerms | undefined;
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
    this.terms = termsOf(series);
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
    const volume = this.series!.volume;
    const terms = this.terms!;
    const { done, varTerm, csTerm, csPair } = terms;
    const volSum = this.volSum;
    const varSum = this.varSum;
    const csSum = this.csSum;
    const csCount = this.csCount;
    const b = this.base;
    for (let j = this.upto; j < to; j++) {
      if (done[j] === 0) terms.fill(j);
      const k = j - b;
      volSum[k + 1] = volSum[k]! + volume[j]!;
      varSum[k + 1] = varSum[k]! + varTerm[j]!;
      csSum[k + 1] = csSum[k]! + csTerm[j]!;
      csCount[k + 1] = csCount[k]! + csPair[j]!;
    }
    this.upto = to;
  }

  /** ensure(from, to) plus the Abdi-Ranaldo prefix sums over the same range (same base, same order). */
  private ensureAr(from: number, to: number): void {
    this.ensure(from, to);
    if (to <= this.uptoAr) return;
    const terms = this.terms!;
    const b = this.base;
    for (let j = this.uptoAr; j < to; j++) {
      const k = j - b;
      this.arSum[k + 1] = this.arSum[k]! + terms.ar(j);
    }
    this.uptoAr = to;
  }

  /** Room for `size` prefix entries: the five columns are views into one buffer (one allocation per growth). */
  private grow(size: number): void {
    if (this.volSum.length >= size) return;
    // a day of 1-minute bars plus the window fits the first allocation
    const cap = Math.max(size, 2 * this.volSum.length, 2048);
    const buf = new ArrayBuffer(5 * 8 * cap);
    const copy = (j: number, a: Float64Array): Float64Array => {
      const out = new Float64Array(buf, j * 8 * cap, cap);
      out.set(a);
      return out;
    };
    this.volSum = copy(0, this.volSum);
    this.varSum = copy(1, this.varSum);
    this.csSum = copy(2, this.csSum);
    this.csCount = copy(3, this.csCount);
    this.arSum = copy(4, this.arSum);
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
