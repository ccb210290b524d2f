import { describe, expect, it } from "vitest";
import type { Candle } from "../../src/core/market-types";
import { readSeries, writeCandles } from "../../src/store/candle-store";
import { openDatabase } from "../../src/store/database";

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
});
