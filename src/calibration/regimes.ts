/**
 * Volatility regimes: the realized volatility before a parent's start, a rule that splits parents into
 * calm / normal / stressed (terciles; or n quantile groups), and the regime of a volatility.
 *
 *   σ_day(t) = sqrt( Σ r_i² / Σ k_i · bars per day ),   r_i = ln(C_i / C_{i−1})
 * over the bars that opened at or after t − lookback and CLOSED at or before t (no look-ahead: the bar
 * in progress at t is not used); a return across k missing bars counts as k bars of variance, as in
 * market/stats/realized-volatility.ts. Units: fraction per √day.
 * Rule: cuts at the k/n quantiles (k = 1..n−1, linear interpolation between order statistics) of the
 * calibration parents' volatilities; regime i holds σ in [cuts[i−1], cuts[i]) with cuts[−1] = 0 and
 * cuts[n−1] = ∞ (calibrated-model.ts).
 * Source: the hedging seed ("Dynamic Calibration and Regime Awareness": impact rises with volatility,
 * so parameters are fitted per volatility regime). Limitations: one state variable (volatility); the
 * cuts are those of the calibration sample and are not re-estimated as the market changes.
 */
import { ExecsimError } from "../core/errors.js";
import { DAY_MS } from "../core/interval.js";
import type { CandleSeries } from "../core/market-types.js";
import { firstBarAtOrAfter } from "../tca/benchmarks.js";
import type { RegimeRule } from "./calibrated-model.js";

/** Default trailing window of the regime volatility: one day. */
export const DEFAULT_REGIME_LOOKBACK_MS = DAY_MS;

/** Minimum closed bars in the window (two returns). */
const MIN_BARS = 3;

/**
 * Daily realized volatility of the bars closed in [startMs − lookbackMs, startMs] (fraction per √day);
 * NaN when fewer than 3 bars closed in the window.
 */
export function realizedVolBefore(series: CandleSeries, startMs: number, lookbackMs: number): number {
  if (!(lookbackMs > 0)) {
    throw new ExecsimError("INVALID_ARGUMENT", `the volatility lookback must be > 0 ms, got ${lookbackMs}`);
  }
  const I = series.intervalMs;
  const from = firstBarAtOrAfter(series, startMs - lookbackMs);
  // bars closed at or before startMs: open + I <= startMs
  const to = firstBarAtOrAfter(series, startMs - I + 1);
  if (to - from < MIN_BARS) return Number.NaN;
  let sumSq = 0;
  let spanned = 0;
  for (let i = from + 1; i < to; i++) {
    const r = Math.log(series.close[i]! / series.close[i - 1]!);
    sumSq += r * r;
    spanned += Math.max(1, Math.round((series.openTimeMs[i]! - series.openTimeMs[i - 1]!) / I));
  }
  const v = Math.sqrt((sumSq / spanned) * (DAY_MS / I));
  return Number.isFinite(v) ? v : Number.NaN;
}

/** Labels of n regimes: calm / normal / stressed for 3, calm / stressed for 2, q1..qn otherwise. */
export function regimeLabels(n: number): string[] {
  if (n === 3) return ["calm", "normal", "stressed"];
  if (n === 2) return ["calm", "stressed"];
  return Array.from({ length: n }, (_, i) => `q${i + 1}`);
}

/** k-th of n quantiles of sorted values (linear interpolation between order statistics). */
function quantile(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The rule splitting `vols` into n equal-count groups (n = 3: terciles). Non-finite volatilities are
 * ignored; INVALID_ARGUMENT for n < 2, INSUFFICIENT_DATA when fewer than n volatilities are known.
 */
export function regimeRuleFromTerciles(vols: readonly number[], n: number, lookbackMs: number): RegimeRule {
  if (!(Number.isInteger(n) && n >= 2)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--regimes must be an integer >= 2 (3 = calm / normal / stressed terciles), got ${n}`,
    );
  }
  const sorted = vols.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length < n) {
    throw new ExecsimError(
      "INSUFFICIENT_DATA",
      `${n} volatility regimes need at least ${n} parents with a known volatility before their start, got ${sorted.length}; ` +
        "supply more parents or fewer regimes",
    );
  }
  const cuts = Array.from({ length: n - 1 }, (_, k) => quantile(sorted, (k + 1) / n));
  return { kind: "realized-vol", lookbackMs, cuts, labels: regimeLabels(n) };
}

/** Index of the regime of volatility `vol` under `rule`; null when vol is not a finite number. */
export function regimeOf(rule: RegimeRule, vol: number): number | null {
  if (!Number.isFinite(vol)) return null;
  let i = 0;
  while (i < rule.cuts.length && vol >= rule.cuts[i]!) i++;
  return i;
}
