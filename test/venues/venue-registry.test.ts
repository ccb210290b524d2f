/**
 * Venues by definition value: the built-ins come from the registry, a user's venue file loads like a
 * strategy file (and runs through the batch by path), the routed venue registers the same way, and bad
 * definitions or parameters are refused with a message that says what to do.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { compareStrategies } from "../../src/experiment/batch.js";
import { openDatabase } from "../../src/store/database.js";
import { createVenue, venueDefaults } from "../../src/venues/venue-factory.js";
import {
  defineVenue,
  findVenue,
  loadVenueFile,
  registeredVenueNames,
} from "../../src/venues/venue-registry.js";
import { flatSeries } from "../helpers/series-fixtures.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FILE = path.join(HERE, "examples/fixed-spread-venue.ts");

describe("venue registry", () => {
  it("holds the built-ins and the routed venue, with aliases", () => {
    expect(registeredVenueNames()).toEqual([
      "book",
      "sqrt",
      "almgren-chriss",
      "propagator",
      "none",
      "routed",
    ]);
    expect(findVenue("AC")?.name).toBe("almgren-chriss");
    expect(Object.keys(venueDefaults("routed"))).toEqual([
      "pools",
      "routing",
      "book",
      "takerFeeRate",
      "step",
      "arbitrage",
    ]);
  });

  it("loads a user's venue file and creates it by path; its parameters are checked", async () => {
    const def = await loadVenueFile(FILE);
    expect(def.name).toBe("fixed-spread");
    const v = createVenue(FILE, { halfSpreadBps: 10 });
    const series = flatSeries(60);
    v.reset(series, createRng(1));
    v.advanceTo(series.openTimeMs[5]!);
    const r = v.execute("buy", 1);
    // no impact, a fixed 10 bp half-spread: pays mid·(1 + 10e-4)
    expect(r.avgPrice / r.marketMid).toBeCloseTo(1.001, 12);
    expect(() => createVenue(FILE, { halfspread: 1 })).toThrow(
      /no parameter "halfspread"; accepted: halfSpreadBps/,
    );
    expect(() => createVenue(FILE, { halfSpreadBps: 500 })).toThrow(/\[0, 100\]/);
    await expect(loadVenueFile(path.join(HERE, "examples/missing.ts"))).rejects.toThrow(
      /could not load venue/,
    );
    expect(() => defineVenue({ name: "", defaults: {}, create: () => createVenue("none") })).toThrow(
      /non-empty name/,
    );
  });

  it("a batch runs on a venue file named by path (--impact ./my-venue.ts), storing its name per fill", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "execsim-venue-file-"));
    const store = openDatabase(path.join(dir, "v.db"));
    try {
      const r = await compareStrategies(store, {
        fromMs: Date.parse("2024-01-10T00:00:00Z"),
        toMs: Date.parse("2024-01-11T00:00:00Z"),
        strategies: ["twap"],
        impact: FILE as never,
        impactParams: { halfSpreadBps: 3 },
      });
      expect(r.runs[0]!.status).toBe("completed");
      // no impact, a fixed 3 bp half-spread: every fill pays its mid + 3 bp, so spread cost = 3 bps
      const f = store.sqlite
        .prepare("SELECT DISTINCT venue, half_spread / market_mid AS h FROM fills WHERE run_id = ?")
        .all(r.runs[0]!.runId) as { venue: string; h: number }[];
      expect(f.map((x) => x.venue)).toEqual(["none"]);
      for (const x of f) expect(x.h).toBeCloseTo(3e-4, 12);
    } finally {
      store.close();
    }
  });

  it("the routed venue by name: needs pools, builds around the book", () => {
    expect(() => createVenue("routed", {})).toThrow(/needs pools=FILE/);
    const v = createVenue("routed", {
      pools: { pools: [{ name: "p", model: "cp", reserveBase: 50, fee: 0.003 }] },
      routing: "optimal",
    });
    expect(v.describe().routing).toBe("optimal");
    expect(v.name).toBe("book");
  });
});
