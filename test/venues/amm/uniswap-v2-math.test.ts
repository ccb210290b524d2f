import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../../src/core/errors.js";
import { ConstantProductPool } from "../../../src/venues/amm/constant-product-pool.js";
import {
  uniswapV2GetAmountIn,
  uniswapV2GetAmountOut,
  uniswapV2SatisfiesK,
  uniswapV2SwapExactIn,
  uniswapV2SwapExactOut,
} from "../../../src/venues/amm/uniswap-v2-math.js";

const E18 = 10n ** 18n;

describe("Uniswap v2 getAmountOut on the pair tests' published cases", () => {
  // [amountIn, reserveIn, reserveOut] in units of 1e18, expected output in wei, from Uniswap v2's
  // UniswapV2Pair swap test cases. Each was recomputed by hand with
  // amountIn·997·reserveOut / (reserveIn·1000 + amountIn·997): all hold.
  const cases: ReadonlyArray<readonly [bigint, bigint, bigint, bigint]> = [
    [1n, 5n, 10n, 1662497915624478906n],
    [1n, 10n, 5n, 453305446940074565n],
    [2n, 5n, 10n, 2851015155847869602n],
    [2n, 10n, 5n, 831248957812239453n],
    [1n, 10n, 10n, 906610893880149131n],
    [1n, 100n, 100n, 987158034397061298n],
    [1n, 1000n, 1000n, 996006981039903216n],
  ];
  for (const [x, rIn, rOut, expected] of cases) {
    it(`${x}e18 in against (${rIn}, ${rOut})e18 gives ${expected}`, () => {
      const out = uniswapV2GetAmountOut(x * E18, rIn * E18, rOut * E18);
      expect(out).toBe(expected);
      // the pair accepts exactly this output and rejects one wei more ("UniswapV2: K")
      expect(uniswapV2SatisfiesK(rIn * E18, rOut * E18, x * E18, expected)).toBe(true);
      expect(uniswapV2SatisfiesK(rIn * E18, rOut * E18, x * E18, expected + 1n)).toBe(false);
    });
  }

  it("(5, 10)e18 with 1e18 in, worked: 997e18·10e18 / (5000e18 + 997e18) = 9970e36 / 5997e18 = 1662497915624478906.1...", () => {
    expect((997n * E18 * 10n * E18) / (5000n * E18 + 997n * E18)).toBe(1662497915624478906n);
    expect((997n * E18 * 10n * E18) % (5997n * E18)).not.toBe(0n); // it rounds down
  });

  it("agrees with the float constant-product pool to 1e-15 relative", () => {
    const pool = new ConstantProductPool(5, 10, 0.003);
    const published = Number(1662497915624478906n) / 1e18;
    expect(Math.abs(pool.amountOut(1) - published)).toBeLessThan(1e-15 * published);
  });
});

describe("Uniswap v2 getAmountIn", () => {
  it("rounds down and adds 1: 100/100 pool, 1 out -> 100·1·1000 / (99·997) + 1 = 1 + 1 = 2", () => {
    expect(uniswapV2GetAmountIn(1n, 100n, 100n)).toBe(2n);
  });

  it("adds 1 even when the division is exact (fee 1000/1000: 2·1·1000/(1·1000) = 2, +1 = 3)", () => {
    expect(uniswapV2GetAmountIn(1n, 2n, 2n, { numerator: 1000n, denominator: 1000n })).toBe(3n);
  });

  it("buying back the published output costs no more than the published input", () => {
    const inp = uniswapV2GetAmountIn(1662497915624478906n, 5n * E18, 10n * E18);
    expect(inp).toBeLessThanOrEqual(E18);
    expect(uniswapV2GetAmountOut(inp, 5n * E18, 10n * E18)).toBeGreaterThanOrEqual(1662497915624478906n);
  });

  it("rejects zero amounts, empty reserves, output >= reserve and bad fees", () => {
    expect(() => uniswapV2GetAmountOut(0n, 1n, 1n)).toThrow(/input amount/);
    expect(() => uniswapV2GetAmountOut(1n, 0n, 1n)).toThrow(/liquidity/);
    expect(() => uniswapV2GetAmountIn(0n, 1n, 1n)).toThrow(/output amount/);
    expect(() => uniswapV2GetAmountIn(10n, 100n, 10n)).toThrow(/reserve/);
    expect(() => uniswapV2GetAmountIn(1n, 100n, -10n)).toThrow(ExecsimError);
    expect(() => uniswapV2GetAmountOut(1n, 1n, 1n, { numerator: 1001n, denominator: 1000n })).toThrow(/fee/);
  });
});

describe("Uniswap v2 swaps", () => {
  it("swapExactIn keeps the whole input in the pair", () => {
    const r = uniswapV2SwapExactIn(E18, 5n * E18, 10n * E18);
    expect(r.amountOut).toBe(1662497915624478906n);
    expect(r.reserveIn).toBe(6n * E18);
    expect(r.reserveOut).toBe(10n * E18 - 1662497915624478906n);
  });

  it("swapExactOut takes getAmountIn", () => {
    const r = uniswapV2SwapExactOut(1n, 100n, 100n);
    expect(r.amountIn).toBe(2n);
    expect(r.reserveIn).toBe(102n);
    expect(r.reserveOut).toBe(99n);
  });
});

describe("Uniswap v2 invariants (fast-check, seed 42)", () => {
  const amount = fc.bigInt({ min: 1n, max: 10n ** 30n });

  it("k never decreases, getAmountOut is the largest output the K check accepts", () => {
    fc.assert(
      fc.property(amount, amount, amount, (x, rIn, rOut) => {
        const r = uniswapV2SwapExactIn(x, rIn, rOut);
        expect(r.reserveIn * r.reserveOut >= rIn * rOut).toBe(true);
        expect(r.amountOut < rOut).toBe(true);
        expect(uniswapV2SatisfiesK(rIn, rOut, x, r.amountOut)).toBe(true);
        expect(uniswapV2SatisfiesK(rIn, rOut, x, r.amountOut + 1n)).toBe(false);
      }),
      { seed: 42, numRuns: 1000 },
    );
  });

  it("round trips never favour the trader: getAmountIn(getAmountOut(x)) <= x, getAmountOut(getAmountIn(y)) >= y", () => {
    fc.assert(
      fc.property(amount, amount, amount, (x, rIn, rOut) => {
        const out = uniswapV2GetAmountOut(x, rIn, rOut);
        if (out > 0n) expect(uniswapV2GetAmountIn(out, rIn, rOut) <= x).toBe(true);
        const y = x % rOut;
        if (y > 0n) {
          const inp = uniswapV2GetAmountIn(y, rIn, rOut);
          expect(uniswapV2GetAmountOut(inp, rIn, rOut) >= y).toBe(true);
          expect(uniswapV2SatisfiesK(rIn, rOut, inp, y)).toBe(true);
          // and one wei less would not do (getAmountIn is minimal up to its +1)
          if (inp > 2n) expect(uniswapV2SatisfiesK(rIn, rOut, inp - 2n, y)).toBe(false);
        }
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
});
