/**
 * Intraday volume profile: the share of daily volume traded in each time-of-day bucket (UTC).
 *
 * Formula: share_b = Σ_{bars i in bucket b} volume_i / Σ_i volume_i, with bucket
 * b = floor((openTime mod 1 day) / bucketMs); the shares sum to 1. Default bucket: one hour, so 24
 * shares indexed by UTC hour. Units: fractions. This is the volume curve VWAP schedules follow.
 * Limitations: a bar is assigned wholly to the bucket holding its open time, so bucketMs must be a
 * multiple of the bar interval and divide a day; needs at least one full day so that every bucket is
 * observed; days with missing bars weigh their buckets less.
 */
import { ExecsimError } from "../../core/errors.js";
import { DAY_MS, HOUR_MS } from "../../core/interval.js";
import type { CandleSeries } from "../../core/market-types.js";
import { insufficient, spanDays } from "./stats-common.js";

export interface IntradayVolumeProfile {
  bucketMs: number;
  /** shares[b] = share of total volume in bucket b (UTC time of day); sums to 1. */
  shares: Float64Array;
  /** Number of bars that fell into each bucket. */
  bars: Float64Array;
}

export function intradayVolumeProfile(
  series: CandleSeries,
  bucketMs: number = HOUR_MS,
): IntradayVolumeProfile {
  if (!(Number.isInteger(bucketMs) && bucketMs > 0 && DAY_MS % bucketMs === 0)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `intraday profile bucket of ${bucketMs} ms must be a positive whole number of ms that divides one day (e.g. 3600000 for hours)`,
    );
  }
  if (bucketMs % series.intervalMs !== 0) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `intraday profile bucket of ${bucketMs} ms is not a multiple of the ${series.intervalMs} ms bar interval; use a bucket of at least one bar`,
    );
  }
  if (series.length === 0 || spanDays(series) < 1) {
    throw insufficient(series, "the intraday volume profile", "at least one full day of candles");
  }
  const nb = DAY_MS / bucketMs;
  const shares = new Float64Array(nb);
  const bars = new Float64Array(nb);
  let total = 0;
  for (let i = 0; i < series.length; i++) {
    const tod = ((series.openTimeMs[i]! % DAY_MS) + DAY_MS) % DAY_MS;
    const b = Math.floor(tod / bucketMs);
    const v = series.volume[i]!;
    shares[b]! += v;
    bars[b]! += 1;
    total += v;
  }
  if (!(total > 0))
    throw insufficient(series, "the intraday volume profile", "some traded volume (all bars have volume 0)");
  for (let b = 0; b < nb; b++) shares[b]! /= total;
  return { bucketMs, shares, bars };
}
