/**
 * Bad orders / fills files: every bad row is named with file, line and field, and nothing is written.
 * (The CLI's exit code 2 for these is checked in test/cli/orders-tca.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExecsimError } from "../../src/core/errors.js";
import { importOwnOrdersFiles } from "../../src/experiment/import-own-orders.js";
import { readOwnOrders, readParentOrders } from "../../src/experiment/own-orders-file.js";
import { openDatabase } from "../../src/store/database.js";
import { FILLS_CSV, iso, MIN, PARENTS_CSV, storeHandCandles, T0 } from "../helpers/own-orders-fixtures.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "execsim-own-bad-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

/** The error importing (parents, fills) into a store holding the hand candles; asserts nothing was written. */
function importError(parents: string, fills: string): ExecsimError {
  const store = openDatabase(":memory:");
  storeHandCandles(store);
  try {
    importOwnOrdersFiles(store, write("p.csv", parents), write("f.csv", fills));
  } catch (e) {
    const counts = ["runs", "parent_orders", "fills", "tca_results"].map(
      (t) => store.sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number,
    );
    expect(counts).toEqual([0, 0, 0, 0]);
    store.close();
    expect(e).toBeInstanceOf(ExecsimError);
    return e as ExecsimError;
  }
  store.close();
  throw new Error("expected the import to fail");
}

const HEAD = "parent_id,timestamp,side,qty,price,fee";
const fill = (id: string, tMin: number, side: string, qty: string, price: string) =>
  `${id},${iso(T0 + tMin * MIN)},${side},${qty},${price},0`;

