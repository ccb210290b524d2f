/**
 * `execsim orders import`: a desk's own parent orders and fills, checked against the stored candles,
 * analysed with the simulator's TCA and stored as a run whose source is "imported" (one run per symbol),
 * so `runs list/show`, `tca --run` and every query over runs work on them.
 *
 * Prices the candles supply (no look-ahead, the same rule everywhere; markouts.ts `lastCloseMid`):
 *   arrival mid A  = the file's arrival_price, else the close of the last bar that closed at or before
 *                    the parent's start
 *   market mid m_i = the close of the last bar that closed at or before fill i
 *   end mid E      = the close of the last bar that closed at or before the parent's end
 * Each fill becomes one child order and one fill record with marketMid = midBefore = midAfter = m_i,
 * halfSpread 0 and no own-impact terms, so the simulator's decomposition (tca/parent-tca.ts) reads:
 *   timing      = s·q·(m_i − A)           the market's move from the decision to the fill
 *   impact      = s·q·(p_i − m_i)         what the fill paid beyond that mid (reported as temporary
 *                                         impact: bars carry no quotes, so crossing the spread and
 *                                         walking the book cannot be told apart; spread is 0)
 *   fees        = the file's fee (quote); a missing fee counts as zero and is counted in the run's config
 *   opportunity = s·(Q − F)·(E − A)
 * plus VWAP / TWAP slippage and participation over the parent's window, exactly as for simulated runs.
 *
 * Checks beyond the file's own (own-orders-file.ts), all listed with file, line and field before anything
 * is written: the symbol has candles for the category and interval; a bar closed at or before each
 * parent's start, and the candles reach its end. The whole import is one transaction. Re-importing the same executions (same orders and
 * fills, in any row order, same candle key) returns the stored run instead of writing a copy.
 */
import { createHash } from "node:crypto";
import { ExecsimError } from "../core/errors.js";
import type { ChildOrderRecord, FillRecord, ParentExecution } from "../core/execution-types.js";
import { DAY_MS, type Interval, intervalMs, isoUtc } from "../core/interval.js";
import type { CandleSeries, Category } from "../core/market-types.js";
import { readSeries } from "../store/candle-store.js";
import type { ExecsimDatabase } from "../store/database.js";
import { candlesHash, codeVersion, SqliteResultSink } from "../store/result-sink.js";
import { childTca } from "../tca/child-tca.js";
import { lastCloseMid } from "../tca/markouts.js";
import { type ParentTca, parentTca } from "../tca/parent-tca.js";
import {
  type OwnFill,
  type OwnOrders,
  type OwnParentOrder,
  readOwnOrders,
  rowRef,
} from "./own-orders-file.js";
import { groupBy, parentsSpan } from "./own-parents-plan.js";

/** The label imported runs carry in the strategy column. */
export const IMPORTED_STRATEGY = "imported";

export interface ImportOrdersOptions {
  category?: Category;
  interval?: Interval;
}

export interface ImportedRun {
  runId: number;
  symbol: string;
  /** False when the same executions were already stored (the existing run is returned). */
  created: boolean;
  parents: number;
  fills: number;
  /** Fills that gave no fee (counted as zero). */
  feesMissing: number;
  tca: ParentTca[];
}

export interface ImportOrdersResult {
  category: Category;
  interval: Interval;
  runs: ImportedRun[];
}

/** Read, check, analyse and store `execsim orders import PARENTS [FILLS]`. */
export function importOwnOrdersFiles(
  store: ExecsimDatabase,
  parentsFile: string,
  fillsFile?: string,
  opts: ImportOrdersOptions = {},
): ImportOrdersResult {
  return importOwnOrders(store, readOwnOrders(parentsFile, fillsFile), opts);
}

interface SymbolGroup {
  symbol: string;
  parents: OwnParentOrder[];
  series: CandleSeries;
  executions: ParentExecution[];
  /** Per parent with at least one fill without a fee: how many such fills. */
  feesMissing: Record<string, number>;
}

