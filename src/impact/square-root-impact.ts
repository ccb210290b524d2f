/**
 * Square-root impact law.
 *
 *   ΔP/P = σ · sign(Q) · η · (|Q| / V)^δ
 *
 *   fraction  = ΔP/P, signed: > 0 for a buy (the price moves up), < 0 for a sell
 *   bps       = fraction · 10⁴ (signed like fraction)
 *   costQuote = |fraction| · |Q| · mid   (quote currency, always >= 0: a cost hurts buys and sells alike)
 *
 * Units and parameters
 *   sigma   σ, volatility of returns over the same period as V (daily vol as a fraction, e.g. 0.03;
 *           squareRootModelFromStats takes σ and V from src/market/market-stats)
 *   eta     η, dimensionless impact coefficient (typically 0.1 to 1; Tóth et al. 2011 report O(1))
 *   delta   δ, exponent (empirically ≈ 0.5; default SQUARE_ROOT_DEFAULTS.delta)
 *   qty     Q, signed order size in base units (> 0 buy, < 0 sell)
 *   volume  V, average volume per period in base units (ADV for daily σ)
 *   mid     arrival mid price in quote currency per base unit
 *
 * The relative impact is read as the slippage of the order's average fill price against the arrival
 * mid, so the cost of the whole order is fraction × notional. Where the law is fitted to *peak* impact
 * (price at the end of the metaorder), the average-fill cost of a uniform execution is about 2/3 of
 * that; calibrate on the quantity you want to predict.
 *
 * Source: price-impact-ml-chapter (seed), "The Square-Root Law"; Tóth et al. (2011) "Anomalous price
 * impact and the critical nature of liquidity in financial markets"; Almgren et al. (2005).
 * Limitations: static (no dependence on execution horizon or participation rate other than via V),
 * breaks down for very small (|Q|/V ≲ 1e-5, spread dominated) and very large (|Q|/V ≳ 0.3) orders;
 * no spread term (add half the spread separately).
 */
import { ExecsimError, requireFinite, requireNonNegative, requirePositive } from "../core/errors.js";
import type { MarketStats } from "../market/market-stats.js";
import type { ImpactEstimate, ImpactInput, ImpactModel } from "./impact-model.js";

export const SQUARE_ROOT_DEFAULTS = Object.freeze({ eta: 0.5, delta: 0.5 });

export interface SquareRootImpactParams {
  /** Volatility per period of V (fraction, e.g. daily vol 0.03). */
  sigma: number;
  /** Impact coefficient η (dimensionless). */
  eta: number;
  /** Exponent δ (default 0.5). */
  delta?: number;
  /** Signed order size in base units: > 0 buy, < 0 sell. */
  qty: number;
  /** Volume per period (ADV) in base units, > 0. */
  volume: number;
  /** Arrival mid price (quote per base), > 0. */
  mid: number;
}

/** Validate square-root parameters once (the hot path below does not re-check). */
export function validateSquareRootParams(p: SquareRootImpactParams): void {
  requireNonNegative(p.sigma, "sigma (volatility per period)");
  requireNonNegative(p.eta, "eta (impact coefficient)");
  const delta = p.delta ?? SQUARE_ROOT_DEFAULTS.delta;
  if (!(Number.isFinite(delta) && delta > 0 && delta <= 2)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `delta must be in (0, 2] (≈0.5 for the square-root law), got ${delta}`,
    );
  }
  requireFinite(p.qty, "qty (signed base units)");
  requirePositive(p.volume, "volume (ADV in base units; compute it from candles with averageDailyVolume)");
  requirePositive(p.mid, "mid (arrival price)");
}

/** Relative impact fraction only, no validation (hot path for benchmarks and simulators). */
export function squareRootFraction(
  sigma: number,
  eta: number,
  delta: number,
  qty: number,
  volume: number,
): number {
  if (qty === 0) return 0;
  const a = qty < 0 ? -qty : qty;
  const f = sigma * eta * (delta === 0.5 ? Math.sqrt(a / volume) : (a / volume) ** delta);
  return qty < 0 ? -f : f;
}

/** ΔP/P, bps and quote-currency cost of an order under the square-root law (validated). */
export function squareRootImpact(p: SquareRootImpactParams): ImpactEstimate {
  validateSquareRootParams(p);
  const delta = p.delta ?? SQUARE_ROOT_DEFAULTS.delta;
  const fraction = squareRootFraction(p.sigma, p.eta, delta, p.qty, p.volume);
  return { fraction, bps: fraction * 1e4, costQuote: Math.abs(fraction) * Math.abs(p.qty) * p.mid };
}

/** Construction parameters of SquareRootImpactModel: market state fixed, order supplied per call. */
export interface SquareRootModelConfig {
  sigma: number;
  eta: number;
  delta?: number;
  volume: number;
}

/**
 * The square-root law as an ImpactModel; `estimate` ignores the horizon (the law has none). The
 * market state is validated once in the constructor; `estimate` does not re-check qty and mid (hot
 * path, ~10 ns): pass finite numbers, mid > 0.
 */
export class SquareRootImpactModel implements ImpactModel {
  readonly name = "sqrt";
  readonly config: Readonly<Required<SquareRootModelConfig>>;

  constructor(config: SquareRootModelConfig) {
    validateSquareRootParams({ ...config, qty: 0, mid: 1 });
    this.config = Object.freeze({ ...config, delta: config.delta ?? SQUARE_ROOT_DEFAULTS.delta });
  }

  estimate(input: ImpactInput): ImpactEstimate {
    const c = this.config;
    const fraction = squareRootFraction(c.sigma, c.eta, c.delta, input.qty, c.volume);
    return { fraction, bps: fraction * 1e4, costQuote: Math.abs(fraction * input.qty) * input.mid };
  }
}

/**
 * A SquareRootImpactModel whose σ (daily volatility) and V (average daily volume) come from the
 * market-statistics module (marketStats over a candle series); η and δ default to SQUARE_ROOT_DEFAULTS
 * or come from a calibration (calibrateSquareRoot).
 */
export function squareRootModelFromStats(
  stats: Pick<MarketStats, "volatility" | "dailyVolume">,
  coefficients: { eta?: number; delta?: number } = {},
): SquareRootImpactModel {
  return new SquareRootImpactModel({
    sigma: stats.volatility.daily,
    volume: stats.dailyVolume.volumeBase,
    eta: coefficients.eta ?? SQUARE_ROOT_DEFAULTS.eta,
    delta: coefficients.delta ?? SQUARE_ROOT_DEFAULTS.delta,
  });
}
