/**
 * `execsim report --sweep ID` in the library: a λ sweep of IS on the built-in data, reported from the
 * store. The frontier's numbers are the stored sweep_points rows, the page repeats byte for byte (also
 * from an independent rerun of the sweep), and partial sweeps say what is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSweep } from "../../src/experiment/sweep/run-sweep.js";
import { buildReport } from "../../src/report/build-report.js";
import type { ShortfallDistribution } from "../../src/report/chart-data.js";
import { frontierSpec } from "../../src/report/frontier-spec.js";
import { compileSpec, renderSvg } from "../../src/report/render-svg.js";
import {
  type SweepFrontier,
  type SweepPointView,
  sweepFrontier,
} from "../../src/report/sweep-report-data.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";
import { createSweep } from "../../src/store/sweep-store.js";

const WEEK = { fromMs: Date.UTC(2024, 0, 3), toMs: Date.UTC(2024, 0, 10) };
const INPUT = { strategy: "is", params: ["lambda=1e-6:1e-2:5"], run: WEEK };

let store: ExecsimDatabase;
let sweepId: number;

beforeAll(async () => {
  store = openDatabase(":memory:");
  sweepId = (await runSweep(store, INPUT)).sweepId;
}, 120_000);
afterAll(() => store.close());

describe("the report of a stored sweep", () => {
  it("draws the frontier and the per-point charts as inline SVG, the fill charts left out with a note", async () => {
    const r = await buildReport(store, { sweepId: String(sweepId) });
    expect(r.charts.map((c) => c.id)).toEqual(["frontier", "shortfall", "cost-parts", "impact"]);
    expect(r.omitted.map((o) => o.id)).toEqual(["trajectories", "price-path"]);
    for (const o of r.omitted) expect(o.reason).toContain("a sweep stores parent-level rows only");
    expect(r.warnings).toEqual([]);
    for (const c of r.charts) expect(r.html).toContain(`<div class="chart" id="chart-${c.id}"><svg `);
    expect(r.html).not.toMatch(/\ssrc=|<link|@import|url\(http|<script/);
    expect(r.html).toContain(`<title>execsim report: sweep ${sweepId} (is)</title>`);
  });

  it("is byte-identical on a rerun, and from an independent rerun of the same sweep", async () => {
    const a = await buildReport(store, { sweepId: String(sweepId) });
    const b = await buildReport(store, { sweepId: String(sweepId) });
    expect(a.html).toBe(b.html);
    const other = openDatabase(":memory:");
    try {
      const id = (await runSweep(other, INPUT)).sweepId;
      expect((await buildReport(other, { sweepId: String(id) })).html).toBe(a.html);
    } finally {
      other.close();
    }
  }, 120_000);

  it("draws exactly the stored sweep_points numbers, the recommended point among them", async () => {
    const rows = store.sqlite
      .prepare("SELECT idx, summary_json, theoretical_json FROM sweep_points WHERE sweep_id = ? ORDER BY idx")
      .all(sweepId) as { idx: number; summary_json: string; theoretical_json: string }[];
    const rec = JSON.parse(
      store.sqlite.prepare("SELECT recommended_json FROM sweeps WHERE id = ?").pluck().get(sweepId) as string,
    ) as { index: number; shortfallBps: number; sdBps: number };
    const r = await buildReport(store, { sweepId: String(sweepId) });
    const chart = r.charts.find((c) => c.id === "frontier")!;
    const f = chart.data as SweepFrontier;
    expect(rows).toHaveLength(5);
    expect(f.realized).toHaveLength(5);
    expect(f.theory).toHaveLength(5);
    rows.forEach((row, i) => {
      const s = JSON.parse(row.summary_json).shortfallBps as { n: number; mean: number; std: number };
      const t = JSON.parse(row.theoretical_json) as { meanBps: number; sdBps: number };
      const p = f.realized[i]!;
      expect(p.point).toBe(row.idx + 1);
      expect([p.meanBps, p.sdBps, p.n]).toEqual([s.mean, s.std, 7]);
      expect(p.seBps).toBeCloseTo(s.std / Math.sqrt(7), 12);
      expect([f.theory[i]!.meanBps, f.theory[i]!.sdBps]).toEqual([t.meanBps, t.sdBps]);
    });
    expect(f.recommended!.point).toBe(rec.index + 1);
    expect([f.recommended!.meanBps, f.recommended!.sdBps]).toEqual([rec.shortfallBps, rec.sdBps]);
    // the chart's inline data is the same records
    const spec = JSON.parse(JSON.stringify(chart.spec)) as {
      layer: { data: { values: Record<string, unknown>[] } }[];
    };
    expect(spec.layer[0]!.data.values).toEqual(
      f.theory.map((p) => ({ series: "Almgren-Chriss theory", ...p })),
    );
    expect(spec.layer[1]!.data.values).toEqual(f.theory);
    expect(spec.layer[2]!.data.values).toEqual(f.realized.map((p) => ({ series: "realized", ...p })));
    expect(spec.layer[3]!.data.values).toEqual([{ ...f.recommended, series: "recommended" }]);
    // the per-point shortfall chart draws the points' stored parent TCA rows
    const stored = store.sqlite
      .prepare(
        `SELECT r.strategy, t.parent_id AS parentId, t.shortfall_bps AS bps FROM tca_results t
           JOIN sweep_points p ON p.run_id = t.run_id JOIN runs r ON r.id = t.run_id
         WHERE p.sweep_id = ? AND t.level = 'parent' ORDER BY p.idx, t.seq`,
      )
      .all(sweepId) as { strategy: string; parentId: string; bps: number }[];
    expect(stored).toHaveLength(5 * 7);
    const dist = r.charts.find((c) => c.id === "shortfall")!.data as ShortfallDistribution;
    expect(dist.points.map((p) => [p.strategy, p.parentId, p.shortfallBps])).toEqual(
      stored.map((x) => [x.strategy, x.parentId, x.bps]),
    );
    // the point table holds the same means, the recommended row starred
    expect(r.html).toContain(`<td>completed *</td>`);
    for (const p of f.realized) expect(r.html).toContain(`${p.meanBps.toFixed(2)} ± ${p.sdBps.toFixed(2)}`);
  });

  it("holds what reproduces it: the sweep's config, seed, candles hash (checked now) and code version", async () => {
    const w = store.sqlite.prepare("SELECT * FROM sweeps WHERE id = ?").get(sweepId) as Record<
      string,
      string
    >;
    const { html } = await buildReport(store, { sweepId: String(sweepId) });
    expect(html).toContain(`<td>${w.candles_hash}</td><td>matches the store</td><td>${w.code_version}</td>`);
    expect(html).toContain(`<summary>config of sweep ${sweepId}</summary>`);
    expect(html).toContain("&quot;lambda=1e-6:1e-2:5&quot;");
    expect(html).toContain(`<code>execsim report --sweep ${sweepId}</code>`);
    // the five runs share one config once the per-point keys are set aside
    expect(html.match(/<summary>config of run\(s\) /g)).toHaveLength(1);
  });

  it("reports a partial sweep: unfinished points are listed, not drawn", async () => {
    const s = openDatabase(":memory:");
    try {
      const id = (await runSweep(s, { ...INPUT, params: ["lambda=1e-6,1e-4,1e-2"] })).sweepId;
      s.sqlite
        .prepare(
          `UPDATE sweep_points SET status = 'pending', run_id = NULL, summary_json = NULL, cost_parts_json = NULL,
             theoretical_json = NULL WHERE sweep_id = ? AND idx = 2`,
        )
        .run(id);
      s.sqlite.prepare("UPDATE sweeps SET status = 'interrupted', error = 'stopped' WHERE id = ?").run(id);
      const r = await buildReport(s, { sweepId: String(id) });
      const f = r.charts.find((c) => c.id === "frontier")!.data as SweepFrontier;
      expect(f.realized.map((p) => p.point)).toEqual([1, 2]);
      expect(f.notDrawn).toEqual([
        { point: 3, label: "is(lambda=0.01)", reason: expect.stringContaining("--resume") },
      ]);
      expect(r.html).toContain("Not finished (interrupted): stopped.");

      // a sweep just created: its one point pending, no run; a made-up candles hash
      const data = s.sqlite
        .prepare("SELECT symbol, category, interval, from_ms, to_ms FROM sweeps WHERE id = ?")
        .get(id) as { symbol: string; category: string; interval: string; from_ms: number; to_ms: number };
      const empty = createSweep(
        s,
        {
          strategy: "is",
          config: {},
          seed: "1",
          symbol: data.symbol,
          category: data.category,
          interval: data.interval,
          fromMs: data.from_ms,
          toMs: data.to_ms,
          candlesHash: "x",
          codeVersion: "v",
        },
        [{ label: "is(lambda=1)", params: { lambda: 1 } }],
      );
      const e = await buildReport(s, { sweepId: String(empty) });
      expect(e.charts).toEqual([]);
      expect(e.omitted.map((o) => o.id)).toEqual([
        "frontier",
        "shortfall",
        "cost-parts",
        "trajectories",
        "price-path",
        "impact",
      ]);
      expect(e.html).toContain("Not drawn: no grid point of this sweep has finished");
      expect(e.html).toContain("<td>x</td><td>DIFFERS from the store</td>");
    } finally {
      s.close();
    }
  }, 120_000);

  it("refuses unknown (NOT_FOUND) and malformed (INVALID_ARGUMENT) sweep ids", async () => {
    await expect(buildReport(store, { sweepId: "99" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(buildReport(store, { sweepId: "one" })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(buildReport(store, { sweepId: "0" })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});

describe("sweepFrontier / frontierSpec", () => {
  const point = (index: number, over: Partial<SweepPointView> = {}): SweepPointView => ({
    index,
    label: `p${index}`,
    params: { lambda: index },
    status: "completed",
    runId: index + 1,
    summary: {
      parents: 9,
      failed: 0,
      fillRate: 1,
      shortfallBps: { n: 9, mean: 10, std: 6, median: 10, p90: 15 },
    },
    costParts: null,
    theoretical: { meanBps: 12, sdBps: 5, parents: 9 },
    ...over,
  });

  it("takes mean, sd and se = sd/√n of each finished point; lists the others with the reason", () => {
    const f = sweepFrontier(
      [
        point(0),
        point(1, {
          summary: {
            parents: 1,
            failed: 0,
            fillRate: 1,
            shortfallBps: { n: 1, mean: 4, std: Number.NaN, median: 4, p90: 4 },
          },
        }),
        point(2, { status: "failed", summary: null, theoretical: null }),
        point(3, { status: "pending", summary: null, theoretical: null }),
      ],
      { index: 0, label: "p0", rule: "r", shortfallBps: 10, sdBps: 6 },
    );
    // se = 6/√9 = 2
    expect(f.realized).toEqual([
      { point: 1, label: "p0", n: 9, meanBps: 10, sdBps: 6, seBps: 2, loBps: 8, hiBps: 12 },
    ]);
    expect(f.theory.map((t) => [t.point, t.meanBps, t.sdBps])).toEqual([
      [1, 12, 5],
      [2, 12, 5],
    ]);
    expect(f.notDrawn.map((n) => [n.point, n.reason])).toEqual([
      [2, "fewer than two completed parents, so no standard deviation"],
      [3, "its run failed"],
      [4, "not run yet (`execsim sweep --resume` finishes the sweep)"],
    ]);
    expect(f.recommended).toBe(f.realized[0]);
  });

  it("renders without warnings, with and without a theoretical curve or a recommendation", async () => {
    const f = sweepFrontier([point(0), point(1, { theoretical: null })], null);
    for (const spec of [frontierSpec(f, false), frontierSpec({ ...f, theory: [] }, false)]) {
      const { svg, warnings } = await renderSvg(spec);
      expect(warnings).toEqual([]);
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg).toContain("standard deviation of shortfall (bps)");
    }
    // the interactive spec (pan/zoom) compiles cleanly; it runs in the browser only
    const warnings: string[] = [];
    await compileSpec(frontierSpec(f, true), warnings);
    expect(warnings).toEqual([]);
  });
});
