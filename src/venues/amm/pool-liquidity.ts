/**
 * AMM pools as liquidity for a base/quote market (e.g. BTC/USDT), in floating point: what buying or
 * selling q base units costs, the marginal price at q, its inverse (how much trades before the marginal
 * price reaches λ), the swap itself, and the arbitrage that trades a pool back to a reference price.
 *
 * Sides are the trader's: "buy" pays quote into the pool and takes base out; "sell" pays base in.
 * Fee ρ ∈ [0, 1), γ = 1 − ρ, charged on the input as Uniswap does: only γ·input moves the curve, the
 * whole input stays in the pool. All prices are quote per base and include the fee where named so.
 *
 * Constant product (Tulupov eq. 6; Uniswap v2), base reserve b, quote reserve x, mid x/b:
 *   buy q:  pays  x·q / (γ·(b − q))        marginal  x·b / (γ·(b − q)²)      q(λ) = b − √(x·b/(γλ))
 *   sell q: gets  x·γq / (b + γq)          marginal  x·b·γ / (b + γq)²      q(λ) = (√(x·b·γ/λ) − b)/γ
 * Constant sum, priced (value-weighted: P·base + quote = const, P fixed; Tulupov eq. 4 is P = 1):
 *   buy q:  pays P·q/γ (q < b)             sell q: gets γ·P·q (γ·P·q < x)        marginal constant
 * Concentrated liquidity (Uniswap v3 whitepaper eq. 6.7-6.16), ranges [pa, pb] with liquidity L each,
 * √p the current square-root price; within a stretch of constant active liquidity L from √p0 to √p1:
 *   base  = L·|1/√p0 − 1/√p1|,  quote = L·|√p1 − √p0|,  marginal buy √p²/γ, marginal sell γ·√p²;
 * a swap walks the stretches in order (a multi-range swap is the sum of its steps). This is the float
 * twin of uniswap-v3-math.ts (swapAcrossRanges); ticks map to prices as p = 1.0001^tick.
 *
 * Fee accounting: `trade` returns the notional the trade would have had in a fee-free pool in the same
 * state (`notionalQuote`) and the fee in quote (`feeQuote` = cost with fee − cost without, buy; proceeds
 * without − with, sell), so notional ± fee is exactly what changed hands.
 *
 * Units. Base and quote units; prices quote per base. State is mutable (`trade`, `arbitrage`): the router
 * quotes without changing it, the venue commits. Limitations: floats (≈1e-15 relative); no tick spacing,
 * no liquidity changes during a run, one fee tier per pool.
 */
import type { Side } from "../../core/market-types.js";

/** A place to trade base against quote whose cost is a known function of the size. */
export interface LiquiditySource {
  readonly name: string;
  /** Buy: quote paid for q base; sell: quote received for q base (fee included). q = 0 gives 0. */
  cost(side: Side, q: number): number;
  /** d cost / dq at q (fee included). */
  marginal(side: Side, q: number): number;
  /** The most base that trades with the marginal price no worse than λ (≤ capacity). */
  qtyAt(side: Side, lambda: number): number;
  /** The most base this source can trade on a side (Infinity when unbounded). */
  capacity(side: Side): number;
}

export interface PoolTrade {
  /** Base traded. */
  readonly qtyBase: number;
  /** What the trade would have cost (buy) / paid (sell) in a fee-free pool, quote. */
  readonly notionalQuote: number;
  /** The pool fee in quote (buy: extra paid; sell: proceeds given up). */
  readonly feeQuote: number;
  /** Fee-free price before the trade (the pool's mid). */
  readonly midBefore: number;
  readonly midAfter: number;
  /** Marginal price at the end of the trade, fee included. */
  readonly worstPrice: number;
}

export type PoolModel = "constant-product" | "constant-sum" | "concentrated";

export abstract class AmmLiquidity implements LiquiditySource {
  readonly gamma: number;
  constructor(
    readonly name: string,
    readonly model: PoolModel,
    readonly fee: number,
  ) {
    this.gamma = 1 - fee;
  }
  abstract cost(side: Side, q: number): number;
  abstract marginal(side: Side, q: number): number;
  abstract qtyAt(side: Side, lambda: number): number;
  abstract capacity(side: Side): number;
  /** Fee-free price now. */
  abstract mid(): number;
  /** Same trade with no fee (the counterfactual for the fee split). */
  protected abstract costWithoutFee(side: Side, q: number): number;
  /** Change the state by a trade of q base (already validated by the caller). */
  protected abstract apply(side: Side, q: number): void;
  /** A deep copy (each simulated (strategy, parent) pair starts from its own). */
  abstract clone(): AmmLiquidity;
  /** Reserves (or, for concentrated pools, the virtual reserves at the current price). */
  abstract reserves(): { base: number; quote: number };

