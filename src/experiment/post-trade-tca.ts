/**
 * Post-trade TCA of a stored run, imported or simulated (`execsim tca --run ID`): the stored per-parent
 * decomposition (spread, impact, timing, fees, opportunity vs the arrival mid; VWAP / TWAP slippage;
 * participation) with every part also in bps of the parent's arrival notional Q·A, run totals, and
 * markouts at the requested horizons (tca/markouts.ts), which are computed, stored in the markouts table
 * (replacing that run's rows for those horizons) and returned.
 *
 * Run totals: quote parts summed over parents; bps = Σ part / Σ Q·A · 10⁴ (notional-weighted, so they add
 * up to the total shortfall in bps); slippages and participation are plain means over parents that have
 * them. The mid of the markouts: imported runs, the market mid of the candles (`lastCloseMid`); simulated
 * runs, the venue's mid with own impact, rebuilt by replaying the fills (markout-replay.ts); a run whose
 * stored config names no venue that can be rebuilt falls back to the candles' mids, with a note.
 * Cost: one pass over the markout rows; a replay is one fresh venue per parent.
 */
import { ExecsimError, isExecsimError } from "../core/errors.js";
import { intervalMs, parseDurationMs, parseInterval } from "../core/interval.js";
import type { Category } from "../core/market-types.js";
import { readSeries } from "../store/candle-store.js";
import type { ExecsimDatabase } from "../store/database.js";
import { loadRunExecutions } from "../store/execution-queries.js";
import { writeMarkouts } from "../store/markout-store.js";
import { getRun, parentTcaRows, type RunDetail, type StoredParentTca } from "../store/run-queries.js";
import {
  DEFAULT_MARKOUT_HORIZONS,
  lastCloseMid,
  type MarkoutParent,
  type MarkoutRow,
  type MarkoutSummary,
  type MidPath,
  markoutRows,
  summarizeMarkouts,
} from "../tca/markouts.js";
import { replayMidPath, venueFactoryOfRun } from "./markout-replay.js";
import { parentsSpan } from "./own-parents-plan.js";

/** The cost parts of a parent in bps of Q·A (arrival notional). */
export interface CostPartsBps {
  spread: number | null;
  impact: number | null;
  temporaryImpact: number | null;
  permanentImpact: number | null;
  transientImpact: number | null;
  timing: number | null;
  fees: number | null;
  opportunity: number | null;
  total: number | null;
}

/** A parent's markouts at one horizon. */
export interface ParentMarkout {
  horizon: string;
  horizonMs: number;
  /** s·(mid(end + h) − A)/A·10⁴. */
  parentBps: number | null;
  /** Quantity-weighted mean of its fills' markouts. */
  fillBps: number | null;
}

export interface ParentPostTrade extends StoredParentTca {
  arrivalNotionalQuote: number | null;
  bps: CostPartsBps;
  /** Fills of this parent that gave no fee (imported runs; counted as zero). */
  feesMissing: number;
  markouts: ParentMarkout[];
}

export interface RunTotals {
  parents: number;
  qtyBase: number;
  filledQtyBase: number;
  arrivalNotionalQuote: number;
  quote: { [K in keyof CostPartsBps]: number };
  bps: CostPartsBps;
  meanShortfallBps: number | null;
  meanVwapSlippageBps: number | null;
  meanTwapSlippageBps: number | null;
  meanParticipationRate: number | null;
}

export interface RunMarkout extends Omit<MarkoutSummary, "parentBps" | "fillBps"> {
  horizon: string;
  parentBps: number | null;
  fillBps: number | null;
}

export interface PostTradeTca {
  run: RunDetail;
  /** How the markouts' mid was obtained. */
  midModel: "candles" | "venue-replay";
  parents: ParentPostTrade[];
  totals: RunTotals;
  markouts: RunMarkout[];
  feesMissing: number;
  notes: string[];
}

export interface PostTradeOptions {
  /** Markout horizons as durations ("1m", "1h", "1d") or ms; default 1m, 5m, 30m, 1h, 1d. */
  horizons?: readonly (string | number)[];
}

