/**
 * The seed-independent per-bar terms of the synthetic book (synthetic-book.ts), computed once per
 * series and parameter set and shared by every venue reset on that series:
 *   σ̄_i      = max(trailing Parkinson volatility per bar, minVolatilityBps·1e-4)     (fraction)
 *   V̄_i      = trailing mean bar volume                                               (base units)
 *   base_i   = κ · V̄_i · (Δ/σ̄_i)^p        the depth unit before the per-bar noise factor η_i
 *   hRel_i   = the half-spread as a fraction of the mid (Corwin-Schultz / Abdi-Ranaldo / fixed)
 * A venue's depth unit is u_i = base_i · η_i, with η_i = exp(ν_b z_i − ν_b²/2) and z_i hashed from the
 * venue's seed and i (so different parents still face different books). The η_i of one seed are shared
 * too (`barNoise`): the strategies run on one parent order draw the same seed (common random numbers),
 * so each bar's factor is computed once per parent, not once per strategy. Same arithmetic, same bits
 * as computing everything per venue.
 *
 * Why: a batch of strategies × parents resets one venue per pair on the same series; the trailing
 * statistics and spread estimates of a bar do not depend on the pair, so each is computed once.
 * Values are filled on first use, from the bar asked for to the end of its block of 64 (nothing at
 * prepare, nothing for blocks nobody asks about), and kept in a WeakMap keyed by the series object, one
 * entry per distinct parameter set. Memory: 17 bytes per bar of the blocks asked about, per entry; η: 8 bytes per
 * bar between the first and last bar a seed was asked for, at most MAX_SEEDS seeds per series, after
 * which the seed table starts afresh. As for
 * trailing-bar-stats.ts, a series is treated as immutable once a venue has been reset on it. σ̄_i and
 * V̄_i are not stored: they are O(1) from the trailing statistics. Units as in synthetic-book.ts.
 */
import type { CandleSeries } from "../core/market-types.js";
import { type SpreadSource, TrailingBarStats } from "./trailing-bar-stats.js";

/** The parameters the terms depend on (the synthetic book's, after the tick floor on the spacing). */
export interface BookBarTermParams {
  readonly windowBars: number;
  readonly minVolatilityBps: number;
  readonly depthScale: number;
  readonly depthExponent: number;
  readonly spread: SpreadSource;
  readonly halfSpreadBps: number;
  /** Level spacing as a fraction of the mid. */
  readonly spacingRel: number;
}

/** Bars whose terms one `compute` call sets (i up to the end of its aligned block). */
const TERMS_BLOCK = 64;
const TERMS_SHIFT = 6; // log2(TERMS_BLOCK)

export class BookBarTerms {
  /**
   * Per block of TERMS_BLOCK bars, allocated when the block is first computed: 1 once bar i's terms are
   * set, the depth unit before noise, the relative half-spread (a series of which only some bars are
   * asked about keeps only those blocks).
   */
  private readonly doneBlocks: (Uint8Array | undefined)[];
  private readonly baseBlocks: (Float64Array | undefined)[];
  private readonly hRelBlocks: (Float64Array | undefined)[];
  private readonly stats = new TrailingBarStats();

  constructor(
    private readonly series: CandleSeries,
    private readonly p: BookBarTermParams,
  ) {
    this.stats.prepare(series);
    const blocks = Math.ceil(series.length / TERMS_BLOCK);
    this.doneBlocks = new Array(blocks).fill(undefined);
    this.baseBlocks = new Array(blocks).fill(undefined);
    this.hRelBlocks = new Array(blocks).fill(undefined);
  }

  /** Whether bar i's terms are set. */
  isSet(i: number): boolean {
    return this.doneBlocks[i >> TERMS_SHIFT]?.[i & (TERMS_BLOCK - 1)] === 1;
  }

  /** base_i (set by compute). */
  base(i: number): number {
    return this.baseBlocks[i >> TERMS_SHIFT]![i & (TERMS_BLOCK - 1)]!;
  }

  /** hRel_i (set by compute). */
  hRel(i: number): number {
    return this.hRelBlocks[i >> TERMS_SHIFT]![i & (TERMS_BLOCK - 1)]!;
  }

  /**
   * Set the terms of bar i and of the later bars of its block of TERMS_BLOCK (call when isSet(i) is false):
   * venues walk forward bar by bar, so one call serves the next bars too. Each bar's value is computed
   * on its own, so it does not depend on which bar was asked for first.
   */
  compute(i: number): void {
    const n = this.series.length;
    const b = i >> TERMS_SHIFT;
    let done = this.doneBlocks[b];
    if (done === undefined) {
      done = new Uint8Array(TERMS_BLOCK);
      this.doneBlocks[b] = done;
      this.baseBlocks[b] = new Float64Array(TERMS_BLOCK);
      this.hRelBlocks[b] = new Float64Array(TERMS_BLOCK);
    }
    const lo = b << TERMS_SHIFT;
    const end = Math.min(n, lo + TERMS_BLOCK);
    for (let j = i; j < end; j++) if (done[j - lo] !== 1) this.computeOne(j);
  }

