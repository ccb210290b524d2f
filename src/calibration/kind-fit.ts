/**
 * What every model kind's fit returns (fit-sqrt.ts, fit-ac.ts, fit-propagator.ts): parameters with
 * standard errors, statistics, the residual sum of squares of its own objective (for the regime F-test)
 * and the errors of its predictions on other points (for the walk-forward out-of-sample error).
 */
import type { CalibrationPoint } from "./calibration-points.js";

export interface KindFit {
  readonly params: Record<string, number>;
  readonly standardErrors: Record<string, number>;
  /** n, r2, ... (numbers only: they go into the stored record's stats). */
  readonly stats: Record<string, number>;
  /** Residual sum of squares of the fit's objective, and the coefficients it fitted (regime test). */
  readonly rss: number;
  readonly nParams: number;
  /** Observations behind rss. */
  readonly nObs: number;
  /**
   * Prediction errors (prediction − observation) of this fit on `points`, in the units of
   * `errorUnit`; points the model cannot score are skipped.
   */
  errors(points: readonly CalibrationPoint[]): number[];
  /** Predicted cost (fraction of the arrival price) of a point, when the model predicts costs. */
  predictCost?(point: CalibrationPoint): number;
}

/** A kind's fitter with the least data it needs. */
export interface KindFitter {
  readonly minPoints: number;
  /** What `errors` measures, for reports. */
  readonly errorUnit: string;
  /**
   * Fit `points`. `opts.standardErrors: false` (the walk-forward blocks, which only score predictions)
   * lets a fitter skip costly standard errors; they are then NaN.
   */
  fit(points: readonly CalibrationPoint[], opts?: { standardErrors?: boolean }): KindFit;
}

export function rmse(errors: readonly number[]): number {
  return errors.length > 0 ? Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length) : Number.NaN;
}
