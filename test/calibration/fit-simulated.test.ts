/**
 * On the simulator's own runs the fits recover the venue's configured parameters. Sixty TWAP parents on
 * the built-in dataset (sizes log-uniform 0.1..100 BTC, whole-minute windows of 30..150 min), run on
 * each parametric venue, then calibrated from the stored run:
 * - almgren-chriss (η = 5, γ = 2): the own-impact cost per unit is exactly γ·E + η·F/T (one child per
 *   bar) and the lasting markout is γ·F, so both come back to rounding;
 * - propagator, exponential kernel, half-life 15 min: the own transient impact after the end is the
 *   kernel itself, so the half-life comes back to rounding (λ differs per parent: it is fixed at each
 *   parent's first trade, which is why the fit gives every parent its own scale);
 * - sqrt (η = 0.8, δ = 0.6, no decay): δ within 3 SE; the venue's η through venueParamsFor within 30 %
 *   (the venue uses 30-bar Parkinson σ and bar volume where the fit uses the day's close-to-close σ and
 *   volume: the two estimators differ by about 20 % on these candles).
 */
import { describe, expect, it } from "vitest";
import { fitCalibratedModel } from "../../src/calibration/fit-calibrated-model.js";
import { calibrationPointsFromRuns } from "../../src/calibration/points-from-runs.js";
import { venueParamsFor } from "../../src/calibration/venue-params.js";
import { createRng } from "../../src/core/rng.js";
import { buildRunConfig, type RunConfigInput } from "../../src/engine/run-config.js";
import { compareOnParents } from "../../src/experiment/compare-own-parents.js";
import type { PlannedParent } from "../../src/experiment/own-parents-plan.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";

const HOUR = 3_600_000;

function parents(n: number): PlannedParent[] {
  const rng = createRng(5);
  return Array.from({ length: n }, (_, i) => {
    const startMs = Date.UTC(2024, 0, 3) + i * 10 * HOUR;
    return {
      id: `P${i}`,
      symbol: "SYN-BTCUSDT",
      side: rng.uniform() < 0.5 ? "buy" : "sell",
      qtyBase: 10 ** (-1 + 3 * rng.uniform()),
      startMs,
      endMs: startMs + Math.round(30 + 120 * rng.uniform()) * 60_000,
    };
  });
}

async function simulated(impact: RunConfigInput["impact"], impactParams: Record<string, unknown>) {
  const store: ExecsimDatabase = openDatabase(":memory:");
  const config = buildRunConfig({ strategies: ["twap"], impact, impactParams });
  const [res] = await compareOnParents(store, config, parents(60), { executor: "in-process" });
  const runId = res!.runs[0]!.runId;
  const pts = calibrationPointsFromRuns(store, [runId]);
  store.close();
  return pts;
}

describe("calibration on the simulator's own runs", () => {
  it("almgren-chriss: η and γ come back to rounding", async () => {
    const pts = await simulated("almgren-chriss", { eta: 5, gamma: 2 });
    expect(pts.points).toHaveLength(60);
    const { model } = fitCalibratedModel("ac", pts.points, {
      name: "ac",
      source: "t",
      symbol: null,
      compareMl: false,
    });
    expect(model.params.eta).toBeCloseTo(5, 9);
    expect(model.params.gamma).toBeCloseTo(2, 9);
    expect(model.stats.gammaFromMarkouts).toBe(1);
    expect(venueParamsFor(model, null)).toEqual({
      impact: "almgren-chriss",
      impactParams: { eta: model.params.eta, gamma: model.params.gamma },
    });
  });

  it("propagator: the exponential half-life comes back to rounding", async () => {
    const pts = await simulated("propagator", { kernel: "exponential", halfLifeMs: 15 * 60_000 });
    const { model, report } = fitCalibratedModel("propagator", pts.points, {
      name: "p",
      source: "t",
      symbol: null,
    });
    expect(model.params.halfLifeMs! / 900_000).toBeCloseTo(1, 6);
    expect(model.stats.r2).toBeCloseTo(1, 9);
    // the propagator predicts markouts, not costs: the ML comparison has the law and the two predictors
    expect(report.ml!.rows.map((r) => r.model)).toEqual(["sqrt", "ols", "mlp"]);
    expect(venueParamsFor(model, null).impactParams).toMatchObject({
      kernel: "exponential",
      halfLifeMs: model.params.halfLifeMs,
    });
  });

  it("propagator: the power-law exponent comes back with the venue's ℓ0", async () => {
    const pts = await simulated("propagator", {
      kernel: "power-law",
      powerLawBeta: 0.7,
      powerLawL0Ms: 60_000,
    });
    const { model } = fitCalibratedModel("propagator", pts.points, {
      name: "p",
      source: "t",
      symbol: null,
      propagator: { kernel: "power-law", l0Ms: 60_000 },
      compareMl: false,
    });
    expect(model.params.beta).toBeCloseTo(0.7, 3);
    expect(venueParamsFor(model, null).impactParams).toMatchObject({
      kernel: "power-law",
      powerLawL0Ms: 60_000,
    });
  });

  it("sqrt: δ within 3 SE, the venue's η within 30 %", async () => {
    const pts = await simulated("sqrt", { eta: 0.8, delta: 0.6, halfLifeMs: 1e12 });
    const { model } = fitCalibratedModel("sqrt", pts.points, {
      name: "s",
      source: "t",
      symbol: null,
      compareMl: false,
    });
    expect(Math.abs(model.params.delta! - 0.6)).toBeLessThan(3 * model.standardErrors.delta!);
    expect(model.standardErrors.delta!).toBeLessThan(0.03);
    const venueEta = venueParamsFor(model, null).impactParams.eta as number;
    expect(Math.abs(venueEta / 0.8 - 1)).toBeLessThan(0.3);
  });
});
