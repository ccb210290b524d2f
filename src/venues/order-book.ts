/**
 * Walking one side of a limit order book with a taker (market) order.
 *
 * Formula. Levels i = 0..n−1 are given best first: asks ascending for a buy, bids descending for a
 * sell (the walk itself is side-agnostic: it consumes levels in array order). A taker order for Q base
 * units takes q_i = min(size_i, Q − Σ_{j<i} q_j) from each level in turn until Q is filled or the book
 * is exhausted:
 *   filledQty = Σ q_i,   notional = Σ q_i · p_i,   vwap = notional / filledQty,
 *   worstPrice = p_{u−1}, the price of the last level touched (u = levelsConsumed),
 *   lastLevelFilled = q_{u−1} (equal to size_{u−1} when that level was taken whole),
 *   remainingQty = Q − filledQty (> 0 only when the book ran out).
 * This is the paper's order-book model: b_1 = Σ_{i<u_1} b_sell_i + b'_sell_{u_1} (Tulupov, "Price
 * Impact for Different Market Models in Cryptocurrency Trading", section 3.3), with quantities given in
 * base units (asset B) rather than in units of the asset spent.
 *
 * Units. prices in quote per base (e.g. USDT per BTC), sizes and qty in base units, notional in quote.
 *
 * Parameters. None beyond the inputs; `out` is a caller-owned result object that is overwritten, so a
 * walk allocates nothing (create one with `createBookWalkResult()` and reuse it in hot loops).
 *
 * Conventions. A level with size 0 is skipped and not counted. When nothing fills (qty 0 or an empty
 * book) vwap and worstPrice are NaN and levelsConsumed is 0. When the order fills completely,
 * filledQty is exactly qty and remainingQty exactly 0. vwap is clamped into [best touched, worst] so
 * float rounding can never put it outside the prices actually paid.
 *
 * Limitations. Quantities are exact floats: no lot-size or tick rounding (round before walking). The
 * book is a snapshot: no hidden/iceberg liquidity, no queue position, no refill during the walk (see
 * book-consumable.ts for a book that keeps the consumed state between orders). Price ordering is not
 * re-checked on every walk (that would cost a compare per level); check a book once with
 * `validateBookSide`.
 */
import { ExecsimError } from "../core/errors.js";
import type { Side } from "../core/market-types.js";

/** Result of one walk. All fields are overwritten by every call to `walkBook`. */
export interface BookWalkResult {
  /** Base units filled; equals the requested qty unless the book ran out. */
  filledQty: number;
  /** Σ price × qty over the fills, quote units. */
  notional: number;
  /** notional / filledQty (NaN when nothing filled). */
  vwap: number;
  /** Price of the last (deepest) level touched (NaN when nothing filled). */
  worstPrice: number;
  /** Number of levels touched, fully or partly (the paper's u). */
  levelsConsumed: number;
  /** Base units taken from the last level touched (0 when nothing filled). */
  lastLevelFilled: number;
  /** Requested minus filled: > 0 only when the book was exhausted. */
  remainingQty: number;
}

/** A fresh, reusable result object for `walkBook`. */
export function createBookWalkResult(): BookWalkResult {
  return {
    filledQty: 0,
    notional: 0,
    vwap: Number.NaN,
    worstPrice: Number.NaN,
    levelsConsumed: 0,
    lastLevelFilled: 0,
    remainingQty: 0,
  };
}

function badLevel(i: number, price: number, size: number): ExecsimError {
  return new ExecsimError(
    "INVALID_ARGUMENT",
    `order book level ${i} has price ${price} and size ${size}: prices must be finite and > 0, sizes finite and >= 0`,
  );
}

/**
 * Walk levels [from, to) of a book side with a taker order for `qty` base units; writes into `out` and
 * returns it. `walkBook` is the usual entry point (from = 0); the consumable book uses the range form.
 */
