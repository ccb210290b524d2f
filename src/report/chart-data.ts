/**
 * The numbers behind the report's charts, computed from stored rows (report-data.ts). Pure functions:
 * rows in, plain records out (what the Vega-Lite specs inline as data, so a test can compare them with
 * the stored TCA). Units: shortfall and its parts in bps of the arrival notional Q·A; participation and
 * fill fractions as fractions (0..1); times as minutes since the parent's start; prices in quote/base.
 *
 * - Shortfall distribution: one value per completed parent; mean and its standard error sd/√n.
 * - Trajectories: cumulative fraction filled F(t) = Σ_{fills at or before start + t} q / Q on a grid of
 *   bar closes, for the median parent (see medianParentId) and as the pointwise 10th–90th percentile
 *   band over all completed parents; beside them the market's cumulative volume fraction over the same
 *   horizon (closed bars only), i.e. what a strategy tracking the volume profile perfectly would fill.
 * - Impact vs participation: own impact = temporary + permanent + transient (bps) against the
 *   participation rate over the active window. The square-root reference is I = c·√ρ with the slope
 *   fixed at ½ (the square-root law, Tóth et al. 2011) and c fitted in log space, ln c = mean(ln I − ½ ln ρ),
 *   i.e. a line of slope ½ through the points' centre on the log-log chart. Points with I ≤ 1e-6 bps
 *   (float dust of a zero-impact model) or ρ ≤ 0 cannot be drawn on log axes and are counted instead.
 */
import type { CandleSeries } from "../core/market-types.js";
import { quantileSorted } from "../tca/aggregate.js";
import type { ParentTca } from "../tca/parent-tca.js";
import type { ReportFill } from "./report-data.js";

const MINUTE_MS = 60_000;

const key = (strategy: string, parentId: string) => `${strategy}\u0000${parentId}`;

const completed = (rows: readonly ParentTca[]) =>
  rows.filter((r) => r.status === "completed" && Number.isFinite(r.shortfallBps));

export interface ShortfallPoint {
  readonly strategy: string;
  readonly parentId: string;
  readonly shortfallBps: number;
}

export interface ShortfallMean {
  readonly strategy: string;
  readonly n: number;
  readonly meanBps: number;
  /** Standard error of the mean, sd/√n (NaN for n < 2). */
  readonly seBps: number;
  readonly loBps: number;
  readonly hiBps: number;
}

export interface ShortfallDistribution {
  readonly points: ShortfallPoint[];
  readonly means: ShortfallMean[];
}

/** Per-parent shortfall of completed parents, and each strategy's mean ± standard error, in `order`. */
export function shortfallDistribution(
  rows: readonly ParentTca[],
  order: readonly string[],
): ShortfallDistribution {
  const points: ShortfallPoint[] = [];
  const means: ShortfallMean[] = [];
  for (const strategy of order) {
    const xs = completed(rows).filter((r) => r.strategy === strategy);
    for (const r of xs) points.push({ strategy, parentId: r.parentId, shortfallBps: r.shortfallBps });
    const n = xs.length;
    if (n === 0) continue;
    const mean = xs.reduce((a, r) => a + r.shortfallBps, 0) / n;
    const ss = xs.reduce((a, r) => a + (r.shortfallBps - mean) ** 2, 0);
    const se = n > 1 ? Math.sqrt(ss / (n - 1)) / Math.sqrt(n) : Number.NaN;
    means.push({
      strategy,
      n,
      meanBps: mean,
      seBps: se,
      loBps: Number.isFinite(se) ? mean - se : mean,
      hiBps: Number.isFinite(se) ? mean + se : mean,
    });
  }
  return { points, means };
}

/**
 * The median parent: the parent whose mean shortfall over the strategies that completed it is the
 * median (lower median for an even count; ties by id). One parent for every strategy, so their
 * trajectories and fills are drawn on the same market. Null when no parent completed.
 */
