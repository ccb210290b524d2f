/**
 * Per-strategy summary of parent-level TCA over many parent orders, and the ranking best first.
 *
 * For each metric (shortfall bps, VWAP slippage bps, fees bps, ...) over the strategy's COMPLETED
 * parents with a finite value: n, mean, sample standard deviation (n − 1 in the denominator; 0 for
 * n = 1, NaN for n = 0), median and 90th percentile (linear interpolation between order statistics,
 * type 7 of Hyndman & Fan 1996: h = (n − 1)·p, x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋)).
 * Ranking (the honest rule): first the strategies that completed and filled every parent, then those
 * that left some parent partial or unfilled, then those with a failed parent; within each group by the
 * lowest mean RANKED cost = shortfall + completion cost (completion-cost.ts: the estimated cost of
 * trading each parent's unfilled rest at the horizon end with the run's impact model, 0 for a filled
 * parent), so leaving quantity unfilled is charged for finishing it, not only the price drift; ties by
 * name. Why groups: an unfilled rest's shortfall is mostly the market's drift over the horizon, noise
 * that can make "trade nothing" look cheapest on a sample where the price happened to move the trader's
 * way, while it did not do the job. For strategies that fill every parent the ranked cost IS the shortfall. Failed parents are
 * counted and left out of the statistics; `complete` says whether every parent completed and filled.
 *
 * Because every strategy works the same parent orders, strategies are also compared PAIRED with the
 * best one: d_i = R_i(strategy) − R_i(best) (R = ranked cost) over the parents both completed; mean d̄
 * and its standard error sd(d)/√n. The market's drift over a parent's horizon, which dominates the dispersion of each
 * strategy's shortfall, largely cancels in d_i, so |d̄| > 2·se is a difference the sample supports
 * (roughly a 5% two-sided test under normality; no correction for comparing several strategies).
 */
import { fillStateOf } from "./completion-cost.js";
import type { ParentTca } from "./parent-tca.js";

export interface MetricSummary {
  readonly n: number;
  readonly mean: number;
  readonly std: number;
  readonly median: number;
  readonly p90: number;
}

export interface StrategySummary {
  readonly strategy: string;
  /** 1 = best (no failed parent, lowest mean ranked cost). */
  readonly rank: number;
  readonly parents: number;
  readonly failed: number;
  readonly fillRate: number;
  /** Completed parents left partial or unfilled. */
  readonly unfilledParents: number;
  /** No failed parent and every parent filled. */
  readonly complete: boolean;
  readonly shortfallBps: MetricSummary;
  readonly vwapSlippageBps: MetricSummary;
  readonly twapSlippageBps: MetricSummary;
  readonly feesBps: MetricSummary;
  readonly participationRate: MetricSummary;
  /** VWAP slippage and participation over the whole horizon (the two above cover the active window). */
  readonly horizonVwapSlippageBps: MetricSummary;
  readonly horizonParticipationRate: MetricSummary;
  readonly preTradeBps: MetricSummary;
  /** Completion cost of the unfilled rests (bps of arrival notional; 0 for filled parents). */
  readonly completionBps: MetricSummary;
  /** Shortfall + completion cost per parent: the ranking key. */
  readonly rankedCostBps: MetricSummary;
  /** Paired ranked-cost difference vs the rank-1 strategy (bps): mean and standard error; 0 / 0 for the best. */
  readonly vsBest: { readonly n: number; readonly meanBps: number; readonly seBps: number };
}

/** Summary statistics of the finite values in xs. */
export function summarize(xs: readonly number[]): MetricSummary {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return { n: 0, mean: Number.NaN, std: Number.NaN, median: Number.NaN, p90: Number.NaN };
  let sum = 0;
  for (const x of v) sum += x;
  const mean = sum / n;
  let ss = 0;
  for (const x of v) ss += (x - mean) * (x - mean);
  return {
    n,
    mean,
    std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    median: quantileSorted(v, 0.5),
    p90: quantileSorted(v, 0.9),
  };
}

