/**
 * Intraday volume profile for the MarketView, estimated from bars before a cut-off index.
 *
 * Formula: bucket k covers time of day [k·b, (k+1)·b) UTC for bucket length b (ms, dividing a day).
 * m_k = mean volume of the bars whose open time falls in bucket k; profile_k = m_k / Σ_j m_j.
 * Using the mean per bar (not the total) keeps the estimate unbiased when the history starts or
 * ends mid-day or has gaps. A bucket with no observation gets the mean of all observed bars.
 * Units: fractions summing to 1. With no usable history (no bars or zero total volume) the
 * profile is uniform.
 *
 * Cost: `volumeProfileBefore` scans the bars before the cut-off (O(n)); `VolumeProfileSums` keeps the
 * per-bucket sums running as the cut-off moves forward, so a batch of parents in time order costs one
 * pass over the series plus O(buckets) per parent. Both add the same terms in the same order, so they
 * return the same bits.
 *
 * Limitations: equal weight for every day (no decay), no weekday/weekend split; buckets shorter
 * than the bar interval get the volume of the bar that opens in them only.
 */
import { ExecsimError } from "../core/errors.js";
import { DAY_MS } from "../core/interval.js";
import type { CandleSeries } from "../core/market-types.js";

/** Running per-bucket sums over bars [0, end) of one series, for one bucket length. */
export class VolumeProfileSums {
  private readonly sum: Float64Array;
  private readonly count: Float64Array;
  private total = 0;
  private n = 0;
  /** Bars folded in so far: [0, end). */
  private end = 0;
  /** Bars read from the series since construction (a work count, for tests). */
  barsVisited = 0;

  constructor(
    readonly series: CandleSeries,
    readonly bucketMs: number,
  ) {
    if (!(Number.isInteger(bucketMs) && bucketMs > 0 && DAY_MS % bucketMs === 0)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `volume profile bucket must be a whole number of ms that divides a day (e.g. 60000, 3600000), got ${bucketMs}`,
      );
    }
    const k = DAY_MS / bucketMs;
    this.sum = new Float64Array(k);
    this.count = new Float64Array(k);
  }

  /**
   * The profile of bars [0, endIndex). Moving the cut-off forward folds in only the new bars; moving
   * it back starts again from bar 0 (parents are usually in time order).
   */
  profileBefore(endIndex: number): Float64Array {
    const end = Math.max(0, Math.min(endIndex, this.series.length));
    if (end < this.end) {
      this.sum.fill(0);
      this.count.fill(0);
      this.total = 0;
      this.n = 0;
      this.end = 0;
    }
    const { volume, openTimeMs } = this.series;
    const { sum, count, bucketMs } = this;
    let total = this.total;
    let n = this.n;
    for (let i = this.end; i < end; i++) {
      const v = volume[i]!;
      if (!Number.isFinite(v)) continue;
      const b = Math.floor((((openTimeMs[i]! % DAY_MS) + DAY_MS) % DAY_MS) / bucketMs);
      sum[b]! += v;
      count[b]! += 1;
      total += v;
      n++;
    }
    this.barsVisited += end - this.end;
    this.total = total;
    this.n = n;
    this.end = end;
    return normalizedProfile(sum, count, total, n);
  }
}

export function volumeProfileBefore(series: CandleSeries, endIndex: number, bucketMs: number): Float64Array {
  return new VolumeProfileSums(series, bucketMs).profileBefore(endIndex);
}

/** profile_k = m_k / Σ_j m_j from per-bucket sums and counts (uniform without usable history). */
function normalizedProfile(sum: Float64Array, count: Float64Array, total: number, n: number): Float64Array {
  const k = sum.length;
  const out = new Float64Array(k);
  if (n === 0 || !(total > 0)) {
    out.fill(1 / k);
    return out;
  }
  const fallback = total / n;
  let norm = 0;
  for (let b = 0; b < k; b++) {
    const c = count[b]!;
    const m = c > 0 ? sum[b]! / c : fallback;
    out[b] = m;
    norm += m;
  }
  for (let b = 0; b < k; b++) out[b]! /= norm;
  return out;
}
