/**
 * Streamed imports beyond the OHLCV CSV: .gz files are gunzipped as they are read (each member's
 * CRC-32 and length checked), trade CSVs go line by line into typed arrays, and a kline JSON file
 * too large to be one document is refused before it is read whole. Memory is checked where the old
 * code held the whole file: the inflated bytes of a .gz (array buffers) and the text and records of
 * a trade CSV (the V8 heap, in a child process with a small heap limit).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { importMarketData, MAX_JSON_BYTES, prepareImport } from "../../src/market/import-candles.js";
import { parseTradesCsv, readTradesFile } from "../../src/market/import-trades-csv.js";
import { ByteSource, GZ_CHUNK_BYTES } from "../../src/market/line-reader.js";
import { openDatabase } from "../../src/store/database.js";
import { klineResponse, makeCandles } from "./bybit-fixtures.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DIR = mkdtempSync(path.join(tmpdir(), "execsim-stream-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** One-minute OHLCV rows with varied digits (compress about 3x, like real candle files). */
function ohlcvRows(n: number, t0 = Date.UTC(2024, 0, 1)): string[] {
  const rows: string[] = [];
  let p = 40_000;
  for (let i = 0; i < n; i++) {
    p = Math.round((p + ((i * 7919) % 41) / 10 - 2) * 10) / 10;
    const v = (((i * 104_729) % 9973) / 100 + 0.001).toFixed(3);
    rows.push(`${t0 + i * 60_000},${p},${(p + 12.3).toFixed(1)},${(p - 11.7).toFixed(1)},${p},${v}`);
  }
  return rows;
}

const HEADER = "timestamp,open,high,low,close,volume";

describe(".gz files stream", () => {
  it("a two-member .csv.gz (concatenated gzip files) imports every row of both members", () => {
    const rows = ohlcvRows(3000);
    const f = path.join(DIR, "two.csv.gz");
    writeFileSync(
      f,
      Buffer.concat([
        gzipSync(`${HEADER}\n${rows.slice(0, 1700).join("\n")}\n`),
        gzipSync(`${rows.slice(1700).join("\n")}\n`),
      ]),
    );
    const store = openDatabase(":memory:");
    const s = importMarketData(store, f, { symbol: "BTCUSDT" });
    expect(s.rows).toBe(3000);
    expect(s.firstOpenTimeMs).toBe(Date.UTC(2024, 0, 1));
    expect(s.lastOpenTimeMs).toBe(Date.UTC(2024, 0, 1) + 2999 * 60_000);
    store.close();
  });

  it("a damaged CRC-32, a wrong length or a cut-short file is a PARSE_ERROR naming the file", () => {
    const good = gzipSync(`${HEADER}\n${ohlcvRows(500).join("\n")}\n`);
    const crc = Buffer.from(good);
    crc[crc.length - 8]! ^= 0xff; // the trailer's CRC-32 (little-endian, 8 bytes from the end)
    const len = Buffer.from(good);
    len[len.length - 1]! ^= 0x01; // the trailer's length mod 2^32
    const cases: [string, Buffer, RegExp][] = [
      ["crc.csv.gz", crc, /CRC-32 or length does not match/],
      ["len.csv.gz", len, /CRC-32 or length does not match/],
      ["cut.csv.gz", good.subarray(0, good.length - 200), /not a valid gzip file/],
      ["text.csv.gz", Buffer.from(`${HEADER}\n1,2,3,1,2,1\n`), /not a valid gzip file/],
    ];
    for (const [name, bytes, message] of cases) {
      const f = path.join(DIR, name);
      writeFileSync(f, bytes);
      let err: unknown;
      try {
        prepareImport(f, { symbol: "BTCUSDT" });
      } catch (e) {
        err = e;
      }
      expect(err, name).toMatchObject({ code: "PARSE_ERROR" });
      expect((err as Error).message, name).toMatch(message);
      expect((err as Error).message, name).toContain(f);
    }
  });

  it("hands out lines as the file is read: the first after one compressed chunk, not after the whole file", () => {
    // ~30 MB of CSV text, ~4 MB gzipped; the old reader gunzipped all of it before the first line
    const text = `${HEADER}\n${ohlcvRows(600_000).join("\n")}\n`;
    const f = path.join(DIR, "big.csv.gz");
    writeFileSync(f, gzipSync(text));
    const size = statSync(f).size;
    expect(size).toBeGreaterThan(20 * GZ_CHUNK_BYTES);
    let read = 0;
    let atFirstLine = -1;
    let lines = 0;
    let last = "";
    new ByteSource(f, (n) => {
      read += n;
    }).forEachLine((line) => {
      if (lines++ === 0) atFirstLine = read;
      last = line;
      return true;
    });
    expect(atFirstLine).toBe(GZ_CHUNK_BYTES);
    expect(read).toBe(size);
    expect(lines).toBe(600_001); // the header and the rows (nothing after the last line break)
    expect(last).toBe(ohlcvRows(600_000)[599_999]);
  });

  it("progress on a .gz counts the compressed bytes read, ending at the file's size", () => {
    const f = path.join(DIR, "progress.csv.gz");
    writeFileSync(f, gzipSync(`${HEADER}\n${ohlcvRows(20_000).join("\n")}\n`));
    const seen: [number, number][] = [];
    prepareImport(f, { symbol: "BTCUSDT", onProgress: (d, t) => seen.push([d, t]) });
    const size = statSync(f).size;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(([d, t]) => t === size && d <= size)).toBe(true);
    expect(seen[seen.length - 1]![0]).toBe(size);
  });
});

