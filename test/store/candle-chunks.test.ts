import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CandleSeries } from "../../src/core/market-types.js";
import { CHUNK_MS, chunkOf, readCandleChunks } from "../../src/store/candle-chunks.js";
import { readCandleRows } from "../../src/store/candle-rows.js";
import { readSeries, writeCandles } from "../../src/store/candle-store.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";
import { candlesHash } from "../../src/store/result-sink.js";
import { makeSeries } from "../helpers/engine-fixtures.js";

const KEY = { symbol: "BTCUSDT", category: "linear", interval: "1" } as const;
const T0 = Date.UTC(2024, 0, 1);
const ALL: [number, number] = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];

function chunkCount(store: ExecsimDatabase): number {
  return store.sqlite.prepare("SELECT count(*) FROM candle_chunks").pluck().get() as number;
}

/** Same length and the same bytes in every column (NaN turnover included). */
function expectSameBars(a: CandleSeries, b: CandleSeries): void {
  expect(a.length).toBe(b.length);
  expect(candlesHash(a)).toBe(candlesHash(b));
}

describe("candle chunks: columnar copies of the rows", () => {
  it("are written at import, one per 2^28 ms of open time, and read back the rows' exact bytes", () => {
    const store = openDatabase(":memory:");
    const s = makeSeries({ n: 10_000, startMs: T0 });
    s.turnover[17] = Number.NaN; // stored as NULL, read as NaN
    s.volume[18] = -0; // SQLite gives a whole REAL back as an integer: 0
    writeCandles(store, KEY, s, "test");
    expect(Object.is(readSeries(store, KEY).volume[18], 0)).toBe(true);
    const last = s.openTimeMs[s.length - 1]!;
    expect(chunkCount(store)).toBe(chunkOf(last) - chunkOf(T0) + 1);
    expectSameBars(readSeries(store, KEY), readCandleRows(store, KEY, ...ALL));
    expect(Number.isNaN(readSeries(store, KEY).turnover[17])).toBe(true);
    // a range that starts and ends inside chunks
    const from = s.openTimeMs[1234]!;
    const to = s.openTimeMs[8765]!;
    const part = readSeries(store, KEY, from, to);
    expect(part.length).toBe(8765 - 1234);
    expectSameBars(part, readCandleRows(store, KEY, from, to));
    store.close();
  });

  it("follow every change to the rows, also by SQL that bypasses writeCandles (triggers)", () => {
    const store = openDatabase(":memory:");
    writeCandles(store, KEY, makeSeries({ n: 9000, startMs: T0 }), "test");
    const before = chunkCount(store);
    const t = T0 + 5000 * 60_000;
    store.sqlite.prepare("UPDATE candles SET close = 1 WHERE open_time_ms = ?").run(t);
    expect(chunkCount(store)).toBe(before - 1); // the trigger dropped the stale chunk
    expect(readSeries(store, KEY, t, t + 1).close[0]).toBe(1);
    expect(chunkCount(store)).toBe(before); // and the read rebuilt it
    store.sqlite.prepare("DELETE FROM candles WHERE open_time_ms = ?").run(t);
    expect(readSeries(store, KEY).length).toBe(8999);
    store.sqlite.exec("DELETE FROM candle_chunks"); // a store from before the chunks
    expectSameBars(readSeries(store, KEY), readCandleRows(store, KEY, ...ALL));
    expect(chunkCount(store)).toBe(before);
    store.close();
  });

  it("fall back to the rows where chunks cannot be written", () => {
    const store = openDatabase(":memory:");
    writeCandles(store, KEY, makeSeries({ n: 3000, startMs: T0 }), "test");
    store.sqlite.exec("DELETE FROM candle_chunks");
    store.sqlite.pragma("query_only = ON");
    expectSameBars(readCandleChunks(store, KEY, ...ALL), readCandleRows(store, KEY, ...ALL));
    expect(chunkCount(store)).toBe(0);
    store.close();
  });

  it("read what the rows hold after any sequence of writes, updates and deletes", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            op: fc.constantFrom("write", "update", "delete"),
            at: fc.integer({ min: 0, max: 12_000 }),
            len: fc.integer({ min: 1, max: 6000 }),
            seed: fc.integer({ min: 0, max: 9 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: -100, max: 13_000 }),
        fc.integer({ min: 0, max: 13_000 }),
        (ops, a, len) => {
          const store = openDatabase(":memory:");
          for (const o of ops) {
            const t = T0 + o.at * 60_000;
            if (o.op === "write") {
              writeCandles(store, KEY, makeSeries({ n: o.len, startMs: t, seed: `s${o.seed}` }), "test");
            } else if (o.op === "update") {
              store.sqlite
                .prepare(
                  "UPDATE candles SET volume = volume + 1, turnover = NULL WHERE open_time_ms BETWEEN ? AND ?",
                )
                .run(t, t + o.len * 60_000);
            } else {
              store.sqlite
                .prepare("DELETE FROM candles WHERE open_time_ms BETWEEN ? AND ?")
                .run(t, t + o.len * 60_000);
            }
          }
          const from = T0 + a * 60_000;
          const to = from + len * 60_000;
          expectSameBars(readCandleChunks(store, KEY, from, to), readCandleRows(store, KEY, from, to));
          expectSameBars(readCandleChunks(store, KEY, ...ALL), readCandleRows(store, KEY, ...ALL));
          store.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it("chunk boundaries are 2^28 ms apart, floor-aligned also before 1970", () => {
    expect(CHUNK_MS).toBe(268_435_456);
    expect(chunkOf(0)).toBe(0);
    expect(chunkOf(CHUNK_MS - 1)).toBe(0);
    expect(chunkOf(-1)).toBe(-1);
  });
});
