/** Candle-series fixtures shared by tests. */
import { allocSeries, type CandleSeries } from "../../src/core/market-types.js";

const MIN = 60_000;

/**
 * A flat 1-minute series for hand-computed venue tests: every bar opens, highs, lows and closes at
 * `price` with `volume` base units traded, bar i opening at i minutes (from 0).
 */
export function flatSeries(n: number, price = 100, volume = 100): CandleSeries {
  const s = allocSeries({ symbol: "FLAT", category: "linear", interval: "1" }, MIN, n);
  for (let i = 0; i < n; i++) {
    s.openTimeMs[i] = i * MIN;
    s.open[i] = price;
    s.high[i] = price;
    s.low[i] = price;
    s.close[i] = price;
    s.volume[i] = volume;
    s.turnover[i] = price * volume;
  }
  return s;
}

/** A deep copy of a series (so tests can perturb it). */
export function cloneSeries(s: CandleSeries): CandleSeries {
  return {
    ...s,
    openTimeMs: s.openTimeMs.slice(),
    open: s.open.slice(),
    high: s.high.slice(),
    low: s.low.slice(),
    close: s.close.slice(),
    volume: s.volume.slice(),
    turnover: s.turnover.slice(),
  };
}
