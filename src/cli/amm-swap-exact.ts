/**
 * `execsim amm swap --exact`: the Uniswap v2 swap in integers (venues/amm/uniswap-v2-math.ts), so the
 * published integer vectors come out to the last digit. Amounts and reserves are whole numbers in the
 * token's base unit (e.g. wei), printed as decimal strings (JSON numbers cannot hold them exactly). The
 * fee ρ is read as a decimal fraction and becomes γ = (10^k − ρ·10^k) / 10^k, k its decimals
 * (0.003 → 997/1000, Uniswap v2's). With `--model concentrated` it runs one Uniswap v3 swap step
 * (uniswap-v3-math.ts computeSwapStep) on √P prices in Q64.96.
 */
import { ExecsimError } from "../core/errors.js";
import {
  type UniswapV2Fee,
  uniswapV2SwapExactIn,
  uniswapV2SwapExactOut,
} from "../venues/amm/uniswap-v2-math.js";
import { computeSwapStep } from "../venues/amm/uniswap-v3-math.js";
import type { AmmSwapArgs } from "./amm-command.js";

export interface AmmSwapExactReport {
  model: "cp";
  exact: true;
  fee: string;
  feeNumerator: string;
  feeDenominator: string;
  reserveIn: string;
  reserveOut: string;
  amountIn: string;
  amountOut: string;
  reserveInAfter: string;
  reserveOutAfter: string;
}

function integerFlag(v: number | string | undefined, name: string): bigint {
  const s = v === undefined ? "" : String(v).trim();
  if (!/^\d+$/.test(s) || BigInt(s) <= 0n) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--${name}: with --exact give a whole number > 0 in the token's base unit (e.g. wei), got "${v}"`,
    );
  }
  return BigInt(s);
}

/** "0.003" → 997/1000. */
export function feeFraction(v: number | string): UniswapV2Fee {
  const s = String(v).trim();
  const m = /^0?(?:\.(\d{1,18}))?$/.exec(s);
  if (s === "" || m === null) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--fee: give a decimal fraction in [0, 1), e.g. 0.003, got "${v}"`,
    );
  }
  const digits = m[1] ?? "";
  const denominator = 10n ** BigInt(digits.length);
  const rho = digits === "" ? 0n : BigInt(digits);
  return { numerator: denominator - rho, denominator };
}

/** The v3 step through the CLI (`--model concentrated --exact`): SwapMath.computeSwapStep's outputs. */
export interface AmmStepExactReport {
  model: "concentrated";
  exact: true;
  feePips: number;
  sqrtPriceX96: string;
  sqrtTargetX96: string;
  liquidity: string;
  amountIn: string;
  amountOut: string;
  feeAmount: string;
  sqrtPriceNextX96: string;
}

/**
 * One Uniswap v3 swap step within a range: --sqrt-price (√P·2^96 now), --sqrt-target (the range edge or
 * price limit; below the price: token0 in), --liquidity, one of --amount-in (exact input, fee included) or
 * --amount-out, and --fee as a fraction (0.003 = 3000 pips).
 */
export function runAmmStepExact(argv: AmmSwapArgs): AmmStepExactReport {
  const sqrtP = integerFlag(argv["sqrt-price"], "sqrt-price");
  const target = integerFlag(argv["sqrt-target"], "sqrt-target");
  const liquidity = integerFlag(argv.liquidity, "liquidity");
  const pips = Number(argv.fee) * 1e6;
  if (!(Number.isFinite(pips) && pips >= 0 && pips < 1e6 && Math.abs(pips - Math.round(pips)) < 1e-6)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--fee: a fraction in [0, 1) that is a whole number of pips (1e-6), e.g. 0.003 or 0.0005, got "${argv.fee}"`,
    );
  }
  const feePips = Math.round(pips);
  const hasIn = argv["amount-in"] !== undefined;
  if (hasIn === (argv["amount-out"] !== undefined)) {
    throw new ExecsimError("INVALID_ARGUMENT", "give exactly one of --amount-in or --amount-out");
  }
  const remaining = hasIn
    ? integerFlag(argv["amount-in"], "amount-in")
    : -integerFlag(argv["amount-out"], "amount-out");
  const s = computeSwapStep(sqrtP, target, liquidity, remaining, feePips);
  return {
    model: "concentrated",
    exact: true,
    feePips,
    sqrtPriceX96: String(sqrtP),
    sqrtTargetX96: String(target),
    liquidity: String(liquidity),
    amountIn: String(s.amountIn),
    amountOut: String(s.amountOut),
    feeAmount: String(s.feeAmount),
    sqrtPriceNextX96: String(s.sqrtPriceNextX96),
  };
}

export function runAmmSwapExact(argv: AmmSwapArgs): AmmSwapExactReport {
  const model = String(argv.model).trim().toLowerCase();
  if (model !== "cp" && model !== "constant-product") {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--exact is Uniswap v2's constant-product arithmetic; --model "${argv.model}" has none`,
    );
  }
  const reserveIn = integerFlag(argv["reserve-in"], "reserve-in");
  const reserveOut = integerFlag(argv["reserve-out"], "reserve-out");
  const fee = feeFraction(argv.fee);
  const hasIn = argv["amount-in"] !== undefined;
  if (hasIn === (argv["amount-out"] !== undefined)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "give exactly one of --amount-in (pay this much) or --amount-out (receive this much)",
    );
  }
  const r = hasIn
    ? uniswapV2SwapExactIn(integerFlag(argv["amount-in"], "amount-in"), reserveIn, reserveOut, fee)
    : uniswapV2SwapExactOut(integerFlag(argv["amount-out"], "amount-out"), reserveIn, reserveOut, fee);
  return {
    model: "cp",
    exact: true,
    fee: String(argv.fee),
    feeNumerator: String(fee.numerator),
    feeDenominator: String(fee.denominator),
    reserveIn: String(reserveIn),
    reserveOut: String(reserveOut),
    amountIn: String(r.amountIn),
    amountOut: String(r.amountOut),
    reserveInAfter: String(r.reserveIn),
    reserveOutAfter: String(r.reserveOut),
  };
}

export function printStepText(r: AmmStepExactReport): void {
  process.stdout.write(
    [
      `Uniswap v3 swap step (integers), fee ${r.feePips} pips, liquidity ${r.liquidity}`,
      `sqrt price X96   ${r.sqrtPriceX96} -> ${r.sqrtPriceNextX96} (target ${r.sqrtTargetX96})`,
      `amount in        ${r.amountIn} + fee ${r.feeAmount}`,
      `amount out       ${r.amountOut}`,
    ]
      .map((line) => `${line}\n`)
      .join(""),
  );
}

export function printExactText(r: AmmSwapExactReport): void {
  process.stdout.write(
    [
      `constant product pool (Uniswap v2 integers), fee ${r.fee} (γ = ${r.feeNumerator}/${r.feeDenominator})`,
      `amount in        ${r.amountIn}`,
      `amount out       ${r.amountOut}`,
      `reserves         in ${r.reserveIn} -> ${r.reserveInAfter}, out ${r.reserveOut} -> ${r.reserveOutAfter}`,
    ]
      .map((line) => `${line}\n`)
      .join(""),
  );
}
