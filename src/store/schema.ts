/**
 * The SQLite schema, in one module. drizzle-kit generates the migrations in ./drizzle from this file
 * (`npm run db:generate`); they are committed and applied by openDatabase() on every open.
 *
 * Market data: `instruments` and `candles`. A candle's identity is (symbol, category, interval,
 * open_time_ms); that composite primary key makes re-imports idempotent and doubles as the index
 * for range scans of one series in time order.
 */
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

export const instruments = sqliteTable(
  "instruments",
  {
    symbol: text("symbol").notNull(),
    category: text("category").notNull(),
    baseCoin: text("base_coin"),
    quoteCoin: text("quote_coin"),
    /** Where the instrument's data came from: bybit, import, synthetic. */
    source: text("source").notNull(),
    /** Price tick (quote units); null = unknown (then the built-in spec, if any, applies). */
    tickSize: real("tick_size"),
    /** Quantity step (base units) that orders are rounded to; null = unknown. */
    lotSize: real("lot_size"),
    createdAtMs: integer("created_at_ms").notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.category] })],
);

export const candles = sqliteTable(
  "candles",
  {
    symbol: text("symbol").notNull(),
    category: text("category").notNull(),
    /** Bybit interval code: "1","3",...,"720","D","W". */
    interval: text("interval").notNull(),
    openTimeMs: integer("open_time_ms").notNull(),
    open: real("open").notNull(),
    high: real("high").notNull(),
    low: real("low").notNull(),
    close: real("close").notNull(),
    volume: real("volume").notNull(),
    turnover: real("turnover"),
    /** bybit-api, bybit-json, bybit-trades-csv, ohlcv-csv, synthetic:<seed> */
    source: text("source").notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.category, t.interval, t.openTimeMs] })],
);

/**
 * Columnar copies of the candles, for reads at scan speed (store/candle-chunks.ts): one row per series
 * and chunk of open time (chunk = open_time_ms >> 28, about 3.1 days), `data` holding the chunk's bars
 * as seven little-endian float64 columns (open time, open, high, low, close, volume, turnover with NaN
 * for NULL), `bars` long each. A derived cache of `candles`: triggers on `candles` (migration
 * 0005) delete the chunk of every row inserted, updated or deleted, and a missing chunk is rebuilt from
 * the rows, so a chunk present is always the rows' current content.
 */
export const candleChunks = sqliteTable(
  "candle_chunks",
  {
    symbol: text("symbol").notNull(),
    category: text("category").notNull(),
    interval: text("interval").notNull(),
    chunk: integer("chunk").notNull(),
    bars: integer("bars").notNull(),
    data: blob("data", { mode: "buffer" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.category, t.interval, t.chunk] })],
);

/*
 * Simulation results. A run is one strategy over a set of parent orders on one candle range;
 * `execsim compare` writes one run per strategy sharing a batch_id. Every result table keys on
 * (run_id, position in the run): the primary key doubles as the index on run_id for "everything of
 * run X" in simulation order, rows are appended at the end of the B-tree (fast bulk writes), and
 * deleting a run cascades. created_at_ms / started_at_ms / finished_at_ms come from the wall clock and are
 * metadata only: nothing compared for determinism reads them.
 */
export const runs = sqliteTable(
  "runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    createdAtMs: integer("created_at_ms").notNull(),
    /** run | compare | import */
    command: text("command").notNull(),
    /** simulated (the engine made the fills) | imported (a user's own executions, `execsim orders import`). */
    source: text("source").notNull().default("simulated"),
    /**
     * Imported runs: sha256 of the normalised orders and fills (and the candle key), so a re-import of the
     * same executions finds this run instead of storing a copy. Null for simulated runs.
     */
    importHash: text("import_hash"),
    strategy: text("strategy").notNull(),
    /** Shared by the runs of one `execsim compare`; null for a single run. */
    batchId: text("batch_id"),
    /** The full validated config (JSON), incl. the impact model and its parameters. */
    configJson: text("config_json").notNull(),
    seed: text("seed").notNull(),
    symbol: text("symbol").notNull(),
    category: text("category").notNull(),
    interval: text("interval").notNull(),
    fromMs: integer("from_ms").notNull(),
    toMs: integer("to_ms").notNull(),
    /** sha256 over the bytes of the candle arrays used (open time, OHLC, volume, turnover). */
    candlesHash: text("candles_hash").notNull(),
    /** package.json version, plus `git describe` where available. */
    codeVersion: text("code_version").notNull(),
    /** running | completed | failed */
    status: text("status").notNull(),
    error: text("error"),
    /** Process that began the run (a "running" run whose process is gone is stale). */
    pid: integer("pid"),
    startedAtMs: integer("started_at_ms").notNull(),
    finishedAtMs: integer("finished_at_ms"),
    /** Phase timings in ms (JSON: simulate, tca, write). */
    timingsJson: text("timings_json"),
    /**
     * The run's aggregate TCA (JSON StrategySummary) when it was stored with `--store summary`, which
     * writes no parent/child/fill rows; null otherwise (the rows hold it).
     */
    summaryJson: text("summary_json"),
  },
  (t) => [
    index("runs_batch_idx").on(t.batchId),
    index("runs_status_idx").on(t.status),
    index("runs_import_hash_idx").on(t.importHash),
  ],
);

