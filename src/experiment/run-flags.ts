/**
 * The flag form of a run configuration: the options of `execsim run` / `execsim compare` (and of a
 * `--config` file, a baseline's `config` block and `runs show ID --config`) keyed by their flag names,
 * and its translation to and from a validated RunConfig.
 *
 * runConfigFromFlags is the one place flag values are parsed (times, durations, HH:MM, impact
 * parameters, the pools file of --pools), so the command line, config files and baselines share every validation message.
 * flagsFromRunConfig is its inverse for printing: runConfigFromFlags(flagsFromRunConfig(c)) rebuilds
 * a config equal to c (durations as 1h / 30m / 90s when exact, times as ISO-8601 UTC).
 */
import { ExecsimError } from "../core/errors.js";
import {
  DAY_MS,
  HOUR_MS,
  intervalMs,
  isoUtc,
  MINUTE_MS,
  parseDurationMs,
  parseInterval,
  parseTimeMs,
} from "../core/interval.js";
import type { Category, Side } from "../core/market-types.js";
import { buildRunConfig, RUN_DEFAULTS, type RunConfig, type RunConfigInput } from "../engine/run-config.js";
import {
  DEFAULT_DATASET_CATEGORY,
  DEFAULT_DATASET_INTERVAL,
  DEFAULT_DATASET_SYMBOL,
} from "../market/default-dataset.js";
import { loadPoolsFile, parsePoolsConfig } from "../venues/amm/pools-file.js";
import { parseVenueParams } from "../venues/venue-factory.js";
import { impactFromModel, type ModelLookup } from "./model-by-name.js";
import { isModelSpec } from "./model-spec.js";

/** The simulation flags shared by run and compare, by flag name (values as yargs parses them). */
export interface SimulationFlags {
  symbol?: string;
  category: string;
  interval: string;
  from?: string;
  to?: string;
  /** side, adv-fraction, horizon and start-time have no yargs default (buildRunConfig fills it), so a
   * command can tell a flag the user gave from a default (`compare --parents` refuses them). */
  side?: string;
  qty?: number;
  "adv-fraction"?: number;
  "adv-days"?: number;
  horizon?: string;
  "start-time"?: string;
  seed: string;
  impact: string;
  "impact-param"?: string[];
  latency: number;
  "taker-fee": number;
  "maker-fee": number;
  "max-participation"?: number;
  /** Time budget per strategy and parent order (issue 10): a duration (30s, 500ms) or bare seconds. */
  "strategy-timeout"?: string | number;
  /** AMM routing (issue 15): a pools file path (or, from a config file, the pools document). */
  pools?: string | Record<string, unknown>;
  routing?: string;
  "routing-step"?: number;
  arbitrage?: boolean;
  /** `compare --recalibrate every:N` (issue 18; needs --impact model:NAME). */
  recalibrate?: string;
}

/** A config file's content in flag form: the simulation flags plus `strategies` (compare) or `strategy` (run). */
export type RunFlagsFile = Record<string, string | number | string[] | Record<string, unknown>>;

