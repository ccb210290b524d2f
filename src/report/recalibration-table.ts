/** The closed loop's report (`compare --recalibrate every:N`, experiment/recalibrate-loop.ts) as a text table. */
import type { RecalibrationReport } from "../experiment/recalibrate-loop.js";
import { formatNumber, formatTable } from "./format-table.js";

const num = (x: number) => (Number.isFinite(x) ? x : Number.NaN);

/** One row per strategy and step: parents planned, data of the refit, parameters, estimate vs cost. */
export function recalibrationTable(r: RecalibrationReport): string {
  const keys = [...new Set(r.steps.flatMap((s) => Object.keys(s.params)))];
  const table = formatTable(
    [
      "strategy",
      "step",
      "from",
      "parents",
      "source",
      "fit parents",
      "fit fills",
      ...keys,
      "est. bps",
      "cost bps",
      "error bps",
      "RMS err",
    ],
    r.steps.map((s) => [
      s.strategy,
      s.step,
      new Date(s.fromMs).toISOString().slice(0, 16).replace("T", " "),
      s.parents,
      s.source,
      s.nParents,
      s.nFills,
      ...keys.map((k) => (s.params[k] === undefined ? "-" : formatNumber(s.params[k]!))),
      num(s.meanEstimateBps),
      num(s.meanCostBps),
      num(s.meanErrorBps),
      num(s.rmsErrorBps),
    ]),
  );
  const notes = r.steps
    .filter((s) => s.note !== null)
    .map((s) => `  ${s.strategy} step ${s.step}: ${s.note}`);
  return [
    `Closed loop: ${r.model} (${r.kind}) refitted every ${r.every} parent(s) on each strategy's own fills of parents that ended before the next start.`,
    table,
    "est. = mean pre-trade estimate, cost = mean realized spread + impact + fees, error = cost − estimate (bps of arrival notional).",
    ...(notes.length > 0 ? ["Notes:", ...notes] : []),
  ].join("\n");
}
