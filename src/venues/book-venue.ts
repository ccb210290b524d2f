/**
 * SyntheticBookVenue: taker orders walk a latent order book built from the candles (synthetic-book.ts),
 * the book remembers what the trader consumed and refills over time, and the trader's own impact moves
 * the mid it sees. Later child orders pay for earlier ones, so a faster schedule costs more.
 *
 * State (the trader's own footprint; the historical market never reacts):
 *   m(t)   historical mid on the sub-bar path (sub-bar-path.ts)
 *   H(t)   the hole: net base units the trader has taken from the book that have not been replaced,
 *          signed (> 0: asks consumed by buys; < 0: bids consumed by sells), H = H_perm + H_tr(t)
 *   H_perm = φ · Σ_j q_j            the part that never refills (φ = permanentFraction)
 *   H_tr   = (1 − φ) · Σ_j q_j · G(t − t_j) / G(0)   the part that refills with the kernel G
 *   X(H)   the distance (in level spacings) the hole reaches into the book: the continuous inverse of the
 *          side's cumulative depth at the current bar (`levelsAt(cum, |H| / u_i)`, odd in H); the trader's
 *          mid is a + X(H)·Δ·m with the anchor a = m + P − X(H_perm)·Δ·m, where
 *   P      permanent impact in price units: at each trade P += (X(H_perm after) − X(H_perm before))·Δ·m,
 *          then held fixed (so a later change of market depth does not revalue it)
 *   T      transient impact = (X(H) − X(H_perm))·Δ·m. Hence midBefore − marketMid = P + T exactly.
 * In words: a fraction φ of every unit traded stays in the book for good (permanent impact; it is
 * additive in quantity, so splitting an order at one instant costs exactly what the block costs: no
 * round-trip gain, cf. Huberman & Stanzl 2004), the rest refills (transient impact).
 *
 * Walking. A buy of q at hole H takes the book in "net position" order from H to H + q: first back
 * through its own bid-side hole if H < 0, then up the asks; the marginal price at net position v is
 *   a + s·h + X(v)·Δ·m        (s = +1 buy, −1 sell; h the half-spread; X signed, continuous)
 * and each level bin crossed is one walked level whose price is the average of that margin over the bin
 * (`integralAt`), so the walk's notional is exact. The bins go into reused typed arrays and are summed
 * the way `walkBookRange` (order-book.ts) sums a book side (inline, same arithmetic). worstPrice is the marginal price at the end of the walk, which is
 * the new mid ± h. A limit price stops the walk exactly where the marginal price reaches it (a partial
 * fill: filledQtyBase < requestedQtyBase). Beyond its K noisy bins per side the latent book continues
 * with the noise-free shape (one more walked level), so an order without a limit always fills: a
 * latent book does not run out, and a long one-sided run (whose permanent hole keeps growing) must not
 * end in unfillable orders.
 *
 * Refill kernels (decay-kernels.ts): exponential (default, G = exp(−ρℓ), ρ = ln 2 / resilienceHalfLifeMs):
 * H_tr ← H_tr·exp(−ρ·dt) in advanceTo, O(1) and exact. Power law (G = (ℓ0/(ℓ0+ℓ))^β): a bounded history
 * of the last `maxImpulses` trades (impulse-history.ts), summed when the hole is needed
 * (O(maxImpulses), default 256); when full, the two oldest are merged at their weighted mean time
 * (exact in the long-lag limit; 0.25 % worst error over 600 one-minute trades, impulse-history test). A refill shrinks the hole from its far edge: the price
 * relaxes towards the anchor, as when new limit orders undercut the displaced quote.
 *
 * Why this gives the square-root law: the latent depth density grows linearly with distance (cumulative
 * depth ∝ x², synthetic-book.ts), so a hole H reaches √H; every operation above is linear in the
 * quantities (superposition of the kernel, additive permanent part), so a metaorder's peak impact scales
 * as Q^(1/p) = √Q at any trading speed (Donier, Bonart, Mastromatteo & Bouchaud 2015, "A fully
 * consistent, minimal model for non-linear market impact"). It is not built in: a flat book
 * (depthExponent 1) gives linear impact; see test/venues/sqrt-law-emergence.test.ts.
 *
 * Parameters and defaults: DEFAULT_BOOK_VENUE (below: exponential refill with a 10-minute half-life,
 * permanentFraction 0.2, power-law ℓ0 = 1 min and β = 0.5 when chosen) plus the book's
 * DEFAULT_SYNTHETIC_BOOK (κ = 0.5, p = 2, 1 bp bins, 400 per side). Chosen so that on BTC-like minute
 * bars the emergent square-root law has a prefactor η ≈ 0.8 (Y of order 1, as measured on real markets)
 * and 0.63–0.79 of a one-hour metaorder's peak impact remains six hours later (≈2/3 reported by Bacry
 * et al. 2015): docs/realism.md. Units: prices quote per base, quantities base units, times ms.
 *
 * Hot path: advanceTo and execute allocate nothing but the result object (typed scratch arrays are
 * reused; the per-bar depth is a cached scalar). `bookSnapshot(n)` shows the book the trader faces
 * (latent bins minus the hole) for inspection; the walk never builds it.
 *
 * Limitations: the trader is the only one who moves the book (other participants are the historical
 * path); one hole for both sides (a sell after buys first refills the ask hole); the hole is valued at
 * the current bar's depth, so the transient impact steps a little when the bar (and its depth) changes;
 * bins are walked at their average price, so levelsConsumed counts 1 bp bins, not exchange ticks.
 */