describe("orders import: bad rows", () => {
  it.each([
    [
      "a fill before its parent starts",
      fill("P1", 1.5, "buy", "1", "101"),
      "timestamp",
      /before parent P1 starts/,
    ],
    ["a fill after its parent ends", fill("P1", 5.5, "buy", "1", "101"), "timestamp", /after parent P1 ends/],
    [
      "a side that contradicts the parent",
      fill("P1", 3, "sell", "1", "101"),
      "side",
      /contradicts parent P1/,
    ],
    ["a non-positive price", fill("P1", 3, "buy", "1", "0"), "price", /must be > 0/],
    ["a non-positive quantity", fill("P1", 3, "buy", "-2", "101"), "qty", /must be > 0/],
    ["an unknown parent", fill("P9", 3, "buy", "1", "101"), "parent_id", /no parent order "P9"/],
    ["a bad number", fill("P1", 3, "buy", "1", "10x1"), "price", /not a finite decimal/],
  ])("%s names file, line and field", (_what, row, field, msg) => {
    const e = importError(PARENTS_CSV, [HEAD, fill("P1", 2.5, "buy", "1", "101"), row].join("\n"));
    expect(e.code === "VALIDATION_ERROR" || e.code === "PARSE_ERROR").toBe(true);
    expect(e.message).toContain(`${path.join(dir, "f.csv")}, line 3, field ${field}`);
    expect(e.message).toMatch(msg);
    expect(e.message).toContain("nothing was written");
  });

  it("fills summing above the parent name the fill that crosses it", () => {
    const e = importError(
      PARENTS_CSV,
      [
        HEAD,
        fill("P2", 6.5, "sell", "1.5", "104"),
        fill("P2", 7, "sell", "0.5", "104"),
        fill("P2", 7.5, "sell", "0.25", "104"),
      ].join("\n"),
    );
    expect(e.message).toContain("f.csv, line 4, field qty");
    expect(e.message).toMatch(/sum to 2.25 here, above its qty 2/);
    expect(e.message).not.toContain("line 3,");
  });

  it("an unknown symbol names the parent's line and the symbol field", () => {
    const parents = `${PARENTS_CSV}\nP3,NOPE,buy,1,${iso(T0 + 2 * MIN)},${iso(T0 + 3 * MIN)}`;
    const e = importError(parents, FILLS_CSV);
    expect(e.code).toBe("VALIDATION_ERROR");
    expect(e.message).toContain(
      `${path.join(dir, "p.csv")}, line 4, field symbol: no candles stored for NOPE`,
    );
  });

  it("a parent with no bar closed before its start names the start field", () => {
    const parents = `${PARENTS_CSV}\nP0,TEST,buy,1,${iso(T0 + 0.5 * MIN)},${iso(T0 + 3 * MIN)}`;
    const e = importError(parents, FILLS_CSV);
    expect(e.message).toContain("p.csv, line 4, field start: no TEST candle closes at or before");
  });

  it("a parent that ends after the stored candles names the end field", () => {
    const parents = `${PARENTS_CSV}\nP9,TEST,buy,1,${iso(T0 + 8 * MIN)},${iso(T0 + 12 * MIN)}`;
    const e = importError(parents, FILLS_CSV);
    expect(e.message).toContain(
      "p.csv, line 4, field end: the stored TEST candles end at 2024-03-01T00:10:00",
    );
  });

  it("lists every bad row at once, in the files' order", () => {
    const e = importError(
      PARENTS_CSV.replace("P2,TEST,sell,2", "P2,TEST,hold,2"),
      [HEAD, fill("P1", 3, "buy", "0", "101"), fill("P1", 9, "buy", "1", "101")].join("\n"),
    );
    expect(e.message).toMatch(/3 problem\(s\)/);
    expect(e.message).toContain("p.csv, line 3, field side");
    expect(e.message).toContain("f.csv, line 2, field qty");
    expect(e.message).toContain("f.csv, line 3, field timestamp");
  });

  it("parent rows: end after start, unique ids, required fields, unknown columns", () => {
    const bad = (text: string) => {
      try {
        readOwnOrders(write("bad.csv", text), write("f.csv", HEAD));
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error("expected an error");
    };
    const head = "parent_id,symbol,side,qty,start,end";
    expect(bad(`${head}\nA,TEST,buy,1,${iso(T0 + 3 * MIN)},${iso(T0 + 2 * MIN)}`)).toMatch(
      /line 2, field end: must be after start/,
    );
    expect(
      bad(`${head}\nA,TEST,buy,1,${iso(T0)},${iso(T0 + MIN)}\nA,TEST,buy,1,${iso(T0)},${iso(T0 + MIN)}`),
    ).toMatch(/line 3, field parent_id: "A" is already used at line 2/);
    expect(bad(`${head}\nA,,buy,1,${iso(T0)},${iso(T0 + MIN)}`)).toMatch(/line 2, field symbol: missing/);
    expect(bad(`${head},colour\nA,TEST,buy,1,${iso(T0)},${iso(T0 + MIN)},red`)).toMatch(
      /line 1: unknown column "colour"/,
    );
  });

  it("a fill that leaves its side empty takes its parent's", () => {
    const parents = write("p-side.csv", PARENTS_CSV);
    const fills = write(
      "f-side.csv",
      ["parent_id,timestamp,qty,price", `P2,${iso(T0 + 6.5 * MIN)},2,104.5`].join("\n"),
    );
    expect(readOwnOrders(parents, fills).fills.map((f) => f.side)).toEqual(["sell"]);
  });

  it("reads one combined file with a kind column, and the same orders from JSON with lines", () => {
    const combined = write(
      "all.csv",
      [
        "kind,parent_id,symbol,side,qty,start,end,timestamp,price,fee",
        `parent,P1,TEST,buy,10,${iso(T0 + 2 * MIN)},${iso(T0 + 5 * MIN)},,,`,
        `fill,P1,,buy,4,,,${iso(T0 + 2.5 * MIN)},102,0.2`,
      ].join("\n"),
    );
    const a = readOwnOrders(combined);
    expect(a.parents.map((p) => [p.id, p.qtyBase, p.source.line])).toEqual([["P1", 10, 2]]);
    expect(a.fills.map((f) => [f.parentId, f.price, f.feeQuote, f.source.line])).toEqual([
      ["P1", 102, 0.2, 3],
    ]);
    const json = write(
      "all.json",
      JSON.stringify(
        {
          parents: [
            {
              parent_id: "P1",
              symbol: "TEST",
              side: "buy",
              qty: 10,
              start: iso(T0 + 2 * MIN),
              end: iso(T0 + 5 * MIN),
            },
          ],
          fills: [
            { parent_id: "P1", timestamp: iso(T0 + 2.5 * MIN), side: "buy", qty: 4, price: 102, fee: 0.2 },
            { parent_id: "P1", timestamp: iso(T0 + 9 * MIN), side: "buy", qty: 1, price: 102 },
          ],
        },
        null,
        2,
      ),
    );
    // the second fill's object opens on line 21 of the pretty-printed file
    expect(() => readOwnOrders(json)).toThrow(/all\.json, line 21, field timestamp: .* after parent P1 ends/);
    // a root array of records with a kind field, one object per line (strings with braces do not count)
    const arr = write(
      "arr.json",
      [
        "[",
        `{"kind": "parent", "parent_id": "P{1}", "symbol": "TEST", "side": "buy", "qty": 10, "start": "${iso(T0 + 2 * MIN)}", "end": "${iso(T0 + 5 * MIN)}"},`,
        `{"kind": "fill", "parent_id": "P{1}", "timestamp": "${iso(T0 + 2.5 * MIN)}", "side": "buy", "qty": 4, "price": 102},`,
        `{"kind": "fill", "parent_id": "P{1}", "timestamp": "${iso(T0 + 3 * MIN)}", "side": "sell", "qty": 1, "price": 102}`,
        "]",
      ].join("\n"),
    );
    expect(() => readOwnOrders(arr)).toThrow(/arr\.json, line 4, field side: sell contradicts parent P\{1\}/);
    // compare --parents reads only the parent rows of a combined file
    expect(readParentOrders(combined).map((p) => p.id)).toEqual(["P1"]);
  });
});
