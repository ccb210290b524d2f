/**
 * What the two-asset AMM pools (constant sum, constant product) share: reserves, the fee convention,
 * the swap result, input validation.
 *
 * Conventions (Tulupov, "Price Impact for Different Market Models in Cryptocurrency Trading", section 3):
 * - A pool holds `reserveA` units of asset A and `reserveB` of asset B. A swap "aToB" pays Δa of A in
 *   and takes Δb of B out; "bToA" is the mirror image. Below, reserveIn/reserveOut are the reserves of
 *   the asset paid and the asset received (the paper's a and b for "aToB").
 * - Fee ρ ∈ [0, 1), γ = 1 − ρ: only γ·Δa counts toward the pool's invariant, but the whole Δa stays in
 *   the pool (the fee accrues to liquidity providers, as in Uniswap v2), so after a swap
 *   reserveIn' = reserveIn + Δa and reserveOut' = reserveOut − Δb, and the invariant grows when ρ > 0.
 * - Prices are "units of the asset paid per unit of the asset received": the paper's
 *   C1 = reserveIn / reserveOut (before) and C2 = Δa / Δb (what the swap paid), and its price impact is
 *   PI = C2 / C1 (1 = no impact; includes the fee, so PI > 1 even for an infinitesimal trade when ρ > 0).
 * - Pools are immutable values: a swap returns the amounts and a new pool in the post-trade state.
 *
 * Units. Reserves and amounts are in units of their asset (floats; see uniswap-v2-math.ts for the
 * integer, bigint arithmetic of Uniswap v2). Prices are ratios of those units.
 */
import { ExecsimError } from "../../core/errors.js";

export type SwapDirection = "aToB" | "bToA";

/** The result of one swap against a pool `P`, with the pool after it. */
export interface SwapResult<P> {
  readonly direction: SwapDirection;
  /** Paid into the pool, fee included (units of the input asset). */
  readonly amountIn: number;
  /** Taken out of the pool (units of the output asset). */
  readonly amountOut: number;
  /** ρ · amountIn, left in the pool for its liquidity providers (units of the input asset). */
  readonly feePaid: number;
  /** C1 = reserveIn / reserveOut before the swap. */
  readonly priceBefore: number;
  /** C2 = amountIn / amountOut: the price this swap paid. */
  readonly executionPrice: number;
  /** reserveIn' / reserveOut' after the swap: C1 for the next trade. */
  readonly priceAfter: number;
  /** The paper's price impact C2 / C1 (formula 5 or 7). */
  readonly priceImpact: number;
  /** The pool after the swap. */
  readonly pool: P;
}

/** Reserves of the asset paid in and the asset taken out, for a direction. */
function inOut(reserveA: number, reserveB: number, direction: SwapDirection): [number, number] {
  if (direction === "aToB") return [reserveA, reserveB];
  if (direction === "bToA") return [reserveB, reserveA];
  throw new ExecsimError(
    "INVALID_ARGUMENT",
    `swap direction must be "aToB" or "bToA", got ${String(direction)}`,
  );
}

/** New (reserveA, reserveB) after `amountIn` went in and `amountOut` came out in `direction`. */
function reservesAfter(
  reserveA: number,
  reserveB: number,
  direction: SwapDirection,
  amountIn: number,
  amountOut: number,
): [number, number] {
  return direction === "aToB"
    ? [reserveA + amountIn, reserveB - amountOut]
    : [reserveA - amountOut, reserveB + amountIn];
}

function validateReserve(x: number, what: string): void {
  if (!(Number.isFinite(x) && x > 0)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${what} must be a finite number > 0, got ${x}: a pool needs positive reserves of both assets`,
    );
  }
}

function validateFee(fee: number): void {
  if (!(Number.isFinite(fee) && fee >= 0 && fee < 1)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `fee must be a fraction in [0, 1) (e.g. 0.003 for 0.3%), got ${fee}`,
    );
  }
}

function validateAmount(x: number, what: string): void {
  if (!(Number.isFinite(x) && x > 0)) {
    throw new ExecsimError("INVALID_ARGUMENT", `${what} must be a finite number > 0, got ${x}`);
  }
}

export function ammOutputTooLargeError(amountOut: number, reserveOut: number, hint: string): ExecsimError {
  return new ExecsimError(
    "INVALID_ARGUMENT",
    `amount out ${amountOut} would take all or more of the pool's reserve ${reserveOut}: ${hint}`,
  );
}

