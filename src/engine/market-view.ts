/**
 * The read-only market view a strategy gets: bars of the candle series bounded by the simulated
 * clock, plus the venue's observed mid and half-spread. The run loop moves the closed-bar count
 * forward as bars close; every accessor rejects an index ≥ length, so a strategy cannot read a bar
 * that has not closed yet (a bar with open time t closes at t + intervalMs).
 *
 * Isolation (the strategy may be careless or hostile): the series, the clock and the closed-bar
 * count live in true private fields (`#series`, `#clock`, `#cursor`), unreachable from outside the
 * class (not through the object, its prototype or reflection); `length` is a getter, so a strategy
 * cannot move it. Nothing hands out the engine's buffers: `history()` and `preStartHistory()` return
 * COPIES of the window asked for (O(bars) each call; `history(n)` copies only the last n bars), and
 * `volumeProfile()` a copy of the cached profile. Writing into what a strategy got changes nothing
 * the engine, the venue, the TCA or another strategy reads. The view object itself is frozen.
 */
import { ExecsimError } from "../core/errors.js";
import { DAY_MS, isoUtc } from "../core/interval.js";
import type { CandleSeries } from "../core/market-types.js";
import type { HistoryEstimates } from "./ac-market-params.js";
import type { SeriesPrefixSums } from "./pre-start-sums.js";
import type { MarketView } from "./strategy-api.js";
import { volumeProfileBefore } from "./volume-profile.js";

/** What the view needs from the run: the clock and a venue synchronised to it. */
export interface ViewClock {
  readonly now: number;
  /** Advance the venue to `now` if it is behind, and return it. */
  venueMid(): number;
  venueHalfSpread(): number;
}

/** The run loop's handle on a view: the number of bars closed at or before the clock (engine only). */
export interface ViewCursor {
  length: number;
}

/** A copy of bars [from, to) of `s` (fresh typed arrays: nothing shared with `s`). */
export function copySeriesWindow(s: CandleSeries, from: number, to: number): CandleSeries {
  return {
    symbol: s.symbol,
    category: s.category,
    interval: s.interval,
    intervalMs: s.intervalMs,
    length: Math.max(0, to - from),
    openTimeMs: s.openTimeMs.slice(from, to),
    open: s.open.slice(from, to),
    high: s.high.slice(from, to),
    low: s.low.slice(from, to),
    close: s.close.slice(from, to),
    volume: s.volume.slice(from, to),
    turnover: s.turnover.slice(from, to),
  };
}

export class BoundedMarketView implements MarketView {
  readonly symbol: string;
  readonly intervalMs: number;
  readonly #series: CandleSeries;
  /** Number of bars closed at or before the parent's start. */
  readonly #preStartLength: number;
  readonly #clock: ViewClock;
  readonly #cursor: ViewCursor;
  /** Running sums over the series shared by the runs of one simulate() call (optional). */
  readonly #sums: SeriesPrefixSums | undefined;
  readonly #profiles = new Map<number, Float64Array>();

  constructor(
    series: CandleSeries,
    preStartLength: number,
    clock: ViewClock,
    cursor: ViewCursor,
    sums?: SeriesPrefixSums,
  ) {
    this.#series = series;
    this.#preStartLength = preStartLength;
    this.#clock = clock;
    this.#cursor = cursor;
    this.#sums = sums;
    this.symbol = series.symbol;
    this.intervalMs = series.intervalMs;
    Object.freeze(this);
  }

  /** Number of bars closed at or before now (moved by the run loop only). */
  get length(): number {
    return this.#cursor.length;
  }

  #check(i: number): number {
    if (!(i >= 0 && i < this.#cursor.length && Number.isInteger(i))) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `market bar index ${i} is not available at ${isoUtc(this.#clock.now)}: only bars 0..${this.#cursor.length - 1} have closed (use market.length; future bars cannot be read)`,
      );
    }
    return i;
  }

  openTimeMs(i: number): number {
    return this.#series.openTimeMs[this.#check(i)]!;
  }
  closeTimeMs(i: number): number {
    return this.#series.openTimeMs[this.#check(i)]! + this.intervalMs;
  }
  open(i: number): number {
    return this.#series.open[this.#check(i)]!;
  }
  high(i: number): number {
    return this.#series.high[this.#check(i)]!;
  }
  low(i: number): number {
    return this.#series.low[this.#check(i)]!;
  }
  close(i: number): number {
    return this.#series.close[this.#check(i)]!;
  }
  volume(i: number): number {
    return this.#series.volume[this.#check(i)]!;
  }
  turnover(i: number): number {
    return this.#series.turnover[this.#check(i)]!;
  }

  lastClose(): number {
    const n = this.#cursor.length;
    return n > 0 ? this.#series.close[n - 1]! : Number.NaN;
  }

  barsSince(ms: number): number {
    // First closed index with open time ≥ ms (binary search over [0, length)).
    const n = this.#cursor.length;
    let lo = 0;
    let hi = n;
    const t = this.#series.openTimeMs;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid]! < ms) lo = mid + 1;
      else hi = mid;
    }
    return n - lo;
  }

  history(lastBars?: number): CandleSeries {
    const n = this.#cursor.length;
    if (lastBars === undefined) return copySeriesWindow(this.#series, 0, n);
    if (!(Number.isInteger(lastBars) && lastBars >= 0)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `market.history(lastBars) needs a whole number of bars >= 0 (or nothing for all closed bars), got ${lastBars}`,
      );
    }
    return copySeriesWindow(this.#series, Math.max(0, n - lastBars), n);
  }

  preStartHistory(): CandleSeries {
    return copySeriesWindow(this.#series, 0, this.#preStartLength);
  }

  /**
   * The pre-start history's daily realized volatility and ADV from the run's running sums (the same
   * numbers as computing them on `preStartHistory()`), or undefined when the view has none. Engine
   * use (Almgren-Chriss planning), not part of the strategy-facing MarketView; it reveals only
   * figures of bars closed before the start.
   */
  preStartEstimates(): HistoryEstimates | undefined {
    const sums = this.#sums;
    if (sums === undefined || sums.series !== this.#series) return undefined;
    const n = this.#preStartLength;
    return { dailyVolatility: () => sums.dailyVolatility(n), advBase: () => sums.advBase(n) };
  }

  volumeProfile(bucketMs: number = this.intervalMs): Float64Array {
    const b = Math.min(bucketMs, DAY_MS);
    let p = this.#profiles.get(b);
    if (!p) {
      const sums = this.#sums;
      p =
        sums !== undefined && sums.series === this.#series
          ? sums.volumeProfile(this.#preStartLength, b)
          : volumeProfileBefore(this.#series, this.#preStartLength, b);
      this.#profiles.set(b, p);
    }
    // A copy, so a strategy that scales it in place cannot change what the next call returns.
    return p.slice();
  }

  mid(): number {
    return this.#clock.venueMid();
  }

  halfSpread(): number {
    return this.#clock.venueHalfSpread();
  }
}
// Shared by every run: a strategy must not be able to redefine what other strategies' views return.
Object.freeze(BoundedMarketView.prototype);
