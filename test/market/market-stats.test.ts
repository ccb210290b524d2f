import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../src/core/errors.js";
import { DAY_MS, HOUR_MS, type Interval, intervalMs, MINUTE_MS } from "../../src/core/interval.js";
import { type Candle, type CandleSeries, seriesFromCandles } from "../../src/core/market-types.js";
import {
  abdiRanaldoEstimate,
  abdiRanaldoSpread,
  amihudEstimate,
  amihudIlliquidity,
  averageDailyVolume,
  corwinSchultzEstimate,
  corwinSchultzPair,
  corwinSchultzSpread,
  intradayVolumeProfile,
  marketStats,
  marketStatsForRange,
  readStatsSeries,
  realizedVolatility,
  realizedVolatilityForRange,
} from "../../src/market/market-stats.js";
import { corwinSchultzPairWithLogs } from "../../src/market/stats/corwin-schultz.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { writeCandles } from "../../src/store/candle-store.js";
import { openDatabase } from "../../src/store/database.js";
import { describeWithSharedData } from "../helpers/shared-data.js";

const T0 = Date.UTC(2024, 0, 1);

function series(interval: Interval, rows: Partial<Candle>[], startMs = T0): CandleSeries {
  const ms = intervalMs(interval);
  const candles = rows.map((r, i) => ({
    openTimeMs: r.openTimeMs ?? startMs + i * ms,
    open: r.open ?? r.close ?? 100,
    high: r.high ?? Math.max(r.open ?? 100, r.close ?? 100),
    low: r.low ?? Math.min(r.open ?? 100, r.close ?? 100),
    close: r.close ?? 100,
    volume: r.volume ?? 1,
    turnover: r.turnover ?? Number.NaN,
  }));
  return seriesFromCandles({ symbol: "TEST", category: "linear", interval }, ms, candles);
}

function expectCode(fn: () => unknown, code: string, message?: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ExecsimError);
  expect((err as ExecsimError).code).toBe(code);
  if (message) expect((err as ExecsimError).message).toMatch(message);
}

describe("realizedVolatility", () => {
  it("matches the hand-computed value on four 1-minute closes", () => {
    // r = ln(1.01), ln(100/101), ln(1.02); Σr² = 5.9016e-4; per bar √(Σr²/3) = 0.0140257170465,
    // daily ×√1440 = 0.532238540208, annualized ×√365 = 10.1684030331.
    const v = realizedVolatility(
      series("1", [{ close: 100 }, { close: 101 }, { close: 100 }, { close: 102 }]),
    );
    expect(v.nReturns).toBe(3);
    expect(v.perBar).toBeCloseTo(0.014025717046511623, 14);
    expect(v.daily).toBeCloseTo(0.5322385402083183, 12);
    expect(v.annualized).toBeCloseTo(10.16840303313774, 11);
  });

  it("counts a return across missing bars as several bars of variance", () => {
    // Closes 100, 101 at t0, t0+1m, then 100 at t0+3m: two returns spanning 1 + 2 = 3 bars.
    const s = series("1", [
      { close: 100, openTimeMs: T0 },
      { close: 101, openTimeMs: T0 + MINUTE_MS },
      { close: 100, openTimeMs: T0 + 3 * MINUTE_MS },
    ]);
    const v = realizedVolatility(s);
    expect(v.nReturns).toBe(2);
    expect(v.nBarsSpanned).toBe(3);
    expect(v.perBar).toBeCloseTo(0.008124411120711411, 14);
  });

  it("recovers the σ of a generated series with constant volatility (no GARCH, no seasonality, no spread)", () => {
    const s = generateSyntheticCandles({
      symbol: "IID",
      category: "linear",
      interval: "1",
      startMs: T0,
      bars: 43_200,
      seed: 3,
      annualVol: 0.8,
      garchAlpha: 0,
      garchBeta: 0,
      volSeasonalityPeakToTrough: 1,
      spreadBps: 0,
    });
    const v = realizedVolatility(s);
    // 43,199 returns: the relative standard error of σ̂ is about √((κ−1)/(4n)) ≈ 0.6 % for ν = 5.
    expect(v.annualized).toBeGreaterThan(0.8 * 0.97);
    expect(v.annualized).toBeLessThan(0.8 * 1.03);
    expect(v.perBar).toBeCloseTo(0.8 / Math.sqrt(365 * 1440), 4);
  });

  it("rejects fewer than three bars with INSUFFICIENT_DATA naming the series", () => {
    expectCode(
      () => realizedVolatility(series("1", [{ close: 100 }, { close: 101 }])),
      "INSUFFICIENT_DATA",
      /realized volatility needs at least 3 bars.*TEST/,
    );
  });
});

