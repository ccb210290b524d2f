/**
 * tca_venues rows (schema.ts): write a routed parent's per-venue TCA, and read a run's split by venue.
 * Rows of one parent are written in one transaction (nested as a savepoint inside the result sink's
 * batch transaction when one is open). NaN is stored as NULL.
 */
import type { VenueTca } from "../tca/venue-tca.js";
import type { ExecsimDatabase } from "./database.js";

const INSERT = `INSERT INTO tca_venues (run_id, parent_id, venue, fills, filled_qty_base, notional_quote, avg_price,
  execution_cost_quote, spread_quote, temporary_impact_quote, permanent_impact_quote, transient_impact_quote,
  timing_quote, fees_quote, pool_fees_quote, cost_bps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const nan = (x: number): number | null => (Number.isNaN(x) ? null : x);

export function writeVenueTca(store: ExecsimDatabase, runId: number, rows: readonly VenueTca[]): void {
  if (rows.length === 0) return;
  const insert = store.sqlite.prepare(INSERT);
  store.sqlite.transaction(() => {
    for (const r of rows) {
      insert.run(
        runId,
        r.parentId,
        r.venue,
        r.fills,
        r.filledQtyBase,
        r.notionalQuote,
        nan(r.avgPrice),
        r.executionCostQuote,
        r.spreadQuote,
        r.temporaryImpactQuote,
        r.permanentImpactQuote,
        r.transientImpactQuote,
        r.timingQuote,
        r.feesQuote,
        r.poolFeesQuote,
        r.costBps,
      );
    }
  })();
}

/** A run's fills and costs by venue, summed over its parents (cost bps: mean over the run's routed parents). */
export interface VenueSplitRow {
  venue: string;
  parents: number;
  fills: number;
  filledQtyBase: number;
  /** Share of the run's filled quantity, 0..1. */
  qtyShare: number;
  notionalQuote: number;
  avgPrice: number | null;
  feesQuote: number;
  poolFeesQuote: number;
  /** Σ over parents of the venue's cost in bps of the parent's arrival notional, / number of parents. */
  costBpsMean: number;
}

export function venueSplit(store: ExecsimDatabase, runId: number): VenueSplitRow[] {
  const rows = store.sqlite
    .prepare(
      `SELECT venue, count(*) AS parents, sum(fills) AS fills, sum(filled_qty_base) AS filledQtyBase,
         sum(notional_quote) AS notionalQuote, sum(fees_quote) AS feesQuote, sum(pool_fees_quote) AS poolFeesQuote,
         sum(cost_bps) AS costBps
       FROM tca_venues WHERE run_id = ? GROUP BY venue ORDER BY min(rowid)`,
    )
    .all(runId) as {
    venue: string;
    parents: number;
    fills: number;
    filledQtyBase: number;
    notionalQuote: number;
    feesQuote: number;
    poolFeesQuote: number;
    costBps: number;
  }[];
  const n = (
    store.sqlite
      .prepare("SELECT count(DISTINCT parent_id) AS n FROM tca_venues WHERE run_id = ?")
      .get(runId) as {
      n: number;
    }
  ).n;
  const total = rows.reduce((a, r) => a + r.filledQtyBase, 0);
  return rows.map((r) => ({
    venue: r.venue,
    parents: r.parents,
    fills: r.fills,
    filledQtyBase: r.filledQtyBase,
    qtyShare: total > 0 ? r.filledQtyBase / total : 0,
    notionalQuote: r.notionalQuote,
    avgPrice: r.filledQtyBase > 0 ? r.notionalQuote / r.filledQtyBase : null,
    feesQuote: r.feesQuote,
    poolFeesQuote: r.poolFeesQuote,
    costBpsMean: n > 0 ? r.costBps / n : 0,
  }));
}
