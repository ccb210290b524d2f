/**
 * Rows of `execsim sweep` (schema.ts: sweeps, sweep_points): create a sweep with its pending points,
 * record a finished point, set the sweep's final status, and read sweeps back for `sweeps list|show`
 * and `sweep --resume`. Every write is one short transaction, so an interrupted sweep keeps exactly
 * the points it finished.
 */
import { ExecsimError } from "../core/errors.js";
import type { ExecsimDatabase } from "./database.js";

export type SweepStatus = "running" | "completed" | "interrupted" | "failed";

export interface SweepMeta {
  strategy: string;
  /** Stored as JSON: what a resume needs. */
  config: unknown;
  seed: string;
  symbol: string;
  category: string;
  interval: string;
  fromMs: number;
  toMs: number;
  candlesHash: string;
  codeVersion: string;
}

export interface SweepPointRow {
  idx: number;
  label: string;
  params: Record<string, number>;
  status: "pending" | "completed" | "failed";
  runId: number | null;
  summary: unknown;
  costParts: unknown;
  theoretical: unknown;
  shortfallQuote: unknown;
}

export interface SweepRow extends SweepMeta {
  id: number;
  createdAtMs: number;
  points: number;
  status: SweepStatus;
  error: string | null;
  recommended: unknown;
  pid: number | null;
  startedAtMs: number;
  finishedAtMs: number | null;
  timings: unknown;
}

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

/** Insert the sweep ("running") and its points ("pending") in one transaction; returns the sweep id. */
export function createSweep(
  store: ExecsimDatabase,
  meta: SweepMeta,
  points: readonly { label: string; params: Record<string, number> }[],
  nowMs: number = Date.now(),
): number {
  const db = store.sqlite;
  return db.transaction(() => {
    const info = db
      .prepare(
        `INSERT INTO sweeps (created_at_ms, strategy, config_json, seed, symbol, category, interval, from_ms, to_ms,
          candles_hash, code_version, points, status, pid, started_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)`,
      )
      .run(
        nowMs,
        meta.strategy,
        JSON.stringify(meta.config),
        meta.seed,
        meta.symbol,
        meta.category,
        meta.interval,
        meta.fromMs,
        meta.toMs,
        meta.candlesHash,
        meta.codeVersion,
        points.length,
        process.pid,
        nowMs,
      );
    const id = Number(info.lastInsertRowid);
    const ins = db.prepare(
      "INSERT INTO sweep_points (sweep_id, idx, label, params_json, status) VALUES (?, ?, ?, ?, 'pending')",
    );
    points.forEach((p, i) => {
      ins.run(id, i, p.label, JSON.stringify(p.params));
    });
    return id;
  })();
}

/** Record a finished point (its run is already stored). */
export function finishSweepPoint(
  store: ExecsimDatabase,
  sweepId: number,
  idx: number,
  r: {
    status: "completed" | "failed";
    runId: number;
    summary: unknown;
    costParts: unknown;
    theoretical: unknown;
    shortfallQuote: unknown;
  },
): void {
  store.sqlite
    .prepare(
      `UPDATE sweep_points SET status = ?, run_id = ?, summary_json = ?, cost_parts_json = ?, theoretical_json = ?,
         shortfall_quote_json = ? WHERE sweep_id = ? AND idx = ?`,
    )
    .run(
      r.status,
      r.runId,
      JSON.stringify(r.summary),
      JSON.stringify(r.costParts),
      r.theoretical === null ? null : JSON.stringify(r.theoretical),
      JSON.stringify(r.shortfallQuote),
      sweepId,
      idx,
    );
}

