/**
 * The amm-route strategy: its children name their route, so with `route=uni-5` every fill is at that
 * pool whatever the run's mode, small children go to the book with bookBelow, and without pools the
 * engine refuses a pool route (the run fails with a message saying to add --pools).
 */

import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compareStrategies } from "../../src/experiment/batch.js";
import { openDatabase } from "../../src/store/database.js";

const POOLS = {
  pools: [
    { name: "uni-30", model: "constant-product", reserveBase: 400, fee: 0.003 },
    { name: "uni-5", model: "constant-product", reserveBase: 150, fee: 0.0005 },
  ],
};
const RANGE = { fromMs: Date.parse("2024-01-10T00:00:00Z"), toMs: Date.parse("2024-01-12T00:00:00Z") };

describe("amm-route strategy", () => {
  it("children follow their own route; bookBelow sends small ones to the book", async () => {
    const store = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), "execsim-amm-route-")), "r.db"));
    try {
      const r = await compareStrategies(store, {
        ...RANGE,
        strategies: ["amm-route:route=uni-5", "amm-route:route=optimal:bookBelow=1e9"],
        pools: POOLS,
        routing: ["optimal"],
      });
      expect(r.runs.map((x) => [x.strategy, x.status])).toEqual([
        ["amm-route(route=uni-5,routing=optimal)", "completed"],
        ["amm-route(route=optimal,bookBelow=1e9,routing=optimal)", "completed"],
      ]);
      const venues = (id: number) =>
        (
          store.sqlite.prepare("SELECT DISTINCT venue FROM fills WHERE run_id = ?").all(id) as {
            venue: string;
          }[]
        ).map((v) => v.venue);
      expect(venues(r.runs[0]!.runId)).toEqual(["uni-5"]);
      expect(venues(r.runs[1]!.runId)).toEqual(["book"]);
      const noPools = await compareStrategies(store, { ...RANGE, strategies: ["amm-route:route=optimal"] });
      expect(noPools.runs[0]!.status).toBe("failed");
      expect(noPools.runs[0]!.error).toMatch(/route "optimal" needs a run with pools \(--pools FILE\)/);
    } finally {
      store.close();
    }
  });
});
