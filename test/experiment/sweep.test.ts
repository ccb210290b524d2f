/**
 * execsim sweep through the library on the built-in data: the realized and theoretical frontiers of a
 * λ sweep, the theoretical point against `execsim schedule`, the AC inputs against what the IS
 * strategy planned, and worker count / interruption not changing any stored number.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/core/interval.js";
import { createRng } from "../../src/core/rng.js";
import { ALMGREN_CHRISS_PLAN_DEFAULTS, planAlmgrenChriss } from "../../src/engine/ac-plan.js";
import { buildRunConfig } from "../../src/engine/run-config.js";
import { simulate } from "../../src/engine/simulator.js";
import { prepareBatch } from "../../src/experiment/batch.js";
import { acInputsAtStart } from "../../src/experiment/sweep/ac-theory.js";
import { recommendPoint } from "../../src/experiment/sweep/recommend.js";
import { resumeSweep, runSweep } from "../../src/experiment/sweep/run-sweep.js";
import type { SweepResult } from "../../src/experiment/sweep/sweep-result.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";
import { createSweep } from "../../src/store/sweep-store.js";
import { runExecsim } from "../helpers/cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-sweep-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Spearman rank correlation (no ties in these samples). */
function spearman(x: readonly number[], y: readonly number[]): number {
  const rank = (v: readonly number[]) => {
    const idx = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
    const r = new Array<number>(v.length);
    idx.forEach((i, k) => {
      r[i] = k;
    });
    return r;
  };
  const rx = rank(x);
  const ry = rank(y);
  const n = x.length;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (rx[i]! - ry[i]!) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

// a week of parents keeps the runs short; every flag of compare applies
const WEEK = { fromMs: Date.UTC(2024, 0, 3), toMs: Date.UTC(2024, 0, 10) };

describe("a λ sweep of IS on the built-in data", () => {
  let store: ExecsimDatabase;
  let r: SweepResult;
  beforeAll(async () => {
    store = openDatabase(":memory:");
    // decades from near-TWAP (1e-6) to nearly all at once (1e-2), on a month of parents
    r = await runSweep(store, { strategy: "is", params: ["lambda=1e-6:1e-2:5"] });
  }, 120_000);
  afterAll(() => store.close());

  it("stores 5 completed points, each with compare's summary and cost-parts rows and a theoretical point", () => {
    expect(r.status).toBe("completed");
    expect(r.points.map((p) => p.params.lambda)).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 1e-2]);
    for (const p of r.points) {
      expect(p.status).toBe("completed");
      expect(p.summary!.strategy).toBe(p.label);
      expect(p.label).toBe(`is(lambda=${p.params.lambda})`);
      expect(p.summary!.parents).toBe(29);
      expect(p.costParts!.tradingCostBps).toBeCloseTo(p.costParts!.spreadBps + p.costParts!.impactBps, 12);
      expect(p.theoretical!.parents).toBe(29);
    }
    const runs = store.sqlite.prepare("SELECT count(*) AS n FROM runs WHERE command = 'sweep'").get() as {
      n: number;
    };
    expect(runs.n).toBe(5);
    // parent-level storage: one parent row and one parent TCA row per parent, no child rows
    const rows = store.sqlite
      .prepare("SELECT level, count(*) AS n FROM tca_results GROUP BY level")
      .all() as { level: string; n: number }[];
    expect(rows).toEqual([{ level: "parent", n: 5 * 29 }]);
  });

  it("realized spread+impact rises and shortfall sd falls with λ (rank correlation)", () => {
    const lambdas = r.points.map((p) => p.params.lambda!);
    expect(
      spearman(
        lambdas,
        r.points.map((p) => p.costParts!.tradingCostBps),
      ),
    ).toBeGreaterThan(0.8);
    expect(
      spearman(
        lambdas,
        r.points.map((p) => p.summary!.shortfallBps.std),
      ),
    ).toBeLessThan(-0.8);
  });

  it("the theoretical frontier is monotone: expected cost up, sd down with λ", () => {
    for (let i = 1; i < r.points.length; i++) {
      expect(r.points[i]!.theoretical!.meanBps).toBeGreaterThanOrEqual(r.points[i - 1]!.theoretical!.meanBps);
      expect(r.points[i]!.theoretical!.sdBps).toBeLessThanOrEqual(r.points[i - 1]!.theoretical!.sdBps);
    }
  });

  it("one point's theoretical numbers equal `execsim schedule` for the same inputs", () => {
    const point = r.points[2]!; // λ = 1e-4
    const t = point.theoretical!.perParent[0]!;
    const cli = runExecsim([
      "schedule",
      "--json",
      "--qty",
      String(t.qtyBase),
      "--horizon",
      `${Math.round(t.horizonDays * 24 * 60)}m`,
      "--steps",
      String(t.steps),
      "--sigma",
      String(t.sigma),
      "--eta",
      String(t.eta),
      "--gamma",
      String(t.gamma),
      "--epsilon",
      String(t.epsilon),
      "--lambda",
      String(point.params.lambda),
    ]);
    expect(cli.code).toBe(0);
    const s = JSON.parse(cli.stdout) as { expectedCost: number; stdDev: number };
    expect(t.expectedCost).toBeCloseTo(s.expectedCost, 9);
    expect(t.stdDev).toBeCloseTo(s.stdDev, 9);
    const notional = t.qtyBase * t.arrivalMid;
    expect(t.meanBps).toBeCloseTo((s.expectedCost / notional) * 1e4, 9);
    expect(t.sdBps).toBeCloseTo((s.stdDev / notional) * 1e4, 9);
    // and the point is the mean of its parents
    const pp = point.theoretical!.perParent;
    expect(point.theoretical!.meanBps).toBeCloseTo(pp.reduce((a, x) => a + x.meanBps, 0) / pp.length, 12);
  });

  it("recommends the cheapest point by default, E + X·Var with --lambda-star, and the cheapest within --max-sd", async () => {
    const byMean = [...r.points].sort((a, b) => a.summary!.shortfallBps.mean - b.summary!.shortfallBps.mean);
    expect(r.recommended!.index).toBe(byMean[0]!.index);
    // --max-sd B: the cheapest point among those with sd <= B (B = the 3rd smallest sd: three qualify)
    const B = [...r.points].map((p) => p.summary!.shortfallBps.std).sort((a, b) => a - b)[2]!;
    const within = byMean.filter((p) => p.summary!.shortfallBps.std <= B);
    expect(within.length).toBe(3);
    expect(recommendPoint(r.points, { lambdaStar: null, maxSdBps: B })!.index).toBe(within[0]!.index);
    expect(recommendPoint(r.points, { lambdaStar: null, maxSdBps: 0 })).toBeNull();
    const s2 = openDatabase(":memory:");
    try {
      const x = 1e-3;
      const withRisk = await runSweep(s2, { strategy: "is", params: ["lambda=1e-6:1e-2:5"], lambdaStar: x });
      const score = (p: (typeof r.points)[number]) => p.shortfallQuote!.mean + x * p.shortfallQuote!.std ** 2;
      const best = [...withRisk.points].sort((a, b) => score(a) - score(b))[0]!;
      expect(withRisk.recommended!.index).toBe(best.index);
      expect(withRisk.recommended!.objectiveQuote).toBeCloseTo(score(best), 9);
    } finally {
      s2.close();
    }
  }, 120_000);
});

