/**
 * The library's batch workflow, behind `execsim run` and `execsim compare` and usable from any Node
 * script: config → data → parent orders → strategies and
 * venue → simulate → TCA → store, in that order, with every check done BEFORE the first row is
 * written (an invalid symbol, range, horizon, strategy or impact parameter writes nothing).
 *
 * Storage: one run row per strategy (compare: all sharing a batch id), committed as "running" before
 * the simulation, then executions streamed through SqliteResultSink in batched transactions, then
 * completed | failed. `store` (BatchOptions) sets what is written: "full" (default) every table,
 * "parents" the parent orders and parent-level TCA only, "summary" the run rows with their aggregate;
 * a level other than full is recorded in the run's config as `store`. The summary and the returned
 * figures are the same at every level. Memory: the simulation hands each execution to the sink and
 * keeps none, so a batch holds the candles, the parent-level TCA and one write batch. A strategy that throws on a parent fails that execution; its run is marked
 * failed with the error(s) and the other strategies' runs still complete. An unexpected exception
 * marks every unfinished run failed and is re-thrown.
 *
 * Determinism: everything that reaches the TCA rows derives from the stored candles, the config and
 * the seed; wall-clock times are kept in run metadata only.
 */
import { randomUUID } from "node:crypto";
import { ExecsimError } from "../core/errors.js";
import type { ExecutionVenue, ParentExecution, ParentOrder } from "../core/execution-types.js";
import { DAY_MS, intervalMs } from "../core/interval.js";
import type { CandleSeries, SeriesKey } from "../core/market-types.js";
import {
  buildRunConfig,
  type ParentPlan,
  parentStartsWithin,
  planParents,
  type RunConfig,
  type RunConfigInput,
} from "../engine/run-config.js";
import { simulate } from "../engine/simulator.js";
import {
  isStrategyPath,
  type LoadedStrategy,
  loadStrategy,
  parseStrategySpec,
  strategyLabel,
} from "../engine/strategy-loader.js";
import {
  DEFAULT_DATASET_CATEGORY,
  DEFAULT_DATASET_END_MS,
  DEFAULT_DATASET_INTERVAL,
  DEFAULT_DATASET_KEY,
  DEFAULT_DATASET_START_MS,
  DEFAULT_DATASET_SYMBOL,
  ensureDefaultDataset,
} from "../market/default-dataset.js";
import { type InstrumentSpec, instrumentSpec } from "../market/instrument-specs.js";
import { readSeries } from "../store/candle-store.js";
import type { ExecsimDatabase } from "../store/database.js";
import { candlesHash, codeVersionAsync, SqliteResultSink, type StoreLevel } from "../store/result-sink.js";
import { writeVenueTca } from "../store/venue-tca-store.js";
import { aggregateByStrategy, type StrategySummary } from "../tca/aggregate.js";
import { childTca } from "../tca/child-tca.js";
import { type ParentTca, parentTca } from "../tca/parent-tca.js";
import type { PreTradeEstimate } from "../tca/pre-trade.js";
import { venueTca } from "../tca/venue-tca.js";
import { createVenue } from "../venues/venue-factory.js";
import { findVenue, isVenuePath, loadVenueFile } from "../venues/venue-registry.js";
import {
  keepWarmWorkers,
  simulateModelInProcess,
  startBatchWorkers,
  strategyJobsFor,
  takeWarmWorkers,
} from "./batch-jobs.js";
import { completionOf, preTradeFor, venueQuoteSettings } from "./batch-tca.js";
import type { VenueQuotes } from "./execution-tca.js";
import { checkVenueFileContained, loadStrategiesContained } from "./executor/contained-load.js";
import { runStrategyJobs } from "./executor/job-executor.js";
import { importBudgetMs } from "./executor/worker-pool.js";
import type { ParentModels } from "./model-by-name.js";
import { checkParentsFit, type PlannedParent, parentsSpan, planFromParents } from "./own-parents-plan.js";
import type { RecalibrationReport } from "./recalibrate-loop.js";
import { expandRoutingModes, type RoutedGroup } from "./routing-modes.js";
import { type SpreadChoice, withSpreadDefaults } from "./spread-defaults.js";

