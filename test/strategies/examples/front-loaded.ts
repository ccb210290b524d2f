/**
 * A user-style strategy, written exactly as a user would (only the public API): send half the
 * parent at the start and the rest in `tail` equal children one bar apart.
 */
import { defineStrategy, ExecsimError } from "../../../src/index.js";

export default defineStrategy({
  name: "front-loaded",
  description: "half at the start, the rest in equal children one bar apart",
  defaults: { firstFraction: 0.5, tail: 4 },
  validate: (p) => {
    if (!(p.firstFraction > 0 && p.firstFraction <= 1))
      throw new ExecsimError("INVALID_CONFIG", `firstFraction must be in (0, 1], got ${p.firstFraction}`);
  },
  create: (p) => {
    let left = 0;
    return {
      start(ctx) {
        ctx.submit({ qtyBase: ctx.parent.qtyBase * p.firstFraction, tag: "first" });
        left = p.tail;
        ctx.setTimer(ctx.now + ctx.market.intervalMs, "tail");
      },
      onTimer(ctx) {
        const q = (ctx.parent.qtyBase * (1 - p.firstFraction)) / p.tail;
        if (q > 0) ctx.submit({ qtyBase: q, tag: `tail-${left}` });
        left--;
        if (left > 0) ctx.setTimer(ctx.now + ctx.market.intervalMs, "tail");
      },
    };
  },
});
