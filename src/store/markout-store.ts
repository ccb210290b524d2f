/**
 * The markouts table (schema.ts `markouts`): writing a run's markout rows for some horizons (replacing
 * the rows those horizons had, in one transaction, so recomputing is idempotent) and reading them back.
 * NaN is stored as NULL and read back as NaN.
 */
import { ExecsimError } from "../core/errors.js";
import type { MarkoutRow } from "../tca/markouts.js";
import type { ExecsimDatabase } from "./database.js";

const COLUMNS =
  "run_id, seq, horizon_ms, level, parent_id, fill_seq, side_sign, qty_base, time_ms, ref_mid, mid, markout_bps, fill_avg_bps";

function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Replace the run's markout rows for every horizon present in `rows` (and for `horizonsMs`). */
export function writeMarkouts(
  store: ExecsimDatabase,
  runId: number,
  horizonsMs: readonly number[],
  rows: readonly MarkoutRow[],
): void {
  const del = store.sqlite.prepare("DELETE FROM markouts WHERE run_id = ? AND horizon_ms = ?");
  const ins = store.sqlite.prepare(
    `INSERT INTO markouts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  try {
    store.sqlite.transaction(() => {
      for (const h of new Set([...horizonsMs, ...rows.map((r) => r.horizonMs)])) del.run(runId, h);
      for (const r of rows)
        ins.run(
          runId,
          r.seq,
          r.horizonMs,
          r.level,
          r.parentId,
          r.fillSeq,
          r.sideSign,
          r.qtyBase,
          r.timeMs,
          num(r.refMid),
          num(r.mid),
          num(r.markoutBps),
          num(r.fillAvgBps),
        );
    })();
  } catch (e) {
    throw new ExecsimError(
      "DATABASE_ERROR",
      `writing the markouts of run ${runId} failed in the store: ${(e as Error).message}. Check the database file (--db) is writable.`,
      undefined,
      { cause: e },
    );
  }
}

type Raw = Omit<MarkoutRow, "refMid" | "mid" | "markoutBps" | "fillAvgBps"> & {
  refMid: number | null;
  mid: number | null;
  markoutBps: number | null;
  fillAvgBps: number | null;
};

const nan = (x: number | null) => x ?? Number.NaN;

/** The stored markout rows of a run (all horizons, or the given ones), by horizon then position. */
export function readMarkouts(
  store: ExecsimDatabase,
  runId: number,
  horizonsMs?: readonly number[],
): MarkoutRow[] {
  const rows = store.sqlite
    .prepare(
      `SELECT seq, horizon_ms AS horizonMs, level, parent_id AS parentId, fill_seq AS fillSeq, side_sign AS sideSign,
        qty_base AS qtyBase, time_ms AS timeMs, ref_mid AS refMid, mid, markout_bps AS markoutBps,
        fill_avg_bps AS fillAvgBps
       FROM markouts WHERE run_id = ? ORDER BY horizon_ms, seq`,
    )
    .all(runId) as Raw[];
  const keep = horizonsMs ? new Set(horizonsMs) : undefined;
  return rows
    .filter((r) => !keep || keep.has(r.horizonMs))
    .map((r) => ({
      ...r,
      refMid: nan(r.refMid),
      mid: nan(r.mid),
      markoutBps: nan(r.markoutBps),
      fillAvgBps: nan(r.fillAvgBps),
    }));
}
