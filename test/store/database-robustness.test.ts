import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ExecsimError } from "../../src/core/errors.js";
import { writeCandles } from "../../src/store/candle-store.js";
import { checkDatabaseFile, openDatabase, openDatabaseReadOnly } from "../../src/store/database.js";
import { runExecsim, runExecsimAsync } from "../helpers/cli.js";

const DIR = mkdtempSync(path.join(tmpdir(), "execsim-db-robust-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

function csv(rows: number, t0: number, price: number): string {
  const lines = ["timestamp,open,high,low,close,volume"];
  for (let i = 0; i < rows; i++) {
    lines.push(`${t0 + i * 60_000},${price},${price + 1},${price - 1},${price},${1 + i}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("concurrent writers", () => {
  it("three imports into one fresh database at once all succeed (they wait for the lock)", async () => {
    const db = path.join(DIR, "concurrent.db");
    const files = ["AAAUSDT", "BBBUSDT", "CCCUSDT"].map((sym, k) => {
      const f = path.join(DIR, `${sym}.csv`);
      writeFileSync(f, csv(20_000, Date.UTC(2024, 0, 1), 100 + k));
      return { f, sym };
    });
    const results = await Promise.all(
      files.map(({ f, sym }) =>
        runExecsimAsync(["--db", db, "--json", "data", "import", f, "--symbol", sym, "--interval", "1"]),
      ),
    );
    for (const r of results) {
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).inserted).toBe(20_000);
    }
    const store = openDatabase(db);
    try {
      expect(store.sqlite.prepare("SELECT count(*) FROM candles").pluck().get()).toBe(60_000);
    } finally {
      store.close();
    }
  }, 120_000);
});

describe("two compare runs on a fresh database", () => {
  it("both complete: the built-in data is written once, the runs of both are stored", async () => {
    const db = path.join(DIR, "two-compares.db");
    const args = [
      "--db",
      db,
      "--json",
      "compare",
      "--strategies",
      "twap,vwap",
      "--from",
      "2024-01-09",
      "--to",
      "2024-01-11",
    ];
    const [a, b] = await Promise.all([runExecsimAsync(args), runExecsimAsync(args)]);
    for (const r of [a!, b!]) {
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
    const store = openDatabase(db);
    try {
      expect(store.sqlite.prepare("SELECT count(*) FROM runs WHERE status = 'completed'").pluck().get()).toBe(
        4,
      );
    } finally {
      store.close();
    }
  }, 120_000);
});

describe("bad database files are DATABASE_ERROR naming the file", () => {
  function expectDbError(file: string, pattern: RegExp): void {
    try {
      openDatabase(file);
      expect.unreachable("openDatabase should have thrown");
    } catch (e) {
      expect(e).toBeInstanceOf(ExecsimError);
      expect((e as ExecsimError).code).toBe("DATABASE_ERROR");
      expect((e as Error).message).toContain(file);
      expect((e as Error).message).toMatch(pattern);
    }
  }

  function goodDb(name: string): string {
    const file = path.join(DIR, name);
    const store = openDatabase(file);
    const key = { symbol: "XUSDT", category: "linear" as const, interval: "1" as const };
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      openTimeMs: i * 60_000,
      open: 1,
      high: 2,
      low: 0.5,
      close: 1,
      volume: i,
      turnover: i,
    }));
    writeCandles(store, key, rows, "test");
    store.sqlite.pragma("wal_checkpoint(TRUNCATE)");
    store.close();
    return file;
  }

  it("a text file", () => {
    const f = path.join(DIR, "notes.db");
    writeFileSync(f, "these are my notes, not a database\n".repeat(10));
    expectDbError(f, /is not a SQLite database/);
    const r = runExecsim(["--db", f, "data", "list"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error \[DATABASE_ERROR\]: database ".*notes\.db" is not a SQLite database/);
    expect(r.stderr).not.toContain("internal error");
    expect(readFileSync(f, "utf8")).toContain("these are my notes"); // untouched
  });

  it("a truncated SQLite file", () => {
    const f = goodDb("truncated.db");
    const cut = path.join(DIR, "cut.db");
    const bytes = readFileSync(f);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(() => checkDatabaseFile(cut)).toThrow(/is truncated/);
    const r = runExecsim(["--db", cut, "data", "list"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error \[DATABASE_ERROR\]: database ".*cut\.db" is truncated/);
  });

  it("a file that looks short while another connection writes it is read again, not called truncated", async () => {
    // a checkpoint writes the header's new page count before the pages that extend the file: a
    // process opening it at that moment saw "truncated" (CI, three concurrent imports)
    const f = goodDb("growing-src.db");
    const grow = path.join(DIR, "growing.db");
    const bytes = readFileSync(f);
    writeFileSync(grow, bytes.subarray(0, Math.floor(bytes.length / 2)));
    writeFileSync(`${grow}-wal`, ""); // a live writer's WAL beside it
    // the "writer" finishes its checkpoint 300 ms after it says it started, while this thread checks
    const { Worker } = await import("node:worker_threads");
    const started = new Int32Array(new SharedArrayBuffer(4));
    const writer = new Worker(
      `const { writeFileSync } = require("node:fs"); const { workerData: d } = require("node:worker_threads");
       Atomics.store(d.started, 0, 1); Atomics.notify(d.started, 0);
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); writeFileSync(d.file, d.bytes);`,
      { eval: true, workerData: { file: grow, bytes, started } },
    );
    const exited = new Promise((r) => writer.once("exit", r));
    Atomics.wait(started, 0, 0, 10_000);
    const t0 = Date.now();
    expect(() => checkDatabaseFile(grow)).not.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    await exited;
    // a short file with a WAL beside it that stays short is still reported, after the wait
    writeFileSync(grow, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(() => checkDatabaseFile(grow)).toThrow(/is truncated/);
  });

  it("a file with damaged pages", () => {
    const f = goodDb("damaged-src.db");
    const bad = path.join(DIR, "damaged.db");
    copyFileSync(f, bad);
    const bytes = readFileSync(bad);
    const pageSize = bytes.readUInt16BE(16);
    // overwrite every page after the schema page with garbage, keeping the size
    for (let i = 2 * pageSize; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    writeFileSync(bad, bytes);
    expect(statSync(bad).size).toBe(statSync(f).size);
    expectDbError(bad, /is damaged/);
    const r = runExecsim(["--db", bad, "data", "list"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error \[DATABASE_ERROR\]: database ".*damaged\.db" is damaged/);
  });

  it("a folder", () => {
    expectDbError(DIR, /is a folder/);
  });

  it("the read-only connections of worker threads (sweep) check the file the same way, on open", () => {
    const notes = path.join(DIR, "ro-notes.db");
    writeFileSync(notes, "not a database\n".repeat(20));
    const cut = path.join(DIR, "ro-cut.db");
    const bytes = readFileSync(goodDb("ro-src.db"));
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    for (const [f, why] of [
      [notes, /is not a SQLite database/],
      [cut, /is truncated/],
      [DIR, /is a folder/],
    ] as const) {
      let err: unknown;
      try {
        openDatabaseReadOnly(f).close();
      } catch (e) {
        err = e;
      }
      expect(err, f).toBeInstanceOf(ExecsimError);
      expect((err as ExecsimError).code).toBe("DATABASE_ERROR");
      expect((err as Error).message).toMatch(why);
      expect((err as Error).message).toContain(f);
    }
    // a good file opens and reads
    const ro = openDatabaseReadOnly(path.join(DIR, "ro-src.db"));
    expect(ro.sqlite.prepare("SELECT count(*) FROM candles").pluck().get()).toBe(3000);
    ro.close();
  });
});
