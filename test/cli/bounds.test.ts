/**
 * Inputs that used to exhaust memory or the stack, or to finish with nonsense, now stop early with a
 * clear INVALID_ARGUMENT (exit 2) or finish with a warning; the ADV sizing window says when it is
 * short and can be set with --adv-days without changing the history strategies see.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatTable } from "../../src/report/format-table.js";
import { openDatabase } from "../../src/store/database.js";
import { runExecsim } from "../helpers/cli.js";

const DIR = mkdtempSync(path.join(tmpdir(), "execsim-bounds-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const DB = path.join(DIR, "b.db");
const RANGE = ["--from", "2024-01-09", "--to", "2024-01-11", "--horizon", "30m"];

describe("caps with clear errors", () => {
  it("schedule --steps 1e9 and a 10^6-point λ grid are refused before any work", () => {
    const steps = runExecsim(["schedule", "--qty", "1000", "--horizon", "1h", "--steps", "1e9"]);
    expect(steps.code).toBe(2);
    expect(steps.stderr).toMatch(
      /error \[INVALID_ARGUMENT\]: --steps must be a whole number in \[1, 1000000\]/,
    );
    const grid = runExecsim([
      "schedule",
      "--qty",
      "1000",
      "--horizon",
      "1h",
      "--lambda",
      "1e-8:1e-4:1000000",
    ]);
    expect(grid.code).toBe(2);
    expect(grid.stderr).toMatch(/--lambda: 1000000 points is more than 10000/);
  });

  it("the table formatter handles a million rows (no argument spread)", () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => [i, "x".repeat(i === 777_777 ? 9 : 1)]);
    const t = formatTable(["step", "name"], rows);
    expect(t.split("\n")[1]).toBe(`${"-".repeat(6)}  ${"-".repeat(9)}`);
  });

  it("run --qty 1e308 is INVALID_ARGUMENT, not a database error, and writes nothing", () => {
    const r = runExecsim(["--db", DB, "run", "--strategy", "twap", "--qty", "1e308", ...RANGE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /error \[INVALID_ARGUMENT\]: --qty: 1e\+308 base units is beyond the largest parent execsim simulates \(1000000000000000\)/,
    );
    expect(r.stderr).not.toMatch(/DATABASE_ERROR/);
  });

  it("a parent larger than the market volume over its horizon completes with a warning", () => {
    const r = runExecsim(["--db", DB, "--json", "run", "--strategy", "twap", "--qty", "1e12", ...RANGE]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const w = out.warnings.find((x: string) => x.startsWith("each parent is"));
    expect(w).toMatch(
      /^each parent is \d\.\de\+\d+ % of the market volume over its horizon \(2024-01-\d\d\)/,
    );
    const text = runExecsim(["--db", DB, "run", "--strategy", "twap", "--qty", "1e12", ...RANGE]);
    expect(text.stderr).toMatch(/^warning: each parent is/m);
  });
});

describe("ADV window", () => {
  it("says when fewer days than the window precede the first parent; --adv-days sets the sizing window", () => {
    // the built-in data starts 2024-01-01 00:00; the first parent (default --from) is 2024-01-02 12:00
    const early = [
      "--db",
      DB,
      "--json",
      "run",
      "--strategy",
      "twap",
      "--horizon",
      "30m",
      "--to",
      "2024-01-04",
    ];
    const short = runExecsim(early);
    expect(short.code).toBe(0);
    const s = JSON.parse(short.stdout);
    expect(s.warnings[0]).toMatch(
      /^only 1\.50 day\(s\) of data precede the first parent \(2024-01-02T12:00:00\.000Z\), fewer than the 7-day ADV window: the parent size is based on those days/,
    );
    const one = runExecsim([...early, "--adv-days", "1"]);
    const o = JSON.parse(one.stdout);
    expect(o.warnings).toEqual([]);
    // hand check: ADV over the one day before 2024-01-02T12:00 is that day's volume; size = 0.002 × it
    const store = openDatabase(DB);
    const day = store.sqlite
      .prepare(
        "SELECT sum(volume) FROM candles WHERE symbol = 'SYN-BTCUSDT' AND open_time_ms >= ? AND open_time_ms < ?",
      )
      .pluck()
      .get(Date.UTC(2024, 0, 1, 12), Date.UTC(2024, 0, 2, 12)) as number;
    store.close();
    expect(o.parentQtyBase).toBeCloseTo(0.002 * day, 9);
    expect(o.parentQtyBase).not.toBe(s.parentQtyBase);
    // the history strategies see is unchanged: same candles
    expect(o.data).toEqual(s.data);
    const bad = runExecsim(["--db", DB, "run", "--adv-days", "0.5"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--adv-days: a whole number of days in \[1, 365\], got 0.5/);
  });
});