describe("the AC inputs of the theory are the ones the IS strategy planned with", () => {
  it("σ, η, γ, ε, N and T per parent equal planAlmgrenChriss's inside the simulation", async () => {
    const store = openDatabase(":memory:");
    try {
      const p = await prepareBatch(store, buildRunConfig({ ...WEEK, strategies: ["is:lambda=1e-5"] }));
      const planned = new Map<string, unknown>();
      const inner = p.strategies[0]!;
      simulate({
        series: p.plan.series,
        parents: p.plan.parents,
        strategies: [
          {
            name: inner.name,
            create: () => {
              const s = inner.create();
              return {
                ...s,
                start(ctx) {
                  const plan = planAlmgrenChriss(ctx, { ...ALMGREN_CHRISS_PLAN_DEFAULTS, lambda: 1e-5 });
                  const q = plan.params!;
                  planned.set(ctx.parent.id, [q.sigma, q.eta, q.gamma, q.epsilon, plan.timesMs.length]);
                  s.start(ctx);
                },
              };
            },
          },
        ],
        createVenue: p.createVenue,
        latencyMs: p.config.latencyMs,
        seed: p.config.seed,
      });
      const root = createRng(p.config.seed);
      expect(planned.size).toBe(p.plan.parents.length);
      for (const parent of p.plan.parents) {
        const x = acInputsAtStart(p.plan.series, parent, p.createVenue(), root.fork(`market/${parent.id}`), {
          sigma: -1,
          eta: -1,
          gamma: -1,
          sliceMs: 0,
          slices: 0,
        });
        if ("error" in x) throw new Error(x.error);
        expect([x.sigma, x.eta, x.gamma, x.epsilon, x.steps]).toEqual(planned.get(parent.id));
        expect(x.horizonDays).toBe((60 * 60_000) / DAY_MS);
      }
    } finally {
      store.close();
    }
  }, 60_000);
});

