/**
 * Obizhaeva-Wang (2013) optimal execution against a limit-order book with exponential resilience.
 *
 * Model (transient part; OW's permanent part adds the strategy-independent ½·λ_perm·X²):
 *   buying at rate μ(t) and in blocks q_i moves the price displacement D(t) by
 *     dD = λ dQ − ρ D dt          (block q: D jumps by λq; between trades D decays at rate ρ)
 *   cost of a block q at t:        q · (D(t−) + λq/2)      (it walks a linear book of depth 1/λ)
 *   cost of continuous trading:    ∫ μ(t) D(t) dt
 * which is the exponential-kernel propagator of transient-impact.ts with trading in continuous time.
 *
 * Optimal strategy to buy X over [0, T] (OW 2013, Prop. 1 with no permanent impact):
 *   block q0 = X/(ρT + 2) at t = 0, continuous rate ρ·q0 on (0, T), block q0 at t = T.
 * Its cost, derived: D(0+) = λq0; with μ = ρq0, dD/dt = λρq0 − ρλq0 = 0, so D stays λq0 through
 * (0, T); cost = λq0²/2 (first block) + ρq0·λq0·T (continuous) + q0(λq0 + λq0/2) (last block)
 *              = λq0²(ρT + 2) = λX² / (ρT + 2).
 * Checks: ρ → 0 (no resilience) gives λX²/2, the cost of any schedule under pure permanent impact;
 * ρT → ∞ gives 0. With OW's permanent impact λ_p added, the total is λ_p X²/2 + λX²/(ρT + 2) (the
 * permanent part does not depend on the strategy, so the optimum is the same). There is no extra
 * factor such as (ρT + 1)/(ρT + 2): the test checks the closed form against the exact cost function.
 * TWAP (rate X/T, no blocks): cost = (λX²/(ρT)) · [1 − (1 − e^{−ρT})/(ρT)].
 *
 * Units: any consistent time unit for T and ρ (per ms to match decay-kernels.ts); X in units; λ in
 * price per unit; costs in price × units (quote currency).
 * Source: A. Obizhaeva & J. Wang, "Optimal trading strategy and supply/demand dynamics", J. Financial
 * Markets 16 (2013) 1-32.
 * Limitations: linear block-shaped book, constant depth and resilience, no spread, buy programme
 * (a sell is the mirror image and costs the same).
 */
import { ExecsimError, requirePositive } from "../core/errors.js";

export interface ObizhaevaWangParams {
  /** X, units to trade (> 0). */
  qty: number;
  /** T, horizon in time units. */
  horizon: number;
  /** ρ, resilience per time unit (> 0). */
  rho: number;
  /** λ, immediate price impact per unit (price/unit) = 1 / book depth per price. */
  impactPerUnit: number;
}

/**
 * A strategy made of blocks at times t_0 < … < t_M and constant trading rates between them:
 * blocks[i] units at times[i], rates[i] units per time unit on (times[i], times[i+1]).
 */
export interface PiecewiseStrategy {
  times: readonly number[];
  blocks: readonly number[];
  rates: readonly number[];
}

function check(p: ObizhaevaWangParams): void {
  requirePositive(p.qty, "qty (units to buy)");
  requirePositive(p.horizon, "horizon");
  requirePositive(p.rho, "rho (resilience per time unit)");
  requirePositive(p.impactPerUnit, "impactPerUnit (λ)");
}

/** The OW optimal strategy: equal blocks X/(ρT+2) at both ends, rate ρX/(ρT+2) in between. */
export function obizhaevaWangOptimal(
  p: ObizhaevaWangParams,
): PiecewiseStrategy & { block: number; rate: number } {
  check(p);
  const block = p.qty / (p.rho * p.horizon + 2);
  const rate = p.rho * block;
  return { times: [0, p.horizon], blocks: [block, block], rates: [rate], block, rate };
}

