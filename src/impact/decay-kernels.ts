/**
 * Decay kernels for transient impact: how much of a unit of impact caused at time 0 is still in the
 * price after a lag ℓ.
 *
 *   exponential (Obizhaeva & Wang 2013):  G(ℓ) = exp(−ρ ℓ)             ρ = resilience per ms (> 0)
 *   power law (Bouchaud et al. 2004):     G(ℓ) = G0 / (ℓ0 + ℓ)^β          ℓ0 > 0 (ms), β in (0, 1] typical
 *
 * Lags are in milliseconds. Both kernels are normalised so that G(0) = 1 when built with
 * `powerLawKernel(l0, beta)` (G0 = ℓ0^β); pass g0 explicitly for the unnormalised form.
 * Limitations: kernels are deterministic and do not depend on market state (volume, volatility).
 */
import { ExecsimError } from "../core/errors.js";

export interface DecayKernel {
  readonly kind: "exponential" | "power-law";
  /** Fraction of impact remaining after `lagMs` >= 0. */
  value(lagMs: number): number;
  readonly params: Readonly<Record<string, number>>;
}

export function exponentialKernel(rhoPerMs: number): DecayKernel {
  if (!(Number.isFinite(rhoPerMs) && rhoPerMs > 0)) {
    throw new ExecsimError("INVALID_ARGUMENT", `resilience rho must be > 0 per ms, got ${rhoPerMs}`);
  }
  return { kind: "exponential", value: (lag) => Math.exp(-rhoPerMs * lag), params: { rhoPerMs } };
}

/** Exponential kernel from a half-life in ms: ρ = ln 2 / halfLife. */
export function exponentialKernelFromHalfLife(halfLifeMs: number): DecayKernel {
  if (!(Number.isFinite(halfLifeMs) && halfLifeMs > 0)) {
    throw new ExecsimError("INVALID_ARGUMENT", `half-life must be > 0 ms, got ${halfLifeMs}`);
  }
  return exponentialKernel(Math.LN2 / halfLifeMs);
}

export function powerLawKernel(l0Ms: number, beta: number, g0?: number): DecayKernel {
  if (!(Number.isFinite(l0Ms) && l0Ms > 0)) {
    throw new ExecsimError("INVALID_ARGUMENT", `power-law l0 must be > 0 ms, got ${l0Ms}`);
  }
  if (!(Number.isFinite(beta) && beta > 0)) {
    throw new ExecsimError("INVALID_ARGUMENT", `power-law beta must be > 0, got ${beta}`);
  }
  const G0 = g0 ?? l0Ms ** beta;
  return { kind: "power-law", value: (lag) => G0 / (l0Ms + lag) ** beta, params: { g0: G0, l0Ms, beta } };
}
