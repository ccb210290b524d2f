/**
 * Constant-sum AMM pool with a fee.
 *
 * Formula (Tulupov, "Price Impact for Different Market Models in Cryptocurrency Trading", eq. 4 and
 * Theorem 1): T^CS = a + b = (a + γ·Δa) + (b − Δb), so
 *   amount out  Δb = γ·Δa             amount in  Δa = Δb / γ           (requires Δb < b)
 *   price impact (formula 5)  PI = C2 / C1 = (1/γ) / (a/b) = b / (γ·a)
 *                                 = (1/γ) · 1 / (T/b − 1) = (1/γ) · (T/a − 1),
 * with a, b the reserves of the asset paid and the asset received, γ = 1 − fee. PI does not depend on
 * the trade size, only on the reserves' ratio (Table 1: b = 100 BTC, a = x ETH, PI = 100.3009 / x).
 *
 * Units. Reserves and amounts in units of their own asset; PI dimensionless.
 * Parameters. reserveA > 0, reserveB > 0, fee ∈ [0, 1) (default 0.003, the paper's ρ).
 * State. Immutable: `swapExactIn` / `swapExactOut` return a new pool with reserveIn + Δa (the whole
 * input, fee included, stays in the pool) and reserveOut − Δb; a + b grows by fee·Δa per swap.
 *
 * Limitations. The paper's C1 = a/b is the reserves' ratio, not this pool's marginal exchange rate (which
 * is 1/γ per unit at any reserves), so PI here compares the trade price with the reserve ratio and can be
 * below 1 (Table 1: 0.02006 for 5000 ETH against 100 BTC). The pool pays out at the fixed rate until the
 * output reserve is gone; a swap that would take all of it (γ·Δa ≥ b) is rejected.
 */
import { ammOutputTooLargeError, type SwapDirection, TwoAssetPool } from "./amm-pool.js";

/** Formula 5: price impact of any swap on a constant-sum pool, b / (γ·a). */
export function constantSumPriceImpact(reserveIn: number, reserveOut: number, gamma: number): number {
  return reserveOut / (gamma * reserveIn);
}

export class ConstantSumPool extends TwoAssetPool<ConstantSumPool> {
  constructor(reserveA: number, reserveB: number, fee = 0.003) {
    super(reserveA, reserveB, fee);
  }

  /** T^CS = reserveA + reserveB. */
  invariant(): number {
    return this.reserveA + this.reserveB;
  }

  /** Formula 5 for a swap in `direction` (any size). */
  priceImpact(direction: SwapDirection = "aToB"): number {
    return direction === "aToB"
      ? constantSumPriceImpact(this.reserveA, this.reserveB, this.gamma)
      : constantSumPriceImpact(this.reserveB, this.reserveA, this.gamma);
  }

  protected outGiven(_reserveIn: number, reserveOut: number, amountIn: number): number {
    const out = this.gamma * amountIn;
    if (out >= reserveOut) {
      throw ammOutputTooLargeError(
        out,
        reserveOut,
        `a constant-sum pool pays γ·amountIn, so amount in must be below reserve/γ = ${reserveOut / this.gamma}`,
      );
    }
    return out;
  }

  protected inGiven(_reserveIn: number, _reserveOut: number, amountOut: number): number {
    return amountOut / this.gamma;
  }

  protected withReserves(reserveA: number, reserveB: number): ConstantSumPool {
    return new ConstantSumPool(reserveA, reserveB, this.fee);
  }
}
