/**
 * One strategy working one parent order against one venue: the event loop of the simulator.
 *
 * Events, in (time, phase, seq) order (see event-queue.ts):
 * - bar closes (phase 0): bar i fires at openTimeMs[i] + intervalMs, for every bar closing in
 *   (startMs, endMs]. They are walked as a sequential index over the candle arrays and merged with
 *   the heap's top; they never enter the heap and allocate nothing (one reused BarEvent). A
 *   strategy without onBar and with nothing scheduled ends its run early (nothing can happen);
 * - child-order arrivals (phase 1): a child submitted at s reaches the venue at s + latencyMs;
 * - timers (phase 2) set by the strategy.
 * At the same time the bar close runs first (so at any event at time t the view holds exactly the
 * bars closed at or before t), then arrivals in the order they were sent, then timers in the order
 * they were set. Events at or before endMs run; at endMs the parent stops and its
 * unfilled remainder is left unfilled (TCA prices it as opportunity cost). A child still in flight
 * at endMs (arrival after endMs) is rejected with the reason recorded.
 *
 * Execution of a child arriving at t:
 * - executable qty = min(child qty, parent remaining);
 * - participation cap c: qty ≤ c × volume(bar containing t) − what this parent already executed
 *   in that bar. The bar containing t is the one the world trades in at t: the engine reads its
 *   volume although the strategy cannot see it yet (a fill model may use the present; only the
 *   strategy is barred from it). If no bar contains t (a gap in the data), the cap allows nothing;
 * - limit: the tighter of the child's and the parent's limit is passed to the venue, which fills
 *   only the part executable within it; a venue that fills beyond it is reported as a model error;
 * - fee = notional × taker rate, in quote currency (children are taker orders).
 *
 * Records: child orders and fills go column by column into an ExecutionLog (typed arrays); the
 * result's `children` and `fills` are materialised from it when first read, and a fill object is built
 * during the run only for a strategy with onFill. A venue with `executeInto` fills one reused result
 * buffer. So the hot path allocates no record or result object per child order.
 *
 * The run also ends early once the parent is filled and nothing is in flight.
 * A strategy (or venue) that throws ends this run: status "failed", `error` recorded, fills so far
 * kept, children not yet arrived cancelled. More than MAX_EVENTS_PER_INSTANT events at one instant
 * (a timer re-armed at `now` forever) is such a failure.
 *
 * Units: quantities base, prices quote per base, fees and notionals quote, times epoch ms UTC.
 * Routing: a venue with `lastLegs` (venues/routing/routed-venue.ts) reports one leg per venue an order
 * was split across; each leg becomes its own fill with its venue and fee (addLegFills), and a child's
 * `route` goes to the venue's `executeRouted`.
 * Limitations: one venue object per parent (routing lives in that venue); children are taker orders
 * only (no resting maker orders); latency is a constant.
 */

import { ExecsimError, isExecsimError } from "../core/errors.js";
import {
  createExecutionResultBuffer,
  type ExecutionResult,
  type ExecutionVenue,
  type ParentExecution,
  type ParentOrder,
  type VenueLeg,
} from "../core/execution-types.js";
import { isoUtc } from "../core/interval.js";
import type { CandleSeries } from "../core/market-types.js";
import type { Rng } from "../core/rng.js";
import { floorToLot, roundToLot } from "../market/instrument-specs.js";
import { EventQueue, PHASE_ARRIVAL, PHASE_BAR, PHASE_TIMER } from "./event-queue.js";
import {
  attachLazyRecords,
  ExecutionLog,
  STATUS_CANCELLED,
  STATUS_FILLED,
  STATUS_PARTIAL,
  STATUS_PENDING,
  STATUS_REJECTED,
} from "./execution-log.js";
import type { FeeSchedule } from "./fees.js";
import { BoundedMarketView, type ViewClock, type ViewCursor } from "./market-view.js";
import type { SeriesPrefixSums } from "./pre-start-sums.js";
import { SUBMIT_SLICE as IMPORTED_SUBMIT_SLICE } from "./schedule-grid.js";
import type {
  BarEvent,
  ChildOrderRequest,
  ExecutionStrategy,
  ParentOrderState,
  StrategyContext,
} from "./strategy-api.js";

