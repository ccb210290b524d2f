/**
 * What the report of a stored sweep (`execsim report --sweep ID`) is built from, read through
 * store/sweep-store.ts: the sweep (config, data identity, code version, status, recommendation), its
 * points in grid order with the summaries `execsim sweep` stored, and the runs of the finished points
 * (parent-level TCA rows, report-data.ts), for the per-point charts.
 *
 * The frontier records are the stored numbers unchanged, in bps of the arrival notional:
 *   realized point: mean and sample sd of the per-parent shortfall (the point's stored summary), its
 *     standard error se = sd/√n, and the ±1 se bar [mean − se, mean + se];
 *   theoretical point: the Almgren-Chriss mean and sd the sweep stored (IS only; mean over parents);
 *   recommended: the realized point of the stored recommendation.
 * A point without a finite mean and sd (pending, failed, fewer than two completed parents) is not
 * drawn and is listed with the reason. JSON stores NaN as null; it is read back as NaN.
 */
import type { CandleSeries } from "../core/market-types.js";
import type { ExecsimDatabase } from "../store/database.js";
import {
  getSweep,
  type SweepPointRow,
  type SweepRow,
  sweepPointRows,
  sweepRunIds,
} from "../store/sweep-store.js";
import { loadRunsData, parseSweepId, type ReportData, storedCandles } from "./report-data.js";
import type { CostPartsSummary } from "./tca-tables.js";

/** A stored metric summary (tca/aggregate.ts MetricSummary) with nulls read back as NaN. */
export interface SweepMetric {
  readonly n: number;
  readonly mean: number;
  readonly std: number;
  readonly median: number;
  readonly p90: number;
}

/** One grid point as stored (the fields the report shows), summaries typed and nulls read as NaN. */
export type SweepPointView = Pick<SweepPointRow, "label" | "params" | "status" | "runId"> & {
  readonly index: number;
  readonly summary: {
    readonly parents: number;
    readonly failed: number;
    readonly fillRate: number;
    readonly shortfallBps: SweepMetric;
  } | null;
  readonly costParts: CostPartsSummary | null;
  readonly theoretical: { readonly meanBps: number; readonly sdBps: number; readonly parents: number } | null;
};

/** The stored recommendation (experiment/sweep/recommend.ts), as the report shows it. */
export interface SweepRecommendation {
  readonly index: number;
  readonly label: string;
  readonly rule: string;
  readonly shortfallBps: number;
  readonly sdBps: number;
}

export interface FrontierRealized {
  /** Grid number, 1-based (the point tables' #). */
  readonly point: number;
  readonly label: string;
  readonly n: number;
  readonly meanBps: number;
  readonly sdBps: number;
  readonly seBps: number;
  readonly loBps: number;
  readonly hiBps: number;
}

export interface FrontierTheory {
  readonly point: number;
  readonly label: string;
  readonly parents: number;
  readonly meanBps: number;
  readonly sdBps: number;
}

export interface SweepFrontier {
  readonly realized: FrontierRealized[];
  readonly theory: FrontierTheory[];
  readonly recommended: FrontierRealized | null;
  /** Points without a realized frontier point, and why. */
  readonly notDrawn: { readonly point: number; readonly label: string; readonly reason: string }[];
}

export interface SweepReportData {
  readonly sweep: SweepRow;
  readonly points: readonly SweepPointView[];
  readonly recommended: SweepRecommendation | null;
  /** The runs of the finished points, in grid order (their strategy names are the point labels). */
  readonly runs: ReportData;
  /** The candles of the sweep's series and range as stored now (null when deleted since). */
  readonly candles: CandleSeries | null;
}

const num = (x: unknown): number => (typeof x === "number" ? x : Number.NaN);

function metric(x: unknown): SweepMetric {
  const m = (x ?? {}) as Record<string, unknown>;
  return { n: num(m.n), mean: num(m.mean), std: num(m.std), median: num(m.median), p90: num(m.p90) };
}

