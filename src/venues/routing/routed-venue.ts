/**
 * RoutedVenue: the run's book venue (the `--impact` venue: the synthetic book by default) and a set of
 * AMM pools on one clock, each child order split between them by a routing mode:
 *   book     everything to the book venue (the pools only see arbitrage)
 *   pools    everything to the pools, split at equal marginal prices
 *   optimal  least total cost across book and pools, fees included (router.ts)
 *   step     fixed-step greedy split (5 % steps by default; Uniswap smart-order-router style)
 * A child may name its own route (a mode or a venue name) through `executeRouted`.
 *
 * Pools start as the pools file gives them, per (strategy, parent) pair (each pair gets a fresh venue):
 * a pool that gives only its depth is priced at the book's historical mid at the first `advanceTo` (the
 * parent's start).
 *
 * Arbitrage (pool-side resilience): at every bar close + arbitrageDelayMs, an arbitrageur trades each
 * pool toward the book's mid m (the mid the trader faces, own impact included): it buys from a pool
 * while the pool's marginal buy price γ⁻¹·p < m and sells while γ·p > m, so afterwards
 * γ·m ≤ p ≤ m/γ, p the pool's fee-free price (AmmLiquidity.arbitrage). The trader's own pool trades
 * are thereby undone up to the fee band at the next bar close. Off with `arbitrage: false`.
 *
 * Legs and TCA: `lastLegs()` returns one leg per venue that traded; the engine records a fill per leg
 * with its venue. A pool leg's notional is the fee-free amount and its `feeQuote` the pool fee
 * (pool-liquidity.ts), its marketMid the book's historical mid, its midBefore the pool's price, its
 * half-spread 0, so the fill's transient impact is the pool's gap to the market (own trades not yet
 * arbitraged away) and the five price parts still add up to the execution cost. Pool legs pay no
 * exchange taker fee (gas is not modelled). The book leg is the book venue's own result.
 *
 * Limit prices: each leg is cut where its marginal price (fee included) reaches the limit.
 * Units: base quantities, quote prices and fees, ms.
 */
import { ExecsimError } from "../../core/errors.js";
import type { ExecutionResult, ExecutionVenue, VenueLeg } from "../../core/execution-types.js";
import type { CandleSeries, Side } from "../../core/market-types.js";
import type { Rng } from "../../core/rng.js";
import type { AmmLiquidity, LiquiditySource } from "../amm/pool-liquidity.js";
import { instantiatePool, type PoolsConfig, ROUTING_MODES, type RoutingMode } from "../amm/pools-file.js";
import { DEFAULT_ROUTE_STEP, optimalSplit, stepSplit } from "./router.js";

/** The book venue as a liquidity source: its walk's cost and marginal price, with the taker fee. */
export class BookLiquidity implements LiquiditySource {
  readonly name: string;
  constructor(
    readonly venue: ExecutionVenue,
    readonly takerRate: number,
  ) {
    this.name = venue.name;
  }
  private f(side: Side): number {
    return side === "buy" ? 1 + this.takerRate : 1 - this.takerRate;
  }
  cost(side: Side, q: number): number {
    return q > 0 ? this.venue.quote(side, q).notionalQuote * this.f(side) : 0;
  }
  marginal(side: Side, q: number): number {
    if (q > 0) return this.venue.quote(side, q).worstPrice * this.f(side);
    const touch =
      side === "buy"
        ? this.venue.mid() + this.venue.halfSpread()
        : this.venue.mid() - this.venue.halfSpread();
    return touch * this.f(side);
  }
  qtyAt(side: Side, lambda: number): number {
    const better = (m: number) => (side === "buy" ? m <= lambda : m >= lambda);
    if (!better(this.marginal(side, 0))) return 0;
    let lo = 0;
    let hi = 1;
    while (better(this.marginal(side, hi)) && hi < 1e15) hi *= 2;
    for (let k = 0; k < 100 && hi - lo > hi * 1e-12; k++) {
      const mid = 0.5 * (lo + hi);
      if (better(this.marginal(side, mid))) lo = mid;
      else hi = mid;
    }
    return lo;
  }
  capacity(): number {
    return Number.POSITIVE_INFINITY;
  }
}

export interface RoutedVenueParams {
  readonly mode: RoutingMode;
  readonly pools: PoolsConfig;
  /** The run's taker fee rate on the book (the router weighs it against pool fees). */
  readonly takerFeeRate: number;
  /** Chunk of the step router, as a fraction of the order (default 0.05). */
  readonly step?: number;
}

