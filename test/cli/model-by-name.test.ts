/**
 * Issue 18 from the command line: `--impact model:NAME[@V]` in compare and run, `--model model:NAME` in
 * estimate and schedule, `compare --recalibrate every:N`; unknown names and versions exit 2 and write
 * nothing.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeCandles } from "../../src/store/candle-store.js";
import { openDatabase } from "../../src/store/database.js";
import { saveCalibratedModel } from "../../src/store/model-store.js";
import { runExecsim } from "../helpers/cli.js";
import { REGIME_KEY, regimeSeries, twoRegimeSqrt } from "../helpers/regime-fixtures.js";

function modelDb(): string {
  const db = path.join(mkdtempSync(path.join(tmpdir(), "execsim-model-by-name-")), "m.db");
  const store = openDatabase(db);
  writeCandles(store, REGIME_KEY, regimeSeries(), "test");
  saveCalibratedModel(store, twoRegimeSqrt("reg"));
  saveCalibratedModel(store, {
    ...twoRegimeSqrt("flat"),
    params: { eta: 0.2, delta: 0.5 },
    regimeRule: null,
    regimes: [],
  });
  saveCalibratedModel(store, {
    ...twoRegimeSqrt("lin"),
    model: "ac",
    params: { eta: 2e-3, gamma: 1e-4 },
    standardErrors: { eta: 1e-4, gamma: 1e-5 },
    regimeRule: null,
    regimes: [],
  });
  store.close();
  return db;
}

const runsCount = (db: string) => {
  const s = openDatabase(db);
  try {
    return s.sqlite.prepare("SELECT count(*) FROM runs").pluck().get() as number;
  } finally {
    s.close();
  }
};

describe("--impact model:NAME[@V]", () => {
  const db = modelDb();
  const base = ["--db", db, "--symbol", "REG", "--seed", "7"];

  it("unknown names and versions exit 2 before anything is written", () => {
    const r = runExecsim(["compare", ...base, "--impact", "model:nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /error \[NOT_FOUND\]: no calibrated model named "nope"; stored models: flat, lin, reg/,
    );
    expect(r.stderr).toContain("execsim models list");
    const v = runExecsim(["run", ...base, "--strategy", "twap", "--impact", "model:reg@9"]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('model "reg" has no version 9; its versions are 1');
    expect(runExecsim(["compare", ...base, "--impact", "model:reg@x"]).code).toBe(2);
    const noDb = path.join(path.dirname(db), "missing.db");
    const m = runExecsim(["compare", "--db", noDb, "--impact", "model:reg"]);
    expect(m.code).toBe(2);
    expect(existsSync(noDb)).toBe(false);
    const bl = runExecsim([
      "baseline",
      "save",
      "b",
      ...base,
      "--impact",
      "model:reg",
      "--dir",
      path.dirname(db),
    ]);
    expect(bl.code).toBe(2);
    expect(bl.stderr).toContain("a baseline is checked on a fresh database that holds no calibrated models");
    expect(runsCount(db)).toBe(0);
  });

  it("compare records the resolved name and version; runs show names it; --config repeats it", () => {
    const r = runExecsim(["compare", ...base, "--impact", "model:reg", "--strategies", "twap,is", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const id = out.runs[0].runId as number;
    const show = JSON.parse(runExecsim(["runs", "show", String(id), "--db", db, "--json"]).stdout);
    expect(show.config.impactModel.spec).toBe("model:reg@1");
    expect(show.config.impact).toBe("sqrt");
    expect(show.parents.map((p: { preTradeModel: string }) => p.preTradeModel)).toEqual([
      "model:reg@1/stressed",
      "model:reg@1/calm",
      "model:reg@1/stressed",
      "model:reg@1/calm",
      "model:reg@1/stressed",
      "model:reg@1/calm",
      "model:reg@1/stressed",
    ]);
    expect(runExecsim(["runs", "show", String(id), "--db", db]).stdout).toContain(
      'impact model model:reg@1 (sqrt; {"eta":0.5,"delta":0.5}, regimes calm/stressed)',
    );
    const cfg = runExecsim(["runs", "show", String(id), "--db", db, "--config"]).stdout;
    expect(cfg).toMatch(/^impact: model:reg@1$/m);
    expect(cfg).not.toMatch(/impact-param/);
  });

  it("run and sweep take model:NAME too, each parent with its regime's venue", () => {
    const r = runExecsim(["run", ...base, "--impact", "model:reg@1", "--strategy", "twap", "--json"]);
    expect(r.code).toBe(0);
    const id = JSON.parse(r.stdout).runId as number;
    const show = JSON.parse(runExecsim(["runs", "show", String(id), "--db", db, "--json"]).stdout);
    expect(show.config.impactModel.spec).toBe("model:reg@1");
    expect(show.config.impactParamsByParent["2024-01-03"]).toMatchObject({ eta: 0.2 * 1.5, delta: 0.5 });
    const sw = runExecsim([
      "sweep",
      ...base,
      "--impact",
      "model:reg",
      "--param",
      "lambda=1e-7:1e-5:2",
      "--json",
    ]);
    expect(sw.code).toBe(0);
    expect(JSON.parse(sw.stdout).status).toBe("completed");
    const s = openDatabase(db);
    const cfg = JSON.parse(
      s.sqlite.prepare("SELECT config_json FROM sweeps ORDER BY id DESC").pluck().get() as string,
    );
    s.close();
    expect(JSON.stringify(cfg)).toContain('"spec":"model:reg@1"');
  });

  it("compare --recalibrate every:N reports each refit (table and JSON); without a model it exits 2", () => {
    const args = [
      "compare",
      ...base,
      "--impact",
      "model:flat",
      "--impact-param",
      "eta=1.5",
      "--strategies",
      "twap",
    ];
    const j = runExecsim([...args, "--recalibrate", "every:3", "--json"]);
    expect(j.code).toBe(0);
    const rec = JSON.parse(j.stdout).recalibration;
    expect(rec.every).toBe(3);
    expect(
      rec.steps.map((s: { step: number; nParents: number; parents: number }) => [
        s.step,
        s.nParents,
        s.parents,
      ]),
    ).toEqual([
      [0, 0, 3],
      [1, 3, 3],
      [2, 6, 1],
    ]);
    expect(Object.keys(rec.steps[1])).toEqual(
      expect.arrayContaining([
        "nFills",
        "params",
        "standardErrors",
        "meanEstimateBps",
        "meanCostBps",
        "meanErrorBps",
      ]),
    );
    const t = runExecsim([...args, "--recalibrate", "every:3"]);
    expect(t.stdout).toContain("Closed loop: model:flat@1 (sqrt) refitted every 3 parent(s)");
    const bad = runExecsim(["compare", ...base, "--recalibrate", "every:3"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--recalibrate: refits a stored model: name it with --impact model:NAME/);
    expect(runExecsim([...args, "--recalibrate", "each:3"]).code).toBe(2);
  });
});

describe("--model model:NAME in estimate and schedule", () => {
  const db = modelDb();
  const market = ["--db", db, "--symbol", "REG"];

  it("estimate uses the coefficients of the regime before the window's end", () => {
    // the data end at day 8 00:00; the 6 h before lie in day 7 (stressed): η = 1.0, δ = 0.5
    const byName = JSON.parse(
      runExecsim(["estimate", ...market, "--qty", "20", "--model", "model:reg", "--json"]).stdout,
    );
    const plain = JSON.parse(
      runExecsim([
        "estimate",
        ...market,
        "--qty",
        "20",
        "--model",
        "sqrt",
        "--eta",
        "1",
        "--delta",
        "0.5",
        "--json",
      ]).stdout,
    );
    expect(byName.calibratedModel).toMatchObject({ spec: "model:reg@1", model: "sqrt", regime: "stressed" });
    expect(byName.params).toEqual({ eta: 1, delta: 0.5 });
    expect(byName.points).toEqual(plain.points);
    const bad = runExecsim(["estimate", ...market, "--qty", "20", "--model", "model:reg", "--eta", "2"]);
    expect(bad.code).toBe(2);
  });

  it("schedule takes η and γ of an ac model as they are (time unit 1d)", () => {
    const r = JSON.parse(
      runExecsim([
        "schedule",
        ...market,
        "--qty",
        "30",
        "--horizon",
        "2h",
        "--steps",
        "4",
        "--model",
        "model:lin",
        "--json",
      ]).stdout,
    );
    expect(r.params.eta).toBe(2e-3);
    expect(r.params.gamma).toBe(1e-4);
    expect(r.params.source.eta).toBe("model:lin@1");
    const p = runExecsim(["schedule", ...market, "--qty", "30", "--horizon", "2h", "--model", "model:nope"]);
    expect(p.code).toBe(2);
  });
});
