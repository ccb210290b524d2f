/** Hostile fixture: ends the process from inside its first callback. */
import { defineStrategy } from "../../../src/strategy.js";

export default defineStrategy({
  name: "exit-process",
  defaults: {},
  create: () => ({
    start() {
      process.exit(0);
    },
  }),
});
