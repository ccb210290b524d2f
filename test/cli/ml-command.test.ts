import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkMlPredictArgs,
  checkMlTrainArgs,
  runMlEvaluate,
  runMlPredict,
} from "../../src/cli/ml-command.js";
import { MlImpactPredictor } from "../../src/impact/ml/impact-predictor.js";
import { DEFAULT_DATASET_KEY } from "../../src/market/default-dataset.js";
import { readSeries } from "../../src/store/candle-store.js";
import { openDatabase } from "../../src/store/database.js";
import { runExecsim } from "../helpers/cli.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "execsim-ml-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = path.join(dir, "ml.db");
const modelFile = path.join(dir, "mlp.json");

const SERIES = { category: "linear", interval: "1", db };
const LABELS = {
  ...SERIES,
  truth: "tod",
  samples: 600,
  eta: 0.5,
  delta: 0.5,
  amplitude: 0.8,
  "peak-hour": 14,
  noise: 0.2,
  seed: "42",
  hidden: "8,8",
  epochs: 10,
  lr: 5e-3,
  batch: 32,
  patience: 20,
};

describe("execsim ml", () => {
  it("train writes a predictor file that predict reloads: the CLI's number equals the library's", () => {
    const train = runExecsim([
      "ml",
      "train",
      "--db",
      db,
      "--samples",
      "600",
      "--epochs",
      "10",
      "--hidden",
      "8,8",
      "--out",
      modelFile,
    ]);
    expect(train.stderr).toBe("");
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(
      /trained mlp on 600 simulated orders on SYN-BTCUSDT linear 1 \(built-in default dataset\)/,
    );
    expect(train.stdout).toMatch(/wrote /);
    const json = JSON.parse(readFileSync(modelFile, "utf8"));
    expect(json.kind).toBe("execsim.ml.impact-predictor");
    expect(json.model).toBe("mlp");

    const at = "2024-01-20T14:00:00Z";
    const pred = runExecsim([
      "ml",
      "predict",
      "--db",
      db,
      "--model-file",
      modelFile,
      "--qty",
      "25",
      "--side",
      "sell",
      "--at",
      at,
      "--json",
    ]);
    expect(pred.code).toBe(0);
    const out = JSON.parse(pred.stdout);
    const store = openDatabase(db);
    try {
      const series = readSeries(store, DEFAULT_DATASET_KEY);
      const predictor = MlImpactPredictor.fromJSON(readFileSync(modelFile, "utf8"));
      const [f] = predictor.predictSamples(series, [{ timeMs: Date.parse(at), qty: -25 }]);
      expect(out.impactFraction).toBe(f);
      expect(out.qty).toBe(-25);
      // the arrival mid is the close of the 13:59 bar, the last one closed at 14:00
      const i = (Date.parse(at) - series.openTimeMs[0]!) / 60_000 - 1;
      expect(out.mid).toBe(series.close[i]);
      expect(out.costQuote).toBeCloseTo(Math.abs(f!) * 25 * series.close[i]!, 8);
      // the same via the library entry point
      const lib = runMlPredict(store, { ...SERIES, "model-file": modelFile, qty: 25, side: "sell", at });
      expect(lib.impactFraction).toBe(f);
    } finally {
      store.close();
    }
  });

  it("evaluate compares sqrt, ols and mlp out of sample on the stored candles", () => {
    const store = openDatabase(db);
    try {
      const r = runMlEvaluate(store, {
        ...LABELS,
        folds: 2,
        scheme: "expanding",
        "initial-train": 0.5,
        models: "sqrt,ols,mlp",
      });
      expect(r.defaultDataset).toBe(true);
      expect(r.rows).toBe(600);
      expect(r.report.folds).toHaveLength(2);
      expect(Object.keys(r.report.overall)).toEqual(["sqrt", "ols", "mlp"]);
      expect(r.report.overall.sqrt!.n).toBe(300);
      for (const f of r.report.folds) expect(f.trainToMs).toBeLessThan(f.testFromMs);
    } finally {
      store.close();
    }
  });

  it("rejects bad flags with a clear error and a non-zero exit, without creating the store or the file", () => {
    const fresh = path.join(dir, "never.db");
    const bad = runExecsim(["ml", "evaluate", "--db", fresh, "--truth", "cubic"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--truth "cubic": use sqrt or tod/);
    expect(existsSync(fresh)).toBe(false);
    // the same checks run in-process (the handler calls them before opening the store)
    const out = path.join(dir, "never.json");
    expect(() => checkMlTrainArgs({ ...LABELS, db: fresh, hidden: "16", model: "mlp", out })).toThrowError(
      /--hidden "16": give two layer sizes/,
    );
    expect(() => checkMlTrainArgs({ ...LABELS, model: "forest", out })).toThrowError(/--model "forest"/);
    expect(() => checkMlTrainArgs({ ...LABELS, model: "mlp", out: modelFile })).toThrowError(
      /already exists; pass --force/,
    );
    expect(() =>
      checkMlPredictArgs({ ...SERIES, "model-file": path.join(dir, "nope.json"), qty: 1, side: "buy" }),
    ).toThrowError(/does not exist; create one with "execsim ml train/);
    expect(() =>
      checkMlPredictArgs({ ...SERIES, "model-file": modelFile, qty: 1, side: "hold" }),
    ).toThrowError(/--side must be buy or sell/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(fresh)).toBe(false);
  });

  it("--help lists the subcommands", () => {
    const r = runExecsim(["ml", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/execsim ml evaluate/);
    expect(r.stdout).toMatch(/execsim ml train/);
    expect(r.stdout).toMatch(/execsim ml predict/);
  });
});
