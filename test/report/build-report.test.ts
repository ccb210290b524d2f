import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareStrategies } from "../../src/experiment/batch.js";
import { buildReport } from "../../src/report/build-report.js";
import type {
  ImpactVsParticipation,
  PricePath,
  ShortfallDistribution,
  Trajectories,
} from "../../src/report/chart-data.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";

let store: ExecsimDatabase;
let batchId: string;
let runIds: number[];

beforeAll(async () => {
  store = openDatabase(":memory:");
  const r = await compareStrategies(store, {
    strategies: ["twap", "pov"],
    fromMs: Date.UTC(2024, 0, 5),
    toMs: Date.UTC(2024, 0, 12),
  });
  batchId = r.batchId!;
  runIds = r.runs.map((x) => x.runId);
});
afterAll(() => store.close());

const CHARTS = ["shortfall", "cost-parts", "trajectories", "price-path", "impact"];

describe("buildReport (stored compare batch)", () => {
  it("is byte-identical on a rerun and holds every chart as inline SVG, with no external reference", async () => {
    const a = await buildReport(store, { batchId });
    const b = await buildReport(store, { batchId });
    expect(a.html).toBe(b.html);
    expect(a.charts.map((c) => c.id)).toEqual(CHARTS);
    expect(a.omitted).toEqual([]);
    expect(a.warnings).toEqual([]);
    for (const id of CHARTS) expect(a.html).toMatch(new RegExp(`<div class="chart" id="chart-${id}"><svg `));
    // nothing to fetch: no src/href to another document, and a CSP that forbids it anyway
    expect(a.html).not.toMatch(/\ssrc=|<link|@import|url\(http/);
    expect(a.html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(a.html).not.toContain("<script");
  });

  it("draws exactly the stored TCA numbers", async () => {
    const r = await buildReport(store, { batchId });
    const stored = store.sqlite
      .prepare(
        `SELECT r.strategy, t.parent_id AS parentId, t.shortfall_bps AS bps, t.participation_rate AS part,
           (t.temporary_impact_quote + t.permanent_impact_quote + t.transient_impact_quote) / (t.qty_base * t.arrival_mid) * 1e4 AS impact
         FROM tca_results t JOIN runs r ON r.id = t.run_id WHERE t.level = 'parent' AND t.status = 'completed' ORDER BY t.run_id, t.seq`,
      )
      .all() as { strategy: string; parentId: string; bps: number; part: number; impact: number }[];
    expect(stored.length).toBe(2 * 7);
    const dist = r.charts.find((c) => c.id === "shortfall")!.data as ShortfallDistribution;
    const key = (s: string, p: string) => `${s}/${p}`;
    const drawn = new Map(dist.points.map((p) => [key(p.strategy, p.parentId), p.shortfallBps]));
    for (const s of stored) expect(drawn.get(key(s.strategy, s.parentId))).toBe(s.bps);
    for (const m of dist.means) {
      const xs = stored.filter((s) => s.strategy === m.strategy).map((s) => s.bps);
      expect(m.meanBps).toBeCloseTo(xs.reduce((a, x) => a + x, 0) / xs.length, 10);
    }
    const iv = r.charts.find((c) => c.id === "impact")!.data as ImpactVsParticipation;
    for (const p of iv.points) {
      const s = stored.find((x) => x.strategy === p.strategy && x.parentId === p.parentId)!;
      expect(p.participation).toBe(s.part);
      expect(p.impactBps).toBeCloseTo(s.impact, 9);
    }
    // the chart's inline data is the same records
    const spec = r.charts.find((c) => c.id === "shortfall")!.spec as {
      layer: { data: { values: unknown[] } }[];
    };
    expect(JSON.parse(JSON.stringify(spec.layer[0]!.data.values))).toEqual(dist.points);
  });

  it("draws the chosen parent's fills on the price path, the trajectories stay on the median parent", async () => {
    const median = (await buildReport(store, { batchId })).charts.find((c) => c.id === "trajectories")!
      .data as Trajectories;
    const chosen = median.parentId === "2024-01-05" ? "2024-01-06" : "2024-01-05";
    const r = await buildReport(store, { batchId }, { parentId: chosen });
    expect((r.charts.find((c) => c.id === "price-path")!.data as PricePath).parentId).toBe(chosen);
    expect((r.charts.find((c) => c.id === "trajectories")!.data as Trajectories).parentId).toBe(
      median.parentId,
    );
    expect(r.html).toContain(`Fills on the price path (parent ${chosen})`);
  });

  it("reports one run, and leaves out the fill charts with a note when fills were not stored", async () => {
    const one = await buildReport(store, { runId: runIds[0]! });
    expect(one.charts.map((c) => c.id)).toEqual(CHARTS);
    store.sqlite.prepare("DELETE FROM fills WHERE run_id = ?").run(runIds[1]!);
    const r = await buildReport(store, { runId: runIds[1]! });
    expect(r.omitted.map((o) => o.id)).toEqual(["trajectories", "price-path"]);
    expect(r.html).toContain("Not drawn: the runs&#39; fills were not stored (run with --store parents");
    const batch = await buildReport(store, { batchId });
    expect(batch.omitted).toEqual([]);
    expect(batch.html).toContain("Left out (fills not stored): pov.");
  });

  it("refuses unknown ids (NOT_FOUND) and malformed sweep ids (INVALID_ARGUMENT)", async () => {
    await expect(buildReport(store, { batchId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(buildReport(store, { runId: 999 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(buildReport(store, { sweepId: "5" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(buildReport(store, { sweepId: "s1" })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    await expect(buildReport(store, { batchId }, { parentId: "1999-01-01" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("inlines the Vega runtime with --interactive", async () => {
    const r = await buildReport(store, { batchId }, { interactive: true });
    expect(r.html).toContain("script-src 'unsafe-inline' 'unsafe-eval'");
    expect(r.html).toContain('<script type="application/json" id="execsim-specs">');
    expect(r.html.length).toBeGreaterThan(500_000);
  });
});

describe("buildReport of runs stored with --store parents / summary", () => {
  it("leaves out the charts whose rows were not stored, saying which --store level did it", async () => {
    const s = openDatabase(":memory:");
    try {
      const range = { strategies: ["twap"], fromMs: Date.UTC(2024, 0, 5), toMs: Date.UTC(2024, 0, 7) };
      const parents = await compareStrategies(s, range, { store: "parents" });
      const p = await buildReport(s, { batchId: parents.batchId! });
      expect(p.charts.map((c) => c.id)).toEqual(["shortfall", "cost-parts", "impact"]);
      expect(p.omitted.map((o) => o.reason)).toEqual([
        expect.stringContaining("--store parents"),
        expect.stringContaining("--store parents"),
      ]);
      const summary = await compareStrategies(s, range, { store: "summary" });
      const q = await buildReport(s, { batchId: summary.batchId! });
      expect(q.charts).toEqual([]);
      expect(q.omitted).toHaveLength(5);
      for (const o of q.omitted) expect(o.reason).toContain("--store summary");
      expect(q.html).toContain("Not drawn: no per-parent rows were stored for these runs");
    } finally {
      s.close();
    }
  });
});
