/**
 * Markouts: how the mid moved after each fill and after each parent order's end, at several horizons.
 *
 * For a fill of side sign s (+1 buy, −1 sell) at time t with reference mid r (the mid at the fill), and a
 * horizon h, with M(τ) the mid at time τ:
 *
 *   fill markout (bps)    = s · (M(t + h) − r) / r · 10⁴
 *   parent markout (bps)  = s · (M(end + h) − A) / A · 10⁴        A = the parent's arrival mid
 *   parent fill average   = Σ q_i · markout_i / Σ q_i              over its fills with a defined markout
 *   run averages          = plain means over parents (of the parent markout, of the fill average)
 *
 * Signed so that a positive markout is adverse: after a buy the price went on up (what the trader's
 * own trading, or informed flow, left in the price). Read across horizons, markouts separate the part of
 * the impact that stayed (permanent: the long-horizon value) from the part that came back (transient:
 * the short-horizon value minus the long one). Source: the markout curves of post-trade TCA (e.g.
 * tcapy's markout metric; Bouchaud, Bonart, Donier & Gould 2018, "Trades, Quotes and Prices", ch. 11-13
 * for the permanent / transient reading).
 *
 * Which mid M is, is the caller's choice (`MidPath`): for imported fills the market mid from the candles
 * (`lastCloseMid`: the close of the last bar closed at or before τ, the convention of the imported arrival
 * price), for simulated runs the venue's mid with the trader's own impact (experiment/markout-replay.ts).
 * M(τ) is NaN when the data do not reach τ; such markouts are NaN (stored NULL) and counted as missing.
 * Units: prices quote per base, times epoch ms, horizons ms, markouts bps of the reference mid.
 */

import type { CandleSeries } from "../core/market-types.js";
import { firstBarAtOrAfter } from "./benchmarks.js";

/** Default horizons of `execsim tca --markouts`. */
export const DEFAULT_MARKOUT_HORIZONS = ["1m", "5m", "30m", "1h", "1d"] as const;

export interface MarkoutFill {
  /** fills.seq of the run. */
  readonly fillSeq: number;
  readonly timeMs: number;
  readonly qtyBase: number;
  /** The mid at the fill. */
  readonly refMid: number;
}

export interface MarkoutParent {
  readonly parentId: string;
  readonly sideSign: 1 | -1;
  readonly qtyBase: number;
  readonly endMs: number;
  readonly arrivalMid: number;
  /** In time order. */
  readonly fills: readonly MarkoutFill[];
}

/** Mids of one parent's world at the given times (any order); NaN where unknown. */
export type MidPath = (parent: MarkoutParent, timesMs: readonly number[]) => ArrayLike<number>;

export interface MarkoutRow {
  readonly horizonMs: number;
  /** Position within the run for this horizon: the parent row, then its fills' rows, parent by parent. */
  readonly seq: number;
  readonly level: "parent" | "fill";
  readonly parentId: string;
  /** Null on parent rows. */
  readonly fillSeq: number | null;
  readonly sideSign: 1 | -1;
  readonly qtyBase: number;
  /** Fill time, or the parent's end. */
  readonly timeMs: number;
  readonly refMid: number;
  /** M(timeMs + horizonMs). */
  readonly mid: number;
  readonly markoutBps: number;
  /** Parent rows: quantity-weighted mean of its fills' markouts at this horizon (NaN without any). */
  readonly fillAvgBps: number;
}

/** s · (mid − ref) / ref · 10⁴; NaN when either price is not a positive number. */
export function markoutBps(sideSign: 1 | -1, refMid: number, mid: number): number {
  return refMid > 0 && mid > 0 ? ((sideSign * (mid - refMid)) / refMid) * 1e4 : Number.NaN;
}

/**
 * The market mid of the candles at τ: the close of the last bar that closed at or before τ; NaN before
 * the first close and after the last one (the data do not say what came later).
 */
