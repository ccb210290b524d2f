/** Hostile fixture: ends the process from inside its first callback. */
import { defineStrategy } from "../../../src/index.js";

export default defineStrategy({
  name: "exit-process",
  defaults: {},
  create: () => ({
    start() {
      process.exit(0);
    },
  }),
});
