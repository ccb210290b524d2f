/**
 * The execution-strategy API: what a strategy implements and what it sees.
 *
 * A strategy works one parent order (for example "buy 10 BTC between 09:00 and 17:00"): the engine
 * calls `start` once at the parent's start time, `onBar` each time a bar closes before the horizon
 * end, `onTimer` when a timer it set comes due and `onFill` after one of its child orders traded.
 * Through the context it may submit child orders (taker orders for part of the parent's remaining
 * quantity, on the parent's side), cancel child orders that have not reached the venue yet, and set
 * timers. It sees the market only through a read-only `MarketView` bounded by the simulated clock.
 *
 * Isolation: a strategy may be careless or hostile. The context, its parent state and its market
 * view are frozen objects whose state lives in closures and true private fields: nothing reachable
 * from them reads a bar that has not closed or writes anything the engine, the venue, the TCA or
 * another strategy reads (history() hands out copies; assigning `ctx.parent.qtyBase` throws).
 *
 * Timing (all times in epoch ms UTC):
 * - A bar with open time t is closed at t + intervalMs; its bar event fires at that close time.
 *   At time `now` the view holds exactly the bars whose close time is ≤ now (no look-ahead).
 * - A child order submitted at `now` reaches the venue at now + latencyMs and executes there.
 * - Events at the same time run in phase order: the bar close first, then child-order arrivals,
 *   then timers; ties within a phase run in the order they were scheduled (sent / set).
 *
 * Built-in strategies (strategies/*.ts) import only from the public API, exactly like a user's
 * strategy file loaded with `--strategy ./my-strategy.ts`, which must default-export either a
 * `StrategyFactory` (e.g. the result of `defineStrategy`) or an object implementing
 * `ExecutionStrategy`.
 */

import { ExecsimError } from "../core/errors.js";
import type { FillRecord } from "../core/execution-types.js";
import type { CandleSeries, Side } from "../core/market-types.js";

/** Read-only state of the parent order the strategy is working. Quantities in base units (> 0). */
export interface ParentOrderState {
  readonly id: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qtyBase: number;
  readonly startMs: number;
  readonly endMs: number;
  /** endMs − startMs. */
  readonly horizonMs: number;
  readonly limitPrice: number | undefined;
  /** Participation cap as a fraction of bar volume, or undefined for none. */
  readonly maxParticipation: number | undefined;
  /** Quantity traded so far. */
  readonly filledQtyBase: number;
  /** qtyBase − filledQtyBase (never negative). */
  readonly remainingQtyBase: number;
  /** Quantity in child orders submitted but not yet arrived at the venue. */
  readonly pendingQtyBase: number;
  /** remainingQtyBase − pendingQtyBase, floored at 0: what is still free to schedule. */
  readonly unscheduledQtyBase: number;
  /** Observed mid at the parent's start (the arrival price). */
  readonly arrivalMid: number;
}

/**
 * The bar delivered to `onBar`. The engine reuses one object for every bar event (no per-bar
 * allocation): read it during the callback, copy the fields you want to keep.
 */
export interface BarEvent {
  /** Index of the bar in the MarketView (this bar is market.length − 1 at the event). */
  readonly index: number;
  readonly openTimeMs: number;
  readonly closeTimeMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Base-currency volume of the bar. */
  readonly volume: number;
  /** Quote-currency turnover of the bar (NaN where the source does not give it). */
  readonly turnover: number;
}

/**
 * What the strategy can see of the market at the simulated time `now`. Bar accessors take an
 * index in [0, length) and throw for any other index: bars that have not closed yet do not exist.
 */
export interface MarketView {
  readonly symbol: string;
  /** Bar length in ms. */
  readonly intervalMs: number;
  /** Number of bars closed at or before now. */
  readonly length: number;
  openTimeMs(i: number): number;
  /** openTimeMs(i) + intervalMs. */
  closeTimeMs(i: number): number;
  open(i: number): number;
  high(i: number): number;
  low(i: number): number;
  close(i: number): number;
  volume(i: number): number;
  turnover(i: number): number;
  /** Close of the last closed bar, NaN when none has closed. */
  lastClose(): number;
  /** Number of closed bars whose open time is ≥ ms. */
  barsSince(ms: number): number;
  /**
   * A COPY of the closed bars as a columnar series: the last `lastBars` of them, or all when omitted.
   * Costs O(bars copied) per call, so ask for the window you need (or use the per-bar accessors);
   * the copy is yours: writing into it changes nothing the engine, the venue or other strategies read.
   */
  history(lastBars?: number): CandleSeries;
  /**
   * A copy of the bars that closed at or before the parent's start (the data a pre-trade model may
   * be estimated on). Same copy rule as `history()`.
   */
  preStartHistory(): CandleSeries;
  /**
   * Intraday volume profile estimated only from bars before the parent's start: element k is the
   * average share of a UTC day's volume traded in time-of-day bucket k (buckets of `bucketMs`,
   * default the bar interval; must divide a day). Sums to 1; uniform when there is no history.
   */
  volumeProfile(bucketMs?: number): Float64Array;
  /**
   * Mid the trader observes now: the close of the last closed bar (the latest historical mid it can
   * know) moved by the trader's own permanent and transient impact. Within a bar it does not follow
   * the venue's intrabar path, which is built from the bar's not-yet-known high, low and close.
   */
  mid(): number;
  /** Half the bid-ask spread now, in price units. */
  halfSpread(): number;
}

