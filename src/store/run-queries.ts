/**
 * Reading stored runs back: the run list (with stale "running" runs recognised), one run with its
 * config and per-parent TCA, and the TCA rows of a run in a stable order (what the determinism test
 * compares). A run whose status is "running" but whose process is no longer alive on this machine
 * crashed or was killed: it is reported with status "stale".
 */
import { ExecsimError } from "../core/errors.js";
import type { ExecsimDatabase } from "./database.js";

export interface RunRow {
  id: number;
  createdAtMs: number;
  command: string;
  /** simulated | imported (`execsim orders import`). */
  source: string;
  strategy: string;
  batchId: string | null;
  seed: string;
  symbol: string;
  category: string;
  interval: string;
  fromMs: number;
  toMs: number;
  candlesHash: string;
  codeVersion: string;
  /** As stored, except "stale" for a "running" run whose process is gone. */
  status: "running" | "completed" | "failed" | "stale";
  error: string | null;
  startedAtMs: number;
  finishedAtMs: number | null;
  parents: number;
  fills: number;
}

export interface RunDetail extends RunRow {
  config: unknown;
  timings: unknown;
  /** The aggregate TCA stored with `--store summary` (no per-parent rows then); null otherwise. */
  summary: unknown;
}

/** One parent-level TCA row as stored (NULL for undefined numbers). */
export interface StoredParentTca {
  parentId: string;
  status: string;
  side: string;
  qtyBase: number;
  filledQtyBase: number;
  arrivalMid: number | null;
  avgFillPrice: number | null;
  shortfallBps: number | null;
  shortfallQuote: number | null;
  spreadQuote: number | null;
  temporaryImpactQuote: number | null;
  permanentImpactQuote: number | null;
  transientImpactQuote: number | null;
  timingQuote: number | null;
  feesQuote: number | null;
  opportunityQuote: number | null;
  feesBps: number | null;
  vwapSlippageBps: number | null;
  twapSlippageBps: number | null;
  participationRate: number | null;
  preTradeBps: number | null;
  /** filled | partial | unfilled (null for rows stored before it existed). */
  fillState: string | null;
  completionBps: number | null;
  rankedCostBps: number | null;
  unfilledQtyBase: number | null;
  benchmarkVwap: number | null;
  intervalTwap: number | null;
  preTradeModel: string | null;
  activeEndMs: number | null;
  horizonVwap: number | null;
  horizonVwapSlippageBps: number | null;
  horizonParticipationRate: number | null;
}

const RUN_SELECT = `SELECT r.id, r.created_at_ms AS createdAtMs, r.command, r.source, r.strategy, r.batch_id AS batchId, r.seed,
  r.symbol, r.category, r.interval, r.from_ms AS fromMs, r.to_ms AS toMs, r.candles_hash AS candlesHash,
  r.code_version AS codeVersion, r.status, r.error, r.pid, r.started_at_ms AS startedAtMs,
  r.finished_at_ms AS finishedAtMs, r.config_json AS configJson, r.timings_json AS timingsJson,
  r.summary_json AS summaryJson, (SELECT count(*) FROM parent_orders p WHERE p.run_id = r.id) AS parents,
  (SELECT count(*) FROM fills f WHERE f.run_id = r.id) AS fills
  FROM runs r`;

type RawRun = Omit<RunDetail, "config" | "timings" | "summary"> & {
  pid: number | null;
  configJson: string;
  timingsJson: string | null;
  summaryJson: string | null;
};

