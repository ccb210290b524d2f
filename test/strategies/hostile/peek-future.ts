/**
 * Hostile fixture: tries to read bars that have not closed, through everything the context reaches
 * (the buffers behind history(), the view's fields and prototype, the parent), and trades the whole
 * parent at start if it finds a future close below the arrival mid (buy). `found` says what leaked.
 */
import { defineStrategy, type StrategyContext } from "../../../src/strategy.js";

/** Every way the issue found (and a few more) to reach the future from the context. */
export function probeFuture(ctx: StrategyContext): string[] {
  const leaks: string[] = [];
  const m = ctx.market;
  const n = m.length;
  const h = m.history();
  const wide = new Float64Array(h.close.buffer);
  if (wide.length > n) leaks.push(`history().close.buffer has ${wide.length} > ${n} bars`);
  const pre = m.preStartHistory();
  if (new Float64Array(pre.close.buffer).length > pre.length) leaks.push("preStartHistory() buffer");
  const anyView = m as unknown as Record<string, unknown>;
  for (const key of [...Object.getOwnPropertyNames(m), "series", "_series", "clock", "sums"]) {
    const v = anyView[key];
    if (v && typeof v === "object" && "close" in (v as object)) leaks.push(`market.${key}`);
  }
  try {
    (m as { length: number }).length = n + 100;
  } catch {
    // frozen / getter-only: expected
  }
  if (m.length !== n) leaks.push("market.length is writable");
  try {
    m.close(n);
    leaks.push("market.close(length) answered");
  } catch {
    // expected: future bar
  }
  const anyCtx = ctx as unknown as Record<string, unknown>;
  for (const key of ["input", "view", "log", "queue", "venue", "series"]) {
    if (anyCtx[key] !== undefined) leaks.push(`ctx.${key}`);
  }
  return leaks;
}

export const found: string[] = [];

export default defineStrategy({
  name: "peek-future",
  defaults: {},
  create: () => ({
    start(ctx) {
      found.push(...probeFuture(ctx));
      ctx.submit({ qtyBase: ctx.parent.qtyBase, tag: "all-at-once" });
    },
  }),
});
