/**
 * Almgren-Chriss linear impact: the permanent / temporary split (Almgren & Chriss 2000, §2.2-2.3).
 *
 *   permanent  g(v) = γ v                  moves every later price:  S_k = S_{k−1} + στ^½ξ_k − τ g(n_k/τ)
 *   temporary  h(v) = ε sign(v) + η v      only the trade's own fill: S̃_k = S_{k−1} − h(n_k/τ)
 *
 * Sign convention (the paper's): n_k > 0 is a sale of n_k units in interval k, n_k < 0 a purchase;
 * v = n_k/τ is the trading rate. A sale pushes the price down, a purchase up, and the fill is worse
 * than the pre-trade price by h for both.
 * Units: γ (price/unit)/unit, η (price/unit)/(unit/time unit), ε price/unit, τ time units.
 *
 * Expected implementation shortfall of a trade list (no noise): X·S_0 − Σ n_k S̃_k
 *   = γ Σ_{i<k} n_i n_k + ε Σ|n_k| + (η/τ) Σ n_k²  =  ½γX² + ε Σ|n_k| + (η̃/τ) Σ n_k²,  η̃ = η − γτ/2.
 *
 * AlmgrenChrissImpactModel wraps the optimal AC schedule as an ImpactModel: the expected cost of
 * executing the order over the given horizon with the optimal trajectory for the configured λ.
 * Source: Almgren & Chriss (2000), "Optimal execution of portfolio transactions", J. Risk 3(2).
 * Limitations: linear impact (real impact is concave in size, see square-root-impact.ts); no decay of
 * temporary impact between intervals (see transient-impact.ts); constant parameters.
 */
import { ExecsimError, requireNonNegative, requirePositive } from "../core/errors.js";
import { almgrenChrissClosedForm, almgrenChrissClosedFormUnchecked } from "../optimize/almgren-chriss.js";
import type { ImpactEstimate, ImpactInput, ImpactModel } from "./impact-model.js";

export interface LinearImpactParams {
  /** γ, permanent impact per unit traded. */
  gamma: number;
  /** η, temporary impact per unit of trading rate. */
  eta: number;
  /** ε, fixed cost per unit (half spread + fees). */
  epsilon: number;
}

/** g(v) = γv: the permanent price move per unit time at trading rate v. */
export function permanentImpact(gamma: number, rate: number): number {
  return gamma * rate;
}

/** h(v) = ε·sign(v) + ηv: the temporary price concession at trading rate v (0 when v = 0). */
export function temporaryImpact(epsilon: number, eta: number, rate: number): number {
  return (rate > 0 ? epsilon : rate < 0 ? -epsilon : 0) + eta * rate;
}

export interface LinearImpactPath {
  /** Expected (noise-free) price after each interval, S_0..S_N. */
  prices: Float64Array;
  /** Expected fill price of each trade, S̃_1..S̃_N (index k − 1). */
  fillPrices: Float64Array;
  /** Expected shortfall split: permanent, temporary (spread ε and rate η parts), total = X·S_0 − Σ n_k S̃_k. */
  permanentCost: number;
  spreadCost: number;
  rateCost: number;
  totalCost: number;
}

/** Expected prices, fill prices and cost of a trade list (n_k sold per interval of length τ). */
export function linearImpactPath(
  s0: number,
  trades: ArrayLike<number>,
  tau: number,
  p: LinearImpactParams,
): LinearImpactPath {
  requirePositive(s0, "s0 (arrival price)");
  requirePositive(tau, "tau (interval length)");
  requireNonNegative(p.gamma, "gamma");
  requireNonNegative(p.eta, "eta");
  requireNonNegative(p.epsilon, "epsilon");
  const N = trades.length;
  const prices = new Float64Array(N + 1);
  const fillPrices = new Float64Array(N);
  prices[0] = s0;
  let permanentCost = 0;
  let spreadCost = 0;
  let rateCost = 0;
  for (let k = 0; k < N; k++) {
    const n = trades[k]!;
    if (!Number.isFinite(n)) throw new ExecsimError("INVALID_ARGUMENT", `trade ${k + 1} is not finite: ${n}`);
    const v = n / tau;
    const prev = prices[k]!;
    fillPrices[k] = prev - temporaryImpact(p.epsilon, p.eta, v);
    prices[k + 1] = prev - tau * permanentImpact(p.gamma, v);
    permanentCost += n * (s0 - prev);
    spreadCost += p.epsilon * Math.abs(n);
    rateCost += (p.eta * n * n) / tau;
  }
  return {
    prices,
    fillPrices,
    permanentCost,
    spreadCost,
    rateCost,
    totalCost: permanentCost + spreadCost + rateCost,
  };
}

export interface AlmgrenChrissModelConfig extends LinearImpactParams {
  /** σ, price units per √day. */
  sigma: number;
  /** λ, risk aversion (1/price units); 0 = TWAP. */
  lambda: number;
  /** Number of intervals of the schedule. */
  steps: number;
  /** Default horizon in days when the input gives none. */
  horizonDays?: number;
}

/**
 * Expected cost of the optimal AC schedule as an ImpactModel (O(1): closed forms). The fraction is
 * E / (|Q|·mid), signed with the order. Time unit: the day (σ per √day, η per unit/day).
 */
export class AlmgrenChrissImpactModel implements ImpactModel {
  readonly name = "ac";
  readonly config: Readonly<AlmgrenChrissModelConfig>;

  constructor(config: AlmgrenChrissModelConfig) {
    if (config.horizonDays !== undefined) requirePositive(config.horizonDays, "horizonDays");
    // validates every parameter (throws MODEL_ERROR for η̃ <= 0 at the default horizon)
    almgrenChrissClosedForm({ ...config, qty: 1, horizon: config.horizonDays ?? 1 });
    this.config = Object.freeze({ ...config });
  }

  estimate(input: ImpactInput): ImpactEstimate {
    const horizon = input.horizonDays ?? this.config.horizonDays;
    if (horizon === undefined) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        "the Almgren-Chriss model needs an execution horizon: pass horizonDays in the input or the config",
      );
    }
    if (input.qty === 0) return { fraction: 0, bps: 0, costQuote: 0 };
    const c = this.config;
    const etaTilde = c.eta - (c.gamma * horizon) / (2 * c.steps);
    if (!(horizon > 0 && etaTilde > 0 && Number.isFinite(input.qty))) {
      // slow path: full validation with the explanatory error
      almgrenChrissClosedForm({ ...c, qty: input.qty, horizon });
    }
    const { expectedCost } = almgrenChrissClosedFormUnchecked(
      input.qty,
      horizon,
      c.steps,
      c.sigma,
      c.gamma,
      c.epsilon,
      c.lambda,
      etaTilde,
    );
    const fraction = (Math.sign(input.qty) * expectedCost) / (Math.abs(input.qty) * input.mid);
    return { fraction, bps: fraction * 1e4, costQuote: expectedCost };
  }
}
