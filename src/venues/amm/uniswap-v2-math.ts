/**
 * Uniswap v2's integer swap arithmetic, in bigint: the constant-product curve exactly as the
 * UniswapV2Library and UniswapV2Pair contracts round it (amounts in the token's smallest unit, e.g. wei).
 *
 * Formulas (Uniswap v2 core/periphery, fee 0.3% as γ = 997/1000; `/` is integer division, rounding down):
 *   getAmountOut(x, R_in, R_out) = x·997·R_out / (R_in·1000 + x·997)
 *   getAmountIn(y, R_in, R_out)  = R_in·y·1000 / ((R_out − y)·997) + 1
 *   pair's K check after a swap: (B_in·1000 − x·3)·(B_out·1000) >= R_in·R_out·1000²,
 *     B_in = R_in + x, B_out = R_out − y (balances after the transfer)
 * getAmountOut rounds down (the trader gets at most the real-number amount) and getAmountIn rounds down
 * and adds 1 (always, even when the division is exact), so the pool never loses to rounding.
 * The fee numerator/denominator are parameters (default 997/1000) so forks with other fees fit; the K
 * check then uses (denominator − numerator) in place of 3.
 *
 * Units. Integers in the token's base unit; reserves as the pair stores them.
 * Source. Uniswap v2 (UniswapV2Library.getAmountOut/getAmountIn, UniswapV2Pair.swap), whose pair tests
 * publish, e.g., reserves (5, 10)·10^18 with 10^18 in giving 1662497915624478906 out.
 *
 * Limitations. bigint has no uint256/uint112 overflow, so inputs the contracts would reject for size are
 * accepted here; no flash swaps, no protocol fee (mintFee), no TWAP oracle accumulators.
 */
import { ExecsimError } from "../../core/errors.js";

export interface UniswapV2Fee {
  /** γ·denominator, 997n for Uniswap v2. */
  readonly numerator: bigint;
  /** 1000n for Uniswap v2. */
  readonly denominator: bigint;
}

export const UNISWAP_V2_FEE: UniswapV2Fee = Object.freeze({ numerator: 997n, denominator: 1000n });

function checkFee(fee: UniswapV2Fee): void {
  if (!(fee.denominator > 0n && fee.numerator > 0n && fee.numerator <= fee.denominator)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `fee must satisfy 0 < numerator <= denominator (Uniswap v2: 997/1000), got ${fee.numerator}/${fee.denominator}`,
    );
  }
}

function checkReserves(reserveIn: bigint, reserveOut: bigint): void {
  if (!(reserveIn > 0n && reserveOut > 0n)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `insufficient liquidity: reserves must both be > 0, got ${reserveIn} and ${reserveOut}`,
    );
  }
}

/** The library's require()s of a swap: a positive amount (in or out), both reserves > 0, a valid fee. */
function checkSwap(
  which: "input" | "output",
  amount: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  fee: UniswapV2Fee,
): void {
  if (!(amount > 0n)) {
    const name = which === "input" ? "amountIn" : "amountOut";
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `insufficient ${which} amount: ${name} must be > 0, got ${amount}`,
    );
  }
  checkReserves(reserveIn, reserveOut);
  checkFee(fee);
}

/** Uniswap v2 getAmountOut: the most a pair pays for `amountIn`, rounded down. */
export function uniswapV2GetAmountOut(
  amountIn: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  fee: UniswapV2Fee = UNISWAP_V2_FEE,
): bigint {
  checkSwap("input", amountIn, reserveIn, reserveOut, fee);
  const amountInWithFee = amountIn * fee.numerator;
  return (amountInWithFee * reserveOut) / (reserveIn * fee.denominator + amountInWithFee);
}

/** Uniswap v2 getAmountIn: the least input that buys `amountOut`, rounded down plus 1. */
export function uniswapV2GetAmountIn(
  amountOut: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  fee: UniswapV2Fee = UNISWAP_V2_FEE,
): bigint {
  checkSwap("output", amountOut, reserveIn, reserveOut, fee);
  if (amountOut >= reserveOut) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `amount out ${amountOut} would take all or more of the reserve ${reserveOut}: ask for less`,
    );
  }
  return (reserveIn * amountOut * fee.denominator) / ((reserveOut - amountOut) * fee.numerator) + 1n;
}

/**
 * The pair's invariant check for a swap paying `amountIn` and taking `amountOut` (UniswapV2Pair.swap's
 * "K" requirement, one-sided input): true when the fee-adjusted balances keep k at least where it was.
 */
export function uniswapV2SatisfiesK(
  reserveIn: bigint,
  reserveOut: bigint,
  amountIn: bigint,
  amountOut: bigint,
  fee: UniswapV2Fee = UNISWAP_V2_FEE,
): boolean {
  checkReserves(reserveIn, reserveOut);
  checkFee(fee);
  if (amountIn < 0n || amountOut < 0n || amountOut >= reserveOut) return false;
  const balanceIn = reserveIn + amountIn;
  const balanceOut = reserveOut - amountOut;
  const d = fee.denominator;
  const adjustedIn = balanceIn * d - amountIn * (d - fee.numerator);
  const adjustedOut = balanceOut * d;
  return adjustedIn * adjustedOut >= reserveIn * reserveOut * d * d;
}

/** Reserves after a swap, as the pair stores them. */
export interface UniswapV2SwapResult {
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly reserveIn: bigint;
  readonly reserveOut: bigint;
}

/** Swap exactly `amountIn` (getAmountOut), returning the new reserves; the input stays in the pair. */
export function uniswapV2SwapExactIn(
  amountIn: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  fee: UniswapV2Fee = UNISWAP_V2_FEE,
): UniswapV2SwapResult {
  const amountOut = uniswapV2GetAmountOut(amountIn, reserveIn, reserveOut, fee);
  return { amountIn, amountOut, reserveIn: reserveIn + amountIn, reserveOut: reserveOut - amountOut };
}

/** Buy exactly `amountOut` (getAmountIn), returning the new reserves. */
export function uniswapV2SwapExactOut(
  amountOut: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  fee: UniswapV2Fee = UNISWAP_V2_FEE,
): UniswapV2SwapResult {
  const amountIn = uniswapV2GetAmountIn(amountOut, reserveIn, reserveOut, fee);
  return { amountIn, amountOut, reserveIn: reserveIn + amountIn, reserveOut: reserveOut - amountOut };
}