/** Check `orders` against the stored candles, analyse and store them (one run per symbol). */
export function importOwnOrders(
  store: ExecsimDatabase,
  orders: OwnOrders,
  opts: ImportOrdersOptions = {},
): ImportOrdersResult {
  const category = opts.category ?? "linear";
  const interval = opts.interval ?? "1";
  const groups = prepareGroups(store, orders, category, interval);
  const runs = store.sqlite.transaction(() => groups.map((g) => storeGroup(store, g, category, interval)))();
  return { category, interval, runs };
}

/** Everything that can fail on the data, before the first row is written. */
function prepareGroups(
  store: ExecsimDatabase,
  orders: OwnOrders,
  category: Category,
  interval: Interval,
): SymbolGroup[] {
  const problems: string[] = [];
  const bySymbol = groupBy(orders.parents, (p) => p.symbol);
  const fillsOf = groupBy(orders.fills, (f) => f.parentId);
  const groups: SymbolGroup[] = [];
  const barMs = intervalMs(interval);
  for (const [symbol, parents] of bySymbol) {
    const key = { symbol, category, interval };
    const stored = store.sqlite
      .prepare("SELECT count(*) FROM candles WHERE symbol = ? AND category = ? AND interval = ?")
      .pluck()
      .get(symbol, category, interval) as number;
    if (stored === 0) {
      for (const p of parents)
        problems.push(
          `${rowRef(p.source, "symbol")}: no candles stored for ${symbol} (${category}, interval ${interval}); ` +
            "fetch or import them first (`execsim data list` shows what is stored), or pass --category / --interval",
        );
      continue;
    }
    const span = parentsSpan(parents);
    const from = span.firstStartMs - 7 * DAY_MS;
    const to = span.lastEndMs + barMs;
    const series = readSeries(store, key, from, to);
    const executions: ParentExecution[] = [];
    const feesMissing: Record<string, number> = {};
    for (const p of parents) {
      const n = (fillsOf.get(p.id) ?? []).filter((f) => f.feeQuote === null).length;
      if (n > 0) feesMissing[p.id] = n;
      const closeAtStart = lastCloseMid(series, p.startMs);
      if (!(closeAtStart > 0)) {
        problems.push(
          `${rowRef(p.source, "start")}: no ${symbol} candle closes at or before ${isoUtc(p.startMs)} ` +
            "(within 7 days), so there is no arrival or fill mid; import the candles before it",
        );
        continue;
      }
      if (!(lastCloseMid(series, p.endMs) > 0)) {
        const last = series.openTimeMs[series.length - 1]! + series.intervalMs;
        problems.push(
          `${rowRef(p.source, "end")}: the stored ${symbol} candles end at ${isoUtc(last)}, before the parent ends ` +
            `(${isoUtc(p.endMs)}); import candles up to its end`,
        );
        continue;
      }
      const arrival = p.arrivalPrice ?? closeAtStart;
      executions.push(executionOf(p, fillsOf.get(p.id) ?? [], series, arrival));
    }
    groups.push({ symbol, parents, series, executions, feesMissing });
  }
  if (problems.length > 0)
    throw new ExecsimError(
      "VALIDATION_ERROR",
      `${problems.length} problem(s), nothing was written; fix these rows:\n  ${problems.slice(0, 20).join("\n  ")}`,
    );
  return groups;
}

