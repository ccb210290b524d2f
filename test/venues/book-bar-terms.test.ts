/**
 * The synthetic book's shared per-bar terms (book-bar-terms.ts): one computation per series and
 * parameter set, one η table per seed, and the same bits as computing everything per venue.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { BarNoise, barNoise, bookBarTerms, hashedNormal } from "../../src/venues/book-bar-terms.js";
import { DEFAULT_SYNTHETIC_BOOK, SyntheticBookModel } from "../../src/venues/synthetic-book.js";
import { TrailingBarStats } from "../../src/venues/trailing-bar-stats.js";

const series = generateSyntheticCandles({
  symbol: "T",
  category: "linear",
  interval: "1",
  startMs: Date.UTC(2024, 0, 1),
  bars: 2000,
  seed: 5,
});

describe("BarNoise", () => {
  it("gives exp(nu z_i - nu^2/2) with z_i = hashedNormal(seed, i), bit for bit, whatever order the bars are asked in", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 60 }), (bars) => {
        const nu = 0.2;
        const noise = new BarNoise(77, nu);
        for (const i of bars) {
          const want = Math.exp(nu * hashedNormal(77, i) - (nu * nu) / 2);
          expect(noise.at(i)).toBe(want);
        }
        // asked again after the table grew in both directions: unchanged
        for (const i of bars) expect(noise.at(i)).toBe(Math.exp(nu * hashedNormal(77, i) - (nu * nu) / 2));
      }),
      { seed: 3, numRuns: 60 },
    );
  });

  it("is shared per (series, seed, nu) and distinct otherwise", () => {
    const a = barNoise(series, 1, 0.2);
    expect(barNoise(series, 1, 0.2)).toBe(a);
    expect(barNoise(series, 2, 0.2)).not.toBe(a);
    expect(barNoise(series, 1, 0.3)).not.toBe(a);
    expect(barNoise({ ...series }, 1, 0.2)).not.toBe(a);
  });
});

describe("bookBarTerms", () => {
  const params = { ...DEFAULT_SYNTHETIC_BOOK, spacingRel: 1e-4 };

  it("is shared per series and parameter set; a cold copy of the series gives the same bits", () => {
    const t = bookBarTerms(series, params);
    expect(bookBarTerms(series, { ...params })).toBe(t);
    expect(bookBarTerms(series, { ...params, windowBars: 60 })).not.toBe(t);
    const cold = bookBarTerms({ ...series }, params);
    expect(cold).not.toBe(t);
    // warm: ask for late bars first; cold: early bars first
    for (let i = 1995; i >= 0; i -= 7) if (!t.isSet(i)) t.compute(i);
    for (let i = 0; i < 2000; i += 7) {
      if (!cold.isSet(i)) cold.compute(i);
      expect(cold.base(i)).toBe(t.base(i));
      expect(cold.hRel(i)).toBe(t.hRel(i));
    }
  });

  it("base_i = depthScale * V_i * (spacing / sigma_i)^2 and hRel_i = CS spread / 2 from the trailing statistics", () => {
    const t = bookBarTerms(series, params);
    const st = new TrailingBarStats();
    st.prepare(series);
    const W = params.windowBars;
    for (const i of [0, 1, 2, 31, 64, 65, 500, 1999]) {
      if (!t.isSet(i)) t.compute(i);
      const sig = Math.max(st.sigma(i, W), params.minVolatilityBps * 1e-4);
      const ratio = params.spacingRel / sig;
      expect(t.base(i)).toBe(params.depthScale * st.volume(i, W) * (ratio * ratio));
      const cs = st.spread(i, W);
      expect(t.hRel(i)).toBe(Number.isNaN(cs) ? params.halfSpreadBps * 1e-4 : cs / 2);
    }
  });

  it("a book model's depth unit is the shared base times its own seed's factor", () => {
    const a = new SyntheticBookModel();
    const b = new SyntheticBookModel();
    a.prepare(series, createRng(1).fork("market/x"));
    b.prepare(series, createRng(1).fork("market/y"));
    const terms = bookBarTerms(series, { ...a.params, spacingRel: a.spacingRel });
    let differ = 0;
    for (const i of [40, 41, 900]) {
      const ua = a.depthUnit(i);
      const ub = b.depthUnit(i);
      if (ua !== ub) differ++;
      // the factor is mean-one lognormal with sigma barNoise: within +-6 sigma
      expect(Math.abs(Math.log(ua / terms.base(i)))).toBeLessThan(6 * a.params.barNoise + 0.1);
    }
    // different seeds: different books
    expect(differ).toBe(3);
  });
});
