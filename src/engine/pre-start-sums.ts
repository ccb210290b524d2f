/**
 * SeriesPrefixSums: running sums over one candle series for the estimators strategies run on the bars
 * before a parent's start (IS and adaptive plan once per parent from all the history before it), so a
 * batch of parents over a month costs one pass over the series instead of one pass per parent.
 *
 * For the first n bars (the view's `preStartHistory()`, which always starts at bar 0):
 *   dailyVolatility(n) = realizedVolatility(bars [0, n)).daily
 *                      = sqrt(Σ_{i=1..n−1} r_i² / Σ_{i=1..n−1} k_i) · sqrt(bars per day),
 *                        r_i = ln(C_i / C_{i−1}), k_i = max(1, round(Δt_i / interval))
 *   advBase(n)         = Σ_{i<n} volume_i / days(bars [0, n))
 * (realized-volatility.ts, daily-volume.ts). The prefix sums add the same terms in the same order from
 * zero as those functions do, so the values are bit for bit the same; every case in which they throw
 * (too few bars, a non-finite result, less than a day) is handed to them, so the errors are the same.
 *
 * It also keeps the intraday volume profile's per-bucket sums (volume-profile.ts, VolumeProfileSums) for
 * `market.volumeProfile()`, so VWAP's profile costs O(buckets) per parent instead of a rescan of every
 * earlier bar.
 *
 * Lifetime: one per simulate() call (the series is not changed while it runs); sums are built lazily up
 * to the longest history asked for, O(1) amortised per bar. Units: as in the two estimators.
 */
import type { CandleSeries } from "../core/market-types.js";
import { sliceSeries } from "../core/market-types.js";
import { averageDailyVolume, MIN_DAYS_FOR_DAILY_AVERAGES } from "../market/stats/daily-volume.js";
import { MIN_RETURNS_FOR_VOLATILITY, realizedVolatility } from "../market/stats/realized-volatility.js";
import { barsPerDay, spanDays } from "../market/stats/stats-common.js";
import { VolumeProfileSums } from "./volume-profile.js";

export class SeriesPrefixSums {
  /** sq[m] = Σ_{i=1..m} r_i²; span[m] = Σ_{i=1..m} k_i (returns up to bar m). */
  private sq: Float64Array = new Float64Array(0);
  private span: Float64Array = new Float64Array(0);
  /** vol[m] = Σ_{i<m} volume_i. */
  private vol: Float64Array = new Float64Array(0);
  /** Bars covered: sq/span hold indices < built, vol indices <= built. */
  private built = 0;
  /** Running intraday volume profiles, one per bucket length asked for. */
  private readonly profiles = new Map<number, VolumeProfileSums>();

  constructor(readonly series: CandleSeries) {}

  private ensure(n: number): void {
    if (n <= this.built) return;
    const s = this.series;
    if (this.vol.length < n + 1) {
      const cap = Math.min(Math.max(n + 1, 2 * this.vol.length), s.length + 1);
      const grow = (a: Float64Array): Float64Array => {
        const out = new Float64Array(cap);
        out.set(a);
        return out;
      };
      this.sq = grow(this.sq);
      this.span = grow(this.span);
      this.vol = grow(this.vol);
    }
    const { close, openTimeMs, volume, intervalMs } = s;
    const sq = this.sq;
    const span = this.span;
    const vol = this.vol;
    for (let m = this.built; m < n; m++) {
      vol[m + 1] = vol[m]! + volume[m]!;
      if (m === 0) {
        sq[0] = 0;
        span[0] = 0;
      } else {
        const r = Math.log(close[m]! / close[m - 1]!);
        sq[m] = sq[m - 1]! + r * r;
        span[m] = span[m - 1]! + Math.max(1, Math.round((openTimeMs[m]! - openTimeMs[m - 1]!) / intervalMs));
      }
    }
    this.built = n;
  }

  /** realizedVolatility(first n bars).daily (throws exactly as it does). */
  dailyVolatility(n: number): number {
    if (n - 1 < MIN_RETURNS_FOR_VOLATILITY || n > this.series.length)
      return realizedVolatility(sliceSeries(this.series, 0, n)).daily;
    this.ensure(n);
    const perBar = Math.sqrt(this.sq[n - 1]! / this.span[n - 1]!);
    if (!Number.isFinite(perBar)) return realizedVolatility(sliceSeries(this.series, 0, n)).daily;
    return perBar * Math.sqrt(barsPerDay(this.series));
  }

  /** averageDailyVolume(first n bars).volumeBase (throws exactly as it does). */
  advBase(n: number): number {
    const head = sliceSeries(this.series, 0, Math.min(Math.max(n, 0), this.series.length));
    const days = spanDays(head);
    if (head.length === 0 || days < MIN_DAYS_FOR_DAILY_AVERAGES) return averageDailyVolume(head).volumeBase;
    this.ensure(head.length);
    return this.vol[head.length]! / days;
  }

  /** volumeProfileBefore(series, n, bucketMs) from running per-bucket sums (same bits). */
  volumeProfile(n: number, bucketMs: number): Float64Array {
    let p = this.profiles.get(bucketMs);
    if (p === undefined) {
      p = new VolumeProfileSums(this.series, bucketMs);
      this.profiles.set(bucketMs, p);
    }
    return p.profileBefore(n);
  }
}
