/**
 * Uniswap v3's integer swap arithmetic, in bigint: one swap step inside a tick range (SwapMath.
 * computeSwapStep) with the sqrt-price and amount formulas it rests on (SqrtPriceMath, FullMath), and a
 * multi-step swap that walks a list of liquidity ranges, as the pool's swap loop does.
 *
 * Formulas (Uniswap v3 whitepaper, section 6.2; prices are √P in Q64.96 fixed point, √P·2^96, P = token1
 * per token0; L the active liquidity; all divisions round as the contracts do, noted per function):
 *   Δtoken0 between √Pa < √Pb:  L·2^96·(√Pb − √Pa) / (√Pb·√Pa)
 *   Δtoken1 between √Pa < √Pb:  L·(√Pb − √Pa) / 2^96
 *   next √P after x of token0 in (zeroForOne):  L·2^96·√P / (L·2^96 + x·√P)        (rounded up)
 *   next √P after y of token1 in (oneForZero):  √P + y·2^96 / L                   (rounded down)
 * computeSwapStep(√P, √Ptarget, L, amountRemaining, feePips): exact input when amountRemaining ≥ 0 (the
 * fee, feePips per 10^6, comes off the input first), exact output otherwise; the step either reaches the
 * target price or uses up the amount, and returns (√Pnext, amountIn, amountOut, feeAmount).
 *
 * Units. Integers in the tokens' base units; liquidity in √(token0·token1) units; fee in pips (1e-6).
 * Source. Uniswap v3-core SwapMath.sol, SqrtPriceMath.sol, FullMath.sol; their published test vectors
 * are in test/venues/amm/uniswap-v3-math.test.ts, cross-checked against @uniswap/v3-sdk's SwapMath.
 *
 * Limitations. bigint has no uint160/uint256 overflow, so inputs the contracts would revert on for size
 * are accepted (the one overflow the contract handles by a second formula, in getNextSqrtPriceFromAmount0-
 * RoundingUp, is reproduced); tick ↔ √P conversion (TickMath) is not here: ranges are given by their √P bounds. The
 * simulation's concentrated pool (concentrated-pool.ts) uses floats; this file is the protocol-exact
 * reference and the `amm swap` integer mode.
 */
import { ExecsimError } from "../../core/errors.js";

export const Q96 = 1n << 96n;
const PIPS = 1_000_000n;
const MAX_UINT256 = (1n << 256n) - 1n;

/** FullMath.mulDiv: floor(a·b / d). */
export function mulDiv(a: bigint, b: bigint, d: bigint): bigint {
  return (a * b) / d;
}

/** FullMath.mulDivRoundingUp: ceil(a·b / d). */
export function mulDivRoundingUp(a: bigint, b: bigint, d: bigint): bigint {
  const p = a * b;
  const q = p / d;
  return p % d === 0n ? q : q + 1n;
}

function divRoundingUp(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : q + 1n;
}

/** SqrtPriceMath.getAmount0Delta: token0 between two √P for liquidity L. */
export function getAmount0Delta(sqrtA: bigint, sqrtB: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const [lo, hi] = sqrtA > sqrtB ? [sqrtB, sqrtA] : [sqrtA, sqrtB];
  if (lo <= 0n) throw new ExecsimError("INVALID_ARGUMENT", "sqrt price must be > 0");
  const n1 = liquidity << 96n;
  const n2 = hi - lo;
  return roundUp ? divRoundingUp(mulDivRoundingUp(n1, n2, hi), lo) : mulDiv(n1, n2, hi) / lo;
}

/** SqrtPriceMath.getAmount1Delta: token1 between two √P for liquidity L. */
export function getAmount1Delta(sqrtA: bigint, sqrtB: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const [lo, hi] = sqrtA > sqrtB ? [sqrtB, sqrtA] : [sqrtA, sqrtB];
  return roundUp ? mulDivRoundingUp(liquidity, hi - lo, Q96) : mulDiv(liquidity, hi - lo, Q96);
}

