/**
 * Price impact of taker orders on an order-book snapshot: formulas 10-12 of Tulupov, "Price Impact for
 * Different Market Models in Cryptocurrency Trading" (section 3.3).
 *
 * Formulas (levels best first, u_n = the last level the n-th trade touches, p_i its price):
 *   (10) PI  = p_{u_1} / p_1                 price-impact ratio of one trade: worst price over best price
 *   (11) PI  = p_{u_n} / p_{u_{n−1}}         the n-th of a sequence of trades on a book that does not
 *                                            refill (p_{u_0} = p_1, so (10) is (11) for n = 1)
 *   (12) API = AvgC2 / AvgC1                 average price impact of two sequential trades, AvgC_k the
 *                                            VWAP of trade k, trade 2 walking what trade 1 left
 * For a buy (asks ascending) the ratios are >= 1; for a sell (bids descending) the same definitions give
 * ratios <= 1 (how many times the best bid fell). 1 means no impact.
 *
 * Units. Ratios are dimensionless; prices in quote per base; quantities in base units (the paper sizes
 * its trades in units of the asset spent, a_1 and a_2; sizing in base units gives the same formulas).
 *
 * Discrepancies with the paper (tests in test/venues/order-book-impact.test.ts):
 * - Formula 12's printed AvgC2 divides by Σ_{u_1<i<u_2} b_i + b'_{u_2}, leaving out b''_{u_1}, the part
 *   of level u_1 that trade 2 takes, although its notional b''_{u_1}·p_{u_1} is in the numerator. That is
 *   not an average price (it exceeds every price paid when b''_{u_1} > 0); we use the true VWAP of trade 2.
 * - Table 3 prints p_1 / p_{u} (best over worst, < 1 for buys), the reciprocal of formula 10 as defined;
 *   and its rows for 0.3 and 0.5 BTC divide by 57978.00 and 57978.02, prices that are not in Figure 1's
 *   book (the levels reached are 57980.00 and 57980.02).
 *
 * Limitations. A static snapshot: no refill, cancellations or other traders between the two trades
 * (use ConsumableOrderBook in book-consumable.ts to carry state across orders). Ratios of prices say
 * nothing about the quantity traded at each price; the VWAP-based formula 12 does.
 */
import { ExecsimError } from "../core/errors.js";
import { type BookWalkResult, createBookWalkResult, walkBook } from "./order-book.js";

/** Price of the first level with size > 0 among the first n (NaN for an empty book). */
export function bookBestPrice(prices: Float64Array, sizes: Float64Array, n: number): number {
  for (let i = 0; i < n; i++) if (sizes[i]! > 0) return prices[i]!;
  return Number.NaN;
}

/**
 * Formula 10: worst price reached by a trade of `qty` base units over the best price, p_{u_1} / p_1.
 * NaN when nothing fills. Allocates nothing when given `scratch`.
 */
export function bookPriceImpactRatio(
  prices: Float64Array,
  sizes: Float64Array,
  n: number,
  qty: number,
  scratch: BookWalkResult = createBookWalkResult(),
): number {
  walkBook(prices, sizes, n, qty, scratch);
  return scratch.worstPrice / bookBestPrice(prices, sizes, n);
}

/** What two sequential trades on one snapshot pay, and formulas 10, 11 and 12. */
export interface SequentialTradeImpact {
  /** p_1: best price before the first trade. */
  readonly bestPrice: number;
  readonly filledQty1: number;
  readonly filledQty2: number;
  /** AvgC1, AvgC2: VWAP of each trade (NaN if it filled nothing). */
  readonly avgPrice1: number;
  readonly avgPrice2: number;
  /** p_{u_1}, p_{u_2}: last price each trade reached. */
  readonly worstPrice1: number;
  readonly worstPrice2: number;
  /** Levels each trade touched (trade 2 counts level u_1 again if it takes what trade 1 left there). */
  readonly levels1: number;
  readonly levels2: number;
  /** Formula 10: p_{u_1} / p_1. */
  readonly priceImpact1: number;
  /** Formula 11 for n = 2: p_{u_2} / p_{u_1}. */
  readonly priceImpact2: number;
  /** Formula 12: AvgC2 / AvgC1 (with the true VWAP of trade 2, see the file comment). */
  readonly averagePriceImpact: number;
  /** Quantity of trade 2 the book could not fill. */
  readonly remainingQty2: number;
}

/**
 * Trade `qty1` then `qty2` base units against levels [0, n) of one book side that does not refill in
 * between. Trade 2's fills are the cumulative walk of qty1 + qty2 minus the walk of qty1 (on a static
 * book, consuming sequentially is exactly that difference), so nothing is copied or mutated.
 */
export function sequentialTradeImpact(
  prices: Float64Array,
  sizes: Float64Array,
  n: number,
  qty1: number,
  qty2: number,
): SequentialTradeImpact {
  if (!(qty1 > 0 && qty2 > 0 && Number.isFinite(qty1) && Number.isFinite(qty2))) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `sequential trade sizes must be finite and > 0, got ${qty1} and ${qty2}`,
    );
  }
  const first = walkBook(prices, sizes, n, qty1, createBookWalkResult());
  const both = walkBook(prices, sizes, n, qty1 + qty2, createBookWalkResult());
  const p1 = bookBestPrice(prices, sizes, n);
  const filled2 = both.filledQty - first.filledQty;
  const notional2 = both.notional - first.notional;
  const avg1 = first.vwap;
  const avg2 = filled2 > 0 ? notional2 / filled2 : Number.NaN;
  // Did trade 1 leave part of level u_1 that trade 2 then takes?
  const lastLevelSize = first.levelsConsumed > 0 ? sizeOfTouched(sizes, n, first.levelsConsumed) : 0;
  const sharedLevel =
    first.levelsConsumed > 0 && first.lastLevelFilled < lastLevelSize && filled2 > 0 ? 1 : 0;
  const levels2 = filled2 > 0 ? both.levelsConsumed - first.levelsConsumed + sharedLevel : 0;
  const worst2 = filled2 > 0 ? both.worstPrice : Number.NaN;
  return {
    bestPrice: p1,
    filledQty1: first.filledQty,
    filledQty2: filled2,
    avgPrice1: avg1,
    avgPrice2: avg2,
    worstPrice1: first.worstPrice,
    worstPrice2: worst2,
    levels1: first.levelsConsumed,
    levels2,
    priceImpact1: first.worstPrice / p1,
    priceImpact2: worst2 / first.worstPrice,
    averagePriceImpact: avg2 / avg1,
    remainingQty2: both.remainingQty,
  };
}

/** Size of the k-th non-empty level (1-based) among the first n. */
function sizeOfTouched(sizes: Float64Array, n: number, k: number): number {
  let seen = 0;
  for (let i = 0; i < n; i++) {
    if (sizes[i]! > 0 && ++seen === k) return sizes[i]!;
  }
  return 0;
}
