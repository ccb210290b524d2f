import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Candle, SeriesKey } from "../../src/core/market-types.js";
import { seriesFromCandles } from "../../src/core/market-types.js";
import { formatCandlesCsv, writeCandlesCsvFile } from "../../src/market/export-csv.js";
import {
  importMarketData,
  inferIntervalFromSpacing,
  intervalFromToken,
  keyFromFileName,
} from "../../src/market/import-candles.js";
import { readSeries, writeCandles } from "../../src/store/candle-store.js";
import { type ExecsimDatabase, openDatabase } from "../../src/store/database.js";
import { describeWithSharedData } from "../helpers/shared-data.js";
import { klineResponse, makeCandles } from "./bybit-fixtures.js";

const SHARED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/data/bybit");
const DIR = mkdtempSync(path.join(tmpdir(), "execsim-import-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
let fileNo = 0;
function file(name: string, content: string | Buffer): string {
  const dir = path.join(DIR, String(fileNo++));
  mkdirSync(dir);
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}
const M = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const key: SeriesKey = { symbol: "BTCUSDT", category: "linear", interval: "1" };
const count = (s: ExecsimDatabase) =>
  s.sqlite.prepare("SELECT count(*) FROM candles").pluck().get() as number;
const OHLCV = "timestamp,open,high,low,close,volume,turnover";
const row = (c: Candle) =>
  `${new Date(c.openTimeMs).toISOString()},${c.open},${c.high},${c.low},${c.close},${c.volume},${c.turnover}`;

/** Run an import that must fail; returns the error; checks that the store did not change. */
function importFails(input: string, opts: Parameters<typeof importMarketData>[2] = {}) {
  const store = openDatabase(":memory:");
  writeCandles(store, { ...key, symbol: "OTHER" }, makeCandles(T0, M, 2), "test");
  try {
    importMarketData(store, input, opts);
  } catch (e) {
    expect(count(store)).toBe(2); // nothing written, nothing removed
    store.close();
    return e as { code: string; message: string };
  }
  throw new Error(`import of ${input} should have failed`);
}

describe("OHLCV CSV import", () => {
  const cs = makeCandles(T0, M, 5);
  it("imports, reports counts and range, and re-importing changes nothing", () => {
    const f = file("c.csv", [OHLCV, ...cs.map(row)].join("\n"));
    const store = openDatabase(":memory:");
    const s1 = importMarketData(store, f, { symbol: "BTCUSDT" });
    expect(s1).toMatchObject({
      ...key,
      format: "ohlcv-csv",
      inserted: 5,
      updated: 0,
      unchanged: 0,
      rows: 5,
      firstOpenTimeMs: T0,
      lastOpenTimeMs: T0 + 4 * M,
      intervalSource: "spacing",
      symbolSource: "flag",
      categorySource: "default",
      gaps: { count: 0, missingBars: 0, first: [] },
    });
    expect(Array.from(readSeries(store, key).close)).toEqual(cs.map((c) => c.close));
    expect(importMarketData(store, f, { symbol: "BTCUSDT" })).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 5,
    });
    store.close();
  });

  it("reports gaps without filling them, and accepts epoch ms / seconds and a missing turnover column", () => {
    const rows = [0, 1, 4, 5].map((i) => cs[0]!.openTimeMs + i * M);
    const text = [
      "open_time,open,high,low,close,volume",
      ...rows.map((t, k) => `${k % 2 ? t / 1000 : t},1,2,0.5,1.5,3`),
    ];
    const store = openDatabase(":memory:");
    const s = importMarketData(store, file("e.csv", text.join("\n")), { symbol: "BTCUSDT", interval: "1" });
    expect(s.gaps).toEqual({
      count: 1,
      missingBars: 2,
      first: [{ fromMs: T0 + 2 * M, toMs: T0 + 4 * M, missingBars: 2 }],
    });
    expect(s.rows).toBe(4);
    expect(s.notes).toContain("no turnover column: turnover stored as unknown (NULL)");
    const got = readSeries(store, key);
    expect(Array.from(got.openTimeMs)).toEqual(rows);
    expect(Number.isNaN(got.turnover[0])).toBe(true);
    store.close();
  });

  it("takes symbol, category and interval from a SYMBOL_category_interval_... file name", () => {
    expect(keyFromFileName("/x/BTCUSDT_linear_1m_2025-05-30_2025-06-29.csv")).toEqual({
      symbol: "BTCUSDT",
      category: "linear",
      interval: "1",
    });
    expect(keyFromFileName("ETHUSDT_spot_4h_x.csv.gz")).toEqual({
      symbol: "ETHUSDT",
      category: "spot",
      interval: "240",
    });
    // the name `data export --out dir/` gives the synthetic series (a hyphen in the symbol)
    expect(keyFromFileName("SYN-BTCUSDT_linear_1m_2024-01-01_2024-01-03.csv")).toEqual({
      symbol: "SYN-BTCUSDT",
      category: "linear",
      interval: "1",
    });
    expect(keyFromFileName("-BTC_linear_1m.csv")).toEqual({});
    expect(keyFromFileName("candles.csv")).toEqual({});
    expect(intervalFromToken("1d")).toBe("D");
    expect(intervalFromToken("1w")).toBe("W");
    expect(intervalFromToken("7m")).toBeUndefined();
    const store = openDatabase(":memory:");
    const s = importMarketData(store, file("SOLUSDT_inverse_1m_x.csv", [OHLCV, ...cs.map(row)].join("\n")));
    expect(s).toMatchObject({
      symbol: "SOLUSDT",
      category: "inverse",
      interval: "1",
      symbolSource: "file name",
    });
    store.close();
  });

  it("infers the interval from the smallest spacing, and refuses spacings that are not Bybit intervals", () => {
    expect(inferIntervalFromSpacing([[0, 15 * M, 45 * M]], "x")).toBe("15");
    expect(() => inferIntervalFromSpacing([[0, 7 * M]], "x.csv")).toThrow(
      /x\.csv: the smallest spacing between timestamps is 420000 ms, which is not a Bybit interval; pass --interval/,
    );
    expect(() => inferIntervalFromSpacing([[0]], "x.csv")).toThrow(/fewer than two rows; pass --interval/);
  });

  it.each([
    [
      "malformed CSV",
      `${OHLCV}\n${row(cs[0]!)}\n"2024-01-01T00:01:00Z,1,2,1,1,1,1`,
      /line 3: unterminated quoted field/,
      "PARSE_ERROR",
    ],
    [
      "a short row",
      `${OHLCV}\n${row(cs[0]!)}\n2024-01-01T00:01:00Z,1,2`,
      /line 3: 3 fields, but the header has 7/,
      "PARSE_ERROR",
    ],
    [
      "a NaN price",
      `${OHLCV}\n${row(cs[0]!)}\n${row({ ...cs[1]!, open: Number.NaN })}`,
      /line 3, field open: "NaN" is not a finite decimal/,
      "PARSE_ERROR",
    ],
    [
      "a negative volume",
      `${OHLCV}\n${row(cs[0]!)}\n${row({ ...cs[1]!, volume: -2 })}`,
      /line 3, field volume: volume -2 is negative/,
      "VALIDATION_ERROR",
    ],
    [
      "a negative price",
      `${OHLCV}\n${row({ ...cs[0]!, low: -1 })}`,
      /line 2, field low: price -1 is not positive/,
      "VALIDATION_ERROR",
    ],
    [
      "high below low",
      `${OHLCV}\n${row(cs[0]!)}\n${row({ ...cs[1]!, high: 1, low: 2, open: 1.5, close: 1.5 })}`,
      /line 3, field high: high 1 is below low 2/,
      "VALIDATION_ERROR",
    ],
    [
      "open outside [low, high]",
      `${OHLCV}\n${row({ ...cs[0]!, open: 1e6 })}`,
      /line 2, field open: open 1000000 is outside/,
      "VALIDATION_ERROR",
    ],
    [
      "close outside [low, high]",
      `${OHLCV}\n${row({ ...cs[0]!, close: 1 })}`,
      /line 2, field close: close 1 is outside/,
      "VALIDATION_ERROR",
    ],
    [
      "a misaligned timestamp",
      `${OHLCV}\n${row(cs[0]!)}\n${row({ ...cs[1]!, openTimeMs: T0 + 90_000 })}`,
      /line 3, field timestamp: open time 2024-01-01T00:01:30\.000Z is not aligned/,
      "VALIDATION_ERROR",
    ],
    [
      "out-of-order rows",
      `${OHLCV}\n${row(cs[1]!)}\n${row(cs[0]!)}`,
      /line 3, field timestamp: open time .* goes back/,
      "VALIDATION_ERROR",
    ],
    [
      "a duplicate row",
      `${OHLCV}\n${row(cs[0]!)}\n${row(cs[0]!)}`,
      /line 3, field timestamp: .* repeats/,
      "VALIDATION_ERROR",
    ],
    [
      "an impossible date",
      `${OHLCV}\n2024-02-30T00:00:00Z,1,1,1,1,1,1`,
      /line 2, field timestamp: "2024-02-30T00:00:00Z" is not a timestamp/,
      "PARSE_ERROR",
    ],
    [
      "no time column",
      "when,open,high,low,close,volume\nx,1,1,1,1,1",
      /cannot tell the format/,
      "PARSE_ERROR",
    ],
  ])("rejects %s naming file, line and field, and writes nothing", (_name, text, msg, code) => {
    const f = file("bad.csv", text);
    const e = importFails(f, { symbol: "BTCUSDT", interval: "1" });
    expect(e.code).toBe(code);
    expect(e.message).toMatch(msg);
    expect(e.message).toContain(f);
  });

  it("rejects mixed symbols in a symbol column and a --symbol that contradicts the data", () => {
    const text = `${OHLCV},symbol\n${row(cs[0]!)},BTCUSDT\n${row(cs[1]!)},ETHUSDT`;
    expect(importFails(file("m.csv", text), { interval: "1" }).message).toMatch(
      /m\.csv line 3, field symbol: symbol ETHUSDT differs from BTCUSDT on line 2/,
    );
    const one = `${OHLCV},symbol\n${row(cs[0]!)},BTCUSDT\n${row(cs[1]!)},BTCUSDT`;
    expect(importFails(file("n.csv", one), { symbol: "ETHUSDT" }).message).toMatch(
      /symbol column says BTCUSDT but --symbol is ETHUSDT/,
    );
  });

  it("needs --symbol when nothing names it", () => {
    expect(importFails(file("c.csv", [OHLCV, ...cs.map(row)].join("\n"))).message).toMatch(/pass --symbol/);
  });

  it("is all-or-nothing: a bad last row of a long file leaves the store untouched", () => {
    const many = makeCandles(T0, M, 3000);
    const lines = [OHLCV, ...many.map(row)];
    lines[3000] = row({ ...many[2999]!, high: many[2999]!.low - 1 });
    const e = importFails(file("long.csv", lines.join("\n")), { symbol: "BTCUSDT" });
    expect(e.message).toMatch(/long\.csv line 3001, field high/);
  });

  it("property: export then import gives back exactly the same series (NaN turnover included), and re-import changes nothing", () => {
    const candleArb = fc.record({
      low: fc.double({ min: 1e-6, max: 1e7, noNaN: true }),
      span: fc.double({ min: 0, max: 1e5, noNaN: true }),
      o: fc.double({ min: 0, max: 1, noNaN: true }),
      c: fc.double({ min: 0, max: 1, noNaN: true }),
      volume: fc.double({ min: 0, max: 1e9, noNaN: true }),
      turnover: fc.option(fc.double({ min: 0, max: 1e12, noNaN: true }), { nil: undefined }),
      skip: fc.integer({ min: 1, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(candleArb, { minLength: 1, maxLength: 50 }), (rows) => {
        let t = T0;
        const candles: Candle[] = rows.map((r, i) => {
          // gaps anywhere, but rows 0 and 1 are consecutive bars: a file never one bar apart contradicts
          // --interval 1 and is refused (tested below)
          t += (i === 1 ? 1 : r.skip) * M;
          const high = r.low + r.span;
          return {
            openTimeMs: t,
            low: r.low,
            high,
            open: Math.min(high, r.low + r.o * r.span),
            close: Math.min(high, r.low + r.c * r.span),
            volume: r.volume,
            turnover: r.turnover ?? Number.NaN,
          };
        });
        const series = seriesFromCandles(key, M, candles);
        const f = path.join(DIR, `rt-${fileNo++}.csv`);
        writeCandlesCsvFile(series, f);
        const store = openDatabase(":memory:");
        importMarketData(store, f, { symbol: "BTCUSDT", interval: "1" });
        const back = readSeries(store, key);
        for (const col of ["openTimeMs", "open", "high", "low", "close", "volume", "turnover"] as const) {
          expect(Array.from(back[col])).toEqual(Array.from(series[col]));
        }
        expect(formatCandlesCsv(back)).toBe(formatCandlesCsv(series));
        // idempotent: importing the same file again changes nothing
        expect(importMarketData(store, f, { symbol: "BTCUSDT", interval: "1" })).toMatchObject({
          inserted: 0,
          updated: 0,
          unchanged: candles.length,
        });
        store.close();
      }),
      { seed: 42, numRuns: 40 },
    );
  });
});

describe("Bybit kline JSON import", () => {
  const FIVE = 5 * M;
  const cs = makeCandles(T0, FIVE, 6);

  it("imports a saved response, drops its open candle, and infers the interval from spacing", () => {
    const f = file("r.json", JSON.stringify(klineResponse(cs, { timeMs: T0 + 5 * FIVE + 1000 }), null, 2));
    const store = openDatabase(":memory:");
    const s = importMarketData(store, f);
    expect(s).toMatchObject({
      symbol: "BTCUSDT",
      category: "linear",
      interval: "5",
      format: "kline-json",
      intervalSource: "spacing",
      symbolSource: "data",
      categorySource: "data",
      droppedOpenCandles: 1,
      inserted: 5,
      lastOpenTimeMs: T0 + 4 * FIVE,
    });
    expect(Array.from(readSeries(store, { ...key, interval: "5" }).turnover)).toEqual(
      cs.slice(0, 5).map((c) => c.turnover),
    );
    store.close();
  });

  it("keeps the open candle on request; a later response of the closed bar then counts as updated", () => {
    const open = { ...cs[5]!, close: cs[5]!.open, high: cs[5]!.high, volume: 1, turnover: 1 * cs[5]!.open };
    const early = file(
      "early.json",
      JSON.stringify(klineResponse([...cs.slice(0, 5), open], { timeMs: T0 + 5 * FIVE + 1 })),
    );
    const late = file("late.json", JSON.stringify(klineResponse(cs, { timeMs: T0 + 6 * FIVE })));
    const store = openDatabase(":memory:");
    expect(importMarketData(store, early, { dropOpenCandle: false })).toMatchObject({
      inserted: 6,
      droppedOpenCandles: 0,
    });
    expect(importMarketData(store, late, { dropOpenCandle: false })).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: 5,
    });
    expect(readSeries(store, { ...key, interval: "5" }).volume[5]).toBe(cs[5]!.volume);
    store.close();
  });

  it("merges a folder of overlapping responses; where they differ the later response wins", () => {
    const dir = path.join(DIR, `folder-${fileNo++}`);
    mkdirSync(dir);
    const changed = cs.map((c, i) =>
      i === 3 ? { ...c, volume: c.volume + 1, turnover: c.turnover + 1 } : c,
    );
    writeFileSync(
      path.join(dir, "a.json"),
      JSON.stringify(klineResponse(changed.slice(0, 5), { timeMs: T0 + 9 * FIVE })),
    );
    writeFileSync(
      path.join(dir, "b.json"),
      JSON.stringify(klineResponse(cs.slice(2, 6), { timeMs: T0 + 8 * FIVE })),
    );
    writeFileSync(path.join(dir, "notes.txt"), "ignored");
    const store = openDatabase(":memory:");
    const s = importMarketData(store, dir, { interval: "5" });
    expect(s).toMatchObject({
      rows: 6,
      inserted: 6,
      files: [path.join(dir, "a.json"), path.join(dir, "b.json")],
    });
    expect(s.notes[0]).toMatch(/^3 bar\(s\) appeared in more than one response/);
    const v = readSeries(store, { ...key, interval: "5" }).volume;
    expect(v[3]).toBe(cs[3]!.volume + 1); // a.json has the later server time
    store.close();
  });

  it("rejects a saved error response, malformed JSON, mixed symbols and contradicting flags", () => {
    const err = file(
      "err.json",
      JSON.stringify({ retCode: 10001, retMsg: "params error", result: {}, time: 1 }),
    );
    expect(importFails(err).message).toMatch(/err\.json: Bybit answered retCode 10001 \("params error"\)/);
    const broken = file("broken.json", JSON.stringify(klineResponse(cs), null, 2).slice(0, -10));
    expect(importFails(broken)).toMatchObject({
      code: "PARSE_ERROR",
      message: expect.stringMatching(/broken\.json line \d+ column \d+: malformed JSON/),
    });
    const dir = path.join(DIR, `mixed-${fileNo++}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "a.json"), JSON.stringify(klineResponse(cs.slice(0, 3))));
    writeFileSync(
      path.join(dir, "b.json"),
      JSON.stringify(klineResponse(cs.slice(3), { symbol: "ETHUSDT" })),
    );
    expect(importFails(dir).message).toMatch(/b\.json: result\.symbol is ETHUSDT but .*a\.json has BTCUSDT/);
    const dir2 = path.join(DIR, `mixed-${fileNo++}`);
    mkdirSync(dir2);
    writeFileSync(path.join(dir2, "a.json"), JSON.stringify(klineResponse(cs.slice(0, 3))));
    writeFileSync(
      path.join(dir2, "b.json"),
      JSON.stringify(klineResponse(cs.slice(3), { category: "spot" })),
    );
    expect(importFails(dir2).message).toMatch(
      /b\.json: result\.category is spot but .*a\.json has linear; import one category at a time/,
    );
    const ok = file("ok.json", JSON.stringify(klineResponse(cs)));
    expect(importFails(ok, { symbol: "ETHUSDT" }).message).toMatch(
      /the response is for BTCUSDT but --symbol is ETHUSDT/,
    );
    expect(importFails(ok, { category: "spot" }).message).toMatch(
      /the data is category linear but --category is spot/,
    );
    // a 5-minute file imported as 1-minute bars would be stored with a gap after every bar: refused
    expect(importFails(ok, { interval: "1" }).message).toMatch(
      /ok\.json: the rows are at least 5 minutes apart, so no two are consecutive bars of --interval 1; give the interval the file was written at \(--interval 5 matches it\)/,
    );
    expect(importFails(ok, { interval: "15" }).message).toMatch(
      /ok\.json, line 1, result\.list\[4\], field startTime: open time 2024-01-01T00:05:00\.000Z is not aligned to the 15 interval grid/,
    );
  });

  it("names the JSON line and field of a row that breaks an invariant", () => {
    const bad = cs.map((c, i) => (i === 2 ? { ...c, low: c.high + 1 } : c));
    const text = JSON.stringify(klineResponse(bad), null, 4);
    const e = importFails(file("inv.json", text));
    // list is newest first: ascending row 2 of 6 is result.list[3]; the message names the line of
    // its high field
    expect(e.message).toMatch(/inv\.json, line (\d+), result\.list\[3\], field high: high .* is below low/);
    const line = Number(/line (\d+)/.exec(e.message)![1]);
    expect(text.split("\n")[line - 1]!.trim()).toBe(`"${bad[2]!.high}",`);
  });

  it("rejects a folder that mixes formats", () => {
    const dir = path.join(DIR, `fmt-${fileNo++}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "a.json"), JSON.stringify(klineResponse(cs)));
    writeFileSync(path.join(dir, "b.csv"), [OHLCV, ...cs.map(row)].join("\n"));
    expect(importFails(dir).message).toMatch(
      /b\.csv is ohlcv-csv but .*a\.json is kline-json; a folder must hold one format/,
    );
  });
});

