/** Small helpers shared by the command modules: opening the store, printing tables and JSON. */
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

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
