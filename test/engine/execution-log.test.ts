import { describe, expect, it } from "vitest";
import type { ExecutionResult, FillRecord } from "../../src/core/execution-types.js";
import {
  attachLazyRecords,
  ExecutionLog,
  STATUS_FILLED,
  STATUS_PARTIAL,
  STATUS_REJECTED,
} from "../../src/engine/execution-log.js";

function result(filled: number, price: number): ExecutionResult {
  return {
    requestedQtyBase: filled,
    filledQtyBase: filled,
    notionalQuote: filled * price,
    avgPrice: price,
    worstPrice: price + 1,
    levelsConsumed: 2,
    marketMid: price - 1,
    midBefore: price - 0.5,
    midAfter: price + 0.25,
    halfSpread: 0.5,
    permanentImpactBefore: 0.3,
    transientImpactBefore: 0.2,
  };
}

describe("ExecutionLog (columnar child orders and fills)", () => {
  it("materialises records with the engine's ids, fields and key order, across growth", () => {
    const log = new ExecutionLog("twap", "p1", "buy", 1);
    // 5 children force the capacity-1 columns to grow three times
    for (let k = 0; k < 5; k++) {
      log.addChild(
        k + 1,
        1000 * k,
        1000 * k + 10,
        k === 2 ? 99.5 : Number.NaN,
        k === 4 ? undefined : `s-${k}`,
      );
    }
    log.venueName = "book";
    log.addFill(0, 10, result(1, 100), 0.055);
    log.cFilled[0] = 1;
    log.cStatus[0] = STATUS_FILLED;
    log.addFill(2, 2010, result(1.5, 101), 0.083325);
    log.cFilled[2] = 1.5;
    log.cStatus[2] = STATUS_PARTIAL;
    log.cReason.set(2, "limit price 99.5");
    log.cStatus[3] = STATUS_REJECTED;
    log.cReason.set(3, "nothing executable");

    const children = log.childRecords();
    expect(children).toHaveLength(5);
    expect(Object.keys(children[2]!)).toEqual([
      "id",
      "parentId",
      "strategy",
      "side",
      "qtyBase",
      "submitMs",
      "arriveMs",
      "limitPrice",
      "tag",
      "filledQtyBase",
      "status",
      "reason",
    ]);
    expect(children[2]).toEqual({
      id: "twap:p1:2",
      parentId: "p1",
      strategy: "twap",
      side: "buy",
      qtyBase: 3,
      submitMs: 2000,
      arriveMs: 2010,
      limitPrice: 99.5,
      tag: "s-2",
      filledQtyBase: 1.5,
      status: "partial",
      reason: "limit price 99.5",
    });
    expect(children[0]!.limitPrice).toBeUndefined();
    expect(children[4]!.tag).toBeUndefined();
    expect(children.map((c) => c.status)).toEqual(["filled", "pending", "partial", "rejected", "pending"]);

    const fills = log.fillRecords();
    const expected: FillRecord = {
      childId: "twap:p1:2",
      parentId: "p1",
      strategy: "twap",
      venue: "book",
      side: "buy",
      timeMs: 2010,
      qtyBase: 1.5,
      avgPrice: 101,
      notionalQuote: 151.5,
      feeQuote: 0.083325,
      liquidity: "taker",
      marketMid: 100,
      midBefore: 100.5,
      midAfter: 101.25,
      halfSpread: 0.5,
      permanentImpactBefore: 0.3,
      transientImpactBefore: 0.2,
      levelsConsumed: 2,
    };
    expect(fills[1]).toEqual(expected);
    expect(Object.keys(fills[1]!)).toEqual(Object.keys(expected));
  });

  it("lazy records are enumerable, built once, and survive spread and JSON", () => {
    const log = new ExecutionLog("is", "p2", "sell");
    log.addChild(2, 0, 0, Number.NaN, "a");
    log.venueName = "none";
    log.addFill(0, 0, result(2, 50), 0.1);
    const e = { strategy: "is", children: [] as unknown[], fills: [] as unknown[], status: "completed" };
    attachLazyRecords(e, log);
    expect(Object.keys(e)).toEqual(["strategy", "children", "fills", "status"]);
    const first = e.children;
    expect(e.children).toBe(first); // materialised once
    expect(first).toHaveLength(1);
    const copy = { ...e };
    expect(copy.fills).toEqual(log.fillRecords());
    const json = JSON.parse(JSON.stringify(e));
    expect(json.children[0].id).toBe("is:p2:0");
    expect(json.fills[0].notionalQuote).toBe(100);
  });

  it("a frozen result still materialises its records (once)", () => {
    const log = new ExecutionLog("t", "p3", "buy");
    log.addChild(1, 0, 5, Number.NaN, undefined);
    const e = { children: [] as unknown[], fills: [] as unknown[] };
    attachLazyRecords(e, log);
    Object.freeze(e);
    const c = e.children;
    expect(c).toHaveLength(1);
    expect(e.children).toBe(c);
    expect(e.fills).toEqual([]);
  });
});
