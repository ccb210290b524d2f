/**
 * The pools file (JSON): the AMM pools a simulation may route to, validated before anything runs.
 *
 *   {"pools": [
 *     {"name": "uni-30", "model": "constant-product", "reserveBase": 400, "reserveQuote": 24000000, "fee": 0.003},
 *     {"name": "uni-5",  "model": "constant-product", "reserveBase": 150, "fee": 0.0005},
 *     {"name": "stable", "model": "constant-sum", "reserveBase": 20, "fee": 0.001},
 *     {"name": "v3-30",  "model": "concentrated", "fee": 0.003, "liquidity": 50000,
 *      "tickLower": 108000, "tickUpper": 112000}
 *   ],
 *   "arbitrage": true, "arbitrageDelayMs": 0}
 *
 * - model: constant-product (alias cp), constant-sum (cs), concentrated (v3, cl).
 * - reserveBase (> 0) is the pool's depth in base units. With reserveQuote (> 0) too the pool keeps
 *   both (its price is reserveQuote / reserveBase); with reserveBase alone it is priced at the book's
 *   mid at the parent order's start (reserveQuote = reserveBase × mid). A constant-sum pool trades at a
 *   fixed `price` (default: that mid): P·base + quote stays constant (pool-liquidity.ts).
 * - concentrated: `liquidity` (L, in √(base·quote) units) with `tickLower` < `tickUpper` (price
 *   1.0001^tick) or `priceLower` < `priceUpper`, or several positions as
 *   `ranges: [{liquidity, tickLower, tickUpper} | {liquidity, priceLower, priceUpper}]`; optional `price`
 *   (default: the book's mid at the parent's start).
 * - fee ∈ [0, 1) (default 0.003). Names must be unique and must not be a routing mode name.
 * - arbitrage (default true): after each bar close (+ arbitrageDelayMs, default 0) an arbitrageur trades
 *   each pool back into the fee band of the book's mid (routed-venue.ts).
 * Bad input is an INVALID_ARGUMENT error naming the pool and the field; nothing is written.
 */
import { readFileSync } from "node:fs";
import { ExecsimError } from "../../core/errors.js";
import {
  type AmmLiquidity,
  ConcentratedLiquidity,
  ConstantProductLiquidity,
  ConstantSumLiquidity,
  type PoolModel,
  type PriceRange,
} from "./pool-liquidity.js";

export interface PoolSpec {
  readonly name: string;
  readonly model: PoolModel;
  readonly fee: number;
  readonly reserveBase?: number;
  readonly reserveQuote?: number;
  /** Constant sum: its fixed price; concentrated: the starting price. */
  readonly price?: number;
  /** Concentrated pools: the positions. */
  readonly ranges?: readonly PriceRange[];
}

export interface PoolsConfig {
  readonly pools: readonly PoolSpec[];
  readonly arbitrage: boolean;
  readonly arbitrageDelayMs: number;
}

const MODEL_ALIASES: Record<string, PoolModel> = {
  "constant-product": "constant-product",
  cp: "constant-product",
  "constant-sum": "constant-sum",
  cs: "constant-sum",
  concentrated: "concentrated",
  cl: "concentrated",
  v3: "concentrated",
};

/** Routing modes: they cannot be pool names (a child's `route` may name either). */
export const ROUTING_MODES = ["book", "pools", "optimal", "step"] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

