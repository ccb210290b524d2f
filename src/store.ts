/**
 * `execsim/store`: the SQLite store (open/migrate, candles, results, run queries) and the data importers
 * and exporters that write to or read from it.
 */

// Issue 11, robust data and storage: database checks and write transactions, run housekeeping and
// candle checks, instrument tick/lot specs, streamed and re-mapped OHLCV reading, one symbol rule.
export { normalizeSymbol } from "./core/symbol.js";
export { type CsvRecord, csvField, parseCsvLine, readCsvRecords } from "./market/csv.js";
export {
  defaultExportName,
  EXPORT_HEADER,
  formatCandlesCsv,
  writeCandlesCsvFile,
} from "./market/export-csv.js";
export {
  detectFormat,
  type FileNameKey,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportOptions,
  type ImportSummary,
  importMarketData,
  inferIntervalFromSpacing,
  intervalFromToken,
  type KeySource,
  keyFromFileName,
  MAX_JSON_BYTES,
  type PreparedImport,
  prepareImport,
  writePreparedImport,
} from "./market/import-candles.js";
export { type KlineJsonBatch, mergeKlineResponses } from "./market/import-kline-json.js";
export {
  isOhlcvHeader,
  type ParsedOhlcv,
  parseOhlcvCsv,
  readOhlcvFile,
  TIME_COLUMNS,
} from "./market/import-ohlcv-csv.js";
export {
  isTradesHeader,
  type ParsedTrades,
  parseTradesCsv,
  readTradesFile,
  TRADE_REQUIRED_COLUMNS,
} from "./market/import-trades-csv.js";
export {
  type InstrumentSpec,
  instrumentSpec,
  roundToLot,
  setInstrumentSpec,
} from "./market/instrument-specs.js";
export { ByteSource, type LineIterator } from "./market/line-reader.js";
export { COLUMN_ALIASES, type OhlcvLayout } from "./market/ohlcv-layout.js";
export {
  barsIn,
  DEFAULT_GAPS_LISTED,
  findGaps,
  type GapRange,
  type GapReport,
  type ListFilter,
  listSeries,
  missingRanges,
  type SeriesSummary,
  type TimeRange,
} from "./market/series-catalog.js";
export { type AggregatedCandles, type TradeColumns, tradesToCandles } from "./market/trades-to-candles.js";
export {
  type InstrumentInfo,
  readSeries,
  upsertInstrument,
  type WriteCounts,
  writeCandles,
} from "./store/candle-store.js";
export {
  checkDatabaseFile,
  type Db,
  DEFAULT_DB_PATH,
  type ExecsimDatabase,
  openDatabase,
  resolveDbPath,
  writeTransaction,
} from "./store/database.js";
// Own executions (issue 17): a run's stored orders and fills, and its markouts
export { loadRunExecutions, type StoredExecution, type StoredFill } from "./store/execution-queries.js";
export { readMarkouts, writeMarkouts } from "./store/markout-store.js";
// Calibrated impact models (issue 18): the versioned calibrated_models table
export {
  type CalibratedModelSummary,
  calibratedModelVersions,
  getCalibratedModel,
  listCalibratedModels,
  saveCalibratedModel,
  validateModelName,
} from "./store/model-store.js";
export {
  candlesHash,
  codeVersion,
  type ResultSinkOptions,
  type RunMeta,
  type RunStatus,
  SqliteResultSink,
} from "./store/result-sink.js";
export { checkRunCandles, type RunCandlesCheck, runsOverlapping } from "./store/run-candles-check.js";
export {
  type DeleteResult,
  databaseBytes,
  deleteRuns,
  type PruneOptions,
  pruneRuns,
} from "./store/run-housekeeping.js";
export {
  getRun,
  type ListRunsOptions,
  listRuns,
  parentTcaRows,
  type RunDetail,
  type RunRow,
  type StoredParentTca,
} from "./store/run-queries.js";
// Parameter sweeps (issue 14): the sweeps and sweep_points tables; sweepRunIds: the runs of its
// points, read by `execsim report --sweep` (issue 16)
export {
  getSweep,
  listSweeps,
  type SweepPointRow,
  type SweepRow,
  type SweepStatus,
  sweepPointRows,
  sweepRunIds,
} from "./store/sweep-store.js";
