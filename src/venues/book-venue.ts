/**
 * SyntheticBookVenue: taker orders walk a latent order book built from the candles (synthetic-book.ts),
 * the book remembers what the trader consumed and refills over time, and the trader's own impact moves
 * the mid it sees. Later child orders pay for earlier ones, so a faster schedule costs more.
 *
 * State (all in the trader's own impact; the historical market never reacts):
 *   m(t)  historical mid on the sub-bar path (sub-bar-path.ts)
 *   P     permanent impact, price units (constant between trades)
 *   H(t)  the hole: net base units the trader has taken from the book and that have not been refilled,
 *         signed (> 0: asks consumed by buys; < 0: bids consumed by sells)
 *   anchor a = m + P: the latent book sits around it (asks from a + h, bids from a − h, level k at k·Δ)
 *   T(t)  transient impact = sign(H) · X(|H| / u) · Δ·m, where u is the bar's depth unit and X the
 *         continuous inverse of the side's cumulative profile (`levelsAt`): the distance the hole
 *         reaches into the book. The trader's mid is m + P + T, so midBefore − marketMid = P + T exactly.
 *
 * Walking. A buy for q at hole H takes the book in "net position" order v from H to H + q: first the
 * refilled part of a bid-side hole (if H < 0, prices a + h − k·Δ·m for the bid levels k the hole
 * reaches, nearest the anchor last), then the asks a + h + k·Δ·m from the level the hole reaches; a sell
 * mirrors this. The faced levels are written into reused typed arrays and walked with `walkBook`
 * (order-book.ts); a limit price cuts the levels (`levelsWithinLimit`); the book ends after K levels
 * per side (a partial fill says so: filledQtyBase < requestedQtyBase).
 *
 * Impact update after a fill that moved the position from H to H' (T0 = T(H), T1 = T(H')):
 *   ΔT = T1 − T0;  P ← P + φ·ΔT;  T ← T0 + (1 − φ)·ΔT;  H ← T⁻¹(T)
 * so the mid just after the trade is m + P_old + T1 (the walk's full move), a fraction φ of every move
 * stays for good (φ = permanentFraction; "fraction of the realised move") and the rest is a hole that
 * refills.
 *
 * Refill (resilience): the hole decays with a kernel G from the model library (decay-kernels.ts):
 *   H(t) = Σ_j h_j · G(t − t_j) / G(0)     (h_j: change of H at trade j)
 *   exponential (default; G = exp(−ρℓ), ρ = ln 2 / resilienceHalfLifeMs): H ← H·exp(−ρ·dt) in
 *     advanceTo, O(1) and exact;
 *   power law (G = (ℓ0/(ℓ0 + ℓ))^β): a ring buffer of the last `maxImpulses` impulses, summed when the
 *     mid is needed (O(maxImpulses)); when it is full the two oldest impulses are merged into one at the
 *     newer time (their combined remaining weight then decays as if it were new: an approximation that
 *     only matters after maxImpulses trades).
 * A refill shrinks the hole from its far edge: the price relaxes back towards the anchor, as when new
 * limit orders undercut the displaced best quote. This is the latent-liquidity picture of Donier,
 * Bonart, Mastromatteo & Bouchaud (2015, "A fully consistent, minimal model for non-linear market
 * impact"): linear depth density + slow refill ⇒ peak impact ∝ √Q (see test/venues/sqrt-law-emergence).
 *
 * Parameters and defaults: DEFAULT_BOOK_VENUE (below) plus the book's DEFAULT_SYNTHETIC_BOOK. Units:
 * prices quote per base, quantities base units, times ms.
 *
 * Hot path: advanceTo and execute allocate nothing but the result object (typed scratch arrays are
 * reused; the per-bar depth is a cached scalar).
 *
 * Limitations: the trader is the only one who moves the book (other participants are the historical
 * path); one hole for both sides (a sell after buys first refills the ask hole, at the displaced
 * prices); the depth unit changes at bar boundaries, so the same hole maps to a slightly different
 * displacement after a bar change (the transient impact jumps a little with the market's depth).
 */
import { ExecsimError } from "../core/errors";
import type { ExecutionResult, ExecutionVenue } from "../core/execution-types";
import type { CandleSeries, Side } from "../core/market-types";
import type { Rng } from "../core/rng";
import { type DecayKernel, exponentialKernelFromHalfLife, powerLawKernel } from "../impact/decay-kernels";
import { createBookWalkResult, levelsWithinLimit, walkBookRange } from "./order-book";
import { SubBarClock } from "./sub-bar-path";
import {
  findLevel,
  resolveSyntheticBookParams,
  SyntheticBookModel,
  type SyntheticBookParams,
  stripUndefined,
} from "./synthetic-book";

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
  maxImpulses: 512,
  permanentFraction: 0.2,
});

