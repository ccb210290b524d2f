/** Careless fixture: sends no order at all (0 % filled: it must not rank first). */
import { defineStrategy } from "../../../src/strategy.js";

export default defineStrategy({
  name: "trade-nothing",
  defaults: {},
  create: () => ({
    start() {
      // nothing
    },
  }),
});
