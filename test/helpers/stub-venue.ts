/**
 * A simple deterministic venue for engine and strategy tests (not a model of any market).
 *
 * Historical mid at time t: the open of the bar that contains t (the open is known from the bar's
 * first instant, so the mid never depends on a bar's later prices); at or after the last bar's
 * close, that bar's close. Half-spread: `halfSpreadBps` of the mid. A taker order for q walks a
 * uniform book of depth 1/(2·eta) per unit price: average price mid ± (h + eta·q), worst price
 * mid ± (h + 2·eta·q). Permanent own impact: ± gamma·q added to the observed mid after each fill.
 * With a limit L only the part with worst price within L fills: q ≤ (±(L − mid) − h) / (2·eta).
 * It records every advanceTo time and throws if time goes backwards.
 */
import type { CandleSeries, ExecutionResult, ExecutionVenue, Rng, Side } from "../../src/index.js";

export interface StubVenueParams {
  halfSpreadBps?: number;
  /** Temporary impact, price units per base unit. */
  eta?: number;
  /** Permanent impact, price units per base unit. */
  gamma?: number;
}

export class StubVenue implements ExecutionVenue {
  readonly name = "stub";
  readonly times: number[] = [];
  private series: CandleSeries | undefined;
  protected t = Number.NEGATIVE_INFINITY;
  private perm = 0;
  private readonly hsBps: number;
  private readonly eta: number;
  private readonly gamma: number;

  constructor(p: StubVenueParams = {}) {
    this.hsBps = p.halfSpreadBps ?? 1;
    this.eta = p.eta ?? 0;
    this.gamma = p.gamma ?? 0;
  }

  reset(series: CandleSeries, _rng: Rng): void {
    this.series = series;
    this.t = Number.NEGATIVE_INFINITY;
    this.perm = 0;
    this.times.length = 0;
  }

  advanceTo(timeMs: number): void {
    if (timeMs < this.t) throw new Error(`stub venue: time went backwards ${this.t} -> ${timeMs}`);
    this.t = timeMs;
    this.times.push(timeMs);
  }

  marketMid(): number {
    const s = this.series!;
    const a = s.openTimeMs;
    // Last bar with open time <= t (the first bar if t is before the data).
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (a[m]! <= this.t) lo = m + 1;
      else hi = m;
    }
    const i = Math.max(0, lo - 1);
    if (this.t >= a[i]! + s.intervalMs) return s.close[i]!;
    return s.open[i]!;
  }

  mid(): number {
    return this.marketMid() + this.perm;
  }

  halfSpread(): number {
    return (this.mid() * this.hsBps) / 1e4;
  }

  ownImpact(): { permanent: number; transient: number } {
    return { permanent: this.perm, transient: 0 };
  }

  private result(side: Side, requested: number, q: number): ExecutionResult {
    const sgn = side === "buy" ? 1 : -1;
    const mid = this.mid();
    const h = this.halfSpread();
    const avg = mid + sgn * (h + this.eta * q);
    return {
      requestedQtyBase: requested,
      filledQtyBase: q,
      notionalQuote: avg * q,
      avgPrice: q > 0 ? avg : Number.NaN,
      worstPrice: q > 0 ? mid + sgn * (h + 2 * this.eta * q) : Number.NaN,
      levelsConsumed: q > 0 ? 1 : 0,
      marketMid: this.marketMid(),
      midBefore: mid,
      midAfter: mid + sgn * this.gamma * q,
      halfSpread: h,
      permanentImpactBefore: this.perm,
      transientImpactBefore: 0,
    };
  }

  quote(side: Side, qtyBase: number): ExecutionResult {
    return this.result(side, qtyBase, qtyBase);
  }

  execute(side: Side, qtyBase: number, limitPrice?: number): ExecutionResult {
    const sgn = side === "buy" ? 1 : -1;
    let q = qtyBase;
    if (limitPrice !== undefined) {
      const room = sgn * (limitPrice - this.mid()) - this.halfSpread();
      if (room < 0) q = 0;
      else if (this.eta > 0) q = Math.min(q, room / (2 * this.eta));
    }
    const r = this.result(side, qtyBase, q);
    this.perm += sgn * this.gamma * q;
    return r;
  }

  describe(): Record<string, unknown> {
    return { kind: "stub", halfSpreadBps: this.hsBps, eta: this.eta, gamma: this.gamma };
  }
}
