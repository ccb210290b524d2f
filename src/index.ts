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
// Own executions (issue 17): import a desk's parent orders and fills, post-trade TCA with markouts,
// and the strategies on the desk's own parent orders (compare --parents).
export { compareOnParents, compareOnParentsFile } from "./experiment/compare-own-parents.js";
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
// Own executions (issue 17): stored executions and markouts
export { loadRunExecutions, type StoredExecution, type StoredFill } from "./store/execution-queries.js";
export { readMarkouts, writeMarkouts } from "./store/markout-store.js";
export * from "./store/result-sink.js";
export * from "./store/run-queries.js";
export * from "./tca/aggregate.js";
export * from "./tca/benchmarks.js";
export * from "./tca/child-tca.js";
export * from "./tca/cost-decomposition.js";
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