import { ExecsimError } from "../core/errors.js";
import {
  createExecutionResultBuffer,
  type ExecutionResult,
  type ExecutionResultBuffer,
  type ExecutionVenue,
} from "../core/execution-types.js";
import type { BookLevel, BookSnapshot, CandleSeries, Side } from "../core/market-types.js";
import type { Rng } from "../core/rng.js";
import { type DecayKernel, exponentialKernelFromHalfLife, powerLawKernel } from "../impact/decay-kernels.js";
import { ImpulseHistory } from "./impulse-history.js";
import { SubBarClock } from "./sub-bar-path.js";
import {
  resolveSyntheticBookParams,
  SyntheticBookModel,
  type SyntheticBookParams,
  stripUndefined,
} from "./synthetic-book.js";
import {
  invalidParam as bad,
  invalidLimitPriceError,
  invalidOrderQtyError,
  venueNotReadyError,
  venueTimeBackError,
} from "./venue-errors.js";

export type ResilienceKernel = "exponential" | "power-law";

export interface BookVenueParams {
  /** Kernel with which the consumed depth refills. */
  kernel: ResilienceKernel;
  /** Exponential kernel: half-life of the hole, ms. */
  resilienceHalfLifeMs: number;
  /** Power-law kernel: ℓ0 (ms) and β of G(ℓ) = (ℓ0/(ℓ0 + ℓ))^β. */
  powerLawL0Ms: number;
  powerLawBeta: number;
  /** Power-law kernel: impulses remembered (older ones are merged). */
  maxImpulses: number;
  /** φ: fraction of each trade's price move that is permanent. */
  permanentFraction: number;
}

export const DEFAULT_BOOK_VENUE: Readonly<BookVenueParams> = Object.freeze({
  kernel: "exponential",
  resilienceHalfLifeMs: 10 * 60_000,
  powerLawL0Ms: 60_000,
  powerLawBeta: 0.5,
  maxImpulses: 256,
  permanentFraction: 0.2,
});

export type SyntheticBookVenueParams = BookVenueParams & SyntheticBookParams;

export function resolveBookVenueParams(p: Partial<BookVenueParams> = {}): Readonly<BookVenueParams> {
  const r: BookVenueParams = { ...DEFAULT_BOOK_VENUE, ...stripUndefined(p) };
  if (r.kernel !== "exponential" && r.kernel !== "power-law")
    throw bad("kernel", 'must be "exponential" or "power-law"', r.kernel);
  if (!(r.resilienceHalfLifeMs > 0 && Number.isFinite(r.resilienceHalfLifeMs)))
    throw bad(
      "resilienceHalfLifeMs",
      "must be a finite number of ms > 0 (e.g. 600000 = 10 min)",
      r.resilienceHalfLifeMs,
    );
  if (!(r.powerLawL0Ms > 0 && Number.isFinite(r.powerLawL0Ms)))
    throw bad("powerLawL0Ms", "must be a finite number of ms > 0", r.powerLawL0Ms);
  if (!(r.powerLawBeta > 0 && r.powerLawBeta <= 2))
    throw bad("powerLawBeta", "must be in (0, 2] (≈0.5 is typical)", r.powerLawBeta);
  if (!(Number.isInteger(r.maxImpulses) && r.maxImpulses >= 2 && r.maxImpulses <= 1_000_000))
    throw bad("maxImpulses", "must be an integer in [2, 1000000]", r.maxImpulses);
  if (!(r.permanentFraction >= 0 && r.permanentFraction <= 1))
    throw bad("permanentFraction", "must be in [0, 1]", r.permanentFraction);
  return Object.freeze(r);
}