/** Set the sweep's status (and recommendation, error, timings); running again on resume. */
export function setSweepStatus(
  store: ExecsimDatabase,
  sweepId: number,
  status: SweepStatus,
  extra: { error?: string | null; recommended?: unknown; timings?: unknown } = {},
  nowMs: number = Date.now(),
): void {
  store.sqlite
    .prepare(
      `UPDATE sweeps SET status = ?, error = ?, recommended_json = coalesce(?, recommended_json),
         finished_at_ms = ?, timings_json = coalesce(?, timings_json), pid = ? WHERE id = ?`,
    )
    .run(
      status,
      extra.error ?? null,
      extra.recommended === undefined ? null : JSON.stringify(extra.recommended),
      status === "running" ? null : nowMs,
      extra.timings === undefined ? null : JSON.stringify(extra.timings),
      process.pid,
      sweepId,
    );
}

type RawSweep = Record<string, unknown>;

function toSweep(r: RawSweep): SweepRow {
  return {
    id: r.id as number,
    createdAtMs: r.created_at_ms as number,
    strategy: r.strategy as string,
    config: parse(r.config_json as string),
    seed: r.seed as string,
    symbol: r.symbol as string,
    category: r.category as string,
    interval: r.interval as string,
    fromMs: r.from_ms as number,
    toMs: r.to_ms as number,
    candlesHash: r.candles_hash as string,
    codeVersion: r.code_version as string,
    points: r.points as number,
    status: r.status as SweepStatus,
    error: (r.error as string | null) ?? null,
    recommended: parse(r.recommended_json as string | null),
    pid: (r.pid as number | null) ?? null,
    startedAtMs: r.started_at_ms as number,
    finishedAtMs: (r.finished_at_ms as number | null) ?? null,
    timings: parse(r.timings_json as string | null),
  };
}

/** One sweep, or NOT_FOUND with a hint. */
export function getSweep(store: ExecsimDatabase, id: number): SweepRow {
  const r = store.sqlite.prepare("SELECT * FROM sweeps WHERE id = ?").get(id) as RawSweep | undefined;
  if (!r)
    throw new ExecsimError(
      "NOT_FOUND",
      `no sweep with id ${id}; \`execsim sweeps list\` shows the stored ones`,
    );
  return toSweep(r);
}

/** Sweeps, newest first. */
export function listSweeps(
  store: ExecsimDatabase,
  opts: { limit?: number; status?: string } = {},
): SweepRow[] {
  const where = opts.status ? "WHERE status = ?" : "";
  const args: unknown[] = opts.status ? [opts.status] : [];
  return (
    store.sqlite
      .prepare(`SELECT * FROM sweeps ${where} ORDER BY id DESC LIMIT ?`)
      .all(...args, opts.limit ?? 50) as RawSweep[]
  ).map(toSweep);
}

/** The points of a sweep in grid order. */
export function sweepPointRows(store: ExecsimDatabase, sweepId: number): SweepPointRow[] {
  const rows = store.sqlite
    .prepare("SELECT * FROM sweep_points WHERE sweep_id = ? ORDER BY idx")
    .all(sweepId) as RawSweep[];
  return rows.map((r) => ({
    idx: r.idx as number,
    label: r.label as string,
    params: JSON.parse(r.params_json as string) as Record<string, number>,
    status: r.status as SweepPointRow["status"],
    runId: (r.run_id as number | null) ?? null,
    summary: parse(r.summary_json as string | null),
    costParts: parse(r.cost_parts_json as string | null),
    theoretical: parse(r.theoretical_json as string | null),
    shortfallQuote: parse(r.shortfall_quote_json as string | null),
  }));
}

/**
 * The stored runs of a sweep's points, in grid order (pending points have none; a run deleted since
 * is skipped). NOT_FOUND when there is no such sweep.
 */
export function sweepRunIds(store: ExecsimDatabase, sweepId: number): number[] {
  getSweep(store, sweepId);
  return store.sqlite
    .prepare(
      "SELECT p.run_id FROM sweep_points p JOIN runs r ON r.id = p.run_id WHERE p.sweep_id = ? ORDER BY p.idx",
    )
    .pluck()
    .all(sweepId) as number[];
}