// Imported bindings read once: under tsx and vite-node every read of an imported name is a getter call.
const ARRIVAL = PHASE_ARRIVAL;
const BAR = PHASE_BAR;
const TIMER = PHASE_TIMER;
const PENDING = STATUS_PENDING;
const FILLED = STATUS_FILLED;
const PARTIAL = STATUS_PARTIAL;
const REJECTED = STATUS_REJECTED;
const CANCELLED = STATUS_CANCELLED;
const SUBMIT_SLICE = IMPORTED_SUBMIT_SLICE;

/** Guard against a strategy that re-arms a timer at the current time forever. */
export const MAX_EVENTS_PER_INSTANT = 100_000;

/** Relative tolerance under which a remaining quantity counts as zero (float dust from slicing). */
export const QTY_EPS = 1e-12;

export interface ParentRunInput {
  readonly series: CandleSeries;
  readonly parent: ParentOrder;
  readonly strategyName: string;
  readonly createStrategy: () => ExecutionStrategy;
  readonly venue: ExecutionVenue;
  readonly rng: Rng;
  readonly latencyMs: number;
  readonly fees: FeeSchedule;
  /** Running sums over `series` for pre-start estimators, shared by the runs of one simulate() call. */
  readonly sums?: SeriesPrefixSums;
}

