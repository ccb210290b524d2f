/** A sweep as stored, in the shape `execsim sweep --json` and `sweeps show --json` print. */

import type { CostPartsSummary } from "../../report/tca-tables.js";
import type { ExecsimDatabase } from "../../store/database.js";
import { getSweep, type SweepStatus, sweepPointRows } from "../../store/sweep-store.js";
import type { MetricSummary, StrategySummary } from "../../tca/aggregate.js";
import type { AcPointTheory } from "./ac-theory.js";
import type { ParamAxis } from "./param-grid.js";
import type { Recommendation } from "./recommend.js";

export interface SweepPointResult {
  readonly index: number;
  readonly label: string;
  readonly params: Readonly<Record<string, number>>;
  readonly status: "pending" | "completed" | "failed";
  readonly runId: number | null;
  readonly summary: StrategySummary | null;
  readonly costParts: CostPartsSummary | null;
  /** IS only: the Almgren-Chriss expected cost and sd, bps of arrival notional, mean over parents. */
  readonly theoretical: AcPointTheory | null;
  /** The realized shortfall in quote currency (E and sd for --lambda-star). */
  readonly shortfallQuote: MetricSummary | null;
}

export interface SweepResult {
  readonly sweepId: number;
  readonly status: SweepStatus;
  readonly error: string | null;
  readonly strategy: string;
  readonly data: {
    symbol: string;
    category: string;
    interval: string;
    fromMs: number;
    toMs: number;
    candlesHash: string;
  };
  readonly axes: readonly ParamAxis[];
  readonly notes: readonly string[];
  readonly points: readonly SweepPointResult[];
  readonly recommended: Recommendation | null;
  readonly timings: unknown;
}

export function sweepResultFromStore(store: ExecsimDatabase, sweepId: number): SweepResult {
  const row = getSweep(store, sweepId);
  const grid = (row.config as { grid?: { axes?: ParamAxis[]; notes?: string[] } }).grid ?? {};
  return {
    sweepId,
    status: row.status,
    error: row.error,
    strategy: row.strategy,
    data: {
      symbol: row.symbol,
      category: row.category,
      interval: row.interval,
      fromMs: row.fromMs,
      toMs: row.toMs,
      candlesHash: row.candlesHash,
    },
    axes: grid.axes ?? [],
    notes: grid.notes ?? [],
    points: sweepPointRows(store, sweepId).map((r) => ({
      index: r.idx,
      label: r.label,
      params: r.params,
      status: r.status,
      runId: r.runId,
      summary: r.summary as StrategySummary | null,
      costParts: r.costParts as CostPartsSummary | null,
      theoretical: r.theoretical as AcPointTheory | null,
      shortfallQuote: r.shortfallQuote as MetricSummary | null,
    })),
    recommended: row.recommended as Recommendation | null,
    timings: row.timings,
  };
}
