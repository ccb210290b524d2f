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
import type { PoolModel } from "../venues/amm/pool-liquidity.js";
import { parsePoolModel } from "../venues/amm/pools-file.js";
import { ammRouteCommand } from "./amm-route-command.js";
import { type AmmConcentratedReport, runAmmSwapConcentrated } from "./amm-swap-concentrated.js";
import { printExactText, printStepText, runAmmStepExact, runAmmSwapExact } from "./amm-swap-exact.js";
import { type GlobalArgs, printJson } from "./cli-helpers.js";

export type AmmModel = "cp" | "cs";

export interface AmmSwapArgs extends GlobalArgs {
  model: string;
  /** Numbers, or decimal strings (the CLI passes strings so that --exact keeps every digit). */
  "reserve-in": number | string;
  "reserve-out": number | string;
  "amount-in"?: number | string;
  "amount-out"?: number | string;
  fee: number | string;
  /** Integer arithmetic (bigint): Uniswap v2 for constant product, one v3 swap step for concentrated. */
  exact?: boolean;
  /** --exact --model concentrated: √P·2^96 now and at the step's target, and the active liquidity. */
  "sqrt-price"?: string;
  "sqrt-target"?: string;
  liquidity?: string;
  /** --model concentrated (floats): the pool's price and range, and which way the trader goes. */
  price?: string;
  "price-lower"?: string;
  "price-upper"?: string;
  "tick-lower"?: string;
  "tick-upper"?: string;
  side?: string;
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

function positiveFlag(raw: number | string | undefined, name: string): number {
  const v = raw === undefined || (typeof raw === "string" && raw.trim() === "") ? undefined : Number(raw);
  if (v === undefined || !(Number.isFinite(v) && v > 0)) {
    throw new ExecsimError("INVALID_ARGUMENT", `--${name}: give a number > 0, got ${v}`);
  }
  return v;
}

/** argv -> swap report (the library call behind the command; throws INVALID_ARGUMENT on bad input). */
export function runAmmSwap(argv: AmmSwapArgs): AmmSwapReport {
  const model = swapModel(argv.model);
  const reserveIn = positiveFlag(argv["reserve-in"], "reserve-in");
  const reserveOut = positiveFlag(argv["reserve-out"], "reserve-out");
  const fee = Number(argv.fee);
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

/** --model as the pools file names it (constant-product, constant-sum) or cp / cs; reported as cp / cs. */
function swapModel(name: string): AmmModel {
  let model: PoolModel;
  try {
    model = parsePoolModel(name, "--model");
  } catch {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--model "${name}": use constant-product (cp) or constant-sum (cs); concentrated pools trade through \`execsim amm route\` with a pools file`,
    );
  }
  if (model === "concentrated") {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "--model concentrated: a concentrated pool needs liquidity, a range and a price: `execsim amm swap --model concentrated --liquidity L --price P --tick-lower a --tick-upper b` (runAmmSwapConcentrated), or a pools file with `execsim amm route`",
    );
  }
  return model === "constant-product" ? "cp" : "cs";
}

