/**
 * The diff between two sets of strategy snapshots (a baseline and its re-run, or two stored runs).
 *
 * What counts as a change:
 * - exact (the default): every summary metric equal to within 1e-9 (bps, or the metric's own unit),
 *   every parent's status, shortfall and cost parts equal to within 1e-9 bps, and every parent's
 *   fills hash equal;
 * - with a tolerance of X bps: metrics in bps within X bps, fractions (fill rate, participation)
 *   within X·10⁻⁴ (X bps of 1), counts exactly; per-parent values and fills hashes are not compared.
 * In both modes a strategy or parent that appears or disappears, or a parent whose status changes,
 * is a change. A changed strategy file hash alone is reported but is not a change.
 *
 * The parents that "moved most" are those with the largest |Δ shortfall| (bps).
 */
import type { ParentSnapshot, StrategySnapshot } from "./run-snapshot.js";
import { SNAPSHOT_COST_PARTS } from "./run-snapshot.js";

/** Differences at or below this are equal in an exact check (bps, or the metric's unit). */
export const EXACT_EPSILON = 1e-9;
/** How many moved parents a strategy's diff lists. */
export const MOVED_PARENTS_SHOWN = 5;

export interface DiffOptions {
  /** Compare metrics within this many bps and skip fills hashes; undefined or null: exact. */
  toleranceBps?: number | null;
}

export interface MetricChange {
  metric: string;
  old: number | null;
  new: number | null;
  /** new − old (null when either is null). */
  delta: number | null;
}

export interface ParentMove {
  parentId: string;
  oldStatus: string;
  newStatus: string;
  oldShortfallBps: number | null;
  newShortfallBps: number | null;
  deltaBps: number | null;
  fillsChanged: boolean;
}

export interface StrategyDiff {
  /** The label (old → new when the labels differ, as in `runs diff` of two strategies). */
  strategy: string;
  presence: "both" | "added" | "removed";
  /** Set when the strategy's file hash changed: reported, not a failure by itself. */
  sha256Change: { old: string | null; new: string | null } | null;
  metrics: MetricChange[];
  parents: number;
  parentsAdded: string[];
  parentsRemoved: string[];
  statusChanged: number;
  /** Parents whose fills hash changed (exact mode only). */
  fillsChanged: number;
  /** Parents whose shortfall or a cost part changed by more than 1e-9 bps (exact mode only). */
  valuesChanged: number;
  moved: ParentMove[];
  failing: boolean;
}

export interface SnapshotDiff {
  ok: boolean;
  mode: "exact" | "tolerance";
  toleranceBps: number | null;
  /** Only the strategies with something to report (a change or a new file hash). */
  strategies: StrategyDiff[];
  /** Strategies compared. */
  compared: number;
}

function differs(a: number | null, b: number | null, eps: number): boolean {
  if (a === null || b === null) return a !== b;
  return Math.abs(a - b) > eps;
}

/** Allowed |new − old| of a metric: never below the exact check's 1e-9 (so --tolerance-bps 0 = exact metrics). */
function metricEpsilon(metric: string, toleranceBps: number | null): number {
  if (toleranceBps === null || metric === "parents" || metric === "failed") return EXACT_EPSILON;
  return Math.max(EXACT_EPSILON, metric.includes("Bps") ? toleranceBps : toleranceBps * 1e-4);
}

function diffMetrics(a: StrategySnapshot, b: StrategySnapshot, tol: number | null): MetricChange[] {
  const names = [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])];
  const out: MetricChange[] = [];
  for (const m of names) {
    const o = a.metrics[m] ?? null;
    const n = b.metrics[m] ?? null;
    if (differs(o, n, metricEpsilon(m, tol)))
      out.push({ metric: m, old: o, new: n, delta: o === null || n === null ? null : n - o });
  }
  return out;
}

function valuesDiffer(a: ParentSnapshot, b: ParentSnapshot): boolean {
  if (differs(a.shortfallBps, b.shortfallBps, EXACT_EPSILON)) return true;
  return SNAPSHOT_COST_PARTS.some((p) => differs(a[p], b[p], EXACT_EPSILON));
}

