import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { marketStats } from "../../src/market/market-stats.js";
import { almgrenChrissSchedule } from "../../src/optimize/almgren-chriss.js";
import { preTradeCostCurve } from "../../src/optimize/cost-curve.js";
import { readSeries } from "../../src/store/candle-store.js";
import { openDatabase } from "../../src/store/database.js";
import { AC_PAPER, AC_PAPER_SCHEDULE_ARGS } from "../helpers/almgren-chriss-paper.js";
import { runExecsim } from "../helpers/cli.js";
import { describeWithSharedData } from "../helpers/shared-data.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "execsim-sched-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PAPER_ARGS = AC_PAPER_SCHEDULE_ARGS;

describe("execsim schedule", () => {
  it("prints the AC (2000) worked example: trajectory, trades, E, √V, utility, half-life", () => {
    const db = path.join(dir, "never-created.db");
    const r = runExecsim([...PAPER_ARGS, "--lambda", "1e-6", "--db", db]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sell 1000000 over 5d \(T = 5 days\) in 5 steps/);
    expect(r.stdout).toMatch(/κ 0\.607076 +κT 3\.0354 +half-life 1\.6472 days/);
    expect(r.stdout).toMatch(/1 +1 +541955\.55 +458044\.45/);
    expect(r.stdout).toMatch(/5 +5 +0 +62141\.80/);
    expect(r.stdout).toMatch(/expected cost E +911226\.99/);
    expect(r.stdout).toMatch(/std dev √V +603430\.67/);
    expect(r.stdout).toMatch(/utility E \+ λV +1275355\.56/);
    // explicit parameters need no store: nothing is created
    expect(existsSync(db)).toBe(false);
  });

  it("--json gives the same numbers as the library", () => {
    const r = runExecsim([...PAPER_ARGS, "--lambda", "1e-6", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const s = almgrenChrissSchedule({ ...AC_PAPER, lambda: 1e-6 });
    expect(j.kappa).toBe(s.kappa);
    expect(j.expectedCost).toBe(s.expectedCost);
    expect(j.stdDev).toBe(s.stdDev);
    expect(j.utility).toBe(s.utility);
    expect(j.halfLife).toBe(s.halfLife);
    expect(j.trajectory).toHaveLength(6);
    expect(j.trajectory[0]).toEqual({ step: 0, time: 0, holdings: 1e6, trade: null });
    expect(j.trajectory[1].trade).toBe(s.trades[0]);
    expect(j.params.source).toEqual({ sigma: "given", eta: "given", gamma: "given", epsilon: "given" });
  });

  it("λ = 0 is TWAP (E = 662,500) with an infinite half-life (null in JSON)", () => {
    const r = runExecsim([...PAPER_ARGS, "--lambda", "0", "--json"]);
    const j = JSON.parse(r.stdout);
    expect(j.expectedCost).toBeCloseTo(662500, 6);
    expect(j.halfLife).toBeNull();
    expect(j.trajectory.map((t: { holdings: number }) => t.holdings)).toEqual([1e6, 8e5, 6e5, 4e5, 2e5, 0]);
  });

  it("a λ grid prints the efficient frontier", () => {
    const r = runExecsim([...PAPER_ARGS, "--lambda", "1e-8:1e-5:4"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/efficient frontier/);
    expect(r.stdout).toMatch(/1\.0000e-6 +0\.607076 +911226\.99 +603430\.67 +1275355\.56 +1\.6472/);
    const j = JSON.parse(runExecsim([...PAPER_ARGS, "--lambda", "0,1e-7,1e-6", "--json"]).stdout);
    expect(j.frontier).toHaveLength(3);
    expect(j.frontier[0].expectedCost).toBeCloseTo(662500, 6);
    expect(j.frontier[0].halfLife).toBeNull();
    expect(j.frontier[1].expectedCost).toBeCloseTo(670057.46, 2);
  });

  it("--time-unit rescales: the same example in hours gives the same schedule and costs", () => {
    const r = runExecsim([
      "schedule",
      "--qty",
      "1e6",
      "--horizon",
      "120h",
      "--steps",
      "5",
      "--time-unit",
      "1h",
      "--sigma",
      String(0.95 / Math.sqrt(24)),
      "--eta",
      String(2.5e-6 * 24),
      "--gamma",
      "2.5e-7",
      "--epsilon",
      "0.0625",
      "--lambda",
      "1e-6",
      "--json",
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.horizon).toBe(120);
    expect(j.expectedCost).toBeCloseTo(911226.9863, 3);
    expect(j.kappa * 24).toBeCloseTo(0.6070761632470627, 10);
    expect(j.halfLife / 24).toBeCloseTo(1.6472397707913768, 10);
  });

  it("rejects bad input with a clear error and exit code 2, η̃ <= 0 from the flags included", () => {
    const bad = runExecsim([...PAPER_ARGS, "--lambda", "abc"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lambda "abc": give a number >= 0/);
    // without σ, η, γ, ε the store would be needed, but bad flags fail before it is opened
    const db = path.join(dir, "bad-input.db");
    const h = runExecsim([...PAPER_ARGS.slice(0, 5), "--horizon", "soon", "--lambda", "0", "--db", db]);
    expect(h.code).toBe(2);
    expect(h.stderr).toMatch(/duration "soon" is not understood/);
    const e = runExecsim(["estimate", "--qty", "1", "--horizons", "1x", "--db", db]);
    expect(e.code).toBe(2);
    const cat = runExecsim([
      "estimate",
      "--qty",
      "1",
      "--symbol",
      "BTCUSDT",
      "--category",
      "futures",
      "--db",
      db,
    ]);
    expect(cat.code).toBe(2);
    expect(cat.stderr).toMatch(/--category "futures": use one of spot, linear, inverse/);
    const range = runExecsim([
      "estimate",
      "--qty",
      "1",
      "--from",
      "2024-02-01",
      "--to",
      "2024-01-01",
      "--db",
      db,
    ]);
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/--to must be after --from/);
    const sym = runExecsim([
      ...PAPER_ARGS.slice(0, 5),
      "--horizon",
      "1d",
      "--symbol",
      "BTC/USDT",
      "--db",
      db,
    ]);
    expect(sym.code).toBe(2);
    expect(sym.stderr).toMatch(/--symbol "BTC\/USDT": use a Bybit symbol/);
    expect(existsSync(db)).toBe(false);
    const model = runExecsim([...PAPER_ARGS, "--model", "xyz"]);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/only ac/);
    // one step of 5 days: η̃ = 2.5e-6 − 2e-6·5/2 < 0
    const args = PAPER_ARGS.map((a, i) =>
      PAPER_ARGS[i - 1] === "--steps" ? "1" : PAPER_ARGS[i - 1] === "--gamma" ? "2e-6" : a,
    );
    const eta = runExecsim([...args, "--lambda", "1e-6"]);
    expect(eta.code).toBe(2);
    expect(eta.stderr).toMatch(/INVALID_ARGUMENT.*eta-tilde.*more steps/s);
    expect(eta.stdout).toBe("");
  });
});

describe("execsim estimate and schedule on stored candles", () => {
  const db = path.join(dir, "gen.db");
  /** `execsim estimate --db <gen.db> --symbol SYN-T <args>`. */
  const estimateOn = (...args: string[]) =>
    runExecsim(["estimate", "--db", db, "--symbol", "SYN-T", ...args]);
  it("generate 3 days, then estimate: numbers equal the library's on the same series", () => {
    const g = runExecsim(["data", "generate", "--db", db, "--days", "3", "--symbol", "SYN-T", "--seed", "7"]);
    expect(g.code).toBe(0);
    const r = estimateOn("--qty", "5", "--horizons", "1m,1h,1d", "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const store = openDatabase(db);
    const series = readSeries(store, { symbol: "SYN-T", category: "linear", interval: "1" });
    store.close();
    const st = marketStats(series);
    expect(j.market.sigmaDaily).toBe(st.volatility.daily);
    expect(j.market.adv).toBe(st.dailyVolume.volumeBase);
    expect(j.market.mid).toBe(series.close[series.length - 1]);
    const expected = preTradeCostCurve({
      model: "sqrt",
      qty: 5,
      horizonsDays: [1 / 1440, 1 / 24, 1],
      market: {
        mid: j.market.mid,
        sigmaDaily: j.market.sigmaDaily,
        adv: j.market.adv,
        spread: j.market.spread,
      },
    });
    expect(j.points.map((p: { expectedCostQuote: number }) => p.expectedCostQuote)).toEqual(
      expected.map((p) => p.expectedCostQuote),
    );
    expect(j.points.map((p: { stdDevQuote: number }) => p.stdDevQuote)).toEqual(
      expected.map((p) => p.stdDevQuote),
    );
    expect(j.points.map((p: { horizon: string }) => p.horizon)).toEqual(["1m", "1h", "1d"]);
  });

  it("estimate --model ac prints a table; faster horizons cost more", () => {
    const r = estimateOn("--qty", "5", "--model", "ac", "--side", "sell");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pre-trade cost of selling 5 SYN-T \(ac model\)/);
    expect(r.stdout).toMatch(/horizon +E cost \(quote\) +E \(bps\) +SD \(quote\) +SD \(bps\)/);
    const j = JSON.parse(estimateOn("--qty", "5", "--model", "ac", "--json").stdout);
    const e = j.points.map((p: { expectedCostQuote: number }) => p.expectedCostQuote);
    expect(e[0]).toBeGreaterThan(e[1]);
    expect(e[1]).toBeGreaterThan(e[2]);
    expect(e[2]).toBeGreaterThan(e[3]);
  });

  it("schedule without σ, η, γ, ε derives them from the candles (AC rules of thumb, per time unit)", () => {
    const r = runExecsim([
      "schedule",
      "--db",
      db,
      "--symbol",
      "SYN-T",
      "--qty",
      "20",
      "--horizon",
      "2h",
      "--steps",
      "8",
      "--lambda",
      "1e-4",
      "--time-unit",
      "1h",
      "--spread-bps",
      "2",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    const spreadPrice = 2e-4 * j.market.mid;
    expect(j.params.epsilon).toBeCloseTo(spreadPrice / 2, 10);
    expect(j.params.gamma).toBeCloseTo(spreadPrice / (0.1 * j.market.adv), 14);
    expect(j.params.eta).toBeCloseTo((spreadPrice / (0.01 * j.market.adv)) * 24, 12);
    expect(j.params.sigma).toBeCloseTo(j.market.sigmaDaily * j.market.mid * Math.sqrt(1 / 24), 10);
    expect(j.params.source.eta).toMatch(/candles/);
    expect(j.trajectory).toHaveLength(9);
    expect(j.trajectory[8].holdings).toBe(0);
  });

  it("estimate on an unknown symbol fails with NOT_FOUND; bad horizons and sides exit 2", () => {
    const r = runExecsim(["estimate", "--db", db, "--symbol", "NOPE", "--qty", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/NOT_FOUND/);
    expect(estimateOn("--qty", "1", "--horizons", "1x").code).toBe(2);
    const side = estimateOn("--qty", "1", "--side", "hold");
    expect(side.code).toBe(2);
    expect(side.stderr).toMatch(/--side must be buy or sell/);
    const mixed = estimateOn("--qty", "1", "--model", "ac", "--eta", "0.3");
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/--eta and --delta are square-root coefficients/);
    const q = estimateOn("--qty", "-1");
    expect(q.stderr).toMatch(/--qty must be a size > 0/);
    // Too short a range is the user's input too: INSUFFICIENT_DATA exits 2 and says how to fix it.
    const short = estimateOn("--qty", "1", "--from", "2024-01-01", "--to", "2024-01-01T12:00:00Z");
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/INSUFFICIENT_DATA.*widen the range/);
  });

  it("estimate without --symbol uses the built-in default dataset", () => {
    const r = runExecsim([
      "estimate",
      "--db",
      path.join(dir, "default.db"),
      "--qty",
      "10",
      "--horizons",
      "1h",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SYN-BTCUSDT \(sqrt model, built-in default dataset\)/);
    expect(r.stdout).toMatch(/43200 bars/);
  });
});

const csv = path.resolve(
  __dirname,
  "../../../shared/data/bybit/candles/BTCUSDT_linear_1m_2025-05-30_2025-06-29.csv",
);
describeWithSharedData(csv, "execsim estimate on real Bybit BTCUSDT 1m candles", () => {
  it("imports the month and prints a cost curve with plausible inputs", () => {
    const db = path.join(dir, "bybit.db");
    const imp = runExecsim([
      "data",
      "import",
      csv,
      "--db",
      db,
      "--symbol",
      "BTCUSDT",
      "--category",
      "linear",
      "--interval",
      "1",
    ]);
    expect(imp.code).toBe(0);
    const r = runExecsim(["estimate", "--db", db, "--symbol", "BTCUSDT", "--qty", "10", "--json"]);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    // BTC in June 2025: ~100-110k, daily vol ~1.5-3 %, ADV tens of thousands of BTC on the perpetual
    expect(j.market.mid).toBeGreaterThan(90_000);
    expect(j.market.mid).toBeLessThan(120_000);
    expect(j.market.sigmaDaily).toBeGreaterThan(0.01);
    expect(j.market.sigmaDaily).toBeLessThan(0.04);
    expect(j.market.adv).toBeGreaterThan(1e4);
    expect(j.points[0].expectedCostBps).toBeGreaterThan(0.5);
    expect(j.points[0].expectedCostBps).toBeLessThan(50);
  });
});
