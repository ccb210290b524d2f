/** The flags shared by `execsim run` and `execsim compare`, and their translation into a RunConfig. */
import type { Argv } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { CATEGORIES } from "../core/market-types.js";
import { parentStartsWithin, RUN_DEFAULTS, type RunConfig } from "../engine/run-config.js";
import type { BatchOptions } from "../experiment/batch.js";
import { checkVenueFileContained, loadStrategiesContained } from "../experiment/executor/contained-load.js";
import { importBudgetMs } from "../experiment/executor/worker-pool.js";
import { storeModelLookup } from "../experiment/model-by-name.js";
import { isModelSpec } from "../experiment/model-spec.js";
import { runConfigFromFlags, type SimulationFlags } from "../experiment/run-flags.js";
import {
  DEFAULT_DATASET_END_MS,
  DEFAULT_DATASET_START_MS,
  DEFAULT_DATASET_SYMBOL,
} from "../market/default-dataset.js";
import { openDatabase, resolveDbPath } from "../store/database.js";
import { STORE_LEVELS, type StoreLevel } from "../store/result-sink.js";
import { createVenue, VENUE_KINDS } from "../venues/venue-factory.js";
import { isVenuePath, loadVenueFile } from "../venues/venue-registry.js";
import type { GlobalArgs } from "./cli-helpers.js";
import { requireStoredModelDb, requireStoreFor, storeExists } from "./store-guard.js";

/** The simulation flags plus --store (what a batch writes; not part of the run's configuration). */
export type SimulationArgs = SimulationFlags & { store: string };

export function simulationOptions<T>(y: Argv<T>): Argv<T & SimulationArgs> {
  const d = RUN_DEFAULTS;
  return y
    .option("symbol", {
      type: "string",
      describe: "stored symbol to run on (default: the built-in synthetic SYN-BTCUSDT dataset)",
    })
    .option("category", { type: "string", default: d.category, choices: CATEGORIES as string[] })
    .option("interval", {
      type: "string",
      default: d.interval,
      describe: "bar interval of the stored candles",
    })
    .option("from", { type: "string", describe: "first day for parent orders (ISO date/time or epoch ms)" })
    .option("to", { type: "string", describe: "end (exclusive) of the parent-order range" })
    .option("side", { type: "string", defaultDescription: d.side, choices: ["buy", "sell"] })
    .option("qty", { type: "number", describe: "parent size in base units (overrides --adv-fraction)" })
    .option("adv-fraction", {
      type: "number",
      defaultDescription: String(d.advFraction),
      describe: "parent size as a fraction of the average daily volume before the first parent",
    })
    .option("adv-days", {
      type: "number",
      describe:
        "days before the first parent whose volume gives the ADV that --adv-fraction sizes by (default: the 7-day history window); does not change the history strategies see",
    })
    .option("horizon", {
      type: "string",
      defaultDescription: "1h",
      describe: "execution horizon of each parent (e.g. 30m, 1h)",
    })
    .option("start-time", {
      type: "string",
      defaultDescription: "12:00",
      describe: "UTC time of day each parent starts",
    })
    .option("seed", {
      type: "string",
      default: d.seed,
      describe: "random seed (same seed → identical results)",
    })
    .option("impact", {
      type: "string",
      default: d.impact,
      describe: `fill / impact model: ${VENUE_KINDS.join(", ")}, routed, a venue file (./my-venue.ts, default export defineVenue({...})), or a calibrated model stored by \`execsim calibrate\`: model:NAME (latest version) or model:NAME@VERSION (its fitted parameters, per volatility regime; --impact-param then overrides the simulated market's)`,
    })
    .option("impact-param", {
      type: "string",
      array: true,
      describe: "impact model parameter as key=value (repeatable), stored with the run",
    })
    .option("latency", { type: "number", default: d.latencyMs, describe: "child-order latency, ms" })
    .option("taker-fee", {
      type: "number",
      default: d.takerFeeRate,
      describe: "taker fee rate (0.00055 = 0.055%)",
    })
    .option("maker-fee", { type: "number", default: d.makerFeeRate, describe: "maker fee rate" })
    .option("max-participation", {
      type: "number",
      describe: "cap each child at this fraction of the bar's volume (0 < x <= 1)",
    })
    .option("strategy-timeout", {
      type: "string",
      default: "30s",
      describe:
        "time budget of each strategy on each parent order (e.g. 30s, 500ms, 2m; a bare number is seconds): " +
        "a strategy that exceeds it, exits or crashes its thread fails its whole run with the reason; the others carry on",
    })
    .option("pools", {
      type: "string",
      describe:
        'AMM pools file (JSON, see README "AMM routing"): route child orders across the book and these pools',
    })
    .option("routing", {
      type: "string",
      describe:
        "with --pools: comma-separated routing modes, each strategy runs once per mode: book, pools, optimal, step (default optimal)",
    })
    .option("routing-step", {
      type: "number",
      describe: "chunk of the step router as a fraction of each child order (default 0.05)",
    })
    .option("arbitrage", {
      type: "boolean",
      describe:
        "with --pools: arbitrage the pools back to the book's mid after each bar (default: the file's, on); --no-arbitrage for isolated pools",
    })
    .option("store", {
      type: "string",
      default: "full",
      choices: STORE_LEVELS as string[],
      describe:
        "what to store: full (runs, parent and child orders, fills, parent and child TCA), parents (runs, parent " +
        "orders and parent-level TCA: for sweeps), summary (the run rows with their aggregate TCA only)",
    }) as unknown as Argv<T & SimulationArgs>;
}

