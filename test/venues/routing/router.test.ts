/**
 * The router: the optimal split equalises marginal prices, beats every fixed-step split on a grid and
 * never costs more than the best single venue; it matches an independent optimum (golden-section search
 * on the share between two pools); arbitrage leaves pools in their fee band; trades conserve reserves.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Side } from "../../../src/core/market-types.js";
import { createRng } from "../../../src/core/rng.js";
import {
  type AmmLiquidity,
  ConcentratedLiquidity,
  ConstantProductLiquidity,
  ConstantSumLiquidity,
  type LiquiditySource,
} from "../../../src/venues/amm/pool-liquidity.js";
import { SyntheticBookVenue } from "../../../src/venues/book-venue.js";
import { BookLiquidity } from "../../../src/venues/routing/routed-venue.js";
import { optimalSplit, stepSplit } from "../../../src/venues/routing/router.js";
import { flatSeries } from "../../helpers/series-fixtures.js";

const cp = (name: string, base: number, price: number, fee: number) =>
  new ConstantProductLiquidity(name, base, base * price, fee);

function totalCost(side: Side, sources: readonly LiquiditySource[], split: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < sources.length; i++) c += sources[i]!.cost(side, split[i]!);
  return c;
}

/** Pools-only split (index 0 of the router's output is the book). */
function poolSplit(side: Side, q: number, pools: readonly LiquiditySource[]): number[] {
  return [...optimalSplit(side, q, undefined, pools)].slice(1);
}