/** A Bybit trade file: timestamp (s),symbol,side,size,price,... one trade every 0.25 s. */
function tradeLines(n: number): string[] {
  const out = [
    "timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional",
  ];
  const t0 = Date.UTC(2024, 5, 4) / 1000;
  for (let i = 0; i < n; i++) {
    const p = (68_000 + ((i * 7919) % 977) / 10).toFixed(1);
    const q = (((i * 104_729) % 997) / 1000 + 0.001).toFixed(3);
    out.push(
      `${(t0 + i * 0.25).toFixed(4)},BTCUSDT,${i % 3 === 0 ? "Sell" : "Buy"},${q},${p},ZeroPlusTick,7c3d4a6e-55aa-5cbb-9e1a-${String(i).padStart(12, "0")},1.2e+10,${q},${p}`,
    );
  }
  return out;
}

describe("trade CSVs stream", () => {
  it("the streamed reader gives exactly what the text parser gives (plain and .gz, newest first too)", () => {
    const lines = tradeLines(2000);
    const text = `${lines.join("\n")}\n`;
    const plain = path.join(DIR, "BTCUSDT2024-06-04.csv");
    const gz = path.join(DIR, "BTCUSDT2024-06-05.csv.gz");
    const newest = path.join(DIR, "newest.csv");
    writeFileSync(plain, text);
    writeFileSync(gz, gzipSync(text));
    writeFileSync(newest, `${[lines[0], ...lines.slice(1).reverse()].join("\r\n")}\r\n`);
    const ref = parseTradesCsv(text, plain);
    for (const f of [plain, gz, newest]) {
      const r = readTradesFile(f);
      expect(r.length).toBe(2000);
      expect(Array.from(r.timeMs)).toEqual(Array.from(ref.timeMs));
      expect(Array.from(r.price)).toEqual(Array.from(ref.price));
      expect(Array.from(r.size)).toEqual(Array.from(ref.size));
    }
    // the first trade: 2024-06-04T00:00:00Z, 68000.0 x 0.001
    expect([ref.timeMs[0], ref.price[0], ref.size[0]]).toEqual([Date.UTC(2024, 5, 4), 68_000, 0.001]);
    // newest first: reversed, and each trade keeps its own file line (line 2001 holds the first trade)
    expect(readTradesFile(newest).line[0]).toBe(2001);
  });

  it("keeps every check: a bad side names file, line and field, and nothing is written", () => {
    const lines = tradeLines(50);
    lines[31] = lines[31]!.replace(/,(Buy|Sell),/, ",Hold,");
    const f = path.join(DIR, "BTCUSDT2024-06-06.csv");
    writeFileSync(f, `${lines.join("\n")}\n`);
    const store = openDatabase(":memory:");
    expect(() => importMarketData(store, f, { interval: "1" })).toThrow(
      `${f}, line 32, field side: "Hold" is not Buy or Sell`,
    );
    expect(store.sqlite.prepare("SELECT count(*) FROM candles").pluck().get()).toBe(0);
    store.close();
  });

  it("imports a 34 MB trade file under a 64 MB heap limit (the old reader held its text and records)", () => {
    const f = path.join(DIR, "BTCUSDT2024-06-07.csv");
    writeFileSync(f, `${tradeLines(300_000).join("\n")}\n`);
    expect(statSync(f).size).toBeGreaterThan(33e6);
    const db = path.join(DIR, "trades.db");
    const code = `
        const { importMarketData } = await import(${JSON.stringify(path.join(ROOT, "src/market/import-candles.ts"))});
        const { openDatabase } = await import(${JSON.stringify(path.join(ROOT, "src/store/database.ts"))});
        const s = openDatabase(${JSON.stringify(db)});
        const r = importMarketData(s, ${JSON.stringify(f)}, { interval: "1" });
        s.close();
        process.stdout.write(JSON.stringify({ trades: r.trades, rows: r.rows }));`;
    const r = spawnSync(
      process.execPath,
      ["--max-old-space-size=64", "--import", "tsx", "--input-type=module", "-e", code],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(r.stderr).not.toMatch(/heap out of memory/);
    expect(r.status).toBe(0);
    // 300,000 trades 0.25 s apart span 75,000 s: 1,250 one-minute bars
    expect(JSON.parse(r.stdout)).toEqual({ trades: 300_000, rows: 1250 });
  }, 120_000);
});

describe("kline JSON", () => {
  it("a gzipped response (.json.gz) imports like the plain one", () => {
    const cs = makeCandles(Date.UTC(2024, 3, 1), 60_000, 300, 7);
    const text = JSON.stringify(klineResponse(cs, { timeMs: Date.UTC(2024, 3, 2) }));
    const plain = path.join(DIR, "BTCUSDT_linear_1m_plain.json");
    const gz = path.join(DIR, "BTCUSDT_linear_1m_zipped.json.gz");
    writeFileSync(plain, text);
    writeFileSync(gz, gzipSync(text));
    const a = prepareImport(plain);
    const b = prepareImport(gz);
    expect(b.candles.length).toBe(300);
    expect(Array.from(b.candles.close)).toEqual(Array.from(a.candles.close));
    expect(Array.from(b.candles.openTimeMs)).toEqual(cs.map((c) => c.openTimeMs));
  });

  it("a JSON file larger than one response can be is refused before it is read whole", () => {
    const f = path.join(DIR, "huge.json");
    // a sparse file just over the limit (no disk space used) that starts like a JSON document
    writeFileSync(f, "{");
    truncateSync(f, MAX_JSON_BYTES + 1);
    expect(statSync(f).size).toBe(MAX_JSON_BYTES + 1);
    expect(() => prepareImport(f, { format: "kline-json", symbol: "BTCUSDT" })).toThrow(
      /more than 256 MB of JSON; a Bybit kline response holds at most 1,000 bars/,
    );
  });
});

describe("import progress covers every format", () => {
  it("a folder of kline JSON responses and a trade file report bytes read up to their total size", () => {
    const json = path.join(DIR, "responses");
    mkdirSync(json);
    const t0 = Date.UTC(2024, 2, 1);
    for (const k of [0, 1]) {
      const cs = makeCandles(t0 + k * 100 * 60_000, 60_000, 100, k + 1);
      writeFileSync(
        path.join(json, `BTCUSDT_linear_1m_part${k}.json`),
        JSON.stringify(klineResponse(cs, { symbol: "BTCUSDT", timeMs: t0 + 300 * 60_000 })),
      );
    }
    const trades = path.join(DIR, "BTCUSDT2024-06-08.csv");
    writeFileSync(trades, `${tradeLines(1000).join("\n")}\n`);
    for (const [input, total] of [
      [
        json,
        statSync(path.join(json, "BTCUSDT_linear_1m_part0.json")).size +
          statSync(path.join(json, "BTCUSDT_linear_1m_part1.json")).size,
      ],
      [trades, statSync(trades).size],
    ] as const) {
      const seen: [number, number][] = [];
      const p = prepareImport(input, { interval: "1", onProgress: (d, t) => seen.push([d, t]) });
      expect(p.candles.length, input).toBeGreaterThan(0);
      expect(
        seen.every(([, t]) => t === total),
        input,
      ).toBe(true);
      expect(seen[seen.length - 1], input).toEqual([total, total]);
    }
  });
});
