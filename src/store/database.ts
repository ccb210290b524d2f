/**
 * Opening the database: better-sqlite3 underneath, drizzle-orm on top. `openDatabase(path)` checks the
 * file is a whole SQLite database, applies every committed migration (resolved relative to this
 * module, not the working directory), turns on WAL (file databases) and foreign keys, and returns both
 * handles: drizzle for typed queries, the raw connection for prepared statements on hot paths (bulk
 * candle inserts, typed-array reads).
 *
 * Concurrency: several execsim processes may share one file. Every connection waits up to
 * BUSY_TIMEOUT_MS for a lock instead of failing with "database is locked", and every write
 * transaction takes the write lock up front (`writeTransaction`, BEGIN IMMEDIATE): a deferred
 * transaction that reads first and then writes cannot wait for the lock in WAL mode and fails at
 * once when another writer committed in between. Migrations run in one such transaction and re-read
 * what is applied inside it, so two processes opening a fresh file do not both create the tables.
 *
 * Bad files: a file that is not SQLite (wrong header), is cut short (smaller than its header says) or
 * whose pages are damaged (`PRAGMA quick_check`, on files up to QUICK_CHECK_MAX_BYTES) is a
 * DATABASE_ERROR naming the file and what to do, never a stack trace.
 *
 * Path resolution for the CLI: --db, else $EXECSIM_DB, else ./execsim.db. Tests use ":memory:".
 */
import { statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { ExecsimError } from "../core/errors.js";
import { packageRoot } from "../core/package-root.js";
import {
  BUSY_TIMEOUT_MS,
  badFile,
  checkDatabaseFile,
  isCorruptionError,
  openSqliteReadOnly,
} from "./database-file.js";
import * as schema from "./schema.js";

export { BUSY_TIMEOUT_MS, checkDatabaseFile, isCorruptionError };

export type Db = BetterSQLite3Database<typeof schema>;

export interface ExecsimDatabase {
  /** drizzle handle for typed queries */
  readonly db: Db;
  /** raw better-sqlite3 connection for prepared statements and transactions */
  readonly sqlite: Database.Database;
  readonly path: string;
  close(): void;
}

export const DEFAULT_DB_PATH = "./execsim.db";

/** Files up to this size get a `PRAGMA quick_check` on open (it reads every page). */
export const QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024;

const MIGRATIONS_DIR = path.join(packageRoot(), "drizzle");
const MIGRATIONS_TABLE = "__drizzle_migrations";

export function resolveDbPath(cliValue?: string | null): string {
  return cliValue || process.env.EXECSIM_DB || DEFAULT_DB_PATH;
}

function isFileDb(dbPath: string): boolean {
  return dbPath !== ":memory:" && dbPath !== "";
}

/**
 * Run `fn` in a write transaction that takes the write lock first (BEGIN IMMEDIATE), waiting up to the
 * busy timeout for another process's transaction to finish. Commits on return, rolls back on throw.
 */
export function writeTransaction<T>(sqlite: Database.Database, fn: () => T): T {
  return sqlite.transaction(fn).immediate();
}

/** Apply the committed drizzle-kit migrations not yet applied, in one write transaction. */
function applyMigrations(sqlite: Database.Database): void {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR });
  const latest = migrations.reduce((m, x) => Math.max(m, x.folderMillis), 0);
  const lastApplied = (): number => {
    const exists = sqlite
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(MIGRATIONS_TABLE);
    if (!exists) return -1;
    const v = sqlite
      .prepare(`SELECT created_at FROM ${MIGRATIONS_TABLE} ORDER BY created_at DESC LIMIT 1`)
      .pluck()
      .get() as number | string | undefined;
    return v === undefined ? -1 : Number(v);
  };
  // the common case (an up-to-date file) reads without taking the write lock
  if (lastApplied() >= latest) return;
  writeTransaction(sqlite, () => {
    // the same bookkeeping table as drizzle-orm's migrator, re-read under the lock
    sqlite.exec(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
    );
    const last = lastApplied();
    const record = sqlite.prepare(`INSERT INTO ${MIGRATIONS_TABLE} ("hash", "created_at") VALUES (?, ?)`);
    for (const m of migrations) {
      if (last >= m.folderMillis) continue;
      for (const stmt of m.sql) if (stmt.trim()) sqlite.exec(stmt);
      record.run(m.hash, m.folderMillis);
    }
  });
}

export function openDatabase(dbPath: string = DEFAULT_DB_PATH): ExecsimDatabase {
  const fileDb = isFileDb(dbPath);
  if (fileDb) checkDatabaseFile(dbPath);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(dbPath, { timeout: BUSY_TIMEOUT_MS });
  } catch (e) {
    throw new ExecsimError(
      "DATABASE_ERROR",
      `cannot open database "${dbPath}": ${(e as Error).message}. Check the path (--db or EXECSIM_DB) and its folder's permissions.`,
      { file: dbPath },
      { cause: e },
    );
  }
  try {
    if (fileDb) {
      sqlite.pragma("journal_mode = WAL");
      if (statSync(dbPath).size <= QUICK_CHECK_MAX_BYTES) {
        const result = sqlite.pragma("quick_check(1)", { simple: true });
        if (result !== "ok") throw badFile(dbPath, `is damaged (SQLite quick_check: ${String(result)})`);
      }
    }
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("synchronous = NORMAL");
  } catch (e) {
    sqlite.close();
    if (e instanceof ExecsimError) throw e;
    if (isCorruptionError(e)) throw badFile(dbPath, `is damaged (${(e as Error).message})`, e);
    throw new ExecsimError(
      "DATABASE_ERROR",
      `cannot use database "${dbPath}": ${(e as Error).message}. Check the file is readable and writable.`,
      { file: dbPath },
      { cause: e },
    );
  }
  const db = drizzle(sqlite, { schema });
  try {
    applyMigrations(sqlite);
  } catch (e) {
    sqlite.close();
    if (isCorruptionError(e)) throw badFile(dbPath, `is damaged (${(e as Error).message})`, e);
    throw new ExecsimError(
      "DATABASE_ERROR",
      `cannot migrate database "${dbPath}": ${(e as Error).message}. If it was made by a newer execsim, use that version or a fresh --db.`,
      { file: dbPath },
      { cause: e },
    );
  }
  return {
    db,
    sqlite,
    path: dbPath,
    close: () => sqlite.close(),
  };
}

/** Wrap a damaged-file error raised while using the store into DATABASE_ERROR naming the file. */
export function asDatabaseError(store: { path: string }, e: unknown): unknown {
  if (e instanceof ExecsimError || !isCorruptionError(e)) return e;
  return badFile(store.path, `is damaged (${(e as Error).message})`, e);
}

/**
 * A read-only connection to an existing database file (no migrations, no WAL change), with the drizzle
 * handle: openSqliteReadOnly (database-file.ts) plus drizzle, for callers that want typed queries.
 */
export function openDatabaseReadOnly(dbPath: string): ExecsimDatabase {
  const ro = openSqliteReadOnly(dbPath);
  return { db: drizzle(ro.sqlite, { schema }), sqlite: ro.sqlite, path: dbPath, close: ro.close };
}
