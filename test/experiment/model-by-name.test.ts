/**
 * `--impact model:NAME[@V]` (issue 18): the stored model resolves once into the run config, each parent
 * gets its volatility regime's parameters (venue, pre-trade estimate, IS η), and a model run fills each
 * parent exactly as a plain run with that regime's venue parameters would.
 */
import { describe, expect, it } from "vitest";
import { realizedVolBefore } from "../../src/calibration/regimes.js";
import { ExecsimError } from "../../src/core/errors.js";
import { buildRunConfig } from "../../src/engine/run-config.js";
import { runBatch } from "../../src/experiment/batch.js";
import { venueFactoryOfRun } from "../../src/experiment/markout-replay.js";
import {
  impactFromModel,
  linearParams,
  modelPreTrade,
  ParentModels,
  propagatorCostPerUnit,
  storeModelLookup,
} from "../../src/experiment/model-by-name.js";
import { runConfigFromFlags } from "../../src/experiment/run-flags.js";
import { readSeries } from "../../src/store/candle-store.js";
import type { ExecsimDatabase } from "../../src/store/database.js";
import { saveCalibratedModel } from "../../src/store/model-store.js";
import { squareRootPreTrade } from "../../src/tca/pre-trade.js";
import { REGIME_KEY, regimeStore, twoRegimeSqrt } from "../helpers/regime-fixtures.js";

const FLAGS = {
  symbol: "REG",
  category: "linear",
  interval: "1",
  seed: "7",
  impact: "model:reg",
  latency: 100,
  "taker-fee": 0.00055,
  "maker-fee": 0.0002,
};

function withModel(): ExecsimDatabase {
  const store = regimeStore();
  saveCalibratedModel(store, twoRegimeSqrt("reg"));
  return store;
}

describe("model:NAME in the run config", () => {
  it("resolves the latest version (or @V) once and records name, version, parameters, overrides", () => {
    const store = withModel();
    saveCalibratedModel(store, { ...twoRegimeSqrt("reg"), params: { eta: 0.7, delta: 0.5 } });
    const lookup = storeModelLookup(store);
    const latest = runConfigFromFlags(FLAGS, ["twap"], lookup);
    expect(latest.impact).toBe("sqrt");
    expect(latest.impactModel?.spec).toBe("model:reg@2");
    // δ = 1/2: the venue's η is (1 + δ)·B^0 = 1.5 × the law's (venue-params.ts)
    expect(latest.impactParams).toEqual({ eta: 0.7 * 1.5, delta: 0.5 });
    const v1 = runConfigFromFlags(
      { ...FLAGS, impact: "model:reg@1", "impact-param": ["halfLifeMs=60000"] },
      ["twap"],
      lookup,
    );
    expect(v1.impactModel?.version).toBe(1);
    expect(v1.impactParams).toEqual({ eta: 0.5 * 1.5, delta: 0.5, halfLifeMs: 60000 });
    expect(v1.impactModel?.overrides).toEqual({ halfLifeMs: 60000 });
    expect(() => runConfigFromFlags({ ...FLAGS, impact: "model:reg@3" }, ["twap"], lookup)).toThrow(
      /model "reg" has no version 3; its versions are 1, 2/,
    );
    expect(() => runConfigFromFlags({ ...FLAGS, impact: "model:nope" }, ["twap"], lookup)).toThrow(
      /no calibrated model named "nope"; stored models: reg/,
    );
    expect(() => runConfigFromFlags(FLAGS, ["twap"])).toThrow(ExecsimError); // no store to look in
    expect(() => runConfigFromFlags({ ...FLAGS, impact: "sqrt", recalibrate: "every:3" }, ["twap"])).toThrow(
      /--recalibrate: refits a stored model/,
    );
    expect(() => runConfigFromFlags({ ...FLAGS, recalibrate: "every:0" }, ["twap"], lookup)).toThrow(
      /--recalibrate: use every:N/,
    );
  });
});

