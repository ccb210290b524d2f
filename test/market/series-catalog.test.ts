import { describe, expect, it } from "vitest";
import type { SeriesKey } from "../../src/core/market-types.js";
import { findGaps, listSeries, missingRanges } from "../../src/market/series-catalog.js";
import { writeCandles } from "../../src/store/candle-store.js";
import { openDatabase } from "../../src/store/database.js";
import { makeCandles } from "./bybit-fixtures.js";

const M = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const key: SeriesKey = { symbol: "BTCUSDT", category: "linear", interval: "1" };

describe("series catalog", () => {
  it("finds gaps as [first missing bar, next stored bar) with their bar counts", () => {
    // bars 0,1,2 then 5 then 6 then 10: gaps of 2 bars (3,4) and 3 bars (7,8,9)
    const t = [0, 1, 2, 5, 6, 10].map((i) => T0 + i * M);
    expect(findGaps(t, M)).toEqual({
      count: 2,
      missingBars: 5,
      first: [
        { fromMs: T0 + 3 * M, toMs: T0 + 5 * M, missingBars: 2 },
        { fromMs: T0 + 7 * M, toMs: T0 + 10 * M, missingBars: 3 },
      ],
    });
    expect(findGaps(t, M, 1).first).toHaveLength(1);
    expect(findGaps([T0], M)).toEqual({ count: 0, missingBars: 0, first: [] });
  });

  it("lists each stored series with range, rows and gaps (SQL window query agrees with findGaps)", () => {
    const store = openDatabase(":memory:");
    const all = makeCandles(T0, M, 20);
    const kept = all.filter((_, i) => !(i >= 5 && i < 8) && i !== 12);
    writeCandles(store, key, kept, "test");
    writeCandles(store, { ...key, interval: "5" }, makeCandles(T0, 5 * M, 4), "test");
    writeCandles(store, { ...key, symbol: "ETHUSDT" }, makeCandles(T0, M, 3), "test");
    const list = listSeries(store);
    expect(list.map((s) => `${s.symbol}/${s.interval}`)).toEqual(["BTCUSDT/1", "BTCUSDT/5", "ETHUSDT/1"]);
    const btc = list[0]!;
    expect(btc).toMatchObject({ rows: 16, firstOpenTimeMs: T0, lastOpenTimeMs: T0 + 19 * M });
    expect(btc.gaps).toEqual(
      findGaps(
        kept.map((c) => c.openTimeMs),
        M,
      ),
    );
    expect(btc.gaps).toMatchObject({ count: 2, missingBars: 4 });
    expect(list[1]!.gaps.count).toBe(0);
    expect(listSeries(store, { symbol: "ETHUSDT" })).toHaveLength(1);
    expect(listSeries(store, { interval: "5" })).toHaveLength(1);
    expect(listSeries(store, { category: "spot" })).toHaveLength(0);
    store.close();
  });

  it("missing ranges of a window are what is not stored, on the grid, oldest first", () => {
    const store = openDatabase(":memory:");
    writeCandles(store, key, makeCandles(T0 + 10 * M, M, 5), "test"); // bars 10..14
    writeCandles(store, key, makeCandles(T0 + 20 * M, M, 1), "test"); // bar 20
    expect(missingRanges(store, key, T0, T0 + 30 * M)).toEqual([
      { fromMs: T0, toMs: T0 + 10 * M },
      { fromMs: T0 + 15 * M, toMs: T0 + 20 * M },
      { fromMs: T0 + 21 * M, toMs: T0 + 30 * M },
    ]);
    // a from-time inside a bar starts at the next bar
    expect(missingRanges(store, key, T0 + 10 * M + 1, T0 + 16 * M)).toEqual([
      { fromMs: T0 + 15 * M, toMs: T0 + 16 * M },
    ]);
    expect(missingRanges(store, key, T0 + 10 * M, T0 + 15 * M)).toEqual([]);
    store.close();
  });
});
