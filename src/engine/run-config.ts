/**
 * The configuration of a simulation run (`execsim run` / `execsim compare`), validated once at the
 * edge and frozen, with its defaults beside the type; and the parent orders it implies.
 *
 * Parent orders (planParents): one per UTC day, starting at `startOfDayMs` after midnight (default
 * 12:00 UTC) and lasting `horizonMs` (default 1 hour). A day gets a parent when
 *   - its start lies in [fromMs, toMs) (the requested range; default: all stored data), and
 *   - at least `warmupMs` (default 1 day) of data precede it in the store (for ADV, volatility and the
 *     VWAP profile, all measured strictly before a parent's start: no look-ahead), and
 *   - the stored data cover its whole horizon (start + horizon ≤ the last bar's close).
 * Size: `qtyBase` when given, else `advFraction` (default 0.2%) × ADV, with ADV measured over the
 * `adv lookback` (up to 7 days, at least warmupMs) that ends at the FIRST parent's start; every parent
 * of the run has that same size, so strategies are compared on identical orders.
 * The series handed to the simulator spans [first parent − lookback, last parent end).
 *
 * Validation errors are ExecsimError INVALID_ARGUMENT / NOT_FOUND raised before anything is written.
 */
import type { CalibratedModel } from "../calibration/calibrated-model.js";
import { ExecsimError } from "../core/errors.js";
import type { ParentOrder } from "../core/execution-types.js";
import { DAY_MS, HOUR_MS, type Interval, intervalMs, isoUtc } from "../core/interval.js";
import type { CandleSeries, Category, Side } from "../core/market-types.js";
import { sliceSeries } from "../core/market-types.js";
import { normalizeSymbol } from "../core/symbol.js";
import { roundToLot } from "../market/instrument-specs.js";
import { averageDailyVolume } from "../market/market-stats.js";
import { firstBarAtOrAfter } from "../tca/benchmarks.js";
import {
  type PoolsConfig,
  parsePoolsConfig,
  ROUTING_MODES,
  type RoutingMode,
} from "../venues/amm/pools-file.js";
import { DEFAULT_ROUTE_STEP } from "../venues/routing/router.js";
import { parseVenueKind, type VenueKind } from "../venues/venue-factory.js";

export type ImpactKind = VenueKind;

export interface RunConfig {
  /** null: the built-in default dataset. */
  readonly symbol: string | null;
  readonly category: Category;
  readonly interval: Interval;
  /** Parents start in [fromMs, toMs); null = from the data's start (+ warm-up) / to its end. */
  readonly fromMs: number | null;
  readonly toMs: number | null;
  /** Built-in names or file paths. */
  readonly strategies: readonly string[];
  readonly side: Side;
  /** Fixed parent size in base units, or null to size by advFraction. */
  readonly qtyBase: number | null;
  readonly advFraction: number;
  readonly horizonMs: number;
  readonly startOfDayMs: number;
  readonly warmupMs: number;
  readonly advLookbackMs: number;
  /**
   * Days before the first parent whose volume sizes the parents (ADV); null: the history window
   * (advLookbackMs). Changes only the sizing, not the bars strategies see.
   */
  readonly advDays: number | null;
  readonly seed: string;
  readonly impact: ImpactKind;
  /** Parameters for the venue factory (keys and values are validated there). */
  readonly impactParams: Readonly<Record<string, unknown>>;
  readonly latencyMs: number;
  readonly takerFeeRate: number;
  readonly makerFeeRate: number;
  /** Cap on child volume as a fraction of bar volume; null for none. */
  readonly maxParticipation: number | null;
  /** Time budget of each (strategy, parent order), ms: a strategy exceeding it fails its run. */
  readonly strategyTimeoutMs: number;
  /** AMM routing (absent without pools): the pools, and every strategy runs once per routing mode. */
  readonly pools?: PoolsConfig;
  readonly routing?: readonly RoutingMode[];
  /** Chunk of the step router as a fraction of each child (default 0.05). */
  readonly routingStep?: number;
  /**
   * `--impact model:NAME[@V]` (issue 18): the stored calibrated model, resolved (name AND version, its
   * parameters and regimes), that `impact` and `impactParams` were derived from; `overrides` are the
   * --impact-param values given beside it. Absent for a built-in or file venue.
   */
  readonly impactModel?: ImpactModelConfig;
  /** `compare --recalibrate every:N`: refit the model every N parents on the run's own fills. */
  readonly recalibrateEvery?: number;
}

