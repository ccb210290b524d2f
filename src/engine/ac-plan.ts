/**
 * Planning helper for Almgren-Chriss-based strategies (IS and adaptive): the optimal trajectory on
 * the slice grid for a parent order, with σ, η, γ, ε estimated from the data before the start
 * (`almgrenChrissMarketParams`) unless given.
 *
 * Grid: `sliceGrid` (N slices, step τ); trajectory: `almgrenChrissSchedule` with T = N·τ in days.
 * cumTargets[k] = X − x_{k+1} is what should have been traded after slice k (X at the last slice).
 * λ = 0 gives the straight line (TWAP) without estimating anything. Units: as in
 * src/optimize/almgren-chriss.ts with the day as the time unit; λ in 1/quote.
 */
import { ExecsimError } from "../core/errors.js";
import { DAY_MS } from "../core/interval.js";
import { almgrenChrissSchedule } from "../optimize/almgren-chriss.js";
import { type AlmgrenChrissMarketParams, almgrenChrissMarketParams } from "./ac-market-params.js";
import { BoundedMarketView } from "./market-view.js";
import { sliceGrid } from "./schedule-grid.js";
import type { StrategyContext } from "./strategy-api.js";

export interface AlmgrenChrissPlanParams {
  lambda: number;
  sigma: number;
  eta: number;
  gamma: number;
  sliceMs: number;
  slices: number;
  catchUp: boolean;
  limitPrice: number;
}

export const ALMGREN_CHRISS_PLAN_DEFAULTS: AlmgrenChrissPlanParams = {
  lambda: 1e-6,
  sigma: -1,
  eta: -1,
  gamma: -1,
  sliceMs: 0,
  slices: 0,
  catchUp: true,
  limitPrice: 0,
};

export interface AlmgrenChrissPlan {
  timesMs: readonly number[];
  /** Cumulative quantity to have traded after slice k (last = the parent quantity). */
  cumTargets: number[];
  /** Holdings fractions x_j / X, j = 0..N. */
  holdingFractions: number[];
  params: AlmgrenChrissMarketParams | undefined;
  kappaPerDay: number;
}

/** Plan the AC trajectory for the context's parent (used by the IS and adaptive strategies). */
export function planAlmgrenChriss(ctx: StrategyContext, p: AlmgrenChrissPlanParams): AlmgrenChrissPlan {
  const par = ctx.parent;
  const grid = sliceGrid(par.startMs, par.horizonMs, {
    sliceMs: p.sliceMs,
    slices: p.slices,
    barIntervalMs: ctx.market.intervalMs,
  });
  const X = par.qtyBase;
  const horizonDays = (grid.n * grid.stepMs) / DAY_MS;
  let params: AlmgrenChrissMarketParams | undefined;
  let sched: ReturnType<typeof almgrenChrissSchedule>;
  if (p.lambda === 0) {
    // κ = 0 whatever σ, η, γ are: the straight line. Nothing to estimate.
    sched = almgrenChrissSchedule({
      qty: X,
      horizon: horizonDays,
      steps: grid.n,
      sigma: 0,
      eta: 1,
      gamma: 0,
      epsilon: 0,
      lambda: 0,
    });
  } else {
    const market = ctx.market;
    // the engine's view has running sums over the series: O(1) per parent instead of O(history);
    // with them the history is not read, so no copy of it is made (preStartHistory() copies)
    const estimates = market instanceof BoundedMarketView ? market.preStartEstimates() : undefined;
    params = almgrenChrissMarketParams(
      estimates === undefined ? market.preStartHistory() : market.history(0),
      market.mid(),
      market.halfSpread(),
      {
        ...(p.sigma >= 0 ? { sigma: p.sigma } : {}),
        ...(p.eta >= 0 ? { eta: p.eta } : {}),
        ...(p.gamma >= 0 ? { gamma: p.gamma } : {}),
      },
      estimates,
    );
    sched = almgrenChrissSchedule({
      qty: X,
      horizon: horizonDays,
      steps: grid.n,
      sigma: params.sigma,
      eta: params.eta,
      gamma: params.gamma,
      epsilon: params.epsilon,
      lambda: p.lambda,
    });
  }
  // plain loops (the same values as Array.from + slice + map, without the generic iteration)
  const h = sched.holdings;
  const n = grid.n;
  const cumTargets = new Array<number>(n);
  for (let k = 0; k < n; k++) cumTargets[k] = k === n - 1 ? X : X - h[k + 1]!;
  const holdingFractions = new Array<number>(h.length);
  for (let j = 0; j < h.length; j++) holdingFractions[j] = h[j]! / X;
  return {
    timesMs: grid.timesMs,
    cumTargets,
    holdingFractions,
    params,
    kappaPerDay: sched.kappa,
  };
}

export function validateAlmgrenChrissPlanParams(name: string, p: AlmgrenChrissPlanParams): void {
  if (!(Number.isFinite(p.lambda) && p.lambda >= 0))
    throw new ExecsimError(
      "INVALID_CONFIG",
      `${name} lambda (risk aversion, 1/quote) must be >= 0, got ${p.lambda}`,
    );
  for (const k of ["sigma", "eta", "gamma"] as const) {
    if (!Number.isFinite(p[k]))
      throw new ExecsimError(
        "INVALID_CONFIG",
        `${name} ${k} must be a number (negative = estimate), got ${p[k]}`,
      );
  }
  if (p.eta === 0)
    throw new ExecsimError("INVALID_CONFIG", `${name} eta must be > 0 (or negative to estimate)`);
  if (!(p.limitPrice >= 0))
    throw new ExecsimError(
      "INVALID_CONFIG",
      `${name} limitPrice must be >= 0 (0 = none), got ${p.limitPrice}`,
    );
}
