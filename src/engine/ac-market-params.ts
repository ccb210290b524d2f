/**
 * Almgren-Chriss model parameters estimated from market statistics, for the IS and adaptive
 * strategies (time unit: the day, as in Almgren & Chriss 2000).
 *
 * Formulas (Almgren & Chriss 2000, §4 "Construction of the efficient frontier", the heuristics
 * behind their example's η = 2.5e-6 and γ = 2.5e-7 for a spread of 1/8 and an ADV of 5 million):
 *   σ = σ_day × P                      price volatility, quote per base per √day
 *                                      (σ_day: realized daily volatility of log returns, fraction)
 *   s = 2 × half-spread                bid-ask spread, quote per base
 *   ε = half-spread                    fixed cost per unit traded, quote per base
 *   η = s / (0.01 × ADV)               trading 1% of ADV per day costs one spread (temporary)
 *   γ = s / (0.1 × ADV)                trading 10% of ADV moves the price one spread (permanent)
 * with ADV the average daily volume in base units. Any of σ, η, γ, ε may be given instead.
 *
 * Data: only the series passed in (the strategy passes `market.preStartHistory()`, the bars closed
 * at or before the parent's start) plus the price and half-spread observed at the start.
 * Needs ≥ 3 bars for σ and ≥ 1 day for ADV unless those are given; otherwise INSUFFICIENT_DATA
 * with a message saying what to pass.
 * Limitations: the 1%/10% rules are rules of thumb from equities; calibrate η and γ (impact/
 * calibration) for real work. Constant parameters over the horizon.
 */
import { ExecsimError } from "../core/errors.js";
import type { CandleSeries } from "../core/market-types.js";
import { averageDailyVolume, MIN_DAYS_FOR_DAILY_AVERAGES } from "../market/stats/daily-volume.js";
import { realizedVolatility } from "../market/stats/realized-volatility.js";
import { spanDays } from "../market/stats/stats-common.js";

export interface AlmgrenChrissMarketParams {
  /** Quote per base per √day. */
  sigma: number;
  /** (Quote per base) per (base per day). */
  eta: number;
  /** (Quote per base) per base. */
  gamma: number;
  /** Quote per base. */
  epsilon: number;
  /** Where each value came from: "given" or "estimated". */
  source: { sigma: string; eta: string; gamma: string; epsilon: string };
}

export interface AlmgrenChrissOverrides {
  sigma?: number;
  eta?: number;
  gamma?: number;
  epsilon?: number;
}

/**
 * averageDailyVolume(history).volumeBase without the turnover sums it computes beside it (IS plans
 * once per parent over all the history before the start): the same sum in the same order over the
 * same days, so the same number; too short a history goes through averageDailyVolume for its error.
 */
function averageDailyVolumeBase(history: CandleSeries): number {
  const days = spanDays(history);
  if (history.length === 0 || days < MIN_DAYS_FOR_DAILY_AVERAGES)
    return averageDailyVolume(history).volumeBase;
  const v = history.volume;
  let vol = 0;
  for (let i = 0; i < history.length; i++) vol += v[i]!;
  return vol / days;
}

/**
 * Faster stand-ins for the two history estimators, which must return exactly what they would (same
 * number, same errors): the engine passes running sums over the series (pre-start-sums.ts).
 */
export interface HistoryEstimates {
  /** realizedVolatility(history).daily */
  dailyVolatility(): number;
  /** averageDailyVolume(history).volumeBase */
  advBase(): number;
}

function given(x: number | undefined): x is number {
  return x !== undefined && Number.isFinite(x) && x >= 0;
}

export function almgrenChrissMarketParams(
  history: CandleSeries,
  price: number,
  halfSpread: number,
  overrides: AlmgrenChrissOverrides = {},
  estimates?: HistoryEstimates,
): AlmgrenChrissMarketParams {
  if (!(price > 0 && halfSpread >= 0)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `Almgren-Chriss parameters need a price > 0 and a half-spread >= 0, got ${price} and ${halfSpread}`,
    );
  }
  const need = (what: string, e: unknown): never => {
    const msg = e instanceof Error ? e.message : String(e);
    throw new ExecsimError(
      "INSUFFICIENT_DATA",
      `cannot estimate ${what} from the data before the parent's start (${msg}); load more history before the start or pass ${what} explicitly`,
    );
  };
  let sigma: number;
  if (given(overrides.sigma)) sigma = overrides.sigma;
  else {
    try {
      sigma = (estimates ? estimates.dailyVolatility() : realizedVolatility(history).daily) * price;
    } catch (e) {
      sigma = need("sigma", e);
    }
  }
  const spread = 2 * halfSpread;
  let adv = Number.NaN;
  if (!given(overrides.eta) || !given(overrides.gamma)) {
    try {
      adv = estimates ? estimates.advBase() : averageDailyVolumeBase(history);
    } catch (e) {
      adv = need("eta and gamma", e);
    }
    if (!(adv > 0)) need("eta and gamma", new Error("the average daily volume is 0"));
  }
  const eta = given(overrides.eta) ? overrides.eta : spread / (0.01 * adv);
  const gamma = given(overrides.gamma) ? overrides.gamma : spread / (0.1 * adv);
  if (!(eta > 0)) {
    throw new ExecsimError(
      "MODEL_ERROR",
      `Almgren-Chriss needs eta > 0 but the half-spread observed at the start is ${halfSpread}; pass eta explicitly`,
    );
  }
  return {
    sigma,
    eta,
    gamma,
    epsilon: given(overrides.epsilon) ? overrides.epsilon : halfSpread,
    source: {
      sigma: given(overrides.sigma) ? "given" : "estimated",
      eta: given(overrides.eta) ? "given" : "estimated",
      gamma: given(overrides.gamma) ? "given" : "estimated",
      epsilon: given(overrides.epsilon) ? "given" : "estimated",
    },
  };
}
