/**
 * A batch plan from a user's own parent orders (`execsim compare --parents FILE`) instead of the
 * generated one-a-day parents (engine/run-config.ts planParents), under the same data rules:
 *   - every parent is for the series' symbol (the caller runs one batch per symbol);
 *   - at least the config's warm-up (default 1 day) of stored data precede its start (ADV, volatility,
 *     volume profile, all measured strictly before the start), and the data cover its whole window
 *     (end ≤ the last stored close);
 *   - the series handed to the simulator is [first start − ADV lookback, last end), as for generated
 *     parents, and each parent's synthetic-market random stream is keyed by the UTC day of its start
 *     (`marketKey`: the id a generated parent of that day has), so a file holding the generated parents
 *     (same times, side and size, whatever their ids) gives the same series, the same markets and the
 *     same numbers (and, with the generator's ids, the same stored rows).
 * Parents run in start order (ties by id); each keeps its own side, size, start, end and limit price;
 * the config's --max-participation applies to all. Size and ADV of the plan: the common size when all
 * parents share one (else NaN), ADV NaN (not measured: sizes come from the file).
 * Errors (INVALID_ARGUMENT, naming the file's line when the parent came from one) are raised before
 * anything is written.
 */
import { ExecsimError } from "../core/errors.js";
import type { ParentOrder } from "../core/execution-types.js";
import { isoUtc } from "../core/interval.js";
import { type CandleSeries, sliceSeries } from "../core/market-types.js";
import type { ParentPlan, RunConfig } from "../engine/run-config.js";
import { firstBarAtOrAfter } from "../tca/benchmarks.js";
import { type RowSource, rowRef } from "./own-orders-file.js";

/** A parent order, optionally with the file row it was read from (for error messages). */
export type PlannedParent = ParentOrder & { readonly source?: RowSource };

/** Earliest start and latest end of a set of parent orders (a loop: no argument-count limit). */
export function parentsSpan(parents: readonly ParentOrder[]): { firstStartMs: number; lastEndMs: number } {
  let firstStartMs = Number.POSITIVE_INFINITY;
  let lastEndMs = Number.NEGATIVE_INFINITY;
  for (const p of parents) {
    if (p.startMs < firstStartMs) firstStartMs = p.startMs;
    if (p.endMs > lastEndMs) lastEndMs = p.endMs;
  }
  return { firstStartMs, lastEndMs };
}

/** Items grouped by a key, groups in order of first appearance, items in their order. */
export function groupBy<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const g = out.get(k);
    if (g) g.push(x);
    else out.set(k, [x]);
  }
  return out;
}

function where(p: PlannedParent, field: string): string {
  return p.source ? rowRef(p.source, field) : `parent order "${p.id}", field ${field}`;
}

/**
 * Throw INVALID_ARGUMENT (listing each parent with its file line) unless every parent is for `symbol` and
 * data spanning [firstMs, lastCloseMs) give it the warm-up before its start and reach its end. Needs no
 * candles, so the built-in dataset's known span can be checked before that dataset is written.
 */
export function checkParentsFit(
  config: RunConfig,
  symbol: string,
  firstMs: number,
  lastCloseMs: number,
  parents: readonly PlannedParent[],
): void {
  const problems: string[] = [];
  for (const p of parents) {
    if (p.symbol !== symbol)
      problems.push(`${where(p, "symbol")}: ${p.symbol}, but this batch runs on ${symbol}`);
    else if (p.startMs < firstMs + config.warmupMs || p.endMs > lastCloseMs)
      problems.push(
        `${where(p, p.endMs > lastCloseMs ? "end" : "start")}: ${isoUtc(p.startMs)} .. ${isoUtc(p.endMs)} needs ` +
          `${config.warmupMs / 3_600_000} h of data before its start and data to its end; the stored ${symbol} candles ` +
          `cover ${isoUtc(firstMs)} .. ${isoUtc(lastCloseMs)}`,
      );
  }
  if (problems.length > 0)
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--parents: ${problems.length} parent order(s) do not fit the stored data, nothing was run:\n  ${problems.slice(0, 20).join("\n  ")}`,
    );
}

/** The plan of `parents` over the stored series (see the doc block). */
export function planFromParents(
  config: RunConfig,
  stored: CandleSeries,
  parents: readonly PlannedParent[],
): ParentPlan {
  if (parents.length === 0)
    throw new ExecsimError("INVALID_ARGUMENT", "--parents: the file holds no parent order");
  const n = stored.length;
  if (n === 0)
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--parents: no ${stored.symbol} candles stored around the parent orders; \`execsim data list\` shows the stored ranges`,
    );
  checkParentsFit(
    config,
    stored.symbol,
    stored.openTimeMs[0]!,
    stored.openTimeMs[n - 1]! + stored.intervalMs,
    parents,
  );
  const sorted = [...parents]
    .sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((p) =>
      Object.freeze({
        id: p.id,
        symbol: p.symbol,
        side: p.side,
        qtyBase: p.qtyBase,
        startMs: p.startMs,
        endMs: p.endMs,
        ...(p.limitPrice !== undefined ? { limitPrice: p.limitPrice } : {}),
        ...(config.maxParticipation !== null ? { maxParticipation: config.maxParticipation } : {}),
        marketKey: isoUtc(p.startMs).slice(0, 10),
      }),
    );
  const firstStart = sorted[0]!.startMs;
  const lastEnd = parentsSpan(sorted).lastEndMs;
  const series = sliceSeries(
    stored,
    firstBarAtOrAfter(stored, firstStart - config.advLookbackMs),
    firstBarAtOrAfter(stored, lastEnd),
  );
  const q = sorted[0]!.qtyBase;
  return Object.freeze({
    parents: Object.freeze(sorted),
    qtyBase: sorted.every((p) => p.qtyBase === q) ? q : Number.NaN,
    advBase: Number.NaN,
    series,
    fromMs: series.openTimeMs[0]!,
    toMs: series.openTimeMs[series.length - 1]! + series.intervalMs,
    warnings: Object.freeze([]),
  });
}
