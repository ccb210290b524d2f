/**
 * Parametric fill venues: a formula instead of a book, for users who want a named impact model
 * (`--impact sqrt|almgren-chriss|propagator|none`). All of them share the world of the book venue: the
 * historical mid on the sub-bar path (sub-bar-path.ts) and trailing per-bar statistics
 * (trailing-bar-stats.ts: mean bar volume V̄, Parkinson volatility per bar σ̄, Corwin-Schultz spread),
 * and fill the whole child order (no book to run out of). With a limit price L they fill the largest
 * part q* ≤ q whose LAST unit is within L (the worst price, as the engine's contract requires: a buy
 * never pays more than L for any unit, a sell never receives less), in closed form per formula (below);
 * nothing when even the first unit is beyond L. Notation: s = +1 buy / −1 sell, m = historical mid, P and T the
 * trader's own permanent and transient impact (price units), h the half-spread, so the trader's mid is
 * m + P + T (midBefore − marketMid = P + T exactly). A formula venue has no price levels:
 * levelsConsumed is 1 when anything filled.
 *
 * Half-spread (all venues): spread = "corwin-schultz" (default) → half the trailing Corwin-Schultz
 * spread over windowBars bars (halfSpreadBps when the window has no pair), "abdi-ranaldo" → half the
 * trailing Abdi-Ranaldo estimate, "fixed" → halfSpreadBps, or "tick" → half a tick (one tick wide);
 * floored at half a tick (tickSize, 0 = automatic as in synthetic-book.ts).
 *
 * NoImpactVenue — fills at m ± h (set spread "fixed" and halfSpreadBps 0 to fill at the mid). No impact.
 *   Limit: all (s·(L − m) ≥ h) or nothing.
 *
 * SquareRootFillVenue — the square-root law as a continuous latent book (square-root-impact.ts),
 * built like the book venue with the book's shape replaced by the law itself:
 *   I(Q) = sign(Q) · η · σ̄ · (|Q| / V̄)^δ          (fraction of the mid; `squareRootFraction`)
 *   Q    = Q_perm + Q_tr: the trader's signed quantity; a fraction φ of every trade stays in Q_perm for
 *          good, the rest decays: Q_tr(t) = Σ_j (1 − φ) q_j exp(−ρ (t − t_j)), ρ = ln 2 / halfLifeMs
 *   P    = permanent impact, price units: at each trade P += m·(I(Q_perm after) − I(Q_perm before))
 *   T    = m·(I(Q) − I(Q_perm));  anchor a = m + P − m·I(Q_perm), so the trader's mid is a + m·I(Q)
 *   a child of q moves Q from Q0 to Q1 = Q0 + s·q and fills at the average of the curve:
 *   avg = a + s·h + m · (G(Q1) − G(Q0)) / (Q1 − Q0),   G(x) = x·I(x)/(δ+1)  (so G' = I)
 *   Limit: the marginal price a + s·h + m·I(Q) reaches L at Q* = I⁻¹((L − a − s·h)/m),
 *   I⁻¹(y) = sign(y)·V̄·(|y|/(ησ̄))^(1/δ), so q* = s·(Q* − Q0).
 *   Splitting a child at one instant costs exactly the block (Q is additive). σ̄ and V̄ are per bar:
 *   η σ̄ (Q/V̄)^δ is the same number with daily σ and V when δ = 1/2 (σ ∝ √t, V ∝ t), so η keeps its
 *   usual (daily) meaning for the square root.
 *   Defaults: η = 0.5, δ = 0.5 (SQUARE_ROOT_DEFAULTS), half-life 30 min, φ = 0.2.
 *
 * AlmgrenChrissFillVenue — Almgren & Chriss (2000) linear impact (linear-impact.ts), time unit one day:
 *   a child of q traded over one bar (τ = bar length in days, v = q/τ):
 *   avg = m + P + s·(ε + η·v),    then P ← P + s·γ·q   (permanent g(v)·τ = γq; transient T ≡ 0)
 *   (one price for the whole child, worst = avg). Limit: q* = τ·(s·(L − m − P) − ε)/η, where avg = L.
 *   ε defaults to the venue's half-spread h at the time (halfSpread reports it); η and γ default to the
 *   paper's rules of thumb with the series' own statistics at the first trade: η = 2h/(0.01·V_day)
 *   (trading 1 % of daily volume costs one spread) and γ = 2h/(0.1·V_day) (10 % of daily volume moves the
 *   price by one spread), V_day = V̄ · bars per day. Give eta, gamma, epsilon (price units) to override.
 *
 * PropagatorFillVenue — the linear propagator (transient-impact.ts; Bouchaud et al. 2004):
 *   D(t) = Σ_j λ s_j q_j G(t − t_j),   avg = m + s·h + D(t−) + s·λq/2,   then D ← D + s·λq
 *   (worst = m + s·h + D(t−) + s·λq). Limit: q* = (s·(L − m − D(t−)) − h)/λ.
 *   G the power-law kernel (ℓ0, β) by default or exponential; T = D, P ≡ 0. λ (price per base unit)
 *   defaults to lambdaScale · σ̄·m / V̄ at the first trade (one bar's volume moves the price by one bar
 *   sigma when lambdaScale = 1) and is then fixed for the run (superposition needs a constant λ).
 *   Power-law history: the last maxImpulses impulses (impulse-history.ts), the two oldest merged at
 *   their weighted mean time when full.
 *
 * Limitations: no partial fills except at a limit price; stats are trailing per bar (bar 0 uses its own bar); the parametric
 * models' costs are only as good as their parameters (see the calibration commands).
 */
