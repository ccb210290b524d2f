/**
 * Calibration points from stored runs (`execsim calibrate --run ID...`): each run's parents and fills
 * (store/execution-queries.ts) on the run's candles. Imported runs (`execsim orders import`) are a
 * desk's fills: cost basis "shortfall" and markouts from the candles' mids. Simulated runs: cost basis
 * "own-impact" (the market's move and the spread removed, calibration-points.ts) and markouts of the
 * venue's own impact (P + T), rebuilt by replaying the fills on the run's venue
 * (experiment/markout-replay.ts); a run whose venue cannot be rebuilt gets no markouts, with a note.
 * NOT_FOUND for an unknown run id; runs on several symbols may be pooled (the record's symbol is then
 * null).
 */
import { ExecsimError, isExecsimError } from "../core/errors.js";
import type { ExecutionVenue } from "../core/execution-types.js";
import { DAY_MS, intervalMs, parseInterval } from "../core/interval.js";
import type { CandleSeries, Category } from "../core/market-types.js";
import { type ReplayedExecution, replayMidPath, venueFactoryOfRun } from "../experiment/markout-replay.js";
import { readSeries } from "../store/candle-store.js";
import type { ExecsimDatabase } from "../store/database.js";
import { loadRunExecutions, type StoredExecution, type StoredFill } from "../store/execution-queries.js";
import { getRun } from "../store/run-queries.js";
import {
  appendCalibrationPoints,
  buildCalibrationPoints,
  CALIBRATION_MARKOUT_HORIZONS_MS,
  type CalibrationPoints,
  candleMarkouts,
  type ExecutedParent,
  emptyCalibrationPoints,
  type MarkoutReader,
} from "./calibration-points.js";

/** A stored (or in-memory simulated) execution as calibration takes it; the closed loop uses it too. */
export function executedParent(e: {
  readonly parent: StoredExecution["parent"];
  readonly arrivalMid: number;
  readonly fills: readonly Pick<StoredFill, "timeMs" | "qtyBase" | "avgPrice" | "marketMid" | "halfSpread">[];
}): ExecutedParent {
  return {
    parentId: e.parent.id,
    symbol: e.parent.symbol,
    sideSign: e.parent.side === "buy" ? 1 : -1,
    startMs: e.parent.startMs,
    endMs: e.parent.endMs,
    arrivalPrice: e.arrivalMid,
    fills: e.fills.map((f) => ({
      timeMs: f.timeMs,
      qtyBase: f.qtyBase,
      price: f.avgPrice,
      marketMid: f.marketMid,
      halfSpread: f.halfSpread,
    })),
  };
}

/**
 * Markouts of simulated parents on the own-impact basis: the venue's own permanent + transient impact
 * (P + T) after the end, rebuilt by replaying each parent's fills on its venue (markout-replay.ts),
 * signed (> 0 adverse) as a fraction of the arrival price. The closed loop reads it too.
 */
export function ownImpactMarkouts(
  series: CandleSeries,
  seed: string,
  makeVenue: (parentId?: string) => ExecutionVenue,
  executions: readonly ReplayedExecution[],
): MarkoutReader {
  const own = replayMidPath(series, seed, makeVenue, executions, (v) => {
    const o = v.ownImpact();
    return o.permanent + o.transient;
  });
  return (p, times) => {
    const e = own(
      {
        parentId: p.parentId,
        sideSign: p.sideSign,
        qtyBase: 0,
        endMs: p.endMs,
        arrivalMid: p.arrivalPrice,
        fills: [],
      },
      times,
    );
    return times.map((_, i) => (p.sideSign * e[i]!) / p.arrivalPrice);
  };
}

/** Points of the parents of stored runs `runIds` (in the order given, then the run's order). */
export function calibrationPointsFromRuns(db: ExecsimDatabase, runIds: readonly number[]): CalibrationPoints {
  if (runIds.length === 0)
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "name at least one run (--run ID); `execsim runs list` shows them",
    );
  const all = emptyCalibrationPoints();
  const maxH = Math.max(...CALIBRATION_MARKOUT_HORIZONS_MS);
  for (const runId of runIds) {
    const run = getRun(db, runId);
    const executions = loadRunExecutions(db, runId);
    if (executions.length === 0) {
      all.notes.push(`run ${runId} stores no parent orders (stored with --store summary?) and adds nothing`);
      continue;
    }
    const key = {
      symbol: run.symbol,
      category: run.category as Category,
      interval: parseInterval(run.interval),
    };
    const bar = intervalMs(key.interval);
    const firstStart = Math.min(...executions.map((e) => e.parent.startMs));
    const lastEnd = Math.max(...executions.map((e) => e.parent.endMs));
    const featureSeries = readSeries(db, key, firstStart - DAY_MS - bar, lastEnd + maxH + bar);
    const imported = run.source === "imported";
    let reader: MarkoutReader | null = null;
    if (imported) {
      reader = candleMarkouts(featureSeries);
    } else {
      try {
        const replaySeries = readSeries(db, key, run.fromMs, Math.max(run.toMs, lastEnd) + maxH + bar);
        reader = ownImpactMarkouts(replaySeries, run.seed, venueFactoryOfRun(runId, run.config), executions);
      } catch (e) {
        if (!isExecsimError(e)) throw e;
        all.notes.push(`run ${runId}: ${e.message}; its parents have no markouts`);
      }
    }
    const pts = buildCalibrationPoints(
      featureSeries,
      executions.map(executedParent),
      imported ? "shortfall" : "own-impact",
      reader,
    );
    appendCalibrationPoints(all, pts, `run ${runId}`);
  }
  return all;
}
