/**
 * The synthetic latent order book built from candles: the liquidity a taker faces at time t.
 *
 * Construction (per side, per bar i; a "level unit" is one level spacing):
 *   spacing       Δ = max(levelSpacingBps · 1e-4, tick / firstOpen) as a fraction of the mid, so level k
 *                 sits k·Δ beyond the touch; in price units Δ·mid.
 *   touch         best ask = anchor + h, best bid = anchor − h, h = half-spread (below).
 *   shape         cumulative latent depth within x level units of the touch ∝ x^p (p = depthExponent,
 *                 default 2): depth density grows linearly with distance from the mid, as in the
 *                 latent order book of Donier, Bonart, Mastromatteo & Bouchaud (2015), whose
 *                 V-shaped density gives the square-root impact law. Level k holds
 *                   D_k = u_i · ((k+1)^p − k^p) · ε_k,   ε_k = exp(ν z_k − ν²/2), z_k ~ N(0,1)
 *                 (mean-one lognormal noise, ν = levelNoise, drawn per side once per reset).
 *   depth unit    u_i = κ · V̄_i · (Δ / σ̄_i)^p · η_i      (base units per level unit)
 *                 κ = depthScale, V̄_i = trailing mean bar volume, σ̄_i = trailing Parkinson volatility
 *                 per bar (floored at minVolatilityBps), η_i = exp(ν_b z_i − ν_b²/2) a per-bar lognormal
 *                 factor (ν_b = barNoise) hashed from (seed, i) so bar i's book does not depend on which
 *                 bars were visited before. With p = 2 the depth within a distance of one bar-sigma is
 *                 κ·V̄: a fraction κ of a bar's volume rests within ±σ of the mid, whatever the interval
 *                 (V̄/σ̄² is invariant to the bar length for a diffusive price).
 *   half-spread   h_i = max(hRel_i · mid, tick / 2); hRel_i = Corwin-Schultz spread / 2 over the trailing
 *                 window (spread = "corwin-schultz", the default; halfSpreadBps when the window holds no
 *                 bar pair), the Abdi-Ranaldo estimate / 2 (spread = "abdi-ranaldo": less biased on
 *                 minute bars, docs/realism.md), halfSpreadBps · 1e-4 (spread = "fixed") or 0 (spread =
 *                 "tick": the half-tick floor alone, one tick wide; the default on real symbols with a
 *                 known tick, src/market/instrument-specs.ts).
 * Depth and spread use trailing bars only (see trailing-bar-stats.ts for why, and for the bar-0
 * fallback). The parts that do not depend on the seed (κ·V̄_i·(Δ/σ̄_i)^p and h_i's fraction) are computed
 * once per series and shared by every venue on it, and η_i once per seed (book-bar-terms.ts). The cumulative profiles are kept in level units (askCum, bidCum: Float64Array(K+1)), so a
 * bar change rescales them by u_i without rebuilding anything.
 *
 * Continuous displacement. `levelsAt(cum, c)` inverts the cumulative profile: how many level units of
 * distance hold c level units of depth, interpolating each level as x^p so that with no noise it is
 * exactly c^(1/p) (a hole smaller than the first level still moves the mid continuously). A level is
 * a bin of a continuous density, not a single price: the depth of bin k is spread over its price range
 * [kΔ, (k+1)Δ] so that the marginal price at cumulative depth c is touch + X(c)·Δ·mid, and `integralAt`
 * gives ∫X dc for the exact cost of a walk. (Real ticks are far finer than the default 1 bp bins: 0.1
 * USDT on BTCUSDT is ≈0.02 bp; putting a whole bin at its inner edge would make one large order cheaper
 * than the same quantity in slices.)
 *
 * Parameters and defaults: DEFAULT_SYNTHETIC_BOOK (below). Units: prices quote per base, depth base
 * units, spacing/volatility/spread as fractions of the mid unless named bps.
 *
 * Limitations: one shape for all bars (only its scale moves with volume and volatility); level noise
 * is fixed per reset; no queue or time priority; prices are not rounded to the tick grid (the anchor
 * moves continuously along the sub-bar path). The latent book is not the visible book: the real
 * visible XRPUSDT book grows as distance^1.44 over 2–20 bp (2 here) and holds more at the touch
 * (see docs/realism.md).
 */