/** The batch options (what to store) from parsed flags. */
export function batchOptionsFromArgs(a: SimulationArgs): BatchOptions {
  if (!(STORE_LEVELS as readonly string[]).includes(a.store))
    throw new ExecsimError("INVALID_ARGUMENT", `--store: use full, parents or summary, got "${a.store}"`);
  return { store: a.store as StoreLevel };
}

/**
 * Validated, frozen RunConfig from parsed flags: the library's runConfigFromFlags. `--impact
 * model:NAME[@V]` is looked up in the database of --db, which must exist (no file is created).
 */
export function configFromArgs(a: SimulationFlags & GlobalArgs, strategies: readonly string[]): RunConfig {
  if (!isModelSpec(a.impact)) return runConfigFromFlags(a, strategies);
  requireStoredModelDb(a, `--impact ${a.impact}`);
  const store = openDatabase(resolveDbPath(a.db));
  try {
    return runConfigFromFlags(a, strategies, storeModelLookup(store));
  } finally {
    store.close();
  }
}

/**
 * The checks that need no data — every strategy loads (name or file, parameters) and the impact model
 * accepts its parameters — run BEFORE the store is opened, so such bad input creates no database file
 * (the batch repeats them; strategy modules are cached, so the second load costs nothing).
 * With `argv` (the --db flag) and no database file yet: a --symbol cannot have candles (NOT_FOUND), and
 * the built-in data will be exactly the default dataset, so the range is checked against its known span
 * (a bad --from/--to/--horizon then creates no file instead of writing 43,200 candles first).
 */
export async function preflight(config: RunConfig, argv?: GlobalArgs): Promise<void> {
  // a user's strategy file is imported only in a contained worker (an endless loop at import time
  // fails within the load budget instead of hanging the command)
  const baseDir = process.cwd();
  await loadStrategiesContained(
    config.strategies.map((spec) => ({ spec, baseDir })),
    importBudgetMs(config.strategyTimeoutMs),
  );
  if (isVenuePath(config.impact)) {
    // the same for a user's venue file, before this thread imports it
    await checkVenueFileContained(config.impact, baseDir, importBudgetMs(config.strategyTimeoutMs));
    await loadVenueFile(config.impact);
  }
  createVenue(config.impact, { ...config.impactParams });
  if (argv === undefined || storeExists(argv)) return;
  if (config.symbol !== null)
    requireStoreFor(argv, { symbol: config.symbol, category: config.category, interval: config.interval });
  else parentStartsWithin(config, DEFAULT_DATASET_SYMBOL, DEFAULT_DATASET_START_MS, DEFAULT_DATASET_END_MS);
}
