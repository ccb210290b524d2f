/**
 * The charts of a report of stored runs, planned from the loaded rows (report-data.ts): for each, its
 * id, title, caption, the chart-data.ts records it draws and its spec, or the reason it cannot be
 * drawn (rows not stored, nothing completed). Order: shortfall distribution, cost parts, trajectories,
 * fills on the price path, impact against participation. Pure: rendering is report-page.ts.
 */
import type { TopLevelSpec } from "vega-lite";
import { ExecsimError } from "../core/errors.js";
import {
  costPartRows,
  impactVsParticipation,
  medianParentId,
  pricePath,
  shortfallDistribution,
  trajectories,
} from "./chart-data.js";
import { costPartsSpec, impactSpec, pricePathSpec, shortfallSpec, trajectorySpec } from "./chart-specs.js";
import { escapeHtml } from "./html-report.js";
import type { ReportData } from "./report-data.js";
import { costPartsByStrategy } from "./tca-tables.js";

/** A chart to draw (spec) or to leave out with a note (reason). */
export interface ChartPlan {
  id: string;
  title: string;
  caption: string;
  data?: unknown;
  spec?: (interactive: boolean) => TopLevelSpec;
  reason?: string;
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "-");

function chartPlans(
  d: ReportData,
  order: readonly string[],
  medianId: string | null,
  parentId: string | null,
  reasons: { readonly noParents?: string; readonly noFills?: string } = {},
): ChartPlan[] {
  const rows = d.parents;
  const dist = shortfallDistribution(rows, order);
  const parts = costPartsByStrategy(rows, order);
  const partRows = costPartRows(parts);
  const noParents =
    rows.length === 0
      ? (reasons.noParents ??
        "no per-parent rows were stored for these runs (run with --store summary: the aggregate TCA only)")
      : null;
  const noFills =
    noParents ??
    (d.strategiesWithoutFills.length === order.length
      ? (reasons.noFills ??
        "the runs' fills were not stored (run with --store parents: parent-level rows only), so there is no fill to draw")
      : null);
  const partial =
    d.strategiesWithoutFills.length > 0 && !noFills
      ? ` Left out (fills not stored): ${d.strategiesWithoutFills.map(escapeHtml).join(", ")}.`
      : "";
  const traj = medianId && !noFills ? trajectories(rows, d.fills, d.candles, order, medianId) : null;
  const path = parentId && !noFills ? pricePath(rows, d.fills, d.candles, parentId) : null;
  const iv = impactVsParticipation(rows, order);
  const plans: ChartPlan[] = [
    {
      id: "shortfall",
      title: "Shortfall distribution",
      caption:
        "Implementation shortfall per parent order (bps of the arrival notional, costs > 0 hurt), completed parents. " +
        "Box: quartiles and median; whiskers: min and max. Black diamond and bar: the mean ± one standard error (sd/√n). " +
        dist.means
          .map((m) => `${escapeHtml(m.strategy)} ${fmt(m.meanBps)} ± ${fmt(m.seBps)} (n = ${m.n})`)
          .join("; "),
      data: dist,
      ...(dist.points.length > 0
        ? { spec: () => shortfallSpec(dist.points, dist.means, order) }
        : { reason: noParents ?? "no parent order completed with a finite shortfall" }),
    },
    {
      id: "cost-parts",
      title: "Mean cost parts",
      caption:
        "Mean cost parts per strategy over completed parents, stacked (bps of the arrival notional; negative parts, " +
        "e.g. favourable timing, stack below zero). They add up to the mean shortfall, drawn as the black tick. " +
        "impact = own temporary + permanent + transient impact; timing = the market's drift from the arrival mid to each " +
        "fill; opportunity = the unfilled rest valued at the horizon end.",
      data: { parts, rows: partRows },
      ...(partRows.length > 0
        ? {
            spec: () =>
              costPartsSpec(
                partRows,
                parts
                  .filter((p) => Number.isFinite(p.shortfallBps))
                  .map((p) => ({ strategy: p.strategy, shortfallBps: p.shortfallBps })),
                order,
              ),
          }
        : { reason: noParents ?? "no parent order completed, so there are no cost parts to average" }),
    },
    {
      id: "trajectories",
      title: "Execution trajectories",
      caption:
        `Cumulative fraction of the parent filled over the horizon: the median parent (${escapeHtml(medianId ?? "-")}, ` +
        "the one with the median mean shortfall across strategies) as lines, the 10th–90th percentile over all completed " +
        "parents as the shaded band, and the market's cumulative volume over the median parent's horizon (dashed black): " +
        `a strategy that tracks the volume profile follows the dashed line.${partial}`,
      data: traj,
      ...(traj
        ? { spec: (i: boolean) => trajectorySpec(traj, order, i) }
        : { reason: noFills ?? "no parent order completed" }),
    },
    {
      id: "price-path",
      title: `Fills on the price path (parent ${parentId ?? "-"})`,
      caption:
        "One panel per strategy. Grey: the market's candles (low–high range, close tick), starting a little before the " +
        "parent's start at minute 0. Blue points: the fills at their average prices, sized by quantity. Orange: the mid " +
        "the trader faced before each fill, i.e. the market mid plus the trader's own permanent and transient impact. " +
        `Rules: the arrival mid (dotted) and the market VWAP over the horizon (dashed).${partial}` +
        (d.candles ? "" : " The candles are no longer in the store, so only the fills are drawn."),
      data: path,
      ...(path && path.fills.length > 0
        ? { spec: (i: boolean) => pricePathSpec(path, order, i) }
        : { reason: noFills ?? "the chosen parent has no fill" }),
    },
    {
      id: "impact",
      title: "Realized impact against participation",
      caption:
        "Own impact (temporary + permanent + transient, bps of the arrival notional) against the participation rate " +
        "(own fills / market volume over the active window) per parent, log-log. Participation varies with the " +
        "market's volume even at a fixed order size. Dashed: the square-root law I = c·√ρ with c fitted in log space " +
        `(c = ${fmt(iv.sqrtScaleBps, 3)} bps)` +
        (iv.excluded > 0
          ? `; ${iv.excluded} parent(s) with zero or negative impact or no fill cannot go on log axes.`
          : "."),
      data: iv,
      ...(iv.points.length > 0
        ? { spec: (i: boolean) => impactSpec(iv, order, i) }
        : {
            reason:
              noParents ??
              "no parent order has both a positive own impact and a positive participation (e.g. an impact model of none)",
          }),
    },
  ];
  return plans;
}

/**
 * The chart plans of stored runs: the median parent's trajectories, and the fills on the price path of
 * opts.parentId (NOT_FOUND unless it is in the rows) or of the median parent.
 */
export function runChartPlans(
  d: ReportData,
  order: readonly string[],
  opts: { readonly parentId?: string },
  reasons: { readonly noParents?: string; readonly noFills?: string } = {},
): ChartPlan[] {
  if (opts.parentId !== undefined && !d.parents.some((r) => r.parentId === opts.parentId))
    throw new ExecsimError(
      "NOT_FOUND",
      `no parent order "${opts.parentId}" in these runs; \`execsim runs show <id>\` lists a run's parents`,
    );
  const medianId = medianParentId(d.parents);
  return chartPlans(d, order, medianId, opts.parentId ?? medianId, reasons);
}