function nextFromAmount0RoundingUp(sqrtP: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (amount === 0n) return sqrtP;
  const n1 = liquidity << 96n;
  if (add) {
    // as the contract: when amount·√P or n1 + amount·√P would overflow uint256, the equivalent
    // n1 / (n1/√P + amount) (rounded up) is used, which rounds differently
    const product = amount * sqrtP;
    if (product <= MAX_UINT256 && n1 + product <= MAX_UINT256)
      return mulDivRoundingUp(n1, sqrtP, n1 + product);
    return divRoundingUp(n1, n1 / sqrtP + amount);
  }
  const denominator = n1 - amount * sqrtP;
  if (denominator <= 0n) {
    throw new ExecsimError("INVALID_ARGUMENT", "amount out exceeds the range's token0 liquidity");
  }
  return mulDivRoundingUp(n1, sqrtP, denominator);
}

function nextFromAmount1RoundingDown(sqrtP: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (add) return sqrtP + (amount << 96n) / liquidity;
  const quotient = divRoundingUp(amount << 96n, liquidity);
  if (sqrtP <= quotient) {
    throw new ExecsimError("INVALID_ARGUMENT", "amount out exceeds the range's token1 liquidity");
  }
  return sqrtP - quotient;
}

/** SqrtPriceMath.getNextSqrtPriceFromInput. */
export function getNextSqrtPriceFromInput(
  sqrtP: bigint,
  liquidity: bigint,
  amountIn: bigint,
  zeroForOne: boolean,
): bigint {
  return zeroForOne
    ? nextFromAmount0RoundingUp(sqrtP, liquidity, amountIn, true)
    : nextFromAmount1RoundingDown(sqrtP, liquidity, amountIn, true);
}

/** SqrtPriceMath.getNextSqrtPriceFromOutput. */
export function getNextSqrtPriceFromOutput(
  sqrtP: bigint,
  liquidity: bigint,
  amountOut: bigint,
  zeroForOne: boolean,
): bigint {
  return zeroForOne
    ? nextFromAmount1RoundingDown(sqrtP, liquidity, amountOut, false)
    : nextFromAmount0RoundingUp(sqrtP, liquidity, amountOut, false);
}

export interface SwapStep {
  readonly sqrtPriceNextX96: bigint;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly feeAmount: bigint;
}

/**
 * SwapMath.computeSwapStep. The direction is implied by the prices (target ≤ current: token0 in).
 * amountRemaining ≥ 0 is an exact input (fee included), < 0 an exact output.
 */
export function computeSwapStep(
  sqrtPriceX96: bigint,
  sqrtTargetX96: bigint,
  liquidity: bigint,
  amountRemaining: bigint,
  feePips: number | bigint,
): SwapStep {
  const fee = BigInt(feePips);
  if (!(fee >= 0n && fee < PIPS)) {
    throw new ExecsimError("INVALID_ARGUMENT", `feePips must be in [0, 1e6), got ${fee}`);
  }
  const zeroForOne = sqrtPriceX96 >= sqrtTargetX96;
  const exactIn = amountRemaining >= 0n;
  let next: bigint;
  let amountIn = 0n;
  let amountOut = 0n;
  if (exactIn) {
    const lessFee = mulDiv(amountRemaining, PIPS - fee, PIPS);
    amountIn = zeroForOne
      ? getAmount0Delta(sqrtTargetX96, sqrtPriceX96, liquidity, true)
      : getAmount1Delta(sqrtPriceX96, sqrtTargetX96, liquidity, true);
    next =
      lessFee >= amountIn
        ? sqrtTargetX96
        : getNextSqrtPriceFromInput(sqrtPriceX96, liquidity, lessFee, zeroForOne);
  } else {
    amountOut = zeroForOne
      ? getAmount1Delta(sqrtTargetX96, sqrtPriceX96, liquidity, false)
      : getAmount0Delta(sqrtPriceX96, sqrtTargetX96, liquidity, false);
    next =
      -amountRemaining >= amountOut
        ? sqrtTargetX96
        : getNextSqrtPriceFromOutput(sqrtPriceX96, liquidity, -amountRemaining, zeroForOne);
  }
  const max = sqrtTargetX96 === next;
  if (zeroForOne) {
    amountIn = max && exactIn ? amountIn : getAmount0Delta(next, sqrtPriceX96, liquidity, true);
    amountOut = max && !exactIn ? amountOut : getAmount1Delta(next, sqrtPriceX96, liquidity, false);
  } else {
    amountIn = max && exactIn ? amountIn : getAmount1Delta(sqrtPriceX96, next, liquidity, true);
    amountOut = max && !exactIn ? amountOut : getAmount0Delta(sqrtPriceX96, next, liquidity, false);
  }
  if (!exactIn && amountOut > -amountRemaining) amountOut = -amountRemaining;
  const feeAmount =
    exactIn && next !== sqrtTargetX96
      ? amountRemaining - amountIn
      : mulDivRoundingUp(amountIn, fee, PIPS - fee);
  return { sqrtPriceNextX96: next, amountIn, amountOut, feeAmount };
}

