/**
 * Read-only commands must not create a database as a side effect of failing: opening a missing file
 * with better-sqlite3 creates it (and migrations fill it), so `data export --db typo.db` would leave an
 * empty typo.db behind. These checks run before the store is opened.
 */
import { existsSync } from "node:fs";
import { ExecsimError } from "../core/errors.js";
import type { SeriesKey } from "../core/market-types.js";
import { resolveDbPath } from "../store/database.js";
import type { GlobalArgs } from "./cli-helpers.js";

/** True when --db / $EXECSIM_DB / ./execsim.db names an existing file (or an in-memory database). */
export function storeExists(argv: GlobalArgs): boolean {
  const file = resolveDbPath(argv.db);
  return file === ":memory:" || file === "" || existsSync(file);
}

/** Throw NOT_FOUND (nothing created) when the series is to be read from a database that does not exist. */
export function requireStoreFor(argv: GlobalArgs, key: SeriesKey): void {
  if (storeExists(argv)) return;
  throw new ExecsimError(
    "NOT_FOUND",
    `no database at ${resolveDbPath(argv.db)}, so no candles stored for ${key.symbol} (${key.category}, interval ${key.interval}); ` +
      "check --db / EXECSIM_DB, or fetch/import/generate the candles first",
  );
}

/** Throw NOT_FOUND (nothing created) when a command that reads stored runs names a missing database. */
export function requireExistingStore(argv: GlobalArgs): void {
  if (storeExists(argv)) return;
  throw new ExecsimError(
    "NOT_FOUND",
    `no database at ${resolveDbPath(argv.db)}, so no runs are stored there; check --db / EXECSIM_DB`,
  );
}

/** Throw NOT_FOUND (nothing created) when `--impact / --model model:NAME` names a missing database. */
export function requireStoredModelDb(argv: GlobalArgs, spec: string): void {
  if (storeExists(argv)) return;
  throw new ExecsimError(
    "NOT_FOUND",
    `${spec}: no database at ${resolveDbPath(argv.db)}, so no stored model; check --db / EXECSIM_DB (\`execsim models list\`)`,
  );
}
