import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { saveCalibratedModel } from "../../src/store/model-store.js";
import { sqrtModelRecord } from "../helpers/calibrated-model-fixtures.js";
import { runExecsim } from "../helpers/cli.js";

function dbWithModels(): string {
  const db = path.join(mkdtempSync(path.join(tmpdir(), "execsim-models-")), "m.db");
  const store = openDatabase(db);
  saveCalibratedModel(store, sqrtModelRecord("btc-sqrt", 0.4));
  saveCalibratedModel(store, sqrtModelRecord("btc-sqrt", 0.55));
  saveCalibratedModel(store, sqrtModelRecord("flat", 0.3, { regimes: false }));
  store.close();
  return db;
}

describe("execsim models list|show", () => {
  const db = dbWithModels();

  it("list: one line per name with its latest version (JSON and table)", () => {
    const r = runExecsim(["models", "list", "--db", db, "--json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; version: number; versions: number[] }[];
    expect(rows.map((x) => [x.name, x.version, x.versions])).toEqual([
      ["btc-sqrt", 2, [1, 2]],
      ["flat", 1, [1]],
    ]);
    const t = runExecsim(["models", "list", "--db", db]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/btc-sqrt\s+2\s+1,2\s+sqrt\s+BTCUSDT\s+3\s+33/);
  });

  it("show NAME gives the latest version, NAME@V that version, with parameters and regimes", () => {
    const latest = JSON.parse(runExecsim(["models", "show", "btc-sqrt", "--db", db, "--json"]).stdout);
    expect(latest.version).toBe(2);
    expect(latest.params).toEqual({ eta: 0.55, delta: 0.6 });
    expect(latest.versions).toEqual([1, 2]);
    expect([
      latest.model,
      latest.name,
      latest.eta,
      latest.etaSE,
      latest.delta,
      latest.deltaSE,
      latest.n,
    ]).toEqual(["sqrt", "btc-sqrt", 0.55, 0.01, 0.6, 0.02, 33]);
    const v1 = JSON.parse(runExecsim(["models", "show", "model:btc-sqrt@1", "--db", db, "--json"]).stdout);
    expect(v1.params.eta).toBe(0.4);
    expect(v1.regimes.map((r: { params: { eta: number } }) => r.params.eta)).toEqual([
      0.4, 0.8, 1.2000000000000002,
    ]);
    const text = runExecsim(["models", "show", "btc-sqrt@1", "--db", db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("model btc-sqrt@1 (sqrt); versions 1, 2");
    expect(text.stdout).toMatch(/eta\s+0\.4\s+0\.01/);
    expect(text.stdout).toMatch(/stressed\s+\[0\.04, ∞\)\s+12\s+1\.2\s+0\.01\s+0\.6\s+0\.02/);
  });

  it("unknown names and versions exit 2 naming the known ones; no database is created", () => {
    const r = runExecsim(["models", "show", "nope", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /error \[NOT_FOUND\]: no calibrated model named "nope"; stored models: btc-sqrt, flat/,
    );
    const v = runExecsim(["models", "show", "btc-sqrt@7", "--db", db]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('model "btc-sqrt" has no version 7; its versions are 1, 2');
    const bad = runExecsim(["models", "show", "btc-sqrt@x", "--db", db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("INVALID_ARGUMENT");
    const none = path.join(path.dirname(db), "none.db");
    expect(runExecsim(["models", "show", "a", "--db", none]).code).toBe(2);
    expect(JSON.parse(runExecsim(["models", "list", "--db", none, "--json"]).stdout)).toEqual([]);
    expect(existsSync(none)).toBe(false);
  });
});