/** A child order: a taker order for part of the parent, on the parent's side. */
export interface ChildOrderRequest {
  /** Quantity in base units, finite and > 0. Cut at arrival to the parent's remaining quantity. */
  readonly qtyBase: number;
  /** Optional limit (undefined = none; the tighter of this and the parent's limit applies): no fill beyond it. */
  readonly limitPrice?: number;
  /** Free-form label stored with the child order (e.g. "slice-3"). */
  readonly tag?: string;
  /**
   * Where this order goes when the run routes across the book and AMM pools (`--pools`): a routing mode
   * (book, pools, optimal, step) or a venue name (the book's or a pool's). Default: the run's mode.
   * Without pools only "book" (or the venue's own name) is accepted.
   */
  readonly route?: string;
}

export interface StrategyContext {
  /** Simulated time, epoch ms. */
  readonly now: number;
  readonly parent: ParentOrderState;
  readonly market: MarketView;
  /** Send a child order; it reaches the venue at now + latency. Returns the child's id. */
  submit(order: ChildOrderRequest): string;
  /** Cancel a child that has not reached the venue yet. Returns false if it already arrived. */
  cancel(childId: string): boolean;
  /** Call onTimer(ctx, tag) at atMs (a time at or before now fires at now, after current events). */
  setTimer(atMs: number, tag: string): void;
}

export interface ExecutionStrategy {
  readonly name: string;
  /** Called once at parent.startMs: plan the schedule, submit the first child, set timers. */
  start(ctx: StrategyContext): void;
  onBar?(ctx: StrategyContext, bar: BarEvent): void;
  onTimer?(ctx: StrategyContext, tag: string): void;
  onFill?(ctx: StrategyContext, fill: FillRecord): void;
}

/** Creates a fresh strategy instance (one per strategy × parent order) from optional parameters. */
export type StrategyFactory<P extends object = Record<string, unknown>> = (
  params?: Partial<P>,
) => ExecutionStrategy;

/** A factory made with defineStrategy, carrying its name, description and default parameters. */
export type DefinedStrategy<P extends object> = StrategyFactory<P> & {
  readonly strategyName: string;
  readonly description: string;
  readonly defaults: Readonly<P>;
  /** Parameters that take whole values (a sweep rounds its grid values for them). */
  readonly integerParams: readonly string[];
};

export interface StrategyDefinition<P extends object> {
  readonly name: string;
  readonly description?: string;
  /** Every parameter with its default value. Unknown parameter names are rejected. */
  readonly defaults: P;
  /**
   * Parameters that take whole values (counts, durations in ms): `execsim sweep` rounds grid values
   * for them. Optional; `slices`, `...Ms` and `...Bars` are treated as whole-valued anyway.
   */
  readonly integerParams?: readonly (keyof P & string)[];
  /** Throw an ExecsimError (INVALID_CONFIG) with a helpful message if the parameters are unusable. */
  readonly validate?: (params: Readonly<P>) => void;
  /** Build the callbacks for one parent order. Keep per-order state in this closure. */
  readonly create: (params: Readonly<P>) => Omit<ExecutionStrategy, "name">;
}

/**
 * Define a strategy from its defaults and a builder. The returned factory merges the caller's
 * parameters over the defaults, rejects unknown names and wrong types (INVALID_CONFIG), runs
 * `validate`, and returns a fresh strategy instance per call.
 */
export function defineStrategy<P extends object>(def: StrategyDefinition<P>): DefinedStrategy<P> {
  if (typeof def.name !== "string" || def.name.length === 0) {
    throw new ExecsimError("INVALID_CONFIG", "defineStrategy needs a non-empty name");
  }
  const defaults = Object.freeze({ ...def.defaults });
  const factory = (params?: Partial<P>): ExecutionStrategy => {
    const merged = { ...defaults } as P;
    for (const [key, value] of Object.entries(params ?? {})) {
      if (value === undefined) continue;
      if (!(key in defaults)) {
        throw new ExecsimError(
          "INVALID_CONFIG",
          `strategy "${def.name}" has no parameter "${key}"; known parameters: ${Object.keys(defaults).join(", ") || "(none)"}`,
        );
      }
      const expected = typeof (defaults as Record<string, unknown>)[key];
      const dflt = (defaults as Record<string, unknown>)[key];
      if (dflt !== undefined && dflt !== null && typeof value !== expected) {
        throw new ExecsimError(
          "INVALID_CONFIG",
          `strategy "${def.name}" parameter "${key}" must be a ${expected}, got ${JSON.stringify(value)}`,
        );
      }
      (merged as Record<string, unknown>)[key] = value;
    }
    const frozen = Object.freeze(merged);
    def.validate?.(frozen);
    const callbacks = def.create(frozen);
    return { ...callbacks, name: def.name };
  };
  return Object.assign(factory, {
    strategyName: def.name,
    description: def.description ?? "",
    defaults,
    integerParams: Object.freeze([...(def.integerParams ?? [])]) as readonly string[],
  });
}

/** True when `x` has the shape of an ExecutionStrategy (a name and a start function). */
export function isExecutionStrategy(x: unknown): x is ExecutionStrategy {
  if (typeof x !== "object" || x === null) return false;
  const s = x as Record<string, unknown>;
  if (typeof s.name !== "string" || s.name.length === 0 || typeof s.start !== "function") return false;
  for (const hook of ["onBar", "onTimer", "onFill"]) {
    if (s[hook] !== undefined && typeof s[hook] !== "function") return false;
  }
  return true;
}
