/**
 * computeSwapStep against @uniswap/v3-sdk's SwapMath (a dev dependency: Uniswap's own TypeScript port of
 * SwapMath.sol) on seeded random steps: prices, liquidity, amounts (exact in and out) and fees spanning
 * realistic and extreme magnitudes. Every output must be identical to the unit.
 */
import { SwapMath } from "@uniswap/v3-sdk";
import fc from "fast-check";
import JSBIModule from "jsbi";
import { describe, expect, it } from "vitest";
import { computeSwapStep } from "../../../src/venues/amm/uniswap-v3-math.js";

type Jsbi = Parameters<typeof SwapMath.computeSwapStep>[0];
/** jsbi is CommonJS: under NodeNext its default import is typed as the module, at runtime it is the class. */
const JSBI = JSBIModule as unknown as { BigInt(x: string | number): Jsbi };

const MIN_SQRT = 4295128739n;
const MAX_SQRT = 1461446703485210103287273052203988822378723970342n;

const sqrtPrice = fc.bigInt({ min: MIN_SQRT, max: MAX_SQRT });
const magnitude = fc
  .integer({ min: 0, max: 38 })
  .chain((e) => fc.bigInt({ min: 1n, max: 10n ** BigInt(e) + 1n }));

describe("computeSwapStep matches @uniswap/v3-sdk SwapMath", () => {
  it("on 2000 seeded random steps", () => {
    fc.assert(
      fc.property(
        sqrtPrice,
        sqrtPrice,
        magnitude,
        magnitude,
        fc.boolean(),
        fc.constantFrom(100, 500, 3000, 10000, 1, 999_999),
        (cur, target, liquidity, amount, exactIn, fee) => {
          const remaining = exactIn ? amount : -amount;
          const mine = computeSwapStep(cur, target, liquidity, remaining, fee);
          const [next, amountIn, amountOut, feeAmount] = SwapMath.computeSwapStep(
            JSBI.BigInt(cur.toString()),
            JSBI.BigInt(target.toString()),
            JSBI.BigInt(liquidity.toString()),
            JSBI.BigInt(remaining.toString()),
            JSBI.BigInt(fee),
          );
          expect([mine.sqrtPriceNextX96, mine.amountIn, mine.amountOut, mine.feeAmount]).toEqual([
            BigInt(next.toString()),
            BigInt(amountIn.toString()),
            BigInt(amountOut.toString()),
            BigInt(feeAmount.toString()),
          ]);
        },
      ),
      { seed: 1515, numRuns: 2000 },
    );
  });
});