export function medianParentId(rows: readonly ParentTca[]): string | null {
  const sums = new Map<string, [number, number]>();
  for (const r of completed(rows)) {
    const s = sums.get(r.parentId) ?? [0, 0];
    s[0] += r.shortfallBps;
    s[1] += 1;
    sums.set(r.parentId, s);
  }
  const ranked = [...sums.entries()]
    .map(([id, [sum, n]]) => ({ id, mean: sum / n }))
    .sort((a, b) => a.mean - b.mean || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ranked.length === 0 ? null : ranked[Math.floor((ranked.length - 1) / 2)]!.id;
}

/** Index of the first bar opening at or after t (binary search on open times). */
function barAtOrAfter(s: CandleSeries, t: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.openTimeMs[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fraction of the market's volume in [start, end) traded in bars closed by each of `times`. */
function marketFractions(
  s: CandleSeries,
  startMs: number,
  endMs: number,
  times: readonly number[],
): number[] {
  const i0 = barAtOrAfter(s, startMs);
  const i1 = barAtOrAfter(s, endMs);
  let total = 0;
  for (let i = i0; i < i1; i++) total += s.volume[i]!;
  const out: number[] = [];
  let i = i0;
  let acc = 0;
  for (const t of times) {
    while (i < i1 && s.openTimeMs[i]! + s.intervalMs <= t) acc += s.volume[i++]!;
    out.push(total > 0 ? acc / total : Number.NaN);
  }
  return out;
}

export interface TrajectoryPoint {
  readonly series: string;
  readonly minute: number;
  readonly fraction: number;
}

export interface TrajectoryBand {
  readonly strategy: string;
  readonly minute: number;
  readonly p10: number;
  readonly p90: number;
}

export interface Trajectories {
  readonly parentId: string;
  /** The median parent's cumulative fraction filled per strategy, and the market's ("market volume"). */
  readonly lines: TrajectoryPoint[];
  readonly band: TrajectoryBand[];
}

/** The market line's name in trajectory charts. */
export const MARKET_SERIES = "market volume";

/** At most this many grid points per line (a coarser grid of bar closes for long horizons). */
const MAX_GRID = 120;

/** Cumulative fraction filled over the horizon per strategy: median parent's line, 10–90% band, market. */
export function trajectories(
  rows: readonly ParentTca[],
  fills: readonly ReportFill[],
  candles: CandleSeries | null,
  order: readonly string[],
  parentId: string,
): Trajectories | null {
  const done = completed(rows);
  const median = done.find((r) => r.parentId === parentId);
  if (!median) return null;
  const barMs = candles?.intervalMs ?? MINUTE_MS;
  const horizonMs = done.reduce((m, r) => Math.max(m, r.endMs - r.startMs), 0);
  const bars = Math.max(1, Math.ceil(horizonMs / barMs));
  const step = Math.ceil(bars / MAX_GRID);
  const offsets: number[] = [];
  for (let k = 0; k < bars; k += step) offsets.push(k * barMs);
  offsets.push(Math.min(bars * barMs, horizonMs));
  const byExec = new Map<string, ReportFill[]>();
  for (const f of fills) {
    const k = key(f.strategy, f.parentId);
    const list = byExec.get(k);
    if (list) list.push(f);
    else byExec.set(k, [f]);
  }
  const curve = (r: ParentTca): number[] => {
    const fs = [...(byExec.get(key(r.strategy, r.parentId)) ?? [])].sort((a, b) => a.timeMs - b.timeMs);
    const out: number[] = [];
    let j = 0;
    let acc = 0;
    for (const off of offsets) {
      const t = Math.min(r.startMs + off, r.endMs);
      while (j < fs.length && fs[j]!.timeMs <= t) acc += fs[j++]!.qtyBase;
      out.push(acc / r.qtyBase);
    }
    return out;
  };
  const lines: TrajectoryPoint[] = [];
  const band: TrajectoryBand[] = [];
  const minute = (off: number) => off / MINUTE_MS;
  for (const strategy of order) {
    const mine = done.filter((r) => r.strategy === strategy);
    const med = mine.find((r) => r.parentId === parentId);
    if (med)
      for (const [k, f] of curve(med).entries())
        lines.push({ series: strategy, minute: minute(offsets[k]!), fraction: f });
    if (mine.length === 0) continue;
    const curves = mine.map(curve);
    offsets.forEach((off, k) => {
      const v = curves.map((c) => c[k]!).sort((a, b) => a - b);
      band.push({ strategy, minute: minute(off), p10: quantileSorted(v, 0.1), p90: quantileSorted(v, 0.9) });
    });
  }
  if (candles) {
    const times = offsets.map((off) => Math.min(median.startMs + off, median.endMs));
    marketFractions(candles, median.startMs, median.endMs, times).forEach((f, k) => {
      if (Number.isFinite(f)) lines.push({ series: MARKET_SERIES, minute: minute(offsets[k]!), fraction: f });
    });
  }
  return { parentId, lines, band };
}

/** Below this, own impact is float dust (an impact model of none leaves ~1e-13 bps), not a point. */
const MIN_IMPACT_BPS = 1e-6;

export interface ImpactPoint {
  readonly strategy: string;
  readonly parentId: string;
  readonly participation: number;
  readonly impactBps: number;
}

export interface ImpactVsParticipation {
  readonly points: ImpactPoint[];
  /** Points that cannot go on log axes (impact ≤ 0 or participation ≤ 0 or missing). */
  readonly excluded: number;
  /** c in I = c·√ρ (bps), NaN without points. */
  readonly sqrtScaleBps: number;
  readonly reference: { participation: number; impactBps: number }[];
}

/** Realized own impact against participation per parent, with a fitted square-root reference curve. */
export function impactVsParticipation(
  rows: readonly ParentTca[],
  order: readonly string[],
): ImpactVsParticipation {
  const points: ImpactPoint[] = [];
  let excluded = 0;
  for (const strategy of order)
    for (const r of rows) {
      if (r.strategy !== strategy || r.status !== "completed") continue;
      const impactBps = r.temporaryImpactBps + r.permanentImpactBps + r.transientImpactBps;
      const participation = r.participationRate;
      if (impactBps > MIN_IMPACT_BPS && participation > 0)
        points.push({ strategy, parentId: r.parentId, participation, impactBps });
      else excluded++;
    }
  if (points.length === 0) return { points, excluded, sqrtScaleBps: Number.NaN, reference: [] };
  const lnC = points.reduce((a, p) => a + Math.log(p.impactBps) - 0.5 * Math.log(p.participation), 0);
  const c = Math.exp(lnC / points.length);
  const lo = points.reduce((m, p) => Math.min(m, p.participation), Number.POSITIVE_INFINITY);
  const hi = points.reduce((m, p) => Math.max(m, p.participation), 0);
  const reference: { participation: number; impactBps: number }[] = [];
  const n = lo === hi ? 1 : 40;
  for (let k = 0; k <= n; k++) {
    const rho = n === 1 && k === 1 ? hi * 1.0001 : lo * (hi / lo) ** (k / n);
    reference.push({ participation: rho, impactBps: c * Math.sqrt(rho) });
  }
  return { points, excluded, sqrtScaleBps: c, reference };
}

export interface PriceBar {
  readonly minute: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export interface PriceFill {
  readonly strategy: string;
  readonly minute: number;
  readonly price: number;
  readonly qtyBase: number;
  /** The mid the trader faced just before the fill (market mid + own impact). */
  readonly midWithImpact: number;
  readonly ownImpactBps: number;
}

export interface PricePath {
  readonly parentId: string;
  readonly startMs: number;
  readonly arrivalMid: number;
  /** Market VWAP over the parent's horizon. */
  readonly vwap: number;
  readonly bars: PriceBar[];
  readonly fills: PriceFill[];
}

/** Candles over a parent's horizon (with a short lead-in) and every strategy's fills on that parent. */
export function pricePath(
  rows: readonly ParentTca[],
  fills: readonly ReportFill[],
  candles: CandleSeries | null,
  parentId: string,
): PricePath | null {
  const p = rows.find((r) => r.parentId === parentId);
  if (!p) return null;
  const bars: PriceBar[] = [];
  if (candles) {
    const lead = Math.min(30, Math.ceil((p.endMs - p.startMs) / candles.intervalMs / 4)) * candles.intervalMs;
    const i1 = barAtOrAfter(candles, p.endMs);
    for (let i = barAtOrAfter(candles, p.startMs - lead); i < i1; i++)
      bars.push({
        minute: (candles.openTimeMs[i]! - p.startMs) / MINUTE_MS,
        open: candles.open[i]!,
        high: candles.high[i]!,
        low: candles.low[i]!,
        close: candles.close[i]!,
      });
  }
  const strategies = new Set(rows.filter((r) => r.parentId === parentId).map((r) => r.strategy));
  const out: PriceFill[] = [];
  for (const f of fills) {
    if (f.parentId !== parentId || !strategies.has(f.strategy)) continue;
    out.push({
      strategy: f.strategy,
      minute: (f.timeMs - p.startMs) / MINUTE_MS,
      price: f.avgPrice,
      qtyBase: f.qtyBase,
      midWithImpact: f.midBefore,
      ownImpactBps: ((f.midBefore - f.marketMid) / p.arrivalMid) * 1e4,
    });
  }
  return { parentId, startMs: p.startMs, arrivalMid: p.arrivalMid, vwap: p.horizonVwap, bars, fills: out };
}

/** Long rows of the mean cost parts (bps) per strategy, for the stacked bars, in COST_PART order. */
export function costPartRows(
  parts: readonly {
    strategy: string;
    spreadBps: number;
    impactBps: number;
    timingBps: number;
    feesBps: number;
    opportunityBps: number;
  }[],
): { strategy: string; part: string; order: number; bps: number }[] {
  const out: { strategy: string; part: string; order: number; bps: number }[] = [];
  for (const p of parts) {
    const values = [p.spreadBps, p.impactBps, p.timingBps, p.feesBps, p.opportunityBps];
    COST_PART_NAMES.forEach((part, order) => {
      const bps = values[order]!;
      if (Number.isFinite(bps)) out.push({ strategy: p.strategy, part, order, bps });
    });
  }
  return out;
}

/** The stacked cost parts' names, bottom to top. */
export const COST_PART_NAMES = ["spread", "impact", "timing", "fees", "opportunity"] as const;
