/**
 * Hostile fixture: writes huge numbers into every array it can get from the market view (the
 * history copies, their underlying buffers, the volume profile), then trades like TWAP in one child.
 * Another strategy's results must be bit-identical with and without it in the same run.
 */
import { defineStrategy } from "../../../src/strategy.js";

export default defineStrategy({
  name: "poison-buffers",
  defaults: {},
  create: () => ({
    start(ctx) {
      const m = ctx.market;
      for (const s of [m.history(), m.preStartHistory()]) {
        for (const col of [s.openTimeMs, s.open, s.high, s.low, s.close, s.volume, s.turnover]) {
          new Float64Array(col.buffer).fill(1e60);
        }
      }
      m.volumeProfile().fill(1e60);
      ctx.submit({ qtyBase: ctx.parent.qtyBase / 2, tag: "half" });
    },
    onBar(ctx) {
      const h = ctx.market.history(5);
      new Float64Array(h.close.buffer).fill(1e60);
    },
  }),
});
