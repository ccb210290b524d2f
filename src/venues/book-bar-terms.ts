/**
 * The seed-independent per-bar terms of the synthetic book (synthetic-book.ts), computed once per
 * series and parameter set and shared by every venue reset on that series:
 *   σ̄_i      = max(trailing Parkinson volatility per bar, minVolatilityBps·1e-4)     (fraction)
 *   V̄_i      = trailing mean bar volume                                               (base units)
 *   base_i   = κ · V̄_i · (Δ/σ̄_i)^p        the depth unit before the per-bar noise factor η_i
 *   hRel_i   = the half-spread as a fraction of the mid (Corwin-Schultz / Abdi-Ranaldo / fixed)
 * A venue's depth unit is u_i = base_i · η_i, with η_i hashed from its own seed (so different parents
 * still face different books), which keeps the arithmetic, and therefore the bits, of computing
 * everything per venue.
 *
 * Why: a batch of strategies × parents resets one venue per pair on the same series; the trailing
 * statistics and spread estimates of a bar do not depend on the pair, so each is computed once.
 * Values are filled per bar on first use (nothing at prepare, nothing for bars nobody asks about) and
 * kept in a WeakMap keyed by the series object, one entry per distinct parameter set (memory: 33 bytes
 * per bar of the series per entry). As for trailing-bar-stats.ts, a series is treated as immutable once
 * a venue has been reset on it. Units as in synthetic-book.ts.
 */
import type { CandleSeries } from "../core/market-types";
import { TrailingBarStats } from "./trailing-bar-stats";

/** The parameters the terms depend on (the synthetic book's, after the tick floor on the spacing). */
export interface BookBarTermParams {
  readonly windowBars: number;
  readonly minVolatilityBps: number;
  readonly depthScale: number;
  readonly depthExponent: number;
  readonly spread: "corwin-schultz" | "abdi-ranaldo" | "fixed";
  readonly halfSpreadBps: number;
  /** Level spacing as a fraction of the mid. */
  readonly spacingRel: number;
}

export class BookBarTerms {
  /** 1 once bar i's terms are set. */
  readonly done: Uint8Array;
  readonly base: Float64Array;
  readonly hRel: Float64Array;
  readonly sigma: Float64Array;
  readonly volume: Float64Array;
  private readonly stats = new TrailingBarStats();

  constructor(
    series: CandleSeries,
    private readonly p: BookBarTermParams,
  ) {
    const n = series.length;
    this.done = new Uint8Array(n);
    this.base = new Float64Array(n);
    this.hRel = new Float64Array(n);
    this.sigma = new Float64Array(n);
    this.volume = new Float64Array(n);
    this.stats.prepare(series);
  }

  /** Set bar i's terms (call when done[i] is 0). */
  compute(i: number): void {
    const pr = this.p;
    const W = pr.windowBars;
    const vol = this.stats.volume(i, W);
    const sig = Math.max(this.stats.sigma(i, W), pr.minVolatilityBps * 1e-4);
    const p = pr.depthExponent;
    const ratio = pr.spacingRel / sig;
    this.base[i] = pr.depthScale * vol * (p === 2 ? ratio * ratio : ratio ** p);
    let hRel = pr.halfSpreadBps * 1e-4;
    if (pr.spread !== "fixed") {
      const s = pr.spread === "corwin-schultz" ? this.stats.spread(i, W) : this.stats.spreadAbdiRanaldo(i, W);
      if (!Number.isNaN(s)) hRel = s / 2;
    }
    this.hRel[i] = hRel;
    this.sigma[i] = sig;
    this.volume[i] = vol;
    this.done[i] = 1;
  }
}

const CACHE = new WeakMap<CandleSeries, Map<string, BookBarTerms>>();

/** The shared terms of `series` under `p` (created on first use). */
export function bookBarTerms(series: CandleSeries, p: BookBarTermParams): BookBarTerms {
  let bySeries = CACHE.get(series);
  if (bySeries === undefined) {
    bySeries = new Map();
    CACHE.set(series, bySeries);
  }
  const key = `${series.length}|${p.windowBars}|${p.minVolatilityBps}|${p.depthScale}|${p.depthExponent}|${p.spread}|${p.halfSpreadBps}|${p.spacingRel}`;
  let t = bySeries.get(key);
  if (t === undefined) {
    t = new BookBarTerms(series, p);
    bySeries.set(key, t);
  }
  return t;
}
