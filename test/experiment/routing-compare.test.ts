/**
 * `compare --pools --routing` end to end (library and CLI): the four modes side by side with their
 * labels, every fill stored with its own venue, per-venue TCA adding up to the parent's IS, the book
 * mode without arbitrage equal to the run without pools, and bad pools/routing input writing nothing.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareStrategies } from "../../src/experiment/batch.js";
import { openDatabase } from "../../src/store/database.js";
import { venueSplit } from "../../src/store/venue-tca-store.js";
import { runExecsim } from "../helpers/cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-routing-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const POOLS = {
  pools: [
    { name: "uni-30", model: "constant-product", reserveBase: 400, fee: 0.003 },
    { name: "uni-5", model: "constant-product", reserveBase: 150, fee: 0.0005 },
    {
      name: "v3-30",
      model: "concentrated",
      fee: 0.003,
      liquidity: 20000,
      priceLower: 1000,
      priceUpper: 1000000,
    },
  ],
};
const RANGE = { fromMs: Date.parse("2024-01-10T00:00:00Z"), toMs: Date.parse("2024-01-14T00:00:00Z") };

describe("compare with --pools and --routing", () => {
  it("runs every strategy once per mode, stores each fill's venue and per-venue TCA that adds up", async () => {
    const store = openDatabase(path.join(dir, "lib.db"));
    try {
      const r = await compareStrategies(store, {
        ...RANGE,
        strategies: ["twap", "is:lambda=1e-5"],
        pools: POOLS,
        routing: "book,pools,optimal,step",
      });
      expect(r.runs.map((x) => x.strategy)).toEqual([
        "twap(routing=book)",
        "is(lambda=1e-5,routing=book)",
        "twap(routing=pools)",
        "is(lambda=1e-5,routing=pools)",
        "twap(routing=optimal)",
        "is(lambda=1e-5,routing=optimal)",
        "twap(routing=step)",
        "is(lambda=1e-5,routing=step)",
      ]);
      expect(r.runs.every((x) => x.status === "completed")).toBe(true);
      const is = (s: string) => r.summary.find((x) => x.strategy === s)!.shortfallBps.mean;
      // optimal routing never costs more than either single-venue mode on average
      expect(is("twap(routing=optimal)")).toBeLessThanOrEqual(is("twap(routing=book)") + 1e-9);
      expect(is("twap(routing=optimal)")).toBeLessThanOrEqual(is("twap(routing=pools)") + 1e-9);
      const venues = (id: number) =>
        store.sqlite.prepare("SELECT DISTINCT venue FROM fills WHERE run_id = ? ORDER BY venue").all(id) as {
          venue: string;
        }[];
      expect(venues(r.runs[0]!.runId).map((v) => v.venue)).toEqual(["book"]);
      expect(venues(r.runs[2]!.runId).map((v) => v.venue)).toEqual(["uni-30", "uni-5", "v3-30"]);
      expect(venues(r.runs[4]!.runId).map((v) => v.venue)).toEqual(["book", "uni-30", "uni-5", "v3-30"]);
      // per venue: the costs add up to each parent's IS (no opportunity cost: everything filled)
      const optimal = r.runs[4]!.runId;
      const perParent = store.sqlite
        .prepare(
          `SELECT t.parent_id AS id, t.shortfall_bps AS isBps, sum(v.cost_bps) AS venueBps, sum(v.pool_fees_quote) AS poolFees,
             (SELECT sum(fee_quote) FROM fills f WHERE f.run_id = t.run_id AND f.parent_id = t.parent_id AND f.venue != 'book') AS poolFillFees
           FROM tca_results t JOIN tca_venues v ON v.run_id = t.run_id AND v.parent_id = t.parent_id
           WHERE t.run_id = ? AND t.level = 'parent' GROUP BY t.parent_id`,
        )
        .all(optimal) as { isBps: number; venueBps: number; poolFees: number; poolFillFees: number }[];
      expect(perParent.length).toBeGreaterThan(0);
      for (const p of perParent) {
        expect(p.venueBps).toBeCloseTo(p.isBps, 9);
        expect(p.poolFees).toBeGreaterThan(0);
        expect(p.poolFees).toBeCloseTo(p.poolFillFees, 6);
      }
      const split = venueSplit(store, optimal);
      expect(split.map((s) => s.venue)).toEqual(
        ["book", "uni-5", "uni-30", "v3-30"].filter((v) => split.some((s) => s.venue === v)),
      );
      expect(split.reduce((a, s) => a + s.qtyShare, 0)).toBeCloseTo(1, 12);
      // runs without pools write no per-venue rows
      const plain = await compareStrategies(store, { ...RANGE, strategies: ["twap"] });
      expect(venueSplit(store, plain.runs[0]!.runId)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it("routing=book without arbitrage is the run without pools, to the bit", async () => {
    const store = openDatabase(path.join(dir, "book.db"));
    try {
      const plain = await compareStrategies(store, { ...RANGE, strategies: ["twap", "vwap"] });
      const routed = await compareStrategies(store, {
        ...RANGE,
        strategies: ["twap", "vwap"],
        pools: { ...POOLS, arbitrage: false },
        routing: ["book"],
      });
      const rows = (id: number) =>
        store.sqlite
          .prepare(
            "SELECT seq, venue, qty_base, avg_price, notional_quote, fee_quote, mid_before FROM fills WHERE run_id = ? ORDER BY seq",
          )
          .all(id);
      expect(rows(routed.runs[0]!.runId)).toEqual(rows(plain.runs[0]!.runId));
      expect(rows(routed.runs[1]!.runId)).toEqual(rows(plain.runs[1]!.runId));
    } finally {
      store.close();
    }
  });

  it("the CLI prints the four modes side by side; bad pools or routing exit 2 and write nothing", () => {
    const pools = path.join(dir, "pools.json");
    writeFileSync(pools, JSON.stringify(POOLS));
    const file = path.join(dir, "cli.db");
    const ok = runExecsim([
      "compare",
      "--db",
      file,
      "--from",
      "2024-01-10",
      "--to",
      "2024-01-12",
      "--strategies",
      "twap",
      "--pools",
      pools,
      "--routing",
      "book,pools,optimal,step",
    ]);
    expect(ok.code).toBe(0);
    for (const m of ["book", "pools", "optimal", "step"]) expect(ok.stdout).toContain(`twap(routing=${m})`);
    expect(ok.stdout).toMatch(/twap\(routing=book\): book 100\.0%/);
    expect(ok.stdout).toMatch(/twap\(routing=pools\): (uni-30|uni-5|v3-30) /);
    const badFile = path.join(dir, "bad-pools.json");
    writeFileSync(badFile, JSON.stringify({ pools: [{ name: "x", model: "cp", reserveBase: 1, fee: 2 }] }));
    const empty = path.join(dir, "nothing.db");
    const bad = runExecsim(["compare", "--db", empty, "--pools", badFile]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/pool "x", field "fee"/);
    const badMode = runExecsim(["compare", "--db", empty, "--pools", pools, "--routing", "optimal,cheapest"]);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toMatch(/--routing: unknown mode "cheapest"/);
    const noPools = runExecsim(["compare", "--db", empty, "--routing", "optimal"]);
    expect(noPools.code).toBe(2);
    expect(existsSync(empty)).toBe(false);
  });
});