/** Diff of one strategy's snapshots (either may be missing). */
export function diffStrategy(
  a: StrategySnapshot | undefined,
  b: StrategySnapshot | undefined,
  opts: DiffOptions = {},
): StrategyDiff {
  const tol = opts.toleranceBps ?? null;
  const label = a && b && a.label !== b.label ? `${a.label} → ${b.label}` : (a ?? b)!.label;
  const base: StrategyDiff = {
    strategy: label,
    presence: a && b ? "both" : a ? "removed" : "added",
    sha256Change: null,
    metrics: [],
    parents: (b ?? a)!.parents.length,
    parentsAdded: [],
    parentsRemoved: [],
    statusChanged: 0,
    fillsChanged: 0,
    valuesChanged: 0,
    moved: [],
    failing: !(a && b),
  };
  if (!(a && b)) return base;
  if (a.sha256 !== b.sha256) base.sha256Change = { old: a.sha256, new: b.sha256 };
  base.metrics = diffMetrics(a, b, tol);
  const newById = new Map(b.parents.map((p) => [p.id, p]));
  const oldIds = new Set(a.parents.map((p) => p.id));
  base.parentsRemoved = a.parents.filter((p) => !newById.has(p.id)).map((p) => p.id);
  base.parentsAdded = b.parents.filter((p) => !oldIds.has(p.id)).map((p) => p.id);
  const moves: ParentMove[] = [];
  for (const o of a.parents) {
    const n = newById.get(o.id);
    if (!n) continue;
    const fillsChanged = o.fillsHash !== n.fillsHash;
    const changed = valuesDiffer(o, n);
    if (o.status !== n.status) base.statusChanged++;
    if (fillsChanged) base.fillsChanged++;
    if (changed) base.valuesChanged++;
    if (changed || fillsChanged || o.status !== n.status)
      moves.push({
        parentId: o.id,
        oldStatus: o.status,
        newStatus: n.status,
        oldShortfallBps: o.shortfallBps,
        newShortfallBps: n.shortfallBps,
        deltaBps: o.shortfallBps === null || n.shortfallBps === null ? null : n.shortfallBps - o.shortfallBps,
        fillsChanged,
      });
  }
  const size = (m: ParentMove) => (m.deltaBps === null ? Number.POSITIVE_INFINITY : Math.abs(m.deltaBps));
  moves.sort((x, y) => size(y) - size(x) || (x.parentId < y.parentId ? -1 : 1));
  base.moved = moves.slice(0, MOVED_PARENTS_SHOWN);
  if (tol !== null) {
    // tolerance mode: per-parent values and fills are not compared
    base.fillsChanged = 0;
    base.valuesChanged = 0;
  }
  base.failing =
    base.metrics.length > 0 ||
    base.parentsAdded.length > 0 ||
    base.parentsRemoved.length > 0 ||
    base.statusChanged > 0 ||
    base.fillsChanged > 0 ||
    base.valuesChanged > 0;
  if (tol !== null && !base.failing) base.moved = [];
  return base;
}

/** Diff two lists of snapshots, paired by label (in the old list's order, then new strategies). */
export function diffSnapshots(
  old: readonly StrategySnapshot[],
  next: readonly StrategySnapshot[],
  opts: DiffOptions = {},
): SnapshotDiff {
  const byLabel = new Map(next.map((s) => [s.label, s]));
  const seen = new Set<string>();
  const diffs: StrategyDiff[] = [];
  for (const a of old) {
    seen.add(a.label);
    diffs.push(diffStrategy(a, byLabel.get(a.label), opts));
  }
  for (const b of next) if (!seen.has(b.label)) diffs.push(diffStrategy(undefined, b, opts));
  return finish(diffs, opts);
}

/** Assemble a SnapshotDiff from per-strategy diffs. */
export function finish(diffs: readonly StrategyDiff[], opts: DiffOptions = {}): SnapshotDiff {
  const tol = opts.toleranceBps ?? null;
  return {
    ok: diffs.every((d) => !d.failing),
    mode: tol === null ? "exact" : "tolerance",
    toleranceBps: tol,
    strategies: diffs.filter((d) => d.failing || d.sha256Change !== null),
    compared: diffs.length,
  };
}