import { ExecsimError } from "../core/errors.js";
import type { ExecutionResult, ExecutionVenue } from "../core/execution-types.js";
import { DAY_MS } from "../core/interval.js";
import type { CandleSeries, Side } from "../core/market-types.js";
import type { Rng } from "../core/rng.js";
import { type DecayKernel, exponentialKernelFromHalfLife, powerLawKernel } from "../impact/decay-kernels.js";
import { temporaryImpact } from "../impact/linear-impact.js";
import { SQUARE_ROOT_DEFAULTS, squareRootFraction } from "../impact/square-root-impact.js";
import { ImpulseHistory } from "./impulse-history.js";
import { SubBarClock } from "./sub-bar-path.js";
import { autoTickSize, type SpreadSource, stripUndefined } from "./synthetic-book.js";
import { SPREAD_SOURCES, TrailingBarStats } from "./trailing-bar-stats.js";
import {
  invalidParam as bad,
  invalidLimitPriceError,
  invalidOrderQtyError,
  venueNotReadyError,
  venueTimeBackError,
} from "./venue-errors.js";

export interface SpreadParams {
  spread: SpreadSource;
  halfSpreadBps: number;
  windowBars: number;
  tickSize: number;
  /** Floor on the per-bar volatility (bps). */
  minVolatilityBps: number;
}

export const DEFAULT_SPREAD_PARAMS: Readonly<SpreadParams> = Object.freeze({
  spread: "corwin-schultz",
  halfSpreadBps: 0.5,
  windowBars: 30,
  tickSize: 0,
  minVolatilityBps: 0.5,
});

function checkSpread(r: SpreadParams): void {
  if (!SPREAD_SOURCES.includes(r.spread))
    throw bad("spread", 'must be "corwin-schultz", "abdi-ranaldo", "fixed" or "tick"', r.spread);
  if (!(r.halfSpreadBps >= 0 && Number.isFinite(r.halfSpreadBps)))
    throw bad("halfSpreadBps", "must be a finite number >= 0", r.halfSpreadBps);
  if (!(Number.isInteger(r.windowBars) && r.windowBars >= 1))
    throw bad("windowBars", "must be an integer >= 1", r.windowBars);
  if (!(r.tickSize >= 0 && Number.isFinite(r.tickSize)))
    throw bad("tickSize", "must be >= 0 (0 = automatic)", r.tickSize);
  if (!(r.minVolatilityBps > 0 && Number.isFinite(r.minVolatilityBps)))
    throw bad("minVolatilityBps", "must be a finite number > 0", r.minVolatilityBps);
}

