/**
 * ExecutionLog: the child orders and fills of one (strategy, parent) run, stored column by column in
 * typed arrays that grow by doubling, so the run loop allocates no record object per child order or
 * per fill (a month of 1-minute slices would otherwise leave ~170,000 long-lived objects per run for
 * the garbage collector to copy and promote).
 *
 * The records consumers read (`ChildOrderRecord`, `FillRecord` in core/execution-types.ts) are
 * materialised from the columns on demand by `childRecords()` / `fillRecords()` / `fillRecord(j)`,
 * with exactly the fields, values and key order the engine used to build eagerly: child ids are
 * "<strategy>:<parent id>:<k>", an absent limit or tag is `undefined`, a fill's fee is what the engine
 * computed. Units as in execution-types.ts (base quantities, quote prices and notionals, epoch ms).
 *
 * Columns: children — qty, submit and arrival times, limit (NaN = none), filled qty, status code,
 * tag; reasons are sparse (a Map by child index). Fills — child index, time, qty, average price,
 * notional, fee, market mid, mid before/after, half-spread, permanent and transient impact before,
 * levels consumed. One side, strategy, parent and venue name per log (they are per run).
 * Limitations: one venue per run (the engine's contract); fills are taker fills.
 */
import type { ChildOrderRecord, ExecutionResult, FillRecord } from "../core/execution-types.js";
import type { Side } from "../core/market-types.js";

/** Child status codes (index into CHILD_STATUS). */
export const STATUS_PENDING = 0;
export const STATUS_FILLED = 1;
export const STATUS_PARTIAL = 2;
export const STATUS_REJECTED = 3;
export const STATUS_CANCELLED = 4;
const CHILD_STATUS: readonly ChildOrderRecord["status"][] = [
  "pending",
  "filled",
  "partial",
  "rejected",
  "cancelled",
];

const EMPTY_F64 = new Float64Array(0);
const EMPTY_I32 = new Int32Array(0);
const EMPTY_U8 = new Uint8Array(0);

export class ExecutionLog {
  childCount = 0;
  fillCount = 0;
  /** Name of the venue that produced the fills (set by the engine before the first fill). */
  venueName = "";

  // ---- children
  cQty: Float64Array;
  cSubmit: Float64Array;
  cArrive: Float64Array;
  /** NaN when the child has no limit of its own. */
  cLimit: Float64Array;
  cFilled: Float64Array;
  cStatus: Uint8Array;
  /** Sized with the numeric columns (assigned by index: no push growth per child). */
  cTag: (string | undefined)[] = [];
  readonly cReason = new Map<number, string>();
  /** Routes named by child orders (sparse: most children take the run's route). */
  readonly cRoute = new Map<number, string>();

  // ---- fills
  fChild: Int32Array;
  fTime: Float64Array;
  fQty: Float64Array;
  fAvgPrice: Float64Array;
  fNotional: Float64Array;
  fFee: Float64Array;
  fMarketMid: Float64Array;
  fMidBefore: Float64Array;
  fMidAfter: Float64Array;
  fHalfSpread: Float64Array;
  fPermBefore: Float64Array;
  fTransBefore: Float64Array;
  fLevels: Float64Array;

  /** Rows allocated at the first child / first fill (columns start empty: a run that sends nothing allocates nothing). */
  private readonly capacity: number;

  constructor(
    readonly strategy: string,
    readonly parentId: string,
    readonly side: Side,
    capacity = 64,
  ) {
    this.capacity = Math.max(1, capacity);
    this.cQty = EMPTY_F64;
    this.cSubmit = EMPTY_F64;
    this.cArrive = EMPTY_F64;
    this.cLimit = EMPTY_F64;
    this.cFilled = EMPTY_F64;
    this.cStatus = EMPTY_U8;
    this.fChild = EMPTY_I32;
    this.fTime = EMPTY_F64;
    this.fQty = EMPTY_F64;
    this.fAvgPrice = EMPTY_F64;
    this.fNotional = EMPTY_F64;
    this.fFee = EMPTY_F64;
    this.fMarketMid = EMPTY_F64;
    this.fMidBefore = EMPTY_F64;
    this.fMidAfter = EMPTY_F64;
    this.fHalfSpread = EMPTY_F64;
    this.fPermBefore = EMPTY_F64;
    this.fTransBefore = EMPTY_F64;
    this.fLevels = EMPTY_F64;
  }

  /** Append a pending child; returns its index k. */
  addChild(qty: number, submitMs: number, arriveMs: number, limit: number, tag: string | undefined): number {
    const k = this.childCount;
    if (k === this.cQty.length) this.growChildren();
    this.cQty[k] = qty;
    this.cSubmit[k] = submitMs;
    this.cArrive[k] = arriveMs;
    this.cLimit[k] = limit;
    this.cFilled[k] = 0;
    this.cStatus[k] = STATUS_PENDING;
    this.cTag[k] = tag;
    this.childCount = k + 1;
    return k;
  }

  /** Venue of fill j when it is not `venueName` (routed orders: one fill per venue; sparse). */
  readonly fVenue = new Map<number, string>();

  /** Append a fill of child k from a venue result; returns the fill's index. */
  addFill(k: number, timeMs: number, r: ExecutionResult, fee: number, venue?: string): number {
    const j = this.fillCount;
    if (j === this.fTime.length) this.growFills();
    if (venue !== undefined && venue !== this.venueName) this.fVenue.set(j, venue);
    this.fChild[j] = k;
    this.fTime[j] = timeMs;
    this.fQty[j] = r.filledQtyBase;
    this.fAvgPrice[j] = r.avgPrice;
    this.fNotional[j] = r.notionalQuote;
    this.fFee[j] = fee;
    this.fMarketMid[j] = r.marketMid;
    this.fMidBefore[j] = r.midBefore;
    this.fMidAfter[j] = r.midAfter;
    this.fHalfSpread[j] = r.halfSpread;
    this.fPermBefore[j] = r.permanentImpactBefore;
    this.fTransBefore[j] = r.transientImpactBefore;
    this.fLevels[j] = r.levelsConsumed;
    this.fillCount = j + 1;
    return j;
  }

