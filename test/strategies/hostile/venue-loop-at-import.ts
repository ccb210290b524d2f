/** Hostile fixture: a venue file whose module never finishes loading (an endless loop at import). */
import { defineVenue, NoImpactVenue } from "../../../src/index.js";

const spin = (): void => {
  for (;;) {
    // spin
  }
};
spin();

export default defineVenue<{ halfSpreadBps: number }>({
  name: "never-loads",
  description: "never loads",
  defaults: { halfSpreadBps: 2 },
  create: (p) => new NoImpactVenue({ spread: "fixed", halfSpreadBps: p.halfSpreadBps ?? 2 }),
});
