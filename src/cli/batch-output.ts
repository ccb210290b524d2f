/** Terminal output shared by `execsim run` and `execsim compare`: the batch line, its JSON data block, failed runs. */
import { isoUtc } from "../core/interval.js";
import type { BatchResult, BatchRun } from "../experiment/batch.js";

/** A one-line description of the data and orders of a batch, for the terminal. */
export function describeBatch(r: BatchResult, ownParents = false): string {
  const day = (ms: number) => isoUtc(ms).slice(0, 10);
  if (ownParents)
    return (
      `${r.symbol} ${r.category} interval ${r.interval}: ${r.parents} parent order(s) from --parents, starting ` +
      `${isoUtc(r.firstParentMs).slice(0, 16)} .. ${isoUtc(r.lastParentMs).slice(0, 16)} UTC; candles used ` +
      `${isoUtc(r.fromMs).slice(0, 16)} .. ${isoUtc(r.toMs).slice(0, 16)} UTC; ${r.timingsMs.total} ms\n` +
      spreadLine(r)
    );
  const hhmm = isoUtc(r.firstParentMs).slice(11, 16);
  return (
    `${r.symbol} ${r.category} interval ${r.interval}: ${r.parents} parent order(s), one a day at ${hhmm} UTC ` +
    `from ${day(r.firstParentMs)} to ${day(r.lastParentMs)}, ${r.parentQtyBase.toPrecision(6)} base each` +
    (Number.isFinite(r.advBase) ? ` (${((r.parentQtyBase / r.advBase) * 100).toFixed(2)}% of ADV)` : "") +
    `; candles used ${isoUtc(r.fromMs).slice(0, 16)} .. ${isoUtc(r.toMs).slice(0, 16)} UTC; ${r.timingsMs.total} ms\n` +
    spreadLine(r)
  );
}

/** "spread source tick (tick 0.1 quote; known tick (built-in)), lot 0.001 base": what the venue quoted. */
export function spreadLine(r: Pick<BatchResult, "spread" | "instrument">): string {
  const tick = r.spread.tickSize !== null ? `tick ${r.spread.tickSize} quote; ` : "";
  const lot = r.instrument && r.instrument.lotSize > 0 ? `, lot ${r.instrument.lotSize} base` : "";
  return `spread source ${r.spread.source} (${tick}${r.spread.basis})${lot}`;
}

/** The `data` block of the JSON output of `run` and `compare`: which candles the batch used. */
export function batchDataJson(r: BatchResult): {
  symbol: string;
  category: string;
  interval: string;
  fromMs: number;
  toMs: number;
} {
  return { symbol: r.symbol, category: r.category, interval: r.interval, fromMs: r.fromMs, toMs: r.toMs };
}

/** Says on stderr which runs failed and why, and sets a non-zero exit code when any did. */
export function reportFailedRuns(runs: readonly BatchRun[]): void {
  const failed = runs.filter((r) => r.status === "failed");
  if (failed.length > 0) {
    for (const f of failed) process.stderr.write(`run ${f.runId} (${f.strategy}) failed: ${f.error}\n`);
    process.exitCode = 1;
  }
}

/** Sizing warnings of a batch on stderr ("warning: ..."), before the results. */
export function reportWarnings(warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
}