  trade(side: Side, q: number): PoolTrade {
    const midBefore = this.mid();
    const withFee = this.cost(side, q);
    const without = this.costWithoutFee(side, q);
    const worstPrice = this.marginal(side, q);
    this.apply(side, q);
    return {
      qtyBase: q,
      notionalQuote: without,
      feeQuote: side === "buy" ? withFee - without : without - withFee,
      midBefore,
      midAfter: this.mid(),
      worstPrice,
    };
  }

  /**
   * The base quantity whose cost (buy: quote paid; sell: quote received) is `amount`, by bisection on
   * the increasing cost(q) to 1e-13 relative; Infinity when the pool cannot trade that much.
   */
  qtyForCost(side: Side, amount: number): number {
    const cap = this.capacity(side);
    let hi = Number.isFinite(cap) ? cap : 1;
    if (!Number.isFinite(cap)) {
      while (this.cost(side, hi) < amount && hi < 1e300) hi *= 2;
    }
    if (!(this.cost(side, hi) >= amount)) return Number.POSITIVE_INFINITY;
    let lo = 0;
    for (let k = 0; k < 200 && hi - lo > hi * 1e-13; k++) {
      const mid = 0.5 * (lo + hi);
      if (this.cost(side, mid) < amount) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }

  /**
   * The arbitrageur against a reference mid m (e.g. the book's): buys base from the pool while its
   * marginal buy price is below m, sells while its marginal sell price is above m, stopping where the fee
   * makes the next unit unprofitable. Afterwards γ·m ≤ mid ≤ m/γ (the fee band). Returns the base the
   * arbitrageur bought (> 0) or sold (< 0).
   */
  arbitrage(m: number): number {
    if (this.marginal("buy", 0) < m) {
      const q = this.qtyAt("buy", m);
      if (q > 0) this.apply("buy", q);
      return q;
    }
    if (this.marginal("sell", 0) > m) {
      const q = this.qtyAt("sell", m);
      if (q > 0 && Number.isFinite(q)) this.apply("sell", q);
      return -q;
    }
    return 0;
  }
}

/** A pool with real reserves: a trade pays the whole input (fee included) in and the output out. */
abstract class ReserveLiquidity extends AmmLiquidity {
  constructor(
    name: string,
    model: PoolModel,
    fee: number,
    public base: number,
    public quote: number,
  ) {
    super(name, model, fee);
  }
  protected apply(side: Side, q: number): void {
    const c = this.cost(side, q);
    if (side === "buy") {
      this.base -= q;
      this.quote += c;
    } else {
      this.base += q;
      this.quote -= c;
    }
  }
  reserves(): { base: number; quote: number } {
    return { base: this.base, quote: this.quote };
  }
}

export class ConstantProductLiquidity extends ReserveLiquidity {
  constructor(name: string, base: number, quote: number, fee: number) {
    super(name, "constant-product", fee, base, quote);
  }
  mid(): number {
    return this.quote / this.base;
  }
  cost(side: Side, q: number): number {
    if (q <= 0) return 0;
    const g = this.gamma;
    return side === "buy"
      ? (this.quote * q) / (g * (this.base - q))
      : (this.quote * g * q) / (this.base + g * q);
  }
  protected costWithoutFee(side: Side, q: number): number {
    if (q <= 0) return 0;
    return side === "buy" ? (this.quote * q) / (this.base - q) : (this.quote * q) / (this.base + q);
  }
  marginal(side: Side, q: number): number {
    const g = this.gamma;
    const k = this.quote * this.base;
    if (side === "buy") {
      const d = this.base - q;
      return k / (g * d * d);
    }
    const d = this.base + g * q;
    return (k * g) / (d * d);
  }
  qtyAt(side: Side, lambda: number): number {
    const g = this.gamma;
    const k = this.quote * this.base;
    if (side === "buy") return lambda > 0 ? Math.max(0, this.base - Math.sqrt(k / (g * lambda))) : 0;
    return lambda > 0 ? Math.max(0, (Math.sqrt((k * g) / lambda) - this.base) / g) : Number.POSITIVE_INFINITY;
  }
  capacity(side: Side): number {
    return side === "buy" ? this.base : Number.POSITIVE_INFINITY;
  }
  clone(): ConstantProductLiquidity {
    return new ConstantProductLiquidity(this.name, this.base, this.quote, this.fee);
  }
}

export class ConstantSumLiquidity extends ReserveLiquidity {
  constructor(
    name: string,
    base: number,
    quote: number,
    fee: number,
    readonly price: number,
  ) {
    super(name, "constant-sum", fee, base, quote);
  }
  mid(): number {
    return this.price;
  }
  cost(side: Side, q: number): number {
    if (q <= 0) return 0;
    return side === "buy" ? (this.price * q) / this.gamma : this.gamma * this.price * q;
  }
  protected costWithoutFee(_side: Side, q: number): number {
    return q <= 0 ? 0 : this.price * q;
  }
  marginal(side: Side, _q: number): number {
    return side === "buy" ? this.price / this.gamma : this.gamma * this.price;
  }
  qtyAt(side: Side, lambda: number): number {
    if (side === "buy") return lambda >= this.marginal("buy", 0) ? this.capacity("buy") : 0;
    return lambda <= this.marginal("sell", 0) ? this.capacity("sell") : 0;
  }
  capacity(side: Side): number {
    // strictly inside the reserve: a swap may not take all of it
    return side === "buy" ? this.base * (1 - 1e-12) : (this.quote / (this.gamma * this.price)) * (1 - 1e-12);
  }
  clone(): ConstantSumLiquidity {
    return new ConstantSumLiquidity(this.name, this.base, this.quote, this.fee, this.price);
  }
}

/** One liquidity position of a concentrated pool: [priceLower, priceUpper) with liquidity L. */
export interface PriceRange {
  readonly priceLower: number;
  readonly priceUpper: number;
  readonly liquidity: number;
}

export class ConcentratedLiquidity extends AmmLiquidity {
  /** Sorted distinct √price boundaries and the active liquidity between boundary i and i + 1. */
  private readonly bounds: Float64Array;
  private readonly active: Float64Array;
  sqrtPrice: number;

