/**
 * Honest ranking end to end (issue 10): `compare` beside a strategy that fills nothing (fixture
 * test/strategies/hostile/trade-nothing.ts) ranks it after TWAP, reports completionBps and
 * rankedCostBps per summary row, and `runs show` and the stored rows say each parent is unfilled.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { runExecsim } from "../helpers/cli.js";

const NOTHING = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../strategies/hostile/trade-nothing.ts",
);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-rank-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("compare ranks honestly", () => {
  it("a strategy that fills nothing is not ranked first; completion and ranked cost are reported and stored", () => {
    const file = path.join(dir, "rank.db");
    // these days the synthetic price fell over the buy horizon on average: not trading has the lowest shortfall
    const args = ["--db", file, "--from", "2024-01-02", "--to", "2024-01-12"];
    const r = runExecsim(["compare", ...args, "--json", "--strategies", `${NOTHING},twap`]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const [first, second] = out.summary;
    expect(first.strategy).toBe("twap");
    expect(second.strategy).toBe("trade-nothing");
    expect(second.shortfallBps.mean).toBeLessThan(first.shortfallBps.mean);
    expect([first.complete, second.complete, second.fillRate, second.unfilledParents]).toEqual([
      true,
      false,
      0,
      10,
    ]);
    // TWAP fills everything: no completion cost, ranked = shortfall; the idle strategy pays one at every parent
    expect(first.completionBps.mean).toBe(0);
    expect(first.rankedCostBps.mean).toBe(first.shortfallBps.mean);
    expect(second.completionBps.n).toBe(10);
    expect(second.completionBps.mean).toBeGreaterThan(5.5); // at least the 5.5 bps taker fee
    expect(second.rankedCostBps.mean).toBeCloseTo(second.shortfallBps.mean + second.completionBps.mean, 9);

    const idle = out.runs.find((x: { strategy: string }) => x.strategy === "trade-nothing").runId;
    const store = openDatabase(file);
    try {
      const states = store.sqlite
        .prepare("SELECT DISTINCT fill_state AS s FROM parent_orders WHERE run_id = ?")
        .all(idle) as { s: string }[];
      expect(states).toEqual([{ s: "unfilled" }]);
      const tca = store.sqlite
        .prepare(
          "SELECT fill_state, completion_bps, ranked_cost_bps, shortfall_bps FROM tca_results WHERE run_id = ? AND level = 'parent'",
        )
        .raw(true)
        .all(idle) as [string, number, number, number][];
      for (const [s, c, rk, sf] of tca) {
        expect(s).toBe("unfilled");
        expect(rk).toBeCloseTo(sf + c, 9);
      }
    } finally {
      store.close();
    }
    const show = runExecsim(["runs", "show", String(idle), "--db", file]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/parent\s+status\s+filled %\s+IS bps\s+fill\s+completion/);
    expect(show.stdout.match(/completed\s+0\.0\s+-?\d+\.\d+\s+unfilled\s+\d+\.\d+/g)).toHaveLength(10);

    // the text table marks it and prints the legend with the ranking rule
    const text = runExecsim(["compare", ...args, "--strategies", `${NOTHING},twap`]);
    expect(text.stdout).toMatch(/1\s+twap\s+10\s+0\s+100\.0\s/);
    expect(text.stdout).toMatch(/2\s+trade-nothing\s+10\s+0\s+0\.0 !/);
    expect(text.stdout).toMatch(/Ranking: first the strategies that filled every parent/);
    expect(text.stdout).toMatch(/same for every strategy/);
  }, 120_000);
});