/** A pool model name as the pools file and `amm swap --model` accept it. */
export function parsePoolModel(s: string, where = "model"): PoolModel {
  const m = MODEL_ALIASES[String(s).trim().toLowerCase()];
  if (m === undefined) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${where} "${s}": use constant-product (cp), constant-sum (cs) or concentrated`,
    );
  }
  return m;
}

function bad(pool: string, field: string, why: string): never {
  throw new ExecsimError("INVALID_ARGUMENT", `pools file: pool "${pool}", field "${field}": ${why}`);
}

function positive(
  o: Record<string, unknown>,
  pool: string,
  field: string,
  required: boolean,
  prefix = "",
): number | undefined {
  const v = o[field];
  field = `${prefix}${field}`;
  if (v === undefined || v === null) {
    if (required) bad(pool, field, "is required (a number > 0)");
    return undefined;
  }
  if (!(typeof v === "number" && Number.isFinite(v) && v > 0))
    bad(pool, field, `must be a number > 0, got ${JSON.stringify(v)}`);
  return v;
}

function finite(o: Record<string, unknown>, pool: string, field: string, prefix = ""): number | undefined {
  const v = o[field];
  field = `${prefix}${field}`;
  if (v === undefined || v === null) return undefined;
  if (!(typeof v === "number" && Number.isFinite(v)))
    bad(pool, field, `must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

function parseRange(o: Record<string, unknown>, pool: string, prefix: string): PriceRange {
  const liquidity = positive(o, pool, "liquidity", true, prefix) as number;
  const tl = finite(o, pool, "tickLower", prefix);
  const tu = finite(o, pool, "tickUpper", prefix);
  let lo: number;
  let hi: number;
  let fields: [string, string];
  if (tl !== undefined || tu !== undefined) {
    if (tl === undefined || tu === undefined)
      bad(
        pool,
        `${prefix}${tl === undefined ? "tickLower" : "tickUpper"}`,
        "give both tickLower and tickUpper",
      );
    lo = 1.0001 ** tl;
    hi = 1.0001 ** tu;
    fields = ["tickLower", "tickUpper"];
  } else {
    const pl = positive(o, pool, "priceLower", false, prefix);
    const pu = positive(o, pool, "priceUpper", false, prefix);
    if (pl === undefined || pu === undefined) {
      bad(
        pool,
        `${prefix}${pl === undefined ? "tickLower" : "priceUpper"}`,
        "a concentrated position needs tickLower/tickUpper (or priceLower/priceUpper)",
      );
    }
    lo = pl;
    hi = pu;
    fields = ["priceLower", "priceUpper"];
  }
  if (!(hi > lo))
    bad(
      pool,
      `${prefix}${fields[1]}`,
      `the range is empty or inverted: ${fields[0]} must be below ${fields[1]}`,
    );
  return { priceLower: lo, priceUpper: hi, liquidity };
}

function parsePool(raw: unknown, i: number): PoolSpec {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ExecsimError("INVALID_ARGUMENT", `pools file: pools[${i}] must be an object`);
  }
  const o = raw as Record<string, unknown>;
  const name = o.name;
  if (typeof name !== "string" || name.trim() === "")
    bad(`#${i}`, "name", "every pool needs a non-empty name");
  if ((ROUTING_MODES as readonly string[]).includes(name))
    bad(name, "name", `"${name}" is a routing mode; pick another name`);
  if (name.includes(",") || name.includes("/")) bad(name, "name", "must not contain , or /");
  if (typeof o.model !== "string")
    bad(name, "model", "is required: constant-product, constant-sum or concentrated");
  let model: PoolModel;
  try {
    model = parsePoolModel(o.model);
  } catch {
    bad(name, "model", `unknown model "${o.model}": use constant-product, constant-sum or concentrated`);
  }
  const fee = o.fee === undefined ? 0.003 : o.fee;
  if (!(typeof fee === "number" && Number.isFinite(fee) && fee >= 0 && fee < 1)) {
    bad(name, "fee", `must be a fraction in [0, 1) (0.003 = 0.3%), got ${JSON.stringify(fee)}`);
  }
  const price = positive(o, name, "price", false);
  if (model === "concentrated") {
    let ranges: PriceRange[];
    if (o.ranges !== undefined) {
      if (!Array.isArray(o.ranges) || o.ranges.length === 0)
        bad(name, "ranges", "must be a non-empty array of positions");
      ranges = o.ranges.map((r, j) => {
        if (r === null || typeof r !== "object") bad(name, `ranges[${j}]`, "must be an object");
        return parseRange(r as Record<string, unknown>, name, `ranges[${j}].`);
      });
    } else ranges = [parseRange(o, name, "")];
    return { name, model, fee, ranges, ...(price !== undefined ? { price } : {}) };
  }
  const reserveBase = positive(o, name, "reserveBase", true) as number;
  const reserveQuote = positive(o, name, "reserveQuote", false);
  return {
    name,
    model,
    fee,
    reserveBase,
    ...(reserveQuote !== undefined ? { reserveQuote } : {}),
    ...(price !== undefined ? { price } : {}),
  };
}

/** Validate a parsed pools document (see the file doc for the shape). */
export function parsePoolsConfig(doc: unknown): PoolsConfig {
  const o = (Array.isArray(doc) ? { pools: doc } : doc) as Record<string, unknown> | null;
  if (o === null || typeof o !== "object" || !Array.isArray(o.pools) || o.pools.length === 0) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      'pools file: expected {"pools": [ ... ]} with at least one pool (see README, "AMM routing")',
    );
  }
  const pools = o.pools.map(parsePool);
  const seen = new Set<string>();
  for (const p of pools) {
    if (seen.has(p.name)) bad(p.name, "name", "duplicate pool name; give each pool its own");
    seen.add(p.name);
  }
  const arbitrage = o.arbitrage === undefined ? true : o.arbitrage;
  if (typeof arbitrage !== "boolean") {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `pools file: "arbitrage" must be true or false, got ${JSON.stringify(arbitrage)}`,
    );
  }
  const delay = o.arbitrageDelayMs === undefined ? 0 : o.arbitrageDelayMs;
  if (!(typeof delay === "number" && Number.isFinite(delay) && delay >= 0)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `pools file: "arbitrageDelayMs" must be a number of ms >= 0, got ${JSON.stringify(delay)}`,
    );
  }
  return { pools, arbitrage, arbitrageDelayMs: delay };
}

/** Read and validate a pools file. */
export function loadPoolsFile(path: string): PoolsConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--pools ${path}: cannot read the file (${(e as Error).message})`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ExecsimError("INVALID_ARGUMENT", `--pools ${path}: not valid JSON (${(e as Error).message})`);
  }
  return parsePoolsConfig(doc);
}

/** The pool in its starting state; `mid` prices pools that give only their depth. */
export function instantiatePool(spec: PoolSpec, mid: number): AmmLiquidity {
  if (spec.model === "concentrated") {
    return new ConcentratedLiquidity(spec.name, spec.ranges ?? [], spec.price ?? mid, spec.fee);
  }
  const base = spec.reserveBase!;
  if (spec.model === "constant-sum") {
    const price = spec.price ?? mid;
    return new ConstantSumLiquidity(spec.name, base, spec.reserveQuote ?? base * price, spec.fee, price);
  }
  return new ConstantProductLiquidity(spec.name, base, spec.reserveQuote ?? base * mid, spec.fee);
}
