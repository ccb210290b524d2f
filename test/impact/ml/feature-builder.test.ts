import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../../src/core/interval.js";
import { allocSeries, sliceSeries } from "../../../src/core/market-types.js";
import { createRng } from "../../../src/core/rng.js";
import { copyBar } from "../../../src/core/series-copy.js";
import {
  buildImpactFeatures,
  DEFAULT_FEATURE_CONFIG,
  featureConfigFromJSON,
  featureConfigToJSON,
  IMPACT_FEATURE_NAMES,
  type ImpactSample,
} from "../../../src/impact/ml/feature-builder.js";
import { column } from "../../../src/impact/ml/feature-matrix.js";
import {
  averageDailyVolume,
  corwinSchultzEstimate,
  intradayVolumeProfile,
  realizedVolatility,
} from "../../../src/market/market-stats.js";
import { cloneSeries, START_MS, syntheticSeries } from "./ml-fixtures.js";

const series = syntheticSeries(10);

/** Index range [s, e) of bars with open >= from and open + interval <= t. */
function windowOf(t: number, windowMs: number): [number, number] {
  let s = 0;
  while (s < series.length && series.openTimeMs[s]! < t - windowMs) s++;
  let e = 0;
  while (e < series.length && series.openTimeMs[e]! + series.intervalMs <= t) e++;
  return [s, e];
}

