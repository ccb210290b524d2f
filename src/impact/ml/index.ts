/**
 * Public API of the ML impact predictors (issue 3, "Machine-learned predictors"): feature building from
 * candles without look-ahead, standardisation, OLS and a two-hidden-layer ReLU network, synthetic
 * labelled training sets, a storable predictor, and walk-forward evaluation against the square-root
 * law. Each file documents its formulas, units and sources.
 */
export {
  buildImpactFeatures,
  DEFAULT_FEATURE_CONFIG,
  type DroppedSamples,
  type FeatureConfig,
  featureConfigFromJSON,
  featureConfigToJSON,
  firstFeatureTimeMs,
  IMPACT_FEATURE_NAMES,
  type ImpactDataset,
  type ImpactFeatureName,
  type ImpactSample,
  RollingMarketStats,
  validateFeatureConfig,
} from "./feature-builder.js";
export { type FeatureMatrix, matrixFromRows, selectRows, sliceRows } from "./feature-matrix.js";
export {
  type FitImpactPredictorOptions,
  fitImpactPredictor,
  IMPACT_PREDICTOR_KIND,
  ML_MODEL_KINDS,
  MlImpactPredictor,
  type MlModelKind,
  type MlTarget,
} from "./impact-predictor.js";
export { OLS_KIND, type OlsFitStats, OlsRegressor } from "./linear-regression.js";
export {
  DEFAULT_MLP_ARCHITECTURE,
  DEFAULT_MLP_TRAINING,
  MLP_KIND,
  type MlpArchitecture,
  MlpRegressor,
  type MlpTrainingOptions,
  type MlpTrainingReport,
  mlpParameterCount,
  trainMlp,
} from "./neural-network.js";
export { FeatureStandardizer, STANDARDIZER_KIND } from "./standardizer.js";
export {
  DEFAULT_SYNTHETIC_SAMPLES,
  DEFAULT_TRUTH_PARAMS,
  generateImpactSamples,
  type ImpactTruth,
  type ImpactTruthInput,
  type SyntheticImpactSet,
  type SyntheticSampleConfig,
  squareRootTruth,
  timeOfDayTruth,
} from "./synthetic-impact-samples.js";
export {
  DEFAULT_WALK_FORWARD,
  EVALUATED_MODELS,
  type EvaluatedModel,
  type FoldResult,
  type RegressionMetrics,
  regressionMetrics,
  type WalkForwardFold,
  type WalkForwardOptions,
  type WalkForwardReport,
  walkForwardEvaluate,
  walkForwardFolds,
} from "./walk-forward.js";