function poolLeg(
  q: number,
  notional: number,
  worst: number,
  m: number,
  before: number,
  after: number,
): ExecutionResult {
  return {
    requestedQtyBase: q,
    filledQtyBase: q,
    notionalQuote: notional,
    avgPrice: notional / q,
    worstPrice: worst,
    levelsConsumed: 0,
    marketMid: m,
    midBefore: before,
    midAfter: after,
    halfSpread: 0,
    permanentImpactBefore: 0,
    transientImpactBefore: before - m,
  };
}

export class RoutedVenue implements ExecutionVenue {
  readonly name: string;
  private pools: AmmLiquidity[] | undefined;
  private series: CandleSeries | undefined;
  private nextArb = 0;
  private legs: VenueLeg[] = [];
  private readonly bookSource: BookLiquidity;
  private readonly split: Float64Array;

  constructor(
    readonly book: ExecutionVenue,
    readonly params: RoutedVenueParams,
  ) {
    if (!(ROUTING_MODES as readonly string[]).includes(params.mode)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `routing mode "${params.mode}": use one of ${ROUTING_MODES.join(", ")}`,
      );
    }
    const step = params.step ?? DEFAULT_ROUTE_STEP;
    if (!(step > 0 && step <= 1)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `routing step must be in (0, 1] (0.05 = 5% chunks), got ${step}`,
      );
    }
    this.name = book.name;
    this.bookSource = new BookLiquidity(book, params.takerFeeRate);
    this.split = new Float64Array(params.pools.pools.length + 1);
  }

  reset(series: CandleSeries, rng: Rng): void {
    this.book.reset(series, rng);
    this.series = series;
    this.pools = undefined;
    this.legs = [];
  }

  /** The pools now (undefined before the first advanceTo). */
  poolStates(): readonly AmmLiquidity[] | undefined {
    return this.pools;
  }

  advanceTo(timeMs: number): void {
    const s = this.series;
    if (s === undefined) throw new ExecsimError("MODEL_ERROR", "RoutedVenue: call reset(series, rng) first");
    if (this.pools === undefined) {
      this.book.advanceTo(timeMs);
      const m = this.book.marketMid();
      this.pools = this.params.pools.pools.map((p) => instantiatePool(p, m));
      // first bar whose close (+ delay) is after now
      const delay = this.params.pools.arbitrageDelayMs;
      let lo = 0;
      let hi = s.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (s.openTimeMs[mid]! + s.intervalMs + delay <= timeMs) lo = mid + 1;
        else hi = mid;
      }
      this.nextArb = lo;
      return;
    }
    if (this.params.pools.arbitrage) {
      const delay = this.params.pools.arbitrageDelayMs;
      while (this.nextArb < s.length) {
        const at = s.openTimeMs[this.nextArb]! + s.intervalMs + delay;
        if (at > timeMs) break;
        this.book.advanceTo(at);
        const m = this.book.mid();
        for (const p of this.pools) p.arbitrage(m);
        this.nextArb++;
      }
    }
    this.book.advanceTo(timeMs);
  }

  mid(): number {
    return this.book.mid();
  }
  marketMid(): number {
    return this.book.marketMid();
  }
  halfSpread(): number {
    return this.book.halfSpread();
  }
  ownImpact(): { permanent: number; transient: number } {
    return this.book.ownImpact();
  }

  private requirePools(): AmmLiquidity[] {
    if (this.pools === undefined) throw new ExecsimError("MODEL_ERROR", "RoutedVenue: call advanceTo first");
    return this.pools;
  }

  /** The split for a route: index 0 the book, i + 1 pool i. */
  private allocate(side: Side, qty: number, route: string): Float64Array {
    const pools = this.requirePools();
    const out = this.split;
    out.fill(0);
    if (route === "book" || route === this.book.name) out[0] = qty;
    else if (route === "pools") optimalSplit(side, qty, undefined, pools, out);
    else if (route === "optimal") optimalSplit(side, qty, this.bookSource, pools, out);
    else if (route === "step") stepSplit(side, qty, this.bookSource, pools, this.params.step, out);
    else {
      const i = pools.findIndex((p) => p.name === route);
      if (i < 0) {
        throw new ExecsimError(
          "INVALID_ARGUMENT",
          `route "${route}": use a routing mode (${ROUTING_MODES.join(", ")}) or a pool name (${pools.map((p) => p.name).join(", ")})`,
        );
      }
      out[i + 1] = Math.min(qty, pools[i]!.capacity(side));
    }
    return out;
  }

  /** A route's split with the venues' names (for inspection; no state change). */
  routeSplit(
    side: Side,
    qty: number,
    route: string = this.params.mode,
  ): { venue: string; qtyBase: number }[] {
    const a = this.allocate(side, qty, route);
    return [this.book.name, ...this.requirePools().map((p) => p.name)].map((venue, i) => ({
      venue,
      qtyBase: a[i]!,
    }));
  }

  private run(
    side: Side,
    qty: number,
    limit: number | undefined,
    route: string,
    commit: boolean,
  ): ExecutionResult {
    const pools = this.requirePools();
    const a = this.allocate(side, qty, route);
    const legs: VenueLeg[] = [];
    const m = this.book.marketMid();
    const dust = qty * 1e-12;
    if (a[0]! > dust) {
      const r = commit ? this.book.execute(side, a[0]!, limit) : this.book.quote(side, a[0]!);
      if (r.filledQtyBase > 0) legs.push({ venue: this.book.name, result: r });
    }
    for (let i = 0; i < pools.length; i++) {
      const p = pools[i]!;
      let q = a[i + 1]!;
      if (limit !== undefined) q = Math.min(q, p.qtyAt(side, limit));
      if (!(q > dust)) continue;
      if (commit) {
        const t = p.trade(side, q);
        legs.push({
          venue: p.name,
          result: poolLeg(q, t.notionalQuote, t.worstPrice, m, t.midBefore, t.midAfter),
          feeQuote: t.feeQuote,
        });
      } else {
        const withFee = p.cost(side, q);
        const clone = p.clone();
        const t = clone.trade(side, q);
        legs.push({
          venue: p.name,
          result: poolLeg(q, t.notionalQuote, t.worstPrice, m, t.midBefore, t.midAfter),
          feeQuote: Math.abs(withFee - t.notionalQuote),
        });
      }
    }
    if (commit) this.legs = legs;
    return aggregate(side, qty, legs, this.book, m);
  }

  quote(side: Side, qtyBase: number): ExecutionResult {
    return this.run(side, qtyBase, undefined, this.params.mode, false);
  }
  execute(side: Side, qtyBase: number, limitPrice?: number): ExecutionResult {
    return this.run(side, qtyBase, limitPrice, this.params.mode, true);
  }
  executeRouted(side: Side, qtyBase: number, limitPrice: number | undefined, route: string): ExecutionResult {
    return this.run(side, qtyBase, limitPrice, route, true);
  }
  lastLegs(): readonly VenueLeg[] {
    return this.legs;
  }

  describe(): Record<string, unknown> {
    return {
      ...this.book.describe(),
      routing: this.params.mode,
      ...(this.params.mode === "step" ? { routingStep: this.params.step ?? DEFAULT_ROUTE_STEP } : {}),
      pools: this.params.pools.pools,
      arbitrage: this.params.pools.arbitrage,
      arbitrageDelayMs: this.params.pools.arbitrageDelayMs,
    };
  }
}

