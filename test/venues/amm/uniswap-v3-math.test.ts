/**
 * Uniswap v3 swap step: the published cases of v3-core's test/SwapMath.spec.ts (computeSwapStep), and a
 * multi-range swap that equals the sum of its steps.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uniswapV2SatisfiesK, uniswapV2SwapExactIn } from "../../../src/venues/amm/uniswap-v2-math.js";
import {
  computeSwapStep,
  getNextSqrtPriceFromInput,
  getNextSqrtPriceFromOutput,
  Q96,
  swapAcrossRanges,
} from "../../../src/venues/amm/uniswap-v3-math.js";

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x && x * x <= n && (x + 1n) * (x + 1n) > n) return x;
    x = y;
  }
}
/** v3-core's encodePriceSqrt(reserve1, reserve0) = floor(√(reserve1/reserve0)·2^96). */
function encodePriceSqrt(reserve1: bigint, reserve0: bigint): bigint {
  return isqrt((reserve1 << 192n) / reserve0);
}
const E18 = 10n ** 18n;

describe("computeSwapStep: v3-core SwapMath.spec.ts cases", () => {
  it("exact amount in that gets capped at price target in one for zero", () => {
    const price = encodePriceSqrt(1n, 1n);
    const target = encodePriceSqrt(101n, 100n);
    const s = computeSwapStep(price, target, 2n * E18, E18, 600);
    expect(s.amountIn).toBe(9975124224178055n);
    expect(s.feeAmount).toBe(5988667735148n);
    expect(s.amountOut).toBe(9925619580021728n);
    expect(s.amountIn + s.feeAmount < E18).toBe(true);
    expect(s.sqrtPriceNextX96).toBe(target);
    expect(s.sqrtPriceNextX96 < getNextSqrtPriceFromInput(price, 2n * E18, E18, false)).toBe(true);
  });
  it("exact amount out that gets capped at price target in one for zero", () => {
    const price = encodePriceSqrt(1n, 1n);
    const target = encodePriceSqrt(101n, 100n);
    const s = computeSwapStep(price, target, 2n * E18, -E18, 600);
    expect(s.amountIn).toBe(9975124224178055n);
    expect(s.feeAmount).toBe(5988667735148n);
    expect(s.amountOut).toBe(9925619580021728n);
    expect(s.sqrtPriceNextX96).toBe(target);
    expect(s.sqrtPriceNextX96 < getNextSqrtPriceFromOutput(price, 2n * E18, E18, false)).toBe(true);
  });
  it("exact amount in that is fully spent in one for zero", () => {
    const price = encodePriceSqrt(1n, 1n);
    const target = encodePriceSqrt(1000n, 100n);
    const s = computeSwapStep(price, target, 2n * E18, E18, 600);
    expect(s.amountIn).toBe(999400000000000000n);
    expect(s.feeAmount).toBe(600000000000000n);
    expect(s.amountOut).toBe(666399946655997866n);
    expect(s.amountIn + s.feeAmount).toBe(E18);
    expect(s.sqrtPriceNextX96 < target).toBe(true);
    expect(s.sqrtPriceNextX96).toBe(getNextSqrtPriceFromInput(price, 2n * E18, E18 - s.feeAmount, false));
  });
  it("exact amount out that is fully received in one for zero", () => {
    const price = encodePriceSqrt(1n, 1n);
    const target = encodePriceSqrt(10000n, 100n);
    const s = computeSwapStep(price, target, 2n * E18, -E18, 600);
    expect(s.amountIn).toBe(2000000000000000000n);
    expect(s.feeAmount).toBe(1200720432259356n);
    expect(s.amountOut).toBe(E18);
    expect(s.sqrtPriceNextX96 < target).toBe(true);
    expect(s.sqrtPriceNextX96).toBe(getNextSqrtPriceFromOutput(price, 2n * E18, E18, false));
  });
  it("amount out is capped at the desired amount out", () => {
    const s = computeSwapStep(
      417332158212080721273783715441582n,
      1452870262520218020823638996n,
      159344665391607089467575320103n,
      -1n,
      1,
    );
    expect([s.amountIn, s.feeAmount, s.amountOut]).toEqual([1n, 1n, 1n]);
    expect(s.sqrtPriceNextX96).toBe(417332158212080721273783715441581n);
  });
  it("target price of 1 uses partial input amount", () => {
    const s = computeSwapStep(2n, 1n, 1n, 3915081100057732413702495386755767n, 1);
    expect(s.amountIn).toBe(39614081257132168796771975168n);
    expect(s.feeAmount).toBe(39614120871253040049813n);
    expect(s.amountIn + s.feeAmount <= 3915081100057732413702495386755767n).toBe(true);
    expect(s.amountOut).toBe(0n);
    expect(s.sqrtPriceNextX96).toBe(1n);
  });
  it("entire input amount taken as fee", () => {
    const s = computeSwapStep(2413n, 79887613182836312n, 1985041575832132834610021537970n, 10n, 1872);
    expect([s.amountIn, s.feeAmount, s.amountOut, s.sqrtPriceNextX96]).toEqual([0n, 10n, 0n, 2413n]);
  });
  it("handles intermediate insufficient liquidity in zero for one exact output case", () => {
    const sqrtP = 20282409603651670423947251286016n;
    const target = (sqrtP * 11n) / 10n;
    const s = computeSwapStep(sqrtP, target, 1024n, -4n, 3000);
    expect(s.amountOut).toBe(0n);
    expect(s.sqrtPriceNextX96).toBe(target);
    expect(s.amountIn).toBe(26215n);
    expect(s.feeAmount).toBe(79n);
  });
  it("handles intermediate insufficient liquidity in one for zero exact output case", () => {
    const sqrtP = 20282409603651670423947251286016n;
    const target = (sqrtP * 9n) / 10n;
    const s = computeSwapStep(sqrtP, target, 1024n, -263000n, 3000);
    expect(s.amountOut).toBe(26214n);
    expect(s.sqrtPriceNextX96).toBe(target);
    expect(s.amountIn).toBe(1n);
    expect(s.feeAmount).toBe(1n);
  });
});

