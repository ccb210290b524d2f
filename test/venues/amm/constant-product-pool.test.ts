import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../../src/core/errors.js";
import {
  ConstantProductPool,
  constantProductPriceImpact,
  constantProductPriceImpactFromInputShare,
  constantProductPriceImpactFromOutputShare,
} from "../../../src/venues/amm/constant-product-pool.js";
import { expectNotPrinted, expectPrinted } from "./printed-precision.js";

describe("constant-product pool: Table 2 of Tulupov (fee 0.003, 2480 ETH, 100 BTC, buying BTC)", () => {
  // Pay ETH (asset A, a = 2480), receive BTC (asset B, b = 100). ETH spent for Δb BTC:
  // Δa = a·Δb / (γ·(b − Δb)); price impact by formula 9 with δ = Δb/100: PI = 1 / (0.997·(1 − δ)).
  const pool = new ConstantProductPool(2480, 100, 0.003);
  const rows: ReadonlyArray<readonly [number, string, string]> = [
    [0.5, "12.4998", "1.00805"],
    [1, "25.1259", "1.01314"],
    [10, "276.385", "1.11445"],
    [49, "2389.91", "1.96668"],
  ];
  for (const [btc, eth, pi] of rows) {
    it(`${btc} BTC costs ${eth} ETH, price impact ${pi}`, () => {
      const r = pool.swapExactOut(btc);
      expectPrinted(r.amountIn, eth);
      expectPrinted(r.priceImpact, pi);
      expectPrinted(constantProductPriceImpactFromOutputShare(btc / 100, 0.997), pi);
    });
  }

  it("0.1 BTC costs 2.48995 ETH, but the price impact is 1.00401, not the printed 1.04001", () => {
    // 1 / (0.997 · 0.999) = 1.0040130401...; the printed 1.04001 drops a zero (it is not the value for
    // any row: 1.04001 would need δ ≈ 0.0356, i.e. about 3.56 BTC).
    const r = pool.swapExactOut(0.1);
    expectPrinted(r.amountIn, "2.48995");
    expectPrinted(r.priceImpact, "1.00401");
    expect(r.priceImpact).toBeCloseTo(1.0040130401213652, 12);
    expectNotPrinted(r.priceImpact, "1.04001");
  });

  it("the paper's simplified coefficient 1/0.997 = 1.00301", () => {
    expectPrinted(1 / 0.997, "1.00301");
  });

  it("formulas 7, 8 and 9 and C2/C1 of the swap give the same number", () => {
    const r = pool.swapExactOut(10);
    const f7 = constantProductPriceImpact(2480, r.amountIn, 0.997);
    const f8 = constantProductPriceImpactFromInputShare(r.amountIn / 2480, 0.997);
    const f9 = constantProductPriceImpactFromOutputShare(0.1, 0.997);
    expect(f7).toBeCloseTo(1.1144544745347154, 12);
    expect(f8).toBeCloseTo(f7, 12);
    expect(f9).toBeCloseTo(f7, 12);
    expect(r.priceImpact).toBeCloseTo(f7, 12);
    expect(pool.priceImpact(r.amountIn)).toBeCloseTo(f7, 12);
  });
});

describe("constant-product swaps", () => {
  it("hand example: 100/100 pool, fee 0, pay 25 -> get 100·25/125 = 20; reserves 125/80; k unchanged", () => {
    const pool = new ConstantProductPool(100, 100, 0);
    const r = pool.swapExactIn(25);
    expect(r.amountOut).toBe(20);
    expect(r.pool.reserveA).toBe(125);
    expect(r.pool.reserveB).toBe(80);
    expect(r.pool.invariant()).toBe(10000);
    expect(r.executionPrice).toBe(1.25);
    expect(r.priceImpact).toBe(1.25); // formula 7: 1/1 + 25/100
    expect(r.priceAfter).toBe(125 / 80);
    expect(pool.amountIn(20)).toBe(25);
  });

  it("with fee 0.003: pay 25 -> 100·24.925/124.925 out; k grows by fee·Δa·(b − Δb)", () => {
    const pool = new ConstantProductPool(100, 100, 0.003);
    const r = pool.swapExactIn(25);
    const out = (100 * 24.925) / 124.925;
    expect(r.amountOut).toBeCloseTo(out, 12);
    expect(r.feePaid).toBeCloseTo(0.075, 12);
    expect(r.pool.invariant() - 10000).toBeCloseTo(0.075 * (100 - out), 9);
  });

  it("bToA mirrors aToB on swapped reserves", () => {
    const pool = new ConstantProductPool(2480, 100, 0.003);
    const mirror = new ConstantProductPool(100, 2480, 0.003);
    expect(pool.amountOut(1, "bToA")).toBe(mirror.amountOut(1, "aToB"));
    const r = pool.swapExactIn(1, "bToA");
    expect(r.pool.reserveB).toBe(101);
    expect(r.pool.reserveA).toBeCloseTo(2480 - r.amountOut, 12);
    expect(r.priceBefore).toBe(100 / 2480);
    expect(pool.price("bToA")).toBe(100 / 2480);
    expect(pool.priceImpact(1, "bToA")).toBeCloseTo(r.priceImpact, 12);
  });

  it("rejects invalid inputs with INVALID_ARGUMENT", () => {
    const pool = new ConstantProductPool(10, 10);
    expect(() => pool.amountIn(10)).toThrow(/reserve/);
    expect(() => pool.amountIn(11)).toThrow(ExecsimError);
    expect(() => pool.amountOut(-1)).toThrow(/> 0/);
    expect(() => pool.amountOut(1e300)).toThrow(/reserve/);
    expect(() => pool.amountOut(1, "sideways" as never)).toThrow(/direction/);
    expect(() => new ConstantProductPool(Number.POSITIVE_INFINITY, 1)).toThrow(/reserveA/);
    expect(() => new ConstantProductPool(1, 0)).toThrow(/reserveB/);
    expect(() => new ConstantProductPool(1, 1, 1.5)).toThrow(/fee/);
    expect(() => new ConstantProductPool(1, 1, Number.NaN)).toThrow(/fee/);
  });
});

