/**
 * What is in the store: one summary per series (symbol, category, interval) with its range, row
 * count and gaps, plus the ranges of a requested window that are not stored yet (the fetcher's
 * resume logic).
 *
 * A gap is a run of one or more missing bars between two stored candles: stored open times t_a <
 * t_b with t_b - t_a > interval. It is reported as [fromMs, toMs) = [t_a + interval, t_b) with
 * missingBars = (t_b - t_a) / interval - 1. Gaps are reported, never filled.
 */
import { type Interval, intervalMs, parseInterval } from "../core/interval.js";
import type { Category, SeriesKey } from "../core/market-types.js";
import type { ExecsimDatabase } from "../store/database.js";
import { ceilToInterval } from "./candle-validation.js";

export interface GapRange {
  /** Open time of the first missing bar. */
  fromMs: number;
  /** Open time of the next stored bar (exclusive end of the gap). */
  toMs: number;
  missingBars: number;
}

export interface GapReport {
  /** Number of gaps (runs of missing bars). */
  count: number;
  /** Total missing bars over all gaps. */
  missingBars: number;
  /** The first few gaps, oldest first. */
  first: GapRange[];
}

export const DEFAULT_GAPS_LISTED = 5;

/** Gaps in ascending open times (length defaults to the array's). */
export function findGaps(
  openTimeMs: ArrayLike<number>,
  stepMs: number,
  maxListed = DEFAULT_GAPS_LISTED,
  length = openTimeMs.length,
): GapReport {
  const report: GapReport = { count: 0, missingBars: 0, first: [] };
  for (let i = 1; i < length; i++) {
    const a = openTimeMs[i - 1]!;
    const b = openTimeMs[i]!;
    if (b - a > stepMs) {
      const missing = Math.round((b - a) / stepMs) - 1;
      report.count++;
      report.missingBars += missing;
      if (report.first.length < maxListed)
        report.first.push({ fromMs: a + stepMs, toMs: b, missingBars: missing });
    }
  }
  return report;
}

export interface SeriesSummary extends SeriesKey {
  rows: number;
  firstOpenTimeMs: number;
  lastOpenTimeMs: number;
  gaps: GapReport;
}

export interface ListFilter {
  symbol?: string;
  category?: Category;
  interval?: Interval;
}

/** Every stored series (optionally filtered), ordered by symbol, category, interval length. */
export function listSeries(
  store: ExecsimDatabase,
  filter: ListFilter = {},
  maxListed = DEFAULT_GAPS_LISTED,
): SeriesSummary[] {
  const conds: string[] = [];
  const params: string[] = [];
  if (filter.symbol) {
    conds.push("symbol = ?");
    params.push(filter.symbol);
  }
  if (filter.category) {
    conds.push("category = ?");
    params.push(filter.category);
  }
  if (filter.interval) {
    conds.push("interval = ?");
    params.push(filter.interval);
  }
  const where = conds.length ? `WHERE ${conds.join(" AND ")}` : "";
  const heads = store.sqlite
    .prepare(
      `SELECT symbol, category, interval, count(*) AS n, min(open_time_ms) AS lo, max(open_time_ms) AS hi
       FROM candles ${where} GROUP BY symbol, category, interval`,
    )
    .all(...params) as {
    symbol: string;
    category: Category;
    interval: string;
    n: number;
    lo: number;
    hi: number;
  }[];
  // Only the rows that follow a hole are read, via a window function over the primary-key order.
  const gapStmt = store.sqlite.prepare(
    `SELECT prev, t FROM (
       SELECT open_time_ms AS t, lag(open_time_ms) OVER (ORDER BY open_time_ms) AS prev
       FROM candles WHERE symbol = ? AND category = ? AND interval = ?)
     WHERE prev IS NOT NULL AND t - prev > ? ORDER BY t`,
  );
  const out: SeriesSummary[] = [];
  for (const h of heads) {
    const interval = parseInterval(h.interval);
    const step = intervalMs(interval);
    const gaps: GapReport = { count: 0, missingBars: 0, first: [] };
    for (const g of gapStmt.iterate(h.symbol, h.category, h.interval, step) as Iterable<{
      prev: number;
      t: number;
    }>) {
      const missing = Math.round((g.t - g.prev) / step) - 1;
      gaps.count++;
      gaps.missingBars += missing;
      if (gaps.first.length < maxListed)
        gaps.first.push({ fromMs: g.prev + step, toMs: g.t, missingBars: missing });
    }
    out.push({
      symbol: h.symbol,
      category: h.category,
      interval,
      rows: h.n,
      firstOpenTimeMs: h.lo,
      lastOpenTimeMs: h.hi,
      gaps,
    });
  }
  return out.sort(
    (a, b) =>
      a.symbol.localeCompare(b.symbol) ||
      a.category.localeCompare(b.category) ||
      intervalMs(a.interval) - intervalMs(b.interval),
  );
}

/** A half-open range of bar open times [fromMs, toMs). */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/**
 * The parts of [fromMs, toMs) whose bars (open times on the interval grid) are not stored, as
 * half-open ranges starting on the grid, oldest first.
 */
export function missingRanges(
  store: ExecsimDatabase,
  key: SeriesKey,
  fromMs: number,
  toMs: number,
): TimeRange[] {
  const step = intervalMs(key.interval);
  const start = ceilToInterval(fromMs, key.interval);
  const out: TimeRange[] = [];
  if (start >= toMs) return out;
  const stmt = store.sqlite
    .prepare(
      `SELECT open_time_ms FROM candles WHERE symbol = ? AND category = ? AND interval = ?
       AND open_time_ms >= ? AND open_time_ms < ? ORDER BY open_time_ms`,
    )
    .pluck();
  let cursor = start;
  for (const t of stmt.iterate(key.symbol, key.category, key.interval, start, toMs) as Iterable<number>) {
    if (t > cursor) out.push({ fromMs: cursor, toMs: t });
    cursor = Math.max(cursor, t + step);
  }
  if (cursor < toMs) out.push({ fromMs: cursor, toMs });
  return out;
}

/** Number of grid bars in [fromMs, toMs). */
export function barsIn(range: TimeRange, stepMs: number): number {
  return Math.max(0, Math.ceil((range.toMs - range.fromMs) / stepMs));
}
