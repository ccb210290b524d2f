/**
 * Constant-product AMM pool with a fee (the Uniswap v2 curve), in floating point.
 *
 * Formula (Tulupov, "Price Impact for Different Market Models in Cryptocurrency Trading", eq. 6 and
 * Theorem 2): T^CP = a·b = (a + γ·Δa)·(b − Δb), so
 *   amount out  Δb = b·γ·Δa / (a + γ·Δa)
 *   amount in   Δa = a·Δb / (γ·(b − Δb))                    (requires Δb < b)
 *   price impact C2/C1 = (Δa/Δb) / (a/b):
 *     (7) PI = 1/γ + Δa/a        (8) PI = 1/γ + ε for Δa = ε·a        (9) PI = 1/(γ·(1 − δ)) for Δb = δ·b
 * with a, b the reserves of the asset paid and received, γ = 1 − fee. This is Uniswap v2's getAmountOut
 * with γ = 997/1000 in real numbers; uniswap-v2-math.ts has the integer (bigint) version.
 *
 * Units. Reserves and amounts in units of their own asset; PI dimensionless.
 * Parameters. reserveA > 0, reserveB > 0, fee ∈ [0, 1) (default 0.003, the paper's ρ and Uniswap v2's).
 * State. Immutable: `swapExactIn` / `swapExactOut` return a new pool with reserveIn + Δa (fee included)
 * and reserveOut − Δb, so a·b grows by fee·Δa·(b − Δb) per swap (and stays equal without a fee).
 *
 * Limitations. Floating point: amountIn(amountOut(x)) returns x to ~1e-15 relative for inputs up to the
 * reserve and ~2e-14 at 100× the reserve (measured, fee 0-10%); accuracy falls as Δb → b, where the map
 * is ill-conditioned. A swap whose output would round to the
 * whole reserve is rejected. No concentrated liquidity (Uniswap v3), no protocol fee switch, no
 * slippage limit (compare `amountOut` with your minimum).
 */
import { ammOutputTooLargeError, type SwapDirection, TwoAssetPool } from "./amm-pool.js";

/** Formula 7: PI = 1/γ + Δa/a, for paying Δa into a pool holding a of that asset. */
export function constantProductPriceImpact(reserveIn: number, amountIn: number, gamma: number): number {
  return 1 / gamma + amountIn / reserveIn;
}

/** Formula 8: PI = 1/γ + ε, the input being the fraction ε of its reserve. */
export function constantProductPriceImpactFromInputShare(epsilon: number, gamma: number): number {
  return 1 / gamma + epsilon;
}

/** Formula 9: PI = 1/(γ·(1 − δ)), the output being the fraction δ ∈ [0, 1) of its reserve. */
export function constantProductPriceImpactFromOutputShare(delta: number, gamma: number): number {
  return 1 / (gamma * (1 - delta));
}

export class ConstantProductPool extends TwoAssetPool<ConstantProductPool> {
  constructor(reserveA: number, reserveB: number, fee = 0.003) {
    super(reserveA, reserveB, fee);
  }

  /** T^CP = reserveA · reserveB. */
  invariant(): number {
    return this.reserveA * this.reserveB;
  }

  /** Formula 7 for paying `amountIn` in `direction`. */
  priceImpact(amountIn: number, direction: SwapDirection = "aToB"): number {
    const reserveIn = direction === "aToB" ? this.reserveA : this.reserveB;
    return constantProductPriceImpact(reserveIn, amountIn, this.gamma);
  }

  protected outGiven(reserveIn: number, reserveOut: number, amountIn: number): number {
    const effective = this.gamma * amountIn;
    const out = (reserveOut * effective) / (reserveIn + effective);
    if (!(out < reserveOut)) {
      throw ammOutputTooLargeError(out, reserveOut, "the input is too large for floating point; trade less");
    }
    return out;
  }

  protected inGiven(reserveIn: number, reserveOut: number, amountOut: number): number {
    return (reserveIn * amountOut) / (this.gamma * (reserveOut - amountOut));
  }

  protected withReserves(reserveA: number, reserveB: number): ConstantProductPool {
    return new ConstantProductPool(reserveA, reserveB, this.fee);
  }
}