/** Number of bars with close time ≤ t (bars sorted by open time). */
export function closedBarCount(series: CandleSeries, t: number): number {
  const bound = t - series.intervalMs;
  const a = series.openTimeMs;
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the bar whose [open, close) contains t, or −1 (before the data, after it, or in a gap). */
export function barContaining(series: CandleSeries, t: number): number {
  const a = series.openTimeMs;
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  const i = lo - 1;
  return i >= 0 && t < a[i]! + series.intervalMs ? i : -1;
}

function describeError(e: unknown): string {
  if (isExecsimError(e)) return `${e.code}: ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

class RunState implements ViewClock {
  now: number;
  readonly view: BoundedMarketView;
  /** Bars closed at or before now: written by the run loop, read by the view (its `length`). */
  readonly cursor: ViewCursor = { length: 0 };
  /** Child orders and fills, columnar (records are materialised only when read). */
  readonly log: ExecutionLog;
  readonly queue = new EventQueue(64);
  /** Distinct timer tags in the order first set (consecutive repeats share one entry); a timer event refers to its tag by index. */
  private readonly timerTags: string[] = [];
  /** Reused result for venues with executeInto (one per run, overwritten per order). */
  private readonly result = createExecutionResultBuffer();
  private venueTime = Number.NEGATIVE_INFINITY;
  private filled = 0;
  private pending = 0;
  private capBar = -1;
  private capUsed = 0;
  arrivalMid = Number.NaN;
  strategy: ExecutionStrategy | undefined;
  /** The facade the strategy gets (strategyContext(this)); set before the strategy is created. */
  ctx: StrategyContext | undefined;

  // ParentOrderState (static part)
  readonly id: string;
  readonly symbol: string;
  readonly side: ParentOrder["side"];
  readonly qtyBase: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly horizonMs: number;
  readonly limitPrice: number | undefined;
  readonly maxParticipation: number | undefined;
  private readonly dust: number;
  /** Quantity step of the instrument (0: none). */
  private readonly lot: number;

  constructor(private readonly input: ParentRunInput) {
    const p = input.parent;
    this.id = p.id;
    this.symbol = p.symbol;
    this.side = p.side;
    this.qtyBase = p.qtyBase;
    this.startMs = p.startMs;
    this.endMs = p.endMs;
    this.horizonMs = p.endMs - p.startMs;
    this.limitPrice = p.limitPrice;
    this.maxParticipation = p.maxParticipation;
    this.dust = p.qtyBase * QTY_EPS;
    this.lot = p.lotSizeBase ?? 0;
    // Room for one child per bar of the horizon (the common slicing), so the columns rarely grow.
    const bars = Math.ceil(this.horizonMs / input.series.intervalMs) + 1;
    this.log = new ExecutionLog(input.strategyName, p.id, p.side, Math.min(Math.max(bars, 16), 2048));
    this.now = p.startMs;
    const preStart = closedBarCount(input.series, p.startMs);
    this.cursor.length = preStart;
    this.view = new BoundedMarketView(input.series, preStart, this, this.cursor, input.sums);
  }

  // ---- ParentOrderState (dynamic part)
  get filledQtyBase(): number {
    return this.filled;
  }
  get remainingQtyBase(): number {
    const r = this.qtyBase - this.filled;
    return r > this.dust ? r : 0;
  }
  get pendingQtyBase(): number {
    return this.pending > this.dust ? this.pending : 0;
  }
  get unscheduledQtyBase(): number {
    const r = this.qtyBase - this.filled - this.pending;
    return r > this.dust ? r : 0;
  }

  // ---- what the strategy's context calls (through strategyContext(), never handed out itself)
  submit(order: ChildOrderRequest): string {
    const k = this.enqueue(order?.qtyBase, order?.limitPrice, order?.tag);
    if (order?.route !== undefined) this.setRoute(k, order.route);
    return this.log.childId(k);
  }

  /** Check and record a child order and schedule its arrival; returns its index. */
  enqueue(qty: unknown, lp: number | undefined, tag: unknown): number {
    if (!(typeof qty === "number" && Number.isFinite(qty) && qty > 0)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `child order qtyBase must be a finite number > 0, got ${String(qty)} (skip the order instead of sending 0)`,
      );
    }
    if (lp !== undefined && !(Number.isFinite(lp) && lp > 0)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `child order limitPrice must be a finite price > 0 or omitted, got ${lp}`,
      );
    }
    const arriveMs = this.now + this.input.latencyMs;
    // a real instrument trades whole lots: the child is the nearest lot (a dust child is rejected)
    const q = this.lot > 0 ? roundToLot(qty, this.lot) : qty;
    const k = this.log.addChild(
      q > 0 ? q : qty,
      this.now,
      arriveMs,
      lp === undefined ? Number.NaN : lp,
      tag === undefined ? undefined : String(tag),
    );
    if (!(q > 0)) {
      this.log.cStatus[k] = REJECTED;
      this.log.cReason.set(k, `below one lot (${this.lot})`);
      return k;
    }
    this.pending += q;
    this.queue.push(arriveMs, ARRIVAL, k);
    return k;
  }

  /** A child's own route (routing across venues): checked now, used at arrival. */
  private setRoute(k: number, route: unknown): void {
    const venue = this.input.venue;
    if (typeof route !== "string" || route === "") {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `child order route must be a non-empty string, got ${String(route)}`,
      );
    }
    if (venue.executeRouted === undefined && route !== "book" && route !== venue.name) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `child order route "${route}" needs a run with pools (--pools FILE); without them only "book" is available`,
      );
    }
    this.log.cRoute.set(k, route);
  }

  cancel(childId: string): boolean {
    const log = this.log;
    const k = Number(String(childId).slice(String(childId).lastIndexOf(":") + 1));
    if (!(Number.isInteger(k) && k >= 0 && k < log.childCount)) return false;
    if (log.childId(k) !== childId || log.cStatus[k] !== PENDING) return false;
    log.cStatus[k] = CANCELLED;
    log.cReason.set(k, `cancelled by the strategy at ${isoUtc(this.now)}`);
    this.pending -= log.cQty[k]!;
    if (this.pending < this.dust) this.pending = 0;
    return true;
  }

  setTimer(atMs: number, tag: string): void {
    if (!Number.isFinite(atMs)) {
      throw new ExecsimError("INVALID_ARGUMENT", `setTimer needs a finite time in epoch ms, got ${atMs}`);
    }
    if (atMs > this.endMs) return; // would never fire: the parent stops at endMs
    // A timer's queue ref is the index of its tag; a strategy re-arming with the same tag reuses it.
    const tags = this.timerTags;
    let k = tags.length - 1;
    if (k < 0 || tags[k] !== tag) {
      k++;
      tags.push(String(tag));
    }
    this.queue.push(Math.max(atMs, this.now), TIMER, k);
  }

  // ---- ViewClock
  syncVenue(t: number): void {
    if (t > this.venueTime) {
      this.input.venue.advanceTo(t);
      this.venueTime = t;
    }
  }
  /**
   * The mid a strategy observes: the historical mid at the last bar boundary it has seen (the close
   * of the last closed bar; before any bar has closed, the open of the first bar, public at its open
   * time) plus the trader's own impact now. It is deliberately NOT the venue's intrabar mid: the venue
   * moves along a path built from the bar's high, low and close, which are not known until the bar
   * closes, so reading that path would leak the bar's direction and extremes (look-ahead). Fills still
   * happen on the path: the world may use the bar in progress, the strategy may not.
   */
  venueMid(): number {
    this.syncVenue(this.now);
    const own = this.input.venue.ownImpact();
    const n = this.cursor.length;
    const series = this.input.series;
    const historical = n > 0 ? series.close[n - 1]! : series.open[0]!;
    return historical + own.permanent + own.transient;
  }
  /**
   * The venue's half-spread as a fraction of its own mid, applied to the mid the strategy observes.
   * The venues' relative spreads come from bars closed before the current one (trailing estimators),
   * so this is known at `now`; the venue's absolute half-spread is that fraction of its intrabar mid,
   * which must not leak (see venueMid). A half-tick floor, where it binds, is kept as a fraction too.
   */
  venueHalfSpread(): number {
    this.syncVenue(this.now);
    const venue = this.input.venue;
    return (venue.halfSpread() / venue.mid()) * this.venueMid();
  }

  get done(): boolean {
    return this.qtyBase - this.filled <= this.dust && this.pending <= this.dust;
  }

  timerTag(k: number): string {
    return this.timerTags[k]!;
  }

  /** Execute child k arriving now at the venue. */
  arrive(k: number): void {
    const log = this.log;
    if (log.cStatus[k] !== PENDING) return; // cancelled before it arrived
    const childQty = log.cQty[k]!;
    this.pending -= childQty;
    if (this.pending < this.dust) this.pending = 0;
    const remaining = this.qtyBase - this.filled;
    if (remaining <= this.dust) {
      log.cStatus[k] = REJECTED;
      log.cReason.set(k, "parent already filled");
      return;
    }
    let qty = childQty;
    let why = ""; // reasons an order was cut, joined with "; " (no allocation on the common path)
    if (qty > remaining) {
      qty = remaining;
      why = "cut to the parent's remaining quantity";
    }
    const series = this.input.series;
    const t = this.now;
    const cap = this.maxParticipation;
    if (cap !== undefined) {
      const b = barContaining(series, t);
      if (b !== this.capBar) {
        this.capBar = b;
        this.capUsed = 0;
      }
      const room = b >= 0 ? cap * series.volume[b]! - this.capUsed : 0;
      if (!(room > this.dust)) {
        log.cStatus[k] = REJECTED;
        log.cReason.set(k, `participation cap ${cap}: no room left in the bar at ${isoUtc(t)}`);
        return;
      }
      if (qty > room) {
        qty = room;
        why = `${why ? `${why}; ` : ""}cut by participation cap ${cap} of bar volume`;
      }
    }
    if (this.lot > 0) {
      // whole lots only: the nearest lot, never more than the parent's remaining quantity
      let lots = roundToLot(qty, this.lot);
      if (lots > remaining) lots = floorToLot(remaining, this.lot);
      if (!(lots > 0)) {
        log.cStatus[k] = REJECTED;
        log.cReason.set(k, `below one lot (${this.lot}) after rounding`);
        return;
      }
      if (lots !== qty) {
        qty = lots;
        why = `${why ? `${why}; ` : ""}rounded to the lot ${this.lot}`;
      }
    }
    const childLimit = log.cLimit[k]!;
    let limit = Number.isNaN(childLimit) ? undefined : childLimit;
    if (this.limitPrice !== undefined) {
      if (limit === undefined) limit = this.limitPrice;
      else limit = this.side === "buy" ? Math.min(limit, this.limitPrice) : Math.max(limit, this.limitPrice);
    }
    this.syncVenue(t);
    const venue = this.input.venue;
    let r: ExecutionResult;
    const route = venue.executeRouted === undefined ? undefined : log.cRoute.get(k);
    if (route !== undefined) r = venue.executeRouted!(this.side, qty, limit, route);
    else if (venue.executeInto !== undefined) {
      venue.executeInto(this.side, qty, limit, this.result);
      r = this.result;
    } else r = venue.execute(this.side, qty, limit);
    const f = r.filledQtyBase;
    if (!(f >= 0 && f <= qty * (1 + 1e-9))) {
      throw new ExecsimError(
        "MODEL_ERROR",
        `venue "${venue.name}" filled ${f} of a ${qty} order at ${isoUtc(t)}; a venue must fill between 0 and the requested quantity`,
      );
    }
    if (limit !== undefined && f > 0) {
      const beyond =
        this.side === "buy" ? r.worstPrice > limit * (1 + 1e-12) : r.worstPrice < limit * (1 - 1e-12);
      if (beyond) {
        throw new ExecsimError(
          "MODEL_ERROR",
          `venue "${venue.name}" filled at ${r.worstPrice}, beyond the limit ${limit}; the venue must honour execute(side, qty, limitPrice)`,
        );
      }
    }
    if (f < qty * (1 - 1e-12)) {
      why = `${why ? `${why}; ` : ""}${limit !== undefined ? `limit price ${limit}` : "venue liquidity"}`;
    }
    if (f > 0) {
      if (log.fillCount === 0) log.venueName = venue.name;
      const legs = venue.lastLegs?.();
      const j =
        legs !== undefined && legs.length > 0
          ? addLegFills(log, k, t, legs, this.input.fees.takerRate)
          : log.addFill(k, t, r, r.notionalQuote * this.input.fees.takerRate);
      this.filled += f;
      if (this.filled > this.qtyBase) this.filled = this.qtyBase; // float dust only (checked above)
      if (cap !== undefined) this.capUsed += f;
      log.cFilled[k] = f;
      log.cStatus[k] = f >= childQty * (1 - 1e-12) ? FILLED : PARTIAL;
      if (why) log.cReason.set(k, why);
      const onFill = this.strategy?.onFill;
      // The fill record is materialised only for a strategy that asks for it (a fresh frozen copy per
      // fill: the records the TCA reads are built from the log's columns).
      if (onFill !== undefined) {
        for (let i = legs !== undefined && legs.length > 0 ? j - countFilledLegs(legs) + 1 : j; i <= j; i++)
          onFill.call(this.strategy, this.ctx!, Object.freeze(log.fillRecord(i)));
      }
    } else {
      log.cStatus[k] = REJECTED;
      log.cReason.set(k, why || "nothing executable");
    }
  }

  /** Close the run: children still in flight are rejected (after endMs) or cancelled (failure). */
  finish(failed: boolean): void {
    const log = this.log;
    for (let k = 0; k < log.childCount; k++) {
      if (log.cStatus[k] !== PENDING) continue;
      if (failed) {
        log.cStatus[k] = CANCELLED;
        log.cReason.set(k, "the run failed before the order arrived");
      } else {
        log.cStatus[k] = REJECTED;
        log.cReason.set(
          k,
          `arrives at ${isoUtc(log.cArrive[k]!)}, after the horizon end ${isoUtc(this.endMs)}`,
        );
      }
    }
    this.pending = 0;
  }
}

/**
 * The read-only parent state a strategy gets: static fields copied, the running quantities read from
 * the run through a true private field. Prototype getters (not per-run closures), so the property
 * sites in the strategies stay monomorphic across runs; the instance and the prototype are frozen.
 */
class ParentStateView implements ParentOrderState {
  readonly #st: RunState;
  readonly id: string;
  readonly symbol: string;
  readonly side: ParentOrder["side"];
  readonly qtyBase: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly horizonMs: number;
  readonly limitPrice: number | undefined;
  readonly maxParticipation: number | undefined;
  readonly arrivalMid: number;
  constructor(st: RunState) {
    this.#st = st;
    this.id = st.id;
    this.symbol = st.symbol;
    this.side = st.side;
    this.qtyBase = st.qtyBase;
    this.startMs = st.startMs;
    this.endMs = st.endMs;
    this.horizonMs = st.horizonMs;
    this.limitPrice = st.limitPrice;
    this.maxParticipation = st.maxParticipation;
    this.arrivalMid = st.arrivalMid;
    Object.freeze(this);
  }
  get filledQtyBase(): number {
    return this.#st.filledQtyBase;
  }
  get remainingQtyBase(): number {
    return this.#st.remainingQtyBase;
  }
  get pendingQtyBase(): number {
    return this.#st.pendingQtyBase;
  }
  get unscheduledQtyBase(): number {
    return this.#st.unscheduledQtyBase;
  }
}

/**
 * The context a strategy gets: a frozen object whose methods reach the run through a true private
 * field (the run itself, its venue, log, queue and series are not reachable from it), a frozen
 * parent-state view (assigning a field throws in strict-mode code and changes nothing otherwise) and
 * the bounded market view (private fields, copies only). Same checks and records as the run's own
 * methods; nothing here allocates per call.
 */
class StrategyContextView implements StrategyContext {
  readonly #st: RunState;
  readonly parent: ParentOrderState;
  readonly market: BoundedMarketView;
  constructor(st: RunState) {
    this.#st = st;
    this.parent = new ParentStateView(st);
    this.market = st.view;
    Object.freeze(this);
  }
  get now(): number {
    return this.#st.now;
  }
  submit(order: ChildOrderRequest): string {
    return this.#st.submit(order);
  }
  cancel(childId: string): boolean {
    return this.#st.cancel(childId);
  }
  setTimer(atMs: number, tag: string): void {
    this.#st.setTimer(atMs, tag);
  }
  /** submitToTarget's path (schedule-grid.ts): submit without the request object and the unused id. */
  [SUBMIT_SLICE](qty: number, limitPrice: number | undefined, tag: string | undefined): void {
    this.#st.enqueue(qty, limitPrice, tag);
  }
}
// A strategy must not be able to redefine what every other strategy's context does.
Object.freeze(ParentStateView.prototype);
Object.freeze(StrategyContextView.prototype);

/** A routed order's fills, one per venue leg that filled (pool legs carry their own fee); returns the last index. */
function addLegFills(
  log: ExecutionLog,
  k: number,
  t: number,
  legs: readonly VenueLeg[],
  takerRate: number,
): number {
  let j = -1;
  for (const leg of legs) {
    const r = leg.result;
    if (!(r.filledQtyBase > 0)) continue;
    j = log.addFill(k, t, r, leg.feeQuote ?? r.notionalQuote * takerRate, leg.venue);
  }
  return j;
}

function countFilledLegs(legs: readonly VenueLeg[]): number {
  let n = 0;
  for (const leg of legs) if (leg.result.filledQtyBase > 0) n++;
  return n;
}

export function runParent(input: ParentRunInput): ParentExecution {
  const { series, parent, venue } = input;
  venue.reset(series, input.rng);
  const st = new RunState(input);
  st.syncVenue(parent.startMs);
  const arrivalMid = venue.marketMid();
  st.arrivalMid = arrivalMid;
  const n = series.length;
  const openT = series.openTimeMs;
  const iMs = series.intervalMs;
  const endMs = parent.endMs;
  const bar = {
    index: 0,
    openTimeMs: 0,
    closeTimeMs: 0,
    open: 0,
    high: 0,
    low: 0,
    close: 0,
    volume: 0,
    turnover: 0,
  };
  const barView: BarEvent = bar;
  const queue = st.queue;
  const cursor = st.cursor;
  let error: string | undefined;
  try {
    const ctx = new StrategyContextView(st);
    st.ctx = ctx;
    const strategy = input.createStrategy();
    st.strategy = strategy;
    strategy.start(ctx);
    const onBar = strategy.onBar?.bind(strategy);
    let b = cursor.length;
    let lastEventMs = Number.NaN;
    let sameInstant = 0;
    for (;;) {
      if (st.done) break;
      const tb = b < n ? openT[b]! + iMs : Number.POSITIVE_INFINITY;
      const tq = queue.peekTime();
      if (tb <= tq && (tb < tq || BAR < queue.peekPhase())) {
        if (tb > endMs) break;
        // Bar close.
        st.now = tb;
        cursor.length = b + 1;
        if (onBar) {
          bar.index = b;
          bar.openTimeMs = openT[b]!;
          bar.closeTimeMs = tb;
          bar.open = series.open[b]!;
          bar.high = series.high[b]!;
          bar.low = series.low[b]!;
          bar.close = series.close[b]!;
          bar.volume = series.volume[b]!;
          bar.turnover = series.turnover[b]!;
          onBar(ctx, barView);
        } else if (queue.size === 0) {
          break; // nothing can happen any more: no bar callback, no timer, no order in flight
        }
        b++;
      } else {
        if (tq > endMs) break;
        const phase = queue.peekPhase();
        const ref = queue.pop();
        if (tq === lastEventMs) {
          if (++sameInstant > MAX_EVENTS_PER_INSTANT) {
            throw new ExecsimError(
              "STRATEGY_ERROR",
              `more than ${MAX_EVENTS_PER_INSTANT} timers/orders at ${isoUtc(tq)}: the strategy keeps scheduling events at the current time (e.g. a timer that re-arms itself at ctx.now); schedule the next one later`,
            );
          }
        } else {
          lastEventMs = tq;
          sameInstant = 0;
        }
        st.now = tq;
        if (phase === ARRIVAL) st.arrive(ref);
        else strategy.onTimer?.(ctx, st.timerTag(ref));
      }
    }
  } catch (e) {
    error = `${describeError(e)} (strategy "${input.strategyName}", parent "${parent.id}", at ${isoUtc(st.now)})`;
  }
  st.finish(error !== undefined);
  let endMid = Number.NaN;
  try {
    st.syncVenue(endMs);
    endMid = venue.marketMid();
  } catch (e) {
    error ??= describeError(e);
  }
  const result: ParentExecution = {
    strategy: input.strategyName,
    parent,
    children: [], // replaced below by lazily materialised records
    fills: [],
    arrivalMid,
    endMid,
    filledQtyBase: st.filledQtyBase,
    unfilledQtyBase: Math.max(0, parent.qtyBase - st.filledQtyBase),
    status: error === undefined ? "completed" : "failed",
    ...(error !== undefined ? { error } : {}),
  };
  attachLazyRecords(result, st.log);
  return result;
}
