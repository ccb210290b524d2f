/**
 * `execsim orders import`, `execsim tca --run` and `execsim compare --parents` end to end, in a child
 * process (exit codes, stderr wording, JSON keys, nothing written on bad input). The numbers themselves
 * are checked by hand in test/experiment/own-orders-tca.test.ts.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { runExecsim } from "../helpers/cli.js";
import { FILLS_CSV, iso, MIN, PARENTS_CSV, storeHandCandles, T0 } from "../helpers/own-orders-fixtures.js";

let dir: string;
let db: string;
const f = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-orders-cli-"));
  db = f("own.db");
  const store = openDatabase(db);
  storeHandCandles(store);
  store.close();
  writeFileSync(f("parents.csv"), PARENTS_CSV);
  writeFileSync(f("fills.csv"), FILLS_CSV);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCount(): number {
  const store = openDatabase(db);
  try {
    return store.sqlite.prepare("SELECT count(*) FROM runs").pluck().get() as number;
  } finally {
    store.close();
  }
}

describe("execsim orders import / tca (child process)", () => {
  it("imports, prints the runId, re-imports idempotently, and `tca --run` gives the decomposition and markouts", () => {
    const r = runExecsim(["orders", "import", f("parents.csv"), f("fills.csv"), "--db", db, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.runId).toBeGreaterThan(0);
    expect(out.created).toBe(true);
    const again = runExecsim(["orders", "import", f("parents.csv"), f("fills.csv"), "--db", db, "--json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ runId: out.runId, created: false });
    expect(runCount()).toBe(1);

    const t = runExecsim(["tca", "--run", String(out.runId), "--db", db, "--json", "--markouts", "1m,5m"]);
    expect(t.stderr).toBe("");
    expect(t.code).toBe(0);
    const tca = JSON.parse(t.stdout);
    expect(tca.run).toMatchObject({ id: out.runId, source: "imported", status: "completed" });
    expect(tca.parents.map((p: { parentId: string }) => p.parentId)).toEqual(["P1", "P2"]);
    expect(tca.parents[0].shortfallQuote).toBeCloseTo(20.7, 9);
    expect(tca.parents[0].markouts[0].parentBps).toBeCloseTo(((105 - 101) / 101) * 1e4, 9);
    expect(tca.markouts.map((m: { horizon: string }) => m.horizon)).toEqual(["1m", "5m"]);
    expect(tca.feesMissing).toBe(1);
    // the text report names the parts, the markouts and the missing fee
    const text = runExecsim(["tca", "--run", String(out.runId), "--db", db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/spread .* impact .* timing .* fees .* opportunity/);
    expect(text.stdout).toMatch(/1m +5m +30m +1h +1d/);
    expect(text.stdout).toMatch(/1 fill\(s\) gave no fee/);
    // every existing query works on the imported run
    const show = runExecsim(["runs", "show", String(out.runId), "--db", db, "--json"]);
    expect(JSON.parse(show.stdout)).toMatchObject({
      source: "imported",
      command: "import",
      parents: [{}, {}],
    });
  });

  it("a bad fills file exits 2 naming file, line and field, and writes nothing", () => {
    const before = runCount();
    writeFileSync(
      f("bad-fills.csv"),
      [
        "parent_id,timestamp,side,qty,price",
        `P1,${iso(T0 + 2.5 * MIN)},buy,4,102`,
        `P1,${iso(T0 + 9 * MIN)},buy,1,0`,
      ].join("\n"),
    );
    const r = runExecsim(["orders", "import", f("parents.csv"), f("bad-fills.csv"), "--db", db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`error [VALIDATION_ERROR]: `);
    expect(r.stderr).toContain(`${f("bad-fills.csv")}, line 3, field price: must be > 0`);
    expect(r.stderr).toContain(`${f("bad-fills.csv")}, line 3, field timestamp:`);
    expect(runCount()).toBe(before);
    // a bad file creates no database either
    const none = f("none.db");
    expect(runExecsim(["orders", "import", f("parents.csv"), f("bad-fills.csv"), "--db", none]).code).toBe(2);
    expect(existsSync(none)).toBe(false);
  });

  it("an unknown run id and a bad --markouts exit 2", () => {
    const r = runExecsim(["tca", "--run", "999", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error \[NOT_FOUND\]: no run with id 999/);
    const m = runExecsim(["tca", "--run", "1", "--db", db, "--markouts", "1m,soon"]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/duration "soon" is not understood/);
  });

  it("compare --parents refuses the flags that shape generated parents (exit 2, nothing run)", () => {
    for (const flag of [
      ["--qty", "1"],
      ["--adv-fraction", "0.01"],
      ["--side", "sell"],
      ["--horizon", "30m"],
      ["--start-time", "10:00"],
    ]) {
      const r = runExecsim(["compare", "--parents", f("parents.csv"), ...flag, "--db", f("never.db")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${flag[0]} does not apply with --parents`);
    }
    expect(existsSync(f("never.db"))).toBe(false);
  });
});