/** "HH:MM" (UTC) → ms after midnight. */
function parseTimeOfDay(s: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(String(s).trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
    throw new ExecsimError("INVALID_ARGUMENT", `--start-time: use HH:MM in UTC (e.g. 12:00), got "${s}"`);
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

function num(x: number | undefined, flag: string): number | undefined {
  if (x === undefined) return undefined;
  if (typeof x !== "number" || Number.isNaN(x))
    throw new ExecsimError("INVALID_ARGUMENT", `${flag} must be a number`);
  return x;
}

/** `--strategy-timeout`: a duration (30s, 500ms, 2m) or a bare number of seconds. */
function parseTimeoutMs(x: string | number | undefined): number | undefined {
  if (x === undefined) return undefined;
  const t = String(x).trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  try {
    return parseDurationMs(t);
  } catch {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--strategy-timeout: "${t}" is not a duration; use e.g. 30s, 500ms or 2m (a bare number is seconds)`,
    );
  }
}

/** The seed as given; `--seed` without a value (yargs gives "") is an error, not a silent empty seed. */
function seedArg(x: string | undefined): string | undefined {
  if (x === undefined) return undefined;
  if (String(x).trim() === "")
    throw new ExecsimError("INVALID_ARGUMENT", "--seed needs a value, e.g. --seed 42 (any non-empty string)");
  return String(x);
}

/** `every:N` → N (validated by buildRunConfig); undefined when not given. */
function parseRecalibrate(x: string | undefined): number | undefined {
  if (x === undefined) return undefined;
  const m = /^\s*every\s*:\s*(\d+)\s*$/i.exec(String(x));
  if (!m || Number(m[1]) < 1)
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--recalibrate: use every:N, N the number of parents between refits (e.g. every:5), got "${x}"`,
    );
  return Number(m[1]);
}

/**
 * `--impact` and `--impact-param`: a venue kind with its parameters, or `model:NAME[@V]` resolved
 * through `models` (the store's calibrated models; model-by-name.ts) into its venue, parameters and
 * the recorded model.
 */
function impactFlags(a: SimulationFlags, models: ModelLookup | undefined): RunConfigInput {
  const params = parseVenueParams(a["impact-param"] ?? []);
  if (!isModelSpec(a.impact)) return { impact: a.impact as RunConfig["impact"], impactParams: params };
  if (models === undefined)
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--impact ${a.impact}: a stored model needs the database it is stored in (--db); \`execsim models list\` shows them`,
    );
  return impactFromModel(a.impact, params, models, intervalMs(parseInterval(a.interval)));
}

/**
 * Validated, frozen RunConfig from flag values. No I/O, except `--impact model:NAME[@V]`, which is
 * looked up with `models` (the CLI passes its store's).
 */
export function runConfigFromFlags(
  a: SimulationFlags,
  strategies: readonly string[],
  models?: ModelLookup,
): RunConfig {
  return buildRunConfig({
    symbol: a.symbol ?? null,
    category: a.category as Category,
    interval: parseInterval(a.interval),
    fromMs: a.from !== undefined ? parseTimeMs(a.from, "--from") : null,
    toMs: a.to !== undefined ? parseTimeMs(a.to, "--to") : null,
    strategies,
    side: a.side as Side | undefined,
    qtyBase: num(a.qty, "--qty") ?? null,
    advFraction: num(a["adv-fraction"], "--adv-fraction"),
    advDays: num(a["adv-days"], "--adv-days") ?? null,
    horizonMs: a.horizon === undefined ? undefined : parseDurationMs(a.horizon),
    startOfDayMs: a["start-time"] === undefined ? undefined : parseTimeOfDay(a["start-time"]),
    seed: seedArg(a.seed),
    ...impactFlags(a, models),
    recalibrateEvery: parseRecalibrate(a.recalibrate),
    latencyMs: num(a.latency, "--latency"),
    takerFeeRate: num(a["taker-fee"], "--taker-fee"),
    makerFeeRate: num(a["maker-fee"], "--maker-fee"),
    maxParticipation: num(a["max-participation"], "--max-participation") ?? null,
    strategyTimeoutMs: parseTimeoutMs(a["strategy-timeout"]),
    ...poolsFlags(a),
  });
}

/** --pools FILE (read and validated), --routing, --routing-step, --[no-]arbitrage. */
function poolsFlags(a: SimulationFlags): RunConfigInput {
  const rest: RunConfigInput = {
    ...(a.routing !== undefined ? { routing: a.routing } : {}),
    ...(a["routing-step"] !== undefined ? { routingStep: num(a["routing-step"], "--routing-step") } : {}),
  };
  if (a.pools === undefined) {
    if (a.arbitrage !== undefined)
      throw new ExecsimError("INVALID_ARGUMENT", "--arbitrage needs --pools FILE");
    return rest;
  }
  const file = typeof a.pools === "string" ? loadPoolsFile(a.pools) : parsePoolsConfig(a.pools);
  return { ...rest, pools: a.arbitrage === undefined ? file : { ...file, arbitrage: a.arbitrage } };
}

/** 3600000 → "1h", 1800000 → "30m", 1500 → "1500ms": the largest unit that divides it exactly. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ["d", DAY_MS],
    ["h", HOUR_MS],
    ["m", MINUTE_MS],
    ["s", 1000],
  ] as const) {
    if (ms > 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** ms after midnight → "HH:MM". */
function formatTimeOfDay(ms: number): string {
  return isoUtc(ms).slice(11, 16);
}

/** True for the key of the built-in dataset (a stored run records its symbol, not that none was given). */
export function isBuiltInDataKey(symbol: string | null, category: string, interval: string): boolean {
  return (
    symbol === null ||
    (symbol === DEFAULT_DATASET_SYMBOL &&
      category === DEFAULT_DATASET_CATEGORY &&
      interval === DEFAULT_DATASET_INTERVAL)
  );
}

/**
 * The flag form of a config, every value explicit (defaults included), for a config file that
 * repeats it: `strategies` (a list) for compare, `strategy` for run. The built-in dataset has no symbol.
 */
export function flagsFromRunConfig(
  c: Pick<RunConfig, Exclude<keyof RunConfig, "warmupMs" | "advLookbackMs">>,
  command: "run" | "compare",
): RunFlagsFile {
  const out: RunFlagsFile = {};
  if (!isBuiltInDataKey(c.symbol, c.category, c.interval) && c.symbol !== null) out.symbol = c.symbol;
  out.category = c.category;
  out.interval = c.interval;
  if (c.fromMs !== null) out.from = isoUtc(c.fromMs);
  if (c.toMs !== null) out.to = isoUtc(c.toMs);
  if (command === "run") out.strategy = c.strategies[0] ?? "";
  else out.strategies = [...c.strategies];
  out.side = c.side;
  if (c.qtyBase !== null) out.qty = c.qtyBase;
  out["adv-fraction"] = c.advFraction;
  if (c.advDays != null) out["adv-days"] = c.advDays;
  out.horizon = formatDuration(c.horizonMs);
  out["start-time"] = formatTimeOfDay(c.startOfDayMs);
  out.seed = c.seed;
  out.impact = c.impactModel?.spec ?? c.impact;
  // a stored model: its name@version and only the parameters given beside it
  const params = Object.entries(c.impactModel?.overrides ?? c.impactParams);
  // JSON has no Infinity: a non-finite number is written as its text, which reads back the same
  if (params.length > 0)
    out["impact-param"] = Object.fromEntries(
      params.map(([k, v]) => [k, typeof v === "number" && !Number.isFinite(v) ? String(v) : v]),
    );
  out.latency = c.latencyMs;
  out["taker-fee"] = c.takerFeeRate;
  out["maker-fee"] = c.makerFeeRate;
  if (c.maxParticipation !== null) out["max-participation"] = c.maxParticipation;
  // the time budget does not change results: written only when it is not the default
  if (c.strategyTimeoutMs !== undefined && c.strategyTimeoutMs !== RUN_DEFAULTS.strategyTimeoutMs)
    out["strategy-timeout"] = formatDuration(c.strategyTimeoutMs);
  if (c.recalibrateEvery !== undefined) out.recalibrate = `every:${c.recalibrateEvery}`;
  return out;
}

/**
 * The flag form of a stored run's config (`runs show ID --config`): what `--config` needs to repeat
 * the run (for a compare run: the whole batch's strategies). Throws NOT_FOUND for a config that
 * predates the fields it needs.
 */
export function flagsOfStoredRun(run: { id: number; command: string; config: unknown }): RunFlagsFile {
  const c = run.config as Partial<RunConfig> | null;
  const need = [
    "category",
    "interval",
    "strategies",
    "side",
    "advFraction",
    "horizonMs",
    "startOfDayMs",
    "seed",
    "impact",
  ];
  const missing = c === null || typeof c !== "object" ? need : need.filter((k) => !(k in c));
  if (missing.length > 0)
    throw new ExecsimError(
      "NOT_FOUND",
      `run ${run.id} has no complete stored config (missing ${missing.join(", ")}); it cannot be repeated with --config`,
    );
  const full = c as RunConfig;
  return flagsFromRunConfig(
    {
      ...full,
      fromMs: full.fromMs ?? null,
      toMs: full.toMs ?? null,
      qtyBase: full.qtyBase ?? null,
      advDays: full.advDays ?? null,
      impactParams: full.impactParams ?? {},
      latencyMs: full.latencyMs,
      maxParticipation: full.maxParticipation ?? null,
    },
    run.command === "run" ? "run" : "compare",
  );
}