describe("constant-product invariants (fast-check, seed 42)", () => {
  const reserve = fc.double({ min: 1e-3, max: 1e9, noNaN: true });
  const fee = fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 0.1, noNaN: true }));

  it("k grows by fee·Δa·(b − Δb) (never decreases) and stays equal without a fee", () => {
    fc.assert(
      fc.property(
        reserve,
        reserve,
        fee,
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.boolean(),
        (a, b, f, share, rev) => {
          const pool = new ConstantProductPool(a, b, f);
          const dir = rev ? "bToA" : "aToB";
          const x = share * (rev ? b : a);
          const r = pool.swapExactIn(x, dir);
          const k0 = a * b;
          const k1 = r.pool.invariant();
          const outRes = rev ? r.pool.reserveA : r.pool.reserveB;
          const expectedGrowth = f * x * outRes;
          expect(Math.abs(k1 - k0 - expectedGrowth)).toBeLessThanOrEqual(1e-12 * k0 + 1e-9 * expectedGrowth);
          expect(k1).toBeGreaterThanOrEqual(k0 * (1 - 1e-12));
          if (f === 0) expect(Math.abs(k1 - k0)).toBeLessThanOrEqual(1e-12 * k0);
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });

  it("reserves are conserved over a sequence of swaps: net deposits equal the change in reserves", () => {
    fc.assert(
      fc.property(
        reserve,
        reserve,
        fee,
        fc.array(fc.record({ share: fc.double({ min: 1e-4, max: 2, noNaN: true }), rev: fc.boolean() }), {
          minLength: 1,
          maxLength: 20,
        }),
        (a, b, f, swaps) => {
          let pool = new ConstantProductPool(a, b, f);
          let netA = 0;
          let netB = 0;
          for (const s of swaps) {
            const dir = s.rev ? "bToA" : "aToB";
            const x = s.share * (s.rev ? pool.reserveB : pool.reserveA);
            const r = pool.swapExactIn(x, dir);
            if (s.rev) {
              netB += r.amountIn;
              netA -= r.amountOut;
            } else {
              netA += r.amountIn;
              netB -= r.amountOut;
            }
            pool = r.pool;
            expect(pool.reserveA).toBeGreaterThan(0);
            expect(pool.reserveB).toBeGreaterThan(0);
          }
          const scaleA = Math.max(a, pool.reserveA) * swaps.length;
          const scaleB = Math.max(b, pool.reserveB) * swaps.length;
          expect(Math.abs(pool.reserveA - a - netA)).toBeLessThanOrEqual(1e-12 * scaleA * 4);
          expect(Math.abs(pool.reserveB - b - netB)).toBeLessThanOrEqual(1e-12 * scaleB * 4);
          expect(pool.invariant()).toBeGreaterThanOrEqual(a * b * (1 - 1e-10));
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it("amountIn(amountOut(x)) = x and amountOut(amountIn(y)) = y to 1e-12 relative", () => {
    fc.assert(
      fc.property(
        reserve,
        reserve,
        fee,
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.99, noNaN: true }),
        (a, b, f, share, delta) => {
          const pool = new ConstantProductPool(a, b, f);
          const x = share * a;
          const back = pool.amountIn(pool.amountOut(x));
          expect(Math.abs(back - x)).toBeLessThanOrEqual(1e-12 * x);
          const y = delta * b;
          const fwd = pool.amountOut(pool.amountIn(y));
          expect(Math.abs(fwd - y)).toBeLessThanOrEqual(1e-12 * y);
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });

  it("price impact (formula 7) is at least 1/γ and grows with size", () => {
    fc.assert(
      fc.property(reserve, reserve, fee, fc.double({ min: 1e-6, max: 5, noNaN: true }), (a, b, f, share) => {
        const pool = new ConstantProductPool(a, b, f);
        const small = pool.swapExactIn(share * a);
        const big = pool.swapExactIn(2 * share * a);
        expect(small.priceImpact).toBeGreaterThanOrEqual((1 / (1 - f)) * (1 - 1e-12));
        expect(big.priceImpact).toBeGreaterThan(small.priceImpact);
        expect(Math.abs(small.priceImpact - pool.priceImpact(share * a))).toBeLessThanOrEqual(
          1e-9 * small.priceImpact,
        );
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
