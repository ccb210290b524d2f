/** Calibrated-model records for tests (issue 18): a square-root fit with or without a volatility regime rule. */
import type { NewCalibratedModel } from "../../src/calibration/calibrated-model.js";

export const FIXTURE_T0 = Date.UTC(2024, 0, 1);

/** A sqrt record: pooled η = `eta`, δ = 0.6; with `regimes`, three tercile fits η·1, η·2, η·3. */
export function sqrtModelRecord(
  name: string,
  eta: number,
  opts: { regimes?: boolean; cuts?: number[]; delta?: number } = {},
): NewCalibratedModel {
  const labels = ["calm", "normal", "stressed"];
  const delta = opts.delta ?? 0.6;
  const withRegimes = opts.regimes ?? true;
  return {
    name,
    model: "sqrt",
    params: { eta, delta },
    standardErrors: { eta: 0.01, delta: 0.02 },
    regimeRule: withRegimes
      ? { kind: "realized-vol", lookbackMs: 86_400_000, cuts: opts.cuts ?? [0.02, 0.04], labels }
      : null,
    regimes: withRegimes
      ? labels.map((label, i) => ({
          label,
          n: 10 + i,
          params: { eta: eta * (i + 1), delta },
          standardErrors: { eta: 0.01, delta: 0.02 },
          stats: { n: 10 + i, r2: 0.5 },
        }))
      : [],
    symbol: "BTCUSDT",
    fromMs: FIXTURE_T0,
    toMs: FIXTURE_T0 + 3_600_000,
    fittedAt: "2024-01-02T00:00:00.000Z",
    source: "fills:orders.csv sha256:abc",
    stats: { n: 33, r2: 0.7, oosRmse: 1.25 },
  };
}
