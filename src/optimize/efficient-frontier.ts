/**
 * The Almgren-Chriss efficient frontier: for each risk aversion λ on a grid, the optimal schedule's
 * expected cost E(λ) and standard deviation √V(λ) (Almgren & Chriss 2000, §3 "The efficient frontier").
 *
 *   point(λ) = (E(x*_λ), √V(x*_λ)),  x*_λ = argmin E + λV  (see almgren-chriss.ts for E, V, κ)
 *
 * Along the frontier E increases and V decreases with λ, and the frontier is convex in the (V, E)
 * plane with slope dE/dV = −λ. λ = 0 is the TWAP end (minimum E). Units as in almgren-chriss.ts.
 * Each point costs O(1) (overflow-safe closed forms).
 * Limitations: those of the AC model; a grid, not a continuous curve.
 */
import { ExecsimError } from "../core/errors.js";
import { type AlmgrenChrissParams, almgrenChrissCostRisk } from "./almgren-chriss.js";

export interface FrontierPoint {
  lambda: number;
  kappa: number;
  expectedCost: number;
  variance: number;
  stdDev: number;
  utility: number;
  /** 1/κ in time units (Infinity at λ = 0). */
  halfLife: number;
}

/** E, √V and utility of the optimal schedule for each λ. */
export function almgrenChrissFrontier(
  base: Omit<AlmgrenChrissParams, "lambda">,
  lambdas: readonly number[],
): FrontierPoint[] {
  if (lambdas.length === 0) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "the frontier needs at least one λ; give a grid such as 1e-8,1e-7,1e-6",
    );
  }
  return lambdas.map((lambda) => {
    const { kappa, expectedCost, variance } = almgrenChrissCostRisk({ ...base, lambda });
    return {
      lambda,
      kappa,
      expectedCost,
      variance,
      stdDev: Math.sqrt(variance),
      utility: expectedCost + lambda * variance,
      halfLife: kappa > 0 ? 1 / kappa : Number.POSITIVE_INFINITY,
    };
  });
}

/** n log-spaced values from `from` to `to` inclusive (both > 0), e.g. lambdaGrid(1e-8, 1e-5, 4). */
export function lambdaGrid(from: number, to: number, n: number): number[] {
  if (!(from > 0 && to > from && Number.isFinite(to) && Number.isInteger(n) && n >= 2)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `a λ grid needs 0 < from < to and n >= 2 points, got from=${from}, to=${to}, n=${n}`,
    );
  }
  const a = Math.log(from);
  const step = (Math.log(to) - a) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === 0 ? from : i === n - 1 ? to : Math.exp(a + i * step)));
}