export function lastCloseMid(series: CandleSeries, timeMs: number): number {
  const n = series.length;
  if (n === 0 || timeMs > series.openTimeMs[n - 1]! + series.intervalMs) return Number.NaN;
  const closed = firstBarAtOrAfter(series, timeMs - series.intervalMs + 1);
  return closed > 0 ? series.close[closed - 1]! : Number.NaN;
}

/** The markout rows of one run: for each horizon, each parent's row then its fills' rows. */
export function markoutRows(
  parents: readonly MarkoutParent[],
  horizonsMs: readonly number[],
  midPath: MidPath,
): MarkoutRow[] {
  const out: MarkoutRow[][] = horizonsMs.map(() => []);
  for (const p of parents) {
    // every time this parent's mid is needed: end + h, then each fill's t + h, horizon by horizon
    const times: number[] = [];
    for (const h of horizonsMs) {
      times.push(p.endMs + h);
      for (const f of p.fills) times.push(f.timeMs + h);
    }
    const mids = midPath(p, times);
    let k = 0;
    horizonsMs.forEach((h, hi) => {
      const rows = out[hi]!;
      const endMid = mids[k++]!;
      const fillRows: MarkoutRow[] = [];
      let wSum = 0;
      let qSum = 0;
      for (const f of p.fills) {
        const mid = mids[k++]!;
        const m = markoutBps(p.sideSign, f.refMid, mid);
        if (Number.isFinite(m)) {
          wSum += f.qtyBase * m;
          qSum += f.qtyBase;
        }
        fillRows.push({
          horizonMs: h,
          seq: 0,
          level: "fill",
          parentId: p.parentId,
          fillSeq: f.fillSeq,
          sideSign: p.sideSign,
          qtyBase: f.qtyBase,
          timeMs: f.timeMs,
          refMid: f.refMid,
          mid,
          markoutBps: m,
          fillAvgBps: Number.NaN,
        });
      }
      rows.push({
        horizonMs: h,
        seq: 0,
        level: "parent",
        parentId: p.parentId,
        fillSeq: null,
        sideSign: p.sideSign,
        qtyBase: p.qtyBase,
        timeMs: p.endMs,
        refMid: p.arrivalMid,
        mid: endMid,
        markoutBps: markoutBps(p.sideSign, p.arrivalMid, endMid),
        fillAvgBps: qSum > 0 ? wSum / qSum : Number.NaN,
      });
      rows.push(...fillRows);
    });
  }
  return out.flatMap((rows) => rows.map((r, seq) => ({ ...r, seq })));
}

/** Run-level markout at one horizon. */
export interface MarkoutSummary {
  readonly horizonMs: number;
  /** Mean over parents of the parent markout (end + h vs arrival), bps. */
  readonly parentBps: number;
  /** Mean over parents of their quantity-weighted fill markout, bps. */
  readonly fillBps: number;
  /** Parents with a defined parent markout / with at least one defined fill markout. */
  readonly parents: number;
  readonly parentsWithFills: number;
  /** Parent and fill markouts the data could not give (t + h beyond the stored candles). */
  readonly missing: number;
}

/** Per-horizon run averages of markout rows (in the horizons' order). */
export function summarizeMarkouts(
  rows: readonly MarkoutRow[],
  horizonsMs: readonly number[],
): MarkoutSummary[] {
  return horizonsMs.map((h) => {
    let pSum = 0;
    let pN = 0;
    let fSum = 0;
    let fN = 0;
    let missing = 0;
    for (const r of rows) {
      if (r.horizonMs !== h) continue;
      if (!Number.isFinite(r.markoutBps)) missing++;
      if (r.level !== "parent") continue;
      if (Number.isFinite(r.markoutBps)) {
        pSum += r.markoutBps;
        pN++;
      }
      if (Number.isFinite(r.fillAvgBps)) {
        fSum += r.fillAvgBps;
        fN++;
      }
    }
    return {
      horizonMs: h,
      parentBps: pN > 0 ? pSum / pN : Number.NaN,
      fillBps: fN > 0 ? fSum / fN : Number.NaN,
      parents: pN,
      parentsWithFills: fN,
      missing,
    };
  });
}
