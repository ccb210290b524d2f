/**
 * Opening the database: better-sqlite3 underneath, drizzle-orm on top. `openDatabase(path)` applies
 * every committed migration (resolved relative to this module, not the working directory), turns on
 * WAL (file databases) and foreign keys, and returns both handles: drizzle for typed queries, the raw
 * connection for prepared statements on hot paths (bulk candle inserts, typed-array reads).
 *
 * Path resolution for the CLI: --db, else $EXECSIM_DB, else ./execsim.db. Tests use ":memory:".
 */
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { ExecsimError } from "../core/errors.js";
import { packageRoot } from "../core/package-root.js";
import * as schema from "./schema.js";

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

const MIGRATIONS_DIR = path.join(packageRoot(), "drizzle");

export function resolveDbPath(cliValue?: string | null): string {
  return cliValue || process.env.EXECSIM_DB || DEFAULT_DB_PATH;
}

export function openDatabase(dbPath: string = DEFAULT_DB_PATH): ExecsimDatabase {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(dbPath);
  } catch (e) {
    throw new ExecsimError(
      "DATABASE_ERROR",
      `cannot open database "${dbPath}": ${(e as Error).message}. Check the path (--db or EXECSIM_DB) and its folder's permissions.`,
      undefined,
      { cause: e },
    );
  }
  if (dbPath !== ":memory:" && dbPath !== "") sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  try {
    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  } catch (e) {
    sqlite.close();
    throw new ExecsimError(
      "DATABASE_ERROR",
      `cannot migrate database "${dbPath}": ${(e as Error).message}. If it was made by a newer execsim, use that version or a fresh --db.`,
      undefined,
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

/**
 * A read-only connection to an existing database file (no migrations, no WAL change): for worker
 * threads that read candles while the main thread writes results. The file must exist.
 */
export function openDatabaseReadOnly(dbPath: string): ExecsimDatabase {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new ExecsimError(
      "DATABASE_ERROR",
      `cannot open database "${dbPath}" read-only: ${(e as Error).message}. Check the path (--db or EXECSIM_DB).`,
      undefined,
      { cause: e },
    );
  }
  return { db: drizzle(sqlite, { schema }), sqlite, path: dbPath, close: () => sqlite.close() };
}