export const parentOrders = sqliteTable(
  "parent_orders",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    parentId: text("parent_id").notNull(),
    symbol: text("symbol").notNull(),
    side: text("side").notNull(),
    qtyBase: real("qty_base").notNull(),
    startMs: integer("start_ms").notNull(),
    endMs: integer("end_ms").notNull(),
    limitPrice: real("limit_price"),
    maxParticipation: real("max_participation"),
    /** completed | failed (the strategy threw on this parent) */
    status: text("status").notNull(),
    error: text("error"),
    arrivalMid: real("arrival_mid").notNull(),
    endMid: real("end_mid").notNull(),
    /** filled | partial | unfilled (null on rows written before it existed) */
    fillState: text("fill_state"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.parentId] })],
);

export const childOrders = sqliteTable(
  "child_orders",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    /** Position of the child order in the run (0-based), in simulation order. */
    seq: integer("seq").notNull(),
    childId: text("child_id").notNull(),
    parentId: text("parent_id").notNull(),
    side: text("side").notNull(),
    qtyBase: real("qty_base").notNull(),
    submitMs: integer("submit_ms").notNull(),
    arriveMs: integer("arrive_ms").notNull(),
    limitPrice: real("limit_price"),
    tag: text("tag"),
    filledQtyBase: real("filled_qty_base").notNull(),
    status: text("status").notNull(),
    reason: text("reason"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

export const fills = sqliteTable(
  "fills",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    /** Position of the fill in the run (0-based), in simulation order. */
    seq: integer("seq").notNull(),
    /** The child order's position in the run: joins child_orders.seq of the same run. */
    childSeq: integer("child_seq").notNull(),
    parentId: text("parent_id").notNull(),
    venue: text("venue").notNull(),
    /** +1 buy, −1 sell (the sign convention of TCA; integers keep bulk fill writes fast). */
    sideSign: integer("side_sign").notNull(),
    timeMs: integer("time_ms").notNull(),
    qtyBase: real("qty_base").notNull(),
    avgPrice: real("avg_price").notNull(),
    notionalQuote: real("notional_quote").notNull(),
    feeQuote: real("fee_quote").notNull(),
    /** 0 taker, 1 maker. */
    maker: integer("maker").notNull(),
    marketMid: real("market_mid").notNull(),
    midBefore: real("mid_before").notNull(),
    midAfter: real("mid_after").notNull(),
    halfSpread: real("half_spread").notNull(),
    permanentImpactBefore: real("permanent_impact_before").notNull(),
    transientImpactBefore: real("transient_impact_before").notNull(),
    levelsConsumed: integer("levels_consumed").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/**
 * TCA per parent (level "parent", child_id NULL) and per child order (level "child"). Quote columns
 * are in quote currency; bps columns in bps of the arrival notional (parent: Q × arrival mid; child:
 * its filled quantity × the parent's arrival mid). Costs are positive when they hurt. NaN is stored
 * as NULL (no fill → no average price).
 */
export const tcaResults = sqliteTable(
  "tca_results",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    /** Position of the row in the run: a parent row, then its children's rows, parent by parent. */
    seq: integer("seq").notNull(),
    /** parent | child */
    level: text("level").notNull(),
    parentId: text("parent_id").notNull(),
    /** Null on parent rows. */
    childId: text("child_id"),
    status: text("status").notNull(),
    side: text("side").notNull(),
    qtyBase: real("qty_base").notNull(),
    filledQtyBase: real("filled_qty_base").notNull(),
    unfilledQtyBase: real("unfilled_qty_base"),
    arrivalMid: real("arrival_mid"),
    avgFillPrice: real("avg_fill_price"),
    shortfallQuote: real("shortfall_quote"),
    shortfallBps: real("shortfall_bps"),
    spreadQuote: real("spread_quote"),
    temporaryImpactQuote: real("temporary_impact_quote"),
    permanentImpactQuote: real("permanent_impact_quote"),
    transientImpactQuote: real("transient_impact_quote"),
    timingQuote: real("timing_quote"),
    feesQuote: real("fees_quote"),
    opportunityQuote: real("opportunity_quote"),
    feesBps: real("fees_bps"),
    /** Parent: interval market VWAP; child: VWAP of the bar it filled in. */
    benchmarkVwap: real("benchmark_vwap"),
    intervalTwap: real("interval_twap"),
    vwapSlippageBps: real("vwap_slippage_bps"),
    twapSlippageBps: real("twap_slippage_bps"),
    participationRate: real("participation_rate"),
    preTradeModel: text("pre_trade_model"),
    preTradeBps: real("pre_trade_bps"),
    /**
     * Parent rows: end of the active window over which benchmark_vwap, vwap_slippage_bps and
     * participation_rate are measured (close of the last fill's bar, or the horizon end if unfilled);
     * the horizon_* columns are the same figures over the whole horizon. Null on child rows.
     */
    activeEndMs: integer("active_end_ms"),
    horizonVwap: real("horizon_vwap"),
    horizonVwapSlippageBps: real("horizon_vwap_slippage_bps"),
    horizonParticipationRate: real("horizon_participation_rate"),
    /**
     * Parent rows: filled | partial | unfilled; the estimated cost of trading the unfilled rest at the
     * horizon end with the run's impact model (quote and bps of arrival notional, 0 when filled); and
     * shortfall_bps + completion_bps, what `compare` ranks by. Null on child rows.
     */
    fillState: text("fill_state"),
    completionQuote: real("completion_quote"),
    completionBps: real("completion_bps"),
    rankedCostBps: real("ranked_cost_bps"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/**
 * Markouts (`execsim tca --run`): the mid's move after each fill and after each parent's end, per
 * horizon, signed so that a positive markout is adverse (the price moved on in the direction of the
 * trade). Level "fill": reference = the mid at the fill (simulated: the mid the trader faced, own impact
 * included; imported: the market mid), time = the fill's time, fill_seq = fills.seq of the same run.
 * Level "parent": reference = the arrival mid, time = the parent's end, fill_seq NULL, and
 * fill_avg_bps = the quantity-weighted mean of its fills' markouts at that horizon. markout_bps =
 * s·(mid − ref_mid)/ref_mid·10⁴; NULL when the stored candles do not reach time + horizon.
 * Recomputing a run's markouts for a horizon replaces its rows.
 */
export const markouts = sqliteTable(
  "markouts",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    /** Position of the row within the run for one horizon: each parent row, then its fills' rows. */
    seq: integer("seq").notNull(),
    horizonMs: integer("horizon_ms").notNull(),
    /** parent | fill */
    level: text("level").notNull(),
    parentId: text("parent_id").notNull(),
    fillSeq: integer("fill_seq"),
    sideSign: integer("side_sign").notNull(),
    qtyBase: real("qty_base").notNull(),
    timeMs: integer("time_ms").notNull(),
    refMid: real("ref_mid"),
    mid: real("mid"),
    markoutBps: real("markout_bps"),
    fillAvgBps: real("fill_avg_bps"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.horizonMs, t.seq] })],
);

/**
 * TCA per venue of each parent order of a routed run (`--pools`): one row per (run, parent, venue) that
 * filled (tca/venue-tca.ts). Quote columns in quote currency; cost_bps in bps of the parent's arrival
 * notional; fees_quote is the exchange's taker fee, pool_fees_quote the AMM pools' fees. Runs without
 * pools write no rows here.
 */
export const tcaVenues = sqliteTable(
  "tca_venues",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    parentId: text("parent_id").notNull(),
    venue: text("venue").notNull(),
    fills: integer("fills").notNull(),
    filledQtyBase: real("filled_qty_base").notNull(),
    notionalQuote: real("notional_quote").notNull(),
    avgPrice: real("avg_price"),
    executionCostQuote: real("execution_cost_quote").notNull(),
    spreadQuote: real("spread_quote").notNull(),
    temporaryImpactQuote: real("temporary_impact_quote").notNull(),
    permanentImpactQuote: real("permanent_impact_quote").notNull(),
    transientImpactQuote: real("transient_impact_quote").notNull(),
    timingQuote: real("timing_quote").notNull(),
    feesQuote: real("fees_quote").notNull(),
    poolFeesQuote: real("pool_fees_quote").notNull(),
    costBps: real("cost_bps").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.parentId, t.venue] })],
);

