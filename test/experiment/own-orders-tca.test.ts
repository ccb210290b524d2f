/**
 * Import → TCA → markouts on a small hand-made market (test/helpers/own-orders-fixtures.ts), every
 * number computed by hand below.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOwnOrdersFiles } from "../../src/experiment/import-own-orders.js";
import { postTradeTca } from "../../src/experiment/post-trade-tca.js";
import { openDatabase } from "../../src/store/database.js";
import { loadRunExecutions } from "../../src/store/execution-queries.js";
import { readMarkouts } from "../../src/store/markout-store.js";
import { FILLS_CSV, iso, MIN, PARENTS_CSV, storeHandCandles, T0 } from "../helpers/own-orders-fixtures.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-own-tca-"));
  writeFileSync(path.join(dir, "parents.csv"), PARENTS_CSV);
  writeFileSync(path.join(dir, "fills.csv"), FILLS_CSV);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("orders import → TCA, by hand", () => {
  it("decomposes each parent against the arrival close, with VWAP / TWAP slippage and participation", () => {
    const store = openDatabase(":memory:");
    storeHandCandles(store);
    const r = importOwnOrdersFiles(store, path.join(dir, "parents.csv"), path.join(dir, "fills.csv"));
    expect(r.runs).toHaveLength(1);
    const run = r.runs[0]!;
    expect(run).toMatchObject({ created: true, symbol: "TEST", parents: 2, fills: 3, feesMissing: 1 });
    const [p1, p2] = run.tca;
    // P1 (buy): arrival A = close of bar 1 (closes at 2m) = 101; fill mids: 2m30s → bar 1 = 101, 4m → bar 3
    // = 103; end mid E = bar 4 (closes at 5m) = 104. Q = 10, filled 7, unfilled 3.
    expect(p1!.arrivalMid).toBe(101);
    expect(p1!.endMid).toBe(104);
    expect(p1!.filledQtyBase).toBe(7);
    expect(p1!.unfilledQtyBase).toBe(3);
    expect(p1!.timingQuote).toBeCloseTo(4 * (101 - 101) + 3 * (103 - 101), 12); // 6
    expect(p1!.temporaryImpactQuote).toBeCloseTo(4 * (102 - 101) + 3 * (103.5 - 103), 12); // 5.5
    expect(p1!.spreadQuote).toBe(0);
    expect(p1!.permanentImpactQuote).toBe(0);
    expect(p1!.transientImpactQuote).toBe(0);
    expect(p1!.feesQuote).toBeCloseTo(0.2, 12); // the fill without a fee counts as zero
    expect(p1!.opportunityQuote).toBeCloseTo(3 * (104 - 101), 12); // 9
    expect(p1!.shortfallQuote).toBeCloseTo(20.7, 12);
    expect(p1!.shortfallBps).toBeCloseTo((20.7 / (10 * 101)) * 1e4, 9); // 204.9505
    const avg1 = (4 * 102 + 3 * 103.5) / 7;
    expect(p1!.avgFillPrice).toBeCloseTo(avg1, 12);
    // not fully filled: the window is the whole horizon, bars 2, 3, 4
    const vwap1 = (30 * 101.5 + 40 * 102.5 + 50 * 103.5) / 120; // 12320 / 120
    expect(p1!.intervalVwap).toBeCloseTo(vwap1, 12);
    expect(p1!.vwapSlippageBps).toBeCloseTo(((avg1 - vwap1) / vwap1) * 1e4, 9);
    const twap1 = ((103 + 100 + 102) / 3 + (104 + 101 + 103) / 3 + (105 + 102 + 104) / 3) / 3;
    expect(p1!.twapSlippageBps).toBeCloseTo(((avg1 - twap1) / twap1) * 1e4, 9);
    expect(p1!.participationRate).toBeCloseTo(7 / 120, 12);
    // P2 (sell): A = close of bar 5 = 105, the fill at 6m30s: mid 105 (bar 5), price 104.5; s = −1
    expect(p2!.arrivalMid).toBe(105);
    expect(p2!.endMid).toBe(107);
    expect(p2!.temporaryImpactQuote).toBeCloseTo(-1 * (104.5 - 105) * 2, 12); // 1
    expect(p2!.timingQuote).toBeCloseTo(0, 12);
    expect(p2!.opportunityQuote).toBe(0);
    expect(p2!.shortfallQuote).toBeCloseTo(1.1, 12);
    expect(p2!.shortfallBps).toBeCloseTo((1.1 / 210) * 1e4, 9); // 52.381
    // fully filled: the active window ends at the close of the fill's bar (bar 6, 7m): VWAP (105 + 106)/2
    expect(p2!.vwapSlippageBps).toBeCloseTo((-(104.5 - 105.5) / 105.5) * 1e4, 9); // 94.79
    expect(p2!.participationRate).toBeCloseTo(2 / 70, 12);
    store.close();
  });

  it("gives markouts per fill, per parent and per run, stores them, and says which fees were missing", () => {
    const store = openDatabase(":memory:");
    storeHandCandles(store);
    const runId = importOwnOrdersFiles(store, path.join(dir, "parents.csv"), path.join(dir, "fills.csv"))
      .runs[0]!.runId;
    const t = postTradeTca(store, runId, { horizons: ["1m", "5m", "1h"] });
    expect(t.run.source).toBe("imported");
    expect(t.midModel).toBe("candles");
    expect(t.feesMissing).toBe(1);
    expect(t.parents.map((p) => p.feesMissing)).toEqual([1, 0]);
    expect(t.notes.join(" ")).toMatch(/1 fill\(s\) gave no fee/);
    const [p1, p2] = t.parents;
    // bps parts of P1 over Q·A = 1010
    expect(p1!.bps.timing).toBeCloseTo((6 / 1010) * 1e4, 9);
    expect(p1!.bps.impact).toBeCloseTo((5.5 / 1010) * 1e4, 9);
    expect(p1!.bps.opportunity).toBeCloseTo((9 / 1010) * 1e4, 9);
    expect(p1!.bps.total).toBeCloseTo((20.7 / 1010) * 1e4, 9);
    // run totals: Σ parts over Σ Q·A = 1010 + 210
    expect(t.totals.bps.total).toBeCloseTo((21.8 / 1220) * 1e4, 9);
    expect(t.totals.quote.fees).toBeCloseTo(0.3, 12);
    // 1m: P1 end 5m + 1m → bar 5 close 105; fills: 3m30s → bar 2 = 102 (ref 101), 5m → bar 4 = 104 (ref 103)
    const m1 = (105 - 101) / 101;
    const f1 = (4 * ((102 - 101) / 101) + 3 * ((104 - 103) / 103)) / 7;
    expect(p1!.markouts[0]).toMatchObject({ horizon: "1m", horizonMs: MIN });
    expect(p1!.markouts[0]!.parentBps).toBeCloseTo(m1 * 1e4, 9);
    expect(p1!.markouts[0]!.fillBps).toBeCloseTo(f1 * 1e4, 9);
    // P2 (sell): end 8m + 1m → bar 8 = 108 vs A = 105; the fill: 7m30s → bar 6 = 106 vs 105: both favourable
    expect(p2!.markouts[0]!.parentBps).toBeCloseTo((-(108 - 105) / 105) * 1e4, 9);
    expect(p2!.markouts[0]!.fillBps).toBeCloseTo((-(106 - 105) / 105) * 1e4, 9);
    // 5m: P1 end → 10m, bar 9 = 109 (the last close); fills: 7m30s → bar 6 = 106, 9m → bar 8 = 108.
    expect(p1!.markouts[1]!.parentBps).toBeCloseTo(((109 - 101) / 101) * 1e4, 9);
    expect(p1!.markouts[1]!.fillBps).toBeCloseTo(((4 * (5 / 101) + 3 * (5 / 103)) / 7) * 1e4, 9);
    // P2 at 5m: end 13m lies beyond the data (last close 10m): no parent markout; the fill at 6m30s + 5m too
    expect(p2!.markouts[1]!.parentBps).toBeNull();
    expect(p2!.markouts[1]!.fillBps).toBeNull();
    // 1h: nothing reaches that far: 2 parents + 3 fills missing
    expect(t.markouts[2]).toMatchObject({ horizon: "1h", parentBps: null, fillBps: null, missing: 5 });
    // run means over parents
    expect(t.markouts[0]!.parentBps).toBeCloseTo(((m1 + -(108 - 105) / 105) / 2) * 1e4, 9);
    expect(t.markouts[1]).toMatchObject({ parents: 1, parentsWithFills: 1, missing: 2 });
    // stored: per horizon, the parent row then its fills' rows
    const rows = readMarkouts(store, runId, [MIN]);
    expect(rows.map((r) => [r.level, r.parentId, r.seq])).toEqual([
      ["parent", "P1", 0],
      ["fill", "P1", 1],
      ["fill", "P1", 2],
      ["parent", "P2", 3],
      ["fill", "P2", 4],
    ]);
    expect(rows[1]!.markoutBps).toBeCloseTo(((102 - 101) / 101) * 1e4, 9);
    expect(rows[1]!.refMid).toBe(101);
    expect(rows[1]!.mid).toBe(102);
    // recomputing replaces, never duplicates
    postTradeTca(store, runId, { horizons: ["1m"] });
    expect(readMarkouts(store, runId)).toHaveLength(15);
    store.close();
  });

  it("stores the orders and fills so they load back as executions (for calibration), and re-import is idempotent", () => {
    const store = openDatabase(":memory:");
    storeHandCandles(store);
    const files = [path.join(dir, "parents.csv"), path.join(dir, "fills.csv")] as const;
    const first = importOwnOrdersFiles(store, ...files).runs[0]!;
    const count = (table: string) =>
      store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const before = ["runs", "parent_orders", "fills", "child_orders", "tca_results"].map(count);
    const again = importOwnOrdersFiles(store, ...files).runs[0]!;
    expect(again).toMatchObject({ runId: first.runId, created: false });
    expect(["runs", "parent_orders", "fills", "child_orders", "tca_results"].map(count)).toEqual(before);
    expect(before).toEqual([1, 2, 3, 3, 2 + 3]);
    const ex = loadRunExecutions(store, first.runId);
    expect(ex.map((e) => [e.parent.id, e.parent.side, e.arrivalMid, e.endMid, e.fills.length])).toEqual([
      ["P1", "buy", 101, 104, 2],
      ["P2", "sell", 105, 107, 1],
    ]);
    expect(
      ex[0]!.fills.map((f) => [f.timeMs, f.qtyBase, f.avgPrice, f.feeQuote, f.marketMid, f.venue]),
    ).toEqual([
      [T0 + 2.5 * MIN, 4, 102, 0.2, 101, "bybit"],
      [T0 + 4 * MIN, 3, 103.5, 0, 103, "bybit"],
    ]);
    store.close();
  });

  it("takes arrival_price from the file over the candle close", () => {
    const store = openDatabase(":memory:");
    storeHandCandles(store);
    const fills = path.join(dir, "fills-arrival.csv");
    writeFileSync(
      fills,
      [
        "parent_id,timestamp,side,qty,price,fee,arrival_price",
        `P2,${iso(T0 + 6.5 * MIN)},sell,2,104.5,0.1,104`,
      ].join("\n"),
    );
    const t = importOwnOrdersFiles(store, path.join(dir, "parents.csv"), fills).runs[0]!.tca;
    const p2 = t.find((x) => x.parentId === "P2")!;
    expect(p2.arrivalMid).toBe(104);
    // s = −1: execution −(104.5 − 104)·2 = −1 (sold above the decision price), timing −(105 − 104)·2 = −2
    expect(p2.shortfallQuote).toBeCloseTo(-1 + 0.1, 12);
    expect(p2.timingQuote).toBeCloseTo(-2, 12);
    store.close();
  });
});
