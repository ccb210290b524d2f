/**
 * Pre-trade cost curve: for one order, the expected cost and its standard deviation when it is
 * executed over each of several horizons (e.g. 1 minute, 10 minutes, 1 hour, 1 day), under a chosen
 * model. Costs in quote currency and in bps of the arrival notional |Q|·mid; positive = hurts.
 *
 * Market inputs (from src/market/market-stats or given): mid, daily volatility σ_d (fraction), average
 * daily volume V (base units), relative bid-ask spread s (fraction, full spread).
 *
 * model "sqrt" (square-root law, square-root-impact.ts, cost of the average fill vs arrival):
 *   E = |Q|·mid·(s/2 + σ_d·η·(|Q|/V)^δ)
 *   The law has no horizon: with σ and V over the horizon T (σ_T = σ_d√T, V_T = V·T, T in days) and
 *   δ = ½, σ_T·η·√(|Q|/V_T) = σ_d·η·√(|Q|/V), so E is the same for every T (the square-root law's
 *   scale invariance; Tóth et al. 2011). The horizon enters the risk: trading linearly (TWAP) from
 *   x(0) = Q to x(T) = 0, the unexecuted position is exposed to the price's Brownian motion, so
 *   Var = σ_p² ∫₀ᵀ x(t)² dt = σ_p² Q² T/3,  SD = σ_d·mid·|Q|·√(T/3),  σ_p = σ_d·mid per √day.
 * model "ac" (Almgren-Chriss, almgren-chriss.ts) with the optimal schedule for λ over N steps:
 *   E and SD = √V from the closed forms, time unit the day; E is AC's expected implementation
 *   shortfall, so it includes the permanent-impact term ½γX². Parameters default to AC's rules of thumb
 *   (Almgren & Chriss 2000, §3): ε = half the spread in price (s/2·mid); η such that trading 1 % of
 *   daily volume per day costs one spread, η = s·mid / (0.01·V); γ such that trading 10 % of daily
 *   volume moves the price permanently by one spread, γ = s·mid / (0.1·V); σ = σ_d·mid.
 *   With λ = 0 (default) the schedule is TWAP within each horizon: E falls and SD rises with T. With
 *   λ > 0 a longer horizon does not force slower trading: once T spans several half-lives 1/κ, the
 *   optimum sells most of the order in the first slices, and since the discrete model fills a slice
 *   at the pre-slice price (no risk inside a slice), SD falls again for long T. Choose steps so that
 *   τ = T/N is well below 1/κ when that matters.
 * Limitations: σ and V are daily averages (no intraday profile); the square-root law's E ignores the
 * horizon entirely, which overstates costs of very patient orders and understates costs of very fast
 * ones (use "ac" for a speed-dependent cost); AC's rules of thumb are heuristics, not calibrations.
 */
import { ExecsimError, requireNonNegative, requirePositive } from "../core/errors.js";
import { SQUARE_ROOT_DEFAULTS, squareRootFraction } from "../impact/square-root-impact.js";
import { almgrenChrissCostRisk } from "./almgren-chriss.js";

export type CostCurveModel = "sqrt" | "ac";
export const COST_CURVE_MODELS: readonly CostCurveModel[] = ["sqrt", "ac"];

export interface CostCurveMarket {
  /** Arrival mid price (quote per base). */
  mid: number;
  /** Daily volatility of returns (fraction). */
  sigmaDaily: number;
  /** Average daily volume (base units). */
  adv: number;
  /** Relative full bid-ask spread (fraction, 0.0002 = 2 bps). */
  spread: number;
}

export interface AcModelParams {
  sigma: number;
  eta: number;
  gamma: number;
  epsilon: number;
}

/** Almgren-Chriss parameters (day time unit) from market statistics by the paper's rules of thumb. */
export function acParamsFromMarket(m: CostCurveMarket): AcModelParams {
  validateMarket(m);
  const spreadPrice = m.spread * m.mid;
  if (!(spreadPrice > 0)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "the AC rules of thumb scale η and γ by the spread, which is 0 here; give a positive spread or explicit eta and gamma",
    );
  }
  return {
    sigma: m.sigmaDaily * m.mid,
    eta: spreadPrice / (0.01 * m.adv),
    gamma: spreadPrice / (0.1 * m.adv),
    epsilon: spreadPrice / 2,
  };
}

