/**
 * execsim's main entry point (`import ... from "execsim"`): the library layer that runs and compares
 * strategies (experiment/), the engine, the impact and optimal-execution models, venues, TCA, market
 * statistics and the synthetic data generator, as named exports. Narrower entry points:
 * `execsim/strategy` (all a strategy author needs), `execsim/store` (SQLite store, importers, exports),
 * `execsim/bybit` (Bybit v5 client and parsers), `execsim/ml` (the ML impact predictors). The full surface
 * is recorded in api/public-api.json; a test fails when it changes without that file being updated.
 */

// Calibrating impact models (issue 18, fitting): parent-level points from runs or a fills file,
// volatility regimes, sqrt / Almgren-Chriss / propagator fits with SEs, out-of-sample error beside the
// ML predictors, and the venue parameters of a fitted model.
export {
  CALIBRATED_MODEL_KINDS,
  type CalibratedModel,
  type CalibratedModelKind,
  type CalibrateInput,
  type CalibrateResult,
  type CalibrationPoint,
  type CalibrationPoints,
  type CalibrationReport,
  type CalibrationResult,
  calibrate,
  calibrationJson,
  calibrationPointsFromFillsFile,
  calibrationPointsFromRuns,
  type FitCalibratedModelOptions,
  fitCalibratedModel,
  type NewCalibratedModel,
  type RegimeFit,
  type RegimeRule,
  type RegimeTest,
  realizedVolBefore,
  regimeOf,
  regimeRuleFromTerciles,
  type VenueParams,
  venueParamsFor,
} from "./calibration/index.js";
export {
  type ErrorCode,
  ExecsimError,
  isExecsimError,
  requireFinite,
  requireNonNegative,
  requirePositive,
} from "./core/errors.js";
export type {
  ChildOrderRecord,
  ExecutionResult,
  ExecutionResultBuffer,
  ExecutionVenue,
  FillRecord,
  ParentExecution,
  ParentOrder,
  VenueLeg,
} from "./core/execution-types.js";
export {
  DAY_MS,
  HOUR_MS,
  type Interval,
  intervalMs,
  isoUtc,
  MINUTE_MS,
  parseDurationMs,
  parseInterval,
  parseTimeMs,
} from "./core/interval.js";
export {
  allocSeries,
  type BookLevel,
  type BookSnapshot,
  CATEGORIES,
  type Candle,
  type CandleSeries,
  type Category,
  candleAt,
  type SeriesKey,
  type Side,
  seriesFromCandles,
  sideSign,
  sliceSeries,
} from "./core/market-types.js";
export { createRng, type Rng } from "./core/rng.js";
export {
  type AlmgrenChrissMarketParams,
  type AlmgrenChrissOverrides,
  almgrenChrissMarketParams,
  type HistoryEstimates,
} from "./engine/ac-market-params.js";
export {
  ALMGREN_CHRISS_PLAN_DEFAULTS,
  type AlmgrenChrissPlan,
  type AlmgrenChrissPlanParams,
  planAlmgrenChriss,
  validateAlmgrenChrissPlanParams,
} from "./engine/ac-plan.js";
export { BYBIT_DEFAULT_FEES, BYBIT_SPOT_FEES, type FeeSchedule, validateFees } from "./engine/fees.js";
// Calibrated models by name and the closed loop (issue 18, use): `--impact model:NAME[@V]`, the
// per-parent regime parameters, and `compare --recalibrate every:N`.
export {
  buildRunConfig,
  type ImpactKind,
  type ImpactModelConfig,
  type ParentPlan,
  parentStartsWithin,
  planParents,
  RUN_DEFAULTS,
  type RunConfig,
  type RunConfigInput,
} from "./engine/run-config.js";
export { type SliceGrid, sliceGrid, sliceTag, submitToTarget } from "./engine/schedule-grid.js";
export { type SimulationSpec, type StrategyEntry, simulate, validateParent } from "./engine/simulator.js";
export {
  type BarEvent,
  type ChildOrderRequest,
  type DefinedStrategy,
  defineStrategy,
  type ExecutionStrategy,
  isExecutionStrategy,
  type MarketView,
  type ParentOrderState,
  type StrategyContext,
  type StrategyDefinition,
  type StrategyFactory,
} from "./engine/strategy-api.js";
export {
  BUILTIN_STRATEGIES,
  isStrategyPath,
  type LoadedStrategy,
  type LoadStrategyOptions,
  loadStrategy,
  parseStrategySpec,
  type StrategySpec,
  splitStrategyList,
  strategyLabel,
} from "./engine/strategy-loader.js";
// Issue 12 (performance): the running intraday volume profile behind market.volumeProfile().
export { VolumeProfileSums } from "./engine/volume-profile.js";
// Regression-testing strategy code: run config files (--config), golden baselines (save / check),
// diffs of stored runs. The vitest helper expectMatchesBaseline lives in src/testing/index.ts
// (the execsim/testing subpath), not here.
export {
  BASELINE_FORMAT,
  type Baseline,
  type BaselineData,
  DEFAULT_BASELINE_DIR,
  listBaselines,
  parseBaseline,
  readBaseline,
} from "./experiment/baseline/baseline-file.js";
export {
  type CheckBaselineOptions,
  type CheckBaselineResult,
  checkBaseline,
  type SaveBaselineOptions,
  type SaveBaselineResult,
  saveBaseline,
} from "./experiment/baseline/baseline-run.js";
export {
  type ParentSnapshot,
  type StrategySnapshot,
  snapshotRun,
} from "./experiment/baseline/run-snapshot.js";
export { diffRuns, type RunsDiff } from "./experiment/baseline/runs-diff.js";
export {
  type DiffOptions,
  diffSnapshots,
  type MetricChange,
  type SnapshotDiff,
  type StrategyDiff,
} from "./experiment/baseline/snapshot-diff.js";
export {
  // Issue 12 (performance): what a batch stores (--store full|parents|summary); issue 17: its parents override.
  type BatchOptions,
  type BatchResult,
  type BatchRun,
  compareStrategies,
  discardPreparedBatch,
  executeBatch,
  type PrepareBatchOptions,
  type PreparedBatch,
  prepareBatch,
  runBatch,
} from "./experiment/batch.js";
// Own executions (issue 17): import a desk's parent orders and fills, post-trade TCA with markouts,
// and the strategies on the desk's own parent orders (compare --parents).
export { compareOnParents, compareOnParentsFile } from "./experiment/compare-own-parents.js";
// Issue 10 (isolation, containment, honest ranking): the strategy job executor (worker threads, a
// time budget per strategy and parent, results in canonical order), the completion cost of an
// unfilled rest, the parent fill state, and the comparison legend.
export {
  DEFAULT_STRATEGY_TIMEOUT_MS,
  runStrategyJobs,
  runStrategyJobsInProcess,
  type StrategyJobsSpec,
} from "./experiment/executor/job-executor.js";
export type { StrategyJobSource, VenueSource } from "./experiment/executor/job-protocol.js";
export {
  IMPORTED_STRATEGY,
  type ImportedRun,
  type ImportOrdersOptions,
  type ImportOrdersResult,
  importOwnOrders,
  importOwnOrdersFiles,
} from "./experiment/import-own-orders.js";
export { replayMidPath, venueFactoryOfRun } from "./experiment/markout-replay.js";
export {
  impactFromModel,
  linearParams,
  type ModelAtTime,
  type ModelBelief,
  type ModelLookup,
  modelAt,
  modelPreTrade,
  ParentModels,
  resolveModelSpec,
  storeModelLookup,
} from "./experiment/model-by-name.js";
export {
  formatModelSpec,
  isModelSpec,
  type ModelRef,
  parseModelRef,
  parseModelSpec,
} from "./experiment/model-spec.js";
export {
  FILL_COLUMNS as OWN_FILL_COLUMNS,
  type OwnFill,
  type OwnOrders,
  type OwnParentOrder,
  PARENT_COLUMNS as OWN_PARENT_COLUMNS,
  type RowSource,
  readOwnOrders,
  readParentOrders,
} from "./experiment/own-orders-file.js";
export { type PlannedParent, planFromParents } from "./experiment/own-parents-plan.js";
export {
  type CostPartsBps,
  type ParentMarkout,
  type ParentPostTrade,
  type PostTradeOptions,
  type PostTradeTca,
  parseMarkoutHorizons,
  postTradeTca,
  type RunMarkout,
  type RunTotals,
} from "./experiment/post-trade-tca.js";
export {
  etaWithDeltaHeld,
  type RecalibrationReport,
  type RecalibrationStep,
  refitBefore,
  timeOrdered,
} from "./experiment/recalibrate-loop.js";
// AMM routing (issue 15): pools as venues, the router, the routed venue, venues by definition value,
// Uniswap v3 swap-step math, per-venue TCA.
export { expandRoutingModes, routedLabel } from "./experiment/routing-modes.js";
export {
  compareConfigFromObject,
  formatRunConfigFile,
  readRunConfigFile,
} from "./experiment/run-config-file.js";
export {
  flagsFromRunConfig,
  flagsOfStoredRun,
  type RunFlagsFile,
  runConfigFromFlags,
  type SimulationFlags,
} from "./experiment/run-flags.js";
// Issue 11, robust data and storage: the spread a real symbol's venue uses by default.
export { type SpreadChoice, withSpreadDefaults } from "./experiment/spread-defaults.js";
// Parameter sweeps (issue 14): `execsim sweep` as a library call, its grid, theory and recommendation
export {
  type AcParentInputs,
  type AcParentTheory,
  type AcPointTheory,
  acInputsAtStart,
  acParentTheory,
  acPointTheory,
} from "./experiment/sweep/ac-theory.js";
export {
  buildParamGrid,
  type GridPoint,
  type GridScale,
  type ParamAxis,
  type ParamGrid,
  parseParamAxis,
} from "./experiment/sweep/param-grid.js";
export {
  type Recommendation,
  type RecommendationRule,
  recommendPoint,
} from "./experiment/sweep/recommend.js";
export { resumeSweep, runSweep, type SweepRunOptions } from "./experiment/sweep/run-sweep.js";
export { planSweep, type SweepInput, type SweepPlan } from "./experiment/sweep/sweep-plan.js";
export {
  type SweepPointResult,
  type SweepResult,
  sweepResultFromStore,
} from "./experiment/sweep/sweep-result.js";
export {
  type DecayKernel,
  exponentialKernel,
  exponentialKernelFromHalfLife,
  powerLawKernel,
} from "./impact/decay-kernels.js";
export type { ImpactEstimate, ImpactInput, ImpactModel } from "./impact/impact-model.js";
export {
  type KyleLambdaEstimate,
  type KyleLambdaPoint,
  kyleLambda,
  kyleLambdaFromCandles,
} from "./impact/kyle-lambda.js";
export {
  AlmgrenChrissImpactModel,
  type AlmgrenChrissModelConfig,
  type LinearImpactParams,
  type LinearImpactPath,
  linearImpactPath,
  permanentImpact,
  temporaryImpact,
} from "./impact/linear-impact.js";
export {
  discretizePiecewise,
  type ObizhaevaWangParams,
  obizhaevaWangCost,
  obizhaevaWangOptimal,
  obizhaevaWangOptimalCost,
  obizhaevaWangTwapCost,
  type PiecewiseStrategy,
  piecewiseTotal,
} from "./impact/obizhaeva-wang.js";
export {
  calibrateSquareRoot,
  type SquareRootCalibration,
  type SquareRootCalibrationPoint,
} from "./impact/square-root-calibration.js";
export {
  SQUARE_ROOT_DEFAULTS,
  SquareRootImpactModel,
  type SquareRootImpactParams,
  type SquareRootModelConfig,
  squareRootFraction,
  squareRootImpact,
  squareRootModelFromStats,
  validateSquareRootParams,
} from "./impact/square-root-impact.js";
export { preTradeDisplacement, transientImpactCost, transientImpactPath } from "./impact/transient-impact.js";
export {
  type CandleField,
  ceilToInterval,
  floorToInterval,
  gridOffsetMs,
  isAligned,
  type ValidationOptions,
  validateCandles,
} from "./market/candle-validation.js";
export {
  DEFAULT_DATASET_BARS,
  DEFAULT_DATASET_CATEGORY,
  DEFAULT_DATASET_DAYS,
  DEFAULT_DATASET_END_MS,
  DEFAULT_DATASET_INTERVAL,
  DEFAULT_DATASET_KEY,
  DEFAULT_DATASET_SEED,
  DEFAULT_DATASET_SOURCE,
  DEFAULT_DATASET_START_MS,
  DEFAULT_DATASET_SYMBOL,
  defaultDatasetConfig,
  type EnsureDefaultResult,
  ensureDefaultDataset,
  ensureDefaultDatasetDetailed,
} from "./market/default-dataset.js";
export {
  type AbdiRanaldoEstimate,
  type AmihudEstimate,
  type AverageDailyVolume,
  abdiRanaldoEstimate,
  abdiRanaldoSpread,
  amihudEstimate,
  amihudIlliquidity,
  amihudIlliquidityForRange,
  averageDailyVolume,
  averageDailyVolumeForRange,
  type CorwinSchultzEstimate,
  corwinSchultzEstimate,
  corwinSchultzPair,
  corwinSchultzSpread,
  corwinSchultzSpreadForRange,
  DEFAULT_MIN_STATS_DAYS,
  type IntradayVolumeProfile,
  intradayVolumeProfile,
  intradayVolumeProfileForRange,
  type MarketStats,
  MIN_DAYS_FOR_DAILY_AVERAGES,
  MIN_RETURNS_FOR_VOLATILITY,
  marketStats,
  marketStatsForRange,
  type RealizedVolatility,
  realizedVolatility,
  realizedVolatilityForRange,
  type StatsRangeOptions,
} from "./market/market-stats.js";
export {
  generateSyntheticCandles,
  MAX_SYNTHETIC_BARS,
  type ResolvedSyntheticConfig,
  resolveSyntheticConfig,
  SYNTHETIC_DEFAULTS,
  type SyntheticCandleConfig,
  type SyntheticModelParams,
} from "./market/synthetic-candles.js";
export {
  type AlmgrenChrissParams,
  type AlmgrenChrissSchedule,
  almgrenChrissClosedForm,
  almgrenChrissCostOf,
  almgrenChrissCostRisk,
  almgrenChrissKappa,
  almgrenChrissSchedule,
  holdingFraction,
} from "./optimize/almgren-chriss.js";
export {
  type AcModelParams,
  acParamsFromMarket,
  COST_CURVE_MODELS,
  type CostCurveMarket,
  type CostCurveModel,
  type CostCurveOptions,
  type CostCurvePoint,
  preTradeCostCurve,
} from "./optimize/cost-curve.js";
export { almgrenChrissFrontier, type FrontierPoint, lambdaGrid } from "./optimize/efficient-frontier.js";
// HTML report with charts and result exports (issue 16)
export { buildReport, renderReport, writeReport } from "./report/build-report.js";
export {
  costPartRows,
  type ImpactVsParticipation,
  impactVsParticipation,
  medianParentId,
  type PricePath,
  pricePath,
  type ShortfallDistribution,
  shortfallDistribution,
  type Trajectories,
  trajectories,
} from "./report/chart-data.js";
export {
  costPartsSpec,
  impactSpec,
  pricePathSpec,
  shortfallSpec,
  trajectorySpec,
} from "./report/chart-specs.js";
export { formatNumber, formatTable } from "./report/format-table.js";
// the report of a stored sweep (issue 16: report --sweep)
export { frontierSpec } from "./report/frontier-spec.js";
export { compileSpec, type RenderedChart, renderSvg } from "./report/render-svg.js";
export {
  loadReportData,
  type ReportData,
  type ReportFill,
  type ReportSelector,
} from "./report/report-data.js";
export type { BuiltReport, ReportChart, ReportOptions } from "./report/report-page.js";
export {
  EXPORT_FORMATS,
  EXPORT_TABLES,
  type ExportFormat,
  type ExportTable,
  exportChunks,
  exportColumns,
  exportParquet,
  writeExportFile,
} from "./report/result-export.js";
export {
  type FrontierRealized,
  type FrontierTheory,
  loadSweepReportData,
  type SweepFrontier,
  type SweepReportData,
  sweepFrontier,
} from "./report/sweep-report-data.js";
export { renderSweepReport } from "./report/sweep-report-page.js";
export {
  COMPARISON_LEGEND,
  type CostPartsSummary,
  comparisonTable,
  costPartsByStrategy,
  costPartsTable,
  formatCell,
  parentRowsFromStored,
  parentRowsFromTca,
  parentTable,
  runsTable,
} from "./report/tca-tables.js";
export { DEFAULT_DB_PATH, type ExecsimDatabase, openDatabase, resolveDbPath } from "./store/database.js";
// Issue 12 (performance): the storage levels of --store.
export { STORE_LEVELS, type StoreLevel } from "./store/result-sink.js";
export { type VenueSplitRow, venueSplit, writeVenueTca } from "./store/venue-tca-store.js";
export {
  aggregateByStrategy,
  type MetricSummary,
  pairedDifference,
  quantileSorted,
  type StrategySummary,
  summarize,
} from "./tca/aggregate.js";
export {
  barsOverlapping,
  firstBarAtOrAfter,
  type IntervalBenchmarks,
  intervalBenchmarks,
  slippageBps,
} from "./tca/benchmarks.js";
export { type ChildTca, childTca } from "./tca/child-tca.js";
export { completionCostQuote, type FillState, fillStateOf } from "./tca/completion-cost.js";
export { type CostParts, costPartsOf, FillCostAccumulator, sumCostParts } from "./tca/cost-decomposition.js";
// Own executions (issue 17): markout arithmetic
export {
  DEFAULT_MARKOUT_HORIZONS,
  lastCloseMid,
  type MarkoutFill,
  type MarkoutParent,
  type MarkoutRow,
  type MarkoutSummary,
  type MidPath,
  markoutBps,
  markoutRows,
  summarizeMarkouts,
} from "./tca/markouts.js";
export {
  COST_PARTS,
  type ParentTca,
  type ParentTcaOptions,
  parentTca,
  sumOfParts,
} from "./tca/parent-tca.js";
export {
  barsBefore,
  PRE_TRADE_DEFAULTS,
  type PreTradeEstimate,
  type PreTradeOptions,
  squareRootPreTrade,
} from "./tca/pre-trade.js";
export { type VenueTca, venueTca } from "./tca/venue-tca.js";
export {
  ammOutputTooLargeError,
  type SwapDirection,
  type SwapResult,
  TwoAssetPool,
} from "./venues/amm/amm-pool.js";
export {
  ConstantProductPool,
  constantProductPriceImpact,
  constantProductPriceImpactFromInputShare,
  constantProductPriceImpactFromOutputShare,
} from "./venues/amm/constant-product-pool.js";
export { ConstantSumPool, constantSumPriceImpact } from "./venues/amm/constant-sum-pool.js";
export {
  type AmmLiquidity,
  ConcentratedLiquidity,
  ConstantProductLiquidity,
  ConstantSumLiquidity,
  type LiquiditySource,
  type PoolModel,
  type PoolTrade,
  type PriceRange,
} from "./venues/amm/pool-liquidity.js";
export {
  instantiatePool,
  loadPoolsFile,
  type PoolSpec,
  type PoolsConfig,
  parsePoolModel,
  parsePoolsConfig,
  ROUTING_MODES,
  type RoutingMode,
} from "./venues/amm/pools-file.js";
export {
  UNISWAP_V2_FEE,
  type UniswapV2Fee,
  type UniswapV2SwapResult,
  uniswapV2GetAmountIn,
  uniswapV2GetAmountOut,
  uniswapV2SatisfiesK,
  uniswapV2SwapExactIn,
  uniswapV2SwapExactOut,
} from "./venues/amm/uniswap-v2-math.js";
export {
  computeSwapStep,
  getAmount0Delta,
  getAmount1Delta,
  getNextSqrtPriceFromInput,
  getNextSqrtPriceFromOutput,
  type MultiStepSwap,
  Q96,
  type SqrtRange,
  type SwapStep,
  swapAcrossRanges,
} from "./venues/amm/uniswap-v3-math.js";
export { type BookSideLevels, ConsumableOrderBook } from "./venues/book-consumable.js";
export {
  bookBestPrice,
  bookPriceImpactRatio,
  type SequentialTradeImpact,
  sequentialTradeImpact,
} from "./venues/book-price-impact.js";
export {
  type BookVenueParams,
  DEFAULT_BOOK_VENUE,
  type ResilienceKernel,
  resolveBookVenueParams,
  SyntheticBookVenue,
  type SyntheticBookVenueParams,
} from "./venues/book-venue.js";
export {
  type BookWalkResult,
  levelsWithinLimit,
  validateBookSide,
  walkBook,
  walkBookRange,
} from "./venues/order-book.js";
export {
  type AlmgrenChrissFillParams,
  AlmgrenChrissFillVenue,
  DEFAULT_PROPAGATOR_FILL,
  DEFAULT_SPREAD_PARAMS,
  DEFAULT_SQUARE_ROOT_FILL,
  type NoImpactParams,
  NoImpactVenue,
  type PropagatorFillParams,
  PropagatorFillVenue,
  type SpreadParams,
  type SquareRootFillParams,
  SquareRootFillVenue,
} from "./venues/parametric-venues.js";
export {
  type PoolAllocation,
  type PoolRoute,
  type PoolRouteOptions,
  routeAcrossPools,
} from "./venues/routing/pool-route.js";
export { BookLiquidity, RoutedVenue, type RoutedVenueParams } from "./venues/routing/routed-venue.js";
export {
  DEFAULT_ROUTE_STEP,
  optimalSplit,
  splitAtEqualMarginal,
  stepSplit,
} from "./venues/routing/router.js";
export { barIndexAt, SubBarClock, subBarMid } from "./venues/sub-bar-path.js";
export {
  autoTickSize,
  DEFAULT_SYNTHETIC_BOOK,
  resolveSyntheticBookParams,
  SyntheticBookModel,
  type SyntheticBookParams,
} from "./venues/synthetic-book.js";
export { type SpreadSource, TrailingBarStats } from "./venues/trailing-bar-stats.js";
export {
  createVenue,
  DEFAULT_VENUE_KIND,
  parseVenueKind,
  parseVenueParams,
  VENUE_KINDS,
  type VenueKind,
  type VenueParamsByKind,
  venueDefaults,
} from "./venues/venue-factory.js";
export {
  type DefinedVenue,
  defineVenue,
  findVenue,
  isVenuePath,
  loadVenueFile,
  registeredVenueNames,
  registerVenue,
  type VenueDefinition,
} from "./venues/venue-registry.js";
