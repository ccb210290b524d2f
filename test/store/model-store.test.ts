import { describe, expect, it } from "vitest";
import { ExecsimError } from "../../src/core/errors.js";
import { openDatabase } from "../../src/store/database.js";
import {
  calibratedModelVersions,
  getCalibratedModel,
  listCalibratedModels,
  saveCalibratedModel,
} from "../../src/store/model-store.js";
import { sqrtModelRecord } from "../helpers/calibrated-model-fixtures.js";

const sqrtRecord = (name: string, eta: number) => sqrtModelRecord(name, eta);

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ExecsimError);
    return `${(e as ExecsimError).code}: ${(e as Error).message}`;
  }
  throw new Error("expected a throw");
}

describe("calibrated model store", () => {
  it("gives versions 1, 2, ... per name and reads back exactly what was saved", () => {
    const store = openDatabase(":memory:");
    const a1 = saveCalibratedModel(store, sqrtRecord("btc-sqrt", 0.5));
    const b1 = saveCalibratedModel(store, { ...sqrtRecord("eth", 0.3), regimeRule: null, regimes: [] });
    const a2 = saveCalibratedModel(store, sqrtRecord("btc-sqrt", 0.7));
    expect([a1.version, b1.version, a2.version]).toEqual([1, 1, 2]);
    expect(a1).toEqual({ ...sqrtRecord("btc-sqrt", 0.5), version: 1 });
    expect(b1.regimeRule).toBeNull();
    expect(b1.regimes).toEqual([]);
    expect(getCalibratedModel(store, "btc-sqrt").params.eta).toBe(0.7); // latest
    expect(getCalibratedModel(store, "btc-sqrt", 1).params.eta).toBe(0.5);
    expect(getCalibratedModel(store, "btc-sqrt", 1).regimes[2]!.params.eta).toBe(1.5);
    expect(calibratedModelVersions(store, "btc-sqrt").map((m) => m.version)).toEqual([1, 2]);
    expect(listCalibratedModels(store)).toEqual([
      {
        name: "btc-sqrt",
        model: "sqrt",
        version: 2,
        versions: [1, 2],
        symbol: "BTCUSDT",
        fittedAt: "2024-01-02T00:00:00.000Z",
        regimes: 3,
        n: 33,
      },
      {
        name: "eth",
        model: "sqrt",
        version: 1,
        versions: [1],
        symbol: "BTCUSDT",
        fittedAt: "2024-01-02T00:00:00.000Z",
        regimes: 0,
        n: 33,
      },
    ]);
  });

  it("unknown names and versions are NOT_FOUND with the known ones listed", () => {
    const store = openDatabase(":memory:");
    expect(codeOf(() => getCalibratedModel(store, "x"))).toMatch(
      /^NOT_FOUND: .*none is stored yet.*execsim calibrate/,
    );
    saveCalibratedModel(store, sqrtRecord("alpha", 0.5));
    saveCalibratedModel(store, sqrtRecord("beta", 0.5));
    saveCalibratedModel(store, sqrtRecord("beta", 0.6));
    const unknown = codeOf(() => getCalibratedModel(store, "gamma"));
    expect(unknown).toMatch(/^NOT_FOUND: no calibrated model named "gamma"; stored models: alpha, beta/);
    expect(unknown).toContain("execsim models list");
    expect(codeOf(() => getCalibratedModel(store, "beta", 3))).toMatch(
      /^NOT_FOUND: model "beta" has no version 3; its versions are 1, 2 .*execsim models list/,
    );
  });

  it("rejects a bad name or an inconsistent regime rule and writes nothing", () => {
    const store = openDatabase(":memory:");
    expect(codeOf(() => saveCalibratedModel(store, sqrtRecord("a@b", 0.5)))).toMatch(
      /^INVALID_ARGUMENT: model name "a@b"/,
    );
    const rec = sqrtRecord("ok", 0.5);
    expect(codeOf(() => saveCalibratedModel(store, { ...rec, regimes: rec.regimes.slice(0, 2) }))).toMatch(
      /^INVALID_ARGUMENT: .*3 labels but 2 regime fits/,
    );
    expect(
      codeOf(() => saveCalibratedModel(store, { ...rec, regimeRule: { ...rec.regimeRule!, cuts: [0.02] } })),
    ).toMatch(/^INVALID_ARGUMENT: .*3 labels need 2 cut points, got 1/);
    expect(store.sqlite.prepare("SELECT count(*) FROM calibrated_models").pluck().get()).toBe(0);
  });

  it("the unique (name, version) index refuses a duplicate version", () => {
    const store = openDatabase(":memory:");
    saveCalibratedModel(store, sqrtRecord("dup", 0.5));
    expect(() =>
      store.sqlite
        .prepare(
          "INSERT INTO calibrated_models (name, version, model, params_json, regimes_json, from_ms, to_ms, fitted_at, source, stats_json) VALUES ('dup', 1, 'sqrt', '{}', '[]', 0, 0, '', '', '{}')",
        )
        .run(),
    ).toThrow(/UNIQUE/);
  });
});