/** A liquidity range by its √P bounds (Q64.96), lower < upper. */
export interface SqrtRange {
  readonly sqrtLowerX96: bigint;
  readonly sqrtUpperX96: bigint;
  readonly liquidity: bigint;
}

export interface MultiStepSwap {
  readonly sqrtPriceX96: bigint;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly feeAmount: bigint;
  readonly steps: readonly SwapStep[];
}

/** Active liquidity at √P: Σ L of the ranges with lower ≤ √P < upper (lower < √P ≤ upper going down). */
function activeLiquidity(ranges: readonly SqrtRange[], sqrtP: bigint, down: boolean): bigint {
  let l = 0n;
  for (const r of ranges) {
    const inside = down
      ? r.sqrtLowerX96 < sqrtP && sqrtP <= r.sqrtUpperX96
      : r.sqrtLowerX96 <= sqrtP && sqrtP < r.sqrtUpperX96;
    if (inside) l += r.liquidity;
  }
  return l;
}

/** The next range boundary strictly beyond √P in the swap's direction, or undefined. */
function nextBoundary(ranges: readonly SqrtRange[], sqrtP: bigint, down: boolean): bigint | undefined {
  let best: bigint | undefined;
  for (const r of ranges) {
    for (const b of [r.sqrtLowerX96, r.sqrtUpperX96]) {
      if (down ? b < sqrtP : b > sqrtP) {
        if (best === undefined || (down ? b > best : b < best)) best = b;
      }
    }
  }
  return best;
}

/**
 * A swap across ranges, step by step as UniswapV3Pool.swap does: each step runs computeSwapStep to the
 * next range boundary (or the price limit), then the active liquidity changes. Exact input when
 * `amountSpecified` ≥ 0, exact output otherwise. Stops when the amount is used up, the price limit is
 * reached or no liquidity is left in that direction. The totals are the sums of the steps.
 */
export function swapAcrossRanges(
  sqrtPriceX96: bigint,
  ranges: readonly SqrtRange[],
  zeroForOne: boolean,
  amountSpecified: bigint,
  feePips: number | bigint,
  sqrtPriceLimitX96?: bigint,
): MultiStepSwap {
  const exactIn = amountSpecified >= 0n;
  let remaining = amountSpecified;
  let sqrtP = sqrtPriceX96;
  let amountIn = 0n;
  let amountOut = 0n;
  let feeAmount = 0n;
  const steps: SwapStep[] = [];
  while (remaining !== 0n) {
    if (sqrtPriceLimitX96 !== undefined && sqrtP === sqrtPriceLimitX96) break;
    const boundary = nextBoundary(ranges, sqrtP, zeroForOne);
    if (boundary === undefined) break;
    let target = boundary;
    if (sqrtPriceLimitX96 !== undefined) {
      target = zeroForOne
        ? boundary < sqrtPriceLimitX96
          ? sqrtPriceLimitX96
          : boundary
        : boundary > sqrtPriceLimitX96
          ? sqrtPriceLimitX96
          : boundary;
    }
    const liquidity = activeLiquidity(ranges, sqrtP, zeroForOne);
    if (liquidity === 0n) {
      sqrtP = target; // an empty stretch: the price jumps across it
      continue;
    }
    const step = computeSwapStep(sqrtP, target, liquidity, remaining, feePips);
    steps.push(step);
    amountIn += step.amountIn;
    amountOut += step.amountOut;
    feeAmount += step.feeAmount;
    remaining = exactIn ? remaining - step.amountIn - step.feeAmount : remaining + step.amountOut;
    sqrtP = step.sqrtPriceNextX96;
    if (sqrtP !== target) break; // the amount ran out inside the range
  }
  return { sqrtPriceX96: sqrtP, amountIn, amountOut, feeAmount, steps };
}
