/**
 * The common shape of a pre-trade impact model: given an order (signed size, arrival mid, and for
 * time-dependent models the execution horizon), the expected price impact as a fraction of the
 * arrival price, in bps, and as a cost in quote currency.
 *
 *   fraction  = signed relative impact of the average fill vs. arrival (> 0 for buys)
 *   bps       = fraction · 10⁴
 *   costQuote = expected cost in quote currency, >= 0 (a cost hurts buys and sells alike)
 *
 * Market state (volatility, volume, coefficients) is fixed when a model is constructed, so `estimate`
 * is a pure function of its input and cheap enough to call per child order. Implementations:
 * SquareRootImpactModel (square-root-impact.ts), AlmgrenChrissImpactModel and
 * LinearImpactModel (linear-impact.ts).
 * Limitations: a single number per order; the distribution of cost is in optimize/cost-curve.ts.
 */

export interface ImpactInput {
  /** Signed order size in base units: > 0 buy, < 0 sell. */
  qty: number;
  /** Arrival mid price, quote per base. */
  mid: number;
  /** Execution horizon in days, for models whose cost depends on trading speed (ignored otherwise). */
  horizonDays?: number;
}

export interface ImpactEstimate {
  /** ΔP/P, signed with the order (buy > 0). */
  fraction: number;
  /** fraction × 10⁴, signed. */
  bps: number;
  /** Expected cost in quote currency, >= 0. */
  costQuote: number;
}

export interface ImpactModel {
  readonly name: string;
  estimate(input: ImpactInput): ImpactEstimate;
}
