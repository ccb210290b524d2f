/**
 * Vega-Lite specs of the report's charts, built from chart-data.ts records (inlined as data values, so
 * a chart carries exactly the numbers it draws). Pure functions; rendering is render-svg.ts.
 *
 * Conventions: one colour per strategy across every chart (a fixed palette in ranking order, the
 * market in black); costs in bps of the arrival notional (positive = hurts); times in minutes since the
 * parent's start (no dates on axes, so the output does not depend on the machine's time zone). With
 * `interactive`, line and scatter charts also get pan/zoom on their scales (tooltips are always in the
 * spec; static SVG does not show them).
 */
import type { TopLevelSpec } from "vega-lite";
import type {
  ImpactVsParticipation,
  PricePath,
  ShortfallMean,
  ShortfallPoint,
  Trajectories,
} from "./chart-data.js";
import { COST_PART_NAMES, MARKET_SERIES } from "./chart-data.js";
import { CONFIG, layered, strategyAxis, strategyColors, WIDTH, zoom } from "./chart-style.js";

/**
 * Shortfall per parent as a box plot per strategy (box = quartiles, whiskers = min and max), with the
 * mean and ± one standard error in black.
 */
export function shortfallSpec(
  points: readonly ShortfallPoint[],
  means: readonly ShortfallMean[],
  order: readonly string[],
): TopLevelSpec {
  const { x, width } = strategyAxis(order);
  return layered(width, 300, [
    {
      data: { values: points.map((p) => ({ ...p })) },
      mark: { type: "boxplot", extent: "min-max", size: 30, opacity: 0.85 },
      encoding: {
        x,
        y: { field: "shortfallBps", type: "quantitative", title: "implementation shortfall (bps)" },
        color: { field: "strategy", type: "nominal", scale: strategyColors(order), legend: null },
      },
    },
    {
      data: { values: means.map((m) => ({ ...m })) },
      layer: [
        {
          mark: { type: "rule", color: "#000", strokeWidth: 2 },
          encoding: { x, y: { field: "loBps", type: "quantitative" }, y2: { field: "hiBps" } },
        },
        {
          mark: { type: "point", shape: "diamond", filled: true, color: "#000", size: 70 },
          encoding: {
            x,
            y: { field: "meanBps", type: "quantitative" },
            tooltip: [
              { field: "strategy" },
              { field: "n", title: "parents" },
              { field: "meanBps", title: "mean IS (bps)", format: ".2f" },
              { field: "seBps", title: "standard error (bps)", format: ".2f" },
            ],
          },
        },
      ],
    },
  ]);
}

/** One row per (strategy, cost part): the mean part in bps of the arrival notional. */
export interface CostPartRow {
  readonly strategy: string;
  readonly part: string;
  readonly order: number;
  readonly bps: number;
}

/** Mean cost parts stacked per strategy (negative parts stack below zero), the mean IS as a black tick. */
export function costPartsSpec(
  rows: readonly CostPartRow[],
  totals: readonly { strategy: string; shortfallBps: number }[],
  order: readonly string[],
): TopLevelSpec {
  const { x, width } = strategyAxis(order);
  return layered(width, 300, [
    {
      data: { values: rows.map((r) => ({ ...r })) },
      mark: { type: "bar", size: 34 },
      encoding: {
        x,
        y: {
          field: "bps",
          type: "quantitative",
          aggregate: "sum",
          title: "mean cost (bps of arrival notional)",
        },
        color: {
          field: "part",
          type: "nominal",
          sort: [...COST_PART_NAMES],
          scale: {
            domain: [...COST_PART_NAMES],
            range: ["#9ecae9", "#e45756", "#bab0ac", "#f2cf5b", "#b279a2"],
          },
          title: "cost part",
        },
        order: { field: "order", type: "quantitative" },
        tooltip: [{ field: "strategy" }, { field: "part" }, { field: "bps", title: "bps", format: ".3f" }],
      },
    },
    {
      data: { values: totals.map((t) => ({ ...t })) },
      mark: { type: "tick", color: "#000", thickness: 2, size: 44 },
      encoding: {
        x,
        y: { field: "shortfallBps", type: "quantitative" },
        tooltip: [{ field: "strategy" }, { field: "shortfallBps", title: "mean IS (bps)", format: ".3f" }],
      },
    },
  ]);
}

/** Cumulative fraction filled: the median parent per strategy (lines), the 10–90% band, the market. */
export function trajectorySpec(
  t: Trajectories,
  order: readonly string[],
  interactive: boolean,
): TopLevelSpec {
  const colors = strategyColors(order, true);
  const x = {
    field: "minute",
    type: "quantitative" as const,
    title: "minutes since the parent's start",
    scale: { nice: false },
  };
  return layered(WIDTH, 300, [
    {
      data: { values: t.band.map((b) => ({ ...b })) },
      mark: { type: "area", opacity: 0.14 },
      encoding: {
        x,
        y: { field: "p10", type: "quantitative" },
        y2: { field: "p90" },
        color: { field: "strategy", type: "nominal", scale: colors, legend: null },
      },
    },
    {
      data: { values: t.lines.map((p) => ({ ...p })) },
      mark: { type: "line", strokeWidth: 2, interpolate: "step-after" },
      ...zoom(interactive),
      encoding: {
        x,
        y: {
          field: "fraction",
          type: "quantitative",
          title: "cumulative fraction filled",
          axis: { format: "%" },
          scale: { domain: [0, 1] },
        },
        color: { field: "series", type: "nominal", scale: colors, title: null },
        strokeDash: {
          condition: { test: `datum.series === '${MARKET_SERIES}'`, value: [6, 4] },
          value: [1, 0],
        },
        tooltip: [
          { field: "series" },
          { field: "minute", title: "minute" },
          { field: "fraction", format: ".1%" },
        ],
      },
    },
  ]);
}

