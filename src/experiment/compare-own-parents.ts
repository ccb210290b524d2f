/**
 * `execsim compare --parents FILE`: the strategies on a user's own parent orders (each with its own
 * side, size, start and end) instead of the generated daily ones. One symbol per batch: a file with
 * several symbols runs one batch per symbol (in order of first appearance), each stored as its own
 * compare batch. Every batch is prepared (strategies, venue, data, parents checked) before the first is
 * run, so a bad parent in any symbol writes nothing. --from / --to, when given, keep the parents that
 * start in [from, to).
 * `opts.store` sets what is stored, as for `compare --store`.
 * The built-in dataset: parents for its symbol (SYN-BTCUSDT) run on it, written on first use, when no
 * --symbol is given and the category and interval are its own.
 */
import { ExecsimError } from "../core/errors.js";
import { isoUtc } from "../core/interval.js";
import type { RunConfig } from "../engine/run-config.js";
import {
  DEFAULT_DATASET_CATEGORY,
  DEFAULT_DATASET_INTERVAL,
  DEFAULT_DATASET_SYMBOL,
} from "../market/default-dataset.js";
import type { ExecsimDatabase } from "../store/database.js";
import {
  type BatchOptions,
  type BatchResult,
  executeBatch,
  type PreparedBatch,
  prepareBatch,
} from "./batch.js";
import { readParentOrders, rowRef } from "./own-orders-file.js";
import { groupBy, type PlannedParent } from "./own-parents-plan.js";

/** Run `config`'s strategies on `parents`, one compare batch per symbol. */
export async function compareOnParents(
  store: ExecsimDatabase,
  config: RunConfig,
  parents: readonly PlannedParent[],
  opts: Omit<BatchOptions, "parents"> = {},
): Promise<BatchResult[]> {
  const t0 = performance.now();
  const kept = parents.filter(
    (p) =>
      (config.fromMs === null || p.startMs >= config.fromMs) &&
      (config.toMs === null || p.startMs < config.toMs),
  );
  if (kept.length === 0)
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--from/--to: none of the ${parents.length} parent order(s) starts in ${config.fromMs !== null ? isoUtc(config.fromMs) : "the start"} .. ${config.toMs !== null ? isoUtc(config.toMs) : "the end"}`,
    );
  const bySymbol = groupBy(kept, (p) => p.symbol);
  if (config.symbol !== null && (bySymbol.size > 1 || !bySymbol.has(config.symbol))) {
    const other = [...bySymbol.keys()].find((s) => s !== config.symbol)!;
    const at = bySymbol.get(other)![0]!.source;
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--symbol ${config.symbol}: the parents file holds ${other}${at ? ` (${rowRef(at, "symbol")})` : ""}; ` +
        "leave out --symbol to run one batch per symbol of the file",
    );
  }
  const builtIn =
    config.symbol === null &&
    config.category === DEFAULT_DATASET_CATEGORY &&
    config.interval === DEFAULT_DATASET_INTERVAL;
  const prepared: PreparedBatch[] = [];
  for (const [symbol, group] of bySymbol) {
    const symbolConfig: RunConfig =
      builtIn && symbol === DEFAULT_DATASET_SYMBOL ? config : Object.freeze({ ...config, symbol });
    // (workers started ahead for the first batch only: the others run later, one after the other)
    const warmWorkers = prepared.length === 0;
    prepared.push(await prepareBatch(store, symbolConfig, { ...opts, parents: group, warmWorkers }));
  }
  const results: BatchResult[] = [];
  for (const [i, p] of prepared.entries())
    results.push(await executeBatch(store, p, "compare", i === 0 ? t0 : performance.now(), opts));
  return results;
}

/** compareOnParents with the parents read (and checked) from a file (see own-orders-file.ts). */
export async function compareOnParentsFile(
  store: ExecsimDatabase,
  config: RunConfig,
  file: string,
  opts: Omit<BatchOptions, "parents"> = {},
): Promise<BatchResult[]> {
  return compareOnParents(store, config, readParentOrders(file), opts);
}