/** A resolved `--impact model:NAME[@V]` as recorded in the run config (experiment/model-by-name.ts). */
export interface ImpactModelConfig extends CalibratedModel {
  /** `model:NAME@V`, the version resolved. */
  readonly spec: string;
  /** --impact-param values given with the model: they set the simulated market, not the plans. */
  readonly overrides: Readonly<Record<string, unknown>>;
}

export const RUN_DEFAULTS = Object.freeze({
  category: "linear" as Category,
  interval: "1" as Interval,
  strategies: Object.freeze(["twap", "vwap", "pov", "is"]),
  side: "buy" as Side,
  advFraction: 0.002,
  horizonMs: HOUR_MS,
  startOfDayMs: 12 * HOUR_MS,
  warmupMs: DAY_MS,
  advLookbackMs: 7 * DAY_MS,
  seed: "42",
  impact: "book" as ImpactKind,
  latencyMs: 100,
  /** Bybit VIP 0 perpetual taker / maker (see src/engine/fees.ts). */
  takerFeeRate: 0.00055,
  makerFeeRate: 0.0002,
  strategyTimeoutMs: 30_000,
});

export type RunConfigInput = Partial<{
  -readonly [K in Exclude<keyof RunConfig, "pools" | "routing">]: RunConfig[K];
}> & {
  /** A pools document (validated by parsePoolsConfig) or a PoolsConfig. */
  pools?: unknown;
  /** Routing modes, as a list or comma-separated. */
  routing?: readonly string[] | string;
};

/** --pools / --routing / --routing-step: validated; nothing when no pools are given. */
function routingConfig(input: RunConfigInput): Pick<RunConfig, "pools" | "routing" | "routingStep"> {
  const raw = input.routing;
  const list =
    raw === undefined
      ? undefined
      : (typeof raw === "string" ? raw.split(",") : [...raw]).map((m) => m.trim()).filter(Boolean);
  if (input.pools === undefined || input.pools === null) {
    if (list !== undefined && list.length > 0)
      bad("--routing", "routing modes need the pools to route to: add --pools FILE");
    if (input.routingStep !== undefined) bad("--routing-step", "needs --pools FILE");
    return {};
  }
  if (
    String(input.impact ?? "")
      .trim()
      .toLowerCase() === "routed"
  ) {
    bad(
      "--impact",
      "routed is the pools venue itself; with --pools name the book leg instead (book, sqrt, ...)",
    );
  }
  const pools = parsePoolsConfig(input.pools);
  const routing = list ?? ["optimal"];
  if (routing.length === 0) bad("--routing", `name at least one mode: ${ROUTING_MODES.join(", ")}`);
  for (const m of routing) {
    if (!(ROUTING_MODES as readonly string[]).includes(m))
      bad("--routing", `unknown mode "${m}": use ${ROUTING_MODES.join(", ")}`);
  }
  const dup = routing.find((m, i) => routing.indexOf(m) !== i);
  if (dup) bad("--routing", `"${dup}" is listed twice`);
  const routingStep = input.routingStep ?? DEFAULT_ROUTE_STEP;
  if (!inRange(routingStep, 0, 1, true))
    bad("--routing-step", `a fraction in (0, 1] (0.05 = 5% chunks), got ${routingStep}`);
  return { pools, routing: Object.freeze(routing as RoutingMode[]), routingStep };
}

/** The largest parent size accepted, base units (beyond it quantities overflow cost sums). */
export const MAX_QTY_BASE = 1e15;
/** The longest ADV sizing window, days. */
export const MAX_ADV_DAYS = 365;

function bad(what: string, hint: string): never {
  throw new ExecsimError("INVALID_ARGUMENT", `${what}: ${hint}`);
}

function inRange(x: number, lo: number, hi: number, loOpen: boolean): boolean {
  return Number.isFinite(x) && (loOpen ? x > lo : x >= lo) && x <= hi;
}