import { ExecsimError } from "../core/errors.js";
import type { BookSnapshot, CandleSeries } from "../core/market-types.js";
import type { Rng } from "../core/rng.js";
import { type BarNoise, type BookBarTerms, barNoise, bookBarTerms } from "./book-bar-terms.js";
import { SPREAD_SOURCES, type SpreadSource } from "./trailing-bar-stats.js";
import { invalidParam as bad } from "./venue-errors.js";

export { hashedNormal } from "./book-bar-terms.js";

export type { SpreadSource } from "./trailing-bar-stats.js";

export interface SyntheticBookParams {
  /** Levels per side (K). */
  levels: number;
  /** Level spacing in bps of the mid (at least one tick). */
  levelSpacingBps: number;
  /** p: cumulative depth ∝ distance^p (2 = linear density, the latent-book shape). */
  depthExponent: number;
  /** κ: fraction of a bar's volume resting within one bar-sigma of the touch (for p = 2). */
  depthScale: number;
  /** ν: lognormal sigma of the per-level depth noise. */
  levelNoise: number;
  /** ν_b: lognormal sigma of the per-bar depth factor. */
  barNoise: number;
  /** Trailing window (bars) for volume, volatility and spread. */
  windowBars: number;
  /** Where the half-spread comes from. */
  spread: SpreadSource;
  /** Half-spread in bps for spread = "fixed", and the fallback when no trailing pair exists. */
  halfSpreadBps: number;
  /** Tick size in price units; 0 = automatic (10^(floor(log10(first open)) − 5)). */
  tickSize: number;
  /** Floor on the per-bar volatility in bps (a flat series would otherwise have infinite depth). */
  minVolatilityBps: number;
}

export const DEFAULT_SYNTHETIC_BOOK: Readonly<SyntheticBookParams> = Object.freeze({
  levels: 400,
  levelSpacingBps: 1,
  depthExponent: 2,
  depthScale: 0.5,
  levelNoise: 0.3,
  barNoise: 0.2,
  windowBars: 30,
  spread: "corwin-schultz",
  halfSpreadBps: 0.5,
  tickSize: 0,
  minVolatilityBps: 0.5,
});

/** Merge user parameters over the defaults and validate them; the result is frozen. */
export function resolveSyntheticBookParams(
  p: Partial<SyntheticBookParams> = {},
): Readonly<SyntheticBookParams> {
  const r: SyntheticBookParams = { ...DEFAULT_SYNTHETIC_BOOK, ...stripUndefined(p) };
  if (!(Number.isInteger(r.levels) && r.levels >= 1 && r.levels <= 100_000))
    throw bad("levels", "must be an integer in [1, 100000]", r.levels);
  if (!(r.levelSpacingBps > 0 && r.levelSpacingBps <= 1000))
    throw bad("levelSpacingBps", "must be in (0, 1000] bps", r.levelSpacingBps);
  if (!(r.depthExponent >= 1 && r.depthExponent <= 4))
    throw bad("depthExponent", "must be in [1, 4] (2 = linear depth density)", r.depthExponent);
  if (!(r.depthScale > 0 && Number.isFinite(r.depthScale)))
    throw bad("depthScale", "must be a finite number > 0 (e.g. 0.1)", r.depthScale);
  if (!(r.levelNoise >= 0 && r.levelNoise <= 3)) throw bad("levelNoise", "must be in [0, 3]", r.levelNoise);
  if (!(r.barNoise >= 0 && r.barNoise <= 3)) throw bad("barNoise", "must be in [0, 3]", r.barNoise);
  if (!(Number.isInteger(r.windowBars) && r.windowBars >= 1))
    throw bad("windowBars", "must be an integer >= 1", r.windowBars);
  if (!SPREAD_SOURCES.includes(r.spread))
    throw bad("spread", 'must be "corwin-schultz", "abdi-ranaldo", "fixed" or "tick"', r.spread);
  if (!(r.halfSpreadBps >= 0 && Number.isFinite(r.halfSpreadBps)))
    throw bad("halfSpreadBps", "must be a finite number >= 0", r.halfSpreadBps);
  if (!(r.tickSize >= 0 && Number.isFinite(r.tickSize)))
    throw bad("tickSize", "must be >= 0 (0 = automatic)", r.tickSize);
  if (!(r.minVolatilityBps > 0 && Number.isFinite(r.minVolatilityBps)))
    throw bad("minVolatilityBps", "must be a finite number > 0", r.minVolatilityBps);
  return Object.freeze(r);
}

