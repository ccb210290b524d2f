/** A user's venue file: a fixed half-spread, no impact, written against the public API only. */
import { defineVenue, NoImpactVenue } from "../../../src/index.js";

export default defineVenue<{ halfSpreadBps: number }>({
  name: "fixed-spread",
  description: "mid ± a fixed half-spread, no impact",
  defaults: { halfSpreadBps: 2 },
  validate: (p) => {
    if (p.halfSpreadBps !== undefined && !(p.halfSpreadBps >= 0 && p.halfSpreadBps <= 100)) {
      throw new Error(`halfSpreadBps must be in [0, 100], got ${p.halfSpreadBps}`);
    }
  },
  create: (p) => new NoImpactVenue({ spread: "fixed", halfSpreadBps: p.halfSpreadBps ?? 2 }),
});
