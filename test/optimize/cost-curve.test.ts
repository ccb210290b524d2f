import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { almgrenChrissSchedule } from "../../src/optimize/almgren-chriss.js";
import { acParamsFromMarket, preTradeCostCurve } from "../../src/optimize/cost-curve.js";

// 10 BTC at 50,000, 3 % daily vol, ADV 10,000 BTC, 2 bps spread
const MARKET = { mid: 50_000, sigmaDaily: 0.03, adv: 10_000, spread: 0.0002 };
const H = [1 / 1440, 10 / 1440, 1 / 24, 1];

describe("pre-trade cost curve, square-root model", () => {
  const curve = preTradeCostCurve({ model: "sqrt", qty: 10, horizonsDays: H, market: MARKET });

  it("hand-computed: E = notional·(s/2 + σ·η·√(Q/V)) for every horizon", () => {
    // 0.03·0.5·√(10/10,000) = 4.743416e-4; + 1e-4 half spread; × 500,000 notional = 287.1708
    for (const p of curve) {
      expect(p.expectedCostQuote).toBeCloseTo(500_000 * (1e-4 + 0.015 * Math.sqrt(0.001)), 8);
      expect(p.expectedCostBps).toBeCloseTo(1 + 150 * Math.sqrt(0.001), 10);
    }
    expect(curve[0]!.expectedCostQuote).toBeCloseTo(287.1708, 3);
  });

  it("hand-computed: SD = σ·|Q|·mid·√(T/3) (linear liquidation price risk)", () => {
    expect(curve[3]!.stdDevQuote).toBeCloseTo(15_000 / Math.sqrt(3), 8); // 8660.254
    expect(curve[2]!.stdDevQuote).toBeCloseTo(15_000 * Math.sqrt(1 / 72), 8); // 1767.767
    expect(curve[0]!.stdDevBps).toBeCloseTo(300 * Math.sqrt(1 / 4320), 10);
  });

  it("the SD formula matches a Monte Carlo of TWAP under Brownian prices", () => {
    // sell Q in N equal slices over T = 1 day; cost = Σ (S0 − S_k) n_k with S a Brownian motion
    const rng = createRng("cost-curve-mc");
    const N = 500;
    const paths = 4000;
    const sigmaP = 0.03 * 50_000;
    const dt = 1 / N;
    let s1 = 0;
    let s2 = 0;
    for (let p = 0; p < paths; p++) {
      let dS = 0;
      let cost = 0;
      for (let k = 0; k < N; k++) {
        dS += sigmaP * Math.sqrt(dt) * rng.normal();
        cost += dS * (10 / N); // slice k trades at the price after k+1 increments
      }
      s1 += cost;
      s2 += cost * cost;
    }
    const sd = Math.sqrt(s2 / paths - (s1 / paths) ** 2);
    // discrete TWAP: Var = σ²Q²T(1+1/N)(1+1/(2N))/3 → the continuous σ²Q²T/3; MC error ~ 1/√(2·4000) ≈ 1.1 %
    expect(sd / curve[3]!.stdDevQuote).toBeGreaterThan(0.965);
    expect(sd / curve[3]!.stdDevQuote).toBeLessThan(1.035);
  });
});