export function stripUndefined<T extends object>(p: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Automatic tick: a power of ten about 0.1–1 bp of the price (0.1 for BTC near 60 000). */
export function autoTickSize(price: number): number {
  if (!(price > 0 && Number.isFinite(price))) return 0;
  return 10 ** (Math.floor(Math.log10(price)) - 5);
}

/** Largest k in [0, K−1] with cum[k] <= c (cum ascending, cum[0] = 0, length K+1); c in [0, cum[K]). */
export function findLevel(cum: Float64Array, K: number, c: number): number {
  let lo = 0;
  let hi = K - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cum[mid]! <= c) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** `findLevel` that first tries `hint` and its upper neighbour (positions move little between calls). */
export function findLevelNear(cum: Float64Array, K: number, c: number, hint: number): number {
  if (hint >= 0 && hint < K && cum[hint]! <= c) {
    if (hint + 1 >= K || c < cum[hint + 1]!) return hint;
    if (hint + 2 >= K || c < cum[hint + 2]!) return hint + 1;
  }
  return findLevel(cum, K, c);
}

/**
 * k^p and k^(p+1)/(1 + 1/p) for k = 0..K: the same for every book of K levels and exponent p, so they
 * are computed once per (K, p) and shared, read only, by the books of this thread (a venue is made per
 * parent and strategy: this spares two arrays and a loop of K powers each time).
 */
const LEVEL_POWERS = new Map<string, readonly [Float64Array, Float64Array]>();

function levelPowers(K: number, p: number, aExp: number): readonly [Float64Array, Float64Array] {
  const key = `${K}|${p}`;
  let out = LEVEL_POWERS.get(key);
  if (out === undefined) {
    const powK = new Float64Array(K + 1);
    const powA = new Float64Array(K + 1);
    const integer = Number.isInteger(p);
    for (let k = 0; k <= K; k++) {
      let kp = 1;
      if (integer) for (let j = 0; j < p; j++) kp *= k;
      else kp = k ** p;
      powK[k] = kp;
      powA[k] = (kp * k) / aExp;
    }
    out = [powK, powA];
    if (LEVEL_POWERS.size >= 64) LEVEL_POWERS.clear();
    LEVEL_POWERS.set(key, out);
  }
  return out;
}

export class SyntheticBookModel {
  readonly params: Readonly<SyntheticBookParams>;
  readonly K: number;
  /** Cumulative latent depth in level units, index k = depth of levels [0, k); ask side. */
  readonly askCum: Float64Array;
  readonly bidCum: Float64Array;
  /** ∫ X dc over [0, cum[k]] (level units²): the integral of the displacement, per side. */
  readonly askInt: Float64Array;
  readonly bidInt: Float64Array;
  private readonly powK: Float64Array;
  /** k^(p+1) / (1 + 1/p): the bin integrals of the noise-free shape. */
  private readonly powA: Float64Array;
  private readonly aExp: number;
  /**
   * Last level found, per side and hint slot (index 2·slot + side, side 0 ask, 1 bid): the start of the
   * next search. Callers that look at two different depths alternately (the whole hole and its permanent
   * part) use one slot each, so neither keeps moving the other's hint.
   */
  private readonly hints = new Int32Array(4);
  /** Set by `levelsAndIntegralAt`: the integral at c and the level holding c (K beyond the last level). */
  integralOut = 0;
  levelOut = 0;
  private readonly invP: number;
  /** The seed-independent per-bar terms, shared per series and parameters (book-bar-terms.ts). */
  private terms: BookBarTerms | undefined;
  /** η_i for this venue's seed, shared by the venues reset with the same seed (book-bar-terms.ts). */
  private noise: BarNoise | undefined;
  private seed = 0;
  /** Level spacing as a fraction of the mid (after the tick floor). */
  spacingRel = 0;
  /** Tick size in price units used for this series. */
  tick = 0;
  // cached per-bar state
  private cachedBar = -2;
  private unit = 0;
  private hRel = 0;

  constructor(params: Partial<SyntheticBookParams> = {}) {
    this.params = resolveSyntheticBookParams(params);
    const K = this.params.levels;
    this.K = K;
    this.askCum = new Float64Array(K + 1);
    this.bidCum = new Float64Array(K + 1);
    this.askInt = new Float64Array(K + 1);
    this.bidInt = new Float64Array(K + 1);
    const p = this.params.depthExponent;
    this.invP = 1 / p;
    this.aExp = 1 + 1 / p;
    [this.powK, this.powA] = levelPowers(K, p, this.aExp);
  }

  /** Prepare for a series: trailing statistics, the tick, and fresh level noise from `rng`. */
  prepare(series: CandleSeries, rng: Rng): void {
    if (series.length === 0) {
      throw new ExecsimError(
        "INSUFFICIENT_DATA",
        `series ${series.symbol} is empty: load candles for the range before simulating (execsim data ...)`,
      );
    }
    const p0 = series.open[0]!;
    this.tick = this.params.tickSize > 0 ? this.params.tickSize : autoTickSize(p0);
    this.spacingRel = Math.max(this.params.levelSpacingBps * 1e-4, p0 > 0 ? this.tick / p0 : 0);
    this.terms = bookBarTerms(series, { ...this.params, spacingRel: this.spacingRel });
    const nu = this.params.levelNoise;
    const drift = (nu * nu) / 2;
    const K = this.K;
    const pk = this.powK;
    const pa = this.powA;
    for (let side = 0; side < 2; side++) {
      const cum = side === 0 ? this.askCum : this.bidCum;
      const int = side === 0 ? this.askInt : this.bidInt;
      cum[0] = 0;
      int[0] = 0;
      for (let k = 0; k < K; k++) {
        const eps = nu > 0 ? Math.exp(nu * rng.normal() - drift) : 1;
        cum[k + 1] = cum[k]! + (pk[k + 1]! - pk[k]!) * eps;
        int[k + 1] = int[k]! + (pa[k + 1]! - pa[k]!) * eps;
      }
    }
    this.seed = Math.floor(rng.uniform() * 4294967296) >>> 0;
    this.noise = this.params.barNoise > 0 ? barNoise(series, this.seed, this.params.barNoise) : undefined;
    this.cachedBar = -2;
  }

  /** Compute (and cache) the state of bar i: the shared terms times this venue's noise factor η_i. */
  private barState(i: number): void {
    if (i === this.cachedBar) return;
    const t = this.terms!;
    if (!t.isSet(i)) t.compute(i);
    const noise = this.noise;
    this.unit = noise === undefined ? t.base(i) : t.base(i) * noise.at(i);
    this.hRel = t.hRel(i);
    this.cachedBar = i;
  }

  /** Base units of depth per level unit at bar i (u_i). */
  depthUnit(i: number): number {
    this.barState(i);
    return this.unit;
  }

  /** Half-spread in price units at bar i around `mid` (floored at half a tick). */
  halfSpread(i: number, mid: number): number {
    this.barState(i);
    return Math.max(this.hRel * mid, this.tick / 2);
  }

  /** Trailing volatility per bar (fraction) used for bar i's depth. */
  sigma(i: number): number {
    return this.terms!.sigma(i);
  }

  /** Trailing mean bar volume used for bar i's depth. */
  volume(i: number): number {
    return this.terms!.volume(i);
  }

  /**
   * The level holding cumulative depth c on a side (c in [0, cum[K])), using and updating the side's hint
   * in `slot` (0 or 1; the hint changes only the search's speed, never its result).
   */
  locate(cum: Float64Array, c: number, slot = 0): number {
    const h = 2 * slot + (cum === this.askCum ? 0 : 1);
    const k = findLevelNear(cum, this.K, c, this.hints[h]!);
    this.hints[h] = k;
    return k;
  }

  /**
   * Distance (level units) covered by `c` >= 0 level units of cumulative depth on a side: the inverse of
   * the cumulative profile, interpolated as x^p inside a level; beyond the last level the noise-free
   * shape continues.
   */
  levelsAt(cum: Float64Array, c: number, slot = 0): number {
    if (!(c > 0)) return 0;
    if (c >= cum[this.K]!) return this.root(this.powK[this.K]! + (c - cum[this.K]!));
    const k = this.locate(cum, c, slot);
    const pk = this.powK;
    const lo = cum[k]!;
    const frac = (c - lo) / (cum[k + 1]! - lo);
    return this.root(pk[k]! + frac * (pk[k + 1]! - pk[k]!));
  }

  /** v^(1/p): the distance whose noise-free cumulative depth is v (kept small so that it inlines). */
  private root(v: number): number {
    return this.invP === 0.5 ? Math.sqrt(v) : v ** this.invP;
  }

  /**
   * `levelsAt(cum, c)` and `integralAt(cum, int, c)` at once for c > 0 (one search, one root), with the
   * same bits as the two calls: returns X(c); the integral goes to `integralOut` and the level holding c
   * to `levelOut` (K when c is beyond the last level).
   */
  levelsAndIntegralAt(cum: Float64Array, int: Float64Array, c: number): number {
    if (c >= cum[this.K]!) return this.levelsAndIntegralBeyond(cum, int, c);
    const pk = this.powK;
    const a = this.aExp;
    const k = this.locate(cum, c);
    const lo = cum[k]!;
    const width = cum[k + 1]! - lo;
    const dp = pk[k + 1]! - pk[k]!;
    const v = pk[k]! + ((c - lo) / width) * dp;
    const half = this.invP === 0.5;
    const x = half ? Math.sqrt(v) : v ** this.invP;
    const va = half ? v * x : v ** a;
    this.integralOut = int[k]! + ((width / dp) * (va - this.powA[k]! * a)) / a;
    this.levelOut = k;
    return x;
  }

  /** `levelsAndIntegralAt` beyond the last level (the noise-free continuation). */
  private levelsAndIntegralBeyond(cum: Float64Array, int: Float64Array, c: number): number {
    const K = this.K;
    const pk = this.powK;
    const a = this.aExp;
    const v = pk[K]! + (c - cum[K]!);
    this.integralOut = int[K]! + (v ** a - pk[K]! ** a) / a;
    this.levelOut = K;
    return this.root(v);
  }

  /** Cumulative depth (level units) within `x` >= 0 level units: the inverse of `levelsAt`. */
  cumAt(cum: Float64Array, x: number): number {
    if (!(x > 0)) return 0;
    const K = this.K;
    const pk = this.powK;
    const v = this.invP === 0.5 ? x * x : x ** this.params.depthExponent;
    if (x >= K) return cum[K]! + (v - pk[K]!);
    const k = Math.floor(x);
    const frac = (v - pk[k]!) / (pk[k + 1]! - pk[k]!);
    return cum[k]! + frac * (cum[k + 1]! - cum[k]!);
  }

  /**
   * ∫₀ᶜ X(c′) dc′ (level units²) on a side, with X = `levelsAt`: the quote-free cost of walking from
   * the touch to cumulative depth c, in units of (level spacing × depth unit). `int` is askInt/bidInt.
   */
  integralAt(cum: Float64Array, int: Float64Array, c: number): number {
    if (!(c > 0)) return 0;
    this.levelsAndIntegralAt(cum, int, c);
    return this.integralOut;
  }

  /**
   * The latent (untouched) book at bar i around `mid`, `n` levels per side, as a BookSnapshot (for
   * inspection and the realism comparison; allocates).
   */
  snapshot(i: number, mid: number, timeMs: number, n = this.K): BookSnapshot {
    const u = this.depthUnit(i);
    const h = this.halfSpread(i, mid);
    const d = this.spacingRel * mid;
    const m = Math.min(n, this.K);
    const bids = [];
    const asks = [];
    for (let k = 0; k < m; k++) {
      asks.push({ price: mid + h + k * d, size: (this.askCum[k + 1]! - this.askCum[k]!) * u });
      bids.push({ price: mid - h - k * d, size: (this.bidCum[k + 1]! - this.bidCum[k]!) * u });
    }
    return { timeMs, bids, asks };
  }

  describe(): Record<string, unknown> {
    return { ...this.params, tickUsed: this.tick, spacingRelUsed: this.spacingRel };
  }
}
