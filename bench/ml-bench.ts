/**
 * ML impact benchmark: the cost of building impact features from candles (prefix sums + a sliding
 * intraday-profile window, O(n + m log n)) against recomputing the market statistics on every sample's
 * trailing window (O(n · m)), and the cost of training and evaluating the two-hidden-layer network.
 * Data: one year of seeded synthetic 1-minute candles (525,600 bars) and time-ordered orders.
 * Register with one import and one entry in bench/run.ts (section name "ml").
 */
import { performance } from "node:perf_hooks";
import { DAY_MS, HOUR_MS } from "../src/core/interval.js";
import { sliceSeries } from "../src/core/market-types.js";
import { createRng } from "../src/core/rng.js";
import { buildImpactFeatures, RollingMarketStats } from "../src/impact/ml/feature-builder.js";
import { matrixFromRows } from "../src/impact/ml/feature-matrix.js";
import { OlsRegressor } from "../src/impact/ml/linear-regression.js";
import { trainMlp } from "../src/impact/ml/neural-network.js";
import {
  averageDailyVolume,
  corwinSchultzEstimate,
  intradayVolumeProfile,
  realizedVolatility,
} from "../src/market/market-stats.js";
import { generateSyntheticCandles } from "../src/market/synthetic-candles.js";
import { type BenchSection, sig, timeIt } from "./bench-utils.js";

export const mlBench: BenchSection = {
  name: "ml",
  description: "impact features on 525,600 bars (rolling vs recomputed), network training and prediction",
  run() {
    const bars = 525_600;
    const series = generateSyntheticCandles({
      symbol: "SYN-BTCUSDT",
      category: "linear",
      interval: "1",
      startMs: Date.UTC(2024, 0, 1),
      bars,
      seed: 42,
    });
    const rng = createRng("ml-bench");
    const orders = (m: number) =>
      Array.from({ length: m }, () => ({
        timeMs: series.openTimeMs[0]! + 8 * DAY_MS + Math.floor(rng.uniform() * 350 * DAY_MS),
        qty: rng.uniform() < 0.5 ? -5 : 5,
      })).sort((a, b) => a.timeMs - b.timeMs);

    const prefix = timeIt(() => new RollingMarketStats(series));
    const features: Record<string, unknown> = { bars, prefixSumsSeconds: sig(prefix.seconds) };
    for (const m of [10_000, 100_000]) {
      const samples = orders(m);
      const t = timeIt(() => buildImpactFeatures(series, samples, {}, prefix.value));
      features[`samples${m}`] = {
        seconds: sig(t.seconds),
        cpuSeconds: sig(t.cpuSeconds),
        samplesPerSecond: Math.round(m / t.seconds),
        rows: t.value.features.nRows,
      };
    }
    // The naive way: every statistic recomputed on each sample's trailing window (measured on 50).
    const few = orders(50);
    const naive = timeIt(() => {
      let acc = 0;
      for (const s of few) {
        const e = Math.floor((s.timeMs - series.openTimeMs[0]!) / 60_000);
        const week = sliceSeries(series, e - 7 * 1440, e);
        const day = sliceSeries(series, e - 1440, e);
        acc += averageDailyVolume(week).volumeBase + realizedVolatility(day).daily;
        acc += corwinSchultzEstimate(day).spread + intradayVolumeProfile(week, HOUR_MS).shares[0]!;
      }
      return acc;
    });
    features.naiveCpuMicrosecondsPerSample = sig((naive.cpuSeconds / few.length) * 1e6);
    const rolling = features.samples100000 as { cpuSeconds: number };
    features.rollingCpuMicrosecondsPerSample = sig((rolling.cpuSeconds / 100_000) * 1e6);

    // Network: 2,000 rows × 7 features, 16-16 hidden units, 50 epochs without early stopping.
    const rows = Array.from({ length: 2000 }, () => Array.from({ length: 7 }, () => rng.normal()));
    const y = rows.map((r) => Math.abs(r[0]!) * r[1]! + 0.1 * rng.normal());
    const mat = matrixFromRows(["a", "b", "c", "d", "e", "f", "g"], rows);
    const epochs = 50;
    const train = timeIt(() => trainMlp(mat, y, { maxEpochs: epochs, patience: epochs + 1, seed: 1 }));
    const model = train.value.model;
    let sink = 0;
    const n = 200_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sink += model.predictRow(rows[i % 2000]!);
    const predictNs = ((performance.now() - t0) * 1e6) / n;
    const ols = timeIt(() => OlsRegressor.fit(mat, y));
    return {
      features,
      network: {
        rows: 2000,
        inputs: 7,
        hidden: [16, 16],
        epochs,
        trainSeconds: sig(train.seconds),
        trainCpuSeconds: sig(train.cpuSeconds),
        // 1,600 training rows per epoch (the last 20 % are the validation split)
        cpuMicrosecondsPerSampleEpoch: sig((train.cpuSeconds / (epochs * 1600)) * 1e6),
        predictNanoseconds: sig(predictNs, 3),
      },
      olsFitSeconds2000x7: sig(ols.seconds),
      sink: Number.isFinite(sink) ? 0 : 1,
    };
  },
};
