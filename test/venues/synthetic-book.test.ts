import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocSeries, seriesFromCandles, sliceSeries } from "../../src/core/market-types.js";
import { createRng } from "../../src/core/rng.js";
import { abdiRanaldoEstimate } from "../../src/market/stats/abdi-ranaldo.js";
import { corwinSchultzPair } from "../../src/market/stats/corwin-schultz.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { autoTickSize, hashedNormal, SyntheticBookModel } from "../../src/venues/synthetic-book.js";
import { TrailingBarStats } from "../../src/venues/trailing-bar-stats.js";

const key = { symbol: "T", category: "linear" as const, interval: "1" as const };
const MIN = 60_000;
const bar = (i: number, o: number, h: number, l: number, c: number, v: number) => ({
  openTimeMs: i * MIN,
  open: o,
  high: h,
  low: l,
  close: c,
  volume: v,
  turnover: Number.NaN,
});

describe("TrailingBarStats", () => {
  const bars = [
    bar(0, 100, 101, 99, 100.5, 10),
    bar(1, 100.5, 102, 100, 101, 20),
    bar(2, 101, 101.5, 99.5, 100, 30),
    bar(4, 100, 100.8, 99.6, 100.2, 40), // gap before this bar
    bar(5, 100.2, 100.9, 100.1, 100.7, 50),
  ];
  const s = seriesFromCandles(key, MIN, bars);
  const st = new TrailingBarStats();
  st.prepare(s);
  const park = (h: number, l: number) => Math.log(h / l) ** 2 / (4 * Math.LN2);

  it("volume and Parkinson volatility are means over the window before the bar (bar 0: itself)", () => {
    expect(st.volume(0, 3)).toBe(10);
    expect(st.volume(1, 3)).toBe(10);
    expect(st.volume(3, 3)).toBeCloseTo(20, 12);
    expect(st.volume(4, 2)).toBeCloseTo(35, 12);
    expect(st.sigma(0, 3)).toBeCloseTo(Math.sqrt(park(101, 99)), 14);
    expect(st.sigma(3, 2)).toBeCloseTo(Math.sqrt((park(102, 100) + park(101.5, 99.5)) / 2), 14);
  });

  it("the spread averages the zero-floored two-bar Corwin-Schultz estimates inside the window, skipping gaps", () => {
    const p1 = Math.max(0, corwinSchultzPair(101, 99, 100.5, 102, 100));
    const p2 = Math.max(0, corwinSchultzPair(102, 100, 101, 101.5, 99.5));
    expect(Number.isNaN(st.spread(0, 5))).toBe(true);
    expect(Number.isNaN(st.spread(1, 5))).toBe(true);
    expect(st.spread(2, 5)).toBeCloseTo(p1, 14);
    expect(st.spread(3, 5)).toBeCloseTo((p1 + p2) / 2, 14);
    // pair (2, 3) spans the gap and is skipped; bar 4's window of 1 holds only that pair
    expect(Number.isNaN(st.spread(4, 1))).toBe(true);
    expect(st.spread(4, 5)).toBeCloseTo((p1 + p2) / 2, 14);
  });
});

