/** Hostile fixture: throws from a timer outside the engine's call stack (an uncaught error). */
import { defineStrategy } from "../../../src/strategy.js";

export default defineStrategy({
  name: "throw-async",
  defaults: {},
  create: () => ({
    start(ctx) {
      setTimeout(() => {
        throw new Error("boom from a stray timer");
      }, 0);
      ctx.submit({ qtyBase: ctx.parent.qtyBase, tag: "all" });
    },
  }),
});
