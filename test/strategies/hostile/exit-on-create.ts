/** Hostile fixture: ends the process as soon as its factory is called (at load time, in the main thread). */
import { defineStrategy } from "../../../src/strategy.js";

export default defineStrategy({
  name: "exit-on-create",
  defaults: {},
  create: () => {
    process.exit(0);
  },
});