/** Own impact against participation per parent (log-log), with the fitted c·√ρ reference (dashed). */
export function impactSpec(
  iv: ImpactVsParticipation,
  order: readonly string[],
  interactive: boolean,
): TopLevelSpec {
  const x = {
    field: "participation",
    type: "quantitative" as const,
    scale: { type: "log" as const },
    axis: { format: "~%" },
    title: "participation rate (own fills / market volume, active window)",
  };
  const y = {
    field: "impactBps",
    type: "quantitative" as const,
    scale: { type: "log" as const },
    title: "own impact (bps of arrival notional)",
  };
  return layered(WIDTH, 320, [
    {
      data: { values: iv.points.map((p) => ({ ...p })) },
      mark: { type: "point", filled: false, strokeWidth: 1.5, opacity: 0.85, size: 45 },
      ...zoom(interactive),
      encoding: {
        x,
        y,
        color: { field: "strategy", type: "nominal", scale: strategyColors(order), title: null },
        shape: { field: "strategy", type: "nominal", sort: [...order], title: null },
        tooltip: [
          { field: "strategy" },
          { field: "parentId", title: "parent" },
          { field: "participation", format: ".3%" },
          { field: "impactBps", title: "impact (bps)", format: ".3f" },
        ],
      },
    },
    {
      data: { values: iv.reference.map((r) => ({ ...r })) },
      mark: { type: "line", color: "#000", strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { x, y },
    },
  ]);
}

/**
 * One panel per strategy: the candles over the parent's horizon (grey; a short lead-in before minute
 * 0), the mid the trader faced (market mid + own impact, orange), each fill at its price sized by its
 * quantity (blue), and the arrival mid and the horizon's market VWAP as horizontal rules.
 */
export function pricePathSpec(p: PricePath, order: readonly string[], interactive: boolean): TopLevelSpec {
  const present = order.filter((s) => p.fills.some((f) => f.strategy === s));
  const rows: Record<string, unknown>[] = [];
  for (const strategy of present) {
    for (const b of p.bars) rows.push({ kind: "bar", strategy, ...b });
    for (const f of p.fills) if (f.strategy === strategy) rows.push({ kind: "fill", ...f });
    rows.push({ kind: "level", strategy, level: "arrival mid", price: p.arrivalMid });
    if (Number.isFinite(p.vwap)) rows.push({ kind: "level", strategy, level: "market VWAP", price: p.vwap });
  }
  const x = {
    field: "minute",
    type: "quantitative" as const,
    title: "minutes since the parent's start",
    scale: { nice: false },
  };
  // many fills (a day of minute bars) get small points, so the candles stay visible
  const perPanel = p.fills.length / Math.max(1, present.length);
  const maxArea = Math.round(Math.max(20, Math.min(220, 6000 / Math.max(1, perPanel))));
  const price = { type: "quantitative" as const, scale: { zero: false }, title: "price (quote per base)" };
  const only = (kind: string) => [{ filter: `datum.kind === '${kind}'` }];
  return {
    config: CONFIG,
    data: { values: rows },
    facet: { row: { field: "strategy", type: "nominal", sort: present, title: null } },
    resolve: { scale: { y: "shared" } },
    spec: {
      width: WIDTH,
      height: 170,
      layer: [
        {
          transform: only("bar"),
          mark: { type: "rule", color: "#999" },
          encoding: { x, y: { field: "low", ...price }, y2: { field: "high" } },
        },
        {
          transform: only("bar"),
          mark: { type: "tick", color: "#777", thickness: 2 },
          encoding: { x, y: { field: "close", ...price } },
        },
        {
          transform: only("level"),
          mark: { type: "rule", strokeWidth: 1.2 },
          encoding: {
            y: { field: "price", ...price },
            strokeDash: {
              field: "level",
              type: "nominal",
              scale: {
                domain: ["arrival mid", "market VWAP"],
                range: [
                  [2, 2],
                  [8, 4],
                ],
              },
              title: null,
            },
            color: { value: "#333" },
          },
        },
        {
          transform: only("fill"),
          mark: { type: "line", color: "#f58518", interpolate: "step-after", strokeWidth: 1.5 },
          encoding: { x, y: { field: "midWithImpact", ...price } },
        },
        {
          transform: only("fill"),
          mark: { type: "point", filled: true, color: "#4c78a8", opacity: 0.8 },
          ...zoom(interactive),
          encoding: {
            x,
            y: { field: "price", ...price },
            size: {
              field: "qtyBase",
              type: "quantitative",
              title: "fill qty (base)",
              scale: { range: [4, maxArea] },
            },
            tooltip: [
              { field: "minute", format: ".2f" },
              { field: "price", format: ",.2f" },
              { field: "qtyBase", title: "qty (base)", format: ".6g" },
              { field: "ownImpactBps", title: "own impact before (bps)", format: ".3f" },
            ],
          },
        },
      ],
    },
  };
}
