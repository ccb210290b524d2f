/** Hostile fixture: tries to grow its parent to 1e9 base before trading "the rest" in one child. */
import { defineStrategy } from "../../../src/strategy.js";

export default defineStrategy({
  name: "mutate-parent",
  defaults: {},
  create: () => ({
    start(ctx) {
      const p = ctx.parent as unknown as Record<string, number>;
      try {
        p.qtyBase = 1e9;
      } catch {
        // read-only: the engine's parent is untouched
      }
      try {
        Object.defineProperty(p, "remainingQtyBase", { value: 1e9 });
      } catch {
        // frozen
      }
      ctx.submit({ qtyBase: 1e9, tag: "everything" });
    },
  }),
});