/** Fill defaults, validate every field, freeze. Pure: no I/O. */
export function buildRunConfig(input: RunConfigInput): RunConfig {
  const d = RUN_DEFAULTS;
  const strategies = [...(input.strategies ?? d.strategies)].map((s) => s.trim()).filter(Boolean);
  if (strategies.length === 0) bad("--strategies", "name at least one strategy, e.g. twap,vwap,pov,is");
  const dup = strategies.find((s, i) => strategies.indexOf(s) !== i);
  if (dup) bad("--strategies", `"${dup}" is listed twice`);
  const side = input.side ?? d.side;
  if (side !== "buy" && side !== "sell") bad("--side", `use buy or sell, got "${side}"`);
  const qty = input.qtyBase ?? null;
  if (qty !== null && !(Number.isFinite(qty) && qty > 0))
    bad("--qty", `the parent quantity must be a number > 0 (base units), got ${qty}`);
  if (qty !== null && qty > MAX_QTY_BASE)
    bad(
      "--qty",
      `${qty} base units is beyond the largest parent execsim simulates (${MAX_QTY_BASE}); size it as a fraction of volume with --adv-fraction instead`,
    );
  const advDays = input.advDays ?? null;
  if (advDays !== null && !(Number.isInteger(advDays) && advDays >= 1 && advDays <= MAX_ADV_DAYS))
    bad("--adv-days", `a whole number of days in [1, ${MAX_ADV_DAYS}], got ${advDays}`);
  const advFraction = input.advFraction ?? d.advFraction;
  if (!inRange(advFraction, 0, 1, true))
    bad(
      "--adv-fraction",
      `must be in (0, 1] (e.g. 0.002 = 0.2% of average daily volume), got ${advFraction}`,
    );
  const horizonMs = input.horizonMs ?? d.horizonMs;
  const interval = input.interval ?? d.interval;
  const barMs = intervalMs(interval);
  if (!inRange(horizonMs, barMs - 1, 7 * DAY_MS, true))
    bad(
      "--horizon",
      `must be at least one bar (${barMs / 60_000} min) and at most 7 days, got ${horizonMs} ms`,
    );
  const startOfDayMs = input.startOfDayMs ?? d.startOfDayMs;
  if (!(Number.isFinite(startOfDayMs) && startOfDayMs >= 0 && startOfDayMs < DAY_MS))
    bad("--start-time", `must be a time of day in [00:00, 24:00) UTC, got ${startOfDayMs} ms`);
  const warmupMs = input.warmupMs ?? d.warmupMs;
  if (!inRange(warmupMs, DAY_MS, 365 * DAY_MS, false))
    bad("warm-up", `needs at least 1 day of data before the first parent (ADV), got ${warmupMs} ms`);
  const advLookbackMs = Math.max(input.advLookbackMs ?? d.advLookbackMs, warmupMs);
  const fromMs = input.fromMs ?? null;
  const toMs = input.toMs ?? null;
  if (fromMs !== null && !Number.isFinite(fromMs)) bad("--from", `not a time: ${fromMs}`);
  if (toMs !== null && !Number.isFinite(toMs)) bad("--to", `not a time: ${toMs}`);
  if (fromMs !== null && toMs !== null && !(toMs > fromMs))
    bad("--to", `must be after --from (${isoUtc(fromMs)}), got ${isoUtc(toMs)}`);
  const impact = parseVenueKind(input.impact ?? d.impact);
  const impactParams = Object.freeze({ ...(input.impactParams ?? {}) });
  const latencyMs = input.latencyMs ?? d.latencyMs;
  if (!inRange(latencyMs, 0, 60_000, false)) bad("--latency", `must be in [0, 60000] ms, got ${latencyMs}`);
  const takerFeeRate = input.takerFeeRate ?? d.takerFeeRate;
  const makerFeeRate = input.makerFeeRate ?? d.makerFeeRate;
  if (!inRange(takerFeeRate, 0, 0.01, false))
    bad("--taker-fee", `a fraction of notional in [0, 0.01] (0.00055 = 0.055%), got ${takerFeeRate}`);
  if (!inRange(makerFeeRate, 0, 0.01, false))
    bad("--maker-fee", `a fraction of notional in [0, 0.01] (0.0002 = 0.02%), got ${makerFeeRate}`);
  const maxParticipation = input.maxParticipation ?? null;
  if (maxParticipation !== null && !inRange(maxParticipation, 0, 1, true))
    bad("--max-participation", `must be in (0, 1] (a fraction of bar volume), got ${maxParticipation}`);
  const strategyTimeoutMs = input.strategyTimeoutMs ?? d.strategyTimeoutMs;
  if (!inRange(strategyTimeoutMs, 0, 3_600_000, true))
    bad(
      "--strategy-timeout",
      `the time budget per strategy and parent order must be > 0 and at most 1h (e.g. 30s, 500ms), got ${strategyTimeoutMs} ms`,
    );
  const symbol = input.symbol == null ? null : normalizeSymbol(input.symbol, "--symbol");
  return Object.freeze({
    symbol,
    category: input.category ?? d.category,
    interval,
    fromMs,
    toMs,
    strategies: Object.freeze(strategies),
    side,
    qtyBase: qty,
    advFraction,
    horizonMs,
    startOfDayMs,
    warmupMs,
    advLookbackMs,
    advDays,
    seed: String(input.seed ?? d.seed),
    impact,
    impactParams,
    latencyMs,
    takerFeeRate,
    makerFeeRate,
    maxParticipation,
    strategyTimeoutMs,
    ...routingConfig(input),
    ...modelConfig(input),
  });
}

