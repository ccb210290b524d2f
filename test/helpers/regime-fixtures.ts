/**
 * A market with known volatility regimes for the calibrated-model tests (issue 18): 1-minute bars over
 * `days` days from 2024-01-01, closes alternating 100 and 100·e^r so that every log return is ±r_d,
 * with r_d = 1e-4 on even days (calm) and 1e-3 on odd days (stressed). The daily realized volatility
 * of any window inside day d is then r_d·√1440: 0.0037947 (calm) and 0.037947 (stressed).
 */
import type { NewCalibratedModel } from "../../src/calibration/calibrated-model.js";
import { allocSeries, type CandleSeries } from "../../src/core/market-types.js";
import { writeCandles } from "../../src/store/candle-store.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";

export const REGIME_T0 = Date.UTC(2024, 0, 1);
export const REGIME_KEY = { symbol: "REG", category: "linear", interval: "1" } as const;
const MIN = 60_000;

/** Per-minute log return of day d. */
export const dayReturn = (d: number) => (d % 2 === 0 ? 1e-4 : 1e-3);

export function regimeSeries(days = 8): CandleSeries {
  const n = days * 1440;
  const s = allocSeries(REGIME_KEY, MIN, n);
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const r = dayReturn(Math.floor(i / 1440));
    const close = i % 2 === 0 ? 100 : 100 * Math.exp(r);
    s.openTimeMs[i] = REGIME_T0 + i * MIN;
    s.open[i] = prev;
    s.close[i] = close;
    s.high[i] = Math.max(prev, close);
    s.low[i] = Math.min(prev, close);
    s.volume[i] = 100;
    s.turnover[i] = 100 * close;
    prev = close;
  }
  return s;
}

export function regimeStore(days = 8): ExecsimDatabase {
  const store = openDatabase(":memory:");
  writeCandles(store, REGIME_KEY, regimeSeries(days), "test");
  return store;
}

/**
 * A sqrt model split at a realized volatility of 0.01 per √day over the 6 hours before a parent:
 * calm η = 0.2, stressed η = 1.0, pooled η = 0.5, δ = 0.5 everywhere (so the venue's η is 1.5 × the
 * law's: venue-params.ts with B^(1/2 − δ) = 1).
 */
export function twoRegimeSqrt(name: string): NewCalibratedModel {
  const regimeFit = (label: string, eta: number) => ({
    label,
    n: 10,
    params: { eta, delta: 0.5 },
    standardErrors: { eta: 0.05, delta: 0.05 },
    stats: { n: 10, barMs: MIN },
  });
  return {
    name,
    model: "sqrt",
    params: { eta: 0.5, delta: 0.5 },
    standardErrors: { eta: 0.05, delta: 0.05 },
    regimeRule: {
      kind: "realized-vol",
      lookbackMs: 6 * 3_600_000,
      cuts: [0.01],
      labels: ["calm", "stressed"],
    },
    regimes: [regimeFit("calm", 0.2), regimeFit("stressed", 1.0)],
    symbol: "REG",
    fromMs: REGIME_T0,
    toMs: REGIME_T0 + 86_400_000,
    fittedAt: "2024-02-01T00:00:00.000Z",
    source: "test",
    stats: { n: 20, barMs: MIN },
  };
}
