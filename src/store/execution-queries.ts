/**
 * Reading a stored run's executions back (simulated or imported alike): its parent orders with their
 * fills (the parent-level TCA rows are run-queries.ts `parentTcaRows`). These are the inputs of post-trade TCA and markouts
 * (`execsim tca --run`) and of impact calibration on a desk's own fills.
 * Units as stored: quantities base, prices quote per base, times epoch ms UTC, fees quote.
 */
import type { ParentOrder } from "../core/execution-types.js";
import type { Side } from "../core/market-types.js";
import type { ExecsimDatabase } from "./database.js";

/** One stored fill. */
export interface StoredFill {
  /** Position of the fill in the run (fills.seq). */
  readonly seq: number;
  readonly parentId: string;
  readonly venue: string;
  readonly sideSign: 1 | -1;
  readonly timeMs: number;
  readonly qtyBase: number;
  readonly avgPrice: number;
  readonly notionalQuote: number;
  readonly feeQuote: number;
  readonly maker: boolean;
  /** Market mid at the fill (without own impact). */
  readonly marketMid: number;
  /** Mid the trader faced just before / after (own impact included; = marketMid for imported fills). */
  readonly midBefore: number;
  readonly midAfter: number;
  readonly halfSpread: number;
  readonly permanentImpactBefore: number;
  readonly transientImpactBefore: number;
}

/** A stored parent order with its arrival and end mids, status and fills (in time order). */
export interface StoredExecution {
  readonly parent: ParentOrder;
  readonly status: string;
  readonly error: string | null;
  readonly arrivalMid: number;
  readonly endMid: number;
  readonly fills: readonly StoredFill[];
}

interface RawParent {
  parentId: string;
  symbol: string;
  side: Side;
  qtyBase: number;
  startMs: number;
  endMs: number;
  limitPrice: number | null;
  maxParticipation: number | null;
  status: string;
  error: string | null;
  arrivalMid: number;
  endMid: number;
}

/** The parent orders of a run (in the order of its TCA rows) with their fills. */
export function loadRunExecutions(store: ExecsimDatabase, runId: number): StoredExecution[] {
  const raw = store.sqlite
    .prepare(
      `SELECT parent_id AS parentId, symbol, side, qty_base AS qtyBase, start_ms AS startMs, end_ms AS endMs,
        limit_price AS limitPrice, max_participation AS maxParticipation, status, error,
        arrival_mid AS arrivalMid, end_mid AS endMid
       FROM parent_orders WHERE run_id = ?`,
    )
    .all(runId) as RawParent[];
  // run order = the order of the parents' TCA rows (tca_results is keyed by (run_id, seq))
  const order = new Map<string, number>();
  const seqs = store.sqlite
    .prepare("SELECT parent_id, seq FROM tca_results WHERE run_id = ? AND level = 'parent'")
    .raw(true)
    .all(runId) as [string, number][];
  for (const [id, seq] of seqs) order.set(id, seq);
  const rank = (r: RawParent) => order.get(r.parentId) ?? Number.MAX_SAFE_INTEGER;
  const parents = raw.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.startMs - b.startMs ||
      (a.parentId < b.parentId ? -1 : a.parentId > b.parentId ? 1 : 0),
  );
  const fills = store.sqlite
    .prepare(
      `SELECT seq, parent_id AS parentId, venue, side_sign AS sideSign, time_ms AS timeMs, qty_base AS qtyBase,
        avg_price AS avgPrice, notional_quote AS notionalQuote, fee_quote AS feeQuote, maker,
        market_mid AS marketMid, mid_before AS midBefore, mid_after AS midAfter, half_spread AS halfSpread,
        permanent_impact_before AS permanentImpactBefore, transient_impact_before AS transientImpactBefore
       FROM fills WHERE run_id = ? ORDER BY seq`,
    )
    .all(runId) as (Omit<StoredFill, "maker"> & { maker: number })[];
  const byParent = new Map<string, StoredFill[]>();
  for (const f of fills) {
    const list = byParent.get(f.parentId) ?? [];
    list.push({ ...f, maker: f.maker === 1 });
    byParent.set(f.parentId, list);
  }
  return parents.map((r) => ({
    parent: {
      id: r.parentId,
      symbol: r.symbol,
      side: r.side,
      qtyBase: r.qtyBase,
      startMs: r.startMs,
      endMs: r.endMs,
      ...(r.limitPrice !== null ? { limitPrice: r.limitPrice } : {}),
      ...(r.maxParticipation !== null ? { maxParticipation: r.maxParticipation } : {}),
    },
    status: r.status,
    error: r.error,
    arrivalMid: r.arrivalMid,
    endMid: r.endMid,
    fills: (byParent.get(r.parentId) ?? []).sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq),
  }));
}
