import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runExecsim, runExecsimAsync } from "../helpers/cli.js";
import { klineResponse, makeCandles } from "../market/bybit-fixtures.js";
import { startKlineServer } from "../market/kline-test-server.js";

const DIR = mkdtempSync(path.join(tmpdir(), "execsim-cli-data-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const M = 60_000;
const T0 = Date.UTC(2024, 0, 1);

describe("execsim data import / list / export", () => {
  it("a bad file exits 2 with file, line and field, and writes nothing", () => {
    const db = path.join(DIR, "bad.db");
    const f = path.join(DIR, "bad.csv");
    writeFileSync(
      f,
      "timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,100,101,99,100,1\n2024-01-01T00:01:00Z,100,98,99,100,1\n",
    );
    const r = runExecsim(["--db", db, "data", "import", f, "--symbol", "BTCUSDT"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error [VALIDATION_ERROR]: ${f} line 3, field high: high 98 is below low 99`);
    expect(r.stdout).toBe("");
    expect(existsSync(db)).toBe(false); // input is validated before the store is even opened
    const list = runExecsim(["--db", db, "--json", "data", "list"]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it("reading from a database that does not exist fails (or lists nothing) without creating it", () => {
    const db = path.join(DIR, "absent.db");
    const exp = runExecsim(["--db", db, "data", "export", "--symbol", "BTCUSDT", "--interval", "1"]);
    expect(exp.code).toBe(2);
    expect(exp.stderr).toMatch(
      /NOT_FOUND.*no database at .*absent\.db, so no candles stored for BTCUSDT \(linear, interval 1\)/,
    );
    const est = runExecsim(["--db", db, "estimate", "--symbol", "BTCUSDT", "--qty", "1"]);
    expect(est.code).toBe(2);
    expect(est.stderr).toMatch(/no database at/);
    const list = runExecsim(["--db", db, "data", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/no candles stored/);
    const gaps = runExecsim(["--db", db, "data", "list", "--max-gaps", "1.5"]);
    expect(gaps.code).toBe(2);
    expect(gaps.stderr).toMatch(/--max-gaps 1\.5: give a whole number >= 0/);
    expect(existsSync(db)).toBe(false);
  });

  it("import a kline response, list it, export it, and re-import the export unchanged", () => {
    const db = path.join(DIR, "good.db");
    const cs = makeCandles(T0, 5 * M, 12).filter((_, i) => i !== 4 && i !== 5); // a 2-bar gap
    const f = path.join(DIR, "resp.json");
    writeFileSync(f, JSON.stringify(klineResponse(cs, { timeMs: T0 + 60 * M }), null, 2));
    const imp = runExecsim(["--db", db, "--json", "data", "import", f]);
    expect(imp.stderr).toBe("");
    expect(imp.code).toBe(0);
    const s = JSON.parse(imp.stdout);
    expect(s).toMatchObject({
      symbol: "BTCUSDT",
      category: "linear",
      interval: "5",
      intervalSource: "spacing",
      rows: 10,
      inserted: 10,
      droppedOpenCandles: 0,
      firstOpenTime: "2024-01-01T00:00:00.000Z",
      lastOpenTime: "2024-01-01T00:55:00.000Z",
      gaps: {
        count: 1,
        missingBars: 2,
        first: [{ from: "2024-01-01T00:20:00.000Z", to: "2024-01-01T00:30:00.000Z" }],
      },
    });

    const list = runExecsim(["--db", db, "data", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /BTCUSDT\s+linear\s+5\s+2024-01-01T00:00:00\.000Z\s+2024-01-01T00:55:00\.000Z\s+10\s+1\s+2/,
    );
    expect(list.stdout).toContain("2024-01-01T00:20:00.000Z .. 2024-01-01T00:25:00.000Z (2 bars)");

    const outDir = path.join(DIR, "exports");
    const exp = runExecsim([
      "--db",
      db,
      "data",
      "export",
      "--symbol",
      "btcusdt",
      "--interval",
      "5",
      "--out",
      `${outDir}/`,
    ]);
    expect(exp.code).toBe(0);
    expect(exp.stdout).toMatch(/^wrote 10 candles to .*BTCUSDT_linear_5m_2024-01-01_2024-01-01\.csv/);
    const written = readdirSync(outDir);
    expect(written).toEqual(["BTCUSDT_linear_5m_2024-01-01_2024-01-01.csv"]);
    const csv = readFileSync(path.join(outDir, written[0]!), "utf8").split("\n");
    expect(csv[0]).toBe("timestamp,open,high,low,close,volume,turnover");
    expect(csv).toHaveLength(12); // header + 10 rows + final newline
    const again = runExecsim(["--db", db, "--json", "data", "import", path.join(outDir, written[0]!)]);
    expect(JSON.parse(again.stdout)).toMatchObject({
      intervalSource: "file name",
      symbolSource: "file name",
      inserted: 0,
      updated: 0,
      unchanged: 10,
    });
  });
});

describe("execsim data fetch (loopback Bybit-format server)", () => {
  /** `execsim --db <db> data fetch --symbol BTCUSDT --interval 1 --from <from> --to <to> --base-url <url> <extra>`. */
  const fetchCli = (db: string, baseUrl: string, from: string, to: string, ...extra: string[]) =>
    runExecsimAsync([
      "--db",
      db,
      "data",
      "fetch",
      "--symbol",
      "BTCUSDT",
      "--interval",
      "1",
      "--from",
      from,
      "--to",
      to,
      "--base-url",
      baseUrl,
      ...extra,
    ]);
  it("pages more than 1000 rows into the store and prints a JSON summary", async () => {
    const server = await startKlineServer(makeCandles(T0, M, 1500));
    try {
      const db = path.join(DIR, "fetch.db");
      const r = await fetchCli(db, server.baseUrl, "2024-01-01", "2024-01-02", "--json");
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const s = JSON.parse(r.stdout);
      // 1 day = 1440 one-minute bars in 2 windows; the server has them all (it holds 1500)
      expect(s).toMatchObject({
        pages: 2,
        requests: 2,
        rows: 1440,
        inserted: 1440,
        from: "2024-01-01T00:00:00.000Z",
      });
      expect(s.stillMissing.count).toBe(0);
      expect(server.seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("bad flags exit 2 before the store is opened: no database file is created", async () => {
    const db = path.join(DIR, "never.db");
    const cases: [string, string, string[], RegExp][] = [
      ["2024-02-01", "2024-01-01", [], /--from 2024-02-01T00:00:00\.000Z must be before --to/],
      ["2024-01-01", "2024-01-02", ["--limit", "0"], /--limit 0: Bybit accepts 1\.\.1000/],
      ["2999-01-01", "2999-01-02", [], /is in the future; nothing to fetch/],
    ];
    for (const [from, to, extra, msg] of cases) {
      const r = await fetchCli(db, "http://127.0.0.1:9", from, to, ...extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
    const url = await fetchCli(db, "ftp://example", "2024-01-01", "2024-01-02");
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/--base-url "ftp:\/\/example" is not an http\(s\) URL/);
    expect(existsSync(db)).toBe(false);
  });

  it("says what it does while it retries (stderr), and not with --json", async () => {
    const server = await startKlineServer(makeCandles(T0, M, 60));
    server.script = [{ kind: "status", status: 503 }];
    try {
      const r = await fetchCli(
        path.join(DIR, "retry.db"),
        server.baseUrl,
        "2024-01-01",
        "2024-01-01T01:00:00Z",
      );
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^HTTP 503; retry 1\/5 in 0\.5 s$/m);
      server.script = [{ kind: "status", status: 503 }];
      const j = await fetchCli(
        path.join(DIR, "retry2.db"),
        server.baseUrl,
        "2024-01-01",
        "2024-01-01T01:00:00Z",
        "--json",
      );
      expect(j.code).toBe(0);
      expect(j.stderr).toBe("");
    } finally {
      await server.close();
    }
  });

  it("an unknown symbol exits 2 and leaves no empty database behind", async () => {
    const server = await startKlineServer([]);
    server.script = [{ kind: "retCode", retCode: 10001, retMsg: "Not supported symbols" }];
    const db = path.join(DIR, "badsym.db");
    try {
      const r = await fetchCli(db, server.baseUrl, "2024-01-01", "2024-01-01T01:00:00Z");
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^error \[INVALID_ARGUMENT\]: .*retCode 10001 \("Not supported symbols"\)\. Check --symbol/,
      );
      expect(existsSync(db)).toBe(false);
      // a range where Bybit has no candles: nothing fetched, nothing left behind either
      const empty = await fetchCli(db, server.baseUrl, "2024-01-01", "2024-01-01T01:00:00Z");
      expect(empty.code).toBe(0);
      expect(existsSync(db)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("retCode 10001 exits 1 with Bybit's message", async () => {
    const server = await startKlineServer([]);
    server.script = [{ kind: "retCode", retCode: 10001, retMsg: "params error" }];
    try {
      const r = await fetchCli(
        path.join(DIR, "err.db"),
        server.baseUrl,
        "2024-01-01",
        "2024-01-01T01:00:00Z",
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^error \[BYBIT_API_ERROR\]: GET http:\/\/127\.0\.0\.1:\d+\/v5\/market\/kline\?category=linear&symbol=BTCUSDT&interval=1&start=1704067200000&end=1704070799999&limit=1000: Bybit answered retCode 10001 \("params error"\)/,
      );
    } finally {
      await server.close();
    }
  });
});