/** The parent as a ParentExecution the simulator's TCA understands (one child order per fill). */
function executionOf(
  p: OwnParentOrder,
  own: readonly OwnFill[],
  series: CandleSeries,
  arrivalMid: number,
): ParentExecution {
  const sorted = [...own].sort((a, b) => a.timeMs - b.timeMs);
  const children: ChildOrderRecord[] = [];
  const fills: FillRecord[] = [];
  sorted.forEach((f, i) => {
    const id = `${p.id}#${i + 1}`;
    const m = lastCloseMid(series, f.timeMs);
    children.push({
      id,
      parentId: p.id,
      strategy: IMPORTED_STRATEGY,
      side: p.side,
      qtyBase: f.qtyBase,
      submitMs: f.timeMs,
      arriveMs: f.timeMs,
      filledQtyBase: f.qtyBase,
      status: "filled",
    });
    fills.push({
      childId: id,
      parentId: p.id,
      strategy: IMPORTED_STRATEGY,
      venue: f.venue ?? IMPORTED_STRATEGY,
      side: p.side,
      timeMs: f.timeMs,
      qtyBase: f.qtyBase,
      avgPrice: f.price,
      notionalQuote: f.price * f.qtyBase,
      feeQuote: f.feeQuote ?? 0,
      liquidity: "taker",
      marketMid: m,
      midBefore: m,
      midAfter: m,
      halfSpread: 0,
      permanentImpactBefore: 0,
      transientImpactBefore: 0,
      levelsConsumed: 0,
    });
  });
  const filled = sorted.reduce((a, f) => a + f.qtyBase, 0);
  const { source: _s, arrivalPrice: _a, ...parent } = p;
  return {
    strategy: IMPORTED_STRATEGY,
    parent,
    children,
    fills,
    arrivalMid,
    endMid: lastCloseMid(series, p.endMs),
    filledQtyBase: filled,
    unfilledQtyBase: Math.max(0, p.qtyBase - filled),
    status: "completed",
  };
}

/** sha256 over the normalised executions and the candle key: equal for a re-import in any row order. */
function importHash(g: SymbolGroup, category: string, interval: string): string {
  const parents = g.executions
    .map((e) => ({
      ...e.parent,
      arrivalMid: e.arrivalMid,
      fills: e.fills.map((f) => [f.timeMs, f.qtyBase, f.avgPrice, f.feeQuote, f.venue]),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash("sha256")
    .update(JSON.stringify({ symbol: g.symbol, category, interval, parents }))
    .digest("hex");
}

function storeGroup(
  store: ExecsimDatabase,
  g: SymbolGroup,
  category: Category,
  interval: Interval,
): ImportedRun {
  const hash = importHash(g, category, interval);
  const fills = g.executions.reduce((a, e) => a + e.fills.length, 0);
  const tcas = g.executions.map((e) => parentTca(e, g.series));
  const existing = store.sqlite
    .prepare(
      "SELECT id FROM runs WHERE source = 'imported' AND import_hash = ? AND status = 'completed' LIMIT 1",
    )
    .pluck()
    .get(hash) as number | undefined;
  const feesMissing = g.feesMissing;
  const nMissing = Object.values(feesMissing).reduce((a, b) => a + b, 0);
  const base = { symbol: g.symbol, parents: g.executions.length, fills, feesMissing: nMissing, tca: tcas };
  if (existing !== undefined) return { runId: existing, created: false, ...base };
  const sink = new SqliteResultSink(store);
  const series = g.series;
  const runId = sink.beginRun({
    command: "import",
    strategy: IMPORTED_STRATEGY,
    batchId: null,
    config: {
      source: "imported",
      symbol: g.symbol,
      category,
      interval,
      arrival: "arrival_price, else the close of the last bar closed at or before the parent's start",
      midAtFill: "the close of the last bar closed at or before the fill",
      parents: g.executions.length,
      fills,
      feesMissing,
      files: [...new Set(g.parents.map((p) => p.source.file))],
    },
    seed: "-",
    symbol: g.symbol,
    category,
    interval,
    fromMs: series.openTimeMs[0]!,
    toMs: series.openTimeMs[series.length - 1]! + series.intervalMs,
    candlesHash: candlesHash(series),
    codeVersion: codeVersion(),
    source: "imported",
    importHash: hash,
  });
  g.executions.forEach((e, i) => {
    sink.recordExecution(runId, e, tcas[i]!, childTca(e, series));
  });
  sink.endRun(runId, "completed", null, {});
  return { runId, created: true, ...base };
}