/** Type-7 quantile of an ascending array (non-empty). */
export function quantileSorted(v: readonly number[], p: number): number {
  const h = (v.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, v.length - 1);
  return v[lo]! + (h - lo) * (v[hi]! - v[lo]!);
}

/** Group parent TCA rows by strategy (first-seen order), summarize, and rank best first. */
export function aggregateByStrategy(rows: readonly ParentTca[]): StrategySummary[] {
  const groups = new Map<string, ParentTca[]>();
  for (const r of rows) {
    let g = groups.get(r.strategy);
    if (!g) {
      g = [];
      groups.set(r.strategy, g);
    }
    g.push(r);
  }
  const out = [...groups.entries()].map(([strategy, g]) => {
    const ok = g.filter((r) => r.status === "completed");
    let filled = 0;
    let qty = 0;
    let unfilledParents = 0;
    for (const r of ok) {
      filled += r.filledQtyBase;
      qty += r.qtyBase;
      if ((r.fillState ?? fillStateOf(r.qtyBase, r.filledQtyBase)) !== "filled") unfilledParents++;
    }
    return {
      strategy,
      rank: 0,
      parents: g.length,
      failed: g.length - ok.length,
      fillRate: qty > 0 ? filled / qty : Number.NaN,
      unfilledParents,
      complete: ok.length === g.length && unfilledParents === 0,
      shortfallBps: summarize(ok.map((r) => r.shortfallBps)),
      vwapSlippageBps: summarize(ok.map((r) => r.vwapSlippageBps)),
      twapSlippageBps: summarize(ok.map((r) => r.twapSlippageBps)),
      feesBps: summarize(ok.map((r) => r.feesBps)),
      participationRate: summarize(ok.map((r) => r.participationRate)),
      horizonVwapSlippageBps: summarize(ok.map((r) => r.horizonVwapSlippageBps)),
      horizonParticipationRate: summarize(ok.map((r) => r.horizonParticipationRate)),
      preTradeBps: summarize(ok.map((r) => r.preTradeBps)),
      completionBps: summarize(ok.map((r) => r.completionBps)),
      rankedCostBps: summarize(ok.map(rankedCost)),
    };
  });
  out.sort((a, b) => {
    const ta = tier(a);
    const tb = tier(b);
    if (ta !== tb) return ta - tb;
    const am = Number.isFinite(a.rankedCostBps.mean) ? a.rankedCostBps.mean : Number.POSITIVE_INFINITY;
    const bm = Number.isFinite(b.rankedCostBps.mean) ? b.rankedCostBps.mean : Number.POSITIVE_INFINITY;
    return am !== bm ? am - bm : a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0;
  });
  const best = out[0] ? groups.get(out[0].strategy)! : [];
  return out.map((s, i) => ({ ...s, rank: i + 1, vsBest: pairedDifference(groups.get(s.strategy)!, best) }));
}

/** Ranking tier: 0 = every parent completed and filled, 1 = some left partial or unfilled, 2 = some failed. */
function tier(s: { failed: number; unfilledParents: number }): number {
  return s.failed > 0 ? 2 : s.unfilledParents > 0 ? 1 : 0;
}

/** A parent's ranking key: its ranked cost (the shortfall where a hand-built row has none). */
function rankedCost(r: ParentTca): number {
  return typeof r.rankedCostBps === "number" ? r.rankedCostBps : r.shortfallBps;
}

/** Paired difference of ranked cost bps (a − b) over the parents both completed with a finite value. */
export function pairedDifference(
  a: readonly ParentTca[],
  b: readonly ParentTca[],
): { n: number; meanBps: number; seBps: number } {
  const ref = new Map<string, number>();
  for (const r of b)
    if (r.status === "completed" && Number.isFinite(rankedCost(r))) ref.set(r.parentId, rankedCost(r));
  const d: number[] = [];
  for (const r of a) {
    const x = ref.get(r.parentId);
    if (r.status === "completed" && x !== undefined && Number.isFinite(rankedCost(r)))
      d.push(rankedCost(r) - x);
  }
  const m = summarize(d);
  return { n: m.n, meanBps: m.mean, seBps: m.n > 1 ? m.std / Math.sqrt(m.n) : Number.NaN };
}