function optPositive(x: number | undefined, what: string): void {
  if (x !== undefined && !(x >= 0 && Number.isFinite(x))) throw bad(what, "must be a finite number >= 0", x);
}

/** What a concrete formula decides for one child order. */
interface FormulaFill {
  /** Average fill price. */
  avg: number;
  /** Price of the last unit (worst). */
  worst: number;
  /** Own impact after the trade. */
  permanentAfter: number;
  transientAfter: number;
}

/** The shared world: clock, trailing stats, spread, limit handling and the result record. */
abstract class FormulaVenueBase implements ExecutionVenue {
  abstract readonly name: string;
  protected readonly spreadParams: Readonly<SpreadParams>;
  protected readonly clock = new SubBarClock();
  protected readonly stats = new TrailingBarStats();
  protected ready = false;
  protected tick = 0;
  protected permanent = 0;
  private readonly scratch: FormulaFill = { avg: 0, worst: 0, permanentAfter: 0, transientAfter: 0 };

  constructor(spread: Partial<SpreadParams>) {
    const r = { ...DEFAULT_SPREAD_PARAMS, ...stripUndefined(spread) };
    checkSpread(r);
    this.spreadParams = Object.freeze(r);
  }

  reset(series: CandleSeries, _rng: Rng): void {
    if (series.length === 0) {
      throw new ExecsimError(
        "INSUFFICIENT_DATA",
        `series ${series.symbol} is empty: load candles for the range before simulating`,
      );
    }
    this.stats.prepare(series);
    this.clock.reset(series);
    const p0 = series.open[0]!;
    this.tick = this.spreadParams.tickSize > 0 ? this.spreadParams.tickSize : autoTickSize(p0);
    this.permanent = 0;
    this.resetState();
    this.ready = true;
  }

  protected abstract resetState(): void;
  /** Decay transient state over dt ms (called before the clock moves). */
  protected abstract elapse(dtMs: number): void;
  /** Transient impact now (price units). */
  protected abstract transient(): number;
  /** Compute the fill of `qty` (> 0) into `out` without changing state (`t0` = transient() now). */
  protected abstract fill(s: 1 | -1, qty: number, t0: number, out: FormulaFill): void;
  /** Apply a fill computed by `fill`. */
  protected abstract commit(s: 1 | -1, qty: number, out: FormulaFill): void;
  /**
   * Largest quantity whose last unit is within `limit` (≥ 0; +Infinity when any size is; 0 when even the
   * first unit is beyond it), without changing state (`t0` = transient() now).
   */
  protected abstract qtyWithin(s: 1 | -1, limit: number, t0: number): number;

  protected requireReady(): void {
    if (!this.ready) throw venueNotReadyError();
  }

  advanceTo(timeMs: number): void {
    this.requireReady();
    const now = this.clock.timeMs;
    if (!(timeMs >= now)) throw venueTimeBackError(now, timeMs);
    if (now > Number.NEGATIVE_INFINITY && timeMs > now) this.elapse(timeMs - now);
    this.clock.advanceTo(timeMs);
  }

  marketMid(): number {
    this.requireReady();
    return this.clock.mid();
  }

  /** Trailing per-bar volatility (fraction, floored) at the current bar. */
  protected sigmaNow(): number {
    return this.stats.sigmaFloored(
      this.clock.dataBar(),
      this.spreadParams.windowBars,
      this.spreadParams.minVolatilityBps,
    );
  }

  /** Trailing mean bar volume at the current bar. */
  protected volumeNow(): number {
    return this.stats.volume(this.clock.dataBar(), this.spreadParams.windowBars);
  }

  halfSpread(): number {
    this.requireReady();
    const sp = this.spreadParams;
    const hRel = this.stats.halfSpreadRel(this.clock.dataBar(), sp.windowBars, sp.spread, sp.halfSpreadBps);
    return Math.max(hRel * this.clock.mid(), this.tick / 2);
  }

  ownImpact(): { permanent: number; transient: number } {
    this.requireReady();
    return { permanent: this.permanent, transient: this.transient() };
  }

  mid(): number {
    this.requireReady();
    return this.clock.mid() + this.permanent + this.transient();
  }

