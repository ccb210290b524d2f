/**
 * Trailing per-bar market statistics for the venues: what the world knew when a bar opened.
 *
 * For bar i and a window of W bars, over the completed bars j ∈ [max(0, i − W), i):
 *   volume(i)  = mean volume_j                                             (base units per bar)
 *   sigma(i)   = sqrt(mean of ln(H_j/L_j)² / (4 ln 2))                     (Parkinson 1980; fraction per bar)
 *   spread(i)  = mean of max(0, S_CS(j−1, j)) over consecutive pairs inside the window
 *                (Corwin & Schultz 2012 two-bar estimate, `corwinSchultzPair`, given each bar's log
 *                range once: `corwinSchultzPairWithLogs`; fraction of price)
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
 * Canonical sums, shared per series. The bars are cut into blocks of BLOCK = 64; per column the series
 * keeps each block's total and, per bar, the running sum from its block's start (both summed in bar
 * order). A window's sum is then (block total − running sum at the window's start) + the totals of the
 * whole blocks inside + the running sum at its end, or the difference of two running sums when the window
 * lies in one block: a fixed formula of (i, W). So a statistic has the same bits in every venue, whatever
 * bars that venue (or any other) asked for first; each query costs O(1 + W/64), and the rounding error is
 * that of sums over at most 64 bars, not of a running sum over the whole series.
 *
 * Cost and sharing: the per-bar summands (ln(H/L)²/(4 ln 2), the clamped Corwin-Schultz pair estimate
 * and its 0/1 count, the Abdi-Ranaldo product) and their block sums are computed once per series object,
 * a block at a time on first use, and kept in a WeakMap keyed by the series. Every venue reset on that
 * series reads them (a batch of strategies × parents computes each bar's logs once, not once per venue);
 * nothing is computed for blocks nobody asks about, and nothing at prepare. Computing a block computes
 * the summands of the later bars in that block too; they never enter a statistic of an earlier bar (a
 * window before bar i reads running sums at indices ≤ i only, and the running sum at j covers bars < j).
 * The Abdi-Ranaldo terms (three logs a bar) are computed only once that spread is asked for. A series is
 * therefore treated as immutable once a venue has been reset on it (as the engine does: simulate()
 * never writes into its series); changing its values in place afterwards would leave stale results.
 * Memory: 32 bytes per bar of the blocks asked about (8 more once Abdi-Ranaldo is used), plus 32 bytes
 * per block of the series for the block totals.
 *
 * Limitations: equal weights over the window (no EWMA); gaps in the data are ignored except by the
 * spread estimators, which skip non-consecutive pairs.
 */
import type { CandleSeries } from "../core/market-types.js";
import { corwinSchultzPairWithLogs as importedCorwinSchultzPairWithLogs } from "../market/stats/corwin-schultz.js";

// Read once: under tsx and vite-node each read of an imported name is a getter call (this runs per bar).
const corwinSchultzPairWithLogs = importedCorwinSchultzPairWithLogs;

const FOUR_LN2 = 4 * Math.LN2;

/** Where a venue's half-spread comes from (see `halfSpreadRel`). */
/**
 * Where a venue's half-spread comes from: the Corwin-Schultz or Abdi-Ranaldo estimate from trailing
 * bars, a fixed bps figure, or "tick": one price tick wide (the venues floor the half-spread at half a
 * tick, so "tick" is that floor alone: the quoted spread of liquid crypto perpetuals, which sit one
 * tick wide nearly all the time, where the bar-range estimators overstate it many times on 1-5 minute
 * bars).
 */
export type SpreadSource = "corwin-schultz" | "abdi-ranaldo" | "fixed" | "tick";
export const SPREAD_SOURCES: readonly SpreadSource[] = ["corwin-schultz", "abdi-ranaldo", "fixed", "tick"];

/** Bars per block of the canonical window sums. */
const BLOCK = 64;
const SHIFT = 6; // log2(BLOCK)

/**
 * A column of per-bar summands, kept as running sums from each block's start (exclusive) and block totals.
 * The running sums live in one array per block, allocated when the block is filled, so a series of which
 * only some bars are asked about (parents of an hour a day over years) keeps only those blocks.
 */
class Column {
  /** Running sums of block b (BLOCK values), or undefined while the block is not filled. */
  runs: (Float64Array | undefined)[] = [];
  total: Float64Array = new Float64Array(0);

  alloc(n: number): void {
    this.runs = new Array(Math.ceil(n / BLOCK)).fill(undefined);
    this.total = new Float64Array(Math.ceil(n / BLOCK));
  }

