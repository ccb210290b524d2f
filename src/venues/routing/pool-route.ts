/**
 * routeAcrossPools: the split of one order across the pools of a pools file (no book), as
 * `execsim amm route` prints it, so a route can be checked by hand. For a buy of Q base each pool i
 * takes q_i base out and is paid amountIn_i quote (its fee included); for a sell each pool is paid q_i
 * base and pays amountOut_i quote. totalIn / totalOut sum them (buy: quote in, base out; sell: base in,
 * quote out). The optimal split equalises the pools' marginal prices (router.ts); `marginalPrice` is
 * that common price (fee included) for the pools that trade.
 */
import { ExecsimError } from "../../core/errors.js";
import type { Side } from "../../core/market-types.js";
import { instantiatePool, type PoolsConfig } from "../amm/pools-file.js";
import { DEFAULT_ROUTE_STEP, optimalSplit, stepSplit } from "./router.js";

export interface PoolAllocation {
  /** The pool's name as in the pools file (`pool` repeats it). */
  name: string;
  pool: string;
  model: string;
  fee: number;
  qtyBase: number;
  /** Buy: quote paid (fee included); sell: base paid. */
  amountIn: number;
  /** Buy: base received; sell: quote received. */
  amountOut: number;
  /** The pool's fee in quote. */
  feeQuote: number;
  /** Fee-free pool price before the trade (quote per base). */
  priceBefore: number;
  /** Marginal price at the end of this pool's part, fee included (NaN when it takes nothing). */
  marginalPrice: number;
}

export interface PoolRoute {
  side: Side;
  qtyBase: number;
  mode: "optimal" | "step";
  allocations: PoolAllocation[];
  totalIn: number;
  totalOut: number;
  /** Quote per base over the whole order. */
  avgPrice: number;
  /** Base left unrouted because the pools cannot absorb more. */
  unfilledQtyBase: number;
}

export interface PoolRouteOptions {
  mode?: "optimal" | "step";
  step?: number;
  /** Prices the pools that give only their depth (reserveBase) or no price. */
  mid?: number;
}

export function routeAcrossPools(
  config: PoolsConfig,
  side: Side,
  qty: number,
  opts: PoolRouteOptions = {},
): PoolRoute {
  if (side !== "buy" && side !== "sell") {
    throw new ExecsimError("INVALID_ARGUMENT", `--side: use buy or sell, got "${side}"`);
  }
  if (!(Number.isFinite(qty) && qty > 0)) {
    throw new ExecsimError("INVALID_ARGUMENT", `--qty: give the order size in base units (> 0), got ${qty}`);
  }
  const mid = opts.mid;
  if (mid !== undefined && !(Number.isFinite(mid) && mid > 0)) {
    throw new ExecsimError("INVALID_ARGUMENT", `--mid: a price > 0, got ${mid}`);
  }
  const needsMid = config.pools.filter((p) =>
    p.model === "constant-product"
      ? p.reserveQuote === undefined
      : p.price === undefined && p.reserveQuote === undefined,
  );
  if (needsMid.length > 0 && mid === undefined) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `pool "${needsMid[0]!.name}" has no price of its own (only its depth): pass --mid PRICE to price it`,
    );
  }
  const pools = config.pools.map((p) =>
    instantiatePool(p, mid ?? (p.reserveQuote !== undefined ? p.reserveQuote / p.reserveBase! : Number.NaN)),
  );
  const mode = opts.mode ?? "optimal";
  const split =
    mode === "step"
      ? stepSplit(side, qty, undefined, pools, opts.step ?? DEFAULT_ROUTE_STEP)
      : optimalSplit(side, qty, undefined, pools);
  const allocations: PoolAllocation[] = pools.map((p, i) => {
    const q = split[i + 1]!;
    const quote = p.cost(side, q);
    const priceBefore = p.mid();
    const t = q > 0 ? p.clone().trade(side, q) : undefined;
    return {
      name: p.name,
      pool: p.name,
      model: p.model,
      fee: p.fee,
      qtyBase: q,
      amountIn: side === "buy" ? quote : q,
      amountOut: side === "buy" ? q : quote,
      feeQuote: t?.feeQuote ?? 0,
      priceBefore,
      marginalPrice: q > 0 ? p.marginal(side, q) : Number.NaN,
    };
  });
  const filled = allocations.reduce((a, x) => a + x.qtyBase, 0);
  const totalIn = allocations.reduce((a, x) => a + x.amountIn, 0);
  const totalOut = allocations.reduce((a, x) => a + x.amountOut, 0);
  return {
    side,
    qtyBase: qty,
    mode,
    allocations,
    totalIn,
    totalOut,
    avgPrice: side === "buy" ? totalIn / filled : totalOut / filled,
    unfilledQtyBase: Math.max(0, qty - filled),
  };
}
