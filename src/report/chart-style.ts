/**
 * What every chart of the report shares: the colours (one per strategy in ranking order, the market
 * in black), the font and axis style, the width, the strategy axis of the per-strategy charts, pan/zoom
 * for the interactive page, and the layered top-level spec they are all built as.
 */
import type { TopLevelSpec } from "vega-lite";
import { MARKET_SERIES } from "./chart-data.js";

export const PALETTE = [
  "#4c78a8",
  "#f58518",
  "#54a24b",
  "#e45756",
  "#72b7b2",
  "#b279a2",
  "#ff9da6",
  "#9d755d",
  "#bab0ac",
  "#eeca3b",
];

/** Width of a full-width chart (px). */
export const WIDTH = 640;

export const CONFIG = {
  font: "Helvetica, Arial, sans-serif",
  view: { stroke: "#ddd" },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#eee" },
  legend: { labelFontSize: 11, titleFontSize: 12 },
} as const;

/** The layers of a layered Vega-Lite chart. */
export type ChartLayers = Extract<TopLevelSpec, { layer: unknown }>["layer"];

/** A layered chart in the report's style. */
export function layered(width: number | { step: number }, height: number, layer: ChartLayers): TopLevelSpec {
  return { config: CONFIG, width, height, layer };
}

/** Colour scale: strategies in order from the palette, then (optionally) the market in black. */
export function strategyColors(order: readonly string[], withMarket = false) {
  const domain = withMarket ? [...order, MARKET_SERIES] : [...order];
  const range = order.map((_, i) => PALETTE[i % PALETTE.length]!);
  if (withMarket) range.push("#000000");
  return { domain, range };
}

/** The x axis of a chart with one column per strategy, and the width of a column (px). */
export function strategyAxis(order: readonly string[]) {
  return {
    x: {
      field: "strategy",
      type: "nominal" as const,
      sort: [...order],
      title: null,
      // long names (a sweep's point labels) slant and keep their full text
      axis: order.some((s) => s.length > 14) ? { labelAngle: -30, labelLimit: 320 } : { labelAngle: 0 },
    },
    width: { step: Math.max(60, Math.min(140, WIDTH / Math.max(1, order.length))) },
  };
}

/** Pan/zoom on the scales of a layer (interactive page only). */
export function zoom(interactive: boolean) {
  return interactive
    ? { params: [{ name: "zoom", select: "interval" as const, bind: "scales" as const }] }
    : {};
}