export interface CostCurveOptions {
  model: CostCurveModel;
  /** Signed order size (base units). */
  qty: number;
  /** Horizons in days (> 0). */
  horizonsDays: readonly number[];
  market: CostCurveMarket;
  /** Square-root law coefficients (default η = 0.5, δ = 0.5). */
  sqrt?: { eta?: number; delta?: number };
  /** AC: risk aversion (default 0), steps per horizon (default 10), and overrides of the rule-of-thumb coefficients. */
  ac?: { lambda?: number; steps?: number } & Partial<AcModelParams>;
}

export interface CostCurvePoint {
  horizonDays: number;
  expectedCostQuote: number;
  stdDevQuote: number;
  expectedCostBps: number;
  stdDevBps: number;
}

function validateMarket(m: CostCurveMarket): void {
  requirePositive(m.mid, "mid (arrival price)");
  requireNonNegative(m.sigmaDaily, "sigmaDaily (daily volatility, fraction)");
  requirePositive(m.adv, "adv (average daily volume, base units)");
  requireNonNegative(m.spread, "spread (relative bid-ask spread)");
}

/** Expected cost and standard deviation of executing `qty` over each horizon. */
export function preTradeCostCurve(o: CostCurveOptions): CostCurvePoint[] {
  validateMarket(o.market);
  if (!Number.isFinite(o.qty) || o.qty === 0) {
    throw new ExecsimError("INVALID_ARGUMENT", `qty must be a non-zero number of base units, got ${o.qty}`);
  }
  if (o.horizonsDays.length === 0) {
    throw new ExecsimError("INVALID_ARGUMENT", "give at least one horizon, e.g. 1m,10m,1h,1d");
  }
  for (const h of o.horizonsDays) requirePositive(h, "horizon (days)");
  const { mid, sigmaDaily, adv, spread } = o.market;
  const absQ = Math.abs(o.qty);
  const notional = absQ * mid;
  const toPoint = (horizonDays: number, e: number, sd: number): CostCurvePoint => ({
    horizonDays,
    expectedCostQuote: e,
    stdDevQuote: sd,
    expectedCostBps: (e / notional) * 1e4,
    stdDevBps: (sd / notional) * 1e4,
  });
  if (o.model === "sqrt") {
    const eta = o.sqrt?.eta ?? SQUARE_ROOT_DEFAULTS.eta;
    const delta = o.sqrt?.delta ?? SQUARE_ROOT_DEFAULTS.delta;
    requireNonNegative(eta, "sqrt eta");
    requirePositive(delta, "sqrt delta");
    const impact = squareRootFraction(sigmaDaily, eta, delta, absQ, adv);
    const e = notional * (spread / 2 + impact);
    return o.horizonsDays.map((T) => toPoint(T, e, sigmaDaily * notional * Math.sqrt(T / 3)));
  }
  if (o.model === "ac") {
    const needRules = o.ac?.eta === undefined || o.ac?.gamma === undefined || o.ac?.epsilon === undefined;
    const rules = needRules ? acParamsFromMarket(o.market) : undefined;
    const params = {
      sigma: o.ac?.sigma ?? rules?.sigma ?? sigmaDaily * mid,
      eta: o.ac?.eta ?? rules!.eta,
      gamma: o.ac?.gamma ?? rules!.gamma,
      epsilon: o.ac?.epsilon ?? rules!.epsilon,
      lambda: o.ac?.lambda ?? 0,
      steps: o.ac?.steps ?? 10,
    };
    return o.horizonsDays.map((T) => {
      const c = almgrenChrissCostRisk({
        qty: absQ,
        horizon: T,
        steps: params.steps,
        sigma: params.sigma,
        eta: params.eta,
        gamma: params.gamma,
        epsilon: params.epsilon,
        lambda: params.lambda,
      });
      return toPoint(T, c.expectedCost, Math.sqrt(c.variance));
    });
  }
  throw new ExecsimError(
    "INVALID_ARGUMENT",
    `unknown cost model "${o.model}"; use one of ${COST_CURVE_MODELS.join(", ")}`,
  );
}