/** Parse markout horizons; INVALID_ARGUMENT for a bad, non-positive or repeated one. */
export function parseMarkoutHorizons(list: readonly (string | number)[]): { labels: string[]; ms: number[] } {
  const labels: string[] = [];
  const ms: number[] = [];
  for (const raw of list) {
    const label = String(raw).trim();
    if (label === "") continue;
    const v = parseDurationMs(label);
    if (!(Number.isFinite(v) && v > 0 && Number.isInteger(v)))
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `--markouts: "${label}" is not a positive duration (e.g. 1m, 5m, 1h, 1d)`,
      );
    if (ms.includes(v)) throw new ExecsimError("INVALID_ARGUMENT", `--markouts: "${label}" is listed twice`);
    labels.push(label);
    ms.push(v);
  }
  if (ms.length === 0)
    throw new ExecsimError("INVALID_ARGUMENT", "--markouts: name at least one horizon, e.g. 1m,5m,30m,1h,1d");
  return { labels, ms };
}

const fin = (x: number | null | undefined): number | null =>
  x !== null && x !== undefined && Number.isFinite(x) ? x : null;

function mean(xs: readonly (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

/** The run's cost parts, quote, in CostPartsBps order (null → 0 for sums). */
function quoteParts(r: StoredParentTca): { [K in keyof CostPartsBps]: number } {
  const z = (x: number | null) => x ?? 0;
  const temporaryImpact = z(r.temporaryImpactQuote);
  const permanentImpact = z(r.permanentImpactQuote);
  const transientImpact = z(r.transientImpactQuote);
  return {
    spread: z(r.spreadQuote),
    impact: temporaryImpact + permanentImpact + transientImpact,
    temporaryImpact,
    permanentImpact,
    transientImpact,
    timing: z(r.timingQuote),
    fees: z(r.feesQuote),
    opportunity: z(r.opportunityQuote),
    total: z(r.shortfallQuote),
  };
}

function toBps(parts: { [K in keyof CostPartsBps]: number }, notional: number): CostPartsBps {
  const out = {} as CostPartsBps;
  for (const k of Object.keys(parts) as (keyof CostPartsBps)[])
    out[k] = notional > 0 ? fin((parts[k] / notional) * 1e4) : null;
  return out;
}

/** Post-trade TCA with markouts of stored run `runId`; stores the markouts. */
export function postTradeTca(
  store: ExecsimDatabase,
  runId: number,
  opts: PostTradeOptions = {},
): PostTradeTca {
  const { labels, ms } = parseMarkoutHorizons(opts.horizons ?? DEFAULT_MARKOUT_HORIZONS);
  const run = getRun(store, runId);
  const rows = parentTcaRows(store, runId);
  const executions = loadRunExecutions(store, runId);
  const imported = run.source === "imported";
  const key = {
    symbol: run.symbol,
    category: run.category as Category,
    interval: parseInterval(run.interval),
  };
  const maxEnd = Math.max(run.toMs, parentsSpan(executions.map((e) => e.parent)).lastEndMs);
  const series = readSeries(store, key, run.fromMs, maxEnd + Math.max(...ms) + intervalMs(key.interval));
  const notes: string[] = [];
  let midModel: PostTradeTca["midModel"] = "candles";
  let midPath: MidPath = (_p, times) => times.map((t) => lastCloseMid(series, t));
  if (!imported) {
    try {
      midPath = replayMidPath(series, run.seed, venueFactoryOfRun(runId, run.config), executions);
      midModel = "venue-replay";
    } catch (e) {
      if (!isExecsimError(e)) throw e;
      notes.push(`${e.message}; the markouts use the candles' mids (without the run's own impact)`);
    }
  }
  const markoutParents: MarkoutParent[] = executions.map((e) => ({
    parentId: e.parent.id,
    sideSign: e.parent.side === "buy" ? 1 : -1,
    qtyBase: e.parent.qtyBase,
    endMs: e.parent.endMs,
    arrivalMid: e.arrivalMid,
    fills: e.fills.map((f) => ({
      fillSeq: f.seq,
      timeMs: f.timeMs,
      qtyBase: f.qtyBase,
      refMid: f.midBefore,
    })),
  }));
  const mrows = markoutRows(markoutParents, ms, midPath);
  writeMarkouts(store, runId, ms, mrows);
  const feesMissingOf = ((run.config as { feesMissing?: Record<string, number> } | null)?.feesMissing ??
    {}) as Record<string, number>;
  const parentRows = new Map<string, MarkoutRow>();
  for (const m of mrows) if (m.level === "parent") parentRows.set(`${m.horizonMs}|${m.parentId}`, m);
  const parents = rows.map((r) => parentPostTrade(r, parentRows, labels, ms, feesMissingOf[r.parentId] ?? 0));
  const feesMissing = parents.reduce((a, p) => a + p.feesMissing, 0);
  const summary = summarizeMarkouts(mrows, ms);
  if (feesMissing > 0)
    notes.push(
      `${feesMissing} fill(s) gave no fee; they count as zero fees, so fees and the shortfall are understated`,
    );
  if (imported)
    notes.push(
      "imported fills: bars carry no quotes, so spread and impact are reported together as impact (spread 0); " +
        "arrival, fill and markout mids are the close of the last bar closed at or before each time",
    );
  const missing = summary.reduce((a, s) => a + s.missing, 0);
  if (missing > 0)
    notes.push(`${missing} markout(s) reach beyond the stored candles and are left empty (null)`);
  return {
    run,
    midModel,
    parents,
    totals: totalsOf(rows),
    markouts: summary.map((s, i) => ({
      ...s,
      horizon: labels[i]!,
      parentBps: fin(s.parentBps),
      fillBps: fin(s.fillBps),
    })),
    feesMissing,
    notes,
  };
}

function parentPostTrade(
  r: StoredParentTca,
  parentRows: ReadonlyMap<string, MarkoutRow>,
  labels: readonly string[],
  ms: readonly number[],
  feesMissing: number,
): ParentPostTrade {
  const notional = r.arrivalMid !== null ? r.qtyBase * r.arrivalMid : null;
  const markouts = ms.map((h, i) => {
    const row = parentRows.get(`${h}|${r.parentId}`);
    return {
      horizon: labels[i]!,
      horizonMs: h,
      parentBps: fin(row?.markoutBps),
      fillBps: fin(row?.fillAvgBps),
    };
  });
  return {
    ...r,
    arrivalNotionalQuote: notional,
    bps: toBps(quoteParts(r), notional ?? 0),
    feesMissing,
    markouts,
  };
}

function totalsOf(rows: readonly StoredParentTca[]): RunTotals {
  const quote = {
    spread: 0,
    impact: 0,
    temporaryImpact: 0,
    permanentImpact: 0,
    transientImpact: 0,
    timing: 0,
    fees: 0,
    opportunity: 0,
    total: 0,
  };
  let notional = 0;
  let qty = 0;
  let filled = 0;
  for (const r of rows) {
    const q = quoteParts(r);
    for (const k of Object.keys(q) as (keyof CostPartsBps)[]) quote[k] += q[k];
    notional += r.arrivalMid !== null ? r.qtyBase * r.arrivalMid : 0;
    qty += r.qtyBase;
    filled += r.filledQtyBase;
  }
  return {
    parents: rows.length,
    qtyBase: qty,
    filledQtyBase: filled,
    arrivalNotionalQuote: notional,
    quote,
    bps: toBps(quote, notional),
    meanShortfallBps: mean(rows.map((r) => fin(r.shortfallBps))),
    meanVwapSlippageBps: mean(rows.map((r) => fin(r.vwapSlippageBps))),
    meanTwapSlippageBps: mean(rows.map((r) => fin(r.twapSlippageBps))),
    meanParticipationRate: mean(rows.map((r) => fin(r.participationRate))),
  };
}