/**
 * `execsim sweep`: one row per sweep (a strategy over a parameter grid on the same parents). status is
 * running | completed | interrupted (Ctrl-C; `sweep --resume <id>` finishes it) | failed. config_json
 * holds what a resume needs (the validated run config, the strategy spec, the grid, the rules for the
 * recommendation); created/started/finished times, pid and timings are metadata only.
 */
export const sweeps = sqliteTable(
  "sweeps",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    createdAtMs: integer("created_at_ms").notNull(),
    strategy: text("strategy").notNull(),
    configJson: text("config_json").notNull(),
    seed: text("seed").notNull(),
    symbol: text("symbol").notNull(),
    category: text("category").notNull(),
    interval: text("interval").notNull(),
    fromMs: integer("from_ms").notNull(),
    toMs: integer("to_ms").notNull(),
    candlesHash: text("candles_hash").notNull(),
    codeVersion: text("code_version").notNull(),
    points: integer("points").notNull(),
    status: text("status").notNull(),
    error: text("error"),
    /** The recommended point (JSON: index, params, rule, ...), set when the sweep completes. */
    recommendedJson: text("recommended_json"),
    pid: integer("pid"),
    startedAtMs: integer("started_at_ms").notNull(),
    finishedAtMs: integer("finished_at_ms"),
    timingsJson: text("timings_json"),
  },
  (t) => [index("sweeps_status_idx").on(t.status)],
);