/** One result over the legs (what the engine checks; the fills come from the legs). */
function aggregate(
  side: Side,
  qty: number,
  legs: readonly VenueLeg[],
  book: ExecutionVenue,
  m: number,
): ExecutionResult {
  let filled = 0;
  let notional = 0;
  let levels = 0;
  let worst = Number.NaN;
  for (const l of legs) {
    filled += l.result.filledQtyBase;
    notional += l.result.notionalQuote;
    levels += l.result.levelsConsumed;
    const w = l.result.worstPrice;
    if (Number.isNaN(worst) || (side === "buy" ? w > worst : w < worst)) worst = w;
  }
  const own = book.ownImpact();
  const bookLeg = legs.find((l) => l.venue === book.name)?.result;
  const mid = book.mid();
  return {
    requestedQtyBase: qty,
    filledQtyBase: filled,
    notionalQuote: notional,
    avgPrice: filled > 0 ? notional / filled : Number.NaN,
    worstPrice: worst,
    levelsConsumed: levels,
    marketMid: m,
    midBefore: bookLeg?.midBefore ?? mid,
    midAfter: bookLeg?.midAfter ?? mid,
    halfSpread: bookLeg?.halfSpread ?? book.halfSpread(),
    permanentImpactBefore: bookLeg?.permanentImpactBefore ?? own.permanent,
    transientImpactBefore: bookLeg?.transientImpactBefore ?? own.transient,
  };
}
