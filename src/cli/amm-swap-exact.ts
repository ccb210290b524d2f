/**
 * `execsim amm swap --exact`: the Uniswap v2 swap in integers (venues/amm/uniswap-v2-math.ts), so the
 * published integer vectors come out to the last digit. Amounts and reserves are whole numbers in the
 * token's base unit (e.g. wei), printed as decimal strings (JSON numbers cannot hold them exactly). The
 * fee ρ is read as a decimal fraction and becomes γ = (10^k − ρ·10^k) / 10^k, k its decimals
 * (0.003 → 997/1000, Uniswap v2's).
 */
import { ExecsimError } from "../core/errors.js";
import {
  type UniswapV2Fee,
  uniswapV2SwapExactIn,
  uniswapV2SwapExactOut,
} from "../venues/amm/uniswap-v2-math.js";
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

export function printExactText(r: AmmSwapExactReport): void {
  process.stdout.write(
    [
      `constant product pool (Uniswap v2 integers), fee ${r.fee} (γ = ${r.feeNumerator}/${r.feeDenominator})`,
      `amount in        ${r.amountIn}`,
      `amount out       ${r.amountOut}`,
      `reserves         in ${r.reserveIn} -> ${r.reserveInAfter}, out ${r.reserveOut} -> ${r.reserveOutAfter}`,
    ].join("\n") + "\n",
  );
}
