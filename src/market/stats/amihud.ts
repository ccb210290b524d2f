/**
 * Amihud (2002) illiquidity ratio: the absolute return per unit of quote currency traded.
 *
 * Source: Y. Amihud, "Illiquidity and stock returns: cross-section and time-series effects",
 * Journal of Financial Markets 5(1), 2002, 31-56: ILLIQ = (1/D) Σ_d |R_d| / VOLD_d over days d.
 * Aggregation here follows the paper: per UTC day. R_d = ln(close of d's last bar / reference), the
 * reference being the previous day's last close when that day is in the series, else d's first open;
 * VOLD_d = Σ quote turnover of d's bars (estimated as volume × (H+L+C)/3 where no turnover is stored).
 * Only complete days (all bars of the UTC day present) with turnover > 0 are averaged, since a partial
 * day's |R|/turnover is not comparable (|R| grows like √T, turnover like T).
 * Units: fraction of price per quote unit (1/USDT for USDT pairs); `perMillion` is the conventional
 * scaled figure (per 1,000,000 quote units traded). Bars longer than a day are rejected.
 * Limitations: log instead of simple returns (they agree to O(R²)); one figure for the whole sample.
 */
import { ExecsimError } from "../../core/errors.js";
import { DAY_MS } from "../../core/interval.js";
import type { CandleSeries } from "../../core/market-types.js";
import { barTurnover, insufficient, requireFiniteResult, turnoverEstimated } from "./stats-common.js";

export interface AmihudEstimate {
  /** Mean daily |R_d| / VOLD_d, per quote unit. */
  illiquidity: number;
  /** illiquidity × 1e6: absolute return per million quote units traded. */
  perMillion: number;
  /** Complete days averaged. */
  days: number;
  turnoverEstimated: boolean;
}

export function amihudEstimate(series: CandleSeries): AmihudEstimate {
  if (series.intervalMs > DAY_MS) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `the Amihud ratio is a daily figure; interval ${series.interval} bars are longer than a day, use daily or shorter bars`,
    );
  }
  const perDay = Math.round(DAY_MS / series.intervalMs);
  const { openTimeMs, open, close } = series;
  let sum = 0;
  let days = 0;
  let prevDay = Number.NaN;
  let prevClose = Number.NaN;
  let i = 0;
  while (i < series.length) {
    const day = Math.floor(openTimeMs[i]! / DAY_MS);
    const first = i;
    let turnover = 0;
    while (i < series.length && Math.floor(openTimeMs[i]! / DAY_MS) === day) {
      turnover += barTurnover(series, i);
      i++;
    }
    const last = i - 1;
    const ref = prevDay === day - 1 ? prevClose : open[first]!;
    if (last - first + 1 === perDay && turnover > 0) {
      sum += Math.abs(Math.log(close[last]! / ref)) / turnover;
      days++;
    }
    prevDay = day;
    prevClose = close[last]!;
  }
  if (days === 0) {
    throw insufficient(
      series,
      "the Amihud illiquidity ratio",
      "at least one complete UTC day of candles with turnover",
    );
  }
  const illiquidity = sum / days;
  requireFiniteResult(series, "the Amihud illiquidity ratio", illiquidity);
  return { illiquidity, perMillion: illiquidity * 1e6, days, turnoverEstimated: turnoverEstimated(series) };
}

/** Amihud illiquidity: mean over complete UTC days of |R_d| / turnover_d (per quote unit). */
export function amihudIlliquidity(series: CandleSeries): number {
  return amihudEstimate(series).illiquidity;
}
