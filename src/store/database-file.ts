/**
 * The database file itself, without drizzle (database.ts builds on it): the header and size check a
 * file gets before SQLite touches it, the errors for a bad file, and a read-only connection with only
 * the raw better-sqlite3 handle, for the executor's worker threads (a sweep's workers read candles
 * through their own connection; drizzle's modules would add ~60 ms to each worker's start).
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { ExecsimError } from "../core/errors.js";
import type { ExecsimDatabase } from "./database.js";

/** How long a connection waits for another process's write lock before giving up (ms). */
export const BUSY_TIMEOUT_MS = 60_000;

const SQLITE_MAGIC = "SQLite format 3\0";

/** A connection with the raw handle only (a read-only one for workers: openSqliteReadOnly). */
export interface SqliteConnection {
  readonly sqlite: Database.Database;
  readonly path: string;
  close(): void;
}

export function badFile(dbPath: string, what: string, cause?: unknown): ExecsimError {
  return new ExecsimError(
    "DATABASE_ERROR",
    `database "${dbPath}" ${what}. Point --db (or EXECSIM_DB) at an execsim database or a new file name; if this was your database, restore it from a backup or move it aside and re-import the data.`,
    { file: dbPath },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Check an existing file's header before SQLite touches it: the magic string, and a size that holds
 * every page the header counts (a truncated copy fails here). Missing and empty files pass (SQLite
 * creates the database).
 */
export function checkDatabaseFile(dbPath: string): void {
  try {
    const st = statSync(dbPath);
    if (st.isDirectory()) throw badFile(dbPath, "is a folder, not a database file");
    if (!st.isFile()) throw badFile(dbPath, "is not a regular file");
  } catch (e) {
    if (e instanceof ExecsimError) throw e;
    return; // does not exist (yet): SQLite creates it, or reports why it cannot
  }
  // A file another connection is writing (its -wal beside it) can look short for a moment: a
  // checkpoint writes the header's new page count before the pages that extend the file. Such a
  // file is read again for up to TRANSIENT_MS before it is called truncated; a copy cut short has
  // no live writer and fails at once.
  const live = existsSync(`${dbPath}-wal`);
  for (let waited = 0; ; waited += 50) {
    const why = truncation(dbPath);
    if (why === null) return;
    if (!live || waited >= TRANSIENT_MS || !why.startsWith("is truncated")) throw badFile(dbPath, why);
    Atomics.wait(SLEEP, 0, 0, 50);
  }
}

/** How long a file with a live writer may look truncated before it is reported, ms. */
const TRANSIENT_MS = 3000;
const SLEEP = new Int32Array(new SharedArrayBuffer(4));

/** Why the file's header and size say it is not a whole SQLite database, or null when they agree. */
function truncation(dbPath: string): string | null {
  const head = Buffer.alloc(100);
  const fd = openSync(dbPath, "r");
  let got: number;
  let size: number;
  try {
    got = readSync(fd, head, 0, 100, 0);
    size = fstatSync(fd).size; // after the header: a file that grows meanwhile is not called short
  } finally {
    closeSync(fd);
  }
  if (size === 0) return null;
  if (got < 100 || head.toString("latin1", 0, 16) !== SQLITE_MAGIC)
    return "is not a SQLite database (its first bytes are not the SQLite header)";
  const rawPage = head.readUInt16BE(16);
  const pageSize = rawPage === 1 ? 65536 : rawPage;
  const changeCounter = head.readUInt32BE(24);
  const pages = head.readUInt32BE(28);
  const validFor = head.readUInt32BE(92);
  // The in-header page count is only meaningful when "version-valid-for" matches the change counter.
  if (pages > 0 && changeCounter === validFor && size < pages * pageSize)
    return `is truncated (${size} bytes, but its header counts ${pages} pages of ${pageSize} bytes)`;
  return null;
}

/** True for better-sqlite3 errors that mean the file's content is damaged or not a database. */
export function isCorruptionError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB"));
}

/**
 * A read-only connection to an existing database file (no migrations, no WAL change): for worker
 * threads that read candles while the main thread writes results. The file must exist; it gets the
 * same header check and busy timeout as `openDatabase`, so a bad file or a busy writer is a
 * DATABASE_ERROR naming the file (or a wait), not a stack trace.
 */
export function openSqliteReadOnly(dbPath: string): SqliteConnection {
  checkDatabaseFile(dbPath);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (e) {
    if (isCorruptionError(e)) throw badFile(dbPath, `is damaged (${(e as Error).message})`, e);
    throw new ExecsimError(
      "DATABASE_ERROR",
      `cannot open database "${dbPath}" read-only: ${(e as Error).message}. Check the path (--db or EXECSIM_DB).`,
      { file: dbPath },
      { cause: e },
    );
  }
  return { sqlite, path: dbPath, close: () => sqlite.close() };
}

/**
 * A connection as an ExecsimDatabase for code that reads through the raw handle only (candles,
 * instruments): its drizzle handle throws when used, so a missing import shows at once.
 */
export function rawOnly(conn: SqliteConnection): ExecsimDatabase {
  return {
    sqlite: conn.sqlite,
    path: conn.path,
    close: conn.close,
    get db(): never {
      throw new ExecsimError(
        "DATABASE_ERROR",
        `the connection to "${conn.path}" has no drizzle handle (openSqliteReadOnly); open it with openDatabaseReadOnly for typed queries`,
      );
    },
  };
}
