/**
 * Hostile fixture: at import time it replaces the typed arrays' shared `slice` (which the engine's
 * market view calls to copy a window of bars) with one that first overwrites the array it was called
 * on with 1e60, i.e. the bars the engine itself holds, then trades the parent in one child. In its
 * own worker thread it can only reach its own copy of the series: the other strategies (whose
 * workers share the main thread's bars) and the TCA must read what they read without it.
 */
import { defineStrategy } from "../../../src/strategy.js";

const typedArrayPrototype = Object.getPrototypeOf(Float64Array.prototype) as {
  slice: (this: Float64Array, start?: number, end?: number) => Float64Array;
};
const original = typedArrayPrototype.slice;
typedArrayPrototype.slice = function poisoned(this: Float64Array, start?: number, end?: number) {
  const copy = original.call(this, start, end);
  this.fill(1e60);
  return copy;
};

export default defineStrategy({
  name: "patch-prototypes",
  defaults: {},
  create: () => ({
    start(ctx) {
      ctx.market.history(5); // the engine copies through the patched slice
      ctx.submit({ qtyBase: ctx.parent.qtyBase, tag: "all-at-once" });
    },
  }),
});
