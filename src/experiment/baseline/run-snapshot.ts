/**
 * What a regression check compares, read back from a STORED run (so a baseline, `check` and
 * `runs diff` all see exactly the rows the store holds):
 *
 * - per parent: status, shortfall and its cost parts in bps of the arrival notional
 *   (part_bps = part_quote / (Q · arrival mid) · 10⁴, the stored quote columns), and a hash of its
 *   fills: the first 16 hex digits of sha256 over the JSON of the parent's fill rows in simulation
 *   order (venue, side, time, quantity, price, notional, fee, maker flag, mids, half-spread, impact
 *   state, levels consumed; not the run-relative sequence numbers), so any change to a fill shows;
 * - per strategy, summary metrics over the completed parents (tca/aggregate.ts `summarize`): counts,
 *   fill rate, shortfall mean / std / median / p90, the mean of each cost part, of VWAP and TWAP
 *   slippage, participation and the pre-trade estimate. Undefined values (NaN) are null.
 *
 * Metric names ending in `Bps` are in bps; `fillRate` and `participationRate.mean` are fractions;
 * `parents` and `failed` are counts.
 */
import { createHash } from "node:crypto";
import type { ExecsimDatabase } from "../../store/database.js";
import { getRun, parentTcaRows, type RunDetail, type StoredParentTca } from "../../store/run-queries.js";
import { summarize } from "../../tca/aggregate.js";

/** The cost parts of a parent's shortfall, in bps of its arrival notional (they add up to shortfallBps). */
export const SNAPSHOT_COST_PARTS = [
  "spreadBps",
  "temporaryImpactBps",
  "permanentImpactBps",
  "transientImpactBps",
  "timingBps",
  "feesBps",
  "opportunityBps",
] as const;

export type SnapshotCostPart = (typeof SNAPSHOT_COST_PARTS)[number];

export type ParentSnapshot = {
  id: string;
  status: string;
  shortfallBps: number | null;
  fillsHash: string;
} & Record<SnapshotCostPart, number | null>;

export type SnapshotMetrics = Record<string, number | null>;

export interface StrategySnapshot {
  /** The label results are stored under, e.g. twap or is(lambda=1e-5). */
  label: string;
  /** The spec as configured (a file path relative to the baseline's folder in a baseline). */
  spec: string;
  /** builtin:<file> or file. */
  source: string;
  params: Record<string, unknown>;
  /** sha256 of the strategy's module file when it ran (null when the run did not record it). */
  sha256: string | null;
  metrics: SnapshotMetrics;
  parents: ParentSnapshot[];
}

const QUOTE_COLUMN: Record<SnapshotCostPart, keyof StoredParentTca> = {
  spreadBps: "spreadQuote",
  temporaryImpactBps: "temporaryImpactQuote",
  permanentImpactBps: "permanentImpactQuote",
  transientImpactBps: "transientImpactQuote",
  timingBps: "timingQuote",
  feesBps: "feesQuote",
  opportunityBps: "opportunityQuote",
};

function finiteOrNull(x: number | null | undefined): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

/** Fill hashes by parent id, from the stored fills of a run. */
function fillsHashes(store: ExecsimDatabase, runId: number): Map<string, string> {
  const rows = store.sqlite
    .prepare(
      `SELECT parent_id, venue, side_sign, time_ms, qty_base, avg_price, notional_quote, fee_quote, maker, market_mid,
        mid_before, mid_after, half_spread, permanent_impact_before, transient_impact_before, levels_consumed
       FROM fills WHERE run_id = ? ORDER BY seq`,
    )
    .raw(true)
    .all(runId) as unknown[][];
  const byParent = new Map<string, unknown[][]>();
  for (const r of rows) {
    const id = r[0] as string;
    let list = byParent.get(id);
    if (!list) {
      list = [];
      byParent.set(id, list);
    }
    list.push(r.slice(1));
  }
  const out = new Map<string, string>();
  for (const [id, list] of byParent) out.set(id, hashFills(list));
  return out;
}

