/**
 * `execsim calibrate` end to end on the built-in dataset (SYN-BTCUSDT, 1-minute candles).
 *
 * Fills by a known law, per volatility regime: 90 parents, each one fill of Q (a fills-only file: the
 * parent starts at its first fill),
 * priced at p = A·(1 + s·η_k·σ·(|Q|/V)^δ_k) with A the close of the last bar closed at the start and σ,
 * V the day's realized volatility and volume before the start (the feature builder's 1-day windows,
 * which the calibration uses too), and (η_k, δ_k) the law of the parent's volatility tercile k:
 * calm (0.3, 0.45), normal (0.6, 0.55), stressed (1.2, 0.7). Without noise each regime's fit gives its
 * law back to rounding, and the pooled fit is rejected by the regime test.
 * Stored runs: simulated almgren-chriss runs give the venue's η and γ back (one child per bar, so the
 * parent's rate is the children's). Bad input exits 2 and stores nothing.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CALIBRATION_FEATURE_CONFIG } from "../../src/calibration/calibration-points.js";
import { realizedVolBefore, regimeOf, regimeRuleFromTerciles } from "../../src/calibration/regimes.js";
import { buildRunConfig } from "../../src/engine/run-config.js";
import { compareOnParents } from "../../src/experiment/compare-own-parents.js";
import { buildImpactFeatures } from "../../src/impact/ml/feature-builder.js";
import { DEFAULT_DATASET_KEY, ensureDefaultDataset } from "../../src/market/default-dataset.js";
import { readSeries } from "../../src/store/candle-store.js";
import { openDatabase } from "../../src/store/database.js";
import { lastCloseMid } from "../../src/tca/markouts.js";
import { runExecsim } from "../helpers/cli.js";

const HOUR = 3_600_000;
const LAWS = [
  { eta: 0.3, delta: 0.45 },
  { eta: 0.6, delta: 0.55 },
  { eta: 1.2, delta: 0.7 },
];
const iso = (ms: number) => new Date(ms).toISOString();

let dir: string;
let db: string;

function fillsFile(name: string, rows: string[]): string {
  const f = path.join(dir, name);
  writeFileSync(f, ["parent_id,timestamp,side,qty,price", ...rows].join("\n"));
  return f;
}

function modelCount(): number {
  const store = openDatabase(db);
  const n = store.sqlite.prepare("SELECT count(*) FROM calibrated_models").pluck().get() as number;
  store.close();
  return n;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "execsim-calibrate-"));
  db = path.join(dir, "c.db");
  const store = openDatabase(db);
  ensureDefaultDataset(store);
  const series = readSeries(store, DEFAULT_DATASET_KEY);
  store.close();
  const starts = Array.from({ length: 90 }, (_, i) => Date.UTC(2024, 0, 2, 1) + i * 7 * HOUR);
  const rule = regimeRuleFromTerciles(
    starts.map((t) => realizedVolBefore(series, t, 86_400_000)),
    3,
    86_400_000,
  );
  const qtys = starts.map((_, i) => 10 ** (-1 + (3 * ((i * 37) % 90)) / 90));
  const ds = buildImpactFeatures(
    series,
    starts.map((t, i) => ({ timeMs: t, qty: qtys[i]! })),
    CALIBRATION_FEATURE_CONFIG,
  );
  expect(ds.features.nRows).toBe(90);
  const rows = starts.map((t, i) => {
    const law = LAWS[regimeOf(rule, realizedVolBefore(series, t, 86_400_000))!]!;
    const side = i % 2 === 0 ? 1 : -1;
    const A = lastCloseMid(series, t);
    const cost = law.eta * ds.sigmaDaily[i]! * (qtys[i]! / ds.adv[i]!) ** law.delta;
    return `P${i},${iso(t)},${side > 0 ? "buy" : "sell"},${qtys[i]},${A * (1 + side * cost)}`;
  });
  fillsFile("law.csv", rows);
  fillsFile("two.csv", rows.slice(0, 2));
});

describe("execsim calibrate --run", () => {
  it("on simulated almgren-chriss runs (--run A,B) gives the venue's η and γ under their JSON names", async () => {
    const store = openDatabase(db);
    const parents = Array.from({ length: 12 }, (_, i) => {
      const startMs = Date.UTC(2024, 0, 3) + i * 20 * HOUR;
      return {
        id: `S${i}`,
        symbol: "SYN-BTCUSDT",
        side: i % 2 ? ("sell" as const) : ("buy" as const),
        qtyBase: 0.5 + i,
        startMs,
        endMs: startMs + (30 + 10 * (i % 5)) * 60_000,
      };
    });
    const config = buildRunConfig({
      strategies: ["twap"],
      impact: "almgren-chriss",
      impactParams: { eta: 4, gamma: 1.5 },
    });
    // two runs: the first and the second half of the parents
    const runIds: number[] = [];
    for (const half of [parents.slice(0, 6), parents.slice(6)]) {
      const [res] = await compareOnParents(store, config, half, { executor: "in-process" });
      runIds.push(res!.runs[0]!.runId);
    }
    store.close();
    const ids = runIds.join(",");
    const r = runExecsim([
      "calibrate",
      "--run",
      ids,
      "--model",
      "ac",
      "--name",
      "sim-ac",
      "--json",
      "--no-ml",
      "--db",
      db,
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ model: "ac", name: "sim-ac", version: 1, n: 12, source: `runs:${ids}` });
    expect(j.eta).toBeCloseTo(4, 6);
    expect(j.gamma).toBeCloseTo(1.5, 6);
    for (const k of ["etaSE", "gammaSE", "epsilon", "r2", "oosRmse"]) expect(j).toHaveProperty(k);
    expect(j.venue).toEqual({ impact: "almgren-chriss", impactParams: { eta: j.eta, gamma: j.gamma } });
  });
});

describe("execsim calibrate --fills", () => {
  /** calibrate the law file (fills-only: --symbol names the market) as model syn-law */
  let LAW_ARGS: string[];
  beforeAll(() => {
    LAW_ARGS = [
      "calibrate",
      "--fills",
      path.join(dir, "law.csv"),
      "--symbol",
      "SYN-BTCUSDT",
      "--model",
      "sqrt",
      "--name",
      "syn-law",
    ];
  });

  it("recovers each volatility regime's law from a fills-only file (--symbol names the market)", () => {
    const r = runExecsim([...LAW_ARGS, "--regimes", "3", "--json", "--db", db]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ model: "sqrt", name: "syn-law", version: 1, n: 90, symbol: "SYN-BTCUSDT" });
    for (const k of ["eta", "etaSE", "delta", "deltaSE", "r2", "oosRmse", "regimes"])
      expect(j).toHaveProperty(k);
    expect(j.regimes.map((g: { label: string; n: number }) => [g.label, g.n])).toEqual([
      ["calm", 30],
      ["normal", 30],
      ["stressed", 30],
    ]);
    j.regimes.forEach((g: { eta: number; delta: number }, k: number) => {
      expect(g.eta).toBeCloseTo(LAWS[k]!.eta, 6);
      expect(g.delta).toBeCloseTo(LAWS[k]!.delta, 6);
    });
    expect(j.regimeTest.pValue).toBeLessThan(1e-6);
    expect(j.ml.map((m: { model: string }) => m.model)).toEqual(["sqrt", "ols", "mlp"]);
    expect(j.source).toMatch(/^fills:law\.csv sha256:[0-9a-f]{16}$/);
    // the text report and a second version under the same name
    const t = runExecsim([...LAW_ARGS, "--no-ml", "--db", db]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('calibrated sqrt model "syn-law" version 2');
    expect(t.stdout).toMatch(/delta\s+0\.\d+\s+/);
  });

  it("bad input exits 2 and stores nothing", () => {
    const before = modelCount();
    const law = path.join(dir, "law.csv");
    const cases: [string[], RegExp][] = [
      [
        ["--fills", law, "--symbol", "SYN-BTCUSDT", "--model", "cubic", "--name", "x"],
        /INVALID_ARGUMENT.*unknown model kind "cubic"/,
      ],
      [
        ["--fills", path.join(dir, "two.csv"), "--symbol", "SYN-BTCUSDT", "--model", "sqrt", "--name", "x"],
        /INSUFFICIENT_DATA.*2 parent\(s\)/,
      ],
      [["--fills", law, "--model", "sqrt", "--name", "x"], /VALIDATION_ERROR.*--symbol/],
      [["--fills", law, "--run", "1", "--model", "sqrt", "--name", "x"], /INVALID_ARGUMENT.*not both/],
      [
        ["--fills", law, "--symbol", "SYN-BTCUSDT", "--model", "sqrt", "--name", "x", "--regimes", "40"],
        /INSUFFICIENT_DATA.*regime q\d+/,
      ],
      [["--run", "99", "--model", "sqrt", "--name", "x"], /NOT_FOUND.*run.*99/],
    ];
    for (const [args, msg] of cases) {
      const r = runExecsim(["calibrate", ...args, "--no-ml", "--db", db]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
    expect(modelCount()).toBe(before);
  });
});
