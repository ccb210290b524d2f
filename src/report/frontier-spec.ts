/**
 * The Vega-Lite spec of a sweep's efficient frontier (sweep-report-data.ts: sweepFrontier): mean
 * against standard deviation of the implementation shortfall, both in bps of the arrival notional,
 * one point per grid point.
 *
 * Layers: the Almgren-Chriss theoretical frontier (grey dashed line through hollow points, joined in
 * order of sd, labelled in grey with the grid numbers; IS sweeps only); each realized point with a
 * vertical bar of ±1 standard error of its mean (sd/√n) and its grid number; the recommended point as
 * a black star. The series share one colour scale, so the legend names them. Limitation: with several
 * swept parameters the theoretical points need not lie on one curve; the line still joins them by sd.
 */
import type { TopLevelSpec } from "vega-lite";
import { type ChartLayers, layered, WIDTH, zoom } from "./chart-style.js";
import type { SweepFrontier } from "./sweep-report-data.js";

export const FRONTIER_SERIES = ["realized", "Almgren-Chriss theory", "recommended"] as const;

const STAR =
  "M0,-1L0.22,-0.31L0.95,-0.31L0.36,0.12L0.59,0.81L0,0.38L-0.59,0.81L-0.36,0.12L-0.95,-0.31L-0.22,-0.31Z";

/** The realized frontier with ±1 se bars, the theoretical curve (dashed) and the recommended point. */
export function frontierSpec(f: SweepFrontier, interactive: boolean): TopLevelSpec {
  const x = {
    field: "sdBps",
    type: "quantitative" as const,
    title: "standard deviation of shortfall (bps)",
    scale: { zero: false },
  };
  const y = {
    field: "meanBps",
    type: "quantitative" as const,
    title: "mean shortfall (bps)",
    scale: { zero: false },
  };
  const color = {
    field: "series",
    type: "nominal" as const,
    scale: { domain: [...FRONTIER_SERIES], range: ["#4c78a8", "#888888", "#000000"] },
    title: null,
    legend: { labelLimit: 240 },
  };
  const tooltip = [
    { field: "point", title: "#" },
    { field: "label", title: "setting" },
    { field: "meanBps", title: "mean (bps)", format: ".2f" },
    { field: "sdBps", title: "sd (bps)", format: ".2f" },
  ];
  const theory: ChartLayers = [
    {
      data: { values: f.theory.map((p) => ({ series: FRONTIER_SERIES[1], ...p })) },
      mark: {
        type: "line",
        strokeDash: [6, 4],
        strokeWidth: 1.5,
        point: { filled: false, fill: "white", size: 40 },
      },
      encoding: {
        x,
        y,
        color,
        order: { field: "sdBps", type: "quantitative" },
        tooltip: [...tooltip, { field: "parents", title: "parents" }],
      },
    },
    {
      data: { values: f.theory.map((p) => ({ ...p })) },
      mark: { type: "text", align: "right", dx: -6, dy: 10, fontSize: 10, color: "#888" },
      encoding: { x, y, text: { field: "point", type: "nominal" } },
    },
  ];
  const recommended: ChartLayers = [
    {
      data: { values: [{ ...f.recommended, series: FRONTIER_SERIES[2] }] },
      mark: { type: "point", shape: STAR, filled: true, size: 300, opacity: 1 },
      encoding: { x, y, color, tooltip },
    },
  ];
  // an empty layer would make Vega warn about an infinite extent
  return layered(WIDTH, 340, [
    ...(f.theory.length > 0 ? theory : []),
    {
      data: { values: f.realized.map((p) => ({ series: FRONTIER_SERIES[0], ...p })) },
      layer: [
        {
          mark: { type: "rule", strokeWidth: 1.5 },
          encoding: { x, y: { field: "loBps", type: "quantitative" }, y2: { field: "hiBps" }, color },
        },
        {
          mark: { type: "point", filled: true, size: 60, opacity: 1 },
          ...zoom(interactive),
          encoding: {
            x,
            y,
            color,
            tooltip: [
              ...tooltip,
              { field: "seBps", title: "se of mean (bps)", format: ".2f" },
              { field: "n", title: "parents" },
            ],
          },
        },
        {
          mark: { type: "text", align: "left", dx: 7, dy: -7, fontSize: 10, color: "#333" },
          encoding: { x, y, text: { field: "point", type: "nominal" } },
        },
      ],
    },
    ...(f.recommended ? recommended : []),
  ]);
}
