/**
 * Determinism and the integration with the real venues: the same series, spec and seed give
 * byte-identical results; a (strategy, parent) result does not depend on the other pairs in the run.
 */
import { describe, expect, it } from "vitest";
import {
  createVenue,
  type LoadedStrategy,
  loadStrategy,
  type ParentExecution,
  type SimulationSpec,
  simulate,
} from "../../src/index.js";
import { DAY, longSeries, parent } from "../helpers/engine-fixtures.js";

const series = longSeries();
const parents = [
  parent({ id: "d2-buy", startMs: DAY(2, 1), endMs: DAY(2, 3), maxParticipation: 0.3 }),
  parent({ id: "d2-sell", side: "sell", qtyBase: 25, startMs: DAY(2, 4), endMs: DAY(2, 8) }),
];

async function builtins(): Promise<LoadedStrategy[]> {
  return Promise.all([
    loadStrategy("twap"),
    loadStrategy("vwap"),
    loadStrategy("pov", { params: { rate: 0.1 } }),
    loadStrategy("is", { params: { lambda: 1e-5 } }),
    loadStrategy("adaptive", { params: { lambda: 1e-5 } }),
  ]);
}

function specFor(strategies: LoadedStrategy[], seed: string | number, kind = "book"): SimulationSpec {
  return { series, parents, strategies, createVenue: () => createVenue(kind), latencyMs: 250, seed };
}

const total = (e: ParentExecution) => e.fills.reduce((a, f) => a + f.qtyBase, 0);

describe("determinism with the SyntheticBookVenue", () => {
  it("the same data, spec and seed give byte-identical results", async () => {
    const strategies = await builtins();
    const a = JSON.stringify(simulate(specFor(strategies, "seed-1")));
    const b = JSON.stringify(simulate(specFor(strategies, "seed-1")));
    expect(a.length).toBeGreaterThan(10_000);
    expect(b).toBe(a);
    // ... and the seed matters (the book venue's sub-bar path and depth noise come from it).
    expect(JSON.stringify(simulate(specFor(strategies, "seed-2")))).not.toBe(a);
  });

  it("every strategy faces the same market for a parent: two copies of TWAP under different names fill identically", async () => {
    const twap = await loadStrategy("twap");
    const r = simulate(specFor([twap, { ...twap, name: "twap-copy" }], "crn"));
    const strip = (e: ParentExecution) =>
      JSON.stringify(e.fills.map((f) => [f.timeMs, f.qtyBase, f.avgPrice, f.marketMid]));
    expect(r).toHaveLength(4);
    expect(strip(r[2]!)).toBe(strip(r[0]!));
    expect(strip(r[3]!)).toBe(strip(r[1]!));
    expect(r[0]!.fills.length).toBeGreaterThan(0);
  });

  it("every built-in completes on the book venue, buys pay above and sells receive below the mid", async () => {
    const r = simulate(specFor(await builtins(), 7));
    expect(r.map((e) => `${e.strategy}/${e.parent.id}:${e.status}`)).toEqual(
      ["twap", "vwap", "pov", "almgren-chriss", "adaptive"].flatMap((s) => [
        `${s}/d2-buy:completed`,
        `${s}/d2-sell:completed`,
      ]),
    );
    for (const e of r) {
      expect(total(e)).toBeGreaterThan(0);
      expect(total(e)).toBeLessThanOrEqual(e.parent.qtyBase * (1 + 1e-12));
      for (const f of e.fills) {
        if (f.side === "buy") expect(f.avgPrice).toBeGreaterThan(f.midBefore);
        else expect(f.avgPrice).toBeLessThan(f.midBefore);
        expect(f.venue).toBe("book");
        expect(f.midBefore - f.marketMid).toBeCloseTo(f.permanentImpactBefore + f.transientImpactBefore, 6);
      }
    }
  });

  it("a pair's result does not depend on the other strategies in the run", async () => {
    const all = await builtins();
    const full = simulate(specFor(all, 3));
    const alone = simulate(specFor([all[3]!], 3));
    const want = JSON.stringify(full.filter((e) => e.strategy === "almgren-chriss"));
    expect(JSON.stringify(alone)).toBe(want);
    // ... nor on what earlier runs on the same series object computed (the venues share per-series
    // statistics): a fresh copy of the series, whose caches start cold, gives the same bytes
    const cold = simulate({ ...specFor([all[3]!], 3), series: { ...series } });
    expect(JSON.stringify(cold)).toBe(want);
  });

  it("runs on every venue kind of the factory", async () => {
    const [tw] = await builtins();
    for (const kind of ["book", "sqrt", "almgren-chriss", "propagator", "none"]) {
      const r = simulate(specFor([tw!], 1, kind));
      expect(
        r.map((e) => e.status),
        kind,
      ).toEqual(["completed", "completed"]);
      expect(total(r[1]!)).toBeCloseTo(25, 9);
    }
  });
});