  childId(k: number): string {
    return `${this.strategy}:${this.parentId}:${k}`;
  }

  childStatus(k: number): ChildOrderRecord["status"] {
    return CHILD_STATUS[this.cStatus[k]!]!;
  }

  childRecord(k: number): ChildOrderRecord {
    const limit = this.cLimit[k]!;
    // Same key order and shape as the records the engine used to build (absent fields undefined).
    return {
      id: this.childId(k),
      parentId: this.parentId,
      strategy: this.strategy,
      side: this.side,
      qtyBase: this.cQty[k]!,
      submitMs: this.cSubmit[k]!,
      arriveMs: this.cArrive[k]!,
      limitPrice: Number.isNaN(limit) ? undefined : limit,
      tag: this.cTag[k],
      filledQtyBase: this.cFilled[k]!,
      status: CHILD_STATUS[this.cStatus[k]!]!,
      reason: this.cReason.get(k),
    };
  }

  fillRecord(j: number): FillRecord {
    return {
      childId: this.childId(this.fChild[j]!),
      parentId: this.parentId,
      strategy: this.strategy,
      venue: this.fVenue.get(j) ?? this.venueName,
      side: this.side,
      timeMs: this.fTime[j]!,
      qtyBase: this.fQty[j]!,
      avgPrice: this.fAvgPrice[j]!,
      notionalQuote: this.fNotional[j]!,
      feeQuote: this.fFee[j]!,
      liquidity: "taker",
      marketMid: this.fMarketMid[j]!,
      midBefore: this.fMidBefore[j]!,
      midAfter: this.fMidAfter[j]!,
      halfSpread: this.fHalfSpread[j]!,
      permanentImpactBefore: this.fPermBefore[j]!,
      transientImpactBefore: this.fTransBefore[j]!,
      levelsConsumed: this.fLevels[j]!,
    };
  }

  childRecords(): ChildOrderRecord[] {
    const n = this.childCount;
    const out = new Array<ChildOrderRecord>(n);
    for (let k = 0; k < n; k++) out[k] = this.childRecord(k);
    return out;
  }

  fillRecords(): FillRecord[] {
    const n = this.fillCount;
    const out = new Array<FillRecord>(n);
    for (let j = 0; j < n; j++) out[j] = this.fillRecord(j);
    return out;
  }

  // One ArrayBuffer per growth holds all columns of a kind (views into it): one allocation, not one per column.
  private growChildren(): void {
    const n = this.cQty.length === 0 ? this.capacity : this.cQty.length * 2;
    const buf = new ArrayBuffer(n * (5 * 8 + 1));
    const col = (j: number, old: Float64Array): Float64Array => {
      const a = new Float64Array(buf, j * n * 8, n);
      a.set(old);
      return a;
    };
    this.cQty = col(0, this.cQty);
    this.cSubmit = col(1, this.cSubmit);
    this.cArrive = col(2, this.cArrive);
    this.cLimit = col(3, this.cLimit);
    this.cFilled = col(4, this.cFilled);
    const st = new Uint8Array(buf, 5 * n * 8, n);
    st.set(this.cStatus);
    this.cStatus = st;
    const tags = new Array<string | undefined>(n);
    for (let k = 0; k < this.childCount; k++) tags[k] = this.cTag[k];
    this.cTag = tags;
  }

  private growFills(): void {
    const n = this.fTime.length === 0 ? this.capacity : this.fTime.length * 2;
    const buf = new ArrayBuffer(n * (12 * 8 + 4));
    const col = (j: number, old: Float64Array): Float64Array => {
      const a = new Float64Array(buf, j * n * 8, n);
      a.set(old);
      return a;
    };
    this.fTime = col(0, this.fTime);
    this.fQty = col(1, this.fQty);
    this.fAvgPrice = col(2, this.fAvgPrice);
    this.fNotional = col(3, this.fNotional);
    this.fFee = col(4, this.fFee);
    this.fMarketMid = col(5, this.fMarketMid);
    this.fMidBefore = col(6, this.fMidBefore);
    this.fMidAfter = col(7, this.fMidAfter);
    this.fHalfSpread = col(8, this.fHalfSpread);
    this.fPermBefore = col(9, this.fPermBefore);
    this.fTransBefore = col(10, this.fTransBefore);
    this.fLevels = col(11, this.fLevels);
    const c = new Int32Array(buf, 12 * n * 8, n);
    c.set(this.fChild);
    this.fChild = c;
  }
}

/**
 * Define `children` and `fills` on an execution result as enumerable, lazily materialised
 * properties: the records are built from the log the first time they are read and then kept (the
 * property becomes a plain data property). Spreading, JSON and deep equality see ordinary arrays.
 */
export function attachLazyRecords(target: object, log: ExecutionLog): void {
  for (const key of ["children", "fills"] as const) {
    let value: unknown[] | undefined;
    Object.defineProperty(target, key, {
      enumerable: true,
      configurable: true,
      get() {
        if (value === undefined) {
          value = key === "children" ? log.childRecords() : log.fillRecords();
          // Become a plain data property; on a frozen result the getter keeps returning the cached array.
          if (Object.isExtensible(target))
            Object.defineProperty(target, key, {
              value,
              enumerable: true,
              configurable: true,
              writable: false,
            });
        }
        return value;
      },
    });
  }
}
