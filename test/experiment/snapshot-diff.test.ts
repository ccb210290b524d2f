/** What counts as a change in a baseline check (hand-made snapshots with known differences). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParentSnapshot, StrategySnapshot } from "../../src/experiment/baseline/run-snapshot.js";
import { diffSnapshots } from "../../src/experiment/baseline/snapshot-diff.js";
import { formatSnapshotDiff } from "../../src/report/snapshot-diff-text.js";

function parent(id: string, shortfallBps: number, fillsHash = `h-${id}`): ParentSnapshot {
  return {
    id,
    status: "completed",
    shortfallBps,
    spreadBps: 1,
    temporaryImpactBps: 0.5,
    permanentImpactBps: 0.5,
    transientImpactBps: 0,
    timingBps: shortfallBps - 7.5,
    feesBps: 5.5,
    opportunityBps: 0,
    fillsHash,
  };
}

function snap(
  label: string,
  parents: ParentSnapshot[],
  metrics: Record<string, number | null> = {},
): StrategySnapshot {
  const mean = parents.reduce((s, p) => s + p.shortfallBps!, 0) / parents.length;
  return {
    label,
    spec: label,
    source: `builtin:${label}`,
    params: {},
    sha256: "a".repeat(64),
    metrics: { parents: parents.length, failed: 0, fillRate: 1, "shortfallBps.mean": mean, ...metrics },
    parents,
  };
}

const P = [parent("d1", 10), parent("d2", 20), parent("d3", 30)];

describe("diffSnapshots", () => {
  it("identical snapshots pass with nothing to report", () => {
    const d = diffSnapshots([snap("twap", P)], [snap("twap", P)]);
    expect(d).toEqual({ ok: true, mode: "exact", toleranceBps: null, strategies: [], compared: 1 });
  });

  it("exact: a metric may move by 1e-9 bps, not 2e-9; a fills hash alone fails", () => {
    const base = snap("twap", P);
    const tiny = { ...base, metrics: { ...base.metrics, "shortfallBps.mean": 20 + 1e-10 } };
    expect(diffSnapshots([base], [tiny]).ok).toBe(true);
    const small = { ...base, metrics: { ...base.metrics, "shortfallBps.mean": 20 + 2e-9 } };
    const d = diffSnapshots([base], [small]);
    expect(d.ok).toBe(false);
    expect(d.strategies[0]!.metrics).toEqual([
      { metric: "shortfallBps.mean", old: 20, new: 20 + 2e-9, delta: 20 + 2e-9 - 20 },
    ]);
    const refilled = snap("twap", [P[0]!, parent("d2", 20, "other"), P[2]!]);
    const f = diffSnapshots([base], [refilled]);
    expect(f.ok).toBe(false);
    expect(f.strategies[0]!.fillsChanged).toBe(1);
    expect(f.strategies[0]!.moved.map((m) => m.parentId)).toEqual(["d2"]);
    // with a tolerance the fills hashes are skipped
    expect(diffSnapshots([base], [refilled], { toleranceBps: 0 }).ok).toBe(true);
  });

  it("tolerance X: bps metrics within X, fractions within X·1e-4, counts exact", () => {
    const base = snap("is", P);
    const moved = (m: Record<string, number>) => ({ ...base, metrics: { ...base.metrics, ...m } });
    expect(diffSnapshots([base], [moved({ "shortfallBps.mean": 20.4 })], { toleranceBps: 0.5 }).ok).toBe(
      true,
    );
    expect(diffSnapshots([base], [moved({ "shortfallBps.mean": 20.6 })], { toleranceBps: 0.5 }).ok).toBe(
      false,
    );
    expect(diffSnapshots([base], [moved({ fillRate: 1 - 0.4e-4 })], { toleranceBps: 0.5 }).ok).toBe(true);
    expect(diffSnapshots([base], [moved({ fillRate: 1 - 0.6e-4 })], { toleranceBps: 0.5 }).ok).toBe(false);
    expect(diffSnapshots([base], [moved({ failed: 1 })], { toleranceBps: 100 }).ok).toBe(false);
    // a tolerance is never stricter than the exact check (found by the property below)
    expect(diffSnapshots([base], [moved({ "shortfallBps.mean": 20 + 5e-10 })], { toleranceBps: 0 }).ok).toBe(
      true,
    );
  });

  it("a changed strategy file alone is reported, not a failure", () => {
    const base = snap("mine", P);
    const d = diffSnapshots([base], [{ ...base, sha256: "b".repeat(64) }]);
    expect(d.ok).toBe(true);
    expect(d.strategies).toHaveLength(1);
    expect(d.strategies[0]!.sha256Change).toEqual({ old: "a".repeat(64), new: "b".repeat(64) });
    expect(formatSnapshotDiff("baseline x", d)).toBe(
      "PASS baseline x: 1 strategy reproduced (exact)\n  mine: unchanged results\n" +
        "    strategy file changed (sha256 aaaaaaaaaaaa → bbbbbbbbbbbb); reported, not a failure by itself",
    );
  });

  it("lists the parents that moved most, largest |Δ shortfall| first, and names added/removed strategies and parents", () => {
    const next = snap("twap", [parent("d1", 10.5), parent("d2", 17), parent("d4", 1)]);
    const d = diffSnapshots([snap("twap", P), snap("vwap", P)], [next, snap("pov", P)]);
    expect(d.ok).toBe(false);
    const t = d.strategies[0]!;
    expect(t.moved.map((m) => [m.parentId, m.deltaBps])).toEqual([
      ["d2", -3],
      ["d1", 0.5],
    ]);
    expect(t.parentsRemoved).toEqual(["d3"]);
    expect(t.parentsAdded).toEqual(["d4"]);
    expect(d.strategies.map((s) => [s.strategy, s.presence])).toEqual([
      ["twap", "both"],
      ["vwap", "removed"],
      ["pov", "added"],
    ]);
    const text = formatSnapshotDiff("baseline b", d);
    expect(text).toContain("FAIL baseline b: 3 of 3 strategies changed (exact)");
    expect(text).toContain("    shortfallBps.mean  20 → 9.5 (-10.5000)");
    expect(text).toContain("      d2  20 → 17 (-3.0000)");
    expect(text).toContain("  vwap: missing from the new results");
    expect(text).toContain("  pov: new strategy, not in the baseline");
  });
});

describe("diffSnapshots properties", () => {
  const value = fc.option(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { nil: null });
  const parentArb = fc.record({
    id: fc.constantFrom("d1", "d2", "d3", "d4"),
    status: fc.constantFrom("completed", "failed"),
    shortfallBps: value,
    spreadBps: value,
    temporaryImpactBps: value,
    permanentImpactBps: value,
    transientImpactBps: value,
    timingBps: value,
    feesBps: value,
    opportunityBps: value,
    fillsHash: fc.constantFrom("a", "b"),
  });
  const snapArb = fc.record({
    label: fc.constantFrom("twap", "is"),
    spec: fc.constant("twap"),
    source: fc.constant("builtin:twap"),
    params: fc.constant({}),
    sha256: fc.constantFrom("x", "y", null),
    metrics: fc.dictionary(
      fc.constantFrom("parents", "fillRate", "shortfallBps.mean", "feesBps.mean"),
      value,
    ),
    parents: fc.uniqueArray(parentArb, { selector: (p) => p.id, maxLength: 4 }),
  });
  const tol = fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: null });

  it("a snapshot reproduces itself, and whether two differ does not depend on which is old", () => {
    fc.assert(
      fc.property(
        fc.array(snapArb, { maxLength: 2 }),
        fc.array(snapArb, { maxLength: 2 }),
        tol,
        (a, b, t) => {
          const uniq = (xs: StrategySnapshot[]) =>
            xs.filter((x, i) => xs.findIndex((y) => y.label === x.label) === i);
          const [ua, ub] = [uniq(a), uniq(b)];
          expect(diffSnapshots(ua, ua, { toleranceBps: t }).ok).toBe(true);
          expect(diffSnapshots(ua, ub, { toleranceBps: t }).ok).toBe(
            diffSnapshots(ub, ua, { toleranceBps: t }).ok,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a tolerance never fails a check that the exact comparison passes", () => {
    fc.assert(
      fc.property(snapArb, snapArb, fc.double({ min: 0, max: 10, noNaN: true }), (a, b, t) => {
        const exact = diffSnapshots([a], [{ ...b, label: a.label }]).ok;
        if (exact) expect(diffSnapshots([a], [{ ...b, label: a.label }], { toleranceBps: t }).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
