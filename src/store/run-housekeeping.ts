/**
 * Housekeeping of stored results: delete runs by id, prune runs older than a date or beyond the
 * newest N, then VACUUM so the file shrinks (results grow by tens of MB per simulated year). A run's
 * parent orders, child orders, fills and TCA rows go with it (ON DELETE CASCADE). A run still
 * "running" in a live process is never deleted. Candles are not touched.
 */
import { statSync } from "node:fs";
import { ExecsimError } from "../core/errors.js";
import { type ExecsimDatabase, writeTransaction } from "./database.js";
import { listRuns } from "./run-queries.js";

export interface DeleteResult {
  /** Ids deleted, ascending. */
  deleted: number[];
  /** Database file size (main file plus write-ahead log) before and after, in bytes; 0 in memory. */
  bytesBefore: number;
  bytesAfter: number;
}

export interface PruneOptions {
  /** Delete runs created before this time (epoch ms). */
  beforeMs?: number;
  /** Keep the newest `keep` runs (by id); delete the others. */
  keep?: number;
  /** Only report what would be deleted. */
  dryRun?: boolean;
}

/** Size of the database file plus its -wal file, in bytes (0 for an in-memory database). */
export function databaseBytes(store: { path: string }): number {
  if (store.path === ":memory:" || store.path === "") return 0;
  let total = 0;
  for (const f of [store.path, `${store.path}-wal`]) {
    try {
      total += statSync(f).size;
    } catch {
      // no such file (no WAL yet)
    }
  }
  return total;
}

/** Ids among `ids` that are "running" in a process that is still alive. */
function liveRuns(store: ExecsimDatabase): Set<number> {
  return new Set(listRuns(store, { status: "running", limit: Number.MAX_SAFE_INTEGER }).map((r) => r.id));
}

function removeAndVacuum(store: ExecsimDatabase, ids: number[], dryRun: boolean): DeleteResult {
  const bytesBefore = databaseBytes(store);
  if (dryRun || ids.length === 0) return { deleted: ids, bytesBefore, bytesAfter: bytesBefore };
  const del = store.sqlite.prepare("DELETE FROM runs WHERE id = ?");
  writeTransaction(store.sqlite, () => {
    for (const id of ids) del.run(id);
  });
  store.sqlite.exec("VACUUM");
  if (store.path !== ":memory:" && store.path !== "") store.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  return { deleted: ids, bytesBefore, bytesAfter: databaseBytes(store) };
}

/** Delete these runs with their rows, then VACUUM. NOT_FOUND (nothing deleted) when an id is not stored. */
export function deleteRuns(store: ExecsimDatabase, ids: readonly number[]): DeleteResult {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const exists = store.sqlite.prepare("SELECT 1 FROM runs WHERE id = ?").pluck();
  const missing = unique.filter((id) => exists.get(id) === undefined);
  if (missing.length > 0) {
    throw new ExecsimError(
      "NOT_FOUND",
      `no run with id ${missing.join(", ")}; nothing was deleted (\`execsim runs list\` shows the stored runs)`,
    );
  }
  const live = liveRuns(store);
  const busy = unique.filter((id) => live.has(id));
  if (busy.length > 0) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `run ${busy.join(", ")} is still running in a live process; nothing was deleted (wait for it or stop it first)`,
    );
  }
  return removeAndVacuum(store, unique, false);
}

/** Delete runs created before `beforeMs` and/or beyond the newest `keep` (both: runs matching both). */
export function pruneRuns(store: ExecsimDatabase, opts: PruneOptions): DeleteResult {
  if (opts.beforeMs === undefined && opts.keep === undefined) {
    throw new ExecsimError("INVALID_ARGUMENT", "runs prune: give --before DATE or --keep N (or both)");
  }
  if (opts.keep !== undefined && !(Number.isSafeInteger(opts.keep) && opts.keep >= 0)) {
    throw new ExecsimError("INVALID_ARGUMENT", `--keep must be a whole number >= 0, got ${opts.keep}`);
  }
  const where: string[] = [];
  const args: number[] = [];
  if (opts.beforeMs !== undefined) {
    where.push("created_at_ms < ?");
    args.push(opts.beforeMs);
  }
  if (opts.keep !== undefined) {
    where.push("id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?)");
    args.push(opts.keep);
  }
  const live = liveRuns(store);
  const ids = (
    store.sqlite
      .prepare(`SELECT id FROM runs WHERE ${where.join(" AND ")} ORDER BY id`)
      .pluck()
      .all(...args) as number[]
  ).filter((id) => !live.has(id));
  return removeAndVacuum(store, ids, opts.dryRun === true);
}
