import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../../src/core/errors.js";
import { ConstantSumPool, constantSumPriceImpact } from "../../../src/venues/amm/constant-sum-pool.js";
import { expectPrinted } from "./printed-precision.js";

describe("constant-sum pool: Table 1 of Tulupov (fee 0.003, 100 BTC, x ETH, buying BTC with ETH)", () => {
  // Formula 5 with b = 100 BTC (received) and a = x ETH (paid): PI = 100 / (0.997·x) = 100.3009.../x.
  const table1: ReadonlyArray<readonly [number, string]> = [
    [50, "2.006"],
    [100, "1.00301"],
    [500, "0.2006"],
    [1000, "0.1003"],
    [5000, "0.02006"],
  ];
  for (const [eth, printed] of table1) {
    it(`${eth} ETH against 100 BTC: price impact ${printed}`, () => {
      const pool = new ConstantSumPool(eth, 100, 0.003);
      expectPrinted(pool.priceImpact("aToB"), printed);
      // the same value from a swap's C2/C1, at two trade sizes (PI does not depend on size)
      expectPrinted(pool.swapExactIn(1).priceImpact, printed);
      expect(pool.swapExactIn(40).priceImpact).toBeCloseTo(pool.priceImpact(), 12);
    });
  }

  it("the paper's coefficient: 100 / 0.997 = 100.3009", () => {
    expectPrinted(100 / 0.997, "100.3009");
    expect(new ConstantSumPool(1, 100).priceImpact()).toBeCloseTo(100.30090270812437, 10);
  });

  it("formula 5's two printed forms agree with b/(γ·a)", () => {
    const a = 37;
    const b = 100;
    const g = 0.997;
    const T = a + b;
    const viaB = (1 / g) * (1 / (T / b - 1));
    const viaA = (1 / g) * (T / a - 1);
    expect(viaB).toBeCloseTo(constantSumPriceImpact(a, b, g), 12);
    expect(viaA).toBeCloseTo(constantSumPriceImpact(a, b, g), 12);
  });
});

describe("constant-sum swaps", () => {
  const pool = new ConstantSumPool(500, 100, 0.003);

  it("pays γ·Δa and charges Δb/γ", () => {
    expect(pool.amountOut(10)).toBeCloseTo(9.97, 12);
    expect(pool.amountIn(9.97)).toBeCloseTo(10, 12);
    expect(pool.amountOut(10, "bToA")).toBeCloseTo(9.97, 12);
  });

  it("the whole input stays in the pool: reserves 510 / 90.03, T grows by the fee 0.03", () => {
    const r = pool.swapExactIn(10);
    expect(r.pool.reserveA).toBe(510);
    expect(r.pool.reserveB).toBeCloseTo(90.03, 12);
    expect(r.feePaid).toBeCloseTo(0.03, 12);
    expect(r.pool.invariant() - pool.invariant()).toBeCloseTo(0.03, 12);
    expect(r.priceBefore).toBe(5);
    expect(r.executionPrice).toBeCloseTo(1 / 0.997, 12);
    expect(r.priceAfter).toBeCloseTo(510 / 90.03, 12);
    // immutable: the original pool is unchanged
    expect(pool.reserveA).toBe(500);
  });

  it("exact-out swap in the reverse direction moves the reserves the other way", () => {
    const r = pool.swapExactOut(50, "bToA");
    expect(r.amountIn).toBeCloseTo(50 / 0.997, 12);
    expect(r.pool.reserveA).toBe(450);
    expect(r.pool.reserveB).toBeCloseTo(100 + 50 / 0.997, 12);
    expect(r.priceImpact).toBeCloseTo(pool.priceImpact("bToA"), 12);
    expect(pool.priceImpact("bToA")).toBeCloseTo(500 / (0.997 * 100), 12);
  });

  it("rejects draining the output reserve, non-positive amounts, bad reserves and fees", () => {
    expect(() => pool.amountOut(100 / 0.997)).toThrow(/reserve/);
    expect(() => pool.amountIn(100)).toThrow(ExecsimError);
    expect(() => pool.amountOut(0)).toThrow(/> 0/);
    expect(() => pool.amountOut(Number.NaN)).toThrow(ExecsimError);
    expect(() => new ConstantSumPool(0, 1)).toThrow(/reserveA/);
    expect(() => new ConstantSumPool(1, -1)).toThrow(/reserveB/);
    expect(() => new ConstantSumPool(1, 1, 1)).toThrow(/fee/);
    expect(() => new ConstantSumPool(1, 1, -0.1)).toThrow(/fee/);
    // a fee-free pool is allowed: γ = 1, one for one
    expect(new ConstantSumPool(1, 1, 0).amountOut(0.5)).toBe(0.5);
  });
});

describe("constant-sum invariants (fast-check, seed 42)", () => {
  it("T grows by exactly fee·Δa per swap; amountIn(amountOut(x)) = x; what goes in is in the pool", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.99, noNaN: true }),
        fc.boolean(),
        (a, b, fee, share, reverse) => {
          const pool = new ConstantSumPool(a, b, fee);
          const dir = reverse ? "bToA" : "aToB";
          const reserveOut = reverse ? a : b;
          const x = (share * reserveOut) / (1 - fee);
          const r = pool.swapExactIn(x, dir);
          const grow = r.pool.invariant() - pool.invariant();
          expect(Math.abs(grow - fee * x)).toBeLessThanOrEqual(1e-9 * (a + b));
          expect(Math.abs(pool.amountIn(r.amountOut, dir) - x)).toBeLessThanOrEqual(1e-12 * x);
          const dA = r.pool.reserveA - a;
          const dB = r.pool.reserveB - b;
          const tol = 1e-12 * (a + b);
          if (reverse) {
            expect(Math.abs(dB - x)).toBeLessThanOrEqual(tol);
            expect(Math.abs(dA + r.amountOut)).toBeLessThanOrEqual(tol);
          } else {
            expect(Math.abs(dA - x)).toBeLessThanOrEqual(tol);
            expect(Math.abs(dB + r.amountOut)).toBeLessThanOrEqual(tol);
          }
          expect(r.pool.reserveA).toBeGreaterThan(0);
          expect(r.pool.reserveB).toBeGreaterThan(0);
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });
});
