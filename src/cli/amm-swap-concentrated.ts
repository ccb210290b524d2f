/**
 * `execsim amm swap --model concentrated` (floats): one swap against a concentrated-liquidity pool
 * (venues/amm/pool-liquidity.ts ConcentratedLiquidity) given as on a pools file: --liquidity, a range
 * (--tick-lower/--tick-upper or --price-lower/--price-upper) and --price (quote per base). --side buy pays
 * quote for base, sell pays base for quote; --amount-in is what is paid (fee included), --amount-out what
 * is received. Price impact is the paper's C2/C1: the price paid over the pool's price before (per base,
 * so for a sell it is received / before, below 1). For integer v3 arithmetic use --exact.
 */
import { ExecsimError } from "../core/errors.js";
import type { Side } from "../core/market-types.js";
import type { ConcentratedLiquidity } from "../venues/amm/pool-liquidity.js";
import { instantiatePool, parsePoolsConfig } from "../venues/amm/pools-file.js";
import type { AmmSwapArgs } from "./amm-command.js";

export interface AmmConcentratedReport {
  model: "concentrated";
  side: Side;
  fee: number;
  liquidity: number;
  priceLower: number;
  priceUpper: number;
  amountIn: number;
  amountOut: number;
  /** Pool fee in quote. */
  feePaid: number;
  priceBefore: number;
  executionPrice: number;
  priceAfter: number;
  priceImpact: number;
}

function num(v: unknown): number | undefined {
  return v === undefined || v === null || v === "" ? undefined : Number(v);
}

export function runAmmSwapConcentrated(argv: AmmSwapArgs): AmmConcentratedReport {
  const side = (argv.side ?? "buy") as Side;
  if (side !== "buy" && side !== "sell") {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--side: buy (pay quote for base) or sell, got "${argv.side}"`,
    );
  }
  const price = num(argv.price);
  if (price === undefined) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "--price: give the pool's price (quote per base) for --model concentrated",
    );
  }
  const spec = {
    name: "swap",
    model: "concentrated",
    fee: num(argv.fee),
    liquidity: num(argv.liquidity),
    price,
    tickLower: num(argv["tick-lower"]),
    tickUpper: num(argv["tick-upper"]),
    priceLower: num(argv["price-lower"]),
    priceUpper: num(argv["price-upper"]),
  };
  const config = parsePoolsConfig({ pools: [spec] });
  const pool = instantiatePool(config.pools[0]!, price) as ConcentratedLiquidity;
  const range = config.pools[0]!.ranges![0]!;
  const hasIn = argv["amount-in"] !== undefined;
  if (hasIn === (argv["amount-out"] !== undefined)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "give exactly one of --amount-in (pay this much) or --amount-out",
    );
  }
  const amount = Number(hasIn ? argv["amount-in"] : argv["amount-out"]);
  if (!(Number.isFinite(amount) && amount > 0)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--amount-${hasIn ? "in" : "out"}: give a number > 0, got ${amount}`,
    );
  }
  // base traded: buy pays quote (in) for base (out); sell pays base (in) for quote (out)
  let q: number;
  if (side === "buy") q = hasIn ? pool.qtyForCost("buy", amount) : amount;
  else q = hasIn ? amount : pool.qtyForCost("sell", amount);
  if (!(Number.isFinite(q) && q < pool.capacity(side))) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `the range holds at most ${pool.capacity(side)} base on the ${side} side at price ${price}: trade less or widen the range`,
    );
  }
  const quote = pool.cost(side, q);
  const before = pool.mid();
  const t = pool.trade(side, q);
  const executionPrice = quote / q;
  return {
    model: "concentrated",
    side,
    fee: pool.fee,
    liquidity: range.liquidity,
    priceLower: range.priceLower,
    priceUpper: range.priceUpper,
    amountIn: side === "buy" ? quote : q,
    amountOut: side === "buy" ? q : quote,
    feePaid: t.feeQuote,
    priceBefore: before,
    executionPrice,
    priceAfter: pool.mid(),
    priceImpact: executionPrice / before,
  };
}
