/**
 * Realized volatility from close-to-close log returns.
 *
 * Formula: r_i = ln(C_i / C_{i-1}) for consecutive stored bars. Where bars are missing between two
 * stored bars, the return spans k = Δt / interval bars and counts as k bars of variance, so
 *   σ²_bar = Σ r_i² / Σ k_i          (realized variance per bar, zero-mean convention)
 *   σ_day  = σ_bar · √(bars per day),   σ_year = σ_day · √365   (crypto trades 365 days a year).
 * Units: fractions of price (0.55 = 55 %). The mean is not subtracted: at intraday frequencies the
 * drift is negligible against the noise and the realized-variance literature (Andersen, Bollerslev,
 * Diebold & Labys 2003) uses raw squared returns; over long daily samples with a strong trend this
 * overstates volatility by the squared mean return.
 * Limitations: close-to-close only (no range-based estimator); a bid-ask bounce in the closes adds
 * about s²/2 of variance per bar (s = relative spread).
 */
import type { CandleSeries } from "../../core/market-types.js";
import { barsPerDay, insufficient, requireFiniteResult } from "./stats-common.js";

export interface RealizedVolatility {
  /** Volatility of one bar's log return (fraction). */
  perBar: number;
  /** Per UTC day: perBar · √(bars per day). */
  daily: number;
  /** Per 365-day year: daily · √365. */
  annualized: number;
  /** Number of log returns used. */
  nReturns: number;
  /** Number of bar-lengths those returns span (= nReturns when no bars are missing). */
  nBarsSpanned: number;
}

/** Minimum number of returns (bars − 1) for a volatility estimate. */
export const MIN_RETURNS_FOR_VOLATILITY = 2;

export function realizedVolatility(series: CandleSeries): RealizedVolatility {
  const n = series.length;
  if (n - 1 < MIN_RETURNS_FOR_VOLATILITY) {
    throw insufficient(series, "realized volatility", `at least ${MIN_RETURNS_FOR_VOLATILITY + 1} bars`);
  }
  const { close, openTimeMs, intervalMs } = series;
  let sumSq = 0;
  let spanned = 0;
  for (let i = 1; i < n; i++) {
    const r = Math.log(close[i]! / close[i - 1]!);
    sumSq += r * r;
    spanned += Math.max(1, Math.round((openTimeMs[i]! - openTimeMs[i - 1]!) / intervalMs));
  }
  const perBar = Math.sqrt(sumSq / spanned);
  requireFiniteResult(series, "realized volatility", perBar);
  const daily = perBar * Math.sqrt(barsPerDay(series));
  return { perBar, daily, annualized: daily * Math.sqrt(365), nReturns: n - 1, nBarsSpanned: spanned };
}
