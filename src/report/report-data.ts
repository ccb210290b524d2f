/**
 * What a report is built from, read from the store: the runs of one batch (or one run), their
 * parent-level TCA rows (rebuilt as ParentTca so the terminal's aggregation and cost parts are reused
 * unchanged), their fills, and the candles the runs used. Everything here is read in a fixed order
 * (run id, then the rows' simulation order), so the same store gives the same report.
 *
 * Bad ids are input errors (NOT_FOUND / INVALID_ARGUMENT, exit 2) raised before anything is written.
 */
import { ExecsimError } from "../core/errors.js";
import { type Interval, parseInterval } from "../core/interval.js";
import type { CandleSeries, Category } from "../core/market-types.js";
import { readSeries } from "../store/candle-store.js";
import type { ExecsimDatabase } from "../store/database.js";
import { getRun, type RunDetail, type StoredParentTca } from "../store/run-queries.js";
import { sweepRunIds } from "../store/sweep-store.js";
import type { ParentTca } from "../tca/parent-tca.js";

/** Which stored results a report covers. */
export type ReportSelector = { batchId: string } | { runId: number } | { sweepId: string };

/** One stored fill, as the charts need it (prices in quote per base, quantity in base). */
export interface ReportFill {
  readonly strategy: string;
  readonly parentId: string;
  readonly timeMs: number;
  readonly qtyBase: number;
  readonly avgPrice: number;
  /** Historical mid at the fill, without the trader's own impact. */
  readonly marketMid: number;
  /** Mid the trader faced just before the fill: marketMid + own permanent + own transient impact. */
  readonly midBefore: number;
  readonly midAfter: number;
}

export interface ReportData {
  readonly title: string;
  /** The runs, in id order. */
  readonly runs: readonly RunDetail[];
  /** Parent-level TCA of every run, run by run in simulation order. */
  readonly parents: readonly ParentTca[];
  /** Fills of every run whose fills were stored, run by run in simulation order. */
  readonly fills: readonly ReportFill[];
  /** Strategies whose runs have parents with a filled quantity but no stored fill rows. */
  readonly strategiesWithoutFills: readonly string[];
  /** The candles the runs used (the first run's series and range; a batch shares them). */
  readonly candles: CandleSeries | null;
}

/** Parse a run or sweep id given as text ("12"); INVALID_ARGUMENT otherwise. */
function parseStoredId(text: string | number, what: "run" | "sweep"): number {
  const id = /^\s*\d+\s*$/.test(String(text)) ? Number(text) : Number.NaN;
  if (!(Number.isSafeInteger(id) && id > 0))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${what} id must be a whole number > 0 (see \`execsim ${what}s list\`), got "${text}"`,
    );
  return id;
}

/** Parse a run id given as text ("12"); INVALID_ARGUMENT otherwise. */
export const parseRunId = (text: string | number): number => parseStoredId(text, "run");

/** Parse a sweep id given as text ("3"); INVALID_ARGUMENT otherwise. */
export const parseSweepId = (text: string | number): number => parseStoredId(text, "sweep");

/** Run ids of a batch, in id order; NOT_FOUND when the batch has none. */
export function batchRunIds(store: ExecsimDatabase, batchId: string): number[] {
  const ids = store.sqlite
    .prepare("SELECT id FROM runs WHERE batch_id = ? ORDER BY id")
    .pluck()
    .all(batchId) as number[];
  if (ids.length === 0)
    throw new ExecsimError(
      "NOT_FOUND",
      `no runs stored with batch id "${batchId}"; \`execsim runs list\` shows the batch of each run`,
    );
  return ids;
}

/**
 * The run ids a selector stands for (validated: NOT_FOUND for unknown ids); a sweep's are the runs of
 * its finished points in grid order.
 */
export function selectedRunIds(store: ExecsimDatabase, sel: ReportSelector): number[] {
  if ("batchId" in sel) return batchRunIds(store, sel.batchId);
  if ("runId" in sel) {
    getRun(store, sel.runId); // NOT_FOUND when absent
    return [sel.runId];
  }
  return sweepRunIds(store, parseSweepId(sel.sweepId));
}