describe("optimal split across constant-product pools", () => {
  const pools = [cp("a", 400, 60000, 0.003), cp("b", 150, 60100, 0.0005), cp("c", 900, 59900, 0.01)];

  it("equalises the marginal prices of the pools that trade (buy and sell)", () => {
    for (const side of ["buy", "sell"] as const) {
      const split = poolSplit(side, 30, pools);
      expect(split.reduce((a, b) => a + b, 0)).toBeCloseTo(30, 9);
      const traded = split.map((q, i) => [q, pools[i]!.marginal(side, q)] as const).filter(([q]) => q > 0);
      expect(traded.length).toBe(3);
      for (const [, m] of traded) expect(m / traded[0]![1] - 1).toBeLessThan(1e-12);
    }
  });

  it("beats every 5%-grid split of the same order", () => {
    for (const side of ["buy", "sell"] as const) {
      const q = 40;
      const best = totalCost(side, pools, poolSplit(side, q, pools));
      for (let i = 0; i <= 20; i++) {
        for (let j = 0; i + j <= 20; j++) {
          const grid = [(q * i) / 20, (q * j) / 20, (q * (20 - i - j)) / 20];
          const c = totalCost(side, pools, grid);
          if (side === "buy") expect(best).toBeLessThanOrEqual(c * (1 + 1e-12));
          else expect(best).toBeGreaterThanOrEqual(c * (1 - 1e-12));
        }
      }
    }
  });

  it("matches an independent optimum: golden-section search on the share between two pools", () => {
    const two = [cp("a", 300, 60000, 0.003), cp("b", 120, 60050, 0.0005)];
    const q = 25;
    const f = (x: number) => two[0]!.cost("buy", x) + two[1]!.cost("buy", q - x);
    let lo = 0;
    let hi = q;
    const g = (Math.sqrt(5) - 1) / 2;
    for (let k = 0; k < 200; k++) {
      const x1 = hi - g * (hi - lo);
      const x2 = lo + g * (hi - lo);
      if (f(x1) < f(x2)) hi = x2;
      else lo = x1;
    }
    const split = poolSplit("buy", q, two);
    expect(split[0]).toBeCloseTo((lo + hi) / 2, 5);
    // closed form for two fee-adjusted constant-product pools at equal marginal prices:
    // b_i − q_i = √(x_i b_i / (γ_i λ)), so Σ √(k_i/γ_i) / √λ = Σ b_i − q
    const s = two.reduce((a, p) => a + Math.sqrt((p.quote * p.base) / p.gamma), 0);
    const sqrtLambda = s / (two[0]!.base + two[1]!.base - q);
    expect(split[0]).toBeCloseTo(
      two[0]!.base - Math.sqrt((two[0]!.quote * two[0]!.base) / two[0]!.gamma) / sqrtLambda,
      9,
    );
  });

  it("never costs more than the best single venue, nor than the step split (seeded random pools)", () => {
    const pool = fc.record({
      base: fc.double({ min: 10, max: 2000, noNaN: true }),
      price: fc.double({ min: 59000, max: 61000, noNaN: true }),
      fee: fc.constantFrom(0, 0.0005, 0.003, 0.01),
    });
    fc.assert(
      fc.property(
        fc.array(pool, { minLength: 1, maxLength: 10 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.constantFrom<Side>("buy", "sell"),
        (ps, share, side) => {
          const pools = ps.map((p, i) => cp(`p${i}`, p.base, p.price, p.fee));
          const q = share * Math.min(...ps.map((p) => p.base)) * 0.9;
          const opt = totalCost(side, pools, poolSplit(side, q, pools));
          const step = totalCost(side, pools, [...stepSplit(side, q, undefined, pools)].slice(1));
          const singles = pools.map((p) => p.cost(side, q));
          const bestSingle = side === "buy" ? Math.min(...singles) : Math.max(...singles);
          if (side === "buy") {
            expect(opt).toBeLessThanOrEqual(bestSingle * (1 + 1e-12));
            expect(opt).toBeLessThanOrEqual(step * (1 + 1e-12));
          } else {
            expect(opt).toBeGreaterThanOrEqual(bestSingle * (1 - 1e-12));
            expect(opt).toBeGreaterThanOrEqual(step * (1 - 1e-12));
          }
        },
      ),
      { seed: 15, numRuns: 300 },
    );
  });

  it("a constant-sum pool below the curve's price fills first, the rest goes to the curve", () => {
    const cs = new ConstantSumLiquidity("cs", 5, 5 * 60000, 0.001, 59000);
    const curve = cp("cp", 400, 60000, 0.003);
    const split = poolSplit("buy", 8, [cs, curve]);
    expect(split[0]).toBeCloseTo(5 * (1 - 1e-12), 9);
    expect(split[1]).toBeCloseTo(8 - 5 * (1 - 1e-12), 9);
  });
});

describe("concentrated liquidity (float)", () => {
  it("one full-range position prices exactly like the constant-product pool with the same reserves", () => {
    const base = 400;
    const price = 60000;
    const l = Math.sqrt(base * base * price);
    const v3 = new ConcentratedLiquidity(
      "v3",
      [{ priceLower: 1e-9, priceUpper: 1e15, liquidity: l }],
      price,
      0.003,
    );
    const v2 = cp("v2", base, price, 0.003);
    for (const q of [0.1, 5, 50, 200]) {
      expect(v3.cost("buy", q) / v2.cost("buy", q) - 1).toBeLessThan(1e-9);
      expect(v3.cost("sell", q) / v2.cost("sell", q) - 1).toBeLessThan(1e-9);
      expect(v3.qtyAt("buy", v2.marginal("buy", q)) / q - 1).toBeLessThan(1e-9);
    }
  });
  it("a swap across positions equals the sum of its pieces", () => {
    const ranges = [
      { priceLower: 55000, priceUpper: 65000, liquidity: 50000 },
      { priceLower: 59000, priceUpper: 61000, liquidity: 200000 },
    ];
    const whole = new ConcentratedLiquidity("v3", ranges, 60000, 0.003);
    const piecewise = whole.clone();
    const t = whole.trade("buy", 3);
    let notional = 0;
    let fee = 0;
    for (let k = 0; k < 6; k++) {
      const p = piecewise.trade("buy", 0.5);
      notional += p.notionalQuote;
      fee += p.feeQuote;
    }
    expect(notional / t.notionalQuote - 1).toBeLessThan(1e-12);
    expect(fee / t.feeQuote - 1).toBeLessThan(1e-9);
    expect(piecewise.mid() / whole.mid() - 1).toBeLessThan(1e-12);
    // 3 BTC out crosses 61000: the inner position holds 200000·(1/√60000 − 1/√61000) ≈ 3.3 BTC, so not yet
    expect(whole.mid()).toBeLessThan(61000);
  });
});

describe("arbitrage and conservation", () => {
  const mk = (): AmmLiquidity[] => [
    cp("a", 400, 60000, 0.003),
    new ConstantSumLiquidity("s", 10, 600000, 0.001, 60000),
    new ConcentratedLiquidity(
      "v",
      [{ priceLower: 50000, priceUpper: 70000, liquidity: 80000 }],
      60000,
      0.003,
    ),
  ];
  it("leaves each pool's price within its fee band of the reference mid", () => {
    fc.assert(
      fc.property(fc.double({ min: 52000, max: 68000, noNaN: true }), (m) => {
        for (const p of mk()) {
          p.arbitrage(m);
          if (p.model === "constant-sum") continue; // fixed price: it stays where it is (or runs dry)
          expect(p.mid()).toBeGreaterThanOrEqual(p.gamma * m * (1 - 1e-9));
          expect(p.mid()).toBeLessThanOrEqual((m / p.gamma) * (1 + 1e-9));
          // nothing profitable is left: buying costs at least m at the margin, selling gets at most m
          expect(p.marginal("buy", 0)).toBeGreaterThanOrEqual(m * (1 - 1e-9));
          expect(p.marginal("sell", 0)).toBeLessThanOrEqual(m * (1 + 1e-9));
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });
  it("reserves, fees and fills balance in every swap", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 100, noNaN: true }),
        fc.constantFrom<Side>("buy", "sell"),
        (q, side) => {
          const p = cp("a", 400, 60000, 0.003);
          const before = { ...p.reserves() };
          const t = p.trade(side, q);
          const after = p.reserves();
          const s = side === "buy" ? 1 : -1;
          // base leaves (buy) or enters (sell) by q; quote enters by notional + fee (buy), leaves by notional − fee (sell)
          expect(before.base - after.base).toBeCloseTo(s * q, 9);
          // floats: to a few ulps of the reserve (24e6 quote carries ~4e-9 of rounding per operation)
          const gap = after.quote - before.quote - (s * t.notionalQuote + t.feeQuote);
          expect(Math.abs(gap)).toBeLessThanOrEqual(8 * Number.EPSILON * after.quote);
          expect(t.feeQuote).toBeGreaterThan(0);
        },
      ),
      { seed: 3, numRuns: 200 },
    );
  });
});

describe("optimal split with the synthetic book as one venue", () => {
  it("never costs more than the book alone, any single pool, or the step split (seeded random pools and sizes)", () => {
    const series = flatSeries(120, 100, 50);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            base: fc.double({ min: 5, max: 200, noNaN: true }),
            price: fc.double({ min: 99.5, max: 100.5, noNaN: true }),
            fee: fc.constantFrom(0, 0.0001, 0.0005, 0.003),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.constantFrom<Side>("buy", "sell"),
        (ps, q, side) => {
          const venue = new SyntheticBookVenue();
          venue.reset(series, createRng(5));
          venue.advanceTo(30 * 60_000 + 500);
          const book = new BookLiquidity(venue, 0.00055);
          const pools = ps.map((p, i) => cp(`p${i}`, p.base, p.price, p.fee));
          const all: LiquiditySource[] = [book, ...pools];
          const opt = totalCost(side, all, optimalSplit(side, q, book, pools));
          const step = totalCost(side, all, stepSplit(side, q, book, pools));
          const singles = all.filter((s) => s.capacity(side) > q).map((s) => s.cost(side, q));
          const better = (a: number, b: number) =>
            side === "buy" ? a <= b * (1 + 1e-9) : a >= b * (1 - 1e-9);
          for (const c of [...singles, step]) expect(better(opt, c)).toBe(true);
        },
      ),
      { seed: 1515, numRuns: 150 },
    );
  });
});
