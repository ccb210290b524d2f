/**
 * Execution domain types shared by the engine, the venues, the strategies and TCA.
 * Units: prices in quote per base, quantities in base units (always positive; direction is `side`),
 * times in epoch ms UTC, costs in quote currency unless the name says bps.
 */
import type { CandleSeries, Side } from "./market-types.js";
import type { Rng } from "./rng.js";

export interface ParentOrder {
  readonly id: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qtyBase: number;
  readonly startMs: number;
  readonly endMs: number;
  /** Do not pay more than this (buy) / receive less than this (sell). */
  readonly limitPrice?: number;
  /** Cap on child volume as a fraction of the bar's traded volume, in (0, 1]. */
  readonly maxParticipation?: number;
  /**
   * The instrument's quantity step (base units): child orders are rounded to whole lots, and a child
   * below one lot is rejected (no dust). Absent: quantities are not rounded.
   */
  readonly lotSizeBase?: number;
  /**
   * Key of the parent's market random stream in simulate() (`fork("market/<key>")`); default its id.
   * Parents from a file use the UTC day of their start, the id a generated parent of that day has, so an
   * order meets the same synthetic market whatever the user called it.
   */
  readonly marketKey?: string;
}

/** Result of one taker order against a venue. A partial fill has filledQtyBase < requested. */
export interface ExecutionResult {
  readonly requestedQtyBase: number;
  readonly filledQtyBase: number;
  /** Σ price × qty over the fill, quote currency. */
  readonly notionalQuote: number;
  /** notional / filled (NaN when nothing filled). */
  readonly avgPrice: number;
  readonly worstPrice: number;
  readonly levelsConsumed: number;
  /** Historical (unimpacted) mid at the time of the order. */
  readonly marketMid: number;
  /** Mid the trader faced just before the order: market mid + own permanent + transient impact. */
  readonly midBefore: number;
  /** Same, just after the order. */
  readonly midAfter: number;
  /** Half-spread in price units at the time of the order. */
  readonly halfSpread: number;
  /** Own impact in the mid just before the order (signed price units): midBefore − marketMid = permanent + transient. */
  readonly permanentImpactBefore: number;
  readonly transientImpactBefore: number;
}

/** A caller-owned ExecutionResult that `executeInto` overwrites (no allocation per order). */
export type ExecutionResultBuffer = { -readonly [K in keyof ExecutionResult]: ExecutionResult[K] };

/** A fresh buffer for `ExecutionVenue.executeInto`. */
export function createExecutionResultBuffer(): ExecutionResultBuffer {
  return {
    requestedQtyBase: 0,
    filledQtyBase: 0,
    notionalQuote: 0,
    avgPrice: 0,
    worstPrice: 0,
    levelsConsumed: 0,
    marketMid: 0,
    midBefore: 0,
    midAfter: 0,
    halfSpread: 0,
    permanentImpactBefore: 0,
    transientImpactBefore: 0,
  };
}

/**
 * A simulated place to trade over time. The engine owns the clock: it calls `advanceTo` with
 * non-decreasing times before every `execute`, so the venue can decay transient impact, refill its
 * book and move along the sub-bar mid path. The venue is the world, not the strategy: it may read
 * the bar that contains `timeMs`, never a later one.
 */
export interface ExecutionVenue {
  readonly name: string;
  /** Start afresh on a series (e.g. for each parent order); clears the trader's own impact. */
  reset(series: CandleSeries, rng: Rng): void;
  advanceTo(timeMs: number): void;
  /** Mid the trader observes now (historical mid moved by own impact). */
  mid(): number;
  /** Historical mid now, without own impact. */
  marketMid(): number;
  halfSpread(): number;
  /** Own impact now, in price units, signed (+ pushes price up): permanent and transient parts. */
  ownImpact(): { permanent: number; transient: number };
  /** Pre-trade look at a taker order, without changing state. */
  quote(side: Side, qtyBase: number): ExecutionResult;
  execute(side: Side, qtyBase: number, limitPrice?: number): ExecutionResult;
  /**
   * Optional: `execute`, writing the result into `out` instead of a new object (the engine's hot path
   * uses it when present; `out` is valid until the next call). Must be equivalent to `execute`.
   */
  executeInto?(side: Side, qtyBase: number, limitPrice: number | undefined, out: ExecutionResultBuffer): void;
  /** Parameters to store with a run. */
  describe(): Record<string, unknown>;
  /**
   * Optional (multi-venue routing, venues/routing/routed-venue.ts): `execute` with a route for this one
   * order (a routing mode or a venue name, from ChildOrderRequest.route).
   */
  executeRouted?(side: Side, qtyBase: number, limitPrice: number | undefined, route: string): ExecutionResult;
  /**
   * Optional: the parts of the last `execute` / `executeRouted`, one per venue that traded; the engine
   * records one fill per leg (with the leg's venue) instead of one per order. Undefined or empty: one fill.
   */
  lastLegs?(): readonly VenueLeg[];
}

/** One venue's part of a routed order. */
export interface VenueLeg {
  readonly venue: string;
  readonly result: ExecutionResult;
  /** The venue's own fee in quote (e.g. an AMM pool's); undefined: the run's taker fee on the notional. */
  readonly feeQuote?: number;
}

/** A child order as the engine recorded it. */
export interface ChildOrderRecord {
  readonly id: string;
  readonly parentId: string;
  readonly strategy: string;
  readonly side: Side;
  readonly qtyBase: number;
  readonly submitMs: number;
  /** submitMs + latency: when the order reached the venue. */
  readonly arriveMs: number;
  readonly limitPrice?: number;
  readonly tag?: string;
  filledQtyBase: number;
  status: "pending" | "filled" | "partial" | "rejected" | "cancelled";
  /** Why an order was cut or rejected (participation cap, limit price, horizon end), if it was. */
  reason?: string;
}

/** One taker execution of a child order at one venue. */
export interface FillRecord {
  readonly childId: string;
  readonly parentId: string;
  readonly strategy: string;
  readonly venue: string;
  readonly side: Side;
  readonly timeMs: number;
  readonly qtyBase: number;
  readonly avgPrice: number;
  readonly notionalQuote: number;
  readonly feeQuote: number;
  readonly liquidity: "taker" | "maker";
  readonly marketMid: number;
  readonly midBefore: number;
  readonly midAfter: number;
  readonly halfSpread: number;
  readonly permanentImpactBefore: number;
  readonly transientImpactBefore: number;
  readonly levelsConsumed: number;
}

/**
 * What one strategy did with one parent order in a simulation. In the engine's results `children` and
 * `fills` are built from a columnar log (engine/execution-log.ts) the first time they are read, then kept;
 * they are enumerable, so spreading, JSON and deep equality see plain arrays.
 */
export interface ParentExecution {
  readonly strategy: string;
  readonly parent: ParentOrder;
  readonly children: readonly ChildOrderRecord[];
  readonly fills: readonly FillRecord[];
  /** Historical mid at parent start (the arrival price benchmark). */
  readonly arrivalMid: number;
  /** Historical mid at the horizon end (for opportunity cost of unfilled quantity). */
  readonly endMid: number;
  /** Σ fill quantities (set by the engine; absent in hand-built records). */
  readonly filledQtyBase?: number;
  /** parent.qtyBase − filledQtyBase, left unfilled at the horizon end or at a failure (set by the engine). */
  readonly unfilledQtyBase?: number;
  readonly status: "completed" | "failed";
  readonly error?: string;
}