/** Closed-form cost of the optimal strategy: λX²/(ρT + 2). */
export function obizhaevaWangOptimalCost(p: ObizhaevaWangParams): number {
  check(p);
  return (p.impactPerUnit * p.qty * p.qty) / (p.rho * p.horizon + 2);
}

/** Closed-form cost of TWAP (constant rate X/T, no blocks): (λX²/(ρT))·[1 − (1 − e^{−ρT})/(ρT)]. */
export function obizhaevaWangTwapCost(p: ObizhaevaWangParams): number {
  check(p);
  const a = p.rho * p.horizon;
  return ((p.impactPerUnit * p.qty * p.qty) / a) * (1 + Math.expm1(-a) / a);
}

/** Total units a piecewise strategy trades: Σ blocks + Σ rate·duration. */
export function piecewiseTotal(s: PiecewiseStrategy): number {
  let total = 0;
  for (const b of s.blocks) total += b;
  for (let i = 0; i < s.rates.length; i++) total += s.rates[i]! * (s.times[i + 1]! - s.times[i]!);
  return total;
}

/**
 * Exact cost of a piecewise strategy under the OW dynamics. On a segment of length h at rate μ starting
 * from D0: D(s) = D∞ + (D0 − D∞)e^{−ρs} with D∞ = λμ/ρ, cost μ[D∞h + (D0 − D∞)(1 − e^{−ρh})/ρ].
 */
export function obizhaevaWangCost(
  s: PiecewiseStrategy,
  p: Pick<ObizhaevaWangParams, "rho" | "impactPerUnit">,
): number {
  requirePositive(p.rho, "rho (resilience per time unit)");
  requirePositive(p.impactPerUnit, "impactPerUnit (λ)");
  const m = s.times.length;
  if (s.blocks.length !== m || s.rates.length !== m - 1 || m < 1) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `a piecewise strategy needs M+1 times and blocks and M rates, got ${m} times, ${s.blocks.length} blocks, ${s.rates.length} rates`,
    );
  }
  const { rho, impactPerUnit: lam } = p;
  let d = 0;
  let cost = 0;
  for (let i = 0; i < m; i++) {
    const q = s.blocks[i]!;
    cost += q * (d + 0.5 * lam * q);
    d += lam * q;
    if (i === m - 1) break;
    const h = s.times[i + 1]! - s.times[i]!;
    if (!(h >= 0))
      throw new ExecsimError("INVALID_ARGUMENT", `strategy times must be ascending (index ${i + 1})`);
    const mu = s.rates[i]!;
    const dInf = (lam * mu) / rho;
    const decayed = -Math.expm1(-rho * h); // 1 − e^{−ρh}
    cost += mu * (dInf * h + ((d - dInf) * decayed) / rho);
    d = dInf + (d - dInf) * (1 - decayed);
  }
  return cost;
}

/**
 * Discretise a piecewise strategy into block trades (continuous parts as `slicesPerSegment` equal
 * blocks at the midpoints of equal sub-intervals), for transient-impact.ts and the simulators.
 */
export function discretizePiecewise(
  s: PiecewiseStrategy,
  slicesPerSegment: number,
): { times: Float64Array; qtys: Float64Array } {
  if (!(Number.isInteger(slicesPerSegment) && slicesPerSegment >= 1)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `slicesPerSegment must be an integer >= 1, got ${slicesPerSegment}`,
    );
  }
  const m = s.times.length;
  const n = m + (m - 1) * slicesPerSegment;
  const times = new Float64Array(n);
  const qtys = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < m; i++) {
    times[k] = s.times[i]!;
    qtys[k++] = s.blocks[i]!;
    if (i === m - 1) break;
    const h = (s.times[i + 1]! - s.times[i]!) / slicesPerSegment;
    for (let j = 0; j < slicesPerSegment; j++) {
      times[k] = s.times[i]! + (j + 0.5) * h;
      qtys[k++] = s.rates[i]! * h;
    }
  }
  return { times, qtys };
}
