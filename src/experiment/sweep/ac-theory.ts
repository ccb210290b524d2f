/**
 * The Almgren-Chriss theoretical frontier of a sweep of the IS strategy, per parent order, from the
 * same σ, η, γ, ε the strategy estimated for that parent.
 *
 * Inputs at the parent's start (acInputsAtStart), as the IS strategy's planAlmgrenChriss sees them:
 * a fresh venue reset on the series with the parent's market stream fork("market/<id>") and moved to
 * the start; the mid the strategy observes = close of the last bar closed at the start (own impact
 * is 0 before the first order); the half-spread = the venue's relative half-spread × that mid; σ, η,
 * γ from almgrenChrissMarketParams over the bars closed at the start (σ = daily vol × mid, η =
 * spread/(1% ADV), γ = spread/(10% ADV)) unless the strategy was given them; ε = the half-spread; the
 * slice grid (N slices of τ, T = N·τ in days) from the strategy's sliceMs / slices.
 *
 * Per point (theoryForPoint): E and V of almgrenChrissSchedule (Almgren & Chriss 2000, §2-3; the same
 * function `execsim schedule --lambda λ` prints, time unit 1 day) with qty X = the parent's size, in
 * bps of the parent's arrival notional X × arrival mid (the TCA's denominator):
 *   meanBps = E / (X·A) · 10⁴,  sdBps = √V / (X·A) · 10⁴,
 * then averaged over the parents (mean of the per-parent bps, as the realized shortfall is).
 * At λ = 0 the strategy estimates nothing (it trades the straight line); the theory still uses the
 * estimates, giving the model's cost and risk of that straight line (the frontier's TWAP end).
 * Limitations: the model's linear impact and arithmetic Brownian motion, not the venue's; a parent
 * whose parameters cannot be estimated (too little history) has no theoretical point and is left out.
 */
import type { ExecutionVenue, ParentOrder } from "../../core/execution-types.js";
import { DAY_MS } from "../../core/interval.js";
import { type CandleSeries, sliceSeries } from "../../core/market-types.js";
import type { Rng } from "../../core/rng.js";
import { almgrenChrissMarketParams } from "../../engine/ac-market-params.js";
import { closedBarCount } from "../../engine/parent-run.js";
import type { SeriesPrefixSums } from "../../engine/pre-start-sums.js";
import { sliceGrid } from "../../engine/schedule-grid.js";
import { almgrenChrissSchedule } from "../../optimize/almgren-chriss.js";

/** What the AC model needs for one parent (λ aside). Units: the day, quote, base. */
export interface AcParentInputs {
  readonly parentId: string;
  readonly qtyBase: number;
  readonly arrivalMid: number;
  /** Mid the strategy observed at the start, quote per base. */
  readonly mid: number;
  readonly sigma: number;
  readonly eta: number;
  readonly gamma: number;
  readonly epsilon: number;
  readonly steps: number;
  readonly horizonDays: number;
}

/** The strategy parameters that change the inputs (negative σ/η/γ = estimate, as in the strategy). */
export interface AcStrategySettings {
  readonly sigma: number;
  readonly eta: number;
  readonly gamma: number;
  readonly sliceMs: number;
  readonly slices: number;
}

/** The AC inputs of one parent, or the reason they cannot be had (too little history, no spread). */
export function acInputsAtStart(
  series: CandleSeries,
  parent: ParentOrder,
  venue: ExecutionVenue,
  marketRng: Rng,
  settings: AcStrategySettings,
  sums?: SeriesPrefixSums,
): AcParentInputs | { readonly parentId: string; readonly error: string } {
  venue.reset(series, marketRng);
  venue.advanceTo(parent.startMs);
  const arrivalMid = venue.marketMid();
  const n = closedBarCount(series, parent.startMs);
  const own = venue.ownImpact();
  const mid = (n > 0 ? series.close[n - 1]! : series.open[0]!) + own.permanent + own.transient;
  const halfSpread = (venue.halfSpread() / venue.mid()) * mid;
  const grid = sliceGrid(parent.startMs, parent.endMs - parent.startMs, {
    sliceMs: settings.sliceMs,
    slices: settings.slices,
    barIntervalMs: series.intervalMs,
  });
  try {
    const p = almgrenChrissMarketParams(
      sliceSeries(series, 0, n),
      mid,
      halfSpread,
      {
        ...(settings.sigma >= 0 ? { sigma: settings.sigma } : {}),
        ...(settings.eta >= 0 ? { eta: settings.eta } : {}),
        ...(settings.gamma >= 0 ? { gamma: settings.gamma } : {}),
      },
      sums && { dailyVolatility: () => sums.dailyVolatility(n), advBase: () => sums.advBase(n) },
    );
    return {
      parentId: parent.id,
      qtyBase: parent.qtyBase,
      arrivalMid,
      mid,
      sigma: p.sigma,
      eta: p.eta,
      gamma: p.gamma,
      epsilon: p.epsilon,
      steps: grid.n,
      horizonDays: (grid.n * grid.stepMs) / DAY_MS,
    };
  } catch (e) {
    return { parentId: parent.id, error: e instanceof Error ? e.message : String(e) };
  }
}

/** One parent's theoretical point at λ. */
export interface AcParentTheory extends AcParentInputs {
  readonly lambda: number;
  /** E and √V in quote currency. */
  readonly expectedCost: number;
  readonly stdDev: number;
  readonly meanBps: number;
  readonly sdBps: number;
}

export function acParentTheory(x: AcParentInputs, lambda: number): AcParentTheory | null {
  try {
    const s = almgrenChrissSchedule({
      qty: x.qtyBase,
      horizon: x.horizonDays,
      steps: x.steps,
      sigma: x.sigma,
      eta: x.eta,
      gamma: x.gamma,
      epsilon: x.epsilon,
      lambda,
    });
    const notional = x.qtyBase * x.arrivalMid;
    return {
      ...x,
      lambda,
      expectedCost: s.expectedCost,
      stdDev: s.stdDev,
      meanBps: (s.expectedCost / notional) * 1e4,
      sdBps: (s.stdDev / notional) * 1e4,
    };
  } catch {
    return null; // η̃ <= 0 for this parent's grid: the model has no optimum there
  }
}

/** A point's theoretical frontier point: the mean over parents of the per-parent bps, and each parent's. */
export interface AcPointTheory {
  readonly meanBps: number;
  readonly sdBps: number;
  /** Parents with a theoretical point (those whose parameters could be estimated). */
  readonly parents: number;
  readonly lambda: number;
  readonly perParent: readonly AcParentTheory[];
}

/** The theoretical point at λ over the parents, or null when no parent has one. */
export function acPointTheory(inputs: readonly AcParentInputs[], lambda: number): AcPointTheory | null {
  const perParent: AcParentTheory[] = [];
  for (const x of inputs) {
    const t = acParentTheory(x, lambda);
    if (t !== null) perParent.push(t);
  }
  if (perParent.length === 0) return null;
  let m = 0;
  let s = 0;
  for (const t of perParent) {
    m += t.meanBps;
    s += t.sdBps;
  }
  return {
    meanBps: m / perParent.length,
    sdBps: s / perParent.length,
    parents: perParent.length,
    lambda,
    perParent,
  };
}
