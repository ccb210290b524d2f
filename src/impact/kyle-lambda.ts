/**
 * Kyle's λ: the price response to signed order flow, estimated by OLS.
 *
 *   Δp_t = c + λ · q_t + e_t          λ in price units per base unit of signed volume
 *
 * SE(λ) = √(s² / Σ(q − q̄)²) with s² = RSS/(n − 2); R² of the fit; n points used.
 *
 * From candles, signed volume is not observed. `kyleLambdaFromCandles` uses the bar-level proxy
 * q_t = sign(close_t − open_t) · volume_t and Δp_t = close_t − open_t (a bar with close = open has
 * q_t = 0 and Δp_t = 0 and is kept). Known bias of this proxy: the sign is taken from the same price
 * change that is regressed on it, so λ > 0 by construction and it is overstated: with Δp independent
 * of volume (no impact at all) cov(q, Δp) = E|Δp|·E[v] > 0 and λ̂ → E|Δp|·E[v] / Var(q). Treat it as
 * an upper bound or a relative liquidity measure; with trade data, use `kyleLambda` on true signed
 * volume.
 * Source: A. S. Kyle, "Continuous auctions and insider trading", Econometrica 53(6), 1985; the
 * regression form as in Hasbrouck (2009), "Trading costs and returns for U.S. equities".
 * Limitations: linear, constant λ; no intercept restriction; heteroscedastic errors make the SE
 * optimistic for heavy-tailed returns.
 */
import { ExecsimError } from "../core/errors.js";
import type { CandleSeries } from "../core/market-types.js";

export interface KyleLambdaPoint {
  /** Price change over the period (price units). */
  dp: number;
  /** Signed volume over the period: > 0 net buying (base units). */
  signedVolume: number;
}

export interface KyleLambdaEstimate {
  /** λ, price units per unit of signed volume. */
  lambda: number;
  lambdaSE: number;
  /** t-statistic λ / SE. */
  tStat: number;
  /** Intercept c (price units). */
  intercept: number;
  r2: number;
  /** Points used. */
  n: number;
  /** Points with a non-finite field, excluded. */
  excluded: number;
}

/** OLS of Δp on signed volume with an intercept. Needs 3 points and some variation in signed volume. */
export function kyleLambda(points: readonly KyleLambdaPoint[]): KyleLambdaEstimate {
  const n0 = points.length;
  const qs = new Float64Array(n0);
  const ps = new Float64Array(n0);
  let n = 0;
  for (const p of points) {
    if (Number.isFinite(p.dp) && Number.isFinite(p.signedVolume)) {
      qs[n] = p.signedVolume;
      ps[n] = p.dp;
      n++;
    }
  }
  return olsFit(qs, ps, n, n0 - n);
}

function olsFit(qs: Float64Array, ps: Float64Array, n: number, excluded: number): KyleLambdaEstimate {
  if (n < 3) {
    throw new ExecsimError(
      "INSUFFICIENT_DATA",
      `Kyle's lambda needs at least 3 (price change, signed volume) points, got ${n} (${excluded} excluded as non-finite); supply more bars or trades`,
    );
  }
  let mq = 0;
  let mp = 0;
  for (let i = 0; i < n; i++) {
    mq += qs[i]!;
    mp += ps[i]!;
  }
  mq /= n;
  mp /= n;
  let sqq = 0;
  let sqp = 0;
  let spp = 0;
  for (let i = 0; i < n; i++) {
    const dq = qs[i]! - mq;
    const dpp = ps[i]! - mp;
    sqq += dq * dq;
    sqp += dq * dpp;
    spp += dpp * dpp;
  }
  if (!(sqq > 0)) {
    throw new ExecsimError(
      "INSUFFICIENT_DATA",
      "Kyle's lambda is not identified: signed volume does not vary across the points; supply periods with different order flow",
    );
  }
  const lambda = sqp / sqq;
  const rss = Math.max(0, spp - lambda * sqp);
  const s2 = rss / (n - 2);
  const lambdaSE = Math.sqrt(s2 / sqq);
  return {
    lambda,
    lambdaSE,
    tStat: lambdaSE > 0 ? lambda / lambdaSE : lambda === 0 ? 0 : Math.sign(lambda) * Number.POSITIVE_INFINITY,
    intercept: mp - lambda * mq,
    r2: spp > 0 ? (sqp * sqp) / (sqq * spp) : 1,
    n,
    excluded,
  };
}

/** Kyle's λ from candles with the bar-level proxy q = sign(close − open)·volume, Δp = close − open. */
export function kyleLambdaFromCandles(series: CandleSeries): KyleLambdaEstimate {
  const n0 = series.length;
  const qs = new Float64Array(n0);
  const ps = new Float64Array(n0);
  let n = 0;
  for (let i = 0; i < n0; i++) {
    const dp = series.close[i]! - series.open[i]!;
    const v = series.volume[i]!;
    if (!(Number.isFinite(dp) && Number.isFinite(v))) continue;
    ps[n] = dp;
    qs[n] = Math.sign(dp) * v;
    n++;
  }
  return olsFit(qs, ps, n, n0 - n);
}