describe("impact feature builder", () => {
  it("equals the market-stats functions applied to each sample's trailing window of closed bars", () => {
    const rng = createRng("fb-equal");
    const samples: ImpactSample[] = [];
    for (let i = 0; i < 40; i++) {
      const t = START_MS + 7 * DAY_MS + Math.floor(rng.uniform() * 3 * DAY_MS - 1);
      samples.push({ timeMs: t, qty: (rng.uniform() < 0.5 ? -1 : 1) * (1 + 100 * rng.uniform()), impact: 0 });
    }
    const ds = buildImpactFeatures(series, samples);
    expect(ds.features.nRows).toBe(40);
    expect(ds.features.names).toEqual([...IMPACT_FEATURE_NAMES]);
    const c = DEFAULT_FEATURE_CONFIG;
    for (let r = 0; r < ds.features.nRows; r++) {
      const smp = samples[ds.sampleIndex[r]!]!;
      const t = smp.timeMs;
      const row = ds.features.x.subarray(r * 7, r * 7 + 7);
      const [sa, e] = windowOf(t, c.advWindowMs);
      const advSlice = sliceSeries(series, sa, e);
      const adv = averageDailyVolume(advSlice).volumeBase;
      expect(row[0]!).toBeCloseTo(Math.abs(smp.qty) / adv, 12);
      expect(ds.adv[r]! / adv).toBeCloseTo(1, 12);
      const [ss] = windowOf(t, c.spreadWindowMs);
      expect(row[1]!).toBeCloseTo(corwinSchultzEstimate(sliceSeries(series, ss, e)).spread, 12);
      const [sv] = windowOf(t, c.volatilityWindowMs);
      expect(row[2]! / realizedVolatility(sliceSeries(series, sv, e)).daily).toBeCloseTo(1, 12);
      expect(row[3]).toBe(Math.sign(smp.qty));
      const hour = ((t % DAY_MS) / HOUR_MS) * ((2 * Math.PI) / 24);
      expect(row[4]!).toBeCloseTo(Math.sin(hour), 12);
      expect(row[5]!).toBeCloseTo(Math.cos(hour), 12);
      // relative volume from the profile of the ADV window: recent bars vs their hour's average bar
      const profile = intradayVolumeProfile(advSlice, HOUR_MS);
      const [sr] = windowOf(t, c.recentVolumeWindowMs);
      let recent = 0;
      let expected = 0;
      for (let j = sr; j < e; j++) {
        recent += series.volume[j]!;
        const b = Math.floor((series.openTimeMs[j]! % DAY_MS) / HOUR_MS);
        expected += (adv * profile.shares[b]!) / 12; // 12 five-minute bars per hour
      }
      expect(row[6]! / (recent / expected)).toBeCloseTo(1, 12);
    }
    // rows come out in time order
    for (let r = 1; r < ds.timeMs.length; r++)
      expect(ds.timeMs[r]!).toBeGreaterThanOrEqual(ds.timeMs[r - 1]!);
  });

  it("reproduces hand-computed values on a flat series (participation, time of day, relative volume)", () => {
    // 8 days of 1-hour-aligned 5-minute bars, constant price path with a 2-tick range, volume 2 per bar,
    // except the hour 12:00-13:00 of the last day, which trades 4 per bar.
    const n = (8 * DAY_MS) / 300_000;
    const s = allocSeries({ symbol: "FLAT", category: "linear", interval: "5" }, 300_000, n);
    for (let i = 0; i < n; i++) {
      s.openTimeMs[i] = START_MS + i * 300_000;
      s.open[i] = 100;
      s.close[i] = i % 2 === 0 ? 100.1 : 100;
      s.high[i] = 100.1;
      s.low[i] = 100;
      s.volume[i] = 2;
      s.turnover[i] = 200;
    }
    const lastNoon = START_MS + 7 * DAY_MS + 12 * HOUR_MS;
    for (let i = 0; i < n; i++)
      if (s.openTimeMs[i]! >= lastNoon && s.openTimeMs[i]! < lastNoon + HOUR_MS) s.volume[i] = 4;
    const t = lastNoon + HOUR_MS; // 13:00 UTC, the 12:00 hour has just closed
    const ds = buildImpactFeatures(s, [{ timeMs: t, qty: -57.6 }]);
    const row = Array.from(ds.features.x);
    // ADV over the 7 days before t: 7 × 288 bars × 2 + 12 extra bars × 2 = 4056 base units in 7 days
    expect(ds.adv[0]).toBeCloseTo(4056 / 7, 10);
    expect(row[0]).toBeCloseTo(57.6 / (4056 / 7), 12);
    expect(row[3]).toBe(-1);
    // 13:00 UTC: angle = 2π·13/24
    expect(row[4]).toBeCloseTo(Math.sin((2 * Math.PI * 13) / 24), 12);
    expect(row[5]).toBeCloseTo(Math.cos((2 * Math.PI * 13) / 24), 12);
    // the 12:00 bucket averaged 2·6 + 4 = 16 per bar-day over 7 days -> 16/7 per bar; the recent hour
    // traded 4 per bar -> relative volume 4 / (16/7) = 1.75
    expect(row[6]).toBeCloseTo(1.75, 12);
    // realized vol: alternating closes 100 / 100.1 -> |r| = ln(1.001) every bar, 288 bars a day
    expect(row[2]).toBeCloseTo(Math.log(100.1 / 100) * Math.sqrt(288), 12);
  });

  it("never looks ahead: changing any bar that had not closed by the sample time leaves its features unchanged", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 7 * 288 + 5, max: series.length - 2 }),
        fc.integer({ min: 0, max: 299_999 }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        (bar, offsetMs, seed) => {
          const t = series.openTimeMs[bar]! + offsetMs; // inside bar `bar`, which is still open at t
          const sample = { timeMs: t, qty: 3.5 };
          const base = buildImpactFeatures(series, [sample]);
          const perturbed = cloneSeries(series);
          const rng = createRng(seed);
          for (let i = bar; i < perturbed.length; i++) {
            const f = 0.5 + rng.uniform();
            perturbed.high[i] = perturbed.high[i]! * f * 1.01;
            perturbed.low[i] = perturbed.low[i]! * f * 0.99;
            perturbed.close[i] = perturbed.close[i]! * f;
            perturbed.open[i] = perturbed.open[i]! * f;
            perturbed.volume[i] = perturbed.volume[i]! * 10 * rng.uniform();
          }
          const after = buildImpactFeatures(perturbed, [sample]);
          expect(Array.from(after.features.x)).toEqual(Array.from(base.features.x));
          // ...while changing the last closed bar does change them (the test can fail)
          const touched = cloneSeries(series);
          touched.volume[bar - 1] = touched.volume[bar - 1]! * 3 + 1;
          touched.high[bar - 1] = touched.high[bar - 1]! * 1.01;
          const moved = buildImpactFeatures(touched, [sample]);
          expect(Array.from(moved.features.x)).not.toEqual(Array.from(base.features.x));
        },
      ),
      { seed: 42, numRuns: 30 },
    );
  });

  it("property: with missing bars too, features equal the market statistics of the trailing window", () => {
    const cfg = {
      advWindowMs: 2 * DAY_MS, // market-stats' ADV needs a slice of >= 1 day, so leave room for gaps
      volatilityWindowMs: 6 * HOUR_MS,
      spreadWindowMs: 3 * HOUR_MS,
      recentVolumeWindowMs: HOUR_MS,
      minCoverage: 0.5,
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 30 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        (seed, gapRate) => {
          // 4 days of 5-minute bars from the synthetic series with a random share of bars removed
          const rng = createRng(seed);
          const keep: number[] = [];
          for (let i = 0; i < 4 * 288; i++) if (rng.uniform() >= gapRate) keep.push(i);
          const g = allocSeries({ symbol: "GAPPY", category: "linear", interval: "5" }, 300_000, keep.length);
          keep.forEach((src, j) => {
            copyBar(series, src, g, j);
          });
          const samples = Array.from({ length: 8 }, () => ({
            timeMs: START_MS + 2 * DAY_MS + Math.floor(rng.uniform() * 2 * DAY_MS),
            qty: 1 + rng.uniform(),
          }));
          const ds = buildImpactFeatures(g, samples, cfg);
          const win = (t: number, w: number): [number, number] => {
            let a = 0;
            while (a < g.length && g.openTimeMs[a]! < t - w) a++;
            let e = 0;
            while (e < g.length && g.openTimeMs[e]! + g.intervalMs <= t) e++;
            return [a, e];
          };
          for (let r = 0; r < ds.features.nRows; r++) {
            const t = ds.timeMs[r]!;
            const [sa, e] = win(t, cfg.advWindowMs);
            const advSlice = sliceSeries(g, sa, e);
            const adv = averageDailyVolume(advSlice).volumeBase;
            expect(ds.adv[r]! / adv).toBeCloseTo(1, 10);
            const [sv] = win(t, cfg.volatilityWindowMs);
            expect(ds.sigmaDaily[r]! / realizedVolatility(sliceSeries(g, sv, e)).daily).toBeCloseTo(1, 10);
            const [ss] = win(t, cfg.spreadWindowMs);
            expect(ds.features.x[r * 7 + 1]!).toBeCloseTo(
              corwinSchultzEstimate(sliceSeries(g, ss, e)).spread,
              12,
            );
            const profile = intradayVolumeProfile(advSlice, HOUR_MS);
            const [sr] = win(t, cfg.recentVolumeWindowMs);
            let recent = 0;
            let expected = 0;
            for (let j = sr; j < e; j++) {
              recent += g.volume[j]!;
              expected += (adv * profile.shares[Math.floor((g.openTimeMs[j]! % DAY_MS) / HOUR_MS)]!) / 12;
            }
            expect(ds.features.x[r * 7 + 6]! / (recent / expected)).toBeCloseTo(1, 10);
          }
          // every sample is either a row or counted as dropped
          const d = ds.dropped;
          expect(ds.features.nRows + d.insufficientHistory + d.invalid + d.zeroQty).toBe(8);
        },
      ),
      { seed: 42, numRuns: 25 },
    );
  });

  it("drops and counts samples without enough history, with zero size, or with non-finite size", () => {
    const samples: ImpactSample[] = [
      { timeMs: START_MS + DAY_MS, qty: 1 }, // only 1 day of history, the ADV window needs 7
      { timeMs: START_MS + 8 * DAY_MS, qty: 0 },
      { timeMs: START_MS + 8 * DAY_MS, qty: Number.NaN },
      { timeMs: START_MS + 8 * DAY_MS + 1, qty: 2 },
      { timeMs: START_MS + 20 * DAY_MS, qty: 2 }, // after the series: windows are empty
    ];
    const ds = buildImpactFeatures(series, samples);
    expect(ds.features.nRows).toBe(1);
    expect(Array.from(ds.sampleIndex)).toEqual([3]);
    expect(ds.dropped).toEqual({ insufficientHistory: 2, zeroQty: 1, invalid: 1 });
    expect(Number.isNaN(ds.impact[0]!)).toBe(true);
  });

  it("sorts rows by time but keeps each sample's own features (order of input does not matter)", () => {
    const rng = createRng("order");
    const samples = Array.from({ length: 30 }, () => ({
      timeMs: START_MS + 7 * DAY_MS + Math.floor(rng.uniform() * 2 * DAY_MS),
      qty: rng.normal(),
      impact: rng.normal(),
    }));
    const a = buildImpactFeatures(series, samples);
    const reversed = [...samples].reverse();
    const b = buildImpactFeatures(series, reversed);
    expect(Array.from(b.features.x)).toEqual(Array.from(a.features.x));
    expect(Array.from(b.impact)).toEqual(Array.from(a.impact));
    expect(Array.from(b.sampleIndex, (i) => 29 - i)).toEqual(Array.from(a.sampleIndex));
    expect(column(a.features, "orderSign").every((v) => v === 1 || v === -1)).toBe(true);
  });

  it("validates its configuration and round-trips it through JSON", () => {
    expect(() => buildImpactFeatures(series, [], { advWindowMs: 1.5 * DAY_MS })).toThrowError(
      /whole number of days/,
    );
    expect(() => buildImpactFeatures(series, [], { profileBucketMs: 7 * 60_000 })).toThrowError(
      /profileBucketMs/,
    );
    expect(() => buildImpactFeatures(series, [], { minCoverage: 0 })).toThrowError(/minCoverage/);
    const cfg = { ...DEFAULT_FEATURE_CONFIG, advWindowMs: 3 * DAY_MS };
    expect(featureConfigFromJSON(JSON.stringify(featureConfigToJSON(cfg)))).toEqual(cfg);
    expect(() => featureConfigFromJSON({ ...featureConfigToJSON(cfg), minCoverage: 2 })).toThrowError(
      /minCoverage/,
    );
  });
});