  constructor(
    name: string,
    readonly ranges: readonly PriceRange[],
    price: number,
    fee: number,
  ) {
    super(name, "concentrated", fee);
    const b = [...new Set(ranges.flatMap((r) => [Math.sqrt(r.priceLower), Math.sqrt(r.priceUpper)]))].sort(
      (x, y) => x - y,
    );
    this.bounds = Float64Array.from(b);
    this.active = new Float64Array(Math.max(0, b.length - 1));
    for (let i = 0; i + 1 < b.length; i++) {
      const lo = b[i]!;
      let l = 0;
      for (const r of ranges)
        if (Math.sqrt(r.priceLower) <= lo && lo < Math.sqrt(r.priceUpper)) l += r.liquidity;
      this.active[i] = l;
    }
    this.sqrtPrice = Math.sqrt(price);
  }
  mid(): number {
    return this.sqrtPrice * this.sqrtPrice;
  }
  /** Index of the stretch holding √p going up (bounds[i] ≤ s < bounds[i+1]); −1 below, n−1 above. */
  private stretchUp(s: number): number {
    const b = this.bounds;
    let i = -1;
    while (i + 1 < b.length && b[i + 1]! <= s) i++;
    return i;
  }
  /** Results of the last walk (fields, not a tuple: the router calls this in its inner loop). */
  private wQuote = 0;
  private wSqrt = 0;
  private capBuy = Number.NaN;
  private capSell = Number.NaN;