describe("swapAcrossRanges", () => {
  const ranges = [
    {
      sqrtLowerX96: encodePriceSqrt(80n, 100n),
      sqrtUpperX96: encodePriceSqrt(125n, 100n),
      liquidity: 3n * E18,
    },
    {
      sqrtLowerX96: encodePriceSqrt(95n, 100n),
      sqrtUpperX96: encodePriceSqrt(105n, 100n),
      liquidity: 5n * E18,
    },
  ];
  it("a multi-range swap equals the sum of its steps, and each step is computeSwapStep", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2n * E18 }),
        fc.boolean(),
        fc.boolean(),
        (amount, zeroForOne, exactIn) => {
          const r = swapAcrossRanges(Q96, ranges, zeroForOne, exactIn ? amount : -amount, 3000);
          let sIn = 0n;
          let sOut = 0n;
          let sFee = 0n;
          for (const s of r.steps) {
            sIn += s.amountIn;
            sOut += s.amountOut;
            sFee += s.feeAmount;
          }
          expect([r.amountIn, r.amountOut, r.feeAmount]).toEqual([sIn, sOut, sFee]);
          if (exactIn) expect(r.amountIn + r.feeAmount <= amount).toBe(true);
          else expect(r.amountOut <= amount).toBe(true);
        },
      ),
      { seed: 15, numRuns: 200 },
    );
  });
  it("crosses the inner range's boundary: two steps with L = 8e18 then 3e18 (0.3e18 token1 in)", () => {
    const r = swapAcrossRanges(Q96, ranges, false, 3n * 10n ** 17n, 3000);
    expect(r.steps.length).toBe(2);
    expect(r.steps[0]!.sqrtPriceNextX96).toBe(ranges[1]!.sqrtUpperX96);
    // first step: token1 needed to move √P from 1 to √1.05 with L = 8e18 is L·(√1.05 − 1) ≈ 0.19753e18
    const first = Number(r.steps[0]!.amountIn) / 1e18;
    expect(first).toBeCloseTo(8 * (Math.sqrt(1.05) - 1), 9);
    expect(r.amountIn + r.feeAmount).toBe(3n * 10n ** 17n);
    expect(r.sqrtPriceX96 < ranges[0]!.sqrtUpperX96).toBe(true);
  });
});

describe("conservation to the unit (integers)", () => {
  it("Uniswap v2: reserves move by exactly what went in and out, and the pair's K check holds", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1000n, max: 10n ** 30n }),
        fc.bigInt({ min: 1000n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 28n }),
        (rIn, rOut, x) => {
          const r = uniswapV2SwapExactIn(x, rIn, rOut);
          expect(r.reserveIn - rIn).toBe(r.amountIn);
          expect(rOut - r.reserveOut).toBe(r.amountOut);
          expect(uniswapV2SatisfiesK(rIn, rOut, r.amountIn, r.amountOut)).toBe(true);
        },
      ),
      { seed: 21, numRuns: 300 },
    );
  });
  it("Uniswap v3 exact input: what the trader pays is the steps' inputs plus their fees, never more than given", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.boolean(), (amount, zeroForOne) => {
        const ranges = [
          { sqrtLowerX96: (Q96 * 9n) / 10n, sqrtUpperX96: (Q96 * 11n) / 10n, liquidity: 10n ** 20n },
          { sqrtLowerX96: (Q96 * 99n) / 100n, sqrtUpperX96: (Q96 * 101n) / 100n, liquidity: 5n * 10n ** 20n },
        ];
        const r = swapAcrossRanges(Q96, ranges, zeroForOne, amount, 500);
        const paid = r.steps.reduce((a, s) => a + s.amountIn + s.feeAmount, 0n);
        expect(paid).toBe(r.amountIn + r.feeAmount);
        expect(paid <= amount).toBe(true);
        // the whole amount is used unless the liquidity ran out (price at the outermost bound)
        if (paid < amount)
          expect([ranges[0]!.sqrtLowerX96, ranges[0]!.sqrtUpperX96]).toContain(r.sqrtPriceX96);
      }),
      { seed: 22, numRuns: 300 },
    );
  });
});