describe("averageDailyVolume", () => {
  it("averages volume and turnover over the days covered", () => {
    // Two days of hourly bars, each 10 base and 1000 quote: 240 base and 24,000 quote per day.
    const s = series(
      "60",
      Array.from({ length: 48 }, () => ({ volume: 10, turnover: 1000 })),
    );
    expect(averageDailyVolume(s)).toEqual({
      volumeBase: 240,
      turnoverQuote: 24_000,
      days: 2,
      turnoverEstimated: false,
    });
  });

  it("estimates a missing turnover as volume × (H+L+C)/3 and says so", () => {
    // One day of 12 two-hour bars, H=103 L=97 C=100 → typical price 100; volume 5 → 500 quote each.
    const s = series(
      "120",
      Array.from({ length: 12 }, () => ({ high: 103, low: 97, close: 100, volume: 5 })),
    );
    const a = averageDailyVolume(s);
    expect(a.volumeBase).toBe(60);
    expect(a.turnoverQuote).toBeCloseTo(6000, 9);
    expect(a.turnoverEstimated).toBe(true);
  });

  it("counts missing bars as days without trades (coverage from first open to last close)", () => {
    // Bars at 00:00 and 47:00 (hourly): coverage 48 h = 2 days, total volume 20 → 10 per day.
    const s = series("60", [
      { volume: 10, openTimeMs: T0 },
      { volume: 10, openTimeMs: T0 + 47 * HOUR_MS },
    ]);
    expect(averageDailyVolume(s).volumeBase).toBe(10);
  });

  it("rejects less than one day", () => {
    expectCode(
      () =>
        averageDailyVolume(
          series(
            "60",
            Array.from({ length: 23 }, () => ({})),
          ),
        ),
      "INSUFFICIENT_DATA",
      /at least 1 day/,
    );
  });
});