  quote(side: Side, qtyBase: number): ExecutionResult {
    return this.run(side, qtyBase, undefined, false);
  }

  execute(side: Side, qtyBase: number, limitPrice?: number): ExecutionResult {
    return this.run(side, qtyBase, limitPrice, true);
  }

  private run(side: Side, qty: number, limit: number | undefined, commit: boolean): ExecutionResult {
    this.requireReady();
    if (!(qty >= 0 && qty < Number.POSITIVE_INFINITY)) throw invalidOrderQtyError(qty);
    if (limit !== undefined && !(limit > 0 && limit < Number.POSITIVE_INFINITY))
      throw invalidLimitPriceError(limit);
    const m = this.clock.mid();
    const h = this.halfSpread();
    const P0 = this.permanent;
    const T0 = this.transient();
    const s = side === "buy" ? 1 : -1;
    let filled = 0;
    let avg = Number.NaN;
    let worst = Number.NaN;
    let P1 = P0;
    let T1 = T0;
    // With a limit, the part whose worst unit is within it (NaN from a degenerate formula: nothing).
    const q = limit === undefined ? qty : Math.min(qty, Math.max(0, this.qtyWithin(s, limit, T0)));
    if (q > qty * 1e-12) {
      const f = this.scratch;
      this.fill(s, q, T0, f);
      // q* puts the worst price on the limit up to float rounding: never report a price beyond it.
      const ok =
        limit === undefined || (s > 0 ? f.worst <= limit * (1 + 1e-13) : f.worst >= limit * (1 - 1e-13));
      if (ok) {
        if (commit) this.commit(s, q, f);
        filled = q;
        avg = f.avg;
        worst = f.worst;
        P1 = f.permanentAfter;
        T1 = f.transientAfter;
      }
    }
    return {
      requestedQtyBase: qty,
      filledQtyBase: filled,
      notionalQuote: filled > 0 ? avg * filled : 0,
      avgPrice: avg,
      worstPrice: worst,
      levelsConsumed: filled > 0 ? 1 : 0,
      marketMid: m,
      midBefore: m + P0 + T0,
      midAfter: m + P1 + T1,
      halfSpread: h,
      permanentImpactBefore: P0,
      transientImpactBefore: T0,
    };
  }

  abstract describe(): Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------

export type NoImpactParams = SpreadParams;

export class NoImpactVenue extends FormulaVenueBase {
  readonly name = "none";

  constructor(params: Partial<NoImpactParams> = {}) {
    super(params);
  }

  protected resetState(): void {}
  protected elapse(): void {}
  protected transient(): number {
    return 0;
  }

  protected fill(s: 1 | -1, _qty: number, _t0: number, out: FormulaFill): void {
    const px = this.clock.mid() + s * this.halfSpread();
    out.avg = px;
    out.worst = px;
    out.permanentAfter = 0;
    out.transientAfter = 0;
  }

  protected commit(): void {}

  protected qtyWithin(s: 1 | -1, limit: number): number {
    return s * (limit - this.clock.mid()) >= this.halfSpread() ? Number.POSITIVE_INFINITY : 0;
  }

  describe(): Record<string, unknown> {
    return { venue: this.name, ...this.spreadParams };
  }
}

// ---------------------------------------------------------------------------------------------------

export interface SquareRootFillParams extends SpreadParams {
  /** η, dimensionless impact coefficient. */
  eta: number;
  /** δ, exponent. */
  delta: number;
  /** Half-life of the trader's accumulated quantity Q, ms. */
  halfLifeMs: number;
  /** φ: fraction of each move that is permanent. */
  permanentFraction: number;
}

export const DEFAULT_SQUARE_ROOT_FILL: Readonly<SquareRootFillParams> = Object.freeze({
  ...DEFAULT_SPREAD_PARAMS,
  eta: SQUARE_ROOT_DEFAULTS.eta,
  delta: SQUARE_ROOT_DEFAULTS.delta,
  halfLifeMs: 30 * 60_000,
  permanentFraction: 0.2,
});

export class SquareRootFillVenue extends FormulaVenueBase {
  readonly name = "sqrt";
  readonly params: Readonly<SquareRootFillParams>;
  private readonly rho: number;
  /** Permanent (never decaying) and decaying parts of the trader's signed quantity, base units. */
  private qPerm = 0;
  private qTr = 0;

