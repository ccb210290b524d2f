/**
 * A calibrated model as the `{impact, impactParams}` the existing venues take (venue-factory.ts,
 * parametric-venues.ts), so a fitted model plugs into the simulator unchanged.
 *
 * sqrt → impact "sqrt", eta and delta. The fit (fit-sqrt.ts) is the library's cost law
 * c = η_c·σ_d·(|Q|/V_d)^δ with daily σ_d and ADV V_d; the venue prices a latent book
 * I(Q) = η_v·σ̄·(|Q|/V̄)^δ with per-bar σ̄ = σ_d/√B and V̄ = V_d/B (B = bars per day) and charges the
 * average of that curve, I(Q)/(1 + δ) for a parent whose impact does not decay while it trades. So
 *   η_v = η_c · (1 + δ) · B^(1/2 − δ)       (B = 86 400 000 / barMs; η_v = 1.5·η_c when δ = 1/2)
 * barMs is the fit's (stats.barMs) unless given; it must be the bar length of the series the venue
 * runs on. The venue's decay (halfLifeMs) and permanent fraction keep their defaults: a parent much
 * longer than the half-life costs less in the venue than the fitted law says.
 * ac → impact "almgren-chriss", eta (price per base unit per base/day) and gamma (price per base unit):
 * the fit is already in these units (fit-ac.ts); ε is left to the venue (its half-spread).
 * propagator → impact "propagator": kernel "exponential" with halfLifeMs, or "power-law" with
 * powerLawBeta and powerLawL0Ms; lambda (price per base unit) from the fit.
 * With a regime index the regime's parameters are used, with null the pooled ones.
 */
import { ExecsimError } from "../core/errors.js";
import { DAY_MS } from "../core/interval.js";
import type { CalibratedModel, NewCalibratedModel } from "./calibrated-model.js";

export interface VenueParams {
  impact: "sqrt" | "almgren-chriss" | "propagator";
  impactParams: Record<string, number | string>;
}

/** The venue and its parameters for `model` (regime `regimeIndex`, or the pooled fit for null). */
export function venueParamsFor(
  model: CalibratedModel | NewCalibratedModel,
  regimeIndex: number | null,
  barMs?: number,
): VenueParams {
  let params = model.params;
  if (regimeIndex !== null) {
    const r = model.regimes[regimeIndex];
    if (!r)
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `model ${model.name} has ${model.regimes.length} regime(s); regime index ${regimeIndex} does not exist`,
      );
    params = r.params;
  }
  const need = (k: string): number => {
    const v = params[k];
    if (!(typeof v === "number" && Number.isFinite(v)))
      throw new ExecsimError(
        "INVALID_CONFIG",
        `model ${model.name} (${model.model}) has no finite ${k}; refit it with execsim calibrate`,
      );
    if (v < 0 && k !== "delta")
      throw new ExecsimError(
        "INVALID_CONFIG",
        `model ${model.name} (${model.model}) has a negative ${k} (${v}): the fills show no impact of that kind ` +
          "(noise dominates), and a venue needs it >= 0; refit on more parents, or use a regime's fit",
      );
    return v;
  };
  if (model.model === "sqrt") {
    const eta = need("eta");
    const delta = need("delta");
    const bar = barMs ?? model.stats.barMs ?? 60_000;
    const b = DAY_MS / bar;
    return { impact: "sqrt", impactParams: { eta: eta * (1 + delta) * b ** (0.5 - delta), delta } };
  }
  if (model.model === "ac") {
    return { impact: "almgren-chriss", impactParams: { eta: need("eta"), gamma: need("gamma") } };
  }
  const lambda = need("lambda");
  if (params.beta !== undefined)
    return {
      impact: "propagator",
      impactParams: { kernel: "power-law", powerLawBeta: need("beta"), powerLawL0Ms: need("l0Ms"), lambda },
    };
  return {
    impact: "propagator",
    impactParams: { kernel: "exponential", halfLifeMs: need("halfLifeMs"), lambda },
  };
}