/** --impact model:NAME (already resolved into impact, impactParams and impactModel) and --recalibrate. */
function modelConfig(input: RunConfigInput): Pick<RunConfig, "impactModel" | "recalibrateEvery"> {
  if (input.impactModel && input.pools !== undefined && input.pools !== null)
    bad(
      "--pools",
      "a stored model (--impact model:NAME) does not route yet: name its venue and parameters for the book leg (`execsim models show NAME`)",
    );
  const every = input.recalibrateEvery;
  if (every === undefined || every === null)
    return input.impactModel ? { impactModel: input.impactModel } : {};
  if (!input.impactModel)
    bad(
      "--recalibrate",
      "refits a stored model: name it with --impact model:NAME (see `execsim models list`)",
    );
  if (!(Number.isSafeInteger(every) && every >= 1))
    bad("--recalibrate", `use every:N with N a whole number >= 1 (parents between refits), got ${every}`);
  return { impactModel: input.impactModel, recalibrateEvery: every };
}

export interface ParentPlan {
  readonly parents: readonly ParentOrder[];
  /** Size of every parent, base units. */
  readonly qtyBase: number;
  /** ADV measured before the first parent (NaN when --qty was given and ADV was not needed). */
  readonly advBase: number;
  /** The bars to simulate on: [first start − lookback, last end), sharing the stored buffers. */
  readonly series: CandleSeries;
  readonly fromMs: number;
  readonly toMs: number;
  /** Things the user should know about the sizing (short ADV history, participation above 100 %). */
  readonly warnings: readonly string[];
}

/** UTC date of a time as YYYY-MM-DD. */
function utcDay(ms: number): string {
  return isoUtc(ms).slice(0, 10);
}

/**
 * Start times of the parent orders that data spanning [firstMs, lastCloseMs) admits under the config
 * (the rules in the doc block above). Needs no candles, so a range can be checked against a dataset's
 * known span before anything is written. Throws INVALID_ARGUMENT ("no parent order fits") when none.
 */
export function parentStartsWithin(
  config: RunConfig,
  symbol: string,
  firstMs: number,
  lastCloseMs: number,
): number[] {
  const earliest = Math.max(firstMs + config.warmupMs, config.fromMs ?? Number.NEGATIVE_INFINITY);
  const latestStart = config.toMs ?? Number.POSITIVE_INFINITY;
  const starts: number[] = [];
  for (let day = Math.floor(firstMs / DAY_MS) * DAY_MS; day < lastCloseMs; day += DAY_MS) {
    const start = day + config.startOfDayMs;
    if (start < earliest || start >= latestStart || start + config.horizonMs > lastCloseMs) continue;
    starts.push(start);
  }
  if (starts.length === 0) {
    const hh = new Date(config.startOfDayMs).toISOString().slice(11, 16);
    bad(
      "--from/--to/--horizon",
      `no parent order fits: the stored ${symbol} candles cover ${isoUtc(firstMs)} .. ${isoUtc(lastCloseMs)}, ` +
        `a parent starts at ${hh} UTC each day after ${config.warmupMs / DAY_MS} day(s) of warm-up data and must end ` +
        `(after ${config.horizonMs / 60_000} min) by the last stored close${config.fromMs !== null ? `, within --from ${isoUtc(config.fromMs)}` : ""}${config.toMs !== null ? ` .. --to ${isoUtc(config.toMs)}` : ""}. ` +
        "Widen the range, shorten --horizon, or fetch/import more data.",
    );
  }
  return starts;
}

/**
 * The parent orders implied by the config over the stored series (which may start before --from).
 * Throws INVALID_ARGUMENT when no day fits (the range or horizon lies outside the stored data).
 */