describe("per-parent regimes", () => {
  const store = withModel();
  const config = runConfigFromFlags(FLAGS, ["twap", "is"], storeModelLookup(store));
  const series = readSeries(store, REGIME_KEY);

  it("each parent gets the regime of the volatility over the 6 h before its start", () => {
    // parents start at 12:00 on days 1..7; odd days have |r| = 1e-3 per minute: σ = 1e-3·√1440 = 0.037947
    expect(realizedVolBefore(series, Date.UTC(2024, 0, 2, 12), 6 * 3_600_000)).toBeCloseTo(0.0379473, 6);
    expect(realizedVolBefore(series, Date.UTC(2024, 0, 3, 12), 6 * 3_600_000)).toBeCloseTo(0.00379473, 7);
    const parents = [2, 3, 4, 5].map((d) => ({
      id: `2024-01-0${d}`,
      symbol: "REG",
      side: "buy" as const,
      qtyBase: 50,
      startMs: Date.UTC(2024, 0, d, 12),
      endMs: Date.UTC(2024, 0, d, 13),
    }));
    const m = new ParentModels(config, series, parents);
    expect([...m.regimeByParent.values()]).toEqual([1, 0, 1, 0]);
    expect(m.regimeLabel("2024-01-03")).toBe("calm");
    expect(m.venueParams("2024-01-02")).toEqual({ eta: 1.0 * 1.5, delta: 0.5 });
    expect(m.venueParams("2024-01-03")).toEqual({ eta: 0.2 * 1.5, delta: 0.5 });
    expect(m.modelBelief("2024-01-02").label).toBe("model:reg@1/stressed");
    // IS: the linear η with the law's cost for this parent, mid·η·σ·(Q/ADV)^δ·T/Q (T = 1 h in days)
    const p = parents[0]!;
    const pre = squareRootPreTrade(series, p, 100 * Math.exp(1e-3), {});
    const lin = linearParams(series, p, m.modelBelief(p.id));
    expect(lin.eta).toBeCloseTo(
      100 * Math.exp(1e-3) * 1.0 * pre.sigmaDaily * Math.sqrt(50 / pre.advBase) * (1 / 24 / 50),
      12,
    );
    expect(Object.keys(m.strategyParams("is", "is", "builtin:almgren-chriss", parents)!)).toEqual(
      parents.map((x) => x.id),
    );
    expect(m.strategyParams("is", "is:eta=0.001", "builtin:almgren-chriss", parents)).toBeUndefined();
    expect(m.strategyParams("twap", "twap", "builtin:twap", parents)).toBeUndefined();
  });

  it("a model run fills each parent as a plain sqrt run with its regime's venue parameters", async () => {
    const modelRun = await runBatch(store, config, "compare");
    const plain = async (eta: number) =>
      runBatch(
        store,
        buildRunConfig({
          ...config,
          impactModel: undefined,
          impact: "sqrt",
          impactParams: { eta, delta: 0.5 },
        }),
        "compare",
      );
    const stressed = await plain(1.0 * 1.5);
    const calm = await plain(0.2 * 1.5);
    const twap = modelRun.tca.filter((t) => t.strategy === "twap");
    expect(twap.length).toBe(7);
    for (const t of twap) {
      const day = Number(t.parentId.slice(8, 10)) - 1;
      const ref = (day % 2 === 1 ? stressed : calm).tca.find(
        (x) => x.strategy === "twap" && x.parentId === t.parentId,
      )!;
      expect(t.shortfallQuote).toBe(ref.shortfallQuote);
      expect(t.avgFillPrice).toBe(ref.avgFillPrice);
      // the plain run estimates with the venue's η (1.5 × the law's); the model run with the law's own:
      // the difference is (η_law − η_venue)·σ·√(Q/V)·10⁴ = −0.5·η_law·σ·√(Q/V)·10⁴
      const law = day % 2 === 1 ? 1.0 : 0.2;
      const p = { side: "buy" as const, qtyBase: t.qtyBase, startMs: t.startMs };
      const unit = squareRootPreTrade(series, p, t.arrivalMid, { eta: 1, delta: 0.5 }).costBps;
      expect(t.preTradeBps - ref.preTradeBps).toBeCloseTo(-0.5 * law * unit, 9);
      expect(t.preTradeModel).toBe(`model:reg@1/${day % 2 === 1 ? "stressed" : "calm"}`);
    }
    // IS plans with each parent's linear η: it differs between regimes, so its fills differ from a plain run's
    const isModel = modelRun.tca.find((t) => t.strategy === "is" && t.parentId === "2024-01-02")!;
    const isPlain = stressed.tca.find((t) => t.strategy === "is" && t.parentId === "2024-01-02")!;
    expect(isModel.shortfallQuote).not.toBe(isPlain.shortfallQuote);
    const stored = store.sqlite
      .prepare("SELECT config_json FROM runs WHERE id = ?")
      .get(modelRun.runs[0]!.runId) as {
      config_json: string;
    };
    const c = JSON.parse(stored.config_json);
    expect([c.impactModel.name, c.impactModel.version, c.impactModel.spec]).toEqual([
      "reg",
      1,
      "model:reg@1",
    ]);
    expect(c.impactModel.regimes.map((r: { params: { eta: number } }) => r.params.eta)).toEqual([0.2, 1.0]);
    // each parent's regime and venue parameters are recorded; markout replays rebuild that venue
    expect(c.regimeByParent["2024-01-02"]).toBe("stressed");
    expect(c.impactParamsByParent["2024-01-03"]).toEqual({ eta: 0.2 * 1.5, delta: 0.5 });
    const make = venueFactoryOfRun(modelRun.runs[0]!.runId, c);
    expect(make("2024-01-02").describe().eta).toBe(1.0 * 1.5);
    expect(make("2024-01-03").describe().eta).toBe(0.2 * 1.5);
  });

  it("gives the same numbers in worker threads and in-process (per-parent parameters travel as data)", async () => {
    const a = await runBatch(store, config, "compare");
    const b = await runBatch(store, config, "compare", { executor: "in-process" });
    expect(b.tca.map((t) => [t.parentId, t.strategy, t.shortfallQuote, t.preTradeBps])).toEqual(
      a.tca.map((t) => [t.parentId, t.strategy, t.shortfallQuote, t.preTradeBps]),
    );
  });
});