/**
 * The swap mechanics both pool types share; a subclass supplies its invariant's two formulas (amount out
 * for an amount in, and the reverse), its price-impact formula lives beside it.
 */
export abstract class TwoAssetPool<P extends TwoAssetPool<P>> {
  /** γ = 1 − fee: the share of an input that counts toward the invariant. */
  readonly gamma: number;

  constructor(
    readonly reserveA: number,
    readonly reserveB: number,
    readonly fee: number,
  ) {
    validateReserve(reserveA, "reserveA");
    validateReserve(reserveB, "reserveB");
    validateFee(fee);
    this.gamma = 1 - fee;
  }

  /** Amount out for `amountIn` given the reserves of the input and output assets (validated). */
  protected abstract outGiven(reserveIn: number, reserveOut: number, amountIn: number): number;
  /** Amount in (fee included) needed for `amountOut` (validated, < reserveOut). */
  protected abstract inGiven(reserveIn: number, reserveOut: number, amountOut: number): number;
  /** The same kind of pool with other reserves and the same fee. */
  protected abstract withReserves(reserveA: number, reserveB: number): P;

  /** Amount of the output asset received for paying `amountIn` (fee included) of the input asset. */
  amountOut(amountIn: number, direction: SwapDirection = "aToB"): number {
    validateAmount(amountIn, "amount in");
    const [rIn, rOut] = inOut(this.reserveA, this.reserveB, direction);
    return this.outGiven(rIn, rOut, amountIn);
  }

  /** Amount of the input asset (fee included) needed to receive exactly `amountOut`. */
  amountIn(amountOut: number, direction: SwapDirection = "aToB"): number {
    validateAmount(amountOut, "amount out");
    const [rIn, rOut] = inOut(this.reserveA, this.reserveB, direction);
    if (amountOut >= rOut) {
      throw ammOutputTooLargeError(amountOut, rOut, "ask for less than the reserve of the asset you buy");
    }
    return this.inGiven(rIn, rOut, amountOut);
  }

  /** Pay exactly `amountIn`; returns what came out and the pool after. */
  swapExactIn(amountIn: number, direction: SwapDirection = "aToB"): SwapResult<P> {
    const out = this.amountOut(amountIn, direction);
    return this.settle(direction, amountIn, out);
  }

  /** Receive exactly `amountOut`; returns what it cost and the pool after. */
  swapExactOut(amountOut: number, direction: SwapDirection = "aToB"): SwapResult<P> {
    const paid = this.amountIn(amountOut, direction);
    return this.settle(direction, paid, amountOut);
  }

  /** C1 = reserveIn / reserveOut: units of the input asset per unit of the output asset. */
  price(direction: SwapDirection = "aToB"): number {
    const [rIn, rOut] = inOut(this.reserveA, this.reserveB, direction);
    return rIn / rOut;
  }

  private settle(direction: SwapDirection, amountIn: number, amountOut: number): SwapResult<P> {
    const [rIn, rOut] = inOut(this.reserveA, this.reserveB, direction);
    const [a, b] = reservesAfter(this.reserveA, this.reserveB, direction, amountIn, amountOut);
    const priceBefore = rIn / rOut;
    const executionPrice = amountIn / amountOut;
    const pool = this.withReserves(a, b);
    return {
      direction,
      amountIn,
      amountOut,
      feePaid: this.fee * amountIn,
      priceBefore,
      executionPrice,
      priceAfter: pool.price(direction),
      priceImpact: executionPrice / priceBefore,
      pool,
    };
  }
}
