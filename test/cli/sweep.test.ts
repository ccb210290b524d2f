import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExecsim } from "../helpers/cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-sweep-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WEEK = ["--from", "2024-01-03", "--to", "2024-01-06"];

describe("execsim sweep (end to end)", () => {
  it.each([
    [["--param", "lambda=1e-3:1e-7:5"], /lo \(0.001\) is greater than hi/],
    [["--param", "lambda=1e-7:1e-3:0"], /n must be a whole number >= 1/],
    [["--param", "lambda=1e-7:abc:3"], /"abc" is not a number/],
    [["--param", "lambda=0:1e-3:4", "--scale", "log"], /log grid needs lo > 0/],
    [["--param", "lambda=1e-7:1e-3:3", "--param", "depth=1,2"], /has no parameter "depth"/],
    [["--strategy", "twap", "--param", "lambda=1e-6"], /"twap" has no parameter "lambda"/],
    [[], /--param: name at least one parameter/],
    [["--param", "lambda=1e-6", "--workers", "0"], /--workers must be a whole number >= 1/],
  ])("bad grid %j exits 2 with a clear message and writes nothing", (args, msg) => {
    const db = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.db`);
    const r = runExecsim(["sweep", "--db", db, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[INVALID_(ARGUMENT|CONFIG)\]: /);
    expect(r.stderr).toMatch(msg);
    expect(r.stdout).toBe("");
    expect(existsSync(db)).toBe(false);
  });

  it("prints the points with summary, costParts and theoretical, a recommendation, stores them; sweeps list|show read them back", () => {
    const db = path.join(dir, "ok.db");
    const r = runExecsim([
      "sweep",
      "--db",
      db,
      "--json",
      "--strategy",
      "is",
      "--param",
      "lambda=0,1e-5,1e-3",
      "--workers",
      "1",
      "--max-sd",
      "1000",
      ...WEEK,
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.sweepId).toBe(1);
    expect(j.status).toBe("completed");
    expect(j.points).toHaveLength(3);
    for (const p of j.points) {
      expect(Object.keys(p.summary)).toEqual(
        expect.arrayContaining(["strategy", "parents", "fillRate", "shortfallBps"]),
      );
      expect(Object.keys(p.summary.shortfallBps)).toEqual(["n", "mean", "std", "median", "p90"]);
      expect(Object.keys(p.costParts)).toEqual(
        expect.arrayContaining(["tradingCostBps", "timingBps", "spreadBps", "impactBps"]),
      );
      expect(typeof p.theoretical.meanBps).toBe("number");
      expect(typeof p.theoretical.sdBps).toBe("number");
    }
    // λ = 0 is TWAP: the model's risk is the largest there
    expect(j.points[0].theoretical.sdBps).toBeGreaterThan(j.points[2].theoretical.sdBps);
    expect(j.recommended.params).toEqual(j.points[j.recommended.index].params);
    const cheapest = Math.min(
      ...j.points.map((p: { summary: { shortfallBps: { mean: number } } }) => p.summary.shortfallBps.mean),
    );
    expect(j.recommended.shortfallBps).toBe(cheapest);

    const text = runExecsim(["sweeps", "show", "1", "--db", db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/sweep 1: is over lambda \(list: 0,1e-5,1e-3\), 3 point\(s\)/);
    expect(text.stdout).toMatch(/recommended: #\d is\(lambda=/);
    expect(text.stdout).toMatch(/theory mean ± sd/);
    const shown = JSON.parse(runExecsim(["sweeps", "show", "1", "--db", db, "--json"]).stdout);
    expect(shown.points).toEqual(j.points);
    const list = JSON.parse(runExecsim(["sweeps", "list", "--db", db, "--json"]).stdout);
    expect(list.map((s: { id: number; status: string }) => [s.id, s.status])).toEqual([[1, "completed"]]);
    const missing = runExecsim(["sweeps", "show", "9", "--db", db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no sweep with id 9/);
  }, 120_000);
});
