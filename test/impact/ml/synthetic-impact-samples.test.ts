import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../../src/core/interval.js";
import { createRng } from "../../../src/core/rng.js";
import { column } from "../../../src/impact/ml/feature-matrix.js";
import {
  generateImpactSamples,
  squareRootTruth,
  timeOfDayTruth,
} from "../../../src/impact/ml/synthetic-impact-samples.js";
import { syntheticSeries } from "./ml-fixtures.js";

const series = syntheticSeries(10);

describe("synthetic impact training sets", () => {
  it("the truths are the documented formulas (hand-computed)", () => {
    const f = {
      participation: 0.01,
      sigmaDaily: 0.03,
      orderSign: -1,
      hourUtc: 14,
      relativeSpread: 0,
      relativeVolume: 1,
    };
    // -1 · 0.03 · 0.5 · sqrt(0.01) = -0.0015
    expect(squareRootTruth()(f)).toBeCloseTo(-0.0015, 15);
    expect(squareRootTruth({ eta: 1, delta: 0.6 })({ ...f, orderSign: 1 })).toBeCloseTo(
      0.03 * 0.01 ** 0.6,
      15,
    );
    // at the peak hour the factor is 1 + 0.8 = 1.8, twelve hours later 1 - 0.8 = 0.2, at 20:00 1 + 0.8 cos(π/2) = 1
    expect(timeOfDayTruth()(f)).toBeCloseTo(-0.0015 * 1.8, 15);
    expect(timeOfDayTruth()({ ...f, hourUtc: 2 })).toBeCloseTo(-0.0015 * 0.2, 15);
    expect(timeOfDayTruth()({ ...f, hourUtc: 20 })).toBeCloseTo(-0.0015, 15);
    expect(() => timeOfDayTruth({ amplitude: 1.2 })).toThrowError(/amplitude/);
  });

  it("draws orders with the configured participation, sign mix and log-normal noise around the truth", () => {
    const set = generateImpactSamples(
      series,
      {
        count: 3000,
        truth: squareRootTruth(),
        logNoiseSd: 0.2,
        participationMin: 1e-3,
        participationMax: 1e-1,
      },
      createRng("gen"),
    );
    const ds = set.dataset;
    expect(ds.features.nRows).toBe(3000);
    expect(set.samples).toHaveLength(3000);
    const part = column(ds.features, "participation");
    let buys = 0;
    let sumLog = 0;
    let sumLog2 = 0;
    let violations = 0;
    for (let r = 0; r < ds.features.nRows; r++) {
      const ok =
        part[r]! >= 1e-3 * (1 - 1e-12) &&
        part[r]! <= 1e-1 * (1 + 1e-12) &&
        Math.abs(Math.abs(ds.qty[r]!) / ds.adv[r]! - part[r]!) <= 1e-15 * part[r]! &&
        // labels keep the order's sign and equal truth · exp(0.2 z)
        Math.sign(ds.impact[r]!) === Math.sign(ds.qty[r]!) &&
        set.samples[r]!.impact === ds.impact[r] &&
        // first sample time: after the 7-day ADV window
        ds.timeMs[r]! >= series.openTimeMs[0]! + 7 * DAY_MS;
      if (!ok) violations++;
      if (ds.qty[r]! > 0) buys++;
      const lr = Math.log(ds.impact[r]! / set.truth[r]!);
      sumLog += lr;
      sumLog2 += lr * lr;
    }
    expect(violations).toBe(0);
    expect(buys / 3000).toBeGreaterThan(0.47);
    expect(buys / 3000).toBeLessThan(0.53);
    const n = ds.features.nRows;
    expect(Math.abs(sumLog / n)).toBeLessThan(0.02); // mean of 0.2·z over 3000 draws: sd 0.0037
    expect(Math.sqrt(sumLog2 / n)).toBeCloseTo(0.2, 2);
    // log-uniform participation: the median is the geometric mean sqrt(1e-3 · 1e-1) = 1e-2
    const sorted = Array.from(part).sort((a, b) => a - b);
    expect(Math.log10(sorted[1500]!)).toBeCloseTo(-2, 1);
    // samples are spread over the time of day
    const hours = new Set(Array.from(ds.timeMs, (t) => Math.floor((t % DAY_MS) / HOUR_MS)));
    expect(hours.size).toBe(24);
  });

  it("the same seed gives identical samples; another seed does not", () => {
    const cfg = { count: 200, truth: timeOfDayTruth(), additiveNoiseSd: 1e-4 };
    const a = generateImpactSamples(series, cfg, createRng(5));
    const b = generateImpactSamples(series, cfg, createRng(5));
    const c = generateImpactSamples(series, cfg, createRng(6));
    expect(b.samples).toEqual(a.samples);
    expect(c.samples).not.toEqual(a.samples);
  });

  it("rejects a series shorter than the feature windows and bad parameters", () => {
    const short = syntheticSeries(3);
    expect(() =>
      generateImpactSamples(short, { count: 10, truth: squareRootTruth() }, createRng(1)),
    ).toThrowError(/longest feature window/);
    expect(() =>
      generateImpactSamples(
        series,
        { count: 10, truth: squareRootTruth(), participationMin: 0 },
        createRng(1),
      ),
    ).toThrowError(/participation/);
    expect(() =>
      generateImpactSamples(series, { count: 0, truth: squareRootTruth() }, createRng(1)),
    ).toThrowError(/count/);
  });
});
