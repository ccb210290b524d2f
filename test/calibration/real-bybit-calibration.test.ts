/**
 * Calibration on real Bybit BTCUSDT 1-minute candles (../shared/data; skipped when absent): eighty
 * TWAP parents (sizes 0.1..30 BTC, 20..120-minute windows) on the sqrt venue (η = 0.8, δ = 0.6, no
 * decay) and on the propagator venue (exponential kernel, half-life 20 min), calibrated from the stored
 * runs. The propagator's half-life comes back to rounding; sqrt's δ within 3 SE, and the venue's η
 * (venueParamsFor) within 30 % (measured: 0.65, the venue's 30-bar Parkinson σ and bar volume against
 * the day's close-to-close σ and volume).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fitCalibratedModel } from "../../src/calibration/fit-calibrated-model.js";
import { calibrationPointsFromRuns } from "../../src/calibration/points-from-runs.js";
import { venueParamsFor } from "../../src/calibration/venue-params.js";
import { createRng } from "../../src/core/rng.js";
import { buildRunConfig, type RunConfigInput } from "../../src/engine/run-config.js";
import { compareOnParents } from "../../src/experiment/compare-own-parents.js";
import { parseOhlcvCsv } from "../../src/market/import-ohlcv-csv.js";
import { writeCandles } from "../../src/store/candle-store.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";
import { describeWithSharedData } from "../helpers/shared-data.js";

const CSV = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../shared/data/bybit/candles/BTCUSDT_linear_1m_2025-05-30_2025-06-29.csv",
);
const HOUR = 3_600_000;

describeWithSharedData(CSV, "calibration on real Bybit BTCUSDT 1m candles", () => {
  let store: ExecsimDatabase;
  beforeAll(() => {
    store = openDatabase(":memory:");
    const parsed = parseOhlcvCsv(readFileSync(CSV, "utf8"), CSV);
    writeCandles(
      store,
      { symbol: "BTCUSDT", category: "linear", interval: "1" },
      parsed.candles.slice(0, -1),
      "test",
    );
  });
  afterAll(() => store.close());

  async function calibrated(impact: RunConfigInput["impact"], impactParams: Record<string, unknown>) {
    const rng = createRng(11);
    const parents = Array.from({ length: 80 }, (_, i) => {
      const startMs = Date.UTC(2025, 5, 1) + i * 6 * HOUR + rng.int(120) * 60_000;
      return {
        id: `R${i}`,
        symbol: "BTCUSDT",
        side: rng.uniform() < 0.5 ? ("buy" as const) : ("sell" as const),
        qtyBase: 10 ** (-1 + 2.5 * rng.uniform()),
        startMs,
        endMs: startMs + (20 + rng.int(100)) * 60_000,
      };
    });
    const config = buildRunConfig({ symbol: "BTCUSDT", strategies: ["twap"], impact, impactParams });
    const [res] = await compareOnParents(store, config, parents, { executor: "in-process" });
    return calibrationPointsFromRuns(store, [res!.runs[0]!.runId]);
  }

  it("sqrt venue: δ within 3 SE, the venue's η within 30 %", async () => {
    const pts = await calibrated("sqrt", { eta: 0.8, delta: 0.6, halfLifeMs: 1e12 });
    expect(pts.points).toHaveLength(80);
    const { model } = fitCalibratedModel("sqrt", pts.points, {
      name: "s",
      source: "t",
      symbol: null,
      compareMl: false,
    });
    expect(Math.abs(model.params.delta! - 0.6)).toBeLessThan(3 * model.standardErrors.delta!);
    const eta = venueParamsFor(model, null).impactParams.eta as number;
    expect(Math.abs(eta / 0.8 - 1)).toBeLessThan(0.3);
  });

  it("propagator venue: the half-life to rounding", async () => {
    const pts = await calibrated("propagator", { kernel: "exponential", halfLifeMs: 20 * 60_000 });
    const { model } = fitCalibratedModel("propagator", pts.points, {
      name: "p",
      source: "t",
      symbol: null,
      compareMl: false,
    });
    expect(model.params.halfLifeMs! / 1_200_000).toBeCloseTo(1, 6);
  });
});