describe("Bybit trade CSV import", () => {
  const HEAD =
    "timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional";
  const T = Date.UTC(2024, 5, 4, 8, 5) / 1000;
  const trade = (sec: string, side: string, size: number, price: number, symbol = "BTCUSDT") =>
    `${sec},${symbol},${side},${size},${price},PlusTick,id-${sec},${Math.round(size * price * 1e8)},${size},${size * price}`;
  const rows = [
    trade(`${T}.1`, "Buy", 0.5, 100),
    trade(`${T + 10}`, "Sell", 1, 101.5),
    trade(`${T + 59}.9999`, "Buy", 0.25, 99),
    trade(`${T + 60}.0000`, "Sell", 2, 100.5),
    trade(`${T + 180}.5`, "Buy", 1, 102),
  ];

  it("aggregates to candles of --interval (the worked example of trades-to-candles), gzip or not, either order", () => {
    const expected = [
      [T * 1000, 100, 101.5, 99, 99, 1.75, 176.25],
      [(T + 60) * 1000, 100.5, 100.5, 100.5, 100.5, 2, 201],
      [(T + 180) * 1000, 102, 102, 102, 102, 1, 102],
    ];
    for (const f of [
      file("BTCUSDT2024-06-04.csv", [HEAD, ...rows].join("\n")),
      file("BTCUSDT2024-06-04.csv.gz", gzipSync([HEAD, ...rows].join("\n"))),
      file("desc.csv", [HEAD, ...[...rows].reverse()].join("\n")),
    ]) {
      const store = openDatabase(":memory:");
      const s = importMarketData(store, f, { interval: "1" });
      expect(s).toMatchObject({ format: "trades-csv", trades: 5, rows: 3, inserted: 3, symbol: "BTCUSDT" });
      expect(s.gaps).toEqual({
        count: 1,
        missingBars: 1,
        first: [{ fromMs: (T + 120) * 1000, toMs: (T + 180) * 1000, missingBars: 1 }],
      });
      const got = readSeries(store, key);
      const table = Array.from({ length: got.length }, (_, i) =>
        [got.openTimeMs, got.open, got.high, got.low, got.close, got.volume, got.turnover].map((c) => c[i]),
      );
      expect(table).toEqual(expected);
      store.close();
    }
  });

  it("needs --interval", () => {
    expect(importFails(file("t.csv", [HEAD, ...rows].join("\n"))).message).toMatch(
      /pass it \(e\.g\. --interval 1/,
    );
  });

  it.each([
    [
      "mixed symbols",
      [rows[0], trade(`${T + 1}`, "Buy", 1, 100, "ETHUSDT")],
      /line 3, field symbol: symbol ETHUSDT differs from BTCUSDT on line 2/,
    ],
    [
      "a negative size",
      [rows[0], trade(`${T + 1}`, "Buy", -1, 100)],
      /line 3, field size: size -1 must be > 0/,
    ],
    ["a zero price", [rows[0], trade(`${T + 1}`, "Buy", 1, 0)], /line 3, field price: price 0 must be > 0/],
    [
      "a bad side",
      [rows[0], trade(`${T + 1}`, "Hold", 1, 100)],
      /line 3, field side: "Hold" is not Buy or Sell/,
    ],
    [
      "a bad timestamp",
      [rows[0], trade("1.2.3", "Buy", 1, 100)],
      /line 3, field timestamp: "1\.2\.3" is not a timestamp/,
    ],
    [
      "out-of-order trades",
      [rows[0], rows[1], rows[0]],
      /line 4, field timestamp: the timestamp goes back while earlier rows go forward/,
    ],
  ])("rejects %s with file, line and field", (_n, body, msg) => {
    const f = file("bad-trades.csv", [HEAD, ...body].join("\n"));
    const e = importFails(f, { interval: "1" });
    expect(e.message).toMatch(msg);
    expect(e.message).toContain("bad-trades.csv");
  });
});

describeWithSharedData(SHARED, "real Bybit data", () => {
  it("imports the month of 1-minute BTCUSDT candles: 43,200 rows, no gaps, turnover unknown, exports back identically", () => {
    const src = path.join(SHARED, "candles/BTCUSDT_linear_1m_2025-05-30_2025-06-29.csv");
    const store = openDatabase(":memory:");
    const s = importMarketData(store, src);
    expect(s).toMatchObject({
      ...key,
      rows: 43_200,
      inserted: 43_200,
      firstOpenTimeMs: Date.UTC(2025, 4, 30, 16, 39),
      lastOpenTimeMs: Date.UTC(2025, 5, 29, 16, 38),
      gaps: { count: 0, missingBars: 0 },
      intervalSource: "file name",
    });
    const series = readSeries(store, key);
    expect(series.open[0]).toBe(104217.5);
    expect(series.close[43_199]).toBe(107457.8);
    expect(Number.isNaN(series.turnover[100])).toBe(true);
    const out = path.join(DIR, "BTCUSDT_linear_1m_roundtrip.csv");
    writeCandlesCsvFile(series, out);
    const store2 = openDatabase(":memory:");
    importMarketData(store2, out);
    const back = readSeries(store2, key);
    expect(back.length).toBe(series.length);
    for (const col of ["openTimeMs", "open", "high", "low", "close", "volume", "turnover"] as const) {
      // first index where the columns differ (Object.is: NaN equals NaN), -1 if none
      const a = back[col];
      const b = series[col];
      expect([col, a.findIndex((x, i) => !Object.is(x, b[i]))]).toEqual([col, -1]);
    }
    expect(importMarketData(store, src)).toMatchObject({ inserted: 0, updated: 0, unchanged: 43_200 });
    store.close();
    store2.close();
  });

  it("imports the folder of three kline responses: 484 distinct closed 5-minute bars and one 630-bar gap", () => {
    const store = openDatabase(":memory:");
    const s = importMarketData(store, path.join(SHARED, "kline-v5"));
    // 3 × 200 rows − 3 open candles − 113 bars shared by the two overlapping files = 484
    expect(s).toMatchObject({ interval: "5", rows: 484, inserted: 484, droppedOpenCandles: 3 });
    expect(s.gaps).toEqual({
      count: 1,
      missingBars: 630,
      first: [{ fromMs: 1717514100000, toMs: 1717703100000, missingBars: 630 }],
    });
    // Keeping the open candles: 486 rows, not 487, because the open bar of klines_46a1fdd (08:05)
    // is also in klines_d86ae7d, closed; that later response's version wins.
    const kept = openDatabase(":memory:");
    const k = importMarketData(kept, path.join(SHARED, "kline-v5"), { dropOpenCandle: false });
    expect(k.rows).toBe(486);
    const s5 = readSeries(kept, { ...key, interval: "5" }, 1717488300000, 1717488300001);
    expect(s5.close[0]).toBe(69024);
    store.close();
    kept.close();
  });
});
