/** Shared fixtures for the ML tests: small seeded synthetic candle series. */
import { DAY_MS } from "../../../src/core/interval.js";
import type { CandleSeries } from "../../../src/core/market-types.js";
import { generateSyntheticCandles } from "../../../src/market/synthetic-candles.js";

export const START_MS = Date.UTC(2024, 0, 1);

/** `days` days of 5-minute synthetic BTC-like candles (seeded). */
export function syntheticSeries(
  days: number,
  seed: string | number = 42,
  interval: "1" | "5" = "5",
): CandleSeries {
  const barMs = Number(interval) * 60_000;
  return generateSyntheticCandles({
    symbol: "SYN-BTCUSDT",
    category: "linear",
    interval,
    startMs: START_MS,
    bars: Math.round((days * DAY_MS) / barMs),
    seed,
  });
}

/** A deep copy of a series (so tests can perturb it): the shared fixture. */
export { cloneSeries } from "../../helpers/series-fixtures.js";