  constructor(params: Partial<SquareRootFillParams> = {}) {
    super(params);
    const r = { ...DEFAULT_SQUARE_ROOT_FILL, ...stripUndefined(params) };
    if (!(r.eta >= 0 && Number.isFinite(r.eta))) throw bad("eta", "must be a finite number >= 0", r.eta);
    if (!(r.delta > 0 && r.delta <= 2)) throw bad("delta", "must be in (0, 2] (0.5 = square root)", r.delta);
    if (!(r.halfLifeMs > 0)) throw bad("halfLifeMs", "must be > 0 ms (Infinity = no decay)", r.halfLifeMs);
    if (!(r.permanentFraction >= 0 && r.permanentFraction <= 1))
      throw bad("permanentFraction", "must be in [0, 1]", r.permanentFraction);
    this.params = Object.freeze(r);
    this.rho = Number.isFinite(r.halfLifeMs) ? Math.LN2 / r.halfLifeMs : 0;
  }

  protected resetState(): void {
    this.qPerm = 0;
    this.qTr = 0;
  }

  protected elapse(dtMs: number): void {
    if (this.rho > 0 && this.qTr !== 0) this.qTr *= Math.exp(-this.rho * dtMs);
  }

  /** I(q) at the current bar's σ̄ and V̄ (fraction of the mid). */
  private impactFraction(q: number): number {
    const vol = this.volumeNow();
    return vol > 0 ? squareRootFraction(this.sigmaNow(), this.params.eta, this.params.delta, q, vol) : 0;
  }

  protected transient(): number {
    return this.clock.mid() * (this.impactFraction(this.qPerm + this.qTr) - this.impactFraction(this.qPerm));
  }

  protected fill(s: 1 | -1, qty: number, t0: number, out: FormulaFill): void {
    const m = this.clock.mid();
    const h = this.halfSpread();
    const d1 = this.params.delta + 1;
    const q0 = this.qPerm + this.qTr;
    const q1 = q0 + s * qty;
    const i0 = this.impactFraction(q0);
    const i1 = this.impactFraction(q1);
    // anchor = m + P − m·I(Q_perm); the trader's mid is anchor + m·I(Q) = m + P + t0
    const anchor = m + this.permanent + t0 - m * i0;
    out.avg = anchor + s * h + (m * ((q1 * i1) / d1 - (q0 * i0) / d1)) / (q1 - q0);
    out.worst = anchor + s * h + m * i1;
    const qp1 = this.qPerm + this.params.permanentFraction * s * qty;
    out.permanentAfter = this.permanent + m * (this.impactFraction(qp1) - this.impactFraction(this.qPerm));
    out.transientAfter = anchor + m * i1 - m - out.permanentAfter;
  }

  protected qtyWithin(s: 1 | -1, limit: number, t0: number): number {
    const m = this.clock.mid();
    const h = this.halfSpread();
    const q0 = this.qPerm + this.qTr;
    const anchor = m + this.permanent + t0 - m * this.impactFraction(q0);
    const y = (limit - anchor - s * h) / m; // I(Q*) at the limit
    const vol = this.volumeNow();
    const scale = this.params.eta * this.sigmaNow(); // I(V̄) = ησ̄
    if (!(vol > 0 && scale > 0)) return s * y >= 0 ? Number.POSITIVE_INFINITY : 0; // flat curve
    const qStar = Math.sign(y) * vol * (Math.abs(y) / scale) ** (1 / this.params.delta);
    return s * (qStar - q0);
  }

  protected commit(s: 1 | -1, qty: number, out: FormulaFill): void {
    const phi = this.params.permanentFraction;
    this.permanent = out.permanentAfter;
    this.qPerm += phi * s * qty;
    this.qTr += (1 - phi) * s * qty;
  }

