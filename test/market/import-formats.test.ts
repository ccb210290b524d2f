/**
 * The candle CSVs people have: time columns under the names common tools write, epoch seconds /
 * milliseconds / microseconds / nanoseconds told apart by magnitude, header-less kline files in the
 * usual column order (Bybit's 7, Binance's 12, plain 6), `--columns` for anything else, and files
 * streamed from disk in chunks (lines and UTF-8 characters split across chunk boundaries).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importMarketData } from "../../src/market/import-candles.js";
import { parseEpochMs } from "../../src/market/import-fields.js";
import { ByteSource, CHUNK_BYTES } from "../../src/market/line-reader.js";
import { readSeries } from "../../src/store/candle-store.js";
import { openDatabase } from "../../src/store/database.js";
import { runExecsim } from "../helpers/cli.js";

const DIR = mkdtempSync(path.join(tmpdir(), "execsim-formats-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
let n = 0;
const file = (content: string, ext = "csv") => {
  const f = path.join(DIR, `f${n++}.${ext}`);
  writeFileSync(f, content);
  return f;
};
// 2024-01-01T00:00Z and the next two minutes
const T = [1704067200000, 1704067260000, 1704067320000];
const key = { symbol: "BTCUSDT", category: "linear", interval: "1" } as const;

function importInto(f: string, opts: Parameters<typeof importMarketData>[2] = {}) {
  const store = openDatabase(":memory:");
  try {
    const summary = importMarketData(store, f, { symbol: "BTCUSDT", ...opts });
    const s = readSeries(store, key);
    return {
      summary,
      times: Array.from(s.openTimeMs),
      close: Array.from(s.close),
      turnover: Array.from(s.turnover),
    };
  } finally {
    store.close();
  }
}

describe("epoch units by magnitude", () => {
  it("seconds, milliseconds, microseconds and nanoseconds give the same instant", () => {
    expect(parseEpochMs("1704067200")).toBe(T[0]);
    expect(parseEpochMs("1704067200.5")).toBe(T[0]! + 500);
    expect(parseEpochMs("1704067200000")).toBe(T[0]);
    expect(parseEpochMs("1704067200000000")).toBe(T[0]);
    expect(parseEpochMs("1704067200000000000")).toBe(T[0]);
    // sub-millisecond digits are not a bar open time
    expect(parseEpochMs("1704067200000123")).toBeUndefined();
    expect(parseEpochMs("1704067200000000001")).toBeUndefined();
  });
});

describe("time column names", () => {
  for (const [name, t] of [
    ["timestamp_ms", "1704067200000"],
    ["date", "2024-01-01 00:00:00"],
    ["datetime", "2024-01-01T00:00:00Z"],
    ["open_time", "1704067200000"],
    ["time", "1704067200"],
    ["ts", "1704067200000000"],
    ["Open Time", "1704067200000000000"],
  ] as const) {
    it(`${name} (${t.length} characters)`, () => {
      const step = (k: number) =>
        /^\d+$/.test(t)
          ? String(BigInt(t) + BigInt(k) * (BigInt(t) / 1704067200n) * 60n)
          : new Date(T[k]!).toISOString();
      const f = file(
        `${name},open,high,low,close,volume\n${[0, 1, 2].map((k) => `${step(k)},10,11,9,10.5,${k + 1}`).join("\n")}\n`,
      );
      const r = importInto(f);
      expect(r.times).toEqual(T);
      expect(r.summary.intervalSource).toBe("spacing");
    });
  }

  it("short OHLCV names and a quote-volume column (o,h,l,c,v,quote_volume)", () => {
    const f = file(
      `t,o,h,l,c,v,quote_volume\n${T.map((t, k) => `${t},10,11,9,10.${k},1,1${k}`).join("\n")}\n`,
    );
    const r = importInto(f);
    expect(r.close).toEqual([10, 10.1, 10.2]);
    expect(r.turnover).toEqual([10, 11, 12]);
  });
});

describe("header-less kline files", () => {
  it("Bybit's kline list order: startTime,open,high,low,close,volume,turnover", () => {
    const f = file(`${T.map((t, k) => `${t},10,11,9,10.${k},2,2${k}`).join("\n")}\n`);
    const r = importInto(f);
    expect(r.times).toEqual(T);
    expect(r.turnover).toEqual([20, 21, 22]);
    expect(r.summary.notes.join("\n")).toMatch(/no header: columns read in the usual kline order/);
  });

  it("Binance's 12-column kline order: the quote-asset volume (8th) is the turnover", () => {
    const f = file(
      `${T.map((t, k) => `${t},10,11,9,10.${k},2,${t + 59_999},3${k}.5,17,1,15,0`).join("\n")}\n`,
    );
    const r = importInto(f);
    expect(r.close).toEqual([10, 10.1, 10.2]);
    expect(r.turnover).toEqual([30.5, 31.5, 32.5]);
    expect(r.summary.notes.join("\n")).toMatch(
      /ignored columns: column 7, column 9, column 10, column 11, column 12/,
    );
  });

  it("six columns: no turnover", () => {
    const f = file(`${T.map((t) => `${t / 1000},10,11,9,10,2`).join("\n")}\n`);
    const r = importInto(f);
    expect(r.times).toEqual(T);
    expect(r.turnover.every(Number.isNaN)).toBe(true);
  });
});

describe("--columns", () => {
  it("maps header names (any case) or 1-based numbers to fields", () => {
    const f = file(
      `Day,Px Open,Px High,Px Low,Px Close,Qty\n${T.map((t, k) => `${t},10,11,9,10.${k},5`).join("\n")}\n`,
    );
    expect(() => importInto(f)).toThrow(
      /cannot tell the format from the header .*or --columns to say where the OHLCV columns are/,
    );
    const r = importInto(f, { columns: "time=day,open=px open,high=PX HIGH,low=4,close=5,volume=Qty" });
    expect(r.close).toEqual([10, 10.1, 10.2]);
  });

  it("or lists the file's columns in order, skipping some (with or without a header)", () => {
    const body = T.map((t, k) => `x,${t},10,11,9,10.${k},5,7${k}`).join("\n");
    const spec = "skip,time,open,high,low,close,volume,turnover";
    expect(importInto(file(`${body}\n`), { columns: spec }).turnover).toEqual([70, 71, 72]);
    expect(importInto(file(`a,b,c,d,e,f,g,h\n${body}\n`), { columns: spec }).turnover).toEqual([70, 71, 72]);
  });

  it("a bad spec is INVALID_ARGUMENT saying what is accepted", () => {
    const f = file(`a,b,c,d,e,f\n${T.map((t) => `${t},1,1,1,1,1`).join("\n")}\n`);
    expect(() => importInto(f, { columns: "time=a,open=b" })).toThrow(
      /--columns "time=a,open=b": no column for high, low, close, volume/,
    );
    expect(() => importInto(f, { columns: "time=zz,open=b,high=c,low=d,close=e,volume=f" })).toThrow(
      /has no column "zz"/,
    );
    expect(() => importInto(f, { columns: "time,open,high,low,close,volume,price" })).toThrow(
      /"price" is not one of/,
    );
  });

  it("from the command line", () => {
    const f = file(`Day,O,H,L,C,Qty\n${T.map((t) => `${t},10,11,9,10,5`).join("\n")}\n`);
    const db = path.join(DIR, "cols.db");
    const r = runExecsim([
      "--db",
      db,
      "--json",
      "data",
      "import",
      f,
      "--symbol",
      "btcusdt",
      "--columns",
      "time=Day,open=O,high=H,low=L,close=C,volume=Qty",
    ]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ symbol: "BTCUSDT", inserted: 3, interval: "1" });
  });
});

describe("streamed reading", () => {
  it("lines and multi-byte characters split across chunk boundaries arrive whole", () => {
    // a first line that ends just past the first chunk, with a 3-byte character across the boundary
    const first = `${"a".repeat(CHUNK_BYTES - 1)}€b`;
    const f = file(`\uFEFF${first}\r\nsecond\n\nthird`, "txt");
    const lines: [string, number][] = [];
    new ByteSource(f).forEachLine((l, k) => {
      lines.push([l.length > 20 ? `${l.slice(-3)}:${l.length}` : l, k]);
      return true;
    });
    expect(lines).toEqual([
      [`a€b:${first.length}`, 1],
      ["second", 2],
      ["", 3],
      ["third", 4],
    ]);
    expect(new ByteSource(f).countLines()).toBe(4);
  });
});