export class SyntheticBookVenue implements ExecutionVenue {
  readonly name = "book";
  readonly params: Readonly<BookVenueParams>;
  readonly book: SyntheticBookModel;
  private readonly kernel: DecayKernel;
  private readonly rho: number;
  private readonly clock = new SubBarClock();
  private ready = false;
  /** Permanent part of the hole, base units (signed). */
  private holePerm = 0;
  /** Refilling part of the hole (exponential kernel: now; power law: cached at `trTimeMs`). */
  private holeTr = 0;
  private trTimeMs = Number.NaN;
  /** exp(−ρ·decayDt), the exponential refill over the last step length seen. */
  private decayDt = Number.NaN;
  private decayFactor = 1;
  /** Permanent impact, price units. */
  private permanent = 0;
  /** Cache of reach(holePerm) at depth unit `xPermUnit` (the permanent hole changes only on trades). */
  private xPermHole = Number.NaN;
  private xPermUnit = Number.NaN;
  private xPermValue = 0;
  /** Power-law kernel: the refilling quantities (1 − φ)·s·q of past trades. */
  private readonly impulses: ImpulseHistory | undefined;
  // scratch for the walk (2K + 2 bins at most)
  private readonly wPrices: Float64Array;
  private readonly wSizes: Float64Array;

  constructor(params: Partial<SyntheticBookVenueParams> = {}) {
    const {
      kernel,
      resilienceHalfLifeMs,
      powerLawL0Ms,
      powerLawBeta,
      maxImpulses,
      permanentFraction,
      ...bookParams
    } = params;
    this.params = resolveBookVenueParams({
      kernel,
      resilienceHalfLifeMs,
      powerLawL0Ms,
      powerLawBeta,
      maxImpulses,
      permanentFraction,
    });
    this.book = new SyntheticBookModel(resolveSyntheticBookParams(bookParams));
    const pr = this.params;
    this.kernel =
      pr.kernel === "exponential"
        ? exponentialKernelFromHalfLife(pr.resilienceHalfLifeMs)
        : powerLawKernel(pr.powerLawL0Ms, pr.powerLawBeta);
    this.rho = pr.kernel === "exponential" ? Math.LN2 / pr.resilienceHalfLifeMs : 0;
    this.impulses = pr.kernel === "power-law" ? new ImpulseHistory(this.kernel, pr.maxImpulses) : undefined;
    this.wPrices = new Float64Array(2 * this.book.K + 2);
    this.wSizes = new Float64Array(2 * this.book.K + 2);
  }

  reset(series: CandleSeries, rng: Rng): void {
    this.book.prepare(series, rng);
    this.clock.reset(series);
    this.holePerm = 0;
    this.holeTr = 0;
    this.trTimeMs = Number.NaN;
    this.permanent = 0;
    this.xPermHole = Number.NaN;
    this.xPermUnit = Number.NaN;
    this.impulses?.clear();
    this.ready = true;
  }

  private requireReady(): void {
    if (!this.ready) throw venueNotReadyError();
  }

  advanceTo(timeMs: number): void {
    this.requireReady();
    const now = this.clock.timeMs;
    if (!(timeMs >= now)) throw venueTimeBackError(now, timeMs);
    if (this.rho > 0 && this.holeTr !== 0 && timeMs > now) {
      const dt = timeMs - now;
      // the engine advances by the same step again and again (one bar): reuse the last factor
      if (dt !== this.decayDt) {
        this.decayDt = dt;
        this.decayFactor = Math.exp(-this.rho * dt);
      }
      this.holeTr *= this.decayFactor;
    }
    this.clock.advanceTo(timeMs);
  }

  /** Refilling part of the hole now. */
  private currentHoleTr(): number {
    const imp = this.impulses;
    if (imp === undefined || imp.size === 0) return this.holeTr;
    const t = this.clock.timeMs;
    if (t === this.trTimeMs) return this.holeTr;
    this.holeTr = imp.value(t);
    this.trTimeMs = t;
    return this.holeTr;
  }

  /**
   * Signed distance (level spacings) reached by a signed hole of `h` base units at depth unit `unit`.
   * `slot` 1 keeps the level-search hint of the permanent hole apart from the whole hole's (slot 0).
   */
  private reach(h: number, unit: number, slot = 0): number {
    if (h === 0 || !(unit > 0)) return 0;
    return h > 0
      ? this.book.levelsAt(this.book.askCum, h / unit, slot)
      : -this.book.levelsAt(this.book.bidCum, -h / unit, slot);
  }