export interface BatchRun {
  runId: number;
  strategy: string;
  status: "completed" | "failed";
  error: string | null;
}

export interface BatchResult {
  batchId: string | null;
  symbol: string;
  category: string;
  interval: string;
  fromMs: number;
  toMs: number;
  candlesHash: string;
  parents: number;
  /** Start of the first and of the last parent order. */
  firstParentMs: number;
  lastParentMs: number;
  parentQtyBase: number;
  advBase: number;
  /** The half-spread source the venue used, and why (shown in compare's header). */
  spread: SpreadChoice;
  /** The instrument's tick and lot, if known. */
  instrument: InstrumentSpec | null;
  /** Sizing warnings (short ADV history, participation above 100 % of horizon volume). */
  warnings: readonly string[];
  runs: BatchRun[];
  summary: StrategySummary[];
  tca: ParentTca[];
  /** `compare --recalibrate every:N`: the refits and how the estimate's error evolved (recalibrate-loop.ts). */
  recalibration?: RecalibrationReport;
  timingsMs: { prepare: number; simulate: number; total: number };
}

export interface PreparedBatch {
  config: RunConfig;
  key: SeriesKey;
  plan: ParentPlan;
  strategies: LoadedStrategy[];
  /** The spec each entry of `strategies` came from (with --routing, one spec gives one entry per mode). */
  specs?: string[];
  /** With pools: the venue factory of each routing mode, and which strategies run in which mode. */
  routes?: RoutedGroup[];
  /** The run's `--impact` venue (the book leg when routing); for `parent` when its parameters are its own. */
  createVenue: (parent?: ParentOrder) => ExecutionVenue;
  /** `--impact model:NAME[@V]`: the calibrated model per parent (model-by-name.ts). */
  models?: ParentModels;
  venueDescription: Record<string, unknown>;
  hash: string;
  /**
   * The venue's parameters with the instrument's spread defaults filled in (spread-defaults.ts): what
   * createVenue uses and what the worker threads rebuild their venues from.
   */
  venueParams: Readonly<Record<string, unknown>>;
  /** The instrument's tick and lot (stored or built-in), if known. */
  instrument: InstrumentSpec | null;
  /** The half-spread source the venue uses, and why. */
  spread: SpreadChoice;
  /** Directory the strategy files' relative paths resolved against (the workers load them again). */
  baseDir: string;
  /** True when the parents came from BatchOptions.parents (the user's own orders). */
  ownParents?: boolean;
}

/** Options of prepareBatch / executeBatch / runBatch. */
export interface BatchOptions {
  /** What to store: "full" (default), "parents" or "summary" (see the doc block). */
  store?: StoreLevel;
  /** Called as (strategy, parent) executions complete: done of total (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
  /**
   * "threads" (default): strategies contained in worker threads with the config's time budget per
   * parent (executor/job-executor.ts); "in-process": trusted code only, no containment, no budget.
   */
  executor?: "threads" | "in-process";
  /**
   * The user's own parent orders (one symbol, the config's) instead of the generated daily ones
   * (own-parents-plan.ts; read by prepareBatch); the config's side, size, horizon and start time then
   * do not apply.
   */
  parents?: readonly PlannedParent[];
}

export interface PrepareBatchOptions {
  /**
   * Start the built-ins' worker threads as preparation begins, so their start-up overlaps the data
   * read (default true with the "threads" executor; a sweep starts its own kind of workers).
   */
  warmWorkers?: boolean;
  /** Read only the candles in [fromMs, toMs) (a baseline check replays exactly the bars it was saved on). */
  dataRange?: { fromMs: number; toMs: number };
  /** Where the built-in strategy modules are (the executor's bundled workers; see loadStrategy). */
  builtinUrl?: (file: string) => URL;
}