function hashFills(rows: readonly unknown[][]): string {
  return createHash("sha256").update(JSON.stringify(rows)).digest("hex").slice(0, 16);
}

const NO_FILLS_HASH = hashFills([]);

/** Per-parent records of a stored run. */
export function parentSnapshots(
  store: ExecsimDatabase,
  runId: number,
  rows: readonly StoredParentTca[] = parentTcaRows(store, runId),
): ParentSnapshot[] {
  const hashes = fillsHashes(store, runId);
  return rows.map((r) => {
    const notional = r.arrivalMid !== null ? r.qtyBase * r.arrivalMid : Number.NaN;
    const parts = Object.fromEntries(
      SNAPSHOT_COST_PARTS.map((p) => {
        const q = r[QUOTE_COLUMN[p]] as number | null;
        return [p, q === null || !(notional > 0) ? null : finiteOrNull((q / notional) * 1e4)];
      }),
    ) as Record<SnapshotCostPart, number | null>;
    return {
      id: r.parentId,
      status: r.status,
      shortfallBps: finiteOrNull(r.shortfallBps),
      ...parts,
      fillsHash: hashes.get(r.parentId) ?? NO_FILLS_HASH,
    };
  });
}

/** The summary metrics of a stored run's parents (see the module doc for names and units). */
export function snapshotMetrics(
  rows: readonly StoredParentTca[],
  parents: readonly ParentSnapshot[],
): SnapshotMetrics {
  const ok = rows.map((r, i) => ({ r, p: parents[i]! })).filter((x) => x.r.status === "completed");
  let filled = 0;
  let qty = 0;
  for (const { r } of ok) {
    filled += r.filledQtyBase;
    qty += r.qtyBase;
  }
  const num = (x: number | null) => (x === null ? Number.NaN : x);
  const shortfall = summarize(ok.map((x) => num(x.r.shortfallBps)));
  const m: SnapshotMetrics = {
    parents: rows.length,
    failed: rows.length - ok.length,
    fillRate: finiteOrNull(qty > 0 ? filled / qty : Number.NaN),
    "shortfallBps.mean": finiteOrNull(shortfall.mean),
    "shortfallBps.std": finiteOrNull(shortfall.std),
    "shortfallBps.median": finiteOrNull(shortfall.median),
    "shortfallBps.p90": finiteOrNull(shortfall.p90),
  };
  for (const part of SNAPSHOT_COST_PARTS)
    m[`${part}.mean`] = finiteOrNull(summarize(ok.map((x) => num(x.p[part]))).mean);
  const more = ["vwapSlippageBps", "twapSlippageBps", "participationRate", "preTradeBps"] as const;
  for (const k of more) m[`${k}.mean`] = finiteOrNull(summarize(ok.map((x) => num(x.r[k]))).mean);
  return m;
}

interface StoredStrategySource {
  name?: string;
  spec?: string;
  source?: string;
  sha256?: string;
  params?: Record<string, unknown>;
}

/** The strategy of a stored run as recorded in its config (spec, source, file hash, parameters). */
function strategySource(run: RunDetail): StoredStrategySource {
  const list = (run.config as { strategySources?: unknown } | null)?.strategySources;
  const found = Array.isArray(list)
    ? (list as StoredStrategySource[]).find((s) => s?.name === run.strategy)
    : undefined;
  return found ?? {};
}

/** The snapshot of one stored run (one strategy). */
export function snapshotRun(
  store: ExecsimDatabase,
  runId: number,
): { run: RunDetail; strategy: StrategySnapshot } {
  const run = getRun(store, runId);
  const rows = parentTcaRows(store, runId);
  const parents = parentSnapshots(store, runId, rows);
  const src = strategySource(run);
  const source = src.source ?? "unknown";
  return {
    run,
    strategy: {
      label: run.strategy,
      spec: src.spec ?? run.strategy,
      source: source.startsWith("builtin:") ? source : "file",
      params: { ...(src.params ?? {}) },
      sha256: src.sha256 ?? null,
      metrics: snapshotMetrics(rows, parents),
      parents,
    },
  };
}
