/**
 * execsim's public API: named exports only. Users' strategies and the built-in strategies in
 * strategies/ import from here and nowhere else.
 */
export * from "./core/errors.js";
export * from "./core/execution-types.js";
export * from "./core/interval.js";
export * from "./core/market-types.js";
export * from "./core/rng.js";
export * from "./engine/ac-market-params.js";
export * from "./engine/ac-plan.js";
export * from "./engine/fees.js";
export * from "./engine/run-config.js";
export * from "./engine/schedule-grid.js";
export * from "./engine/simulator.js";
export * from "./engine/strategy-api.js";
export * from "./engine/strategy-loader.js";
export * from "./experiment/batch.js";
// Issue 10 (isolation, containment, honest ranking): the strategy job executor (worker threads, a
// time budget per strategy and parent, results in canonical order), the completion cost of an
// unfilled rest and the parent fill state.
export {
  DEFAULT_STRATEGY_TIMEOUT_MS,
  runStrategyJobs,
  runStrategyJobsInProcess,
  type StrategyJobsSpec,
} from "./experiment/executor/job-executor.js";
export type { StrategyJobSource, VenueSource } from "./experiment/executor/job-protocol.js";
export * from "./impact/decay-kernels.js";
export * from "./impact/impact-model.js";
export * from "./impact/kyle-lambda.js";
export * from "./impact/linear-impact.js";
export * from "./impact/ml/index.js";
export * from "./impact/obizhaeva-wang.js";
export * from "./impact/square-root-calibration.js";
export * from "./impact/square-root-impact.js";
export * from "./impact/transient-impact.js";
export * from "./market/bybit-kline-client.js";
export * from "./market/bybit-kline-parse.js";
export * from "./market/bybit-orderbook-recording.js";
export * from "./market/candle-validation.js";
export * from "./market/csv.js";
export * from "./market/default-dataset.js";
export * from "./market/export-csv.js";
export * from "./market/import-candles.js";
export * from "./market/import-fields.js";
export * from "./market/import-kline-json.js";
export * from "./market/import-ohlcv-csv.js";
export * from "./market/import-trades-csv.js";
export * from "./market/market-stats.js";
export * from "./market/series-catalog.js";
export * from "./market/synthetic-candles.js";
export * from "./market/trades-to-candles.js";
export * from "./optimize/almgren-chriss.js";
export * from "./optimize/cost-curve.js";
export * from "./optimize/efficient-frontier.js";
export * from "./report/format-table.js";
export * from "./report/tca-tables.js";
export * from "./store/candle-store.js";
export * from "./store/database.js";
export * from "./store/result-sink.js";
export * from "./store/run-queries.js";
export * from "./tca/aggregate.js";
export * from "./tca/benchmarks.js";
export * from "./tca/child-tca.js";
export { completionCostQuote, type FillState, fillStateOf } from "./tca/completion-cost.js";
export * from "./tca/cost-decomposition.js";
export * from "./tca/parent-tca.js";
export * from "./tca/pre-trade.js";
export * from "./venues/amm/amm-pool.js";
export * from "./venues/amm/constant-product-pool.js";
export * from "./venues/amm/constant-sum-pool.js";
export * from "./venues/amm/uniswap-v2-math.js";
export * from "./venues/book-consumable.js";
export * from "./venues/book-price-impact.js";
export * from "./venues/book-venue.js";
export * from "./venues/order-book.js";
export * from "./venues/parametric-venues.js";
export * from "./venues/sub-bar-path.js";
export * from "./venues/synthetic-book.js";
export * from "./venues/trailing-bar-stats.js";
export * from "./venues/venue-factory.js";