/**
 * One row per grid point of a sweep, inserted "pending" when the sweep starts; a finished point gets
 * its run (parent-level TCA under runs/parent_orders/tca_results), its summary and cost parts (the rows
 * `compare --json` prints for a strategy) and, for IS, the Almgren-Chriss theoretical point.
 */
export const sweepPoints = sqliteTable(
  "sweep_points",
  {
    sweepId: integer("sweep_id")
      .notNull()
      .references(() => sweeps.id, { onDelete: "cascade" }),
    /** Position in the grid (product order, duplicates dropped). */
    idx: integer("idx").notNull(),
    label: text("label").notNull(),
    paramsJson: text("params_json").notNull(),
    /** pending | completed | failed */
    status: text("status").notNull(),
    runId: integer("run_id").references(() => runs.id, { onDelete: "set null" }),
    summaryJson: text("summary_json"),
    costPartsJson: text("cost_parts_json"),
    theoreticalJson: text("theoretical_json"),
    /** Realized shortfall in quote currency over the completed parents (JSON: n, mean, std, ...): E and Var for --lambda-star. */
    shortfallQuoteJson: text("shortfall_quote_json"),
  },
  (t) => [primaryKey({ columns: [t.sweepId, t.idx] })],
);

/**
 * Calibrated impact models (issue 18, calibration/calibrated-model.ts): one row per (name, version),
 * versions 1, 2, ... per name given by the store in the write transaction (store/model-store.ts).
 * params_json holds `{params, standardErrors}`; regime_rule_json the realized-volatility split (NULL
 * without one) and regimes_json its per-regime fits (`[]` without one); stats_json the pooled fit
 * statistics. from/to are the data range of the parents fitted (epoch ms); fitted_at (ISO-8601) is
 * metadata only.
 */
export const calibratedModels = sqliteTable(
  "calibrated_models",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    version: integer("version").notNull(),
    /** sqrt | ac | propagator */
    model: text("model").notNull(),
    paramsJson: text("params_json").notNull(),
    regimeRuleJson: text("regime_rule_json"),
    regimesJson: text("regimes_json").notNull(),
    symbol: text("symbol"),
    fromMs: integer("from_ms").notNull(),
    toMs: integer("to_ms").notNull(),
    fittedAt: text("fitted_at").notNull(),
    source: text("source").notNull(),
    statsJson: text("stats_json").notNull(),
  },
  (t) => [uniqueIndex("calibrated_models_name_version_idx").on(t.name, t.version)],
);
