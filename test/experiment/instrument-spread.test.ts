/**
 * Instruments and spreads: on a symbol with a known tick (built-in BTCUSDT: tick 0.1, lot 0.001) the
 * venue quotes one tick wide by default (half-spread = 0.05 USDT on every fill), parents and child
 * orders are whole lots, compare's header names the spread source; the estimators stay options; a
 * tick and lot given at import override the built-in specs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { floorToLot, roundToLot } from "../../src/market/instrument-specs.js";
import { openDatabase } from "../../src/store/database.js";
import { runExecsim } from "../helpers/cli.js";

const DIR = mkdtempSync(path.join(tmpdir(), "execsim-instr-"));
const DB = path.join(DIR, "i.db");
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const RANGE = ["--from", "2024-01-09", "--to", "2024-01-11", "--horizon", "30m"];

function query<T>(sql: string, ...args: unknown[]): T[] {
  const s = openDatabase(DB);
  try {
    return s.sqlite.prepare(sql).all(...args) as T[];
  } finally {
    s.close();
  }
}

beforeAll(() => {
  // synthetic candles stored under a real symbol: BTCUSDT has a built-in tick and lot
  const g = runExecsim([
    "--db",
    DB,
    "data",
    "generate",
    "--symbol",
    "BTCUSDT",
    "--days",
    "12",
    "--seed",
    "5",
  ]);
  expect(g.code).toBe(0);
}, 60_000);

describe("lot rounding", () => {
  it("rounds to the nearest lot and floors within what remains, in exact decimals", () => {
    expect(roundToLot(0.20575, 0.001)).toBe(0.206);
    expect(roundToLot(0.0004, 0.001)).toBe(0);
    expect(roundToLot(12.3456789, 0.01)).toBe(12.35);
    expect(floorToLot(0.2069999, 0.001)).toBe(0.206);
    expect(floorToLot(0.3, 0.1)).toBe(0.3); // 0.3 / 0.1 = 2.9999999999999996 in floating point
    expect(roundToLot(7.5, 1)).toBe(8);
  });
});

describe("a real symbol with a known tick", () => {
  it("quotes one tick wide, rounds parents and children to whole lots, and says so in compare's header", () => {
    const r = runExecsim([
      "--db",
      DB,
      "compare",
      "--symbol",
      "BTCUSDT",
      "--strategies",
      "twap,vwap",
      ...RANGE,
    ]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[1]).toBe(
      "spread source tick (tick 0.1 quote; known tick (built-in)), lot 0.001 base",
    );
    const j = JSON.parse(
      runExecsim(["--db", DB, "--json", "compare", "--symbol", "BTCUSDT", "--strategies", "twap", ...RANGE])
        .stdout,
    );
    expect(j.spread).toEqual({ source: "tick", tickSize: 0.1, basis: "known tick (built-in)" });
    expect(j.instrument).toEqual({ tickSize: 0.1, lotSize: 0.001, source: "built-in" });
    expect(Math.abs(j.parentQtyBase * 1000 - Math.round(j.parentQtyBase * 1000))).toBeLessThan(1e-9);
    const runIds = j.runs.map((x: { runId: number }) => x.runId);
    const halfSpreads = query<{ h: number }>(
      `SELECT DISTINCT half_spread AS h FROM fills WHERE run_id IN (${runIds.join(",")})`,
    );
    expect(halfSpreads).toEqual([{ h: 0.05 }]);
    const children = query<{ q: number }>(
      `SELECT qty_base AS q FROM child_orders WHERE run_id IN (${runIds.join(",")})`,
    );
    expect(children.length).toBeGreaterThan(10);
    for (const { q } of children) {
      expect(q).toBeGreaterThanOrEqual(0.001);
      expect(Math.abs(q * 1000 - Math.round(q * 1000))).toBeLessThan(1e-6);
    }
  });

  it("the estimators stay options (--impact-param spread=corwin-schultz), with the real tick as floor", () => {
    const j = JSON.parse(
      runExecsim([
        "--db",
        DB,
        "--json",
        "compare",
        "--symbol",
        "BTCUSDT",
        "--strategies",
        "twap",
        "--impact-param",
        "spread=corwin-schultz",
        ...RANGE,
      ]).stdout,
    );
    expect(j.spread).toEqual({ source: "corwin-schultz", tickSize: 0.1, basis: "--impact-param" });
    const { lo, n } = query<{ lo: number; n: number }>(
      `SELECT min(half_spread) AS lo, count(DISTINCT half_spread) AS n FROM fills WHERE run_id = ?`,
      j.runs[0].runId,
    )[0]!;
    expect(lo).toBeGreaterThanOrEqual(0.05);
    expect(n).toBeGreaterThan(1);
  });

  it("a tick and lot given at import override the built-in spec", () => {
    const f = path.join(DIR, "x.csv");
    const t0 = Date.UTC(2024, 2, 1);
    const rows = Array.from({ length: 3 }, (_, i) => `${t0 + i * 60_000},10,10.5,9.5,10,100`);
    writeFileSync(f, `timestamp,open,high,low,close,volume\n${rows.join("\n")}\n`);
    const imp = runExecsim([
      "--db",
      DB,
      "data",
      "import",
      f,
      "--symbol",
      "ETHUSDT",
      "--tick-size",
      "0.05",
      "--lot-size",
      "0.5",
    ]);
    expect(imp.code).toBe(0);
    const [row] = query<{ tick: number; lot: number }>(
      "SELECT tick_size AS tick, lot_size AS lot FROM instruments WHERE symbol = 'ETHUSDT'",
    );
    expect(row).toEqual({ tick: 0.05, lot: 0.5 });
    const bad = runExecsim(["--db", DB, "data", "import", f, "--symbol", "ETHUSDT", "--tick-size", "-1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--tick-size must be a number > 0, got -1/);
  });
});
