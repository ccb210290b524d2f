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
 * Lifetime: one per simulate() call (the series is not changed while it runs); the sums run forward to
 * the longest history asked for, O(1) amortised per bar, and the values at each n asked for are kept
 * (three numbers per parent, not arrays over the series). Units: as in the two estimators.
 */
import type { CandleSeries } from "../core/market-types.js";
import { sliceSeries } from "../core/market-types.js";
import { averageDailyVolume, MIN_DAYS_FOR_DAILY_AVERAGES } from "../market/stats/daily-volume.js";
import { MIN_RETURNS_FOR_VOLATILITY, realizedVolatility } from "../market/stats/realized-volatility.js";
import { barsPerDay, spanDays } from "../market/stats/stats-common.js";
import { VolumeProfileSums } from "./volume-profile.js";

export class SeriesPrefixSums {
  /**
   * Running sums after bars [0, k): sq = Σ_{i=1..k−1} r_i², span = Σ_{i=1..k−1} k_i, vol = Σ_{i<k} volume_i.
   * Kept as three numbers (not arrays over the series) and remembered for every n asked for, so memory
   * does not grow with the series and later strategies on the same parents read the remembered values.
   */
  private k = 0;
  private sqAcc = 0;
  private spanAcc = 0;
  private volAcc = 0;
  private readonly atN = new Map<number, readonly [sq: number, span: number, vol: number]>();
  /** Running intraday volume profiles, one per bucket length asked for. */
  private readonly profiles = new Map<number, VolumeProfileSums>();

  constructor(readonly series: CandleSeries) {}

  /** [Σ r², Σ k, Σ volume] over the first n bars (n <= series length). */
  private sumsAt(n: number): readonly [number, number, number] {
    const known = this.atN.get(n);
    if (known !== undefined) return known;
    if (n < this.k) {
      // asked for less history than already summed: start again from bar 0 (parents come in time order)
      this.k = 0;
      this.sqAcc = 0;
      this.spanAcc = 0;
      this.volAcc = 0;
    }
    const { close, openTimeMs, volume, intervalMs } = this.series;
    let sq = this.sqAcc;
    let span = this.spanAcc;
    let vol = this.volAcc;
    for (let m = this.k; m < n; m++) {
      vol = vol + volume[m]!;
      if (m > 0) {
        const r = Math.log(close[m]! / close[m - 1]!);
        sq = sq + r * r;
        span = span + Math.max(1, Math.round((openTimeMs[m]! - openTimeMs[m - 1]!) / intervalMs));
      }
    }
    this.k = n;
    this.sqAcc = sq;
    this.spanAcc = span;
    this.volAcc = vol;
    const out = [sq, span, vol] as const;
    this.atN.set(n, out);
    return out;
  }

  /** realizedVolatility(first n bars).daily (throws exactly as it does). */
  dailyVolatility(n: number): number {
    if (n - 1 < MIN_RETURNS_FOR_VOLATILITY || n > this.series.length)
      return realizedVolatility(sliceSeries(this.series, 0, n)).daily;
    const [sq, span] = this.sumsAt(n);
    const perBar = Math.sqrt(sq / span);
    if (!Number.isFinite(perBar)) return realizedVolatility(sliceSeries(this.series, 0, n)).daily;
    return perBar * Math.sqrt(barsPerDay(this.series));
  }

  /** averageDailyVolume(first n bars).volumeBase (throws exactly as it does). */
  advBase(n: number): number {
    const head = sliceSeries(this.series, 0, Math.min(Math.max(n, 0), this.series.length));
    const days = spanDays(head);
    if (head.length === 0 || days < MIN_DAYS_FOR_DAILY_AVERAGES) return averageDailyVolume(head).volumeBase;
    return this.sumsAt(head.length)[2] / days;
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