  /** reach(holePerm), cached while neither the permanent hole nor the bar's depth unit changes. */
  private reachPerm(hp: number, unit: number): number {
    if (hp === this.xPermHole && unit === this.xPermUnit) return this.xPermValue;
    const x = this.reach(hp, unit, 1);
    this.xPermHole = hp;
    this.xPermUnit = unit;
    this.xPermValue = x;
    return x;
  }

  /**
   * The book the trader faces now, `n` bins per side, best first: what is left of each latent bin after
   * the trader's own hole (levels inside the hole are gone, the bin the hole ends in is partly
   * consumed). A bin's price is the marginal price at its near edge, so asks[0].price = mid + h. For
   * inspection and reports (allocates); the walk itself never builds it.
   */
  bookSnapshot(n = 20): BookSnapshot {
    this.requireReady();
    const book = this.book;
    const bar = this.clock.dataBar();
    const m = this.clock.mid();
    const unit = book.depthUnit(bar);
    const h = book.halfSpread(bar, m);
    const step = book.spacingRel * m;
    const hp = this.holePerm;
    const H = hp + this.currentHoleTr();
    const a = m + this.permanent - this.reachPerm(hp, unit) * step;
    const side = (s: 1 | -1): BookLevel[] => {
      // walk in the direction s from net position s·H (level units), as `run` does
      const fwd = s > 0 ? book.askCum : book.bidCum;
      const back = s > 0 ? book.bidCum : book.askCum;
      const out: BookLevel[] = [];
      const v0 = unit > 0 ? (s * H) / unit : 0;
      if (v0 < 0) {
        let hi = -v0;
        let k = hi >= back[book.K]! ? book.K - 1 : book.locate(back, hi);
        while (hi > 0 && k >= 0 && out.length < n) {
          const lo = Math.min(back[k]!, hi);
          if (hi > lo)
            out.push({ price: a + s * (h - book.levelsAt(back, hi) * step), size: (hi - lo) * unit });
          hi = lo;
          k--;
        }
      }
      let lo = Math.max(v0, 0);
      let k = lo < fwd[book.K]! ? book.locate(fwd, lo) : book.K;
      while (k < book.K && out.length < n) {
        const hi = fwd[k + 1]!;
        if (hi > lo) out.push({ price: a + s * (h + book.levelsAt(fwd, lo) * step), size: (hi - lo) * unit });
        lo = hi;
        k++;
      }
      // past the K noisy bins: the noise-free continuation, one bin per level spacing
      let x = book.levelsAt(fwd, lo);
      while (out.length < n && unit > 0) {
        const hi = book.cumAt(fwd, Math.floor(x) + 1);
        if (hi > lo) out.push({ price: a + s * (h + x * step), size: (hi - lo) * unit });
        lo = hi;
        x = Math.floor(x) + 1;
      }
      return out;
    };
    return { timeMs: this.clock.timeMs, asks: side(1), bids: side(-1) };
  }

  marketMid(): number {
    this.requireReady();
    return this.clock.mid();
  }

  halfSpread(): number {
    this.requireReady();
    return this.book.halfSpread(this.clock.dataBar(), this.clock.mid());
  }

  ownImpact(): { permanent: number; transient: number } {
    return { permanent: this.permanent, transient: this.transientNow() };
  }

  /** Transient impact now, price units (allocation-free). */
  private transientNow(): number {
    this.requireReady();
    const unit = this.book.depthUnit(this.clock.dataBar());
    const step = this.book.spacingRel * this.clock.mid();
    const hp = this.holePerm;
    return (this.reach(hp + this.currentHoleTr(), unit) - this.reachPerm(hp, unit)) * step;
  }

  mid(): number {
    const t = this.transientNow();
    return this.clock.mid() + this.permanent + t;
  }

  quote(side: Side, qtyBase: number): ExecutionResult {
    const out = createExecutionResultBuffer();
    this.run(side, qtyBase, undefined, false, out);
    return out;
  }

  execute(side: Side, qtyBase: number, limitPrice?: number): ExecutionResult {
    const out = createExecutionResultBuffer();
    this.run(side, qtyBase, limitPrice, true, out);
    return out;
  }

  executeInto(side: Side, qtyBase: number, limitPrice: number | undefined, out: ExecutionResultBuffer): void {
    this.run(side, qtyBase, limitPrice, true, out);
  }

