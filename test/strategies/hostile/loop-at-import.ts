/** Hostile fixture: its module never finishes loading (an endless loop at the top level, at import). */
import { defineStrategy } from "../../../src/strategy.js";

const spin = (): void => {
  for (;;) {
    // spin
  }
};
spin();

export default defineStrategy({
  name: "loop-at-import",
  defaults: {},
  create: () => ({
    start() {
      // never reached
    },
  }),
});
