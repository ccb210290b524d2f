/**
 * The historical mid inside a bar: a deterministic, piecewise-linear path through the bar's open,
 * high, low and close.
 *
 * Construction. A candle tells where the price started (O), where it ended (C) and the extremes it
 * reached (H, L), not when. We visit the extremes in the order that fits the bar's direction:
 *   close ≥ open (up bar):   O → L → H → C
 *   close < open (down bar): O → H → L → C
 * (an up bar dips first and finishes near its high; a down bar does the reverse), and move at a constant
 * speed in price: each leg takes a share of the bar's duration proportional to its length |Δprice|, so
 * the total path length |O−L| + |L−H| + |H−C| (up bar) is covered uniformly in time. A flat bar
 * (O = H = L = C) is constant. The waypoints are reached exactly, so the path's range is [L, H].
 *
 *   mid(t) = linear interpolation of the waypoints at f = (t − openTimeMs) / intervalMs, f ∈ [0, 1]
 *
 * Units: prices in quote per base, times in epoch ms UTC, a bar covering [openTimeMs, openTimeMs +
 * intervalMs). Times after a bar's end and before the next bar's open (a gap in the data) read the
 * bar's close; times before the first bar read its open.
 *
 * Source: the "OHLC path" convention of bar-replay backtesters (the sequence rule above is the usual
 * heuristic for daily bars without intrabar data). Limitations: the true intrabar path is unknown; this
 * one has no noise, visits each extreme once, and its constant speed understates how long prices sit
 * near the extremes. Only the bar containing t is read, never a later one (no look-ahead).
 */
import type { CandleSeries } from "../core/market-types.js";

/**
 * Mid at fraction f ∈ [0, 1] of a bar with the given OHLC (values of f outside are clamped).
 * Allocation-free.
 */
export function ohlcPathMid(open: number, high: number, low: number, close: number, f: number): number {
  if (!(f > 0)) return open;
  if (f >= 1) return close;
  const up = close >= open;
  const w1 = up ? low : high;
  const w2 = up ? high : low;
  const d1 = Math.abs(w1 - open);
  const d2 = Math.abs(w2 - w1);
  const d3 = Math.abs(close - w2);
  const total = d1 + d2 + d3;
  if (total === 0) return open;
  let s = f * total;
  if (s <= d1) return d1 === 0 ? w1 : open + ((w1 - open) * s) / d1;
  s -= d1;
  if (s <= d2) return d2 === 0 ? w2 : w1 + ((w2 - w1) * s) / d2;
  s -= d2;
  return d3 === 0 ? close : w2 + ((close - w2) * s) / d3;
}

/** Historical mid of bar `i` at time `timeMs` (clamped to the bar: before → open, after → close). */
export function subBarMid(series: CandleSeries, i: number, timeMs: number): number {
  const f = (timeMs - series.openTimeMs[i]!) / series.intervalMs;
  return ohlcPathMid(series.open[i]!, series.high[i]!, series.low[i]!, series.close[i]!, f);
}

/**
 * Index of the bar that contains `timeMs` or, in a gap, the last bar that opened at or before it;
 * −1 before the first bar. Binary search, O(log n).
 */
export function barIndexAt(series: CandleSeries, timeMs: number): number {
  const t = series.openTimeMs;
  let lo = 0;
  let hi = series.length - 1;
  if (hi < 0 || timeMs < t[0]!) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t[mid]! <= timeMs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A forward-only cursor over a series: `advanceTo` with non-decreasing times moves it in O(1) to the
 * next bar and by binary search further ahead, and `mid()` reads the sub-bar path at the current
 * time. Shared by every venue.
 */
export class SubBarClock {
  private s: CandleSeries | undefined;
  /** Current bar index (−1 before the first bar). */
  bar = -1;
  /** Current time (−Infinity until the first advanceTo). */
  timeMs = Number.NEGATIVE_INFINITY;

  reset(series: CandleSeries): void {
    this.s = series;
    this.bar = -1;
    this.timeMs = Number.NEGATIVE_INFINITY;
  }

  get series(): CandleSeries | undefined {
    return this.s;
  }

  /** Move to `timeMs` (must not go back; the caller checks). Returns true when the bar changed. */
  advanceTo(timeMs: number): boolean {
    const s = this.s!;
    this.timeMs = timeMs;
    const before = this.bar;
    const t = s.openTimeMs;
    const n = s.length;
    let b = this.bar;
    if (b + 1 < n && t[b + 1]! <= timeMs) {
      // usually the next bar; a jump further ahead is a binary search
      b = b + 2 < n && t[b + 2]! <= timeMs ? barIndexAt(s, timeMs) : b + 1;
    }
    this.bar = b;
    return b !== before;
  }

  /** Bar whose data the venue may use now: the current bar, or bar 0 before the series starts. */
  dataBar(): number {
    return Math.max(this.bar, 0);
  }

  /** Historical mid now (open of bar 0 before the series starts). */
  mid(): number {
    const s = this.s!;
    if (this.bar < 0) return s.open[0]!;
    return subBarMid(s, this.bar, this.timeMs);
  }
}