describe("pre-trade cost curve, Almgren-Chriss model", () => {
  it("AC rules of thumb from market statistics (paper §3)", () => {
    const p = acParamsFromMarket(MARKET);
    // spread in price = 2e-4·50,000 = 10
    expect(p.epsilon).toBeCloseTo(5, 12);
    expect(p.eta).toBeCloseTo(10 / 100, 12); // one spread per 1 % of ADV per day
    expect(p.gamma).toBeCloseTo(10 / 1000, 12); // one spread per 10 % of ADV
    expect(p.sigma).toBeCloseTo(1500, 9);
    // the paper's own example: 1/8 spread, 5M shares/day, $50 → η = 2.5e-6, γ = 2.5e-7, ε = 1/16
    const paper = acParamsFromMarket({ mid: 50, sigmaDaily: 0.019, adv: 5e6, spread: 0.125 / 50 });
    expect(paper.eta).toBeCloseTo(2.5e-6, 18);
    expect(paper.gamma).toBeCloseTo(2.5e-7, 19);
    expect(paper.epsilon).toBeCloseTo(0.0625, 15);
  });

  it("hand-computed TWAP (λ = 0) over 1 day in 10 steps: E = ½γX² + εX + η̃X²/T = 60.45", () => {
    const [p] = preTradeCostCurve({ model: "ac", qty: -10, horizonsDays: [1], market: MARKET });
    // ½·0.01·100 + 5·10 + (0.1 − 0.01·0.1/2)·100/1 = 0.5 + 50 + 9.95
    expect(p!.expectedCostQuote).toBeCloseTo(60.45, 9);
    // V = ⅓σ²X²T(1 − 1/N)(1 − 1/(2N)) = ⅓·1500²·100·0.9·0.95
    expect(p!.stdDevQuote).toBeCloseTo(Math.sqrt((1500 ** 2 * 100 * 0.9 * 0.95) / 3), 6);
  });

  it("with λ = 0 (TWAP in each horizon) faster costs more and risks less", () => {
    const curve = preTradeCostCurve({ model: "ac", qty: 10, horizonsDays: [...H, 5], market: MARKET });
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i]!.expectedCostQuote).toBeLessThan(curve[i - 1]!.expectedCostQuote);
      expect(curve[i]!.stdDevQuote).toBeGreaterThan(curve[i - 1]!.stdDevQuote);
    }
    // 10 BTC in one minute is a rate of 144 % of ADV per day: linear impact charges 144 spreads
    expect(curve[0]!.expectedCostBps).toBeGreaterThan(280);
  });

  it("with λ > 0 it agrees with the full schedule; long horizons front-load into the first slice", () => {
    const curve = preTradeCostCurve({
      model: "ac",
      qty: 10,
      horizonsDays: [...H, 5],
      market: MARKET,
      ac: { lambda: 1e-4 },
    });
    const rules = acParamsFromMarket(MARKET);
    const s = almgrenChrissSchedule({ ...rules, qty: 10, horizon: 1, steps: 10, lambda: 1e-4 });
    expect(curve[3]!.expectedCostQuote).toBeCloseTo(s.expectedCost, 8);
    expect(curve[3]!.stdDevQuote).toBeCloseTo(s.stdDev, 6);
    // κ ≈ 47/day (half-life ≈ 30 min): with 10 steps over 1 or 5 days the optimum sells most of the
    // order in the first slice; the discrete model fills a slice at the pre-slice price (no risk
    // inside a slice), so SD falls with T while E falls only through the slower in-slice rate n/τ
    expect(s.halfLife).toBeLessThan(1 / 24);
    expect(s.trades[0]! / 10).toBeGreaterThan(0.9);
    expect(curve[4]!.expectedCostQuote / curve[3]!.expectedCostQuote).toBeGreaterThan(0.4);
    expect(curve[4]!.stdDevQuote).toBeLessThan(curve[3]!.stdDevQuote);
  });

  it("rejects bad inputs with a hint", () => {
    expect(() => preTradeCostCurve({ model: "sqrt", qty: 0, horizonsDays: [1], market: MARKET })).toThrow(
      /non-zero/,
    );
    expect(() => preTradeCostCurve({ model: "sqrt", qty: 1, horizonsDays: [], market: MARKET })).toThrow(
      /horizon/,
    );
    expect(() =>
      preTradeCostCurve({ model: "ac", qty: 1, horizonsDays: [1], market: { ...MARKET, spread: 0 } }),
    ).toThrow(/spread/);
    expect(() =>
      preTradeCostCurve({ model: "x" as "sqrt", qty: 1, horizonsDays: [1], market: MARKET }),
    ).toThrow(/unknown cost model/);
  });
});