  /** The running-sum array of block b, allocated on first use. */
  block(b: number): Float64Array {
    let r = this.runs[b];
    if (r === undefined) {
      r = new Float64Array(BLOCK);
      this.runs[b] = r;
    }
    return r;
  }

  /** Σ of the summands of bars j ∈ [from, to), canonical (see the file's doc); blocks of from..to are filled. */
  sum(from: number, to: number): number {
    const bf = from >> SHIFT;
    const bt = to >> SHIFT;
    const atFrom = this.runs[bf]![from & (BLOCK - 1)]!;
    const atTo = this.runs[bt]![to & (BLOCK - 1)]!;
    if (bf === bt) return atTo - atFrom;
    let s = this.total[bf]! - atFrom;
    for (let b = bf + 1; b < bt; b++) s += this.total[b]!;
    return s + atTo;
  }
}

/** Whether bars (j−1, j) are a consecutive pair with positive prices, usable by the spread estimators. */
function isPair(s: CandleSeries, j: number): boolean {
  return (
    j > 0 && s.openTimeMs[j]! - s.openTimeMs[j - 1]! === s.intervalMs && s.low[j - 1]! > 0 && s.low[j]! > 0
  );
}

/** The per-bar summands of one series as block running sums, computed a block at a time on first use. */
class SeriesTerms {
  readonly n: number;
  readonly volume: Column;
  readonly variance: Column;
  readonly cs: Column;
  readonly csPairs: Column;
  private ar: Column | undefined;
  private readonly done: Uint8Array;
  private arDone: Uint8Array | undefined;

  constructor(readonly s: CandleSeries) {
    const n = s.length;
    this.n = n;
    this.done = new Uint8Array(Math.ceil(n / BLOCK));
    this.volume = new Column();
    this.variance = new Column();
    this.cs = new Column();
    this.csPairs = new Column();
  }

  /** Make blocks of bars from..to (inclusive, to < n) ready for volume, variance and Corwin-Schultz sums. */
  ensure(from: number, to: number): void {
    const done = this.done;
    for (let b = from >> SHIFT; b <= to >> SHIFT; b++) if (done[b] === 0) this.fill(b);
  }

  private fill(b: number): void {
    if (this.volume.total.length === 0) {
      for (const c of [this.volume, this.variance, this.cs, this.csPairs]) c.alloc(this.n);
    }
    const s = this.s;
    const { high, low, close, volume } = s;
    const lo = b << SHIFT;
    const hi = Math.min(lo + BLOCK, this.n);
    const vr = this.volume.block(b);
    const pr = this.variance.block(b);
    const cr = this.cs.block(b);
    const nr = this.csPairs.block(b);
    let av = 0;
    let ap = 0;
    let ac = 0;
    let an = 0;
    // ln(H/L) of the bar before j: the first log of the Corwin-Schultz pair (j − 1, j), computed once a bar
    let prevLog = lo > 0 ? Math.log(high[lo - 1]! / low[lo - 1]!) : 0;
    for (let j = lo; j < hi; j++) {
      vr[j - lo] = av;
      pr[j - lo] = ap;
      cr[j - lo] = ac;
      nr[j - lo] = an;
      const h = high[j]!;
      const l = low[j]!;
      const logRange = Math.log(h / l);
      const r = h > 0 && l > 0 ? logRange : 0;
      av += volume[j]!;
      ap += (r * r) / FOUR_LN2;
      if (isPair(s, j)) {
        const pair = corwinSchultzPairWithLogs(
          high[j - 1]!,
          low[j - 1]!,
          close[j - 1]!,
          h,
          l,
          prevLog,
          logRange,
        );
        ac += Math.max(pair, 0);
        an += 1;
      }
      prevLog = logRange;
    }
    this.volume.total[b] = av;
    this.variance.total[b] = ap;
    this.cs.total[b] = ac;
    this.csPairs.total[b] = an;
    this.done[b] = 1;
  }