  private run(
    side: Side,
    qty: number,
    limitPrice: number | undefined,
    commit: boolean,
    out: ExecutionResultBuffer,
  ): void {
    this.requireReady();
    if (!(qty >= 0 && qty < Number.POSITIVE_INFINITY)) throw invalidOrderQtyError(qty);
    if (limitPrice !== undefined && !(limitPrice > 0 && limitPrice < Number.POSITIVE_INFINITY))
      throw invalidLimitPriceError(limitPrice);
    const book = this.book;
    const bar = this.clock.dataBar();
    const m = this.clock.mid();
    const unit = book.depthUnit(bar);
    const h = book.halfSpread(bar, m);
    const step = book.spacingRel * m;
    const P0 = this.permanent;
    const hp = this.holePerm;
    const H0 = hp + this.currentHoleTr();
    const xPerm = this.reachPerm(hp, unit);
    const s = side === "buy" ? 1 : -1;
    const fwd = s > 0 ? book.askCum : book.bidCum;
    const fwdInt = s > 0 ? book.askInt : book.bidInt;
    const back = s > 0 ? book.bidCum : book.askCum;
    const backInt = s > 0 ? book.bidInt : book.askInt;
    const K = book.K;
    // position in the trader's direction, level units; the forward side ends at fwd[K]
    const v0 = unit > 0 ? (s * H0) / unit : 0;
    // x0 = reach(H0): when the hole is on the forward side (v0 > 0) it is the forward side's X(v0), found
    // with the walk's starting integral and level in one search (s·H0/unit is H0/unit bit for bit)
    let x0: number;
    let iV0 = 0;
    let kV0 = 0;
    if (v0 > 0) {
      x0 = s * book.levelsAndIntegralAt(fwd, fwdInt, v0);
      iV0 = book.integralOut;
      kV0 = book.levelOut;
    } else x0 = this.reach(H0, unit);
    const a = m + P0 - xPerm * step;
    const midBefore = a + x0 * step;
    // how much may fill: the request, capped where the book ends and where the margin reaches the limit
    let want = unit > 0 ? qty : 0;
    if (limitPrice !== undefined && want > 0) {
      // marginal price a + s·(h + x·step) reaches the limit at x = (s·(limit − a) − h) / step
      const xLim = (s * (limitPrice - a) - h) / step;
      const vLim = xLim >= 0 ? book.cumAt(fwd, xLim) : -book.cumAt(back, -xLim);
      const capLimit = (vLim - v0) * unit;
      if (capLimit < want) want = Math.max(0, capLimit);
    }
    const vEnd = want > 0 ? v0 + want / unit : v0;
    const prices = this.wPrices;
    const sizes = this.wSizes;
    let n = 0;
    // signed X at the end of the walk when the forward walk computed it (NaN: not computed)
    let xEnd = Number.NaN;
    if (vEnd > v0 && unit > 0) {
      if (v0 < 0) {
        // back through our own hole on the other side: depth d from −v0 down to max(0, −vEnd)
        let hi = -v0;
        const stop = vEnd < 0 ? -vEnd : 0;
        let k = hi >= back[K]! ? K : book.locate(back, hi);
        while (hi > stop) {
          const lo = k >= K ? Math.max(back[K]!, stop) : Math.max(back[k]!, stop);
          if (hi > lo) {
            const avgX =
              (book.integralAt(back, backInt, hi) - book.integralAt(back, backInt, lo)) / (hi - lo);
            prices[n] = a + s * (h - avgX * step);
            sizes[n] = (hi - lo) * unit;
            n++;
          }
          hi = lo;
          k--;
        }
      }
      if (vEnd > 0) {
        let lo = Math.max(v0, 0);
        let iLo = v0 > 0 ? iV0 : book.integralAt(fwd, fwdInt, lo);
        if (lo < fwd[K]!) {
          let k = v0 > 0 ? kV0 : book.locate(fwd, lo);
          while (lo < vEnd && k < K) {
            const edge = fwd[k + 1]!;
            const hi = Math.min(edge, vEnd);
            let iHi: number;
            if (hi === edge) iHi = fwdInt[k + 1]!;
            else {
              // the walk ends inside this bin: X(vEnd) comes with the integral (it is x1 below)
              xEnd = s * book.levelsAndIntegralAt(fwd, fwdInt, hi);
              iHi = book.integralOut;
            }
            if (hi > lo) {
              prices[n] = a + s * (h + ((iHi - iLo) / (hi - lo)) * step);
              sizes[n] = (hi - lo) * unit;
              n++;
            }
            lo = hi;
            iLo = iHi;
            k++;
          }
        }
        if (lo < vEnd) {
          // beyond the K noisy bins the latent book continues with its noise-free shape
          xEnd = s * book.levelsAndIntegralAt(fwd, fwdInt, vEnd);
          const iHi = book.integralOut;
          prices[n] = a + s * (h + ((iHi - iLo) / (vEnd - lo)) * step);
          sizes[n] = (vEnd - lo) * unit;
          n++;
        }
      }
    }
    if (want > 0 && n === 0) {
      // an order too small to move the position in floating point fills at the marginal price
      prices[0] = a + s * h + x0 * step;
      sizes[0] = want;
      n = 1;
    }
    // Sum the bins as walkBookRange (order-book.ts) walks a book side, with the same arithmetic, inline:
    // the call would box its quantity and cost the walk its inlining. The bins hold want up to rounding:
    // take at most what they hold, report want. Bins are positive by construction except a price, which a
    // sell deep into the latent bids can push to or below zero: that is an error, as it is for the walk.
    let held = 0;
    for (let j = 0; j < n; j++) held += sizes[j]!;
    const q = Math.min(want, held);
    let rem = q;
    let took = 0;
    let notional = 0;
    let levels = 0;
    let first = Number.NaN;
    let worst = Number.NaN;
    for (let j = 0; j < n && rem > 0; j++) {
      const z = sizes[j]!;
      if (z === 0) continue;
      const px = prices[j]!;
      if (!(px > 0)) throw latentPriceError(px, s);
      const take = Math.min(z, rem);
      rem = z < rem ? rem - z : 0;
      took += take;
      notional += take * px;
      if (levels === 0) first = px;
      worst = px;
      levels++;
    }
    const filled = levels === 0 ? 0 : want;
    const H1 = H0 + s * filled;
    // the hole's reach after the trade: X at the walk's end position vEnd (= s·H1/unit), taken from the walk
    // when it ended on the forward side inside a bin, else computed from H1
    const x1 = filled > 0 ? (Number.isNaN(xEnd) ? this.reach(H1, unit) : xEnd) : x0;
    const phi = this.params.permanentFraction;
    const hpNew = hp + phi * s * filled;
    const xPermNew = filled > 0 && phi > 0 ? this.reach(hpNew, unit, 1) : xPerm;
    const P1 = P0 + (xPermNew - xPerm) * step;
    const midAfter = a + x1 * step;
    if (commit && filled > 0) {
      this.permanent = P1;
      this.holePerm = hpNew;
      this.xPermHole = hpNew;
      this.xPermUnit = unit;
      this.xPermValue = xPermNew;
      this.addRefilling((1 - phi) * s * filled);
    }
    out.requestedQtyBase = qty;
    out.filledQtyBase = filled;
    out.notionalQuote = filled > 0 ? notional : 0;
    out.avgPrice = filled > 0 ? clampedVwap(notional, rem === 0 ? q : took, first, worst) : Number.NaN;
    out.worstPrice = filled > 0 ? a + s * h + x1 * step : Number.NaN;
    out.levelsConsumed = filled > 0 ? levels : 0;
    out.marketMid = m;
    out.midBefore = midBefore;
    out.midAfter = midAfter;
    out.halfSpread = h;
    out.permanentImpactBefore = P0;
    out.transientImpactBefore = midBefore - m - P0;
  }

  private addRefilling(dh: number): void {
    const imp = this.impulses;
    if (imp === undefined) {
      this.holeTr += dh;
      return;
    }
    const t = this.clock.timeMs;
    imp.add(t, dh);
    this.holeTr = imp.value(t);
    this.trTimeMs = t;
  }

  describe(): Record<string, unknown> {
    return { venue: this.name, ...this.params, kernelParams: this.kernel.params, book: this.book.describe() };
  }
}

/** notional / qty clamped into [first, worst] (either order), as walkBookRange reports its vwap. */
function clampedVwap(notional: number, qty: number, first: number, worst: number): number {
  const v = notional / qty;
  const lo = Math.min(first, worst);
  const hi = Math.max(first, worst);
  return Math.min(Math.max(v, lo), hi);
}

function latentPriceError(price: number, s: number): ExecsimError {
  return new ExecsimError(
    "INVALID_ARGUMENT",
    `the ${s > 0 ? "buy" : "sell"} walked the latent book to a price of ${price}: the order is far larger than the book's depth; split it or raise depthScale`,
  );
}
