/**
 * `execsim amm swap`: one swap against a constant-product (cp) or constant-sum (cs) pool with a fee,
 * printing what came out (or what it cost), the reserves after, and the price impact of Tulupov's paper
 * (C2/C1: formula 7 for cp, formula 5 for cs). The pool pays "reserve-out" asset for "reserve-in" asset.
 * Example (the paper's Table 2 pool): execsim amm swap --model cp --reserve-in 2480 --reserve-out 100
 *   --amount-out 1 --fee 0.003  ->  25.1259 in, price impact 1.01314.
 */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { formatNumber } from "../report/format-table.js";
import type { SwapResult } from "../venues/amm/amm-pool.js";
import { ConstantProductPool } from "../venues/amm/constant-product-pool.js";
import { ConstantSumPool } from "../venues/amm/constant-sum-pool.js";
import { type GlobalArgs, printJson } from "./cli-helpers.js";

export type AmmModel = "cp" | "cs";

export interface AmmSwapArgs extends GlobalArgs {
  model: string;
  "reserve-in": number;
  "reserve-out": number;
  "amount-in"?: number;
  "amount-out"?: number;
  fee: number;
}

export interface AmmSwapReport {
  model: AmmModel;
  fee: number;
  reserveIn: number;
  reserveOut: number;
  amountIn: number;
  amountOut: number;
  feePaid: number;
  reserveInAfter: number;
  reserveOutAfter: number;
  priceBefore: number;
  executionPrice: number;
  priceAfter: number;
  priceImpact: number;
  invariantBefore: number;
  invariantAfter: number;
}

function positiveFlag(v: number | undefined, name: string): number {
  if (v === undefined || !(Number.isFinite(v) && v > 0)) {
    throw new ExecsimError("INVALID_ARGUMENT", `--${name}: give a number > 0, got ${v}`);
  }
  return v;
}

/** argv -> swap report (the library call behind the command; throws INVALID_ARGUMENT on bad input). */
export function runAmmSwap(argv: AmmSwapArgs): AmmSwapReport {
  const model = String(argv.model).toLowerCase();
  if (model !== "cp" && model !== "cs") {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--model "${argv.model}": use cp (constant product) or cs (constant sum)`,
    );
  }
  const reserveIn = positiveFlag(argv["reserve-in"], "reserve-in");
  const reserveOut = positiveFlag(argv["reserve-out"], "reserve-out");
  const fee = argv.fee;
  if (!(Number.isFinite(fee) && fee >= 0 && fee < 1)) {
    throw new ExecsimError("INVALID_ARGUMENT", `--fee: give a fraction in [0, 1), e.g. 0.003, got ${fee}`);
  }
  const hasIn = argv["amount-in"] !== undefined;
  const hasOut = argv["amount-out"] !== undefined;
  if (hasIn === hasOut) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "give exactly one of --amount-in (pay this much) or --amount-out (receive this much)",
    );
  }
  const pool =
    model === "cp"
      ? new ConstantProductPool(reserveIn, reserveOut, fee)
      : new ConstantSumPool(reserveIn, reserveOut, fee);
  const r: SwapResult<ConstantProductPool | ConstantSumPool> = hasIn
    ? pool.swapExactIn(positiveFlag(argv["amount-in"], "amount-in"))
    : pool.swapExactOut(positiveFlag(argv["amount-out"], "amount-out"));
  return {
    model,
    fee,
    reserveIn,
    reserveOut,
    amountIn: r.amountIn,
    amountOut: r.amountOut,
    feePaid: r.feePaid,
    reserveInAfter: r.pool.reserveA,
    reserveOutAfter: r.pool.reserveB,
    priceBefore: r.priceBefore,
    executionPrice: r.executionPrice,
    priceAfter: r.priceAfter,
    priceImpact: r.priceImpact,
    invariantBefore: pool.invariant(),
    invariantAfter: r.pool.invariant(),
  };
}

function printText(r: AmmSwapReport): void {
  const f = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(8))));
  const name = r.model === "cp" ? "constant product" : "constant sum";
  const lines = [
    `${name} pool, fee ${f(r.fee)} (γ = ${f(1 - r.fee)})`,
    `amount in        ${f(r.amountIn)}   (fee ${f(r.feePaid)} stays in the pool)`,
    `amount out       ${f(r.amountOut)}`,
    `reserves         in ${f(r.reserveIn)} -> ${f(r.reserveInAfter)}, out ${f(r.reserveOut)} -> ${f(r.reserveOutAfter)}`,
    `price (in/out)   before ${f(r.priceBefore)}, paid ${f(r.executionPrice)}, after ${f(r.priceAfter)}`,
    `price impact     ${f(r.priceImpact)}   (C2/C1; formula ${r.model === "cp" ? "7" : "5"})`,
    `invariant        ${formatNumber(r.invariantBefore)} -> ${formatNumber(r.invariantAfter)}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

const ammSwapCommand: CommandModule<object, AmmSwapArgs> = {
  command: "swap",
  describe:
    "swap against a constant-product or constant-sum pool: amount out (or in), reserves after, price impact",
  builder: (y: Argv) =>
    y
      .option("model", {
        type: "string",
        default: "cp",
        describe: "pool model: cp (constant product) or cs (constant sum)",
      })
      .option("reserve-in", {
        type: "number",
        demandOption: true,
        describe: "pool reserve of the asset you pay",
      })
      .option("reserve-out", {
        type: "number",
        demandOption: true,
        describe: "pool reserve of the asset you receive",
      })
      .option("amount-in", { type: "number", describe: "pay exactly this much (fee included)" })
      .option("amount-out", {
        type: "number",
        describe: "receive exactly this much (instead of --amount-in)",
      })
      .option("fee", { type: "number", default: 0.003, describe: "fee ρ as a fraction; γ = 1 − ρ" })
      .example(
        "$0 amm swap --reserve-in 2480 --reserve-out 100 --amount-out 1",
        "Table 2 of the paper: 25.1259 in",
      )
      .example(
        "$0 amm swap --model cs --reserve-in 50 --reserve-out 100 --amount-in 1 --json",
        "constant sum, JSON",
      ) as unknown as Argv<AmmSwapArgs>,
  handler: (argv) => {
    const r = runAmmSwap(argv);
    if (argv.json) printJson(r);
    else printText(r);
  },
};

export const ammCommand: CommandModule = {
  command: "amm <command>",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    y.command(ammSwapCommand).demandCommand(1, "Name an amm subcommand; see the list above."),
  handler: () => {},
};
