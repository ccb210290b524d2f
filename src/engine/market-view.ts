/**
 * The read-only market view a strategy gets: bars of the candle series bounded by the simulated
 * clock, plus the venue's observed mid and half-spread. The run loop moves `length` forward as bars
 * close; every accessor rejects an index ≥ length, so a strategy cannot read a bar that has not
 * closed yet (a bar with open time t closes at t + intervalMs).
 */
import { ExecsimError } from "../core/errors.js";
import { DAY_MS, isoUtc } from "../core/interval.js";
import { type CandleSeries, sliceSeries } from "../core/market-types.js";
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

export class BoundedMarketView implements MarketView {
  readonly symbol: string;
  readonly intervalMs: number;
  /** Number of bars closed at or before the clock. Written by the run loop only. */
  length = 0;
  private readonly profiles = new Map<number, Float64Array>();

  constructor(
    private readonly series: CandleSeries,
    /** Number of bars closed at or before the parent's start. */
    private readonly preStartLength: number,
    private readonly clock: ViewClock,
    /** Running sums over `series` shared by the runs of one simulate() call (optional). */
    private readonly sums?: SeriesPrefixSums,
  ) {
    this.symbol = series.symbol;
    this.intervalMs = series.intervalMs;
  }

  private check(i: number): number {
    if (!(i >= 0 && i < this.length && Number.isInteger(i))) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `market bar index ${i} is not available at ${isoUtc(this.clock.now)}: only bars 0..${this.length - 1} have closed (use market.length; future bars cannot be read)`,
      );
    }
    return i;
  }

  openTimeMs(i: number): number {
    return this.series.openTimeMs[this.check(i)]!;
  }
  closeTimeMs(i: number): number {
    return this.series.openTimeMs[this.check(i)]! + this.intervalMs;
  }
  open(i: number): number {
    return this.series.open[this.check(i)]!;
  }
  high(i: number): number {
    return this.series.high[this.check(i)]!;
  }
  low(i: number): number {
    return this.series.low[this.check(i)]!;
  }
  close(i: number): number {
    return this.series.close[this.check(i)]!;
  }
  volume(i: number): number {
    return this.series.volume[this.check(i)]!;
  }
  turnover(i: number): number {
    return this.series.turnover[this.check(i)]!;
  }

  lastClose(): number {
    return this.length > 0 ? this.series.close[this.length - 1]! : Number.NaN;
  }

  barsSince(ms: number): number {
    // First closed index with open time ≥ ms (binary search over [0, length)).
    let lo = 0;
    let hi = this.length;
    const t = this.series.openTimeMs;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid]! < ms) lo = mid + 1;
      else hi = mid;
    }
    return this.length - lo;
  }

  history(): CandleSeries {
    return sliceSeries(this.series, 0, this.length);
  }

  preStartHistory(): CandleSeries {
    return sliceSeries(this.series, 0, this.preStartLength);
  }

  /**
   * The pre-start history's daily realized volatility and ADV from the run's running sums (the same
   * numbers as computing them on `preStartHistory()`), or undefined when the view has none. Engine
   * use (Almgren-Chriss planning), not part of the strategy-facing MarketView.
   */
  preStartEstimates(): HistoryEstimates | undefined {
    const sums = this.sums;
    if (sums === undefined || sums.series !== this.series) return undefined;
    const n = this.preStartLength;
    return { dailyVolatility: () => sums.dailyVolatility(n), advBase: () => sums.advBase(n) };
  }

  volumeProfile(bucketMs: number = this.intervalMs): Float64Array {
    const b = Math.min(bucketMs, DAY_MS);
    let p = this.profiles.get(b);
    if (!p) {
      const sums = this.sums;
      p =
        sums !== undefined && sums.series === this.series
          ? sums.volumeProfile(this.preStartLength, b)
          : volumeProfileBefore(this.series, this.preStartLength, b);
      this.profiles.set(b, p);
    }
    // A copy, so a strategy that scales it in place cannot change what the next call returns.
    return p.slice();
  }

  mid(): number {
    return this.clock.venueMid();
  }

  halfSpread(): number {
    return this.clock.venueHalfSpread();
  }
}
