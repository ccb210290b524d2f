import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Candle, seriesFromCandles } from "../../src/core/market-types.js";
import { readSeries, writeCandles } from "../../src/store/candle-store.js";
import { openDatabase } from "../../src/store/database.js";

const key = { symbol: "BTCUSDT", category: "linear", interval: "1" } as const;
const candles: Candle[] = [0, 1, 2].map((i) => ({
  openTimeMs: 1_700_000_000_000 + i * 60_000,
  open: 100 + i,
  high: 102 + i,
  low: 99 + i,
  close: 101 + i,
  volume: 10 * (i + 1),
  turnover: 1000 * (i + 1),
}));

describe("candle store", () => {
  it("migrates on open and round-trips candles as typed arrays", () => {
    const store = openDatabase(":memory:");
    expect(writeCandles(store, key, candles, "test")).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    const s = readSeries(store, key);
    expect(s.length).toBe(3);
    expect(Array.from(s.close)).toEqual([101, 102, 103]);
    expect(s.intervalMs).toBe(60_000);
    const part = readSeries(store, key, candles[1]!.openTimeMs, candles[2]!.openTimeMs);
    expect(Array.from(part.openTimeMs)).toEqual([candles[1]!.openTimeMs]);
    store.close();
  });

  it("re-writing the same rows changes nothing; a changed row counts as updated", () => {
    const store = openDatabase(":memory:");
    writeCandles(store, key, candles, "test");
    expect(writeCandles(store, key, candles, "test")).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    const changed = candles.map((c, i) => (i === 2 ? { ...c, close: 102.5, volume: 31 } : c));
    expect(writeCandles(store, key, changed, "test")).toEqual({ inserted: 0, updated: 1, unchanged: 2 });
    expect(readSeries(store, key).close[2]).toBe(102.5);
    store.close();
  });

  it("an unknown series is NOT_FOUND with a hint", () => {
    const store = openDatabase(":memory:");
    expect(() => readSeries(store, { ...key, symbol: "NOPE" })).toThrow(/data list/);
    store.close();
  });

  it("a file database runs in WAL mode with foreign keys on", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "execsim-store-"));
    try {
      const store = openDatabase(path.join(dir, "x.db"));
      expect(store.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(store.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a range read of one series is an index range scan, not a table scan", () => {
    const store = openDatabase(":memory:");
    const plan = store.sqlite
      .prepare(
        "EXPLAIN QUERY PLAN SELECT open_time_ms, close FROM candles WHERE symbol = ? AND category = ? AND interval = ? AND open_time_ms >= ? AND open_time_ms < ? ORDER BY open_time_ms",
      )
      .all("BTCUSDT", "linear", "1", 0, 1) as { detail: string }[];
    const detail = plan.map((r) => r.detail).join(" | ");
    expect(detail).toMatch(
      /SEARCH candles USING (PRIMARY KEY|INDEX \S+) \(symbol=\? AND category=\? AND interval=\? AND open_time_ms>\? AND open_time_ms<\?\)/,
    );
    expect(detail).not.toMatch(/TEMP B-TREE/); // rows come out of the index already in time order
    store.close();
  });

  it("writes a CandleSeries (typed arrays) too; an unknown turnover (NaN) is stored as NULL and read back as NaN", () => {
    const store = openDatabase(":memory:");
    const series = seriesFromCandles(key, 60_000, [
      ...candles.slice(0, 2),
      { ...candles[2]!, turnover: Number.NaN },
    ]);
    expect(writeCandles(store, key, series, "test")).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect(store.sqlite.prepare("SELECT count(*) FROM candles WHERE turnover IS NULL").pluck().get()).toBe(1);
    const back = readSeries(store, key);
    expect(Array.from(back.turnover)).toEqual([1000, 2000, Number.NaN]);
    store.close();
  });

  it("is all-or-nothing: a row the database refuses rolls back the whole call", () => {
    const store = openDatabase(":memory:");
    writeCandles(store, key, candles.slice(0, 1), "test");
    const bad = [
      ...candles.slice(1),
      { ...candles[2]!, openTimeMs: candles[2]!.openTimeMs + 60_000, open: Number.NaN },
    ];
    expect(() => writeCandles(store, key, bad, "test")).toThrow(/nothing was written/);
    expect(readSeries(store, key).length).toBe(1);
    store.close();
  });
});