export function walkBookRange(
  prices: Float64Array,
  sizes: Float64Array,
  from: number,
  to: number,
  qty: number,
  out: BookWalkResult,
): BookWalkResult {
  if (!(qty >= 0 && qty < Number.POSITIVE_INFINITY)) {
    throw new ExecsimError("INVALID_ARGUMENT", `order qty must be a finite number >= 0, got ${qty}`);
  }
  if (
    !(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to) ||
    to > prices.length ||
    to > sizes.length
  ) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `order book range [${from}, ${to}) must be integers with 0 <= from <= to <= level count (prices ${prices.length}, sizes ${sizes.length})`,
    );
  }
  let rem = qty;
  let filled = 0;
  let notional = 0;
  let first = Number.NaN;
  let worst = Number.NaN;
  let levels = 0;
  let last = 0;
  for (let i = from; i < to && rem > 0; i++) {
    const p = prices[i]!;
    const s = sizes[i]!;
    if (!(p > 0 && p < Number.POSITIVE_INFINITY && s >= 0 && s < Number.POSITIVE_INFINITY)) {
      throw badLevel(i, p, s);
    }
    if (s === 0) continue;
    const take = Math.min(s, rem);
    rem = s < rem ? rem - s : 0;
    filled += take;
    notional += take * p;
    if (levels === 0) first = p;
    worst = p;
    last = take;
    levels++;
  }
  out.notional = notional;
  out.levelsConsumed = levels;
  out.lastLevelFilled = last;
  out.worstPrice = worst;
  if (rem === 0) {
    out.filledQty = qty;
    out.remainingQty = 0;
  } else {
    out.filledQty = filled;
    out.remainingQty = rem;
  }
  if (levels === 0) {
    out.vwap = Number.NaN;
  } else {
    let v = notional / out.filledQty;
    const lo = Math.min(first, worst);
    const hi = Math.max(first, worst);
    if (v < lo) v = lo;
    else if (v > hi) v = hi;
    out.vwap = v;
  }
  return out;
}

/**
 * Walk the first `n` levels of a book side (best first) with a taker order for `qty` base units.
 * Writes into `out` (no allocation) and returns it.
 *
 * @example
 *   const r = walkBook(askPrices, askSizes, askPrices.length, 0.5, createBookWalkResult());
 *   r.vwap; r.worstPrice; r.levelsConsumed; r.remainingQty;
 */
export function walkBook(
  prices: Float64Array,
  sizes: Float64Array,
  n: number,
  qty: number,
  out: BookWalkResult,
): BookWalkResult {
  return walkBookRange(prices, sizes, 0, n, qty, out);
}

/**
 * How many of the first `n` levels a limit order may trade against: levels priced at or below
 * `limitPrice` for a buy, at or above it for a sell. Pass the result as `n` to `walkBook` to walk with a
 * limit. Assumes the side is ordered best first (see `validateBookSide`).
 */
export function levelsWithinLimit(prices: Float64Array, n: number, side: Side, limitPrice: number): number {
  if (Number.isNaN(limitPrice)) {
    throw new ExecsimError("INVALID_ARGUMENT", "limit price is NaN: pass a number, or omit the limit");
  }
  let k = 0;
  if (side === "buy") {
    while (k < n && prices[k]! <= limitPrice) k++;
  } else {
    while (k < n && prices[k]! >= limitPrice) k++;
  }
  return k;
}

/**
 * Check one side of a book: n within the arrays, prices finite and > 0, sizes finite and >= 0, and
 * prices strictly ascending for asks (side "buy": the side a buyer walks) or strictly descending for bids
 * (side "sell"). Throws INVALID_ARGUMENT naming the first bad level.
 */
export function validateBookSide(prices: Float64Array, sizes: Float64Array, n: number, side: Side): void {
  if (!(Number.isInteger(n) && n >= 0 && n <= prices.length && n <= sizes.length)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `level count ${n} must be an integer in [0, ${Math.min(prices.length, sizes.length)}] (the arrays' length)`,
    );
  }
  for (let i = 0; i < n; i++) {
    const p = prices[i]!;
    const s = sizes[i]!;
    if (!(p > 0 && p < Number.POSITIVE_INFINITY && s >= 0 && s < Number.POSITIVE_INFINITY)) {
      throw badLevel(i, p, s);
    }
    if (i > 0) {
      const prev = prices[i - 1]!;
      const ok = side === "buy" ? p > prev : p < prev;
      if (!ok) {
        throw new ExecsimError(
          "INVALID_ARGUMENT",
          `order book ${side === "buy" ? "asks" : "bids"} must be strictly ${side === "buy" ? "ascending" : "descending"} (best first): level ${i - 1} is ${prev}, level ${i} is ${p}; sort the levels and merge equal prices`,
        );
      }
    }
  }
}
