import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import {
  calibrateSquareRoot,
  type SquareRootCalibrationPoint,
} from "../../src/impact/square-root-calibration.js";
import {
  SquareRootImpactModel,
  squareRootFraction,
  squareRootImpact,
  squareRootModelFromStats,
} from "../../src/impact/square-root-impact.js";
import { marketStats } from "../../src/market/market-stats.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";

describe("squareRootImpact", () => {
  it("a buy of 1% of ADV at σ = 2%, η = 0.5 moves the price 10 bps and costs 0.1% of notional", () => {
    // ΔP/P = 0.02 · 0.5 · √(1,000/100,000) = 0.02 · 0.5 · 0.1 = 0.001
    const r = squareRootImpact({
      sigma: 0.02,
      eta: 0.5,
      delta: 0.5,
      qty: 1000,
      volume: 100_000,
      mid: 50_000,
    });
    expect(r.fraction).toBeCloseTo(0.001, 15);
    expect(r.bps).toBeCloseTo(10, 12);
    // cost = 0.001 · 1,000 · 50,000 = 50,000 quote
    expect(r.costQuote).toBeCloseTo(50_000, 8);
  });

  it("a sell has negative impact and the same positive cost", () => {
    const buy = squareRootImpact({ sigma: 0.03, eta: 0.8, qty: 250, volume: 40_000, mid: 3000 });
    const sell = squareRootImpact({ sigma: 0.03, eta: 0.8, qty: -250, volume: 40_000, mid: 3000 });
    expect(sell.fraction).toBe(-buy.fraction);
    expect(sell.bps).toBe(-buy.bps);
    expect(sell.costQuote).toBe(buy.costQuote);
    expect(buy.costQuote).toBeGreaterThan(0);
  });

  it("doubling the order raises impact by √2 ≈ 41% (seed: 'not 100%') and cost by 2√2", () => {
    const a = squareRootImpact({ sigma: 0.02, eta: 0.5, qty: 100, volume: 1e5, mid: 1 });
    const b = squareRootImpact({ sigma: 0.02, eta: 0.5, qty: 200, volume: 1e5, mid: 1 });
    expect(b.fraction / a.fraction).toBeCloseTo(Math.SQRT2, 14);
    expect(b.costQuote / a.costQuote).toBeCloseTo(2 * Math.SQRT2, 14);
  });

  it("general δ: σ = 0.04, η = 0.3, δ = 0.6, |Q|/V = 0.05 gives 0.012 · 0.05^0.6", () => {
    const r = squareRootImpact({ sigma: 0.04, eta: 0.3, delta: 0.6, qty: -500, volume: 10_000, mid: 2 });
    // 0.05^0.6 = exp(0.6 ln 0.05) = 0.16572270086699..., × 0.012 = 0.0019886724104...
    expect(r.fraction).toBeCloseTo(-0.0019886724104, 12);
    expect(r.costQuote).toBeCloseTo(0.0019886724104 * 500 * 2, 10);
  });

  it("zero size has zero impact and cost", () => {
    const r = squareRootImpact({ sigma: 0.02, eta: 0.5, qty: 0, volume: 1e5, mid: 10 });
    expect(r.fraction).toBe(0);
    expect(r.costQuote).toBe(0);
  });

  it.each([
    [{ volume: 0 }, /volume/],
    [{ mid: -1 }, /mid/],
    [{ sigma: Number.NaN }, /sigma/],
    [{ eta: -0.1 }, /eta/],
    [{ delta: 0 }, /delta/],
    [{ qty: Number.POSITIVE_INFINITY }, /qty/],
  ])("rejects invalid input %o", (patch, msg) => {
    expect(() =>
      squareRootImpact({ sigma: 0.02, eta: 0.5, qty: 10, volume: 1e5, mid: 10, ...patch }),
    ).toThrow(msg);
  });

  it("cost is monotone and concave in size (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        fc.double({ min: 1.01, max: 10, noNaN: true }),
        (q, k) => {
          const f1 = squareRootFraction(0.02, 0.5, 0.5, q, 1e5);
          const f2 = squareRootFraction(0.02, 0.5, 0.5, k * q, 1e5);
          expect(f2).toBeGreaterThan(f1);
          expect(f2).toBeLessThan(k * f1); // concave: impact grows slower than size
          expect(f2 / f1).toBeCloseTo(Math.sqrt(k), 10);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe("SquareRootImpactModel", () => {
  it("implements ImpactModel with the same numbers as squareRootImpact", () => {
    const m = new SquareRootImpactModel({ sigma: 0.02, eta: 0.5, volume: 100_000 });
    expect(m.name).toBe("sqrt");
    const e = m.estimate({ qty: -1000, mid: 50_000 });
    expect(e).toEqual(squareRootImpact({ sigma: 0.02, eta: 0.5, qty: -1000, volume: 100_000, mid: 50_000 }));
    expect(e.bps).toBeCloseTo(-10, 12);
    expect(() => new SquareRootImpactModel({ sigma: 0.02, eta: 0.5, volume: 0 })).toThrow(/volume/);
  });

  it("takes σ and V from the market-statistics module", () => {
    const series = generateSyntheticCandles({
      symbol: "SYN",
      category: "linear",
      interval: "5",
      startMs: Date.UTC(2024, 0, 1),
      bars: 288 * 5,
      seed: 3,
    });
    const stats = marketStats(series);
    const m = squareRootModelFromStats(stats, { eta: 0.7 });
    expect(m.config.sigma).toBe(stats.volatility.daily);
    expect(m.config.volume).toBe(stats.dailyVolume.volumeBase);
    expect(m.config.delta).toBe(0.5);
    const q = stats.dailyVolume.volumeBase / 100; // 1 % of ADV: impact = σ·0.7·0.1
    expect(m.estimate({ qty: q, mid: 100 }).fraction).toBeCloseTo(stats.volatility.daily * 0.07, 14);
  });
});

/** Impacts generated from known η, δ with multiplicative log-normal noise (seeded). */
function synthetic(seed: string, n: number, eta: number, delta: number, noise: number) {
  const rng = createRng(seed);
  const pts: SquareRootCalibrationPoint[] = [];
  for (let i = 0; i < n; i++) {
    const volume = 1e4 * (1 + rng.uniform());
    const participation = 10 ** (-4 + 3 * rng.uniform()); // 1e-4 .. 1e-1 of ADV
    const sigma = 0.01 + 0.04 * rng.uniform();
    const side = rng.uniform() < 0.5 ? -1 : 1;
    const impact = side * sigma * eta * participation ** delta * Math.exp(noise * rng.normal());
    pts.push({ qty: side * participation * volume, volume, sigma, impact });
  }
  return pts;
}

describe("calibrateSquareRoot", () => {
  it("recovers η and δ exactly from noise-free data (R² = 1)", () => {
    const fit = calibrateSquareRoot(synthetic("exact", 50, 0.7, 0.55, 0));
    expect(fit.eta).toBeCloseTo(0.7, 10);
    expect(fit.delta).toBeCloseTo(0.55, 10);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.n).toBe(50);
    expect(fit.excluded).toBe(0);
  });

  it("recovers known η = 0.7, δ = 0.55 from noisy data within two standard errors", () => {
    const fit = calibrateSquareRoot(synthetic("noisy", 400, 0.7, 0.55, 0.3));
    expect(Math.abs(fit.eta - 0.7)).toBeLessThan(2 * fit.etaSE);
    expect(Math.abs(fit.delta - 0.55)).toBeLessThan(2 * fit.deltaSE);
    // the SEs are of the right size for 400 points with log-noise 0.3 over 3 decades of size
    expect(fit.deltaSE).toBeGreaterThan(0.005);
    expect(fit.deltaSE).toBeLessThan(0.03);
    expect(fit.residualStd).toBeCloseTo(0.3, 1);
    expect(fit.r2).toBeGreaterThan(0.8);
    expect(fit.r2).toBeLessThan(1);
  });

  it("its standard errors are honest: ±1 SE covers the true δ and ln η about 68% of the time", () => {
    let coverDelta = 0;
    let coverEta = 0;
    const reps = 300;
    for (let r = 0; r < reps; r++) {
      const fit = calibrateSquareRoot(synthetic(`cover-${r}`, 60, 0.4, 0.5, 0.5));
      if (Math.abs(fit.delta - 0.5) <= fit.deltaSE) coverDelta++;
      if (Math.abs(fit.lnEta - Math.log(0.4)) <= fit.lnEtaSE) coverEta++;
    }
    // binomial(300, 0.683): sd ≈ 0.027, so [0.6, 0.77] is a > 3 sd band
    expect(coverDelta / reps).toBeGreaterThan(0.6);
    expect(coverDelta / reps).toBeLessThan(0.77);
    expect(coverEta / reps).toBeGreaterThan(0.6);
    expect(coverEta / reps).toBeLessThan(0.77);
  });

  it("matches the textbook simple-regression formulas b = Sxy/Sxx, a = ȳ − b x̄", () => {
    const pts = synthetic("textbook", 30, 1.2, 0.45, 0.4);
    const xs = pts.map((p) => Math.log(Math.abs(p.qty) / p.volume));
    const ys = pts.map((p) => Math.log(Math.abs(p.impact) / p.sigma));
    const mx = xs.reduce((a, b) => a + b) / xs.length;
    const my = ys.reduce((a, b) => a + b) / ys.length;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    xs.forEach((x, i) => {
      sxy += (x - mx) * (ys[i]! - my);
      sxx += (x - mx) ** 2;
      syy += (ys[i]! - my) ** 2;
    });
    const b = sxy / sxx;
    const a = my - b * mx;
    const rss = syy - b * sxy;
    const s2 = rss / (xs.length - 2);
    const fit = calibrateSquareRoot(pts);
    expect(fit.delta).toBeCloseTo(b, 10);
    expect(fit.lnEta).toBeCloseTo(a, 10);
    expect(fit.deltaSE).toBeCloseTo(Math.sqrt(s2 / sxx), 10);
    expect(fit.lnEtaSE).toBeCloseTo(Math.sqrt(s2 * (1 / xs.length + (mx * mx) / sxx)), 10);
    expect(fit.etaSE).toBeCloseTo(Math.exp(a) * fit.lnEtaSE, 10);
    expect(fit.r2).toBeCloseTo((sxy * sxy) / (sxx * syy), 10);
  });

  it("excludes and counts zero-impact, zero-size and invalid rows instead of dropping them silently", () => {
    const pts = synthetic("exclude", 20, 0.7, 0.5, 0.1);
    const all = [
      ...pts,
      { qty: 100, volume: 1e4, sigma: 0.02, impact: 0 },
      { qty: 100, volume: 1e4, sigma: 0.02, impact: 0 },
      { qty: 0, volume: 1e4, sigma: 0.02, impact: 0.001 },
      { qty: 100, volume: 0, sigma: 0.02, impact: 0.001 },
      { qty: 100, volume: 1e4, sigma: Number.NaN, impact: 0.001 },
    ];
    const fit = calibrateSquareRoot(all);
    expect(fit.n).toBe(20);
    expect(fit.excluded).toBe(5);
    expect(fit.excludedBreakdown).toEqual({ zeroImpact: 2, zeroQty: 1, invalid: 2 });
    expect(fit.oppositeSign).toBe(0);
    // flipping the sign of three impacts changes nothing in the fit but is counted
    const flipped = pts.map((p, i) => (i < 3 ? { ...p, impact: -p.impact } : p));
    const f2 = calibrateSquareRoot(flipped);
    expect(f2.oppositeSign).toBe(3);
    expect(f2.eta).toBe(calibrateSquareRoot(pts).eta);
    const clean = calibrateSquareRoot(pts);
    expect(fit.eta).toBe(clean.eta);
    expect(fit.delta).toBe(clean.delta);
  });

  it("refuses fewer than 3 usable points or a single size with INSUFFICIENT_DATA", () => {
    const two = synthetic("two", 2, 0.7, 0.5, 0.1);
    expect(() => calibrateSquareRoot([...two, { qty: 1, volume: 1, sigma: 1, impact: 0 }])).toThrow(
      /at least 3 points.*1 zero impact/,
    );
    const same = [1, 2, 3].map((i) => ({ qty: 10, volume: 1000, sigma: 0.02, impact: 0.001 * i }));
    expect(() => calibrateSquareRoot(same)).toThrow(/different sizes/);
  });
});
