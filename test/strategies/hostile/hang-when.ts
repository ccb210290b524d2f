/**
 * Hostile fixture for sweeps: with `hang=1` it never returns from start (a hang the executor must
 * contain); with `hang=0` it buys the whole parent at once.
 */
import { defineStrategy } from "../../../src/strategy.js";

export default defineStrategy({
  name: "hang-when",
  defaults: { hang: 0 },
  integerParams: ["hang"],
  create: (p) => ({
    start(ctx) {
      if (p.hang === 1)
        for (;;) {
          // spin
        }
      ctx.submit({ qtyBase: ctx.parent.qtyBase });
    },
  }),
});