export type SyntheticBookVenueParams = BookVenueParams & SyntheticBookParams;

function bad(what: string, hint: string, got: unknown): ExecsimError {
  return new ExecsimError("INVALID_ARGUMENT", `${what} ${hint}, got ${String(got)}`);
}

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
  private readonly g0: number;
  private readonly clock = new SubBarClock();
  private ready = false;
  /** Signed hole H (base units); for the power-law kernel, the value at `holeTimeMs`. */
  private hole = 0;
  private permanent = 0;
  // power-law impulse ring buffer
  private readonly impT: Float64Array;
  private readonly impH: Float64Array;
  private impStart = 0;
  private impCount = 0;
  private holeTimeMs = Number.NaN;
  // scratch for the walk (2K + 2 levels at most)
  private readonly wPrices: Float64Array;
  private readonly wSizes: Float64Array;
  private readonly walkOut = createBookWalkResult();

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
    this.g0 = this.kernel.value(0);
    const cap = pr.kernel === "power-law" ? pr.maxImpulses : 0;
    this.impT = new Float64Array(cap);
    this.impH = new Float64Array(cap);
    this.wPrices = new Float64Array(2 * this.book.K + 2);
    this.wSizes = new Float64Array(2 * this.book.K + 2);
  }

  reset(series: CandleSeries, rng: Rng): void {
    this.book.prepare(series, rng);
    this.clock.reset(series);
    this.hole = 0;
    this.permanent = 0;
    this.impStart = 0;
    this.impCount = 0;
    this.holeTimeMs = Number.NaN;
    this.ready = true;
  }

  private requireReady(): void {
    if (!this.ready) {
      throw new ExecsimError(
        "INVALID_CONFIG",
        "venue used before reset(series, rng): reset it on a series first",
      );
    }
  }

  advanceTo(timeMs: number): void {
    this.requireReady();
    const now = this.clock.timeMs;
    if (!(timeMs >= now) || Number.isNaN(timeMs)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `venue time must not go back: at ${now} ms, asked to advance to ${timeMs} ms (the engine calls advanceTo with non-decreasing times)`,
      );
    }
    if (this.rho > 0 && this.hole !== 0 && now > Number.NEGATIVE_INFINITY) {
      this.hole *= Math.exp(-this.rho * (timeMs - now));
    }
    this.clock.advanceTo(timeMs);
  }

  /** Current hole H(t). */
  private currentHole(): number {
    if (this.rho > 0 || this.impCount === 0) return this.hole;
    const t = this.clock.timeMs;
    if (t === this.holeTimeMs) return this.hole;
    const cap = this.impT.length;
    let h = 0;
    for (let j = 0, idx = this.impStart; j < this.impCount; j++, idx = idx + 1 === cap ? 0 : idx + 1) {
      h += this.impH[idx]! * this.kernel.value(t - this.impT[idx]!);
    }
    h /= this.g0;
    this.hole = h;
    this.holeTimeMs = t;
    return h;
  }

  /** Transient displacement (price units) of a signed hole at the current bar and mid. */
  private displacement(h: number, unit: number, step: number): number {
    if (h === 0 || !(unit > 0)) return 0;
    return h > 0
      ? this.book.levelsAt(this.book.askCum, h / unit) * step
      : -this.book.levelsAt(this.book.bidCum, -h / unit) * step;
  }

  /** Inverse of `displacement`: the hole that gives a transient displacement `t`. */
  private holeFor(t: number, unit: number, step: number): number {
    if (t === 0 || !(unit > 0)) return 0;
    return t > 0
      ? this.book.cumAt(this.book.askCum, t / step) * unit
      : -this.book.cumAt(this.book.bidCum, -t / step) * unit;
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
    this.requireReady();
    const bar = this.clock.dataBar();
    const m = this.clock.mid();
    const t = this.displacement(this.currentHole(), this.book.depthUnit(bar), this.book.spacingRel * m);
    return { permanent: this.permanent, transient: t };
  }

  mid(): number {
    const o = this.ownImpact();
    return this.clock.mid() + o.permanent + o.transient;
  }

  quote(side: Side, qtyBase: number): ExecutionResult {
    return this.run(side, qtyBase, undefined, false);
  }

  execute(side: Side, qtyBase: number, limitPrice?: number): ExecutionResult {
    return this.run(side, qtyBase, limitPrice, true);
  }

  private run(side: Side, qty: number, limitPrice: number | undefined, commit: boolean): ExecutionResult {
    this.requireReady();
    if (!(qty >= 0 && qty < Number.POSITIVE_INFINITY)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `order qty must be a finite number >= 0 base units, got ${qty}`,
      );
    }
    if (limitPrice !== undefined && !(limitPrice > 0 && limitPrice < Number.POSITIVE_INFINITY)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `limit price must be a finite number > 0, got ${limitPrice}`,
      );
    }
    const book = this.book;
    const bar = this.clock.dataBar();
    const m = this.clock.mid();
    const unit = book.depthUnit(bar);
    const h = book.halfSpread(bar, m);
    const step = book.spacingRel * m;
    const P0 = this.permanent;
    const H0 = this.currentHole();
    const T0 = this.displacement(H0, unit, step);
    const a = m + P0;
    const s = side === "buy" ? 1 : -1;
    const fwd = s > 0 ? book.askCum : book.bidCum;
    const back = s > 0 ? book.bidCum : book.askCum;
    const K = book.K;
    const prices = this.wPrices;
    const sizes = this.wSizes;
    // Faced levels, best first, until they hold qty (net position v in the trader's direction).
    let n = 0;
    let have = 0;
    const v0 = (s * H0) / unit; // level units
    let fwdFrom = 0; // level units already consumed on the forward side
    if (v0 < 0) {
      // refill our own hole on the other side first: levels from the hole's edge back to the anchor
      const depth = -v0;
      if (depth > back[K]!) {
        prices[n] = a + s * (h - K * step);
        sizes[n] = (depth - back[K]!) * unit;
        have += sizes[n]!;
        n++;
      }
      let k = depth >= back[K]! ? K - 1 : findLevel(back, K, depth);
      let top = Math.min(depth, back[K]!);
      while (k >= 0 && have < qty) {
        const avail = (top - back[k]!) * unit;
        if (avail > 0) {
          prices[n] = a + s * (h - k * step);
          sizes[n] = avail;
          have += avail;
          n++;
        }
        top = back[k]!;
        k--;
      }
    } else {
      fwdFrom = v0;
    }
    if (have < qty && fwdFrom < fwd[K]!) {
      let k = findLevel(fwd, K, fwdFrom);
      let lo = fwdFrom;
      // merge the forward touch with a last backward level at the same price (k = 0 on both sides)
      if (k === 0 && n > 0 && prices[n - 1] === a + s * h) {
        const add = (fwd[1]! - lo) * unit;
        sizes[n - 1] = sizes[n - 1]! + add;
        have += add;
        lo = fwd[1]!;
        k = 1;
      }
      while (k < K && have < qty) {
        const avail = (fwd[k + 1]! - lo) * unit;
        if (avail > 0) {
          prices[n] = a + s * (h + k * step);
          sizes[n] = avail;
          have += avail;
          n++;
        }
        lo = fwd[k + 1]!;
        k++;
      }
    }
    const usable = limitPrice === undefined ? n : levelsWithinLimit(prices, n, side, limitPrice);
    const w = walkBookRange(prices, sizes, 0, usable, qty, this.walkOut);
    const filled = w.filledQty;
    const H1 = H0 + s * filled;
    const T1 = filled > 0 ? this.displacement(H1, unit, step) : T0;
    const dT = T1 - T0;
    const phi = this.params.permanentFraction;
    const P1 = P0 + phi * dT;
    const Tnew = T0 + (1 - phi) * dT;
    if (commit && filled > 0) {
      const Hnew = phi === 0 ? H1 : this.holeFor(Tnew, unit, step);
      this.permanent = P1;
      this.setHole(Hnew, H0);
    }
    return {
      requestedQtyBase: qty,
      filledQtyBase: filled,
      notionalQuote: w.notional,
      avgPrice: w.vwap,
      worstPrice: w.worstPrice,
      levelsConsumed: w.levelsConsumed,
      marketMid: m,
      midBefore: m + P0 + T0,
      midAfter: m + P1 + Tnew,
      halfSpread: h,
      permanentImpactBefore: P0,
      transientImpactBefore: T0,
    };
  }

  private setHole(hNew: number, hOld: number): void {
    if (this.rho > 0) {
      this.hole = hNew;
      return;
    }
    const t = this.clock.timeMs;
    const cap = this.impT.length;
    if (this.impCount === cap) {
      // merge the two oldest impulses into the newer one
      const i0 = this.impStart;
      const i1 = i0 + 1 === cap ? 0 : i0 + 1;
      this.impH[i1] =
        this.impH[i1]! + (this.impH[i0]! * this.kernel.value(this.impT[i1]! - this.impT[i0]!)) / this.g0;
      this.impStart = i1;
      this.impCount--;
    }
    const idx = (this.impStart + this.impCount) % cap;
    this.impT[idx] = t;
    this.impH[idx] = hNew - hOld;
    this.impCount++;
    this.hole = hNew;
    this.holeTimeMs = t;
  }

  describe(): Record<string, unknown> {
    return { venue: this.name, ...this.params, kernelParams: this.kernel.params, book: this.book.describe() };
  }
}