  describe(): Record<string, unknown> {
    return { venue: this.name, ...this.params };
  }
}

// ---------------------------------------------------------------------------------------------------

export interface AlmgrenChrissFillParams extends SpreadParams {
  /** γ, permanent impact per base unit (price/base); undefined = rule of thumb. */
  gamma?: number;
  /** η, temporary impact per unit of trading rate (price per base/day); undefined = rule of thumb. */
  eta?: number;
  /** ε, fixed cost per unit (price); undefined = the venue's half-spread at the time. */
  epsilon?: number;
}

export class AlmgrenChrissFillVenue extends FormulaVenueBase {
  readonly name = "almgren-chriss";
  readonly params: Readonly<AlmgrenChrissFillParams>;
  private gamma = Number.NaN;
  private eta = Number.NaN;

  constructor(params: Partial<AlmgrenChrissFillParams> = {}) {
    super(params);
    const r = { ...DEFAULT_SPREAD_PARAMS, ...stripUndefined(params) };
    optPositive(r.gamma, "gamma (price per base unit)");
    optPositive(r.eta, "eta (price per base unit per day)");
    optPositive(r.epsilon, "epsilon (price)");
    this.params = Object.freeze(r);
  }

  protected resetState(): void {
    this.gamma = this.params.gamma ?? Number.NaN;
    this.eta = this.params.eta ?? Number.NaN;
  }

  protected elapse(): void {}
  protected transient(): number {
    return 0;
  }

  /** Fix γ and η from the series' statistics at the first trade (rules of thumb), unless given. */
  private coefficients(): void {
    if (!Number.isNaN(this.gamma) && !Number.isNaN(this.eta)) return;
    const s = this.clock.series!;
    const vDay = this.volumeNow() * (DAY_MS / s.intervalMs);
    const spread = 2 * this.halfSpread();
    if (!(vDay > 0)) {
      throw new ExecsimError(
        "INSUFFICIENT_DATA",
        "the Almgren-Chriss venue derives eta and gamma from the traded volume, which is 0 here: pass eta and gamma explicitly",
      );
    }
    if (Number.isNaN(this.eta)) this.eta = spread / (0.01 * vDay);
    if (Number.isNaN(this.gamma)) this.gamma = spread / (0.1 * vDay);
  }

  protected fill(s: 1 | -1, qty: number, _t0: number, out: FormulaFill): void {
    this.coefficients();
    const series = this.clock.series!;
    const tauDays = series.intervalMs / DAY_MS;
    const eps = this.params.epsilon ?? this.halfSpread();
    const px = this.clock.mid() + this.permanent + temporaryImpact(eps, this.eta, (s * qty) / tauDays);
    out.avg = px;
    out.worst = px;
    out.permanentAfter = this.permanent + s * this.gamma * qty;
    out.transientAfter = 0;
  }

  protected commit(_s: 1 | -1, _qty: number, out: FormulaFill): void {
    this.permanent = out.permanentAfter;
  }

  protected qtyWithin(s: 1 | -1, limit: number): number {
    this.coefficients();
    const tauDays = this.clock.series!.intervalMs / DAY_MS;
    const eps = this.params.epsilon ?? this.halfSpread();
    const room = s * (limit - this.clock.mid() - this.permanent) - eps; // price room left for η·v
    if (!(this.eta > 0)) return room >= 0 ? Number.POSITIVE_INFINITY : 0;
    return (room * tauDays) / this.eta;
  }