  /** Walk up (buy: base out) or down (sell: base in, pre-fee) by q base: quote moved, √p at the end. */
  private walk(side: Side, q: number): this {
    const b = this.bounds;
    const act = this.active;
    let s = this.sqrtPrice;
    let rem = q;
    let quote = 0;
    if (side === "buy") {
      let i = this.stretchUp(s);
      while (rem > 0) {
        if (i < 0) {
          s = b[0]!; // empty below the first range: the price jumps up to it
          i = 0;
          continue;
        }
        if (i >= act.length) return this.done(Number.POSITIVE_INFINITY, s);
        const l = act[i]!;
        const top = b[i + 1]!;
        if (l > 0) {
          const room = l * (1 / s - 1 / top);
          if (rem < room) {
            const s1 = 1 / (1 / s - rem / l);
            quote += l * (s1 - s);
            return this.done(quote, s1);
          }
          rem -= room;
          quote += l * (top - s);
        }
        s = top;
        i++;
      }
      return this.done(quote, s);
    }
    let i = this.stretchUp(s);
    if (i >= 0 && s === b[i] && i > 0) i--; // at a boundary going down: the stretch below
    while (rem > 0) {
      if (i >= act.length) {
        s = b[b.length - 1]!;
        i = act.length - 1;
        continue;
      }
      if (i < 0) return this.done(Number.NaN, s);
      const l = act[i]!;
      const bottom = b[i]!;
      if (l > 0) {
        const room = l * (1 / bottom - 1 / s);
        if (rem < room) {
          const s1 = 1 / (1 / s + rem / l);
          quote += l * (s - s1);
          return this.done(quote, s1);
        }
        rem -= room;
        quote += l * (s - bottom);
      }
      s = bottom;
      i--;
    }
    return this.done(quote, s);
  }
  private done(quote: number, sqrtEnd: number): this {
    this.wQuote = quote;
    this.wSqrt = sqrtEnd;
    return this;
  }
  cost(side: Side, q: number): number {
    if (q <= 0) return 0;
    if (side === "buy") return this.walk("buy", q).wQuote / this.gamma;
    return this.walk("sell", this.gamma * q).wQuote;
  }
  protected costWithoutFee(side: Side, q: number): number {
    return q <= 0 ? 0 : this.walk(side, q).wQuote;
  }
  marginal(side: Side, q: number): number {
    if (side === "buy") {
      const s = this.walk("buy", q).wSqrt;
      return (s * s) / this.gamma;
    }
    const s = this.walk("sell", this.gamma * q).wSqrt;
    return this.gamma * s * s;
  }
  /** Base between √p and √target with the active liquidity on the way. */
  private baseTo(target: number): number {
    const b = this.bounds;
    const act = this.active;
    let s = this.sqrtPrice;
    let base = 0;
    if (target > s) {
      for (let i = Math.max(0, this.stretchUp(s)); i < act.length && b[i]! < target; i++) {
        const lo = Math.max(s, b[i]!);
        const hi = Math.min(target, b[i + 1]!);
        if (hi > lo) base += act[i]! * (1 / lo - 1 / hi);
      }
      return base;
    }
    for (let i = Math.min(act.length - 1, this.stretchUp(s)); i >= 0 && b[i + 1]! > target; i--) {
      const hi = Math.min(s, b[i + 1]!);
      const lo = Math.max(target, b[i]!);
      if (hi > lo) base += act[i]! * (1 / lo - 1 / hi);
      s = Math.min(s, b[i]!);
    }
    return base;
  }
  qtyAt(side: Side, lambda: number): number {
    if (!(lambda > 0)) return side === "buy" ? 0 : this.capacity("sell");
    if (side === "buy") {
      const target = Math.sqrt(lambda * this.gamma);
      return target > this.sqrtPrice ? this.baseTo(target) : 0;
    }
    const target = Math.sqrt(lambda / this.gamma);
    return target < this.sqrtPrice ? this.baseTo(target) / this.gamma : 0;
  }
  capacity(side: Side): number {
    const b = this.bounds;
    if (b.length === 0) return 0;
    if (side === "buy") {
      if (Number.isNaN(this.capBuy)) this.capBuy = this.baseTo(b[b.length - 1]!) * (1 - 1e-12);
      return this.capBuy;
    }
    if (Number.isNaN(this.capSell)) this.capSell = (this.baseTo(b[0]!) / this.gamma) * (1 - 1e-12);
    return this.capSell;
  }
  protected apply(side: Side, q: number): void {
    this.capBuy = Number.NaN;
    this.capSell = Number.NaN;
    this.sqrtPrice = side === "buy" ? this.walk("buy", q).wSqrt : this.walk("sell", this.gamma * q).wSqrt;
  }
  clone(): ConcentratedLiquidity {
    const c = new ConcentratedLiquidity(this.name, this.ranges, this.mid(), this.fee);
    c.sqrtPrice = this.sqrtPrice;
    return c;
  }
  reserves(): { base: number; quote: number } {
    // virtual reserves of the active stretch: L/√p base and L·√p quote
    const i = this.stretchUp(this.sqrtPrice);
    const l = i >= 0 && i < this.active.length ? this.active[i]! : 0;
    return { base: l / this.sqrtPrice, quote: l * this.sqrtPrice };
  }
}
