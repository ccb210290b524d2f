/**
 * The closed loop (`compare --recalibrate every:N`, issue 18): refits on the run's own fills of parents
 * that ended before the next block, in time order; nothing later can change an earlier decision.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CalibrationPoint } from "../../src/calibration/calibration-points.js";
import type { ParentExecution, ParentOrder } from "../../src/core/execution-types.js";
import { prepareBatch, runBatch } from "../../src/experiment/batch.js";
import { strategyJobsFor } from "../../src/experiment/batch-jobs.js";
import { runStrategyJobs } from "../../src/experiment/executor/job-executor.js";
import { ParentModels, storeModelLookup } from "../../src/experiment/model-by-name.js";
import {
  etaWithDeltaHeld,
  loopMarkouts,
  refitBefore,
  timeOrdered,
  unusable,
  unusableFit,
} from "../../src/experiment/recalibrate-loop.js";
import { runConfigFromFlags } from "../../src/experiment/run-flags.js";
import { readSeries } from "../../src/store/candle-store.js";
import { saveCalibratedModel } from "../../src/store/model-store.js";
import { REGIME_KEY, regimeStore, twoRegimeSqrt } from "../helpers/regime-fixtures.js";

const FLAGS = {
  symbol: "REG",
  category: "linear",
  interval: "1",
  seed: "7",
  impact: "model:flat",
  latency: 100,
  "taker-fee": 0.00055,
  "maker-fee": 0.0002,
};

function loopStore() {
  const store = regimeStore();
  // a model without regimes that believes η = 0.2 while the market (--impact-param) has venue η 1.5
  saveCalibratedModel(store, {
    ...twoRegimeSqrt("flat"),
    params: { eta: 0.2, delta: 0.5 },
    regimeRule: null,
    regimes: [],
  });
  return store;
}

describe("etaWithDeltaHeld", () => {
  it("is the log-linear fit with a known slope: ln η = mean(ln(c/σ) − δ ln(Q/V))", () => {
    const pt = (cost: number, qty: number): CalibrationPoint =>
      ({ cost, qty, adv: 1000, sigmaDaily: 0.02 }) as unknown as CalibrationPoint;
    // c = η σ (Q/V)^½ with η = 0.5 and 0.8: ln η = (ln 0.5 + ln 0.8)/2 → η = √0.4 = 0.632456
    const pts = [pt(0.5 * 0.02 * Math.sqrt(0.01), 10), pt(0.8 * 0.02 * Math.sqrt(0.04), 40)];
    const r = etaWithDeltaHeld(pts, 0.5)!;
    expect(r.params.eta).toBeCloseTo(Math.sqrt(0.4), 12);
    // residuals ±ln(0.8/0.5)/2, sd = ln(1.6)/√2, SE = η·sd/√2 = η·ln(1.6)/2
    expect(r.standardErrors.eta).toBeCloseTo((Math.sqrt(0.4) * Math.log(1.6)) / 2, 12);
    expect(etaWithDeltaHeld(pts.slice(0, 1), 0.5)).toBeNull();
  });

  it("unusableFit() refuses a parameter its standard error swamps", () => {
    expect(
      unusableFit({ params: { eta: 0.02, gamma: 1e-3 }, standardErrors: { eta: 0.005, gamma: 1e-4 } }),
    ).toBeNull();
    expect(
      unusableFit({ params: { eta: 0.0195, gamma: 1e-3 }, standardErrors: { eta: 91423, gamma: 1e-19 } }),
    ).toMatch(/eta 0.0195 has a standard error of 91423: these parents do not identify it/);
    expect(unusableFit({ params: { eta: 0.3 }, standardErrors: { eta: Number.NaN } })).toMatch(
      /standard error of NaN/,
    );
  });

  it("unusable() refuses what cannot plan", () => {
    expect(unusable({ eta: 0.3, delta: 0.6 })).toBeNull();
    expect(unusable({ eta: 0.3, delta: -1.2 })).toMatch(/delta -1.2 is outside/);
    expect(unusable({ eta: -1, gamma: 0 })).toMatch(/eta -1 is not > 0/);
    expect(unusable({ eta: 1, gamma: -1e-9 })).toMatch(/gamma/);
  });
});

describe("compare --recalibrate every:N", () => {
  const store = loopStore();
  const lookup = storeModelLookup(store);
  const flags = { ...FLAGS, "impact-param": ["eta=1.5"], recalibrate: "every:2" };

  it("refits before each block on the parents that ended, and plans the block with the refit", async () => {
    const config = runConfigFromFlags(flags, ["twap", "is"], lookup);
    const r = await runBatch(store, config, "compare");
    const steps = r.recalibration!.steps;
    expect(r.recalibration!.model).toBe("model:flat@1");
    // 7 parents (days 1..7) in blocks of 2: steps 0..3 per strategy, block-major
    expect(steps.map((s) => [s.strategy, s.step, s.parents, s.fromParent])).toEqual([
      ["twap", 0, 2, 0],
      ["is", 0, 2, 0],
      ["twap", 1, 2, 2],
      ["is", 1, 2, 2],
      ["twap", 2, 2, 4],
      ["is", 2, 2, 4],
      ["twap", 3, 1, 6],
      ["is", 3, 1, 6],
    ]);
    // step k refits on the 2k parents before it (every parent is filled and ended a day earlier)
    expect(steps.map((s) => s.nParents)).toEqual([0, 0, 2, 2, 4, 4, 6, 6]);
    expect(steps[0]!.source).toBe("model");
    expect(steps[0]!.params).toEqual({ eta: 0.2, delta: 0.5 });
    expect(steps.slice(2).every((s) => s.source === "refit")).toBe(true);
    const twapFills = r.tca.filter((t) => t.strategy === "twap");
    expect(steps[2]!.nFills).toBe(twapFills.slice(0, 2).reduce((a, t) => a + t.fillCount, 0));
    // blocks 0 and 1 face the same market (a stressed day, then a calm one): the refit's larger η
    // (the market's is larger than the belief's 0.2) raises the estimate and shrinks its error
    expect(steps[2]!.params.eta!).toBeGreaterThan(0.2);
    expect(steps[2]!.meanCostBps).toBeCloseTo(steps[0]!.meanCostBps, 9);
    expect(steps[2]!.meanEstimateBps).toBeGreaterThan(steps[0]!.meanEstimateBps);
    expect(Math.abs(steps[2]!.meanErrorBps)).toBeLessThan(Math.abs(steps[0]!.meanErrorBps));
    // the parents of block 1 were estimated with twap's refit 1
    const p3 = r.tca.find((t) => t.strategy === "twap" && t.parentId === "2024-01-04")!;
    expect(p3.preTradeModel).toBe("model:flat@1+refit1");
    const stored = JSON.parse(
      (
        store.sqlite.prepare("SELECT config_json FROM runs WHERE id = ?").get(r.runs[0]!.runId) as {
          config_json: string;
        }
      ).config_json,
    );
    expect(stored.recalibrateEvery).toBe(2);
  });

  it("a strategy file runs the loop in worker threads with the same numbers as the built-in in-process", async () => {
    const builtin = await runBatch(store, runConfigFromFlags(flags, ["twap"], lookup), "compare");
    const file = await runBatch(
      store,
      runConfigFromFlags(flags, ["./strategies/twap.ts"], lookup),
      "compare",
    );
    expect(file.runs[0]!.strategy).toBe(builtin.runs[0]!.strategy);
    expect(file.tca.map((t) => [t.parentId, t.shortfallQuote, t.preTradeBps])).toEqual(
      builtin.tca.map((t) => [t.parentId, t.shortfallQuote, t.preTradeBps]),
    );
    expect(file.recalibration).toEqual(builtin.recalibration);
  });

  it("no look-ahead: the same run cut after 4 parents makes the same decisions for them", async () => {
    const full = await runBatch(store, runConfigFromFlags(flags, ["twap", "is"], lookup), "compare");
    const cut = await runBatch(
      store,
      runConfigFromFlags({ ...flags, to: "2024-01-05T12:00:01Z" }, ["twap", "is"], lookup),
      "compare",
    );
    expect(cut.parents).toBe(4);
    const key = (t: { strategy: string; parentId: string; shortfallQuote: number; preTradeBps: number }) =>
      `${t.strategy} ${t.parentId} ${t.shortfallQuote} ${t.preTradeBps}`;
    expect(cut.tca.map(key)).toEqual(full.tca.filter((t) => t.parentId <= "2024-01-05").map(key));
    expect(cut.recalibration!.steps).toEqual(full.recalibration!.steps.slice(0, 4).map((s) => ({ ...s })));
  });
});

describe("a propagator model in the loop", () => {
  it("its refit reads the own-impact markouts and recovers the venue's decay and λ", async () => {
    const store = regimeStore(10);
    saveCalibratedModel(store, {
      ...twoRegimeSqrt("prop"),
      model: "propagator",
      params: { halfLifeMs: 600_000, lambda: 0.001 },
      standardErrors: { halfLifeMs: 1000, lambda: 1e-4 },
      regimeRule: null,
      regimes: [],
    });
    const flags = {
      ...FLAGS,
      impact: "model:prop",
      "impact-param": ["lambda=0.003", "halfLifeMs=1200000"],
      recalibrate: "every:4",
    };
    const r = await runBatch(store, runConfigFromFlags(flags, ["twap"], storeModelLookup(store)), "compare");
    const steps = r.recalibration!.steps;
    expect(steps.map((s) => s.source)).toEqual(["model", "refit", "refit"]);
    // the market's (--impact-param) half-life of 20 min and λ = 0.003, from 4 parents' markouts
    expect(steps[1]!.params.halfLifeMs).toBeCloseTo(1_200_000, -1);
    expect(steps[1]!.params.lambda).toBeCloseTo(0.003, 9);
  });

  it("reads no markout whose bar closes after the refit time", async () => {
    const store = loopStore();
    const config = runConfigFromFlags(
      { ...FLAGS, "impact-param": ["eta=1.5"] },
      ["twap"],
      storeModelLookup(store),
    );
    const prepared = await prepareBatch(store, config);
    const done: ParentExecution[] = [];
    await runStrategyJobs(strategyJobsFor(prepared, prepared.plan.parents.slice(0, 1), (e) => done.push(e)));
    const p0 = done[0]!;
    const reader = loopMarkouts(prepared)(done, p0.parent.endMs + 3_600_000)!;
    const q = { parentId: p0.parent.id, sideSign: 1, endMs: p0.parent.endMs, arrivalPrice: p0.arrivalMid };
    const times = [p0.parent.endMs, p0.parent.endMs + 3_540_000, p0.parent.endMs + 3_540_001];
    const v = Array.from(reader(q as never, times));
    expect(Number.isFinite(v[0])).toBe(true);
    expect(Number.isFinite(v[1])).toBe(true); // its bar closes exactly at the refit time
    expect(v[2]).toBeNaN(); // its bar closes after it
  });
});

describe("refitBefore (property)", () => {
  const store = loopStore();
  const config = runConfigFromFlags(FLAGS, ["twap"], storeModelLookup(store));
  const series = readSeries(store, REGIME_KEY);
  const parents: ParentOrder[] = [1, 2, 3, 4, 5, 6, 7].map((d) => ({
    id: `2024-01-0${d + 1}`,
    symbol: "REG",
    side: "buy",
    qtyBase: 50,
    startMs: Date.UTC(2024, 0, d + 1, 12),
    endMs: Date.UTC(2024, 0, d + 1, 13),
  }));
  const models = new ParentModels(config, series, parents);
  /** An execution of parent i: one fill per 10 minutes at arrival·(1 + cost), market mid = arrival. */
  const execution = (i: number, cost: number, qty: number): ParentExecution => {
    const p = { ...parents[i]!, qtyBase: qty };
    const fills = [0, 1, 2, 3, 4, 5].map((k) => ({
      timeMs: p.startMs + k * 600_000,
      qtyBase: qty / 6,
      avgPrice: 100 * (1 + cost),
      marketMid: 100,
      halfSpread: 0,
    }));
    return {
      strategy: "twap",
      parent: p,
      arrivalMid: 100,
      endMid: 100,
      status: "completed",
      children: [],
      fills,
    } as unknown as ParentExecution;
  };

  /** Seven (cost, size) pairs, one per parent. */
  const costsAndSizes = (maxCost: number, maxQty: number) =>
    fc.array(
      fc.tuple(
        fc.double({ min: 1e-4, max: maxCost, noNaN: true }),
        fc.double({ min: 1, max: maxQty, noNaN: true }),
      ),
      { minLength: 7, maxLength: 7 },
    );

  it("perturbing the fills of parents that end after the refit time changes nothing", () => {
    fc.assert(
      fc.property(
        costsAndSizes(1e-2, 200),
        fc.integer({ min: 1, max: 6 }),
        costsAndSizes(5e-2, 500),
        (base, k, other) => {
          const before = parents[k]!.startMs;
          const done = base.map(([c, q], i) => execution(i, c, q));
          // parents k.. end after `before`: give them other costs and sizes
          const perturbed = done.map((e, i) => (i < k ? e : execution(i, other[i]![0], other[i]![1])));
          const a = refitBefore(models, done, before);
          const b = refitBefore(models, perturbed, before);
          expect(b).toEqual(a);
          expect(a.nParents).toBe(k);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("timeOrdered sorts by start, then id", () => {
    const shuffled = [parents[3]!, parents[0]!, { ...parents[1]!, id: "b" }, { ...parents[1]!, id: "a" }];
    expect(timeOrdered(shuffled).map((p) => p.id)).toEqual(["2024-01-02", "a", "b", "2024-01-05"]);
  });
});
