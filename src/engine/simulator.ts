/**
 * simulate(): run every strategy on every parent order over one candle series.
 *
 * Each (strategy, parent) pair runs on a fresh venue from `createVenue()`, reset on the series
 * with the random stream `createRng(seed).fork("market/<parent id>")` (or the parent's `marketKey`,
 * when it has one). The stream belongs to the
 * parent, not to the strategy: every strategy faces the same synthetic market (same book noise) for a
 * given parent order — common random numbers, so differences between strategies are their own and
 * not sampling noise — and a pair's result does not depend on which other pairs are in the run or in
 * which order they are listed. Results come
 * back strategy-major, then in parent order. A strategy that throws fails only its own pairs
 * (status "failed", `error` set); configuration errors (bad parents, data not covering a horizon,
 * duplicate names) are raised before anything runs. Same series, spec and seed give identical
 * results.
 */
import { ExecsimError } from "../core/errors.js";
import type { ExecutionVenue, ParentExecution, ParentOrder } from "../core/execution-types.js";
import { isoUtc } from "../core/interval.js";
import type { CandleSeries } from "../core/market-types.js";
import { createRng } from "../core/rng.js";
import { BYBIT_DEFAULT_FEES, type FeeSchedule, validateFees } from "./fees.js";
import { runParent } from "./parent-run.js";
import { SeriesPrefixSums } from "./pre-start-sums.js";
import type { ExecutionStrategy } from "./strategy-api.js";

export interface StrategyEntry {
  /** Label used in results (must be unique within a run). */
  readonly name: string;
  /** Makes a fresh instance; called once per parent order. */
  readonly create: () => ExecutionStrategy;
}

export interface SimulationSpec {
  readonly series: CandleSeries;
  readonly parents: readonly ParentOrder[];
  readonly strategies: readonly StrategyEntry[];
  /**
   * Makes a fresh venue; called once per (strategy, parent) with that parent (a calibrated model with
   * volatility regimes gives each parent its regime's parameters; most factories ignore it).
   */
  readonly createVenue: (parent: ParentOrder) => ExecutionVenue;
  /** Delay between a child's submission and its arrival at the venue, ms (≥ 0). */
  readonly latencyMs: number;
  /** Defaults to Bybit VIP 0 perpetual rates (taker 0.055%, maker 0.02%). */
  readonly fees?: FeeSchedule;
  readonly seed: string | number;
  /** Called with each result as soon as it is ready (e.g. to stream it into a store). */
  readonly onExecution?: (e: ParentExecution) => void;
  /**
   * Running sums over `series` to reuse across several simulate() calls on the same series (a sweep
   * runs one call per job); by default each call builds its own. Same numbers either way.
   */
  readonly prefixSums?: SeriesPrefixSums;
  /**
   * Keep every result for the return value (default true). A caller that consumes them in
   * onExecution passes false: simulate() then returns [] and its memory does not grow with the parents.
   */
  readonly retainResults?: boolean;
}

function invalid(message: string): never {
  throw new ExecsimError("INVALID_CONFIG", message);
}

/** Check a parent order against the series; throws INVALID_CONFIG / INSUFFICIENT_DATA. */
export function validateParent(p: ParentOrder, series: CandleSeries): void {
  const who = `parent order "${p.id}"`;
  if (typeof p.id !== "string" || p.id.length === 0) invalid("every parent order needs a non-empty id");
  if (p.side !== "buy" && p.side !== "sell") invalid(`${who}: side must be "buy" or "sell", got ${p.side}`);
  if (!(Number.isFinite(p.qtyBase) && p.qtyBase > 0))
    invalid(`${who}: qtyBase must be a finite number > 0, got ${p.qtyBase}`);
  if (!(Number.isFinite(p.startMs) && Number.isFinite(p.endMs) && p.endMs > p.startMs))
    invalid(`${who}: needs finite startMs < endMs, got ${p.startMs} .. ${p.endMs}`);
  if (p.limitPrice !== undefined && !(Number.isFinite(p.limitPrice) && p.limitPrice > 0))
    invalid(`${who}: limitPrice must be a price > 0 or omitted, got ${p.limitPrice}`);
  if (p.maxParticipation !== undefined && !(p.maxParticipation > 0 && p.maxParticipation <= 1))
    invalid(
      `${who}: maxParticipation must be in (0, 1] (e.g. 0.1 for 10% of bar volume), got ${p.maxParticipation}`,
    );
  if (p.symbol !== series.symbol)
    invalid(`${who} is for ${p.symbol} but the series is ${series.symbol}; run one symbol per series`);
  const n = series.length;
  const first = n > 0 ? series.openTimeMs[0]! : Number.NaN;
  const lastClose = n > 0 ? series.openTimeMs[n - 1]! + series.intervalMs : Number.NaN;
  if (!(n > 0 && first <= p.startMs && lastClose >= p.endMs)) {
    throw new ExecsimError(
      "INSUFFICIENT_DATA",
      n === 0
        ? `${who}: the candle series is empty; load or fetch candles for ${series.symbol} first`
        : `${who} runs ${isoUtc(p.startMs)} .. ${isoUtc(p.endMs)} but the candles cover ${isoUtc(first)} .. ${isoUtc(lastClose)}; fetch more data or shorten the horizon`,
    );
  }
}

export function simulate(spec: SimulationSpec): ParentExecution[] {
  const { series, parents, strategies } = spec;
  if (!(Number.isFinite(spec.latencyMs) && spec.latencyMs >= 0))
    invalid(`latencyMs must be a finite number of ms >= 0, got ${spec.latencyMs}`);
  const fees = validateFees(spec.fees ?? BYBIT_DEFAULT_FEES);
  if (strategies.length === 0) invalid("no strategy to run; name at least one (e.g. twap)");
  const names = new Set<string>();
  for (const s of strategies) {
    if (typeof s.name !== "string" || s.name.length === 0) invalid("every strategy entry needs a name");
    if (names.has(s.name)) invalid(`strategy name "${s.name}" appears twice; give each entry its own label`);
    if (s.name.includes("/")) invalid(`strategy name "${s.name}" must not contain "/"`);
    names.add(s.name);
  }
  const ids = new Set<string>();
  for (const p of parents) {
    validateParent(p, series);
    if (ids.has(p.id)) invalid(`parent order id "${p.id}" appears twice; ids must be unique`);
    ids.add(p.id);
  }
  const root = createRng(spec.seed);
  // running sums over the series for the pre-start estimators, shared by every (strategy, parent) pair
  const sums = spec.prefixSums?.series === series ? spec.prefixSums : new SeriesPrefixSums(series);
  const out: ParentExecution[] = [];
  const retain = spec.retainResults ?? true;
  for (const s of strategies) {
    for (const p of parents) {
      const e = runParent({
        series,
        parent: p,
        strategyName: s.name,
        createStrategy: s.create,
        venue: spec.createVenue(p),
        rng: root.fork(`market/${p.marketKey ?? p.id}`),
        latencyMs: spec.latencyMs,
        fees,
        sums,
      });
      if (retain) out.push(e);
      spec.onExecution?.(e);
    }
  }
  return out;
}
