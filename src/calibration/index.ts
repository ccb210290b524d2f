/**
 * Impact-model calibration (issue 18, the fitting half): parent-level points from stored runs or a
 * fills file, volatility regimes, the square-root / Almgren-Chriss / propagator fits with standard
 * errors, walk-forward out-of-sample error beside the ML predictors, and the venue parameters of a
 * fitted model. The stored record type is calibrated-model.ts.
 */

export {
  type CalibrateInput,
  type CalibrateResult,
  calibrate,
  calibrationJson,
  validateCalibrateInput,
} from "./calibrate.js";
export {
  CALIBRATED_MODEL_KINDS,
  type CalibratedModel,
  type CalibratedModelKind,
  type FittedParams,
  type NewCalibratedModel,
  type RegimeFit,
  type RegimeRule,
} from "./calibrated-model.js";
export {
  appendCalibrationPoints,
  buildCalibrationPoints,
  CALIBRATION_FEATURE_CONFIG,
  CALIBRATION_MARKOUT_HORIZONS_MS,
  type CalibrationFill,
  type CalibrationMarkout,
  type CalibrationPoint,
  type CalibrationPoints,
  type CostBasis,
  candleMarkouts,
  type DroppedParents,
  type ExecutedParent,
  emptyCalibrationPoints,
  type MarkoutReader,
} from "./calibration-points.js";
export {
  calibrationWalkForward,
  compareWithMl,
  DEFAULT_CALIBRATION_FOLDS,
  MIN_ML_TRAIN,
  type MlComparison,
  type MlComparisonRow,
  outOfSampleErrors,
  type WalkForwardSplit,
} from "./calibration-walk-forward.js";
export { acFitter, acRegressors, lastingMarkout } from "./fit-ac.js";
export {
  type CalibrationReport,
  type CalibrationResult,
  type FitCalibratedModelOptions,
  fitCalibratedModel,
  fitterOf,
  type RegimeSummary,
} from "./fit-calibrated-model.js";
export {
  DEFAULT_PROPAGATOR_FIT,
  type PropagatorFitOptions,
  type PropagatorKernel,
  propagatorFitter,
} from "./fit-propagator.js";
export { huberLogLinear, sqrtFitter } from "./fit-sqrt.js";
export { type KindFit, type KindFitter, rmse } from "./kind-fit.js";
export { chowTest, type LeastSquaresFit, leastSquares, type RegimeTest } from "./least-squares.js";
export {
  calibrationPointsFromFillsFile,
  type FillsFileOptions,
  fillsFileSource,
  readFillsFile,
} from "./points-from-fills.js";
export { calibrationPointsFromRuns } from "./points-from-runs.js";
export {
  DEFAULT_REGIME_LOOKBACK_MS,
  realizedVolBefore,
  regimeLabels,
  regimeOf,
  regimeRuleFromTerciles,
} from "./regimes.js";
export { type VenueParams, venueParamsFor } from "./venue-params.js";