/** True when a process with this id exists on this machine (signal 0 probes without signalling). */
export function processAlive(pid: number | null): boolean {
  if (pid === null) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function toRow(r: RawRun): RunRow {
  const status = r.status === "running" && !processAlive(r.pid) ? "stale" : r.status;
  return {
    id: r.id,
    createdAtMs: r.createdAtMs,
    command: r.command,
    source: r.source,
    strategy: r.strategy,
    batchId: r.batchId,
    seed: r.seed,
    symbol: r.symbol,
    category: r.category,
    interval: r.interval,
    fromMs: r.fromMs,
    toMs: r.toMs,
    candlesHash: r.candlesHash,
    codeVersion: r.codeVersion,
    status,
    error: r.error,
    startedAtMs: r.startedAtMs,
    finishedAtMs: r.finishedAtMs,
    parents: r.parents,
    fills: r.fills,
  };
}

export interface ListRunsOptions {
  limit?: number;
  status?: string;
  batchId?: string;
}

/** Runs, newest first. */
export function listRuns(store: ExecsimDatabase, opts: ListRunsOptions = {}): RunRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.status) {
    where.push("r.status = ?");
    args.push(opts.status === "stale" ? "running" : opts.status);
  }
  if (opts.batchId) {
    where.push("r.batch_id = ?");
    args.push(opts.batchId);
  }
  const sql = `${RUN_SELECT}${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY r.id DESC LIMIT ?`;
  const rows = (store.sqlite.prepare(sql).all(...args, opts.limit ?? 50) as RawRun[]).map(toRow);
  // "running" and "stale" share the stored status; split them by whether the process is alive
  return opts.status === "stale" || opts.status === "running"
    ? rows.filter((r) => r.status === opts.status)
    : rows;
}

/** One run with its config; NOT_FOUND when there is none with that id. */
export function getRun(store: ExecsimDatabase, id: number): RunDetail {
  const r = store.sqlite.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(id) as RawRun | undefined;
  if (!r) {
    throw new ExecsimError("NOT_FOUND", `no run with id ${id}; \`execsim runs list\` shows the stored runs`);
  }
  return {
    ...toRow(r),
    config: JSON.parse(r.configJson) as unknown,
    timings: r.timingsJson ? (JSON.parse(r.timingsJson) as unknown) : null,
    summary: r.summaryJson ? (JSON.parse(r.summaryJson) as unknown) : null,
  };
}

/** Parent-level TCA rows of a run, in simulation order. */
export function parentTcaRows(store: ExecsimDatabase, runId: number): StoredParentTca[] {
  return store.sqlite
    .prepare(
      `SELECT parent_id AS parentId, status, side, qty_base AS qtyBase, filled_qty_base AS filledQtyBase,
        arrival_mid AS arrivalMid, avg_fill_price AS avgFillPrice, shortfall_bps AS shortfallBps,
        shortfall_quote AS shortfallQuote, spread_quote AS spreadQuote,
        temporary_impact_quote AS temporaryImpactQuote, permanent_impact_quote AS permanentImpactQuote,
        transient_impact_quote AS transientImpactQuote, timing_quote AS timingQuote, fees_quote AS feesQuote,
        opportunity_quote AS opportunityQuote, fees_bps AS feesBps, vwap_slippage_bps AS vwapSlippageBps,
        twap_slippage_bps AS twapSlippageBps, participation_rate AS participationRate, pre_trade_bps AS preTradeBps,
        fill_state AS fillState, completion_bps AS completionBps, ranked_cost_bps AS rankedCostBps,
        unfilled_qty_base AS unfilledQtyBase, benchmark_vwap AS benchmarkVwap, interval_twap AS intervalTwap,
        pre_trade_model AS preTradeModel, active_end_ms AS activeEndMs, horizon_vwap AS horizonVwap,
        horizon_vwap_slippage_bps AS horizonVwapSlippageBps, horizon_participation_rate AS horizonParticipationRate
       FROM tca_results WHERE run_id = ? AND level = 'parent' ORDER BY seq`,
    )
    .all(runId) as StoredParentTca[];
}

/** Every TCA row of a run (parent and child level) without the run id, in simulation order. */
export function tcaRowsWithoutRunId(store: ExecsimDatabase, runId: number): unknown[][] {
  const stmt = store.sqlite.prepare("SELECT * FROM tca_results WHERE run_id = ? ORDER BY seq").raw(true);
  return (stmt.all(runId) as unknown[][]).map((r) => r.slice(1));
}
