/**
 * VWAP: trade in proportion to the usual intraday volume, so the fills track the market's VWAP.
 *
 * Profile: `market.volumeProfile(bucketMs)`, estimated only from the bars closed at or before the
 * parent's start (share of a UTC day's volume per time-of-day bucket; see
 * src/engine/volume-profile.ts). Let F(t) be the cumulative expected volume share up to time t
 * (whole days count 1, within a bucket the share accrues linearly). On the slice grid
 * t_0 = start < t_1 < … < t_{N−1} (step sliceMs, or the bar interval) with t_N = end, slice k gets
 *   w_k = (F(t_{k+1}) − F(t_k)) / (F(end) − F(start)),   child target after slice k: Q · Σ_{j≤k} w_j
 * (the last target is Q exactly; catch-up as in TWAP). With a flat profile this is TWAP.
 *
 * Parameters (defaults): sliceMs (0 = bar interval), slices (0 = from sliceMs), bucketMs (0 = 15
 * minutes when the bar interval divides 15 minutes, else the bar interval: hourly buckets would make
 * the profile flat inside a typical one-hour parent, i.e. VWAP = TWAP), catchUp (true), limitPrice
 * (0 = none).
 * Limitations: a static profile (no intraday update on realized volume); weekday/weekend and event
 * days are averaged together; the fill price is the venue's, not the market VWAP.
 */
import {
  DAY_MS,
  defineStrategy,
  ExecsimError,
  MINUTE_MS,
  type StrategyContext,
  sliceGrid,
  submitToTarget,
} from "../src/strategy.js";

/** Default profile bucket: 15 minutes, the usual granularity of historical VWAP curves. */
const DEFAULT_BUCKET_MS = 15 * MINUTE_MS;

export interface VwapParams {
  sliceMs: number;
  slices: number;
  bucketMs: number;
  catchUp: boolean;
  limitPrice: number;
}

/** F(t): cumulative expected volume share from the epoch (or any UTC midnight) to t for a daily profile. */
export function cumulativeShare(profile: Float64Array, t: number): number {
  const k = profile.length;
  const bucketMs = DAY_MS / k;
  const day = Math.floor(t / DAY_MS);
  const tod = t - day * DAY_MS;
  const b = Math.min(k - 1, Math.floor(tod / bucketMs));
  let acc = 0;
  for (let j = 0; j < b; j++) acc += profile[j]!;
  acc += (profile[b]! * (tod - b * bucketMs)) / bucketMs;
  return day + acc;
}

/** Slice weights w_k for boundaries t_0..t_N (sum 1; equal weights if the profile is all zero there). */
export function vwapWeights(profile: Float64Array, boundaries: readonly number[]): number[] {
  const n = boundaries.length - 1;
  // Measure from the first boundary's UTC midnight: keeps F small, so differences lose no precision.
  const origin = Math.floor(boundaries[0]! / DAY_MS) * DAY_MS;
  const f = boundaries.map((t) => cumulativeShare(profile, t - origin));
  const total = f[n]! - f[0]!;
  if (!(total > 0)) return new Array<number>(n).fill(1 / n);
  // F is non-decreasing, so a negative difference is rounding (−1 ulp of F over a span with no volume);
  // clamped at 0, and then the weights are renormalised by what is left: when the whole span holds
  // almost no volume, that ulp can be a visible share of `total` (seen: a sum of 1.017)
  const d = Array.from({ length: n }, (_, k) => f[k + 1]! - f[k]!);
  if (d.every((x) => x >= 0)) return d.map((x) => x / total);
  const kept = d.reduce((a, x) => a + Math.max(0, x), 0);
  return d.map((x) => Math.max(0, x) / kept);
}

export const vwap = defineStrategy<VwapParams>({
  name: "vwap",
  description: "slices proportional to the intraday volume profile estimated before the start",
  defaults: { sliceMs: 0, slices: 0, bucketMs: 0, catchUp: true, limitPrice: 0 },
  validate: (p) => {
    if (!(p.bucketMs >= 0 && (p.bucketMs === 0 || DAY_MS % p.bucketMs === 0)))
      throw new ExecsimError(
        "INVALID_CONFIG",
        `vwap bucketMs must divide a day (e.g. 3600000 for hourly buckets) or be 0, got ${p.bucketMs}`,
      );
    if (!(p.limitPrice >= 0))
      throw new ExecsimError(
        "INVALID_CONFIG",
        `vwap limitPrice must be >= 0 (0 = none), got ${p.limitPrice}`,
      );
  },
  create: (p) => {
    let times: readonly number[] = [];
    let cum: number[] = [];
    let k = 0;
    const fire = (ctx: StrategyContext): void => {
      const target = p.catchUp
        ? cum[k]!
        : ctx.parent.filledQtyBase + ctx.parent.pendingQtyBase + (cum[k]! - (k > 0 ? cum[k - 1]! : 0));
      submitToTarget(ctx, target, { tag: `slice-${k}`, limitPrice: p.limitPrice });
      k++;
      if (k < times.length) ctx.setTimer(times[k]!, "vwap");
    };
    return {
      start(ctx) {
        const par = ctx.parent;
        const iMs = ctx.market.intervalMs;
        const grid = sliceGrid(par.startMs, par.horizonMs, {
          sliceMs: p.sliceMs,
          slices: p.slices,
          barIntervalMs: iMs,
        });
        const bucketMs =
          p.bucketMs > 0 ? p.bucketMs : DEFAULT_BUCKET_MS % iMs === 0 ? DEFAULT_BUCKET_MS : iMs;
        const profile = ctx.market.volumeProfile(bucketMs);
        const w = vwapWeights(profile, [...grid.timesMs, par.endMs]);
        let acc = 0;
        cum = w.map((x, i) => {
          acc += x * par.qtyBase;
          return i === w.length - 1 ? par.qtyBase : acc;
        });
        times = grid.timesMs;
        k = 0;
        fire(ctx);
      },
      onTimer(ctx) {
        fire(ctx);
      },
    };
  },
});

export default vwap;
