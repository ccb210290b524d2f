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
 * Limitations: equal weight for every day (no decay), no weekday/weekend split; buckets shorter
 * than the bar interval get the volume of the bar that opens in them only.
 */
import { ExecsimError } from "../core/errors.js";
import { DAY_MS } from "../core/interval.js";
import type { CandleSeries } from "../core/market-types.js";

export function volumeProfileBefore(series: CandleSeries, endIndex: number, bucketMs: number): Float64Array {
  if (!(Number.isInteger(bucketMs) && bucketMs > 0 && DAY_MS % bucketMs === 0)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `volume profile bucket must be a whole number of ms that divides a day (e.g. 60000, 3600000), got ${bucketMs}`,
    );
  }
  const k = DAY_MS / bucketMs;
  const sum = new Float64Array(k);
  const count = new Float64Array(k);
  let total = 0;
  let n = 0;
  const end = Math.min(endIndex, series.length);
  for (let i = 0; i < end; i++) {
    const v = series.volume[i]!;
    if (!Number.isFinite(v)) continue;
    const tod = (((series.openTimeMs[i]! % DAY_MS) + DAY_MS) % DAY_MS) / bucketMs;
    const b = Math.floor(tod);
    sum[b]! += v;
    count[b]! += 1;
    total += v;
    n++;
  }
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
