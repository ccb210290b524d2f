/**
 * Hostile fixture: runs in the executor's worker thread and digs through what the thread itself holds,
 * not the context: `workerData` (where the executor once put the whole series, future bars included).
 * Fails its run with "LEAK: ..." when it finds a candle column longer than the bars closed so far;
 * otherwise trades the parent in one child.
 */
import { workerData } from "node:worker_threads";
import { defineStrategy } from "../../../src/strategy.js";

/** Paths under `root` to typed arrays longer than `n` (depth-limited walk over plain data). */
function longArrays(root: unknown, n: number, at = "workerData", depth = 0): string[] {
  if (root === null || typeof root !== "object" || depth > 6) return [];
  if (ArrayBuffer.isView(root)) return (root as Float64Array).length > n ? [at] : [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(root as Record<string, unknown>))
    out.push(...longArrays(v, n, `${at}.${k}`, depth + 1));
  return out;
}

export default defineStrategy({
  name: "peek-worker-data",
  defaults: {},
  create: () => ({
    start(ctx) {
      const leaks = longArrays(workerData, ctx.market.length);
      if (leaks.length > 0) throw new Error(`LEAK: ${leaks.join(", ")}`);
      ctx.submit({ qtyBase: ctx.parent.qtyBase, tag: "all-at-once" });
    },
  }),
});
