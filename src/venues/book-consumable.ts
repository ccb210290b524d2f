/**
 * ConsumableOrderBook: a two-sided order-book snapshot that taker orders eat into, so that sequential
 * trades see the liquidity earlier trades left (the setting of formulas 11 and 12 in Tulupov, "Price
 * Impact for Different Market Models in Cryptocurrency Trading", section 3.3).
 *
 * Model. A buy walks the asks (ascending), a sell walks the bids (descending), each with `walkBook`
 * (order-book.ts). `take` then removes what filled: levels taken whole disappear, the last level keeps
 * size − lastLevelFilled (the paper's b''_{u_1}). `quote` walks without changing anything. Nothing ever
 * refills the book: new liquidity means a new book (`reset` with fresh levels).
 *
 * Units. prices in quote per base, sizes and quantities in base units, notional in quote.
 *
 * Parameters. The levels (copied on construction, never aliased), best first on each side; each side is
 * checked with `validateBookSide` (strictly monotone prices, finite positive prices, non-negative sizes).
 * Crossed books (best bid >= best ask) are rejected.
 *
 * Limitations. Taker orders only: no resting limit orders, no queue positions, no refill or decay of
 * impact (the synthetic-book venue models those). Allocation-free after construction when callers reuse
 * their `BookWalkResult`.
 */
import { ExecsimError } from "../core/errors.js";
import type { Side } from "../core/market-types.js";
import { type BookWalkResult, createBookWalkResult, validateBookSide, walkBookRange } from "./order-book.js";

/** One side of a book, best first. */
export interface BookSideLevels {
  readonly prices: ArrayLike<number>;
  readonly sizes: ArrayLike<number>;
}

class BookSideState {
  prices: Float64Array;
  sizes: Float64Array;
  head = 0;

  constructor(levels: BookSideLevels, walkSide: Side) {
    if (levels.prices.length !== levels.sizes.length) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `book ${walkSide === "buy" ? "asks" : "bids"}: ${levels.prices.length} prices but ${levels.sizes.length} sizes; give one size per price level`,
      );
    }
    this.prices = Float64Array.from(levels.prices);
    this.sizes = Float64Array.from(levels.sizes);
    validateBookSide(this.prices, this.sizes, this.prices.length, walkSide);
    this.skipEmpty();
  }

  skipEmpty(): void {
    while (this.head < this.sizes.length && this.sizes[this.head] === 0) this.head++;
  }

  best(): number {
    return this.head < this.prices.length ? this.prices[this.head]! : Number.NaN;
  }

  depth(): number {
    let d = 0;
    for (let i = this.head; i < this.sizes.length; i++) d += this.sizes[i]!;
    return d;
  }

  /** Remove a fill of `qty` exactly as walkBookRange computed it (same arithmetic, same order). */
  consume(qty: number): void {
    let rem = qty;
    let i = this.head;
    const n = this.sizes.length;
    while (i < n && rem > 0) {
      const s = this.sizes[i]!;
      if (s < rem) {
        rem -= s;
        this.sizes[i] = 0;
        i++;
      } else {
        this.sizes[i] = s - rem;
        rem = 0;
      }
    }
    this.head = i;
    this.skipEmpty();
  }
}

export class ConsumableOrderBook {
  private asks: BookSideState;
  private bids: BookSideState;

  /** asks ascending, bids descending, both best first; the arrays are copied. */
  constructor(asks: BookSideLevels, bids: BookSideLevels) {
    const a = new BookSideState(asks, "buy");
    const b = new BookSideState(bids, "sell");
    checkNotCrossed(a, b);
    this.asks = a;
    this.bids = b;
  }

  /** Build from [price, size] pairs, best first on each side. */
  static fromLevels(
    asks: ReadonlyArray<readonly [number, number]>,
    bids: ReadonlyArray<readonly [number, number]>,
  ): ConsumableOrderBook {
    return new ConsumableOrderBook(
      { prices: asks.map((l) => l[0]), sizes: asks.map((l) => l[1]) },
      { prices: bids.map((l) => l[0]), sizes: bids.map((l) => l[1]) },
    );
  }

  /** Replace both sides with fresh levels (e.g. a new snapshot). */
  reset(asks: BookSideLevels, bids: BookSideLevels): void {
    const a = new BookSideState(asks, "buy");
    const b = new BookSideState(bids, "sell");
    checkNotCrossed(a, b);
    this.asks = a;
    this.bids = b;
  }

  /** Lowest remaining ask (NaN when the asks are gone). */
  bestAsk(): number {
    return this.asks.best();
  }

  /** Highest remaining bid (NaN when the bids are gone). */
  bestBid(): number {
    return this.bids.best();
  }

  /** (best bid + best ask) / 2; NaN if a side is empty. */
  mid(): number {
    return (this.asks.best() + this.bids.best()) / 2;
  }

  /** Base units an order on `side` can still fill (asks for a buy, bids for a sell). */
  depth(side: Side): number {
    return this.sideFor(side).depth();
  }

  /** Walk without consuming: what a taker order would get now. */
  quote(side: Side, qty: number, out: BookWalkResult = createBookWalkResult()): BookWalkResult {
    const s = this.sideFor(side);
    return walkBookRange(s.prices, s.sizes, s.head, s.prices.length, qty, out);
  }

  /** Execute a taker order: walk, then remove the filled liquidity from the book. */
  take(side: Side, qty: number, out: BookWalkResult = createBookWalkResult()): BookWalkResult {
    const s = this.sideFor(side);
    walkBookRange(s.prices, s.sizes, s.head, s.prices.length, qty, out);
    s.consume(qty);
    return out;
  }

  /** Remaining levels of one side as [price, size] pairs, best first (for inspection and tests). */
  levels(side: Side): Array<[number, number]> {
    const s = this.sideFor(side);
    const res: Array<[number, number]> = [];
    for (let i = s.head; i < s.prices.length; i++) {
      if (s.sizes[i]! > 0) res.push([s.prices[i]!, s.sizes[i]!]);
    }
    return res;
  }

  private sideFor(side: Side): BookSideState {
    return side === "buy" ? this.asks : this.bids;
  }
}

function checkNotCrossed(asks: BookSideState, bids: BookSideState): void {
  const a = asks.best();
  const b = bids.best();
  if (a <= b) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `crossed book: best bid ${b} >= best ask ${a}; a snapshot must have every bid below every ask`,
    );
  }
}