describe("intradayVolumeProfile", () => {
  it("gives each UTC hour its share of volume; shares sum to 1", () => {
    // Two days of hourly bars with volume h+1 at hour h: total per day 300, share of hour h = (h+1)/300.
    const s = series(
      "60",
      Array.from({ length: 48 }, (_, i) => ({ volume: (i % 24) + 1 })),
    );
    const p = intradayVolumeProfile(s);
    expect(p.bucketMs).toBe(HOUR_MS);
    expect(p.shares.length).toBe(24);
    for (let h = 0; h < 24; h++) expect(p.shares[h]).toBeCloseTo((h + 1) / 300, 14);
    expect(p.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(Array.from(p.bars)).toEqual(Array(24).fill(2));
  });

  it("aggregates into wider buckets (2 h) and rejects buckets that do not tile the day or the bar", () => {
    const s = series(
      "60",
      Array.from({ length: 24 }, (_, i) => ({ volume: i < 12 ? 1 : 3 })),
    );
    const p = intradayVolumeProfile(s, 2 * HOUR_MS);
    expect(p.shares.length).toBe(12);
    expect(p.shares[0]).toBeCloseTo(2 / 48, 14);
    expect(p.shares[11]).toBeCloseTo(6 / 48, 14);
    expectCode(() => intradayVolumeProfile(s, 7 * HOUR_MS), "INVALID_ARGUMENT", /divides one day/);
    expectCode(() => intradayVolumeProfile(s, 30 * MINUTE_MS), "INVALID_ARGUMENT", /not a multiple/);
  });

  it("rejects less than a day and a day without volume", () => {
    expectCode(() => intradayVolumeProfile(series("60", [{}, {}])), "INSUFFICIENT_DATA", /full day/);
    const zero = series(
      "60",
      Array.from({ length: 24 }, () => ({ volume: 0 })),
    );
    expectCode(() => intradayVolumeProfile(zero), "INSUFFICIENT_DATA", /volume 0/);
  });
});

describe("corwinSchultzSpread (Corwin & Schultz 2012, J. Finance 67(2))", () => {
  it("two bars with H/L = 101/99 and no price change give exactly the 2 % spread", () => {
    // β = 2·ln(101/99)² = 8.000533e-4, γ = ln(101/99)² = 4.000267e-4, α = 0.0200006667 and
    // S = 2(e^α − 1)/(1 + e^α) = 0.02: with a constant mid, ln(H/L) = ln(ask/bid) and the estimator is exact.
    expect(corwinSchultzPair(101, 99, 100, 101, 99)).toBeCloseTo(0.02, 14);
  });

  it("a worked pair with a negative estimate is set to zero in the average", () => {
    // Bar 1: H 101 L 99 C 100; bar 2: H 102 L 100. β = 7.921707e-4, γ = 8.911994e-4,
    // α = −0.0041221144, S = −0.0041221085 → counts as 0.
    expect(corwinSchultzPair(101, 99, 100, 102, 100)).toBeCloseTo(-0.004122108538858288, 14);
    const s = series("1", [
      { high: 101, low: 99, close: 100 },
      { high: 102, low: 100, close: 101 },
    ]);
    const e = corwinSchultzEstimate(s);
    expect(e).toMatchObject({ spread: 0, pairs: 1, negativePairs: 1 });
    expect(e.rawMean).toBeCloseTo(-0.004122108538858288, 14);
  });

  it("shifts a bar that trades wholly above the previous close down by the gap (the paper's adjustment)", () => {
    // Bar 2 at 104-106 after a close of 100: shifted by −4 to 100-102, the pair above.
    expect(corwinSchultzPair(101, 99, 100, 106, 104)).toBeCloseTo(
      corwinSchultzPair(101, 99, 100, 102, 100),
      14,
    );
    expect(corwinSchultzPair(101, 99, 100, 96, 94)).toBeCloseTo(corwinSchultzPair(101, 99, 100, 100, 98), 14);
  });

  it("corwinSchultzPairWithLogs, given the bars' log ranges, has the same bits as corwinSchultzPair (gaps too)", () => {
    // The trailing-statistics pass computes each bar's ln(H/L) once and hands it to both pairs the bar is in.
    const price = fc.double({ min: 1, max: 1e5, noNaN: true });
    fc.assert(
      fc.property(
        price,
        price,
        price,
        price,
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        (a, b, c, d, w) => {
          const l1 = Math.min(a, b);
          const h1 = Math.max(a, b) * (1 + w);
          // bar 2 anywhere around bar 1's close: inside its range, wholly above or wholly below (gap-shifted)
          const l2 = Math.min(c, d);
          const h2 = Math.max(c, d) * (1 + w / 2);
          for (const c1 of [l1, (l1 + h1) / 2, h1]) {
            const want = corwinSchultzPair(h1, l1, c1, h2, l2);
            const got = corwinSchultzPairWithLogs(h1, l1, c1, h2, l2, Math.log(h1 / l1), Math.log(h2 / l2));
            expect(Object.is(got, want)).toBe(true);
          }
        },
      ),
      { seed: 20261122, numRuns: 500 },
    );
    // all three branches occur: bar 2 inside, above and below the close of 100
    for (const [h2, l2] of [
      [101, 99.5],
      [106, 104],
      [96, 94],
    ] as const) {
      const got = corwinSchultzPairWithLogs(101, 99, 100, h2, l2, Math.log(101 / 99), Math.log(h2 / l2));
      expect(Object.is(got, corwinSchultzPair(101, 99, 100, h2, l2))).toBe(true);
    }
  });

  it("recovers a known spread on a pure bid-ask-bounce series and skips pairs across a gap", () => {
    // Mid constant at 100, relative spread s = 10 bps: bid = 100(1 − s/2), ask = 100(1 + s/2).
    const s = 0.001;
    const ask = 100 * (1 + s / 2);
    const bid = 100 * (1 - s / 2);
    const rows = Array.from({ length: 50 }, (_, i) => ({
      open: i % 2 ? ask : bid,
      high: ask,
      low: bid,
      close: i % 3 ? ask : bid,
      openTimeMs: T0 + (i < 25 ? i : i + 5) * MINUTE_MS,
    }));
    const e = corwinSchultzEstimate(series("1", rows));
    expect(e.pairs).toBe(48);
    expect(e.spread).toBeCloseTo(s, 12);
    expect(corwinSchultzSpread(series("1", rows))).toBe(e.spread);
  });

  it("finds the bid-ask bounce in generated candles whose spread dominates their volatility", () => {
    // 20 bps spread, 5 % annual vol (σ per minute ≈ 0.7 bp), 50 trades per bar.
    const gen = generateSyntheticCandles({
      symbol: "SPRD",
      category: "linear",
      interval: "1",
      startMs: T0,
      bars: 20_000,
      seed: 11,
      annualVol: 0.05,
      spreadBps: 20,
      subSteps: 50,
      tickSize: 0.01,
    });
    const cs = corwinSchultzSpread(gen);
    expect(cs).toBeGreaterThan(0.0018);
    expect(cs).toBeLessThan(0.0022);
    const ar = abdiRanaldoSpread(gen);
    expect(ar).toBeGreaterThan(0.0016);
    expect(ar).toBeLessThan(0.0024);
  });

  it("rejects a series without two consecutive bars", () => {
    expectCode(() => corwinSchultzSpread(series("1", [{}])), "INSUFFICIENT_DATA", /two consecutive bars/);
  });
});

describe("abdiRanaldoSpread (Abdi & Ranaldo 2017, RFS 30(12))", () => {
  it("is exact on a pure bounce: 4·(c − η_t)(c − η_{t+1}) = s² when the mid-range is the mid", () => {
    const s = 0.002;
    const ask = Math.exp(Math.log(100) + s / 2);
    const bid = Math.exp(Math.log(100) - s / 2);
    const rows = Array.from({ length: 30 }, (_, i) => ({ high: ask, low: bid, close: i % 2 ? ask : bid }));
    const e = abdiRanaldoEstimate(series("1", rows));
    expect(e.pairs).toBe(29);
    expect(e.moment).toBeCloseTo(s * s, 15);
    expect(e.spread).toBeCloseTo(s, 12);
  });

  it("hand-computed two-bar moment, and a negative moment gives 0", () => {
    // c_1 = ln 100, η_1 = ln √(101·99), η_2 = ln √(103·101): c_1 − η_1 = 5.00025e-5,
    // c_1 − η_2 = −0.0197545665, 4·(5.00025e-5)·(−0.0197545665) = −3.9511109e-6 < 0 → spread 0.
    const e = abdiRanaldoEstimate(
      series("1", [
        { high: 101, low: 99, close: 100 },
        { high: 103, low: 101, close: 102 },
      ]),
    );
    const c = Math.log(100);
    const expected = 4 * (c - 0.5 * Math.log(101 * 99)) * (c - 0.5 * Math.log(103 * 101));
    expect(e.moment).toBeCloseTo(expected, 15);
    expect(e.moment).toBeCloseTo(-3.951110868337991e-6, 15);
    expect(e.spread).toBe(0);
  });
});

describe("amihudIlliquidity (Amihud 2002, daily aggregation)", () => {
  it("averages |R_d| / turnover_d over days, R_d from the previous day's close", () => {
    // Day 1: ln(110/100)/1e6 = 9.531018e-8; day 2: |ln(99/110)|/2e6 = 5.268026e-8; mean 7.399522e-8.
    const s = series("D", [
      { open: 100, high: 111, low: 99, close: 110, turnover: 1e6 },
      { open: 110, high: 111, low: 98, close: 99, turnover: 2e6 },
    ]);
    const a = amihudEstimate(s);
    expect(a.days).toBe(2);
    expect(a.illiquidity).toBeCloseTo(7.399521881661903e-8, 20);
    expect(a.perMillion).toBeCloseTo(0.073995218816619, 14);
    expect(amihudIlliquidity(s)).toBe(a.illiquidity);
  });

  it("uses only complete UTC days of intraday bars", () => {
    // 12-hour bars: day 1 complete (2 bars), day 2 only its first bar → one day counted.
    const s = series("720", [
      { open: 100, close: 105, turnover: 500 },
      { open: 105, close: 102, turnover: 500 },
      { open: 102, close: 200, turnover: 1 },
    ]);
    const a = amihudEstimate(s);
    expect(a.days).toBe(1);
    expect(a.illiquidity).toBeCloseTo(Math.log(102 / 100) / 1000, 15);
  });

  it("rejects weekly bars and ranges without a complete day", () => {
    expectCode(
      () => amihudIlliquidity(series("W", [{}, {}], Date.UTC(2024, 0, 1))),
      "INVALID_ARGUMENT",
      /daily/,
    );
    expectCode(
      () =>
        amihudIlliquidity(
          series(
            "60",
            Array.from({ length: 20 }, () => ({})),
          ),
        ),
      "INSUFFICIENT_DATA",
      /complete UTC day/,
    );
  });
});

describe("marketStats and the date-range helpers", () => {
  const gen = generateSyntheticCandles({
    symbol: "SYN",
    category: "linear",
    interval: "5",
    startMs: T0,
    bars: 3 * 288,
    seed: 5,
  });

  it("marketStats gathers every statistic of the series", () => {
    const m = marketStats(gen);
    expect(m.bars).toBe(864);
    expect(m.fromMs).toBe(T0);
    expect(m.toMs).toBe(T0 + 3 * DAY_MS);
    expect(m.days).toBe(3);
    expect(m.volatility).toEqual(realizedVolatility(gen));
    expect(m.dailyVolume).toEqual(averageDailyVolume(gen));
    expect(m.corwinSchultz.spread).toBe(corwinSchultzSpread(gen));
    expect(m.abdiRanaldo.spread).toBe(abdiRanaldoSpread(gen));
    expect(m.amihud!.illiquidity).toBe(amihudIlliquidity(gen));
    expect(Array.from(m.intradayProfile!.shares)).toEqual(Array.from(intradayVolumeProfile(gen).shares));
  });

  it("weekly bars: no hourly profile and no daily Amihud ratio, the rest is computed", () => {
    const weekly = generateSyntheticCandles({
      symbol: "W",
      category: "linear",
      interval: "W",
      startMs: Date.UTC(2024, 0, 1),
      bars: 10,
      seed: 1,
    });
    const m = marketStats(weekly);
    expect(m.amihud).toBeNull();
    expect(m.intradayProfile).toBeNull();
    expect(m.days).toBe(70);
    expect(m.volatility.nReturns).toBe(9);
  });

  it("reads a stored range, demands two days by default, and names what is missing", () => {
    const store = openDatabase(":memory:");
    const key = { symbol: "SYN", category: "linear", interval: "5" } as const;
    writeCandles(store, key, gen, "synthetic:5");
    const all = marketStatsForRange(store, key, T0, T0 + 3 * DAY_MS);
    expect(all.bars).toBe(864);
    expect(all.volatility.annualized).toBeCloseTo(marketStats(gen).volatility.annualized, 12);
    // The last two days only.
    const two = realizedVolatilityForRange(store, key, T0 + DAY_MS, T0 + 3 * DAY_MS);
    expect(two.nReturns).toBe(575);
    expectCode(
      () => readStatsSeries(store, key, T0, T0 + DAY_MS + HOUR_MS),
      "INSUFFICIENT_DATA",
      /at least 2 day\(s\) of candles \(576 bars\), but the range holds 300 bar\(s\)/,
    );
    expect(readStatsSeries(store, key, T0, T0 + DAY_MS, { minDays: 1 }).length).toBe(288);
    expectCode(() => readStatsSeries(store, key, T0, T0), "INVALID_ARGUMENT", /empty/);
    expectCode(() => readStatsSeries(store, { ...key, symbol: "NOPE" }, T0, T0 + DAY_MS), "NOT_FOUND");
    store.close();
  });
});

describe("broken candles", () => {
  it("a price <= 0 or NaN is a VALIDATION_ERROR, never a silent NaN statistic", () => {
    const bad = series("1", [{ close: 100 }, { close: 0 }, { close: 101 }, { close: 102 }]);
    expectCode(
      () => realizedVolatility(bad),
      "VALIDATION_ERROR",
      /realized volatility of TEST .* price <= 0 or NaN/,
    );
    const nanLow = series("1", [{ close: 100 }, { close: 101, low: Number.NaN }, { close: 102 }]);
    expectCode(() => corwinSchultzSpread(nanLow), "VALIDATION_ERROR", /Corwin-Schultz/);
    expectCode(() => abdiRanaldoSpread(nanLow), "VALIDATION_ERROR", /Abdi-Ranaldo/);
    const day = series(
      "D",
      [{ open: 100, close: 0 }, { close: 100 }].map((r) => ({ ...r, turnover: 1 })),
    );
    expectCode(() => amihudIlliquidity(day), "VALIDATION_ERROR", /Amihud/);
  });
});

describe("statistics invariants (property)", () => {
  function scaled(s: CandleSeries, priceFactor: number, volumeFactor: number): CandleSeries {
    const m = (a: Float64Array, f: number) => a.map((x) => x * f);
    return {
      ...s,
      open: m(s.open, priceFactor),
      high: m(s.high, priceFactor),
      low: m(s.low, priceFactor),
      close: m(s.close, priceFactor),
      volume: m(s.volume, volumeFactor),
      turnover: m(s.turnover, priceFactor * volumeFactor),
    };
  }

  it("a change of price unit (×c) or volume unit (×k) rescales only what it should", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (seed, c, k) => {
          const s = generateSyntheticCandles({
            symbol: "P",
            category: "linear",
            interval: "15",
            startMs: T0,
            bars: 2 * 96,
            seed,
          });
          const a = marketStats(s);
          const b = marketStats(scaled(s, c, k));
          const rel = (x: number, y: number) =>
            Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y), 1e-300);
          expect(rel(b.volatility.annualized, a.volatility.annualized)).toBe(true);
          expect(Math.abs(b.corwinSchultz.rawMean - a.corwinSchultz.rawMean)).toBeLessThan(1e-12);
          expect(Math.abs(b.abdiRanaldo.moment - a.abdiRanaldo.moment)).toBeLessThan(1e-12);
          expect(rel(b.dailyVolume.volumeBase, a.dailyVolume.volumeBase * k)).toBe(true);
          expect(rel(b.dailyVolume.turnoverQuote, a.dailyVolume.turnoverQuote * c * k)).toBe(true);
          expect(rel(b.amihud!.illiquidity, a.amihud!.illiquidity / (c * k))).toBe(true);
          const pa = a.intradayProfile!.shares;
          const pb = b.intradayProfile!.shares;
          for (let h = 0; h < 24; h++) expect(Math.abs(pb[h]! - pa[h]!)).toBeLessThan(1e-12);
          expect(pa.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
          expect(a.corwinSchultz.spread).toBeGreaterThanOrEqual(0);
          expect(a.abdiRanaldo.spread).toBeGreaterThanOrEqual(0);
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });

  it("shifting a series by whole days leaves every statistic unchanged", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: -3000, max: 3000 }),
        (seed, days) => {
          const s = generateSyntheticCandles({
            symbol: "P",
            category: "linear",
            interval: "60",
            startMs: T0,
            bars: 72,
            seed,
          });
          const shifted = { ...s, openTimeMs: s.openTimeMs.map((t) => t + days * DAY_MS) };
          const a = marketStats(s);
          const b = marketStats(shifted);
          expect(b.toMs - b.fromMs).toBe(a.toMs - a.fromMs);
          expect({ ...b, fromMs: 0, toMs: 0 }).toEqual({ ...a, fromMs: 0, toMs: 0 });
        },
      ),
      { seed: 42, numRuns: 40 },
    );
  });
});

