/** Small helpers shared by the command modules: opening the store, printing tables and JSON. */
import { existsSync, rmSync } from "node:fs";
import { asDatabaseError, type ExecsimDatabase, openDatabase, resolveDbPath } from "../store/database.js";

export interface GlobalArgs {
  db?: string;
  json?: boolean;
}

/** Open the database named by --db / $EXECSIM_DB / ./execsim.db, run `fn`, always close it. */
export async function withStore<T>(
  argv: GlobalArgs,
  fn: (store: ExecsimDatabase) => T | Promise<T>,
): Promise<T> {
  const store = openDatabase(resolveDbPath(argv.db));
  try {
    return await fn(store);
  } catch (e) {
    throw asDatabaseError(store, e);
  } finally {
    store.close();
  }
}

/**
 * withStore for commands that may create the database: when the file did not exist before and `fn`
 * throws or its result fails `keep`, the new file (and its -wal/-shm) is removed, so a failed or empty
 * first fetch leaves nothing behind.
 */
export async function withNewStoreRemovedUnless<T>(
  argv: GlobalArgs,
  fn: (store: ExecsimDatabase) => T | Promise<T>,
  keep: (result: T) => boolean,
): Promise<T> {
  const file = resolveDbPath(argv.db);
  const existed = file === ":memory:" || file === "" || existsSync(file);
  let result: T | undefined;
  let ok = false;
  try {
    result = await withStore(argv, fn);
    ok = keep(result);
    return result;
  } finally {
    if (!existed && !ok) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