function costParts(x: unknown): CostPartsSummary | null {
  if (x === null || typeof x !== "object") return null;
  const c = x as Record<string, unknown>;
  return {
    strategy: String(c.strategy),
    n: num(c.n),
    spreadBps: num(c.spreadBps),
    impactBps: num(c.impactBps),
    timingBps: num(c.timingBps),
    feesBps: num(c.feesBps),
    opportunityBps: num(c.opportunityBps),
    shortfallBps: num(c.shortfallBps),
    tradingCostBps: num(c.tradingCostBps),
  };
}

/** Read a sweep and its points; NOT_FOUND for an unknown id, INVALID_ARGUMENT for a malformed one. */
export function loadSweepReportData(store: ExecsimDatabase, id: string | number): SweepReportData {
  const sweepId = parseSweepId(id);
  const sweep = getSweep(store, sweepId);
  const points: SweepPointView[] = sweepPointRows(store, sweepId).map((r) => {
    const s = r.summary as Record<string, unknown> | null;
    const t = r.theoretical as Record<string, unknown> | null;
    return {
      index: r.idx,
      label: r.label,
      params: r.params,
      status: r.status,
      runId: r.runId,
      summary: s
        ? {
            parents: num(s.parents),
            failed: num(s.failed),
            fillRate: num(s.fillRate),
            shortfallBps: metric(s.shortfallBps),
          }
        : null,
      costParts: costParts(r.costParts),
      theoretical: t ? { meanBps: num(t.meanBps), sdBps: num(t.sdBps), parents: num(t.parents) } : null,
    };
  });
  const rec = sweep.recommended as Record<string, unknown> | null;
  const recommended: SweepRecommendation | null =
    rec && typeof rec.index === "number"
      ? {
          index: rec.index,
          label: String(rec.label),
          rule: String(rec.rule),
          shortfallBps: num(rec.shortfallBps),
          sdBps: num(rec.sdBps),
        }
      : null;
  const runs = loadRunsData(
    store,
    sweepRunIds(store, sweepId),
    `execsim report: sweep ${sweepId} (${sweep.strategy})`,
  );
  const first = runs.runs[0];
  const sameRange =
    first !== undefined &&
    first.symbol === sweep.symbol &&
    first.category === sweep.category &&
    first.interval === sweep.interval &&
    first.fromMs === sweep.fromMs &&
    first.toMs === sweep.toMs;
  const candles = sameRange ? runs.candles : storedCandles(store, sweep);
  return { sweep, points, recommended, runs, candles };
}

/** The realized frontier, the theoretical one and the recommended point, from the stored points. */
export function sweepFrontier(
  points: readonly SweepPointView[],
  recommended: SweepRecommendation | null,
): SweepFrontier {
  const realized: FrontierRealized[] = [];
  const theory: FrontierTheory[] = [];
  const notDrawn: SweepFrontier["notDrawn"][number][] = [];
  for (const p of points) {
    const point = p.index + 1;
    const s = p.summary?.shortfallBps;
    if (s && Number.isFinite(s.mean) && Number.isFinite(s.std) && s.n > 0) {
      const se = s.std / Math.sqrt(s.n);
      realized.push({
        point,
        label: p.label,
        n: s.n,
        meanBps: s.mean,
        sdBps: s.std,
        seBps: se,
        loBps: s.mean - se,
        hiBps: s.mean + se,
      });
    } else {
      notDrawn.push({
        point,
        label: p.label,
        reason:
          p.status === "pending"
            ? "not run yet (`execsim sweep --resume` finishes the sweep)"
            : p.status === "failed"
              ? "its run failed"
              : "fewer than two completed parents, so no standard deviation",
      });
    }
    const t = p.theoretical;
    if (t && Number.isFinite(t.meanBps) && Number.isFinite(t.sdBps))
      theory.push({ point, label: p.label, parents: t.parents, meanBps: t.meanBps, sdBps: t.sdBps });
  }
  const best = recommended ? (realized.find((r) => r.point === recommended.index + 1) ?? null) : null;
  return { realized, theory, recommended: best, notDrawn };
}
