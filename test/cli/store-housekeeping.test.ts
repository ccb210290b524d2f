/**
 * Storage items of issue 11 seen from the command line: re-imports that change stored bars are
 * reported and `runs show` flags the runs they affect; `runs delete` / `runs prune` remove runs with
 * their rows and shrink the file; `data list` shows the database size; one symbol normalisation for
 * every command; `data export --out` refuses anything but a regular file.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { runExecsim } from "../helpers/cli.js";

const DIR = mkdtempSync(path.join(tmpdir(), "execsim-housekeeping-"));
const DB = path.join(DIR, "h.db");
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const RUN_ARGS = ["--symbol", "xusdt", "--from", "2024-01-09", "--to", "2024-01-11", "--horizon", "30m"];
let runIds: number[] = [];
const EXPORT_XUSDT = ["--db", DB, "data", "export", "--symbol", "XUSDT", "--interval", "1"];

beforeAll(() => {
  const gen = runExecsim([
    "--db",
    DB,
    "data",
    "generate",
    "--symbol",
    "xusdt",
    "--days",
    "12",
    "--seed",
    "3",
  ]);
  expect(gen.code).toBe(0);
  runIds = [];
  for (const strategy of ["twap", "vwap", "twap"]) {
    const r = runExecsim(["--db", DB, "--json", "run", "--strategy", strategy, ...RUN_ARGS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    runIds.push(JSON.parse(r.stdout).runId as number);
  }
}, 120_000);

describe("symbols", () => {
  it("lower-case --symbol finds the stored upper-case series in run, compare, export and list", () => {
    const c = runExecsim(["--db", DB, "--json", "compare", "--strategies", "twap", ...RUN_ARGS]);
    expect(c.stderr).toBe("");
    expect(c.code).toBe(0);
    const e = runExecsim([
      "--db",
      DB,
      "data",
      "export",
      "--symbol",
      " xUsDt ",
      "--interval",
      "1",
      "--to",
      "2024-01-01T00:02:00Z",
    ]);
    expect(e.code).toBe(0);
    expect(e.stdout.trim().split("\n")).toHaveLength(3);
    const l = runExecsim(["--db", DB, "--json", "data", "list", "--symbol", "xusdt"]);
    expect(JSON.parse(l.stdout).map((s: { symbol: string }) => s.symbol)).toEqual(["XUSDT"]);
    // the compare's runs go again so the counts below see only the three runs of beforeAll
    const ids = JSON.parse(c.stdout).runs?.map((r: { runId: number }) => r.runId) ?? [];
    if (ids.length) expect(runExecsim(["--db", DB, "runs", "delete", ...ids.map(String)]).code).toBe(0);
  });

  it("a symbol read from a file's content gets the same validation as --symbol", () => {
    const f = path.join(DIR, "badsym.csv");
    writeFileSync(
      f,
      "timestamp,open,high,low,close,volume,symbol\n2024-03-01T00:00:00Z,1,1,1,1,1,BTC/USDT\n2024-03-01T00:01:00Z,1,1,1,1,1,BTC/USDT\n",
    );
    const r = runExecsim(["--db", path.join(DIR, "sym.db"), "data", "import", f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /error \[VALIDATION_ERROR\]: .*badsym\.csv: symbol column "BTC\/USDT": use a Bybit symbol/,
    );
    const ok = path.join(DIR, "lowersym.csv");
    writeFileSync(
      ok,
      "timestamp,open,high,low,close,volume,symbol\n2024-03-01T00:00:00Z,1,1,1,1,1,ethusdt\n2024-03-01T00:01:00Z,1,1,1,1,1,ethusdt\n",
    );
    const r2 = runExecsim([
      "--db",
      path.join(DIR, "sym.db"),
      "--json",
      "data",
      "import",
      ok,
      "--symbol",
      "ETHUSDT",
    ]);
    expect(r2.stderr).toBe("");
    expect(JSON.parse(r2.stdout).symbol).toBe("ETHUSDT");
    const bad = runExecsim(["--db", path.join(DIR, "sym.db"), "compare", "--symbol", "btc/usdt"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error \[INVALID_ARGUMENT\]: --symbol "btc\/usdt": use a Bybit symbol/);
  });
});

describe("re-importing different values for stored bars", () => {
  it("is reported with the number of changed bars, and runs show flags the affected runs", () => {
    const before = runExecsim(["--db", DB, "--json", "runs", "show", String(runIds[0])]);
    expect(JSON.parse(before.stdout).candlesMatch).toBe(true);
    expect(runExecsim(["--db", DB, "runs", "show", String(runIds[0])]).stdout).not.toMatch(/notice/);
    // two bars inside the runs' range, volume doubled
    const exp = runExecsim([
      ...EXPORT_XUSDT,
      "--from",
      "2024-01-09T10:00:00Z",
      "--to",
      "2024-01-09T10:02:00Z",
    ]);
    const lines = exp.stdout.trim().split("\n");
    const changed = [
      lines[0],
      ...lines.slice(1).map((l) => {
        const f = l.split(",");
        f[5] = String(Number(f[5]) * 2);
        return f.join(",");
      }),
    ];
    const f = path.join(DIR, "changed.csv");
    writeFileSync(f, `${changed.join("\n")}\n`);
    const imp = runExecsim([
      "--db",
      DB,
      "--json",
      "data",
      "import",
      f,
      "--symbol",
      "XUSDT",
      "--interval",
      "1",
    ]);
    expect(imp.code).toBe(0);
    const s = JSON.parse(imp.stdout);
    expect(s.updated).toBe(2);
    expect(s.inserted).toBe(0);
    expect(s.affectedRuns).toEqual(runIds);
    expect(s.notes.join("\n")).toMatch(
      /2 bars already stored had different values and were replaced; 3 stored runs used the old values/,
    );
    const text = runExecsim(["--db", DB, "data", "import", f, "--symbol", "XUSDT", "--interval", "1"]);
    expect(text.stdout).toMatch(/rows +0 inserted, 0 updated, 2 unchanged/); // same values again: nothing changes
    const after = JSON.parse(runExecsim(["--db", DB, "--json", "runs", "show", String(runIds[0])]).stdout);
    expect(after.candlesMatch).toBe(false);
    expect(after.currentCandlesHash).toMatch(/^[0-9a-f]{64}$/);
    expect(after.currentCandlesHash).not.toBe(after.candlesHash);
    expect(runExecsim(["--db", DB, "runs", "show", String(runIds[0])]).stdout).toMatch(
      /^notice: the stored candles of this run's range no longer match its candles hash \(they were re-imported with different values\)/,
    );
  });
});

describe("housekeeping", () => {
  it("data list shows the database size", () => {
    const r = runExecsim(["--db", DB, "data", "list"]);
    expect(r.stdout).toMatch(/database .*h\.db: \d+\.\d (kB|MB)/);
  });

  it("runs delete removes the runs with their rows; runs prune --keep / --before; both VACUUM", () => {
    const count = (sql: string) => {
      const s = openDatabase(DB);
      try {
        return s.sqlite.prepare(sql).pluck().get() as number;
      } finally {
        s.close();
      }
    };
    const childRows = (id: number) =>
      count(
        `SELECT (SELECT count(*) FROM fills WHERE run_id = ${id}) + (SELECT count(*) FROM child_orders WHERE run_id = ${id}) + (SELECT count(*) FROM tca_results WHERE run_id = ${id}) + (SELECT count(*) FROM parent_orders WHERE run_id = ${id})`,
      );
    expect(childRows(runIds[0]!)).toBeGreaterThan(0);
    const missing = runExecsim(["--db", DB, "runs", "delete", String(runIds[0]), "999999"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/NOT_FOUND.*no run with id 999999; nothing was deleted/);
    const del = runExecsim(["--db", DB, "--json", "runs", "delete", String(runIds[0])]);
    expect(del.code).toBe(0);
    const d = JSON.parse(del.stdout);
    expect(d.deleted).toEqual([runIds[0]]);
    expect(d.bytesAfter).toBeLessThanOrEqual(d.bytesBefore);
    expect(count(`SELECT count(*) FROM runs WHERE id = ${runIds[0]}`)).toBe(0);
    expect(childRows(runIds[0]!)).toBe(0);
    expect(childRows(runIds[1]!)).toBeGreaterThan(0);

    const dry = runExecsim(["--db", DB, "--json", "runs", "prune", "--keep", "1", "--dry-run"]);
    expect(JSON.parse(dry.stdout).deleted).toEqual([runIds[1]]);
    expect(count("SELECT count(*) FROM runs")).toBe(2);
    const none = runExecsim(["--db", DB, "runs", "prune", "--before", "2000-01-01"]);
    expect(none.stdout).toMatch(/^deleted 0 runs/);
    const keep = runExecsim(["--db", DB, "runs", "prune", "--keep", "1"]);
    expect(keep.code).toBe(0);
    expect(keep.stdout).toMatch(
      new RegExp(`^deleted 1 run \\(${runIds[1]}\\); database [\\d.]+ MB -> [\\d.]+ MB`),
    );
    expect(count("SELECT group_concat(id) FROM runs")).toBe(String(runIds[2]));
    const future = runExecsim(["--db", DB, "--json", "runs", "prune", "--before", "2999-01-01"]);
    expect(JSON.parse(future.stdout).deleted).toEqual([runIds[2]]);
    expect(count("SELECT count(*) FROM fills")).toBe(0);
    expect(runExecsim(["--db", DB, "runs", "prune"]).code).toBe(2);
  });

  it("runs delete on a database that does not exist creates nothing", () => {
    const absent = path.join(DIR, "absent.db");
    const r = runExecsim(["--db", absent, "runs", "delete", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/NOT_FOUND.*no database at/);
    expect(() => readFileSync(absent)).toThrow();
  });
});

describe("data export --out", () => {
  it("refuses a symlink, a FIFO or a device instead of replacing it with a regular file", () => {
    const target = path.join(DIR, "keep.txt");
    writeFileSync(target, "precious\n");
    const link = path.join(DIR, "link.csv");
    symlinkSync(target, link);
    const args = [...EXPORT_XUSDT, "--to", "2024-01-01T00:05:00Z"];
    const r = runExecsim([...args, "--out", link]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /error \[INVALID_ARGUMENT\]: --out .*link\.csv is a symbolic link; export writes regular files only/,
    );
    expect(readFileSync(target, "utf8")).toBe("precious\n");
    const dev = runExecsim([...args, "--out", "/dev/null"]);
    expect(dev.code).toBe(2);
    expect(dev.stderr).toMatch(/--out \/dev\/null is a device/);
    const ok = runExecsim([...args, "--out", path.join(DIR, "out.csv")]);
    expect(ok.code).toBe(0);
    expect(readFileSync(path.join(DIR, "out.csv"), "utf8").split("\n")).toHaveLength(7);
  });

  it("a full disk on stdout is a clean IO_ERROR, not an uncaught exception", () => {
    const r = runExecsim(["--db", DB, "data", "export", "--symbol", "XUSDT", "--interval", "1"], {
      stdout: "/dev/full",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error \[IO_ERROR\]: cannot write the output to stdout \(ENOSPC\)/);
    expect(r.stderr).not.toMatch(/Uncaught|at .*\.js:\d+/);
  });
});
