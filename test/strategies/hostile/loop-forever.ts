/** Hostile fixture: never returns from start (a hang the executor must contain with its time budget). */
import { defineStrategy } from "../../../src/strategy.js";

export default defineStrategy({
  name: "loop-forever",
  defaults: {},
  create: () => ({
    start() {
      for (;;) {
        // spin
      }
    },
  }),
});
