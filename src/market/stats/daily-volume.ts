/**
 * Average daily volume (ADV) and turnover.
 *
 * Formula: ADV = Σ volume_i / D and ADT = Σ turnover_i / D, where D is the time the series covers in
 * days, from the first bar's open to the last bar's close (missing bars count as bars without trades,
 * which is how exchanges treat them). Units: volume in base units per day, turnover in quote units
 * per day. Where a bar has no stored turnover it is estimated as volume × (H+L+C)/3 and
 * `turnoverEstimated` is true.
 * Limitations: needs at least one full day of coverage (a shorter sample extrapolates an intraday
 * pattern to the day and is rejected).
 */
import type { CandleSeries } from "../../core/market-types.js";
import { barTurnover, insufficient, spanDays, turnoverEstimated } from "./stats-common.js";

export interface AverageDailyVolume {
  /** Average base volume per day. */
  volumeBase: number;
  /** Average quote turnover per day. */
  turnoverQuote: number;
  /** Days covered (first open to last close). */
  days: number;
  /** True when some bars lacked a turnover and it was estimated from volume × typical price. */
  turnoverEstimated: boolean;
}

/** Minimum coverage in days for daily averages. */
export const MIN_DAYS_FOR_DAILY_AVERAGES = 1;

export function averageDailyVolume(series: CandleSeries): AverageDailyVolume {
  const days = spanDays(series);
  if (series.length === 0 || days < MIN_DAYS_FOR_DAILY_AVERAGES) {
    throw insufficient(
      series,
      "average daily volume",
      `at least ${MIN_DAYS_FOR_DAILY_AVERAGES} day(s) of candles`,
    );
  }
  let vol = 0;
  let turn = 0;
  for (let i = 0; i < series.length; i++) {
    vol += series.volume[i]!;
    turn += barTurnover(series, i);
  }
  return {
    volumeBase: vol / days,
    turnoverQuote: turn / days,
    days,
    turnoverEstimated: turnoverEstimated(series),
  };
}