  describe(): Record<string, unknown> {
    return {
      venue: this.name,
      ...this.params,
      gammaUsed: !Number.isNaN(this.gamma) ? this.gamma : null,
      etaUsed: !Number.isNaN(this.eta) ? this.eta : null,
    };
  }
}

// ---------------------------------------------------------------------------------------------------

export interface PropagatorFillParams extends SpreadParams {
  kernel: "power-law" | "exponential";
  /** Power-law ℓ0 (ms) and β. */
  powerLawL0Ms: number;
  powerLawBeta: number;
  /** Exponential half-life (ms). */
  halfLifeMs: number;
  /** λ in price per base unit; undefined = lambdaScale · σ̄·m/V̄ at the first trade. */
  lambda?: number;
  lambdaScale: number;
  /** Power-law impulses remembered. */
  maxImpulses: number;
}

export const DEFAULT_PROPAGATOR_FILL: Readonly<PropagatorFillParams> = Object.freeze({
  ...DEFAULT_SPREAD_PARAMS,
  kernel: "power-law",
  powerLawL0Ms: 60_000,
  powerLawBeta: 0.5,
  halfLifeMs: 10 * 60_000,
  lambdaScale: 1,
  maxImpulses: 256,
});

export class PropagatorFillVenue extends FormulaVenueBase {
  readonly name = "propagator";
  readonly params: Readonly<PropagatorFillParams>;
  private readonly kernel: DecayKernel;
  private readonly rho: number;
  private lambda = Number.NaN;
  private readonly impulses: ImpulseHistory | undefined;
  /** Exponential kernel: D now. */
  private d = 0;

  constructor(params: Partial<PropagatorFillParams> = {}) {
    super(params);
    const r = { ...DEFAULT_PROPAGATOR_FILL, ...stripUndefined(params) };
    if (r.kernel !== "power-law" && r.kernel !== "exponential")
      throw bad("kernel", 'must be "power-law" or "exponential"', r.kernel);
    optPositive(r.lambda, "lambda (price per base unit)");
    if (!(r.lambdaScale >= 0 && Number.isFinite(r.lambdaScale)))
      throw bad("lambdaScale", "must be a finite number >= 0", r.lambdaScale);
    if (!(Number.isInteger(r.maxImpulses) && r.maxImpulses >= 2))
      throw bad("maxImpulses", "must be an integer >= 2", r.maxImpulses);
    this.params = Object.freeze(r);
    this.kernel =
      r.kernel === "power-law"
        ? powerLawKernel(r.powerLawL0Ms, r.powerLawBeta)
        : exponentialKernelFromHalfLife(r.halfLifeMs);
    this.rho = r.kernel === "exponential" ? Math.LN2 / r.halfLifeMs : 0;
    this.impulses = r.kernel === "power-law" ? new ImpulseHistory(this.kernel, r.maxImpulses) : undefined;
  }

  protected resetState(): void {
    this.lambda = this.params.lambda ?? Number.NaN;
    this.impulses?.clear();
    this.d = 0;
  }

  protected elapse(dtMs: number): void {
    if (this.rho > 0 && this.d !== 0) this.d *= Math.exp(-this.rho * dtMs);
  }

  protected transient(): number {
    return this.impulses === undefined ? this.d : this.impulses.value(this.clock.timeMs);
  }

  private lambdaNow(): number {
    if (!Number.isNaN(this.lambda)) return this.lambda;
    const v = this.volumeNow();
    this.lambda = v > 0 ? (this.params.lambdaScale * this.sigmaNow() * this.clock.mid()) / v : 0;
    return this.lambda;
  }

  protected fill(s: 1 | -1, qty: number, d0: number, out: FormulaFill): void {
    const lam = this.lambdaNow();
    const m = this.clock.mid();
    const h = this.halfSpread();
    out.avg = m + s * h + d0 + (s * lam * qty) / 2;
    out.worst = m + s * h + d0 + s * lam * qty;
    out.permanentAfter = 0;
    out.transientAfter = d0 + s * lam * qty;
  }

  protected qtyWithin(s: 1 | -1, limit: number, d0: number): number {
    const lam = this.lambdaNow();
    const room = s * (limit - this.clock.mid() - d0) - this.halfSpread();
    if (!(lam > 0)) return room >= 0 ? Number.POSITIVE_INFINITY : 0;
    return room / lam;
  }

  protected commit(s: 1 | -1, qty: number, out: FormulaFill): void {
    const lam = this.lambda;
    if (this.rho > 0) {
      this.d = out.transientAfter;
      return;
    }
    this.impulses!.add(this.clock.timeMs, s * lam * qty);
  }

  describe(): Record<string, unknown> {
    return {
      venue: this.name,
      ...this.params,
      kernelParams: this.kernel.params,
      lambdaUsed: !Number.isNaN(this.lambda) ? this.lambda : null,
    };
  }
}