/** A stored parent-level TCA row with the columns the aggregation needs beyond StoredParentTca. */
type StoredParentRow = Omit<StoredParentTca, "status" | "side"> & {
  status: "completed" | "failed";
  side: "buy" | "sell";
  completionQuote: number | null;
  startMs: number;
  endMs: number;
  endMid: number;
  error: string | null;
  childCount: number;
  fillCount: number;
};

const PARENT_SQL = `SELECT t.parent_id AS parentId, t.status, t.side, t.qty_base AS qtyBase,
  t.filled_qty_base AS filledQtyBase, t.unfilled_qty_base AS unfilledQtyBase, t.arrival_mid AS arrivalMid,
  t.avg_fill_price AS avgFillPrice, t.shortfall_quote AS shortfallQuote, t.shortfall_bps AS shortfallBps,
  t.spread_quote AS spreadQuote, t.temporary_impact_quote AS temporaryImpactQuote,
  t.permanent_impact_quote AS permanentImpactQuote, t.transient_impact_quote AS transientImpactQuote,
  t.timing_quote AS timingQuote, t.fees_quote AS feesQuote, t.opportunity_quote AS opportunityQuote, t.fees_bps AS feesBps,
  t.benchmark_vwap AS benchmarkVwap, t.interval_twap AS intervalTwap, t.vwap_slippage_bps AS vwapSlippageBps,
  t.twap_slippage_bps AS twapSlippageBps, t.participation_rate AS participationRate,
  t.pre_trade_model AS preTradeModel, t.pre_trade_bps AS preTradeBps, t.active_end_ms AS activeEndMs,
  t.horizon_vwap AS horizonVwap, t.horizon_vwap_slippage_bps AS horizonVwapSlippageBps,
  t.horizon_participation_rate AS horizonParticipationRate,
  t.fill_state AS fillState, t.completion_quote AS completionQuote, t.completion_bps AS completionBps,
  t.ranked_cost_bps AS rankedCostBps,
  p.start_ms AS startMs, p.end_ms AS endMs, p.end_mid AS endMid, p.error,
  (SELECT count(*) FROM child_orders c WHERE c.run_id = t.run_id AND c.parent_id = t.parent_id) AS childCount,
  (SELECT count(*) FROM fills f WHERE f.run_id = t.run_id AND f.parent_id = t.parent_id) AS fillCount
 FROM tca_results t JOIN parent_orders p ON p.run_id = t.run_id AND p.parent_id = t.parent_id
 WHERE t.run_id = ? AND t.level = 'parent' ORDER BY t.seq`;

const nan = (x: number | null): number => (x === null ? Number.NaN : x);

/** A stored parent-level TCA row as the ParentTca the aggregation works on (NULL → NaN). */
function toParentTca(strategy: string, r: StoredParentRow): ParentTca {
  const arrival = nan(r.arrivalMid);
  const notional = r.qtyBase * arrival;
  const bps = (x: number | null) => (notional > 0 && x !== null ? (x / notional) * 1e4 : Number.NaN);
  return {
    strategy,
    parentId: r.parentId,
    side: r.side,
    status: r.status,
    error: r.error,
    startMs: r.startMs,
    endMs: r.endMs,
    qtyBase: r.qtyBase,
    filledQtyBase: r.filledQtyBase,
    unfilledQtyBase: nan(r.unfilledQtyBase),
    childCount: r.childCount,
    fillCount: r.fillCount,
    arrivalMid: arrival,
    endMid: r.endMid,
    avgFillPrice: nan(r.avgFillPrice),
    arrivalNotionalQuote: notional,
    shortfallQuote: nan(r.shortfallQuote),
    shortfallBps: nan(r.shortfallBps),
    spreadQuote: nan(r.spreadQuote),
    temporaryImpactQuote: nan(r.temporaryImpactQuote),
    permanentImpactQuote: nan(r.permanentImpactQuote),
    transientImpactQuote: nan(r.transientImpactQuote),
    timingQuote: nan(r.timingQuote),
    feesQuote: nan(r.feesQuote),
    opportunityQuote: nan(r.opportunityQuote),
    spreadBps: bps(r.spreadQuote),
    temporaryImpactBps: bps(r.temporaryImpactQuote),
    permanentImpactBps: bps(r.permanentImpactQuote),
    transientImpactBps: bps(r.transientImpactQuote),
    timingBps: bps(r.timingQuote),
    feesBps: bps(r.feesQuote),
    opportunityBps: bps(r.opportunityQuote),
    activeEndMs: nan(r.activeEndMs),
    intervalVwap: nan(r.benchmarkVwap),
    intervalTwap: nan(r.intervalTwap),
    marketVolumeBase: Number.NaN,
    vwapSlippageBps: nan(r.vwapSlippageBps),
    twapSlippageBps: nan(r.twapSlippageBps),
    participationRate: nan(r.participationRate),
    horizonVwap: nan(r.horizonVwap),
    horizonVolumeBase: Number.NaN,
    horizonVwapSlippageBps: nan(r.horizonVwapSlippageBps),
    horizonParticipationRate: nan(r.horizonParticipationRate),
    preTradeModel: r.preTradeModel,
    preTradeBps: nan(r.preTradeBps),
    preTradeQuote: Number.NaN,
    fillState: (r.fillState ?? "filled") as ParentTca["fillState"],
    completionQuote: nan(r.completionQuote),
    completionBps: nan(r.completionBps),
    rankedCostBps: nan(r.rankedCostBps),
  };
}

