/**
 * A calibrated impact model: what `execsim calibrate` fits from parent-level costs and stores as a
 * versioned record, and what `--impact model:NAME[@V]` (compare, run, sweep) and `--model model:NAME[@V]`
 * (estimate, schedule) use by name.
 *
 * Parameters use the names of the library's existing models, so a record maps onto a venue's
 * `--impact-param` set without renaming:
 * - `sqrt`: eta, delta (the square-root law I = η·σ·(Q/V)^δ; σ daily, V the ADV; square-root-calibration.ts);
 * - `ac`: eta (temporary), gamma (permanent) of Almgren-Chriss (linear-impact.ts, time unit one day);
 * - `propagator`: the decay of the linear propagator (transient-impact.ts): halfLifeMs for an
 *   exponential kernel, or beta (power-law exponent) with l0Ms; and lambda, its scale (price per base
 *   unit, the venue's `lambda`).
 * Each parameter has a standard error under the same name in `standardErrors`.
 *
 * A regime rule splits parents by the realized volatility over `lookbackMs` before each parent's start
 * (only closed bars: no look-ahead); regime i holds volatilities in [cuts[i−1], cuts[i]) with
 * cuts[−1] = 0 and cuts[n−1] = ∞, so `cuts` has one entry fewer than `labels`. With a rule, the record's
 * top-level params are the pooled fit and `regimes` holds one fit per label, in the same order.
 */

export const CALIBRATED_MODEL_KINDS = ["sqrt", "ac", "propagator"] as const;
export type CalibratedModelKind = (typeof CALIBRATED_MODEL_KINDS)[number];

/** Fitted parameters with their standard errors, keyed by the same parameter names. */
export interface FittedParams {
  readonly params: Readonly<Record<string, number>>;
  readonly standardErrors: Readonly<Record<string, number>>;
}

/** Split parents by trailing realized volatility (e.g. calm / normal / stressed terciles). */
export interface RegimeRule {
  readonly kind: "realized-vol";
  /** Trailing window before a parent's start, milliseconds. */
  readonly lookbackMs: number;
  /** Ascending cut points of the realized volatility (fraction per √day); labels.length − 1 entries. */
  readonly cuts: readonly number[];
  readonly labels: readonly string[];
}

/** One regime's fit. */
export interface RegimeFit extends FittedParams {
  readonly label: string;
  /** Parents used. */
  readonly n: number;
  /** Fit statistics (r2, oosRmse, ...), same keys as the record's `stats`. */
  readonly stats: Readonly<Record<string, number>>;
}

/** A stored, versioned calibrated model. */
export interface CalibratedModel extends FittedParams {
  readonly name: string;
  /** 1, 2, ... per name; `model:NAME` means the latest. */
  readonly version: number;
  readonly model: CalibratedModelKind;
  readonly regimeRule: RegimeRule | null;
  readonly regimes: readonly RegimeFit[];
  /** Market the fills were on, when known. */
  readonly symbol: string | null;
  /** Data range of the parents used (epoch ms, first start and last end). */
  readonly fromMs: number;
  readonly toMs: number;
  /** ISO-8601 time of the fit (metadata only; never read by a simulation). */
  readonly fittedAt: string;
  /** Where the parents came from, e.g. `fills:orders.csv sha256:…` or `runs:12,13`. */
  readonly source: string;
  /** Pooled fit statistics: n, r2, oosRmse (walk-forward), ... */
  readonly stats: Readonly<Record<string, number>>;
}

/** A record before the store gives it its version. */
export type NewCalibratedModel = Omit<CalibratedModel, "version">;