describe("an ac model's plans", () => {
  it("pre-trade = spread + fees + (η·Q/T + γ·Q/2)/mid; IS takes η and γ as fitted", () => {
    const store = regimeStore();
    const series = readSeries(store, REGIME_KEY);
    const order = {
      id: "o",
      symbol: "REG",
      side: "buy" as const,
      qtyBase: 30,
      startMs: Date.UTC(2024, 0, 3, 12),
      endMs: Date.UTC(2024, 0, 3, 13),
    };
    const belief = { kind: "ac" as const, params: { eta: 2e-3, gamma: 1e-4 }, label: "model:lin@1" };
    const est = modelPreTrade(series, order, 100, belief, { halfSpread: 0.01, feeRate: 0.0005 });
    // η·Q/T = 2e-3 · 30 / (1/24) = 1.44, γ·Q/2 = 1e-4 · 15 = 0.0015 → 1.4415 per unit = 144.15 bps of 100;
    // spread 0.01/100 = 1 bp, fee 5 bps
    expect(est.costBps).toBeCloseTo(144.15 + 1 + 5, 9);
    expect(est.model).toBe("model:lin@1");
    expect(linearParams(series, order, belief)).toEqual({ eta: 2e-3, gamma: 1e-4 });
    expect(linearParams(series, order, { ...belief, kind: "propagator" })).toEqual({});
  });
});

describe("a propagator model's pre-trade cost", () => {
  it("child k pays the decayed impact of the earlier children plus half its own", () => {
    // 2 one-minute children of 15 (Q = 30 over 2 min), half-life 1 min: G(1 min) = 1/2;
    // λ·q·((1/N)·(N − 1)·G(Δ) + 1/2) = 0.001·15·(0.25 + 0.5) = 0.01125 per unit
    expect(propagatorCostPerUnit({ lambda: 0.001, halfLifeMs: 60_000 }, 30, 120_000, 60_000)).toBeCloseTo(
      0.01125,
      15,
    );
    // power law G(t) = (l0/(l0 + t))^β, l0 = 1 min, β = 1: 3 children of 10: G(1) = 1/2, G(2) = 1/3;
    // Σ (N − m)·G(mΔ) = 2·(1/2) + 1·(1/3) = 4/3 → 0.002·10·(4/9 + 1/2) = 0.0188889
    expect(propagatorCostPerUnit({ lambda: 0.002, beta: 1, l0Ms: 60_000 }, 30, 180_000, 60_000)).toBeCloseTo(
      0.002 * 10 * (4 / 9 + 0.5),
      15,
    );
    expect(propagatorCostPerUnit({ halfLifeMs: 60_000 }, 30, 120_000, 60_000)).toBeNaN();
  });
});

describe("impactFromModel", () => {
  it("maps δ ≠ 1/2 to the venue with B^(1/2 − δ) (B = bars per day)", () => {
    const model = {
      ...twoRegimeSqrt("x"),
      version: 1,
      params: { eta: 0.4, delta: 0.6 },
      regimeRule: null,
      regimes: [],
    };
    const r = impactFromModel("model:x", {}, () => model, 60_000);
    // 0.4 · 1.6 · 1440^(−0.1) = 0.64 · e^(−0.1·ln 1440) = 0.64 · e^(−0.7272398) = 0.64 · 0.4832410 = 0.3092742
    expect(r.impactParams!.eta as number).toBeCloseTo(0.3092742, 6);
    expect(r.impactModel!.spec).toBe("model:x@1");
  });
});