const CSV = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../shared/data/bybit/candles/BTCUSDT_linear_1m_2025-05-30_2025-06-29.csv",
);

describeWithSharedData(CSV, "statistics of real Bybit BTCUSDT 1m candles", () => {
  function loadCsv(): CandleSeries {
    const lines = readFileSync(CSV, "utf8").trim().split(/\r?\n/);
    expect(lines[0]).toBe("timestamp,open,high,low,close,volume");
    const candles: Candle[] = lines.slice(1).map((l) => {
      const [ts, o, h, lo, c, v] = l.split(",");
      return {
        openTimeMs: Date.parse(ts!.endsWith("Z") || /[+-]\d\d:?\d\d$/.test(ts!) ? ts! : `${ts}Z`),
        open: Number(o),
        high: Number(h),
        low: Number(lo),
        close: Number(c),
        volume: Number(v),
        turnover: Number.NaN,
      };
    });
    return seriesFromCandles({ symbol: "BTCUSDT", category: "linear", interval: "1" }, MINUTE_MS, candles);
  }

  it("gives figures a BTC trader recognises (vol 20-120 %, spread under 10 bps, ADV in the tens of thousands)", () => {
    const s = loadCsv();
    expect(s.length).toBe(43_200);
    const m = marketStats(s);
    expect(m.volatility.annualized).toBeGreaterThan(0.2);
    expect(m.volatility.annualized).toBeLessThan(1.2);
    expect(m.dailyVolume.turnoverEstimated).toBe(true);
    expect(m.dailyVolume.volumeBase).toBeGreaterThan(5_000);
    expect(m.dailyVolume.volumeBase).toBeLessThan(500_000);
    expect(m.corwinSchultz.spread).toBeGreaterThan(0);
    expect(m.corwinSchultz.spread).toBeLessThan(0.001);
    expect(m.abdiRanaldo.spread).toBeLessThan(0.001);
    // The file starts at 2025-05-30 16:39 UTC: 30 days of bars but only 29 complete UTC days.
    expect(m.amihud!.days).toBe(29);
    const sh = m.intradayProfile!.shares;
    expect(sh.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