const FILL_SQL = `SELECT parent_id AS parentId, time_ms AS timeMs, qty_base AS qtyBase, avg_price AS avgPrice,
  market_mid AS marketMid, mid_before AS midBefore, mid_after AS midAfter FROM fills WHERE run_id = ? ORDER BY seq`;

/**
 * Read everything a report of `sel` shows: a batch's or a run's rows; for a sweep the rows of its
 * points' runs (its frontier and points: sweep-report-data.ts).
 */
export function loadReportData(store: ExecsimDatabase, sel: ReportSelector): ReportData {
  const ids = selectedRunIds(store, sel);
  const title =
    "batchId" in sel
      ? `execsim report: batch ${sel.batchId}`
      : "runId" in sel
        ? `execsim report: run ${sel.runId} (${getRun(store, sel.runId).strategy})`
        : `execsim report: sweep ${parseSweepId(sel.sweepId)}`;
  return loadRunsData(store, ids, title);
}

/**
 * Read the stored runs `ids` (each must exist), their parent-level TCA, fills and the candles of the
 * first run; `candles` is null when there is no run or the candles were deleted since.
 */
export function loadRunsData(store: ExecsimDatabase, ids: readonly number[], title: string): ReportData {
  const runs = ids.map((id) => getRun(store, id));
  const parents: ParentTca[] = [];
  const fills: ReportFill[] = [];
  const withoutFills: string[] = [];
  const parentStmt = store.sqlite.prepare(PARENT_SQL);
  const fillStmt = store.sqlite.prepare(FILL_SQL);
  for (const run of runs) {
    const rows = parentStmt.all(run.id) as StoredParentRow[];
    for (const r of rows) parents.push(toParentTca(run.strategy, r));
    const runFills = fillStmt.all(run.id) as Omit<ReportFill, "strategy">[];
    for (const f of runFills) fills.push({ strategy: run.strategy, ...f });
    if (runFills.length === 0 && rows.some((r) => r.filledQtyBase > 0)) withoutFills.push(run.strategy);
  }
  return {
    title,
    runs,
    parents,
    fills,
    strategiesWithoutFills: withoutFills,
    candles: runs[0] ? storedCandles(store, runs[0]) : null,
  };
}

/** The stored candles of a run's (or sweep's) series and range, or null when deleted since. */
export function storedCandles(
  store: ExecsimDatabase,
  run: Pick<RunDetail, "symbol" | "category" | "interval" | "fromMs" | "toMs">,
): CandleSeries | null {
  try {
    const key = {
      symbol: run.symbol,
      category: run.category as Category,
      interval: parseInterval(run.interval) as Interval,
    };
    return readSeries(store, key, run.fromMs, run.toMs);
  } catch (e) {
    // candles deleted since the run: the charts that need them say so
    if (!(e instanceof ExecsimError)) throw e;
    return null;
  }
}
