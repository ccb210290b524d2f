/**
 * Terminal tables for TCA: the strategy comparison (best first), the per-parent breakdown of one run,
 * and the run list. Pure functions from data to text (formatTable aligns the columns); the CLI prints.
 * Units in the headers: bps of the arrival notional, shares as percentages.
 */

import { isoUtc } from "../core/interval.js";
import type { RunRow, StoredParentTca } from "../store/run-queries.js";
import type { MetricSummary, StrategySummary } from "../tca/aggregate.js";
import type { ParentTca } from "../tca/parent-tca.js";
import { formatCells, formatTable } from "./format-table.js";

/** Beyond this magnitude a number prints in exponent form (1.90e+53, not 54 digits). */
const HUGE = 1e9;

/** x with `digits` decimals, "-" when missing or not finite, 3 significant digits in exponent form when huge. */
export function formatCell(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "-";
  return Math.abs(x) >= HUGE ? x.toExponential(2) : x.toFixed(digits);
}

function meanStd(m: MetricSummary): string {
  return m.n === 0 ? "-" : `${formatCell(m.mean)} ± ${formatCell(m.std)}`;
}

/** A table as header texts and rows of cell texts: printed by formatTable, or as HTML by the report. */
export interface TableCells {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The `execsim compare` table: one row per strategy, best (see aggregate.ts: ranked cost) first. */
export function comparisonTable(rows: readonly StrategySummary[]): string {
  return formatCells(comparisonCells(rows));
}

/** The cells of comparisonTable. */
export function comparisonCells(rows: readonly StrategySummary[]): TableCells {
  return {
    headers: [
      "rank",
      "strategy",
      "parents",
      "failed",
      "filled %",
      "ranked bps mean",
      "IS bps mean ± sd",
      "completion bps",
      "IS p50",
      "IS p90",
      "VWAP slip bps mean ± sd",
      "fees bps mean ± sd",
      "pre-trade bps",
      "ranked − best (se)",
    ],
    rows: rows.map((s) => [
      String(s.rank),
      s.strategy,
      String(s.parents),
      String(s.failed),
      `${formatCell(s.fillRate * 100, 1)}${s.complete ? "" : " !"}`,
      formatCell(s.rankedCostBps.mean),
      meanStd(s.shortfallBps),
      formatCell(s.completionBps.mean),
      formatCell(s.shortfallBps.median),
      formatCell(s.shortfallBps.p90),
      meanStd(s.vwapSlippageBps),
      meanStd(s.feesBps),
      formatCell(s.preTradeBps.mean),
      s.rank === 1 ? "-" : `${formatCell(s.vsBest.meanBps)} (${formatCell(s.vsBest.seBps)})`,
    ]),
  };
}

/**
 * The legend printed under the comparison table by `execsim compare` and `execsim run`: what each
 * column means, its sign, and the ranking rule.
 */
export const COMPARISON_LEGEND = [
  "IS = implementation shortfall vs the arrival mid incl. fees and opportunity cost (the unfilled rest valued at the " +
    "horizon-end mid), bps of arrival notional; every cost > 0 hurts, for buys and sells alike.",
  "completion = estimated cost of trading each parent's unfilled rest at the horizon end with the run's impact model " +
    "(spread, impact and fees of one taker order; 0 for a filled parent).",
  "Ranking: first the strategies that filled every parent, then those that left a parent partial or unfilled " +
    '(marked "!" beside filled %), then those with a failed parent; within each group by the lowest mean ranked cost ' +
    "= IS + completion, so leaving quantity unfilled is not rewarded; ties by name. filled % is over completed parents.",
  "VWAP slip = average fill price vs the market VWAP over the parent's active window, bps; > 0 = paid more than VWAP " +
    "when buying (received less when selling), < 0 = better than VWAP.",
  "fees = taker fees paid on what was filled, bps of arrival notional (so a strategy that fills less pays less here: " +
    "see filled % and completion).",
  "pre-trade = the square-root-law cost estimate made at each parent's start from data before it: it depends on the " +
    "order and the market, not on the strategy, so it is the same for every strategy (a reference, not a result).",
  "ranked − best = mean paired difference of ranked cost with rank 1 over the same parents (standard error): a gap " +
    "within 2 se is not supported by this sample. Huge values print as 1.23e+45.",
].join("\n");

/** Mean cost parts of one strategy over its completed parents (bps of the arrival notional). */
export interface CostPartsSummary {
  readonly strategy: string;
  /** Completed parents averaged over. */
  readonly n: number;
  readonly spreadBps: number;
  /** Temporary + permanent + transient: what the strategy's own trading cost beyond the spread. */
  readonly impactBps: number;
  readonly timingBps: number;
  readonly feesBps: number;
  readonly opportunityBps: number;
  /** The sum of the five parts: equals the mean shortfall (the parts add up per parent). */
  readonly shortfallBps: number;
  /** Spread + impact: the execution cost the strategy controls, free of the market's drift. */
  readonly tradingCostBps: number;
}

/**
 * Mean cost parts per strategy, in `order` (e.g. the ranking); strategies absent from `rows` are skipped.
 * Means over completed parents; since every part is in bps of the same arrival notional, the means add
 * up to the mean shortfall exactly (float rounding aside).
 */
export function costPartsByStrategy(
  rows: readonly ParentTca[],
  order: readonly string[],
): CostPartsSummary[] {
  const out: CostPartsSummary[] = [];
  for (const strategy of order) {
    const ok = rows.filter((r) => r.strategy === strategy && r.status === "completed");
    const n = ok.length;
    const mean = (f: (r: ParentTca) => number) =>
      n === 0 ? Number.NaN : ok.reduce((a, r) => a + f(r), 0) / n;
    const spreadBps = mean((r) => r.spreadBps);
    const impactBps = mean((r) => r.temporaryImpactBps + r.permanentImpactBps + r.transientImpactBps);
    out.push({
      strategy,
      n,
      spreadBps,
      impactBps,
      timingBps: mean((r) => r.timingBps),
      feesBps: mean((r) => r.feesBps),
      opportunityBps: mean((r) => r.opportunityBps),
      shortfallBps: mean((r) => r.shortfallBps),
      tradingCostBps: spreadBps + impactBps,
    });
  }
  return out;
}

/** The cost-parts table printed under the comparison (same row order). */
export function costPartsTable(rows: readonly CostPartsSummary[]): string {
  return formatCells(costPartsCells(rows));
}

/** The cells of costPartsTable. */
export function costPartsCells(rows: readonly CostPartsSummary[]): TableCells {
  return {
    headers: ["strategy", "spread", "impact", "spread+impact", "timing", "fees", "opport.", "= IS bps mean"],
    rows: rows.map((r) => [
      r.strategy,
      formatCell(r.spreadBps),
      formatCell(r.impactBps),
      formatCell(r.tradingCostBps),
      formatCell(r.timingBps),
      formatCell(r.feesBps),
      formatCell(r.opportunityBps),
      formatCell(r.shortfallBps),
    ]),
  };
}

type ParentRow = Pick<
  StoredParentTca,
  | "parentId"
  | "status"
  | "qtyBase"
  | "filledQtyBase"
  | "shortfallBps"
  | "vwapSlippageBps"
  | "feesBps"
  | "participationRate"
  | "preTradeBps"
  | "fillState"
  | "completionBps"
> & {
  arrivalNotional: number;
  spreadBps: number | null;
  impactBps: number | null;
  timingBps: number | null;
  opportunityBps: number | null;
};

function bpsOf(x: number | null, notional: number): number | null {
  return x === null || !(notional > 0) ? null : (x / notional) * 1e4;
}

/** Parent rows from stored TCA (NULL-aware); impact = temporary + permanent + transient. */
export function parentRowsFromStored(rows: readonly StoredParentTca[]): ParentRow[] {
  return rows.map((r) => {
    const notional = r.qtyBase * (r.arrivalMid ?? Number.NaN);
    const impact =
      r.temporaryImpactQuote === null || r.permanentImpactQuote === null || r.transientImpactQuote === null
        ? null
        : r.temporaryImpactQuote + r.permanentImpactQuote + r.transientImpactQuote;
    return {
      ...r,
      arrivalNotional: notional,
      spreadBps: bpsOf(r.spreadQuote, notional),
      impactBps: bpsOf(impact, notional),
      timingBps: bpsOf(r.timingQuote, notional),
      opportunityBps: bpsOf(r.opportunityQuote, notional),
    };
  });
}

/** Parent rows from in-memory TCA. */
export function parentRowsFromTca(rows: readonly ParentTca[]): ParentRow[] {
  return rows.map((t) => ({
    parentId: t.parentId,
    status: t.status,
    qtyBase: t.qtyBase,
    filledQtyBase: t.filledQtyBase,
    shortfallBps: t.shortfallBps,
    vwapSlippageBps: t.vwapSlippageBps,
    feesBps: t.feesBps,
    participationRate: t.participationRate,
    preTradeBps: t.preTradeBps,
    fillState: t.fillState,
    completionBps: t.completionBps,
    arrivalNotional: t.arrivalNotionalQuote,
    spreadBps: t.spreadBps,
    impactBps: t.temporaryImpactBps + t.permanentImpactBps + t.transientImpactBps,
    timingBps: t.timingBps,
    opportunityBps: t.opportunityBps,
  }));
}

/** Per-parent breakdown: shortfall and its parts in bps, VWAP slippage, participation, pre-trade. */
export function parentTable(rows: readonly ParentRow[]): string {
  return formatCells(parentCells(rows));
}

/** The cells of parentTable. */
export function parentCells(rows: readonly ParentRow[]): TableCells {
  return {
    headers: [
      "parent",
      "status",
      "filled %",
      "IS bps",
      "fill",
      "completion",
      "spread",
      "impact",
      "timing",
      "fees",
      "opport.",
      "VWAP slip",
      "part. %",
      "pre-trade",
    ],
    rows: rows.map((r) => [
      r.parentId,
      r.status,
      formatCell((r.filledQtyBase / r.qtyBase) * 100, 1),
      formatCell(r.shortfallBps),
      r.fillState ?? "-",
      formatCell(r.completionBps),
      formatCell(r.spreadBps),
      formatCell(r.impactBps),
      formatCell(r.timingBps),
      formatCell(r.feesBps),
      formatCell(r.opportunityBps),
      formatCell(r.vwapSlippageBps),
      formatCell(r.participationRate === null ? null : r.participationRate * 100, 2),
      formatCell(r.preTradeBps),
    ]),
  };
}

/** `execsim runs list`. */
export function runsTable(rows: readonly RunRow[]): string {
  return formatTable(
    ["id", "started (UTC)", "command", "strategy", "batch", "status", "symbol", "parents", "fills", "seed"],
    rows.map((r) => [
      String(r.id),
      isoUtc(r.startedAtMs).slice(0, 19).replace("T", " "),
      r.command,
      r.strategy,
      r.batchId ? r.batchId.slice(0, 8) : "-",
      r.status,
      `${r.symbol} ${r.category} ${r.interval}`,
      String(r.parents),
      String(r.fills),
      r.seed,
    ]),
  );
}