/** Every stored number of a sweep, without ids and wall-clock metadata. */
function storedRows(file: string, sweepId: number): unknown {
  const store = openDatabase(file);
  try {
    const points = store.sqlite
      .prepare(
        "SELECT idx, label, params_json, status, summary_json, cost_parts_json, theoretical_json, shortfall_quote_json, run_id FROM sweep_points WHERE sweep_id = ? ORDER BY idx",
      )
      .all(sweepId) as Record<string, unknown>[];
    return points.map(({ run_id, ...p }) => ({
      ...p,
      parents: store.sqlite
        .prepare("SELECT * FROM parent_orders WHERE run_id = ? ORDER BY parent_id")
        .raw(true)
        .all(run_id)
        .map((r) => (r as unknown[]).slice(1)),
      tca: store.sqlite
        .prepare("SELECT * FROM tca_results WHERE run_id = ? ORDER BY seq")
        .raw(true)
        .all(run_id)
        .map((r) => (r as unknown[]).slice(1)),
    }));
  } finally {
    store.close();
  }
}

describe("parallel and resumable", () => {
  const input = { strategy: "is", params: ["lambda=1e-6,1e-5,1e-4"], run: WEEK };

  it("--workers 1 and --workers 2 store byte-identical points and rows", async () => {
    const stores = ["w1.db", "w2.db"].map((f) => path.join(dir, f));
    for (const [i, file] of stores.entries()) {
      const s = openDatabase(file);
      try {
        await runSweep(s, input, { workers: i + 1 });
      } finally {
        s.close();
      }
    }
    const a = storedRows(stores[0]!, 1);
    expect((a as unknown[]).length).toBe(3);
    expect(storedRows(stores[1]!, 1)).toEqual(a);
    expect(JSON.stringify(storedRows(stores[1]!, 1))).toBe(JSON.stringify(a));
  }, 120_000);

  it("an interrupted sweep keeps its finished points and resumes to the same result", async () => {
    const whole = path.join(dir, "whole.db");
    const cut = path.join(dir, "cut.db");
    let s = openDatabase(whole);
    await runSweep(s, input);
    s.close();
    s = openDatabase(cut);
    const controller = new AbortController();
    const first = await runSweep(s, input, {
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 1) controller.abort();
      },
    });
    expect(first.status).toBe("interrupted");
    expect(first.points.map((p) => p.status)).toEqual(["completed", "pending", "pending"]);
    expect(first.error).toMatch(/--resume 1/);
    const resumed = await resumeSweep(s, first.sweepId);
    s.close();
    expect(resumed.status).toBe("completed");
    expect(storedRows(cut, 1)).toEqual(storedRows(whole, 1));
  }, 120_000);
});

describe("resume guard", () => {
  it("refuses to resume a sweep whose process is still running", async () => {
    const store = openDatabase(":memory:");
    try {
      const id = createSweep(
        store,
        {
          strategy: "is",
          config: { input: { strategy: "is", params: ["lambda=1e-6"] } },
          seed: "42",
          symbol: "X",
          category: "linear",
          interval: "1",
          fromMs: 0,
          toMs: 1,
          candlesHash: "h",
          codeVersion: "v",
        },
        [{ label: "is(lambda=1e-6)", params: { lambda: 1e-6 } }],
      );
      // another live process (our parent) holds it
      store.sqlite.prepare("UPDATE sweeps SET pid = ? WHERE id = ?").run(process.ppid, id);
      await expect(resumeSweep(store, id)).rejects.toThrow(/still running \(process \d+\)/);
    } finally {
      store.close();
    }
  });
});