  private computeOne(i: number): void {
    const pr = this.p;
    const vol = this.volume(i);
    const sig = this.sigma(i);
    const p = pr.depthExponent;
    const ratio = pr.spacingRel / sig;
    const b = i >> TERMS_SHIFT;
    const k = i & (TERMS_BLOCK - 1);
    this.baseBlocks[b]![k] = pr.depthScale * vol * (p === 2 ? ratio * ratio : ratio ** p);
    this.hRelBlocks[b]![k] = this.stats.halfSpreadRel(i, pr.windowBars, pr.spread, pr.halfSpreadBps);
    this.doneBlocks[b]![k] = 1;
  }

  /** σ̄_i: the trailing volatility per bar used for bar i's depth (O(1), not stored). */
  sigma(i: number): number {
    return this.stats.sigmaFloored(i, this.p.windowBars, this.p.minVolatilityBps);
  }

  /** V̄_i: the trailing mean bar volume used for bar i's depth (O(1), not stored). */
  volume(i: number): number {
    return this.stats.volume(i, this.p.windowBars);
  }
}

/**
 * The value kept under `key` for `series` in `cache`, made by `make` on first use. With `maxKeys`, a
 * series' table that is full starts afresh before a new key is added.
 */
function perSeries<T>(
  cache: WeakMap<CandleSeries, Map<string, T>>,
  series: CandleSeries,
  key: string,
  make: () => T,
  maxKeys = Number.POSITIVE_INFINITY,
): T {
  let bySeries = cache.get(series);
  if (bySeries === undefined) {
    bySeries = new Map();
    cache.set(series, bySeries);
  }
  let v = bySeries.get(key);
  if (v === undefined) {
    if (bySeries.size >= maxKeys) bySeries.clear();
    v = make();
    bySeries.set(key, v);
  }
  return v;
}

const TERMS = new WeakMap<CandleSeries, Map<string, BookBarTerms>>();

/** The shared terms of `series` under `p` (created on first use). */
export function bookBarTerms(series: CandleSeries, p: BookBarTermParams): BookBarTerms {
  const key = `${series.length}|${p.windowBars}|${p.minVolatilityBps}|${p.depthScale}|${p.depthExponent}|${p.spread}|${p.halfSpreadBps}|${p.spacingRel}`;
  return perSeries(TERMS, series, key, () => new BookBarTerms(series, p));
}

/** One mulberry32 step on state `a`: a uniform in [0, 1). */
function mulberry(a: number): number {
  let t = a >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Standard normal from a 32-bit hash of (seed, i) (Box-Muller): deterministic per bar, no allocation. */
export function hashedNormal(seed: number, i: number): number {
  const a = (seed ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0;
  const u1 = mulberry(a + 0x6d2b79f5);
  const u2 = mulberry(a + 2 * 0x6d2b79f5);
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

/** The per-bar depth factors η_i = exp(ν_b·z_i − ν_b²/2), z_i = hashedNormal(seed, i), of one seed. */
export class BarNoise {
  /** eta[k] is bar lo + k's factor; NaN = not computed yet. */
  private lo = 0;
  private eta = new Float64Array(0);
  private readonly drift: number;

  constructor(
    readonly seed: number,
    readonly nu: number,
  ) {
    this.drift = (nu * nu) / 2;
  }

  /** η_i. */
  at(i: number): number {
    let k = i - this.lo;
    if (!(k >= 0 && k < this.eta.length)) k = this.cover(i);
    let v = this.eta[k]!;
    if (Number.isNaN(v)) {
      v = Math.exp(this.nu * hashedNormal(this.seed, i) - this.drift);
      this.eta[k] = v;
    }
    return v;
  }

  /** Widen the covered range to include bar i (doubling); returns i's offset. */
  private cover(i: number): number {
    const old = this.eta;
    if (old.length === 0) {
      this.lo = i;
      this.eta = new Float64Array(1024).fill(Number.NaN);
      return 0;
    }
    const lo = Math.min(this.lo, i);
    const hi = Math.max(this.lo + old.length, i + 1);
    const next = new Float64Array(Math.max(hi - lo, 2 * old.length)).fill(Number.NaN);
    next.set(old, this.lo - lo);
    this.lo = lo;
    this.eta = next;
    return i - lo;
  }
}

/** Seeds remembered per series before the table starts afresh (bounds memory in long seed sweeps). */
const MAX_SEEDS = 4096;
const NOISE = new WeakMap<CandleSeries, Map<string, BarNoise>>();

/** The shared depth factors of `seed` with lognormal sigma `nu` on `series` (created on first use). */
export function barNoise(series: CandleSeries, seed: number, nu: number): BarNoise {
  return perSeries(NOISE, series, `${seed}|${nu}`, () => new BarNoise(seed, nu), MAX_SEEDS);
}