export function planParents(config: RunConfig, stored: CandleSeries, lotSize = 0): ParentPlan {
  const n = stored.length;
  if (n === 0) {
    const range = `${config.fromMs !== null ? isoUtc(config.fromMs) : "the start"} .. ${config.toMs !== null ? isoUtc(config.toMs) : "the end"}`;
    bad(
      "--from/--to",
      `no candles stored for ${stored.symbol} around ${range}, so no parent order fits; \`execsim data list\` shows the stored ranges`,
    );
  }
  const first = stored.openTimeMs[0]!;
  const lastClose = stored.openTimeMs[n - 1]! + stored.intervalMs;
  const parents: ParentOrder[] = parentStartsWithin(config, stored.symbol, first, lastClose).map((start) => ({
    id: utcDay(start),
    symbol: stored.symbol,
    side: config.side,
    qtyBase: 0,
    startMs: start,
    endMs: start + config.horizonMs,
    ...(config.maxParticipation !== null ? { maxParticipation: config.maxParticipation } : {}),
  }));
  const firstStart = parents[0]!.startMs;
  const lookFrom = firstBarAtOrAfter(stored, firstStart - config.advLookbackMs);
  const endIdx = firstBarAtOrAfter(stored, parents[parents.length - 1]!.endMs);
  const series = sliceSeries(stored, lookFrom, endIdx);
  let advBase = Number.NaN;
  let qty = config.qtyBase;
  const warnings: string[] = [];
  if (qty === null) {
    const windowMs = config.advDays !== null ? config.advDays * DAY_MS : config.advLookbackMs;
    const advFrom = firstBarAtOrAfter(stored, firstStart - windowMs);
    const before = sliceSeries(stored, advFrom, firstBarAtOrAfter(stored, firstStart));
    advBase = averageDailyVolume(before).volumeBase;
    qty = config.advFraction * advBase;
    if (!(qty > 0))
      bad("--adv-fraction", `the data before ${isoUtc(firstStart)} show no volume; give the size with --qty`);
    const haveDays = (firstStart - stored.openTimeMs[advFrom]!) / DAY_MS;
    const wantDays = windowMs / DAY_MS;
    if (haveDays < wantDays - 1e-9) {
      warnings.push(
        `only ${haveDays.toFixed(2)} day(s) of data precede the first parent (${isoUtc(firstStart)}), fewer than the ${wantDays}-day ADV window: the parent size is based on those days; widen the data or set the sizing window with --adv-days`,
      );
    }
  }
  if (lotSize > 0) {
    // a real instrument trades in whole lots: the parent size too (children are rounded in the engine)
    const rounded = roundToLot(qty, lotSize);
    if (!(rounded > 0))
      bad(
        config.qtyBase === null ? "--adv-fraction" : "--qty",
        `the parent size ${qty} is below one lot of ${stored.symbol} (${lotSize}); give a larger size`,
      );
    qty = rounded;
  }
  const peak = peakParticipation(stored, parents, qty);
  if (peak.rate > 1) {
    warnings.push(
      `each parent is ${formatRate(peak.rate)} of the market volume over its horizon (${peak.id}), so at most that share can trade at realistic participation; reduce --qty / --adv-fraction or lengthen --horizon`,
    );
  }
  const sized = parents.map((p) =>
    Object.freeze(lotSize > 0 ? { ...p, qtyBase: qty, lotSizeBase: lotSize } : { ...p, qtyBase: qty }),
  );
  return Object.freeze({
    parents: Object.freeze(sized),
    qtyBase: qty,
    advBase,
    series,
    fromMs: series.openTimeMs[0]!,
    toMs: series.openTimeMs[series.length - 1]! + series.intervalMs,
    warnings: Object.freeze(warnings),
  });
}

/** The largest qty / (market volume over the parent's horizon) across parents. */
function peakParticipation(
  s: CandleSeries,
  parents: readonly ParentOrder[],
  qty: number,
): { rate: number; id: string } {
  let best = { rate: 0, id: "" };
  for (const p of parents) {
    let v = 0;
    for (let i = firstBarAtOrAfter(s, p.startMs); i < s.length && s.openTimeMs[i]! < p.endMs; i++)
      v += s.volume[i]!;
    const rate = v > 0 ? qty / v : Number.POSITIVE_INFINITY;
    if (rate > best.rate) best = { rate, id: p.id };
  }
  return best;
}

/** 12.3 -> "1230 %"; large values in scientific notation. */
function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) return "more than all (no volume traded)";
  const pct = rate * 100;
  return pct < 1e6 ? `${pct.toFixed(0)} %` : `${pct.toExponential(1)} %`;
}