/** Everything that can fail on bad input, done without writing a result row. */
export async function prepareBatch(
  store: ExecsimDatabase,
  config: RunConfig,
  opts: BatchOptions & PrepareBatchOptions = {},
): Promise<PreparedBatch> {
  const threads = (opts.executor ?? "threads") === "threads";
  const warm = threads && opts.warmWorkers !== false ? startBatchWorkers(config) : undefined;
  void codeVersionAsync(); // git describe runs meanwhile (the runs' code version)
  try {
    const p = await prepare(store, config, opts, threads);
    keepWarmWorkers(p, warm);
    return p;
  } catch (e) {
    warm?.close();
    throw e;
  }
}

async function prepare(
  store: ExecsimDatabase,
  config: RunConfig,
  opts: BatchOptions & PrepareBatchOptions,
  threads: boolean,
): Promise<PreparedBatch> {
  const own = opts.parents;
  // Strategies and the venue first: they need no data, and a typo should not cost a data load.
  // Built-ins are labelled as the user named them ("is", not "almgren-chriss"); files by their own
  // name; either with its parameters, e.g. is(lambda=1e-5). A user's file is imported only in a
  // contained worker unless the batch runs in this thread (executor "in-process").
  const baseDir = process.cwd();
  const specs = config.strategies.map((spec) => {
    const parsed = parseStrategySpec(spec);
    const label = isStrategyPath(parsed.name) ? undefined : strategyLabel(parsed.name.toLowerCase(), parsed);
    return { spec, baseDir, ...(label !== undefined ? { label } : {}) };
  });
  const strategies: LoadedStrategy[] = [];
  if ((opts.executor ?? "threads") === "threads")
    strategies.push(
      ...(await loadStrategiesContained(specs, importBudgetMs(config.strategyTimeoutMs), opts.builtinUrl)),
    );
  else
    for (const { spec, ...where } of specs)
      strategies.push(
        await loadStrategy(spec, opts.builtinUrl ? { ...where, builtinUrl: opts.builtinUrl } : where),
      );
  if (config.recalibrateEvery !== undefined && (config.pools || opts.executor === "in-process"))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "--recalibrate runs the strategies in worker threads: it cannot be combined with --pools or the in-process executor",
    );
  // labels checked here, before any data is read; the routed venues are built below with the spread defaults
  const labels = new Set<string>();
  for (const s of expandRoutingModes(config, strategies)?.strategies ?? strategies) {
    if (labels.has(s.name))
      throw new ExecsimError("INVALID_ARGUMENT", `--strategies: two entries are both named "${s.name}"`);
    labels.add(s.name);
  }
  if (isVenuePath(config.impact)) {
    // a user's venue file is imported in a contained worker first (an endless loop at import time
    // fails within the budget), then here: the TCA quotes the run's venue model in this thread
    if ((opts.executor ?? "threads") === "threads" && findVenue(config.impact.trim()) === undefined)
      await checkVenueFileContained(config.impact, baseDir, importBudgetMs(config.strategyTimeoutMs));
    await loadVenueFile(config.impact);
  }
  createVenue(config.impact, { ...config.impactParams }).describe(); // validates --impact-param before any data is read or written
  if (
    config.symbol === null &&
    (config.interval !== DEFAULT_DATASET_INTERVAL || config.category !== DEFAULT_DATASET_CATEGORY)
  ) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--interval ${config.interval} / --category ${config.category} need --symbol: the built-in dataset is ${DEFAULT_DATASET_CATEGORY}, interval ${DEFAULT_DATASET_INTERVAL}`,
    );
  }
  // the built-in data is written on first use: check the range against its span first, so a bad range
  // writes nothing (the span is the default dataset's known one, widened by any bars already stored)
  if (config.symbol === null) {
    const [first, lastClose] = defaultDatasetSpan(store);
    if (own === undefined) parentStartsWithin(config, DEFAULT_DATASET_SYMBOL, first, lastClose);
    else checkParentsFit(config, DEFAULT_DATASET_SYMBOL, first, lastClose, own);
  }
  const key: SeriesKey =
    config.symbol === null
      ? ensureDefaultDataset(store)
      : { symbol: config.symbol, category: config.category, interval: config.interval };
  const lookbackMs = Math.max(config.advLookbackMs, (config.advDays ?? 0) * DAY_MS);
  let from =
    own !== undefined
      ? parentsSpan(own).firstStartMs - lookbackMs
      : config.fromMs === null
        ? Number.MIN_SAFE_INTEGER
        : config.fromMs - lookbackMs;
  let to =
    own !== undefined
      ? parentsSpan(own).lastEndMs
      : config.toMs === null
        ? Number.MAX_SAFE_INTEGER
        : config.toMs + config.horizonMs;
  if (opts.dataRange) {
    from = Math.max(from, opts.dataRange.fromMs);
    to = Math.min(to, opts.dataRange.toMs);
  }
  // with worker threads, in a SharedArrayBuffer: the built-ins' workers share the bars, not copy them
  const stored = readSeries(store, key, from, to, { shared: threads });
  // real symbols: the instrument's tick sets the default spread, its lot rounds parents and children
  const instrument = config.symbol === null ? undefined : instrumentSpec(store, key);
  const chosen = withSpreadDefaults(config.impact, config.impactParams, instrument);
  const plan =
    own !== undefined
      ? planFromParents(config, stored, own, instrument?.lotSize ?? 0)
      : planParents(config, stored, instrument?.lotSize ?? 0);
  const venueParams = Object.freeze(chosen.params);
  const makeRealVenue = () => createVenue(config.impact, { ...venueParams });
  const routed = expandRoutingModes(config, strategies, venueParams);
  // --impact model:NAME: each parent's regime parameters, with the same spread defaults (model-by-name.ts;
  // imported only then: it brings the calibration code, which a batch without a model never needs)
  const models = config.impactModel
    ? new (await import("./model-by-name.js")).ParentModels(
        config,
        plan.series,
        plan.parents,
        (params) => withSpreadDefaults(config.impact, params, instrument).params,
      )
    : undefined;
  return {
    config,
    key,
    plan,
    strategies: routed?.strategies ?? strategies,
    ...(routed ? { specs: routed.specs, routes: routed.groups } : {}),
    createVenue: models
      ? (parent?: ParentOrder) =>
          createVenue(config.impact, parent ? models.venueParams(parent.id) : { ...venueParams })
      : makeRealVenue,
    ...(models ? { models } : {}),
    venueDescription: makeRealVenue().describe(),
    venueParams,
    hash: candlesHash(plan.series),
    instrument: instrument ?? null,
    spread: chosen.spread,
    baseDir,
    ...(own !== undefined ? { ownParents: true } : {}),
  };
}

/** [first open, last close) the default-dataset key will hold once ensureDefaultDataset has run (read only). */
function defaultDatasetSpan(store: ExecsimDatabase): [number, number] {
  const k = DEFAULT_DATASET_KEY;
  // two sub-queries: SQLite answers a lone min() or max() from the index, min and max together by a scan
  const series = "FROM candles WHERE symbol = ? AND category = ? AND interval = ?";
  const row = store.sqlite
    .prepare(`SELECT (SELECT min(open_time_ms) ${series}) AS lo, (SELECT max(open_time_ms) ${series}) AS hi`)
    .get(k.symbol, k.category, k.interval, k.symbol, k.category, k.interval) as {
    lo: number | null;
    hi: number | null;
  };
  const barMs = intervalMs(k.interval);
  return [
    Math.min(row.lo ?? Number.POSITIVE_INFINITY, DEFAULT_DATASET_START_MS),
    Math.max(row.hi === null ? Number.NEGATIVE_INFINITY : row.hi + barMs, DEFAULT_DATASET_END_MS),
  ];
}

/**
 * Run a prepared batch: begin runs, simulate (each strategy in its own worker thread with the
 * config's time budget per parent: executor/job-executor.ts), analyse and store in the main thread
 * in the canonical order, finish runs.
 */
export async function executeBatch(
  store: ExecsimDatabase,
  p: PreparedBatch,
  command: "run" | "compare",
  t0 = performance.now(),
  opts: BatchOptions = {},
): Promise<BatchResult> {
  const { config, plan } = p;
  const tPrepared = performance.now();
  const level = opts.store ?? "full";
  // small write batches: the buffered executions die young instead of filling the old generation
  const sink = new SqliteResultSink(store, { level, batchRows: 4096 });
  const batchId = command === "compare" ? randomUUID() : null;
  const version = await codeVersionAsync();
  const storedConfig = {
    ...config,
    symbol: p.key.symbol,
    category: p.key.category,
    interval: p.key.interval,
    venue: p.venueDescription,
    // real symbols with a known tick/lot: what the venue and the rounding used (the built-in data has none)
    ...(p.instrument ? { instrument: p.instrument, spread: p.spread } : {}),
    parentQtyBase: plan.qtyBase,
    advBase: Number.isFinite(plan.advBase) ? plan.advBase : null,
    parents: plan.parents.length,
    ...(p.ownParents ? { parentOrders: "given (--parents): side, size, start and end per parent" } : {}),
    ...(level === "full" ? {} : { store: level }),
    // --impact model:NAME with regimes: each parent's regime and venue parameters (markout replays read them)
    ...(p.models?.storedParents() ?? {}),
    // what each label ran: the spec as given, the module file and its sha256, the parameters
    strategySources: p.strategies.map((s, i) => ({
      name: s.name,
      spec: p.specs?.[i] ?? config.strategies[i],
      source: s.source,
      sha256: s.sha256,
      params: s.params,
    })),
  };
  // the candles used, as stored with every run and reported with the batch
  const data = {
    symbol: p.key.symbol,
    category: p.key.category,
    interval: p.key.interval,
    fromMs: plan.fromMs,
    toMs: plan.toMs,
    candlesHash: p.hash,
  };
  const runIds = new Map<string, number>();
  const errors = new Map<string, string[]>();
  const open = new Set<number>();
  const preTrade = new Map<string, PreTradeEstimate>();
  const tcas: ParentTca[] = [];
  let recalibration: RecalibrationReport | undefined;
  const totalExecutions = p.strategies.length * plan.parents.length;
  opts.onProgress?.(0, totalExecutions);
  // routed runs (--pools): TCA per venue, pool fees apart
  const poolNames = config.pools ? new Set(config.pools.pools.map((x) => x.name)) : undefined;
  const warm = takeWarmWorkers(p);
  try {
    for (const s of p.strategies) {
      const id = sink.beginRun({
        command,
        strategy: s.name,
        batchId,
        config: storedConfig,
        seed: config.seed,
        ...data,
        codeVersion: version,
      });
      runIds.set(s.name, id);
      open.add(id);
      errors.set(s.name, []);
    }
    const series: CandleSeries = plan.series;
    // `quotes`: what the executor's worker quoted on its venue for this execution (VenueQuotes)
    const onExecution = (e: ParentExecution, quotes?: VenueQuotes): ParentTca => {
      const tca = parentTca(e, series, {
        preTrade: preTradeFor(p, e, preTrade, quotes?.preTrade),
        completionQuote: quotes?.completionQuote ?? completionOf(p, e),
      });
      tcas.push(tca);
      if (e.status === "failed") errors.get(e.strategy)?.push(`${e.parent.id}: ${e.error ?? "failed"}`);
      const children = level === "full" ? childTca(e, series) : [];
      sink.recordExecution(runIds.get(e.strategy)!, e, tca, children);
      // routed runs: TCA per venue (with the parent rows: not at --store summary)
      if (poolNames !== undefined && level !== "summary")
        writeVenueTca(store, runIds.get(e.strategy)!, venueTca(e, poolNames));
      opts.onProgress?.(tcas.length, totalExecutions);
      return tca;
    };
    // Strategies run contained in worker threads (executor/job-executor.ts), routed runs and a user's
    // venue file included; BatchOptions.executor = "in-process" runs them in this thread.
    if ((opts.executor ?? "threads") === "threads") {
      if (config.recalibrateEvery !== undefined)
        recalibration = await (await import("./recalibrate-loop.js")).runRecalibrationLoop(
          p,
          config.recalibrateEvery,
          onExecution,
        );
      else
        await runStrategyJobs({
          ...strategyJobsFor(p, plan.parents, onExecution),
          ...(warm !== undefined ? { prestarted: warm } : {}),
          quotes: venueQuoteSettings(p),
        });
    } else if (p.models) await simulateModelInProcess(p, onExecution);
    else {
      for (const group of p.routes ?? [{ strategies: p.strategies, createVenue: p.createVenue }])
        simulate({
          series,
          parents: plan.parents,
          strategies: group.strategies,
          createVenue: group.createVenue,
          latencyMs: config.latencyMs,
          fees: { takerRate: config.takerFeeRate, makerRate: config.makerFeeRate },
          seed: config.seed,
          onExecution,
          retainResults: false,
        });
    }
    const tSimulated = performance.now();
    const summary = aggregateByStrategy(tcas);
    const runs: BatchRun[] = [];
    for (const s of p.strategies) {
      const id = runIds.get(s.name)!;
      const errs = errors.get(s.name) ?? [];
      const status = errs.length > 0 ? "failed" : "completed";
      const error =
        errs.length > 0 ? `${errs.length} parent order(s) failed; ${errs.slice(0, 3).join("; ")}` : null;
      sink.endRun(
        id,
        status,
        error,
        { prepareMs: Math.round(tPrepared - t0), simulateAndWriteMs: Math.round(tSimulated - tPrepared) },
        summary.find((x) => x.strategy === s.name),
      );
      open.delete(id);
      runs.push({ runId: id, strategy: s.name, status, error });
    }
    return {
      batchId,
      ...data,
      parents: plan.parents.length,
      firstParentMs: plan.parents[0]!.startMs,
      lastParentMs: plan.parents[plan.parents.length - 1]!.startMs,
      parentQtyBase: plan.qtyBase,
      advBase: plan.advBase,
      warnings: plan.warnings,
      spread: p.spread,
      instrument: p.instrument,
      runs,
      summary,
      tca: tcas,
      ...(recalibration ? { recalibration } : {}),
      timingsMs: {
        prepare: Math.round(tPrepared - t0),
        simulate: Math.round(tSimulated - tPrepared),
        total: Math.round(performance.now() - t0),
      },
    };
  } catch (e) {
    const msg = e instanceof ExecsimError ? `${e.code}: ${e.message}` : String((e as Error)?.message ?? e);
    for (const id of open) sink.failRun(id, msg);
    throw e;
  } finally {
    warm?.close(); // the ones not taken (an in-process run, an error before the jobs)
  }
}

/** Let go of a prepared batch that will not be executed: ends the workers started ahead for it. */
export function discardPreparedBatch(p: PreparedBatch): void {
  takeWarmWorkers(p)?.close();
}

/** prepareBatch + executeBatch. */
export async function runBatch(
  store: ExecsimDatabase,
  config: RunConfig,
  command: "run" | "compare",
  opts: BatchOptions = {},
): Promise<BatchResult> {
  const t0 = performance.now();
  const prepared = await prepareBatch(store, config, opts);
  return await executeBatch(store, prepared, command, t0, opts);
}

/**
 * Compare strategies on the same parent orders from a plain options object (the library twin of
 * `execsim compare`): validates `input` with the same rules as the CLI flags, then runs and stores the
 * batch. Defaults are RUN_DEFAULTS (the built-in dataset, twap/vwap/pov/is, the synthetic book).
 */
export async function compareStrategies(
  store: ExecsimDatabase,
  input: RunConfigInput = {},
  opts: BatchOptions = {},
): Promise<BatchResult> {
  return runBatch(store, buildRunConfig(input), "compare", opts);
}
