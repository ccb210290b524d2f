import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type DataGenerateArgs,
  generateConfigFromArgs,
  runDataGenerate,
} from "../../src/cli/data-generate.js";
import { ExecsimError } from "../../src/core/errors.js";
import { marketStats } from "../../src/market/market-stats.js";
import { readSeries } from "../../src/store/candle-store.js";
import { openDatabase } from "../../src/store/database.js";
import { runExecsim } from "../helpers/cli.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "execsim-gen-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("execsim data generate", () => {
  it("stores the candles, prints a summary with statistics, and a re-run changes nothing", () => {
    const db = path.join(dir, "a.db");
    const r = runExecsim(["data", "generate", "--db", db, "--days", "2"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/stored SYN-BTCUSDT \(linear, interval 1\) from synthetic:42/);
    expect(r.stdout).toMatch(/2024-01-01T00:00:00.000Z \.\. 2024-01-03T00:00:00.000Z \(2880 bars\)/);
    expect(r.stdout).toMatch(/2880 inserted, 0 updated, 0 unchanged/);
    expect(r.stdout).toMatch(/volatility +\d+\.\d+ % annualized/);
    expect(r.stdout).toMatch(/ADV .* base\/day/);
    expect(r.stdout).toMatch(/bps Corwin-Schultz/);
    expect(r.stdout).toMatch(/Amihud .* per million quote traded \(2 days\)/);
    const again = runExecsim(["data", "generate", "--db", db, "--days", "2"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 inserted, 0 updated, 2880 unchanged/);
    const store = openDatabase(db);
    const s = readSeries(store, { symbol: "SYN-BTCUSDT", category: "linear", interval: "1" });
    expect(s.length).toBe(2880);
    expect(s.open[0]).toBe(42_000);
    store.close();
  });

  it("the generated series can be listed and exported by its symbol (hyphen and any case)", () => {
    const db = path.join(dir, "a.db");
    const list = runExecsim(["data", "list", "--db", db, "--symbol", "syn-btcusdt", "--json"]);
    expect(list.stderr).toBe("");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ symbol: "SYN-BTCUSDT", rows: 2880 }]);
    const exp = runExecsim(["data", "export", "--db", db, "--symbol", "SYN-BTCUSDT", "--interval", "1"]);
    expect(exp.stderr).toBe("");
    expect(exp.code).toBe(0);
    expect(exp.stdout.trim().split("\n")).toHaveLength(2881); // header + 2880 bars
    // exported to a folder under its own name, it imports back with no flags (the name carries the key)
    const out = path.join(dir, "export-a");
    expect(
      runExecsim([
        "data",
        "export",
        "--db",
        db,
        "--symbol",
        "SYN-BTCUSDT",
        "--interval",
        "1",
        "--out",
        `${out}/`,
      ]).code,
    ).toBe(0);
    const back = runExecsim(["data", "import", out, "--db", path.join(dir, "back.db"), "--json"]);
    expect(back.stderr).toBe("");
    expect(JSON.parse(back.stdout)).toMatchObject({
      symbol: "SYN-BTCUSDT",
      symbolSource: "file name",
      inserted: 2880,
    });
    const gen = runExecsim(["data", "generate", "--db", db, "--days", "1", "--symbol", "syn-x", "--json"]);
    expect(JSON.parse(gen.stdout).symbol).toBe("SYN-X");
  });

  it("--json prints the stored range, counts and statistics; model flags take effect", () => {
    const db = path.join(dir, "b.db");
    const r = runExecsim([
      "data",
      "generate",
      "--db",
      db,
      "--json",
      "--symbol",
      "SYN-ETHUSDT",
      "--category",
      "spot",
      "--interval",
      "5",
      "--days",
      "20",
      "--start",
      "2024-03-01",
      "--seed",
      "abc",
      "--annual-vol",
      "0.8",
      "--start-price",
      "3000",
      "--daily-volume",
      "200000",
      "--spread-bps",
      "0",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      symbol: "SYN-ETHUSDT",
      category: "spot",
      interval: "5",
      source: "synthetic:abc",
      from: "2024-03-01T00:00:00.000Z",
      to: "2024-03-21T00:00:00.000Z",
      bars: 5760,
      inserted: 5760,
      updated: 0,
      unchanged: 0,
      statsUnavailable: null,
    });
    expect(j.stats.annualizedVol).toBeGreaterThan(0.8 * 0.8);
    expect(j.stats.annualizedVol).toBeLessThan(0.8 * 1.2);
    expect(j.stats.averageDailyVolume / 200_000).toBeGreaterThan(0.95);
    expect(j.stats.averageDailyVolume / 200_000).toBeLessThan(1.05);
    expect(j.stats.hourlyVolumeShares).toHaveLength(24);
    const store = openDatabase(db);
    const s = readSeries(store, { symbol: "SYN-ETHUSDT", category: "spot", interval: "5" });
    expect(s.open[0]).toBe(3000);
    store.close();
  });

  it("a range too short for daily statistics is stored and says why the statistics are missing", () => {
    const db = path.join(dir, "c.db");
    const r = runExecsim(["data", "generate", "--db", db, "--days", "0.5", "--interval", "60"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/12 inserted/);
    expect(r.stdout).toMatch(/statistics unavailable: average daily volume needs at least 1 day/);
  });

  it("validates every flag with a message that names it (in-process)", () => {
    const ok: DataGenerateArgs = {
      symbol: "SYN-BTCUSDT",
      category: "linear",
      interval: "1",
      days: 30,
      start: "2024-01-01",
      seed: "42",
    };
    expect(generateConfigFromArgs(ok)).toEqual({
      symbol: "SYN-BTCUSDT",
      category: "linear",
      interval: "1",
      startMs: Date.UTC(2024, 0, 1),
      bars: 43_200,
      seed: "42",
    });
    const cases: [Partial<DataGenerateArgs>, RegExp][] = [
      [{ "annual-vol": 0 }, /annualVol \(--annual-vol\) must be in \(0, 10\]/],
      [{ days: 0 }, /--days 0: give a number of days > 0/],
      [{ days: 4000 }, /<= 3650/],
      [{ days: 0.01, interval: "60" }, /not a whole number of interval-60 bars/],
      [{ interval: "7" }, /interval "7" is not a Bybit kline interval/],
      [{ start: "2024-01-01T00:00:30Z" }, /start time must be a bar open time/],
      [{ start: "yesterday" }, /--start "yesterday" is not a date/],
      [{ category: "futures" }, /--category "futures": use one of spot, linear, inverse/],
      [{ "daily-volume": -5 }, /dailyVolume \(--daily-volume\)/],
      [{ "start-price": Number.NaN }, /--start-price: give a number/],
      [{ "spread-bps": -1 }, /spreadBps \(--spread-bps\)/],
      [{ seed: " " }, /--seed/],
      [{ "weekend-volume": 0 }, /weekendVolumeFactor \(--weekend-volume\)/],
      [{ symbol: "BAD SYMBOL" }, /--symbol "BAD SYMBOL": use a Bybit symbol/],
    ];
    for (const [patch, msg] of cases) {
      let err: unknown;
      try {
        generateConfigFromArgs({ ...ok, ...patch });
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(patch)).toBeInstanceOf(ExecsimError);
      expect((err as ExecsimError).code).toBe("INVALID_ARGUMENT");
      expect((err as ExecsimError).message).toMatch(msg);
    }
  });

  it("bad input exits 2 with a clear message and writes nothing", () => {
    const db = path.join(dir, "bad.db");
    for (const [args, msg] of [
      [["--annual-vol", "0"], /annualVol \(--annual-vol\) must be in \(0, 10\]/],
      [["--bogus", "1"], /Unknown argument: bogus/],
    ] as [string[], RegExp][]) {
      const r = runExecsim(["data", "generate", "--db", db, ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/INVALID_ARGUMENT/);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).toBe("");
    }
    expect(existsSync(db)).toBe(false);
  });

  it("another seed over a stored range overwrites it (reported as updated); the summary describes the new rows", () => {
    const store = openDatabase(":memory:");
    const cfg = generateConfigFromArgs({
      symbol: "SYN-BTCUSDT",
      category: "linear",
      interval: "15",
      days: 3,
      start: "2024-01-01",
      seed: "42",
    });
    const first = runDataGenerate(store, cfg);
    expect(first.counts).toEqual({ inserted: 288, updated: 0, unchanged: 0 });
    const second = runDataGenerate(store, { ...cfg, seed: "7" });
    expect(second.source).toBe("synthetic:7");
    expect(second.counts).toEqual({ inserted: 0, updated: 288, unchanged: 0 });
    const stored = readSeries(store, second.key);
    expect(second.stats!.volatility.annualized).toBe(marketStats(stored).volatility.annualized);
    expect(second.stats!.volatility.annualized).not.toBe(first.stats!.volatility.annualized);
    store.close();
  });

  it("--help documents the flags and their defaults", () => {
    const r = runExecsim(["data", "generate", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of [
      "--symbol",
      "--category",
      "--interval",
      "--days",
      "--start",
      "--seed",
      "--annual-vol",
    ]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toMatch(/default: "SYN-BTCUSDT"/);
    expect(r.stdout).toMatch(/default: 30/);
  });
});