describe("TrailingBarStats (canonical block sums, shared per series)", () => {
  const s = generateSyntheticCandles({
    symbol: "S",
    category: "linear",
    interval: "1",
    startMs: 0,
    bars: 400,
    seed: 8,
  });
  const direct = (x: Float64Array, from: number, to: number) => {
    let v = 0;
    for (let j = from; j < to; j++) v += x[j]!;
    return v;
  };
  const park = (j: number) => Math.log(s.high[j]! / s.low[j]!) ** 2 / (4 * Math.LN2);

  it("gives the same bits whatever bars were asked for before, on a fresh series object or a shared one", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 399 }), { minLength: 1, maxLength: 30 }),
        // windows shorter and longer than a 64-bar block
        fc.integer({ min: 1, max: 200 }),
        (bars, w) => {
          const st = new TrailingBarStats();
          st.prepare(s);
          for (const i of bars) {
            // a fresh copy of the series has its own (cold) cache: nothing computed before this query
            const fresh = new TrailingBarStats();
            fresh.prepare({ ...s });
            expect(st.volume(i, w)).toBe(fresh.volume(i, w));
            expect(st.sigma(i, w)).toBe(fresh.sigma(i, w));
            expect(Object.is(st.spread(i, w), fresh.spread(i, w))).toBe(true);
            const from = Math.max(i - w, 0);
            expect(st.volume(i, w)).toBeCloseTo(direct(s.volume, from, i) / (i - from), 9);
            let v = 0;
            for (let j = from; j < i; j++) v += park(j);
            expect(Math.abs(st.sigma(i, w) - Math.sqrt(v / (i - from)))).toBeLessThanOrEqual(
              1e-12 * st.sigma(i, w),
            );
          }
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe("TrailingBarStats Abdi-Ranaldo spread", () => {
  it("equals abdiRanaldoEstimate over the same bars (window of w pairs = bars [i−w−1, i))", () => {
    const s = generateSyntheticCandles({
      symbol: "S",
      category: "linear",
      interval: "1",
      startMs: 0,
      bars: 300,
      seed: 4,
    });
    const st = new TrailingBarStats();
    st.prepare(s);
    for (const [i, w] of [
      [100, 30],
      [250, 120],
      [31, 30],
    ] as const) {
      const ref = abdiRanaldoEstimate(sliceSeries(s, i - w - 1, i)).spread;
      expect(st.spreadAbdiRanaldo(i, w)).toBeCloseTo(ref, 12);
    }
    expect(Number.isNaN(st.spreadAbdiRanaldo(1, 30))).toBe(true);
  });
});

describe("SyntheticBookModel", () => {
  const flat = allocSeries(key, MIN, 50);
  for (let i = 0; i < 50; i++) {
    flat.openTimeMs[i] = i * MIN;
    flat.open[i] = flat.high[i] = flat.low[i] = flat.close[i] = 100;
    flat.volume[i] = 100;
  }

  it("levelsAt and cumAt are inverse, monotone, and c^(1/p) without noise", () => {
    for (const p of [1, 1.5, 2, 2.5]) {
      const quiet = new SyntheticBookModel({ levelNoise: 0, depthExponent: p, levels: 50 });
      quiet.prepare(flat, createRng(1));
      expect(quiet.levelsAt(quiet.askCum, 7.3)).toBeCloseTo(7.3 ** (1 / p), 12);
      expect(quiet.levelsAt(quiet.askCum, 1e6)).toBeCloseTo(1e6 ** (1 / p), 8); // beyond the last level
    }
    const m = new SyntheticBookModel({ levels: 40 });
    m.prepare(flat, createRng(2));
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        (a, b) => {
          for (const cum of [m.askCum, m.bidCum]) {
            expect(m.cumAt(cum, m.levelsAt(cum, a))).toBeCloseTo(a, 8);
            if (a < b) expect(m.levelsAt(cum, a)).toBeLessThanOrEqual(m.levelsAt(cum, b));
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it("integralAt is the integral of levelsAt (checked against Simpson's rule), and 2/3·c^1.5 without noise", () => {
    const quiet = new SyntheticBookModel({ levelNoise: 0, levels: 30 });
    quiet.prepare(flat, createRng(1));
    expect(quiet.integralAt(quiet.askCum, quiet.askInt, 12.25)).toBeCloseTo((2 / 3) * 12.25 ** 1.5, 10);
    expect(quiet.integralAt(quiet.askCum, quiet.askInt, 2000)).toBeCloseTo((2 / 3) * 2000 ** 1.5, 6);
    const m = new SyntheticBookModel({ levels: 30, depthExponent: 1.7 });
    m.prepare(flat, createRng(3));
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1200, noNaN: true }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        (c0, w) => {
          const n = 2000;
          let simpson = 0;
          for (let j = 0; j <= n; j++) {
            const wgt = j === 0 || j === n ? 1 : j % 2 ? 4 : 2;
            simpson += wgt * m.levelsAt(m.bidCum, c0 + (w * j) / n);
          }
          simpson *= w / n / 3;
          const exact = m.integralAt(m.bidCum, m.bidInt, c0 + w) - m.integralAt(m.bidCum, m.bidInt, c0);
          // Simpson is exact only inside a bin; across bin edges (kinks) it errs by O(h²): allow 1e-5 relative
          expect(Math.abs(exact - simpson)).toBeLessThanOrEqual(1e-5 * Math.abs(exact) + 1e-9);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it("level noise has mean one: the average of many profiles tracks k^p", () => {
    const m = new SyntheticBookModel({ levels: 200, levelNoise: 0.3 });
    m.prepare(flat, createRng(4));
    // cum[K] = Σ ((k+1)² − k²)·ε_k ≈ K² with a relative error of about 0.3/√K·(weights) — check 5 %
    expect(m.askCum[200]! / 200 ** 2).toBeGreaterThan(0.95);
    expect(m.askCum[200]! / 200 ** 2).toBeLessThan(1.05);
    expect(m.bidCum[200]).not.toBe(m.askCum[200]);
  });

  it("the per-bar depth unit is κ·V̄·(Δ/σ̄)²·η with η a mean-one lognormal hashed from (seed, bar)", () => {
    const m = new SyntheticBookModel({
      barNoise: 0,
      minVolatilityBps: 2,
      levelSpacingBps: 1,
      depthScale: 0.4,
    });
    m.prepare(flat, createRng(5));
    expect(m.depthUnit(10)).toBeCloseTo(0.4 * 100 * 0.25, 10);
    let sum = 0;
    const N = 4000;
    for (let i = 0; i < N; i++) sum += Math.exp(0.2 * hashedNormal(12345, i) - 0.02);
    expect(sum / N).toBeGreaterThan(0.98);
    expect(sum / N).toBeLessThan(1.02);
    expect(hashedNormal(1, 7)).toBe(hashedNormal(1, 7));
    expect(hashedNormal(1, 7)).not.toBe(hashedNormal(2, 7));
  });

  it("the automatic tick is a power of ten near 0.1–1 bp of the price; invalid parameters are rejected", () => {
    expect(autoTickSize(104_000)).toBeCloseTo(1, 12);
    expect(autoTickSize(42_000)).toBeCloseTo(0.1, 12);
    expect(autoTickSize(1.95)).toBeCloseTo(1e-5, 15);
    expect(() => new SyntheticBookModel({ levels: 0 })).toThrow(/levels must be an integer/);
    expect(() => new SyntheticBookModel({ depthExponent: 0.5 })).toThrow(/depthExponent/);
    expect(() => new SyntheticBookModel({ spread: "roll" as never })).toThrow(/corwin-schultz/);
    const m = new SyntheticBookModel();
    expect(() => m.prepare(allocSeries(key, MIN, 0), createRng(1))).toThrow(/empty/);
  });
});