function printConcentratedText(r: AmmConcentratedReport): void {
  const f = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(8))));
  const [inUnit, outUnit] = r.side === "buy" ? ["quote", "base"] : ["base", "quote"];
  const lines = [
    `concentrated pool, fee ${f(r.fee)}, L ${f(r.liquidity)} over ${f(r.priceLower)} .. ${f(r.priceUpper)}, ${r.side}`,
    `amount in        ${f(r.amountIn)} ${inUnit}   (pool fee ${f(r.feePaid)} quote)`,
    `amount out       ${f(r.amountOut)} ${outUnit}`,
    `price            before ${f(r.priceBefore)}, paid ${f(r.executionPrice)}, after ${f(r.priceAfter)}`,
    `price impact     ${f(r.priceImpact)}   (price paid per base / price before)`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
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
        describe: "pool model: constant-product (cp) or constant-sum (cs)",
      })
      .option("reserve-in", {
        type: "string",
        describe: "pool reserve of the asset you pay (required but with --exact --model concentrated)",
      })
      .option("reserve-out", {
        type: "string",
        describe: "pool reserve of the asset you receive",
      })
      .option("sqrt-price", {
        type: "string",
        describe: "--exact --model concentrated: current √P·2^96 (Q64.96)",
      })
      .option("sqrt-target", {
        type: "string",
        describe:
          "--exact --model concentrated: √P·2^96 the step may reach (range edge or limit; below = token0 in)",
      })
      .option("liquidity", {
        type: "string",
        describe:
          "--model concentrated: the range's liquidity L (√(base·quote) units; an integer with --exact)",
      })
      .option("price", { type: "string", describe: "--model concentrated: the pool's price, quote per base" })
      .option("price-lower", { type: "string", describe: "--model concentrated: range lower price" })
      .option("price-upper", { type: "string", describe: "--model concentrated: range upper price" })
      .option("tick-lower", {
        type: "string",
        describe: "--model concentrated: range lower tick (1.0001^tick)",
      })
      .option("tick-upper", { type: "string", describe: "--model concentrated: range upper tick" })
      .option("side", {
        type: "string",
        choices: ["buy", "sell"],
        describe: "--model concentrated: buy (pay quote for base, default) or sell",
      })
      .option("amount-in", { type: "string", describe: "pay exactly this much (fee included)" })
      .option("amount-out", {
        type: "string",
        describe: "receive exactly this much (instead of --amount-in)",
      })
      .option("fee", { type: "string", default: "0.003", describe: "fee ρ as a fraction; γ = 1 − ρ" })
      .option("exact", {
        type: "boolean",
        default: false,
        describe:
          "integer arithmetic (bigint, amounts in base units such as wei): Uniswap v2 getAmountOut / getAmountIn for constant product, one Uniswap v3 swap step (computeSwapStep) for concentrated",
      })
      .example(
        "$0 amm swap --reserve-in 2480 --reserve-out 100 --amount-out 1",
        "Table 2 of the paper: 25.1259 in",
      )
      .example(
        "$0 amm swap --model cs --reserve-in 50 --reserve-out 100 --amount-in 1 --json",
        "constant sum, JSON",
      )
      .example(
        "$0 amm swap --exact --reserve-in 5000000000000000000 --reserve-out 10000000000000000000 --amount-in 1000000000000000000",
        "Uniswap v2 integers: 1662497915624478906 out",
      )
      .example(
        "$0 amm swap --exact --model concentrated --sqrt-price 79228162514264337593543950336 --sqrt-target 79623317895830914510639640423 --liquidity 2000000000000000000 --amount-in 1000000000000000000 --fee 0.0006",
        "one Uniswap v3 swap step (v3-core's first SwapMath case)",
      ) as unknown as Argv<AmmSwapArgs>,
  handler: (argv) => {
    if (argv.exact && parsePoolModel(argv.model, "--model") === "concentrated") {
      const r = runAmmStepExact(argv);
      if (argv.json) printJson(r);
      else printStepText(r);
      return;
    }
    if (parsePoolModel(argv.model, "--model") === "concentrated") {
      const r = runAmmSwapConcentrated(argv);
      if (argv.json) printJson(r);
      else printConcentratedText(r);
      return;
    }
    if (argv.exact) {
      const r = runAmmSwapExact(argv);
      if (argv.json) printJson(r);
      else printExactText(r);
      return;
    }
    const r = runAmmSwap(argv);
    if (argv.json) printJson(r);
    else printText(r);
  },
};

export const ammCommand: CommandModule = {
  command: "amm <command>",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    y
      .command(ammSwapCommand)
      .command(ammRouteCommand)
      .demandCommand(1, "Name an amm subcommand; see the list above."),
  handler: () => {},
};