  /** The Abdi-Ranaldo column with blocks of bars from..to (inclusive) ready. */
  abdiRanaldo(from: number, to: number): Column {
    if (this.ar === undefined) {
      this.ar = new Column();
      this.ar.alloc(this.n);
      this.arDone = new Uint8Array(Math.ceil(this.n / BLOCK));
    }
    const col = this.ar;
    const done = this.arDone!;
    const s = this.s;
    const { high, low, close } = s;
    for (let b = from >> SHIFT; b <= to >> SHIFT; b++) {
      if (done[b] === 1) continue;
      const lo = b << SHIFT;
      const hi = Math.min(lo + BLOCK, this.n);
      let acc = 0;
      const run = col.block(b);
      for (let j = lo; j < hi; j++) {
        run[j - lo] = acc;
        let v = 0;
        if (isPair(s, j)) {
          // Abdi-Ranaldo: (c_{j−1} − η_{j−1})(c_{j−1} − η_j), η = mid-range in logs
          const cl = Math.log(close[j - 1]!);
          v = (cl - 0.5 * Math.log(high[j - 1]! * low[j - 1]!)) * (cl - 0.5 * Math.log(high[j]! * low[j]!));
        }
        acc += v;
      }
      col.total[b] = acc;
      done[b] = 1;
    }
    return col;
  }
}

const TERMS = new WeakMap<CandleSeries, SeriesTerms>();

function termsOf(series: CandleSeries): SeriesTerms {
  let t = TERMS.get(series);
  if (t === undefined || t.n !== series.length) {
    t = new SeriesTerms(series);
    TERMS.set(series, t);
  }
  return t;
}

export class TrailingBarStats {
  private terms: SeriesTerms | undefined;

  /** Attach to a series; nothing is computed until a bar is queried. */
  prepare(series: CandleSeries): void {
    this.terms = termsOf(series);
  }

  /** Mean volume per bar over the window before bar i (bar 0: its own volume). */
  volume(i: number, window: number): number {
    const t = this.terms!;
    if (i <= 0) return t.s.volume[0]!;
    const from = Math.max(i - window, 0);
    t.ensure(from, i);
    return t.volume.sum(from, i) / (i - from);
  }

  /** Parkinson volatility per bar (fraction) over the window before bar i (bar 0: its own range). */
  sigma(i: number, window: number): number {
    const t = this.terms!;
    if (i <= 0) {
      const s = t.s;
      const r = s.high[0]! > 0 && s.low[0]! > 0 ? Math.log(s.high[0]! / s.low[0]!) : 0;
      return Math.sqrt((r * r) / FOUR_LN2);
    }
    const from = Math.max(i - window, 0);
    t.ensure(from, i);
    return Math.sqrt(t.variance.sum(from, i) / (i - from));
  }

  /** sigma(i, window) floored at minVolatilityBps (a flat window would otherwise give zero). */
  sigmaFloored(i: number, window: number, minVolatilityBps: number): number {
    return Math.max(this.sigma(i, window), minVolatilityBps * 1e-4);
  }

  /**
   * The half-spread of bar i as a fraction of the mid: half the trailing Corwin-Schultz or Abdi-Ranaldo
   * spread, or halfSpreadBps · 1e-4 for "fixed" and when the window holds no consecutive pair.
   */
  halfSpreadRel(i: number, window: number, source: SpreadSource, halfSpreadBps: number): number {
    if (source === "tick") return 0; // the venue's half-tick floor is the half-spread
    if (source !== "fixed") {
      const s = source === "corwin-schultz" ? this.spread(i, window) : this.spreadAbdiRanaldo(i, window);
      if (!Number.isNaN(s)) return s / 2;
    }
    return halfSpreadBps * 1e-4;
  }

  /**
   * Corwin-Schultz relative spread over the consecutive pairs (j−1, j) with j in the window before bar
   * i; NaN when the window holds no pair (bar 0 and 1, or gaps only).
   */
  spread(i: number, window: number): number {
    if (i <= 1) return Number.NaN;
    const t = this.terms!;
    // pair index j (second bar of the pair) runs over [max(1, i − window), i)
    const from = Math.max(1, i - window);
    t.ensure(from, i);
    const c = t.csPairs.sum(from, i);
    if (c <= 0) return Number.NaN;
    return t.cs.sum(from, i) / c;
  }

  /**
   * Abdi-Ranaldo relative spread over the same pairs: √max(4·mean[(c_{j−1} − η_{j−1})(c_{j−1} − η_j)], 0)
   * with c the log close and η the log mid-range (Abdi & Ranaldo 2017, eq. 10); NaN when no pair.
   */
  spreadAbdiRanaldo(i: number, window: number): number {
    if (i <= 1) return Number.NaN;
    const t = this.terms!;
    const from = Math.max(1, i - window);
    t.ensure(from, i);
    const c = t.csPairs.sum(from, i);
    if (c <= 0) return Number.NaN;
    const m = (4 * t.abdiRanaldo(from, i).sum(from, i)) / c;
    return m > 0 ? Math.sqrt(m) : 0;
  }
}
